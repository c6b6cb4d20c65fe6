"""The whole guide as one PDF: every nav page in order, an outline per chapter and page, links that land,
page numbers, tagged, titled and in English. Uses the built site (built here only when it is missing)."""

from __future__ import annotations

import fcntl
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from scripts import guidepdf

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
GUIDE = SITE / "printables" / "guide.pdf"


def _built_guide() -> Path:
    if not GUIDE.is_file():
        lock_path = ROOT / ".cache" / "browser-tests-build.lock"  # the same lock as the other built-site tests
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not GUIDE.is_file():
                env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
                subprocess.run([sys.executable, "-m", "scripts", "build"], cwd=ROOT, env=env, check=True, capture_output=True)
    return GUIDE


@pytest.fixture(scope="module")
def reader() -> PdfReader:
    return PdfReader(_built_guide())


@pytest.fixture(scope="module")
def nav():
    return guidepdf.load_nav(ROOT)


def _outline(reader: PdfReader, items=None, depth=0):
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            yield from _outline(reader, item, depth + 1)
        else:
            yield depth, item.title, reader.get_destination_page_number(item) + 1


def test_outline_has_every_chapter_and_page_in_nav_order(reader, nav):
    config, pages = nav
    outline = list(_outline(reader))
    top = [(title, page) for depth, title, page in outline if depth == 0]
    chapters = [title for title, _ in top]
    expected_chapters = [title for entry in config["nav"] if isinstance(entry, dict)
                         for title, target in entry.items() if isinstance(target, list)]
    for chapter in expected_chapters:
        assert chapter in chapters, (chapter, chapters)
    assert "Understanding human trafficking" in chapters and "Reference" in chapters
    # One entry per page: pages at the top level are depth 0, pages in a chapter depth 1; in nav order.
    titles = [title for depth, title, _ in outline if depth <= 1]
    for needed in ("Getting help now", "Federal law on human trafficking", "Glossary", "Sources: publishers A to N",
                   "Sources: publishers O to Z"):
        assert needed in titles, titles
    page_numbers = [page for depth, _, page in outline if depth <= 1]
    assert page_numbers == sorted(page_numbers), "outline entries are not in document (nav) order"
    assert len([1 for depth, _, _ in outline if depth <= 1]) >= len(pages) + len(expected_chapters)


def test_every_internal_link_lands_on_a_destination(reader):
    names = reader.named_destinations
    internal = external = 0
    for number, page in enumerate(reader.pages, start=1):
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            assert str(annotation.get("/Contents", "")).strip(), f"page {number}: a link without a description"
            if "/Dest" in annotation:
                internal += 1
                assert str(annotation["/Dest"]) in names, f"page {number}: link to missing {annotation['/Dest']}"
                assert not str(annotation["/Contents"]).startswith("p-"), annotation["/Contents"]
            else:
                external += 1
                uri = str(annotation["/A"].get("/URI", ""))
                assert re.match(r"(https?|mailto|tel|sms):", uri), f"page {number}: link to {uri!r} does not open"
                assert not uri.endswith(".md"), uri
    assert internal > 200 and external > 100, (internal, external)


def test_links_to_the_glossary_land_on_the_term(reader):
    names = reader.named_destinations
    glossary_terms = [name for name in names if name.startswith("p-reference-glossary--")]
    assert len(glossary_terms) > 20


def test_tagged_titled_in_english_pdf_ua(reader):
    root = reader.trailer["/Root"]
    assert root.get("/StructTreeRoot") is not None
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(reader.metadata["/Title"]) == "Human Trafficking Task Force e-Guide"
    assert str(root["/Lang"]).startswith("en")
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


def test_letter_pages_numbered_and_no_site_chrome(reader):
    total = len(reader.pages)
    assert total > 50
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # US Letter
    text = reader.pages[10].extract_text()
    assert f"Page 11 of {total}" in text
    everything = " ".join(reader.pages[n].extract_text() for n in range(0, total, 7))
    for chrome in ("Skip to content", "Clear all ticks", "Back to top", "Type to start searching"):
        assert chrome not in everything


def test_contents_page_numbers_match_the_outline(reader):
    contents = reader.pages[1].extract_text()
    outline = {title: page for depth, title, page in _outline(reader) if depth <= 1}
    assert re.search(rf"Getting help now[ .]*{outline['Getting help now']}\b", contents), contents[:500]


def _page(html: str) -> ET.Element:
    return ET.fromstring(f"<article class='md-content__inner md-typeset'>{html}</article>")


def test_linker_rewrites_cross_page_links_to_in_document_anchors(tmp_path):
    pages = [guidepdf.NavPage("index.md", None), guidepdf.NavPage("understanding/federal-law.md", "U")]
    linker = guidepdf.Linker(pages, "https://guide.example.net/", tmp_path)
    article = _page('<h1 id="federal-law">Federal law</h1><h2 id="t-visa">T visa</h2>'
                    '<a href="#t-visa">here</a><a href="../index.html">home</a><a href="../index.html#who">who</a>'
                    '<a href="../checklists/drafting-mous.html#x">checklist</a><a href="https://ovc.ojp.gov/">OVC</a>')
    linker.rewrite(pages[1], article, "Federal law")
    hrefs = [a.get("href") for a in article.iter("a")]
    assert hrefs == ["#p-understanding-federal-law--t-visa", "#p-index", "#p-index--who",
                     "https://guide.example.net/checklists/drafting-mous.html#x", "https://ovc.ojp.gov/"]
    assert article.find("h2").get("id") == "p-understanding-federal-law--t-visa"
    assert linker.labels["p-understanding-federal-law--t-visa"] == "T visa (Federal law)"


def test_site_chrome_and_controls_are_stripped():
    article = _page('<a class="md-content__button" href="x">Print</a><h1>T<a class="headerlink" href="#t">¶</a></h1>'
                    '<form><input type="checkbox"/></form><p>kept <button>Clear all ticks</button>tail</p>'
                    '<script>alert(1)</script><details><summary>More</summary>inside</details>')
    guidepdf._strip(article)
    text = "".join(article.itertext())
    assert "Print" not in text and "¶" not in text and "Clear all ticks" not in text and "alert" not in text
    assert "kept tail" in text and "inside" in text


def test_a4_on_request_changes_the_page_size():
    guide = guidepdf.Guide(title="T", description="D", site_url="https://x.example.net/", language="en")
    assert "size: A4" in guidepdf.guide_html(guide, "a4", "2026-12-02T00:00:00Z")
    assert "size: letter" in guidepdf.guide_html(guide, "letter", "2026-12-02T00:00:00Z")
