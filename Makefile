# Task Force e-Guide: every task goes through this file. `make` lists the targets.
# PYTHON=/path/to/python uses that interpreter as is (no virtual environment is created).

SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
ENGINE ?= mkdocs
# LOCAL=path/to/overlay builds, serves, checks, prints or zips a local edition (see CONTRIBUTING.md).
LOCAL ?=
LOCAL_ARG := $(if $(LOCAL),--local "$(LOCAL)")
EXAMPLE_LOCAL := examples/local-edition

# `make build` installs only what building needs (requirements.txt, npm dependencies); `make test` and
# `make bench` add the test tools (requirements-test.txt) and the npm devDependencies (HTML checker, Lighthouse).
ifdef PYTHON
PY := $(PYTHON)
PY_DEPS :=
PY_TEST_DEPS :=
else
PY := $(VENV)/bin/python
PY_DEPS := $(VENV)/.stamp
PY_TEST_DEPS := $(VENV)/.stamp-test
endif
NODE_DEPS := node_modules/.stamp
NODE_DEV_DEPS := node_modules/.stamp-dev
export NO_MKDOCS_2_WARNING := 1
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: help serve build check stale test lint unit browser pdf offline bench deps test-deps chromium clean

help: ## Show this list of targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-9s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(VENV)/.stamp: requirements.txt
	@echo "Setting up $(VENV) from requirements.txt (what building needs) ..."
	@test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	@$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.stamp-test: $(VENV)/.stamp requirements-test.txt
	@echo "Adding the test tools from requirements-test.txt ..."
	@$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@touch $@

# The build needs only the vendored assets (npm dependencies). Once the devDependencies are in, keep them:
# `npm install --omit=dev` would remove them again.
$(NODE_DEPS): package.json package-lock.json
	@if [ -f $(NODE_DEV_DEPS) ] && [ $(NODE_DEV_DEPS) -nt package-lock.json ] && [ $(NODE_DEV_DEPS) -nt package.json ]; then :; else \
	  echo "Installing the vendored front-end assets from package-lock.json ..."; \
	  npm install --omit=dev --no-audit --no-fund --ignore-scripts --loglevel=error; fi
	@touch $@

$(NODE_DEV_DEPS): package.json package-lock.json
	@echo "Installing the HTML checker and Lighthouse (npm devDependencies) from package-lock.json ..."
	@npm install --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@ $(NODE_DEPS)

deps: $(PY_DEPS) $(NODE_DEPS) ## Install the pinned dependencies the build needs (done by every target)

test-deps: deps $(PY_TEST_DEPS) $(NODE_DEV_DEPS) ## Add the pinned test and benchmark tools (done by test and bench)

chromium: ## Install Debian's Chromium, Poppler and Java (the HTML checker) for the tests if they are missing
	@{ command -v chromium && command -v pdftoppm && command -v java; } >/dev/null || { \
	  echo "Installing chromium, poppler-utils and default-jre-headless (Debian packages) ..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils default-jre-headless >/dev/null; }

serve: deps ## Build and serve the site with live reload on http://127.0.0.1:8000
	$(PY) -m scripts $(LOCAL_ARG) serve

build: deps ## Build the complete site strictly into site/ (pages, PDFs, packets, CSV)
	$(PY) -m scripts $(LOCAL_ARG) build --engine $(ENGINE)

check: deps ## Validate links, anchors, front matter, checklists, glossary and terminology
	$(PY) -m scripts $(LOCAL_ARG) check

stale: deps ## List pages past their review date and facts not checked within their interval (most overdue first)
	$(PY) -m scripts stale

pdf: deps ## Write the checklist PDFs, role packets and CSV into site/printables/
	$(PY) -m scripts $(LOCAL_ARG) print

offline: build ## Zip the built site into dist/ for reading without a server or network
	$(PY) -m scripts $(LOCAL_ARG) offline

lint: test-deps ## Lint the Python code with ruff
	$(PY) -m ruff check scripts tests

test: test-deps chromium ## Everything CI checks: lint, check, strict build, unit and browser tests
	$(PY) -m ruff check scripts tests
	$(PY) -m scripts check
	$(PY) -m scripts --local $(EXAMPLE_LOCAL) check
	$(PY) -m scripts build --engine $(ENGINE)
	$(PY) -m pytest

bench: test-deps chromium ## Print the benchmark figures (validator, printables, Lighthouse)
	$(PY) -m scripts bench

clean: ## Remove built output and caches (keeps the virtual environment)
	rm -rf site site.old .site-* dist .cache .pytest_cache .ruff_cache
