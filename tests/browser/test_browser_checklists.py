"""Checklists in the browser: ticks survive a reload, reset clears them, and the printed page is the checklist."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from scripts.project import load_project

ROOT = Path(__file__).resolve().parents[2]
CHECKLIST = "drafting-mous"
PAGE = f"checklists/{CHECKLIST}.html"


def _items():
    checklist = next(c for c in load_project(ROOT).checklists if c.id == CHECKLIST)
    return checklist.items


def _ticked(page) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('ul.checklist input[type=checkbox]:checked')].map(b => b.dataset.item)")


def test_ticks_survive_a_reload_and_reset_clears_them(open_page):
    items = _items()
    watch = open_page("light", 1280)
    watch.goto(PAGE)
    page = watch.page
    assert page.locator("ul.checklist input[type=checkbox]").count() == len(items)
    assert _ticked(page) == []
    chosen = [items[0].id, items[-1].id]
    for item in chosen:
        page.locator(f"label[for='check-{item}']").click()  # the label, as a reader clicks the text
    assert sorted(_ticked(page)) == sorted(chosen)
    assert page.locator("[data-checklist-done]").inner_text() == "2"

    page.reload()
    assert sorted(_ticked(page)) == sorted(chosen), "ticks were lost on reload"
    assert page.locator("[data-checklist-done]").inner_text() == "2"
    stored = page.evaluate(f"JSON.parse(localStorage.getItem('eguide:checklist:{CHECKLIST}'))")
    assert stored == {item: True for item in chosen}, "ticks are kept by item id, nothing else"

    page.get_by_role("button", name="Clear all ticks").click()
    assert _ticked(page) == []
    assert page.locator("[data-checklist-done]").inner_text() == "0"
    page.reload()
    assert _ticked(page) == [], "reset did not persist"
    assert not page.get_by_role("button", name="Undo clear").is_visible(), "Undo offered after leaving the page"
    problems = watch.stop_watching()
    assert not problems, "\n".join(problems)


def test_clear_all_ticks_can_be_undone(open_page):
    items = _items()
    watch = open_page("light", 375)
    watch.goto(PAGE)
    page = watch.page
    undo = page.get_by_role("button", name="Undo clear")
    assert not undo.is_visible(), "Undo shows before anything was cleared"
    chosen = [items[0].id, items[2].id, items[-1].id]
    for item in chosen:
        page.locator(f"label[for='check-{item}']").click()
    page.get_by_role("button", name="Clear all ticks").click()
    assert _ticked(page) == []
    status = page.get_by_role("status")
    assert "Cleared 3 ticks" in status.inner_text()
    assert undo.is_visible()
    assert page.evaluate("document.activeElement.textContent") == "Undo clear", "focus did not move to Undo"
    undo.click()
    assert sorted(_ticked(page)) == sorted(chosen), "Undo did not bring the ticks back"
    assert "Restored 3 ticks" in status.inner_text()
    assert page.locator("[data-checklist-done]").inner_text() == "3"
    assert not undo.is_visible()
    page.reload()
    assert sorted(_ticked(page)) == sorted(chosen), "the restored ticks were not saved"
    # A new tick after clearing ends the chance to undo: Undo never brings back a stale set over new work.
    page.get_by_role("button", name="Clear all ticks").click()
    page.locator(f"label[for='check-{items[1].id}']").click()
    assert not undo.is_visible()
    assert _ticked(page) == [items[1].id]
    problems = watch.stop_watching()
    assert not problems, "\n".join(problems)


def test_the_page_warns_against_personal_data_in_notes(open_page):
    watch = open_page("light", 1280)
    watch.goto(PAGE)
    note = watch.page.locator(".checklist-note").inner_text()
    assert "do not include case details or anyone's personal information" in note


def test_ticks_are_kept_per_checklist(open_page):
    watch = open_page("light", 1280)
    watch.goto(PAGE)
    first = _items()[0].id
    watch.page.locator(f"#check-{first}").check()
    watch.goto("checklists/start-up-tasks.html")
    assert _ticked(watch.page) == [], "a tick on one checklist showed up on another"
    watch.goto(PAGE)
    assert _ticked(watch.page) == [first]


def test_printing_shows_the_checklist_and_its_links_without_navigation(open_page, artifacts):
    items = _items()
    watch = open_page("light", 1280)
    watch.goto(PAGE)
    page = watch.page
    page.locator(f"#check-{items[0].id}").check()  # a ticked item prints too
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search",
                   "[data-checklist-toolbar]", ".checklist-downloads", "a.md-skip"):
        for element in page.locator(hidden).all():
            assert not element.is_visible(), f"{hidden} is visible when printing"
    assert page.locator("li.checklist-item").count() == len(items)
    for element in page.locator("li.checklist-item").all():
        assert element.is_visible()
    assert page.locator("article h1").is_visible()
    # Every item's guide link prints with its full address after it.
    addresses = page.evaluate("""() => [...document.querySelectorAll('.checklist-item__ref a')].map(a =>
        [a.href, getComputedStyle(a, '::after').content])""")
    assert len(addresses) == len(items)
    for href, after in addresses:
        assert href.split("?")[0] in after, (href, after)
    page.screenshot(path=artifacts / "checklist-print.png", full_page=True)

    # The printed document itself (Chromium's print to PDF uses the same print styles).
    pdf = PdfReader(io.BytesIO(page.pdf(format="Letter")))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    flat = text.replace(" ", "")
    for item in items:
        assert " ".join(item.text.split())[:40].replace(" ", "") in flat, f"item missing from print: {item.text}"
    assert "operating/protocols.html#memorandums-of-understanding" in flat
    nav_only = "Getting help now"  # a navigation entry the checklist itself never mentions
    assert nav_only not in page.locator("article").inner_text()
    assert nav_only not in text, "the navigation was printed"
    assert "Clear all ticks" not in text and "Skip to content" not in text
    problems = watch.stop_watching()
    assert not problems, "\n".join(problems)
