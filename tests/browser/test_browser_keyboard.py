"""Keyboard alone: a skip link, visible focus at every stop, and search, navigation and a checklist that work without a mouse."""

from __future__ import annotations

import pytest

from browser.browser_support import focus_info, tab_until, wait_js

CHAPTER = "operating/protocols.html"
CHECKLIST = "checklists/drafting-mous.html"
MENU = 'button.md-header__button[aria-label="Navigation menu"]'  # a11y.js puts it in place of Material's label


def _clean(watch):
    problems = watch.stop_watching()
    assert not problems, "\n".join(problems)


MODES = pytest.mark.parametrize("instant", [False, True], ids=["page-loads", "instant-navigation"])


def _after_navigation(page, instant: bool):
    """Where keyboard focus starts on the new page: its title (instant navigation), or the top (a page load)."""
    if instant:
        wait_js(page, "document.activeElement.matches('article h1')")
    else:
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.matches('a.md-skip')"), focus_info(page)


@MODES
def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(instant, open_page):
    watch = open_page("light", 1280, instant=instant)
    watch.goto(CHAPTER)
    page = watch.page
    page.keyboard.press("Tab")
    info = focus_info(page)
    assert info["ok"], f"the first Tab stop must be a visible skip link: {info}"
    assert page.evaluate("document.activeElement.matches('a.md-skip')"), info
    assert "skip to content" in info["what"].lower()
    target = page.evaluate("document.activeElement.hash").lstrip("#")
    assert target, "the skip link has no target"
    assert page.evaluate("id => document.getElementById(id).matches('article h1')", target), "skip link must go to the page title"
    page.keyboard.press("Enter")
    wait_js(page, "id => document.activeElement === document.getElementById(id)"
                           " && document.activeElement.getBoundingClientRect().top < 200", arg=target)
    # The next Tab continues from the page title: inside the article, past header and navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('article.md-content__inner')"), focus_info(page)
    assert focus_info(page)["ok"], focus_info(page)
    _clean(watch)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_is_visible_at_every_stop_on_desktop(scheme, open_page):
    watch = open_page(scheme, 1280)
    watch.goto(CHAPTER)
    stops = []
    for _ in range(200):  # header, the whole menu (eight chapters), then the page's own links
        watch.page.keyboard.press("Tab")
        stops.append(focus_info(watch.page))
    hidden = [s for s in stops if s.get("focused") and not s["ok"]]
    assert not hidden, "focus not visible at:\n" + "\n".join(map(str, hidden))
    assert sum(1 for s in stops if s.get("focused")) >= 180
    # The stops reached the header, the navigation and the page content.
    kinds = " ".join(s["what"] for s in stops)
    assert "md-search__input" in kinds and "md-nav__link" in kinds and "headerlink" in kinds or "glossary-term" in kinds
    _clean(watch)


def test_focus_is_visible_at_every_stop_on_a_phone(open_page):
    """At 375 px the navigation is a drawer: closed, its links are not tab stops; open, only its top pane is."""
    watch = open_page("light", 375)
    watch.goto(CHAPTER)
    stops = []
    for _ in range(30):
        watch.page.keyboard.press("Tab")
        stops.append(focus_info(watch.page))
    hidden = [s for s in stops if s.get("focused") and not s["ok"]]
    assert not hidden, "focus not visible (or off screen) at:\n" + "\n".join(map(str, hidden))
    assert not any("md-nav__link" in s["what"] for s in stops), "links of the closed drawer are tab stops"
    _clean(watch)


@MODES
def test_drawer_navigation_with_the_keyboard_on_a_phone(instant, open_page):
    watch = open_page("light", 375, instant=instant)
    watch.goto(CHAPTER)
    page = watch.page
    tab_until(page, f"el.matches('{MENU}')", limit=5, check_visible=True)
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "false"
    page.keyboard.press("Enter")
    wait_js(page, "document.getElementById('__drawer').checked")
    page.wait_for_timeout(300)  # the drawer slides in
    # Focus moved into the drawer's top pane (the current chapter) and stays visible there.
    assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"), focus_info(page)
    assert focus_info(page)["ok"], focus_info(page)
    # Back to the main menu, then into another chapter.
    tab_until(page, "el.matches('label.md-nav__title[role=button]')", limit=15, key="Shift+Tab", check_visible=True)
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    info = focus_info(page)
    assert info["ok"], info
    # A chapter whose first page is its landing page: the toggle beside the landing page's link opens the chapter.
    tab_until(page, "el.getAttribute('aria-label') === 'Pages in Understanding human trafficking'", limit=25,
              key="Shift+Tab", check_visible=True)
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "false"
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    first = focus_info(page)
    assert first["ok"] and "What human trafficking is" in first["what"], str(first)
    page.keyboard.press("Enter")
    page.wait_for_url("**/understanding/what-is-trafficking.html")
    wait_js(page, "!document.getElementById('__drawer').checked")
    _after_navigation(page, instant)
    # Escape closes an open drawer and returns focus to the menu button.
    tab_until(page, f"el.matches('{MENU}')", limit=8, key="Shift+Tab" if instant else "Tab")
    page.keyboard.press("Enter")
    wait_js(page, "document.getElementById('__drawer').checked && !!document.activeElement.closest('.md-sidebar--primary')")
    page.keyboard.press("Escape")
    wait_js(page, "!document.getElementById('__drawer').checked")
    assert page.evaluate(f"document.activeElement.matches('{MENU}')")
    _clean(watch)


@MODES
def test_sidebar_navigation_with_the_keyboard_on_desktop(instant, open_page):
    watch = open_page("light", 1280, instant=instant)
    watch.goto(CHAPTER)
    page = watch.page
    tab_until(page, "el.matches('.md-sidebar--primary a.md-nav__link') && el.textContent.trim() === 'Getting help now'",
              limit=12, check_visible=True)
    page.keyboard.press("Enter")
    page.wait_for_url("**/getting-help.html")
    wait_js(page, "document.querySelector('article h1').textContent.includes('Getting help')")
    _after_navigation(page, instant)
    _clean(watch)


@MODES
@pytest.mark.parametrize("width", [1280, 375], ids=lambda w: f"{w}px")
def test_search_with_the_keyboard(width, instant, open_page):
    watch = open_page("light", width, instant=instant)
    watch.goto(CHAPTER)
    page = watch.page
    tab_until(page, "el.matches('input.md-search__input')", limit=8, check_visible=True)
    page.keyboard.type("debt bondage", delay=20)
    page.wait_for_selector(".md-search-result__item a", state="visible")
    # Arrow keys move through the results (focus visible at each); stop at the glossary, whose result shows the term.
    stops = tab_until(page, "el.matches('.md-search-result__link') && el.href.includes('reference/glossary.html')",
                      limit=30, key="ArrowDown")
    assert all(s["ok"] for s in stops), str([s for s in stops if not s["ok"]])
    assert "Debt bondage" in page.evaluate("document.activeElement.closest('.md-search-result__item').textContent")
    page.keyboard.press("Enter")
    page.wait_for_url("**/reference/glossary.html*")
    wait_js(page, "!!document.querySelector('dt#debt-bondage')")
    _after_navigation(page, instant)
    _clean(watch)


def test_checklist_with_the_keyboard(open_page):
    watch = open_page("light", 1280)
    watch.goto(CHECKLIST)
    page = watch.page
    page.evaluate("localStorage.clear()")
    page.reload()
    page.keyboard.press("Tab")  # the skip link, then into the checklist itself
    page.keyboard.press("Enter")
    tab_until(page, "el.matches('ul.checklist input[type=checkbox]')", limit=40, check_visible=True)
    first = page.evaluate("document.activeElement.id")
    page.keyboard.press("Space")
    assert page.locator(f"#{first}").is_checked()
    tab_until(page, "el.matches('ul.checklist input[type=checkbox]')", limit=5, check_visible=True)  # past the item's link
    page.keyboard.press("Space")
    assert page.locator("ul.checklist input:checked").count() == 2
    assert page.locator("[data-checklist-done]").inner_text() == "2"
    tab_until(page, "el.matches('[data-checklist-reset]')", limit=10, key="Shift+Tab", check_visible=True)
    page.keyboard.press("Enter")
    assert page.locator("ul.checklist input:checked").count() == 0
    assert page.locator("[data-checklist-done]").inner_text() == "0"
    _clean(watch)
