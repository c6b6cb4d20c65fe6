"""Every built page, in light and dark, at desktop and phone width: no console errors, no failed requests,
no request to any host but the local server, and no axe-core violation of WCAG 2.0/2.1/2.2 A and AA."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser.browser_support import SCHEMES, WIDTHS, describe, ensure_site, run_axe, site_pages, sitemap_pages, wait_js

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
def test_page_is_clean_and_accessible(page_path, scheme, width, sweep_page):
    watch = sweep_page(scheme, width)
    response = watch.goto(page_path)
    assert response is not None and response.status == 200, f"{page_path}: HTTP {response and response.status}"
    # Material picks the palette whose media query matches prefers-color-scheme; prove the scheme under test is shown.
    shown = watch.page.locator("body").get_attribute("data-md-color-scheme")
    assert shown == SCHEMES[scheme], f"{page_path}: expected the {scheme} palette ({SCHEMES[scheme]}), the page shows {shown}"
    assert watch.page.evaluate("document.documentElement.lang") == "en"
    # Reflow (WCAG 1.4.10): nothing makes the page scroll sideways; wide tables scroll inside their own box.
    scroll_width, inner_width = watch.page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert scroll_width <= inner_width, f"{page_path} ({scheme}, {width}px) scrolls sideways: {scroll_width}px wide"
    violations = run_axe(watch.page)
    watch.page.wait_for_load_state("networkidle")  # the search index, fetched by a worker after load
    problems = watch.stop_watching()
    report = []
    if violations:
        report.append(f"{len(violations)} axe violation(s):\n{describe(violations)}")
    if problems:
        report.append("\n".join(problems))
    assert not report, f"{page_path} ({scheme}, {width}px):\n" + "\n".join(report)


# The checks above must be able to fail: each harness check is shown a real problem once.


def test_axe_reports_a_real_violation(open_page):
    watch = open_page("light", 1280)
    watch.goto("index.html")
    watch.page.evaluate("""() => {
        const img = document.createElement('img');  // an image without alt text
        img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
        document.querySelector('article').appendChild(img);
        document.querySelector('article p').style.color = '#bbbbbb';  // low contrast on white
    }""")
    found = {v["id"] for v in run_axe(watch.page)}
    assert {"image-alt", "color-contrast"} <= found, found


def test_a_request_to_another_host_is_caught_and_blocked(open_page):
    watch = open_page("light", 1280)
    watch.goto("index.html")
    watch.page.evaluate("fetch('https://fonts.example.com/font.woff2').catch(() => null)")
    watch.page.wait_for_timeout(200)
    assert any("fonts.example.com" in p for p in watch.stop_watching())


def test_console_errors_and_missing_files_are_caught(open_page):
    watch = open_page("light", 1280)
    watch.goto("index.html")
    watch.page.evaluate("console.error('broken'); fetch('assets/missing.js').catch(() => null)")
    watch.page.wait_for_timeout(200)
    problems = " ".join(watch.stop_watching())
    assert "console error: broken" in problems and "missing.js -> HTTP 404" in problems


# What the sweep cannot see on a freshly loaded page: the open navigation drawer and the search results.


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_open_navigation_drawer_is_accessible(scheme, open_page):
    watch = open_page(scheme, 375)
    watch.goto("operating/protocols.html")
    page = watch.page
    page.get_by_role("button", name="Navigation menu").click()
    wait_js(page, "document.getElementById('__drawer').checked")
    page.wait_for_timeout(400)  # the slide
    for pane in ("the chapter pane", "the main menu"):
        violations = run_axe(page)
        assert not violations, f"drawer open on {pane} ({scheme}):\n{describe(violations)}"
        if pane == "the chapter pane":
            page.locator(".md-nav.a11y-pane-top > label.md-nav__title").click()  # back to the main menu
            page.wait_for_timeout(400)
    problems = watch.stop_watching()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: f"{w}px")
@pytest.mark.parametrize("scheme", SCHEMES)
def test_search_results_are_accessible(scheme, width, open_page):
    watch = open_page(scheme, width)
    watch.goto("index.html")
    page = watch.page
    if width < 960:
        page.locator("label.md-header__button[for='__search']").click()
    else:
        page.locator("input.md-search__input").click()
    page.keyboard.type("debt bondage", delay=15)
    page.wait_for_selector(".md-search-result__item", state="visible")
    page.wait_for_timeout(500)
    more = page.locator("details.md-search-result__more > summary")
    if more.count():
        more.first.click()  # "N more on this page"
    violations = run_axe(page)
    assert not violations, f"search results ({scheme}, {width}px):\n{describe(violations)}"
    problems = watch.stop_watching()
    assert not problems, "\n".join(problems)
