"""The fictional local edition (examples/local-edition) in Chromium: the pages it adds to or changes are clean
and accessible in light and dark, at desktop and phone width, like every national page; screenshots of its
home page and Getting help at 375 px go to .cache/screenshots/ for people to look at."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from browser.browser_support import SCHEMES, WIDTHS, PageWatch, describe, run_axe

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "local-edition"
SITE = ROOT / ".cache" / "site-local-edition"
ORIGIN = "http://127.0.0.1"  # answered from the built folder by Playwright, never contacted
PAGES = ("index.html", "getting-help.html", "understanding/state-law.html", "local/our-protocol.html",
         "local/state-law-in-example-state.html", "checklists/first-contact-and-intake.html", "reference/glossary.html")


@pytest.fixture(scope="session")
def local_site() -> Path:
    """The example built once per test run (the xdist workers share it under a lock)."""
    from scripts.build import build_site

    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", str(os.getppid()))
    marker = SITE / ".test-run"
    SITE.parent.mkdir(parents=True, exist_ok=True)
    with (ROOT / ".cache" / "site-local-edition.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (marker.is_file() and marker.read_text() == run):
            assert build_site(ROOT, SITE, "mkdocs", printables=False, local=EXAMPLE) == 0
            marker.write_text(run)
    return SITE


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page_path", PAGES, ids=lambda p: p.removesuffix(".html"))
def test_local_edition_page_is_clean_and_accessible(chromium, local_site, page_path, scheme, width, artifacts):
    context = chromium.new_context(color_scheme=scheme, viewport={"width": width, "height": 800}, service_workers="block")
    try:
        watch = PageWatch(context, ORIGIN, files=local_site)
        response = watch.goto(page_path)
        assert response is not None and response.status == 200
        assert "Fictional Valley Task Force edition" in watch.page.title()
        scroll_width, inner_width = watch.page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert scroll_width <= inner_width, f"{page_path} ({scheme}, {width}px) scrolls sideways"
        violations = run_axe(watch.page)
        if width == 375 and scheme == "light" and page_path in ("index.html", "getting-help.html"):
            watch.page.screenshot(path=str(artifacts / f"local-{page_path.removesuffix('.html')}-375.png"), full_page=True)
        problems = watch.stop_watching()
        report = ([f"{len(violations)} axe violation(s):\n{describe(violations)}"] if violations else []) + problems
        assert not report, f"{page_path} ({scheme}, {width}px):\n" + "\n".join(report)
    finally:
        context.close()
