"""Glossary terms on a touch screen: a tap shows the definition in place (no jump to the glossary), the
popover is reachable by keyboard and screen reader and Escape closes it; tooltips are readable; the
glossary page has a letter index on phones."""

from __future__ import annotations

from browser.browser_support import describe, run_axe

PAGE = "understanding/federal-law.html"
TOUCH = {"has_touch": True, "is_mobile": True}


def test_a_tap_on_a_term_shows_its_definition_in_place(open_page):
    watch = open_page("light", 375, height=812, **TOUCH)
    watch.goto(PAGE)
    page = watch.page
    term = page.locator("a.glossary-term").first
    name = term.inner_text().strip()
    term.scroll_into_view_if_needed()
    term.tap()
    page.wait_for_timeout(300)
    assert page.url.endswith(PAGE), f"the tap left the page for {page.url}"
    popover = page.get_by_role("dialog", name=f"Definition of {name}")
    assert popover.is_visible()
    text = popover.inner_text()
    assert len(text) > len(name) + 20, text  # the definition itself, not only the term
    assert term.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.classList.contains('glossary-pop')"), "focus did not move to it"
    assert not page.locator(".md-tooltip2--active").is_visible(), "Material's tooltip covers the popover"
    size = float(page.evaluate("parseFloat(getComputedStyle(document.querySelector('.glossary-pop')).fontSize)"))
    assert size >= 14, size
    violations = run_axe(page)
    assert not violations, describe(violations)
    entry = popover.get_by_role("link", name="Glossary entry")
    assert "reference/glossary.html#" in entry.get_attribute("href")
    page.keyboard.press("Escape")
    assert not popover.is_visible()
    assert term.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('glossary-term')"), "focus did not return"
    # A second tap on another term replaces the first popover; Close closes it.
    term.tap()
    page.get_by_role("button", name="Close").tap()
    assert page.locator(".glossary-pop").count() == 0
    problems = watch.stop_watching()
    assert not problems, "\n".join(problems)


def test_with_a_mouse_the_term_still_links_and_the_tooltip_is_readable(open_page):
    watch = open_page("light", 1280)
    watch.goto(PAGE)
    page = watch.page
    term = page.locator("a.glossary-term").first
    term.hover()
    page.wait_for_selector(".md-tooltip2--active .md-tooltip2__inner", timeout=5000)
    size = float(page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.md-tooltip2--active .md-tooltip2__inner')).fontSize)"))
    assert size >= 14, f"tooltip text is {size}px"
    term.click()
    page.wait_for_url("**/reference/glossary.html#*")
    assert page.locator(".glossary-pop").count() == 0


def test_the_glossary_page_has_a_letter_index_on_phones(open_page):
    watch = open_page("light", 375, height=812, **TOUCH)
    watch.goto("reference/glossary.html")
    page = watch.page
    index = page.get_by_role("navigation", name="Glossary letters")
    assert index.is_visible()
    letters = index.get_by_role("link")
    headings = page.locator("h2[id^='letter-']").count()
    assert letters.count() == headings and headings > 10
    box = index.bounding_box()
    assert box and box["y"] < 812 * 2, "the letter index is not near the top"
    letters.nth(2).tap()
    page.wait_for_timeout(300)
    target = page.evaluate("location.hash")
    assert target.startswith("#letter-")
    assert page.evaluate(f"document.querySelector('{target}').getBoundingClientRect().top") < 300
    violations = run_axe(page)
    assert not violations, describe(violations)
