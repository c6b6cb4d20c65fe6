"""Finding your way: a breadcrumb on guide pages, Checklists and Reference in view without scrolling the
menu, and checklist pages that say where they belong, with the checklists before and after them."""

from __future__ import annotations

from browser.browser_support import describe, run_axe


def _in_view(page, locator) -> bool:
    box = locator.bounding_box()
    viewport = page.viewport_size
    return bool(box) and locator.is_visible() and 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"]


def test_guide_pages_show_a_breadcrumb(open_page):
    for width in (1280, 375):
        watch = open_page("light", width)
        watch.goto("understanding/federal-law.html")
        crumb = watch.page.locator("nav.md-path")
        assert crumb.is_visible(), width
        assert "Understanding human trafficking" in crumb.inner_text(), crumb.inner_text()


def test_checklists_and_reference_are_in_view_without_scrolling_the_menu(open_page):
    # The last page of the menu's chapters: the menu scrolls to show it, the quick links stay in view.
    watch = open_page("light", 1280, height=800)
    watch.goto("courts/victim-witness.html")
    page = watch.page
    page.wait_for_timeout(300)
    quick = page.locator(".md-sidebar--primary .nav-quick")
    for name in ("Checklists", "Glossary", "Sources"):
        link = quick.get_by_role("link", name=name, exact=True)
        assert _in_view(page, link), f"{name} is not in view in the menu"
    page.locator(".md-sidebar--primary .md-sidebar__scrollwrap").evaluate("el => el.scrollTop = el.scrollHeight")
    page.wait_for_timeout(200)
    assert _in_view(page, quick.get_by_role("link", name="Checklists", exact=True)), "quick links scrolled away"
    quick.get_by_role("link", name="Glossary", exact=True).click()
    page.wait_for_url("**/reference/glossary.html")


def test_a_checklist_page_has_its_place_and_previous_next(open_page):
    watch = open_page("light", 1280)
    watch.goto("checklists/drafting-mous.html")
    page = watch.page
    crumb = page.get_by_role("navigation", name="Breadcrumb")
    assert crumb.get_by_role("link", name="Checklists").get_attribute("href").endswith("checklists/index.html")
    active = page.locator(".md-sidebar--primary .nav-quick .md-nav__link--active")
    assert active.inner_text().strip() == "Checklists", "the menu highlights nothing on a checklist page"
    pager = page.get_by_role("navigation", name="Other checklists")
    pager.locator("a[rel=next]").wait_for()
    previous, following = pager.locator("a[rel=prev]"), pager.locator("a[rel=next]")
    assert previous.count() == 1 and following.count() == 1
    order = page.evaluate("""async () => {
        const html = await (await fetch('index.html')).text();
        const doc = new DOMParser().parseFromString(html, 'text/html');
        return [...doc.querySelectorAll('.checklist-card__title a')].map(a => a.getAttribute('href'));
    }""")
    here = order.index("drafting-mous.html")
    assert previous.get_attribute("href").endswith("/" + order[here - 1]) or previous.get_attribute("href") == order[here - 1]
    assert following.get_attribute("href").endswith("/" + order[here + 1]) or following.get_attribute("href") == order[here + 1]
    violations = run_axe(page)
    assert not violations, describe(violations)
    following.click()
    page.wait_for_url(f"**/checklists/{order[here + 1]}")
    first = order[0]
    watch.goto(f"checklists/{first}")
    pager.get_by_role("link", name="All checklists").wait_for()
    page.wait_for_timeout(300)
    assert pager.locator("a[rel=prev]").count() == 0 and pager.locator("a[rel=next]").count() == 1
    problems = watch.stop_watching()
    assert not problems, "\n".join(problems)
