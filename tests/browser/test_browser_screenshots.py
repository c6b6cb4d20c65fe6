"""Screenshots for people to look at (saved in .cache/screenshots/), with the checks a glance would make."""

from __future__ import annotations


def _luminance(page) -> float:
    """Relative luminance (0 black .. 1 white) of the page background."""
    rgb = page.evaluate("""() => getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).slice(0, 3).map(Number)""")
    linear = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_home_in_light_and_dark(open_page, artifacts):
    for scheme, check in (("light", lambda v: v > 0.8), ("dark", lambda v: v < 0.05)):
        watch = open_page(scheme, 1280)
        watch.goto("index.html")
        assert check(_luminance(watch.page)), f"{scheme} background luminance {_luminance(watch.page):.2f}"
        watch.page.screenshot(path=artifacts / f"home-{scheme}.png")
        assert not watch.stop_watching()


def test_chapter_on_a_phone(open_page, artifacts):
    watch = open_page("light", 375, height=812)
    watch.goto("operating/protocols.html")
    page = watch.page
    assert page.locator(".md-sidebar--primary").bounding_box()["x"] < 0, "the navigation drawer should start closed"
    assert page.locator("article h1").bounding_box()["x"] >= 0
    page.screenshot(path=artifacts / "chapter-375.png")
    page.screenshot(path=artifacts / "chapter-375-full.png", full_page=True)
    assert not watch.stop_watching()


def test_checklist_page(open_page, artifacts):
    watch = open_page("light", 1280, height=1000)
    watch.goto("checklists/drafting-mous.html")
    page = watch.page
    page.locator("ul.checklist input[type=checkbox]").first.check()
    assert page.locator("[data-checklist-toolbar]").is_visible()
    page.screenshot(path=artifacts / "checklist.png")
    assert not watch.stop_watching()
