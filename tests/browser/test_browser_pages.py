"""Every built page, in light and dark, at desktop and phone width: no console errors, no failed requests,
no request to any host but the local server, and no axe-core violation of WCAG 2.0/2.1/2.2 A and AA."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_support import SCHEMES, WIDTHS, describe, ensure_site, run_axe, site_pages, sitemap_pages

ROOT = Path(__file__).resolve().parents[2]


def pytest_generate_tests(metafunc):
    if "page_path" in metafunc.fixturenames:
        pages = site_pages(ensure_site(ROOT))
        metafunc.parametrize("page_path", pages, ids=[p.removesuffix(".html") for p in pages])


def test_the_page_list_is_the_whole_site(built_site, pages):
    """The parametrized list walks the file tree; the sitemap must list every page but the 404 page."""
    assert len(pages) >= 40, f"only {len(pages)} pages in site/: is the build complete?"
    assert "index.html" in pages and "404.html" in pages
    assert sitemap_pages(built_site) == sorted(p for p in pages if p != "404.html")


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("scheme", SCHEMES)
def test_page_is_clean_and_accessible(page_path, scheme, width, open_page, site_server):
    watch = open_page(scheme, width)
    response = watch.goto(site_server.url(page_path))
    assert response is not None and response.status == 200, f"{page_path}: HTTP {response and response.status}"
    # Material picks the palette whose media query matches prefers-color-scheme; prove the scheme under test is shown.
    shown = watch.page.locator("body").get_attribute("data-md-color-scheme")
    assert shown == SCHEMES[scheme], f"{page_path}: expected the {scheme} palette ({SCHEMES[scheme]}), the page shows {shown}"
    assert watch.page.evaluate("document.documentElement.lang") == "en"
    violations = run_axe(watch.page)
    watch.page.wait_for_load_state("networkidle")
    problems = watch.stop_watching()
    report = []
    if violations:
        report.append(f"{len(violations)} axe violation(s):\n{describe(violations)}")
    if problems:
        report.append("\n".join(problems))
    assert not report, f"{page_path} ({scheme}, {width}px):\n" + "\n".join(report)
