"""Browser tests: the built site/ served on 127.0.0.1 and driven with Playwright in Debian's Chromium.

Fixtures (one set per pytest-xdist worker):

- ``built_site``: the already-built ``site/`` (``make test`` builds it first); built here only if it is missing.
- ``site_server``: ``python -m http.server`` on 127.0.0.1 with a free port, stopped by its PID afterwards.
- ``chromium``: one headless Chromium (``/usr/bin/chromium``, never a downloaded browser).
- ``open_page``: a factory of pages in fresh contexts (colour scheme, viewport) that record console errors,
  page errors, failed requests and every request, and abort any request that would leave the local server.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from browser.browser_support import CHROMIUM, LAUNCH_ARGS, PageWatch, ensure_site, site_pages

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in item.nodeid.replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def built_site() -> Path:
    return ensure_site(ROOT)


@pytest.fixture(scope="session")
def pages(built_site) -> list[str]:
    return site_pages(built_site)


class Server:
    def __init__(self, root: Path):
        self.root = root
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", str(root)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True,
        )
        self.pid = self.process.pid
        line = self.process.stdout.readline()
        match = re.search(r"port (\d+)", line)
        if not match:
            self.stop()
            raise RuntimeError(f"http.server did not start: {line!r}")
        self.port = int(match.group(1))
        self.origin = f"http://127.0.0.1:{self.port}"
        self.base = self.origin + "/"

    def url(self, path: str) -> str:
        return self.base + path.lstrip("/")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.kill(self.pid, signal.SIGKILL)
                self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


@pytest.fixture(scope="session")
def site_server(built_site):
    server = Server(built_site)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run 'make chromium' (installs Debian's chromium package)")
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def chromium(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
    yield browser
    browser.close()


INSTANT_ORIGIN = "http://127.0.0.1"  # port 80: answered from site/ by Playwright, never contacted


@pytest.fixture
def open_page(chromium, site_server, built_site):
    """``open_page(scheme, width)`` -> a PageWatch on the local server, in a fresh context closed after the test.

    ``instant=True`` answers ``http://127.0.0.1/`` from site/ instead, so instant navigation is active (see PageWatch);
    ``origin="file://"`` is for pages opened from disk.
    """
    contexts = []

    def factory(scheme: str = "light", width: int = 1280, height: int = 800, origin: str | None = None,
                instant: bool = False, **options):
        context = chromium.new_context(
            color_scheme=scheme, viewport={"width": width, "height": height}, service_workers="block", **options
        )
        contexts.append(context)
        if instant:
            return PageWatch(context, INSTANT_ORIGIN, files=built_site)
        return PageWatch(context, origin or site_server.origin)

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def shared_contexts(chromium):
    """One context per colour scheme and width for the page-by-page sweep, which only reads pages.

    Each test still gets its own page with its own recording; sharing the context saves creating ~250 of them.
    """
    contexts = {}

    def get(scheme: str, width: int):
        if (scheme, width) not in contexts:
            contexts[scheme, width] = chromium.new_context(
                color_scheme=scheme, viewport={"width": width, "height": 800}, service_workers="block"
            )
        return contexts[scheme, width]

    yield get
    for context in contexts.values():
        context.close()


@pytest.fixture
def sweep_page(shared_contexts, site_server):
    """``sweep_page(scheme, width)`` -> a PageWatch in the shared context; the page closes after the test."""
    watches = []

    def factory(scheme: str, width: int) -> PageWatch:
        watch = PageWatch(shared_contexts(scheme, width), site_server.origin)
        watches.append(watch)
        return watch

    yield factory
    for watch in watches:
        watch.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Screenshots for people to look at (not compared by the tests): .cache/screenshots/."""
    path = ROOT / ".cache" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path

