"""Resolving guide references and links, with the "did you mean" a maintainer needs."""

from __future__ import annotations

import pytest

from scripts import links
from scripts.links import resolve_link, resolve_ref
from scripts.pages import parse_page


def page(path: str, body: str = ""):
    return parse_page(path, f"guide/{path}", "---\nid: x\n---\n" + body)


PAGES = {
    "index.md": page("index.md", "## Who is this for? {#who-it-is-for}\n"),
    "forming/models.md": page(
        "forming/models.md", "## When does a co-led model fit? {#co-led-model}\n\n## Single leader {#single-leader-model}\n"
    ),
    "operating/protocols.md": page("operating/protocols.md", "## MOUs {#memorandums-of-understanding}\n\n## Renewing\n"),
    "operating/empty.md": page("operating/empty.md", "No headings here.\n"),
    "checklists/drafting-mous.md": page("checklists/drafting-mous.md", "## Before {#section-1}\n"),
}
FILES = {"forming/img/co-led.svg", "downloads/agenda template.docx"}


def link(target: str, where: str = "operating/protocols.md"):
    return resolve_link(target, PAGES[where], PAGES, FILES.__contains__)


# --- references (checklist ref, glossary see) ----------------------------------------------------


def test_ref_that_resolves():
    result = resolve_ref("forming/models.md#co-led-model", PAGES)
    assert (result.code, result.path, result.anchor) == ("", "forming/models.md", "co-led-model")


def test_ref_to_a_missing_anchor_suggests_the_closest():
    result = resolve_ref("forming/models.md#coled-model", PAGES)
    assert result.code == "broken-anchor"
    assert result.message == "'forming/models.md' has no heading with id 'coled-model'"
    assert result.hint == "did you mean guide/forming/models.md#co-led-model?"


def test_ref_to_a_missing_anchor_with_nothing_close_lists_the_headings():
    result = resolve_ref("operating/protocols.md#zzz", PAGES)
    assert result.hint == "headings in guide/operating/protocols.md: memorandums-of-understanding, renewing"


def test_ref_to_a_page_without_headings():
    result = resolve_ref("operating/empty.md#zzz", PAGES)
    assert result.hint == "guide/operating/empty.md has no headings; add one with {#zzz} or link to the page without '#'"


def test_ref_to_a_missing_page_suggests_the_closest_with_the_anchor():
    result = resolve_ref("forming/model.md#co-led-model", PAGES)
    assert result.code == "broken-link"
    assert result.message == "page 'forming/model.md' does not exist"
    assert result.hint == "did you mean guide/forming/models.md#co-led-model?"


def test_ref_written_with_guide_prefix_says_how_to_write_it():
    result = resolve_ref("guide/forming/models.md#co-led-model", PAGES)
    assert result.code == "broken-link"
    assert result.hint == "write the path relative to guide/: forming/models.md#co-led-model"


# --- links in pages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "https://www.justice.gov/humantrafficking",
        "HTTPS://WWW.JUSTICE.GOV/",
        "mailto:taskforce@example.org",
        "tel:+18883737888",
        "sms:233733",
        "../forming/models.md",
        "../forming/models.md#co-led-model",
        "#memorandums-of-understanding",
        "../index.md#who-it-is-for",
        "../forming/img/co-led.svg",
        "../downloads/agenda%20template.docx",
        "../printables/drafting-mous.pdf",
        "../checklists/drafting-mous.md#section-1",
        "../forming/models.md?x=1#co-led-model",
    ],
)
def test_links_that_resolve(target):
    assert link(target).code == ""


def test_http_link_is_insecure():
    result = link("http://www.justice.gov/page")
    assert (result.code, result.message, result.hint) == (
        "insecure-link", "external link uses http: 'http://www.justice.gov/page'", "use the https:// address")


def test_http_in_capitals_is_still_insecure():
    assert link("HTTP://www.justice.gov/").code == "insecure-link"


def test_allow_listed_http_host(monkeypatch):
    monkeypatch.setattr(links, "HTTP_ALLOWED_HOSTS", frozenset({"old.example.gov"}))
    assert link("http://old.example.gov/report").code == ""
    assert link("http://other.example.gov/report").code == "insecure-link"


@pytest.mark.parametrize(
    "target, message",
    [
        ("javascript:alert(1)", "unsupported link 'javascript:alert(1)'"),
        ("ftp://files.example.org/x", "unsupported link 'ftp://files.example.org/x'"),
        ("//cdn.example.org/x.js", "unsupported link '//cdn.example.org/x.js'"),
        ("", "empty link target"),
        ("/forming/models.md", "absolute link '/forming/models.md' breaks the offline edition"),
    ],
)
def test_bad_links(target, message):
    result = link(target)
    assert (result.code, result.message) == ("bad-link", message)


def test_anchor_with_a_colon_is_not_a_scheme():
    result = link("#fn:1")
    assert result.code == "broken-anchor"
    assert result.message == "'operating/protocols.md' has no heading with id 'fn:1'"


def test_link_outside_guide():
    result = link("../../README.md")
    assert result.code == "link-outside-guide"
    assert result.message == "link '../../README.md' points outside guide/"
    assert result.hint == "link to a page inside guide/ or to the https:// address of the file"


def test_link_to_a_folder_suggests_the_page():
    result = link("../forming/models/")
    assert result.code == "broken-link"
    assert result.message == "link '../forming/models/' points to a folder or URL, not a page"
    assert result.hint == "link the Markdown file instead: ../forming/models.md"


def test_link_to_a_built_html_url_suggests_the_markdown_file():
    result = link("../forming/models")
    assert result.hint == "link the Markdown file instead: ../forming/models.md"


def test_link_to_a_folder_without_an_index_suggests_a_page_in_it():
    assert link("../operating/").hint == "link a page in that folder, e.g. empty.md"
    assert link("../nowhere/").hint == "link the Markdown file of a page, e.g. ../operating/protocols.md"


def test_link_to_a_missing_page_suggests_a_relative_path():
    result = link("../forming/model.md#co-led-model")
    assert result.code == "broken-link"
    assert result.message == "page 'forming/model.md' does not exist"
    assert result.hint == "did you mean ../forming/models.md#co-led-model (guide/forming/models.md)?"


def test_link_to_a_missing_anchor_on_another_page():
    result = link("../forming/models.md#coled-model")
    assert result.code == "broken-anchor"
    assert result.message == "'forming/models.md' has no heading with id 'coled-model'"
    assert result.hint == "did you mean guide/forming/models.md#co-led-model?"


def test_link_to_a_missing_anchor_on_the_same_page():
    result = link("#memorandums-of-understandin")
    assert result.code == "broken-anchor"
    assert result.hint == "did you mean guide/operating/protocols.md#memorandums-of-understanding?"


def test_missing_image_or_download():
    result = link("../forming/img/co-led.png")
    assert result.code == "missing-file"
    assert result.message == "file 'forming/img/co-led.png' does not exist in guide/"
    assert result.hint == "add the file or fix the path"
