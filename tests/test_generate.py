"""Generated pages and the touches every page gets: glossary, sources, checklist pages, terms, facts, call-outs."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from scripts import generate
from scripts.data import Checklist, Item, Section
from scripts.project import load_project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


def test_every_checklist_gets_a_page_and_the_index_lists_them_all(project):
    pages = generate.generated_pages(project)
    for checklist in project.checklists:
        assert f"checklists/{checklist.id}.md" in pages
        assert f'href="{checklist.id}.html"' in pages["checklists/index.md"]
    assert len(project.checklists) >= 12


def test_checklist_page_has_labelled_checkboxes_keyed_by_item_id(project):
    checklist = next(c for c in project.checklists if c.id == "drafting-mous")
    text = generate.checklist_markdown(project, checklist)
    for item in checklist.items:
        assert f'<input type="checkbox" id="check-{item.id}" data-item="{item.id}">' in text
        assert f'<label for="check-{item.id}">' in text
    assert 'data-checklist="drafting-mous"' in text
    assert '<a href="../operating/protocols.html#memorandums-of-understanding">' in text


def test_state_keys_do_not_change_when_items_are_reordered(project):
    checklist = next(c for c in project.checklists if c.id == "drafting-mous")
    reordered = Checklist(**{**checklist.__dict__, "sections": [Section(s.heading, list(reversed(s.items))) for s in reversed(checklist.sections)]})
    keys = re.compile(r'data-item="([a-z0-9-]+)"')
    before = keys.findall(generate.checklist_markdown(project, checklist))
    after = keys.findall(generate.checklist_markdown(project, reordered))
    assert sorted(before) == sorted(after) and before != after


def test_item_text_is_escaped_in_the_page(project):
    checklist = Checklist("x", "T", "Summary text", "forming", ["coordinator"], "Coordinator", "2026-01-01",
                          [Section("S", [Item("a", "<script>alert(1)</script>", "about.md#scope")])], "checklists/x.yml")
    text = generate.checklist_markdown(project, checklist)
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_glossary_page_defines_every_term_with_an_anchor(project):
    text = generate.glossary_markdown(project)
    for entry in project.glossary:
        assert f'<dt id="{entry.anchor}">' in text
    assert len(project.glossary) >= 60


def test_sources_page_groups_by_publisher_and_links_citing_pages(project):
    text = generate.sources_markdown(project)
    assert "## U {#letter-u}" in text
    gao = '<h3 id="us-government-accountability-office" class="sources-publisher">U.S. Government Accountability Office</h3>'
    assert gao in text  # an HTML heading: in the page's outline, not in the contents column
    assert '<li><a href="#letter-u" aria-label="Publishers starting with U">U</a></li>' in text
    assert text.index("## U {#letter-u}") < text.index(gao)
    assert "(https://www.gao.gov/products/gao-07-915)" in text
    assert "[Collaboration that lasts](../forming/collaboration.md)" in text


def test_sources_page_escapes_a_publisher_name(project, monkeypatch):
    page = next(p for p in project.pages.values() if not p.generated and p.meta.get("sources"))
    monkeypatch.setitem(page.meta, "sources", [{"publisher": "A & B <Lab>", "title": "T", "url": "https://example.gov/t", "year": 2024}])
    text = generate.sources_markdown(project)
    assert ">A &amp; B &lt;Lab&gt;</h3>" in text
    assert "<Lab>" not in text


def test_checklist_text_gets_facts_like_the_pages(project):
    value = project.facts["hotline_phone"]["value"]
    assert generate.plain_text(project, "Call {{ facts.hotline_phone }} now & <then> *this*.") == (
        f"Call {value} now & <then> *this*."
    )
    assert generate.plain_text(project, "No facts [here](x) `code`.") == "No facts [here](x) `code`."


def test_review_dates_for_the_footer():
    assert generate.review_info({"last_reviewed": "2026-11-23", "review_every": 12}) == {
        "last_reviewed": "2026-11-23",
        "next_review": "2027-11-23",
    }
    assert generate.add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert generate.review_info({"last_reviewed": "not a date"}) == {}


def test_abbreviations_expand_acronyms(project):
    text = generate.abbreviations(project)
    assert "*[TVPA]: Trafficking Victims Protection Act" in text
