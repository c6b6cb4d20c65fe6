"""A lighter first build: requirements.txt holds only what building needs; the test tools are in
requirements-test.txt, which includes it; npm installs only the vendored asset for a build."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST_TOOLS = {"pytest", "pytest-xdist", "playwright", "axe-playwright-python", "ruff", "execnet", "iniconfig",
              "pluggy", "greenlet"}


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "-r")):
            package, _, version = line.partition("==")
            assert version, f"{name}: {line!r} is not an exact pin"
            pins[re.sub(r"[-_.]+", "-", package).lower()] = version
    return pins


def test_build_requirements_hold_no_test_tools_and_test_requirements_add_them():
    build, test = _pins("requirements.txt"), _pins("requirements-test.txt")
    assert not TEST_TOOLS & set(build), TEST_TOOLS & set(build)
    assert TEST_TOOLS <= set(test)
    assert not set(build) & set(test), "a package is pinned twice"
    assert "-r requirements.txt" in (ROOT / "requirements-test.txt").read_text(encoding="utf-8")
    for needed in ("mkdocs", "mkdocs-material", "weasyprint", "pypdf", "jinja2", "pyyaml", "jsonschema"):
        assert needed in build, needed


def test_the_build_imports_nothing_from_the_test_requirements():
    build_modules = [p for p in (ROOT / "scripts").glob("*.py")]
    imported = set()
    for path in build_modules:
        for match in re.finditer(r"^\s*(?:from|import)\s+([a-zA-Z_][\w]*)", path.read_text(encoding="utf-8"), re.MULTILINE):
            imported.add(match.group(1).lower())
    assert not imported & {"pytest", "playwright", "axe_playwright_python", "ruff", "xdist"}, imported


def test_npm_build_dependencies_are_only_the_vendored_assets():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert set(package["dependencies"]) == {"iframe-worker"}
    assert {"lighthouse", "vnu-jar"} <= set(package["devDependencies"])
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "npm install --omit=dev" in makefile
    assert re.search(r"^build: deps ", makefile, re.MULTILINE) and re.search(r"^test: test-deps ", makefile, re.MULTILINE)
