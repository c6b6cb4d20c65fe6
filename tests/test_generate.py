"""Generated pages and the touches every page gets: glossary, sources, checklist pages, terms, facts, call-outs."""

from __future__ import annotations

import posixpath
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


def test_sources_pages_group_by_publisher_and_link_citing_pages(project):
    pages = generate.sources_pages(project)
    assert set(pages) == {"reference/sources.md", "reference/sources-o-z.md"}
    first, second = pages["reference/sources.md"], pages["reference/sources-o-z.md"]
    assert 'title: "Sources: publishers A to N"' in first and 'title: "Sources: publishers O to Z"' in second
    assert "## U {#letter-u}" in second and "{#letter-u}" not in first
    gao = '<h3 id="us-government-accountability-office" class="sources-publisher">U.S. Government Accountability Office</h3>'
    assert gao in second  # an HTML heading: in the page's outline, not in the contents column
    assert second.index("## U {#letter-u}") < second.index(gao)
    assert "(https://www.gao.gov/products/gao-07-915)" in second
    assert "[Collaboration that lasts](../forming/collaboration.md)" in second
    # One letter index on both pages: a letter on the other page links there (a built address: raw HTML).
    assert '<li><a href="#letter-u" aria-label="Publishers starting with U">U</a></li>' in second
    assert '<li><a href="sources-o-z.html#letter-u" aria-label="Publishers starting with U">U</a></li>' in first
    assert '<li><a href="sources.html#letter-a" aria-label="Publishers starting with A">A</a></li>' in second
    # Each page names both, and the counts add up to every source cited once.
    urls = {s["url"] for p in project.pages.values() if not p.generated for s in p.meta.get("sources") or []}
    counts = [int(re.search(r"\): (\d+) sources|\*\* \(this page\): (\d+) sources", line).group(0).split(": ")[-1].split()[0])
              for line in first.splitlines() if line.startswith("- ") and "sources" in line and "publishers" in line]
    assert sum(counts) == len(urls) and f"The guide cites {len(urls)} public sources" in first
    assert "- **Sources: publishers A to N** (this page)" in first and "- [Sources: publishers O to Z](sources-o-z.md)" in first


def test_a_source_named_two_ways_is_listed_once_with_every_page_that_cites_it(project, monkeypatch):
    authored = sorted((p for p in project.pages.values() if not p.generated), key=lambda p: p.path)
    url = "https://www.justice.gov/example-source"
    for page in authored:
        monkeypatch.setitem(page.meta, "sources", [])
    for page, publisher in zip(authored[:3], ("Office of Justice Programs", "Office of Justice Programs", "OJP")):
        monkeypatch.setitem(page.meta, "sources", [{"publisher": publisher, "title": "Same", "url": url}])
    text = generate.sources_pages(project)["reference/sources-o-z.md"]
    assert text.count(f"]({url})") == 1 and ">Office of Justice Programs</h3>" in text and ">OJP</h3>" not in text
    line = next(line for line in text.splitlines() if url in line)
    assert all(f"]({posixpath.relpath(p.path, 'reference')})" in line for p in authored[:3])


def test_a_publisher_goes_on_the_page_of_its_first_letter():
    assert generate.sources_part("A") == generate.sources_part("N") == generate.sources_part("3") == "reference/sources.md"
    assert generate.sources_part("O") == generate.sources_part("Z") == "reference/sources-o-z.md"


def test_a_sources_page_with_no_publishers_says_so(project, monkeypatch):
    for page in project.pages.values():
        if not page.generated:
            monkeypatch.setitem(page.meta, "sources", [{"publisher": "Polaris", "title": "T", "url": "https://example.org/t"}])
    first = generate.sources_pages(project)["reference/sources.md"]
    assert "No publisher on this page's letters is cited yet." in first and "## " not in first


def test_sources_page_escapes_a_publisher_name(project, monkeypatch):
    page = next(p for p in project.pages.values() if not p.generated and p.meta.get("sources"))
    monkeypatch.setitem(page.meta, "sources", [{"publisher": "A & B <Lab>", "title": "T", "url": "https://example.gov/t", "year": 2024}])
    text = generate.sources_pages(project)["reference/sources.md"]
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
