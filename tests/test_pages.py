"""The page model: front matter (issue 3), headings and anchors exactly as the site renders them, links, markers."""

from __future__ import annotations

import re
from datetime import date, timedelta

import markdown
import pytest
from conftest import REVIEWED, ROOT, dedent
from mkdocs.config import load_config

from scripts import generate
from scripts.markdown_ext import EGuideExtension
from scripts.pages import SnippetReader, heading_text, parse_page, split_front_matter
from scripts.project import load_project

PAGE = "guide/forming/models.md"


def body_page(body: str, **kwargs):
    text = "---\nid: x\n---\n" + dedent(body)
    return parse_page("forming/models.md", PAGE, text, **kwargs)


# --- front matter ------------------------------------------------------------------------------


def test_valid_front_matter_is_read_with_positions(guide):
    page = guide.project().pages["forming/models.md"]
    assert page.meta_error is None
    assert page.meta["id"] == "forming-models"
    assert page.meta["audience"] == ["coordinator", "law-enforcement"]
    assert page.meta["last_reviewed"] == REVIEWED  # kept as text; the validator judges it
    assert page.meta["review_every"] == 12
    assert page.meta["sources"][0]["year"] == 2021
    assert page.meta.lines["title"] == (3, 1)
    assert page.body_line == 15
    assert guide.check() == []


def test_split_front_matter():
    assert split_front_matter("---\na: 1\n---\nbody\n") == ("a: 1", 4)
    assert split_front_matter("---\na: 1\n...\nbody\n") == ("a: 1", 4)
    assert split_front_matter("no front matter\n") == (None, 1)
    assert split_front_matter("---\na: 1\nnever closed\n") == ("a: 1\nnever closed", 0)


def test_page_without_front_matter(guide):
    guide.write("guide/forming/models.md", "Just text.\n")
    problem = guide.only("front-matter")
    assert problem.format() == (
        f"{PAGE}:1:1: error[front-matter]: page has no front matter\n"
        "  hint: start the file with a '---' block; see CONTRIBUTING.md"
    )


def test_front_matter_that_is_never_closed(guide):
    guide.replace("guide/forming/models.md", "---\n\nThere is", "\nThere is")
    problem = guide.only()
    assert (problem.path, problem.line, problem.code) == (PAGE, 1, "front-matter")
    assert problem.message == "front matter is not closed"
    assert problem.hint == "end the front matter with a line of three dashes: ---"


def test_malformed_yaml_in_front_matter(guide):
    guide.replace("guide/forming/models.md", "summary: One sentence", "summary: Note: one sentence")
    problem = guide.only()
    assert (problem.path, problem.line, problem.col, problem.code) == (PAGE, 4, 14, "front-matter")
    assert problem.message.startswith("YAML syntax error: mapping values are not allowed")
    assert "quote text that contains ': '" in problem.hint


def test_front_matter_that_is_a_list(guide):
    guide.replace("guide/forming/models.md", "id: forming-models\ntitle: Choose a task force model\n", "- just\n- a list\n")
    guide.write("guide/forming/models.md", "---\n- a\n- b\n---\nText\n")
    problem = guide.only("front-matter")
    assert (problem.line, problem.message) == (2, "front matter must be a mapping of fields")


@pytest.mark.parametrize(
    "field, hint",
    [
        ("id", "add 'id: <stable-kebab-case-id>' (never reuse an id)"),
        ("title", "add 'title: <sentence-case title>'"),
        ("summary", "add 'summary: <one sentence>'"),
        ("owner", "add 'owner: <the role that keeps this current, not a person>'"),
        ("last_reviewed", "add 'last_reviewed: YYYY-MM-DD'"),
        ("review_every", "add 'review_every: 12' (months between reviews)"),
    ],
)
def test_missing_field(guide, field, hint):
    text = guide.read("guide/forming/models.md")
    guide.write("guide/forming/models.md", re.sub(rf"(?m)^{field}: .*\n", "", text, count=1))
    problem = guide.only("missing-field")
    assert (problem.path, problem.line, problem.col) == (PAGE, 2, 1)
    assert problem.message == f"missing field '{field}'"
    assert problem.hint == hint


def test_missing_field_inside_a_source(guide):
    guide.replace("guide/forming/models.md", "    publisher: U.S. Department of Justice\n", "")
    problem = guide.only()
    assert (problem.line, problem.col, problem.code) == (10, 5, "missing-field")
    assert problem.message == "missing field 'publisher' in sources[1]"


@pytest.mark.parametrize(
    "old, new, line, message",
    [
        ("review_every: 12", "review_every: twelve", 8, "review_every must be a number, not text"),
        ("audience: [coordinator, law-enforcement]", "audience: coordinator", 5, "audience must be a list, not text"),
        ("    year: 2021", '    year: "2021"', 12, "sources[1].year must be a number, not text"),
        ("title: Choose a task force model", "title: [Choose, a model]", 3, "title must be text, not a list"),
    ],
)
def test_wrong_type(guide, old, new, line, message):
    guide.replace("guide/forming/models.md", old, new)
    problem = guide.only()
    assert (problem.path, problem.line, problem.code, problem.message) == (PAGE, line, "field-type", message)
    assert problem.hint == "quote text values; write lists as [a, b] or one '- item' per line"


def test_unknown_audience_value_says_did_you_mean(guide):
    guide.replace("guide/forming/models.md", "[coordinator, law-enforcement]", "[coordinator, law-enforcment]")
    problem = guide.only()
    assert (problem.path, problem.line, problem.col, problem.code) == (PAGE, 5, 25, "bad-value")
    assert problem.message == "'law-enforcment' is not an allowed value for audience[2]"
    assert problem.hint == (
        "did you mean 'law-enforcement'? allowed: coordinator, law-enforcement, prosecutor, victim-services, "
        "labor-and-civil, court, community, all"
    )


def test_id_that_is_not_kebab_case(guide):
    guide.replace("guide/forming/models.md", "id: forming-models", "id: Forming_Models")
    problem = guide.only()
    assert (problem.line, problem.code, problem.message) == (2, "bad-value", "id has the wrong form: 'Forming_Models'")
    assert problem.hint == "use lowercase words joined by hyphens"


def test_duplicate_page_id(guide):
    guide.replace("guide/forming/start-up.md", "id: forming-start-up", "id: forming-models")
    problem = guide.only()
    assert problem.format() == (
        "guide/forming/start-up.md:2:1: error[duplicate-id]: page id 'forming-models' is already used by "
        "guide/forming/models.md:2\n  hint: give this page a new id; ids are never reused"
    )


@pytest.mark.parametrize(
    "value, message",
    [
        ("2026-02-30", "'2026-02-30' in last_reviewed is not a real date"),
        ("2025-13-01", "'2025-13-01' in last_reviewed is not a real date"),
        ("2025-6-1", "'2025-6-1' in last_reviewed is not a date in the form YYYY-MM-DD"),
        ("2025-W22-1", "'2025-W22-1' in last_reviewed is not a date in the form YYYY-MM-DD"),
        ("June 2025", "'June 2025' in last_reviewed is not a date in the form YYYY-MM-DD"),
        ("20250601", "'20250601' in last_reviewed is not a date in the form YYYY-MM-DD"),
    ],
)
def test_not_a_date(guide, value, message):
    guide.replace("guide/forming/models.md", f"last_reviewed: {REVIEWED}", f"last_reviewed: {value}")
    problem = guide.only()
    assert (problem.path, problem.line, problem.col, problem.code) == (PAGE, 7, 1, "bad-date")
    assert problem.message == message
    assert problem.hint == "write the date as YYYY-MM-DD, for example 2026-11-23"


def test_future_date(guide):
    future = (date.today() + timedelta(days=400)).isoformat()
    guide.replace("guide/forming/models.md", f"last_reviewed: {REVIEWED}", f"last_reviewed: {future}")
    problem = guide.only()
    assert (problem.line, problem.code, problem.message) == (7, "future-date", f"last_reviewed {future} is in the future")
    assert problem.hint == f"use the date the review actually happened (today is {date.today().isoformat()})"


def test_http_source_url(guide):
    guide.replace("guide/forming/models.md", "url: https://www.justice.gov", "url: http://www.justice.gov")
    problem = guide.only()
    assert (problem.path, problem.line, problem.col, problem.code) == (PAGE, 13, 5, "source-url")
    assert problem.message == (
        "sources[1].url must be an https:// URL: 'http://www.justice.gov/humantrafficking/special-initiatives'"
    )
    assert problem.hint == "use the https address of the source"


def test_misspelled_field_gets_the_right_name(guide):
    guide.replace("guide/forming/models.md", "\ntitle:", "\ntitel:")
    problems = guide.check()
    assert [p.format() for p in problems] == [
        f"{PAGE}:2:1: error[missing-field]: missing field 'title'\n  hint: add 'title: <sentence-case title>'",
        f"{PAGE}:3:1: error[unknown-field]: unknown field 'titel'\n  hint: did you mean 'title'?",
    ]


def test_every_unknown_field_is_reported(guide):
    guide.replace("guide/forming/models.md", "review_every: 12\n", "review_every: 12\nreviewer: Ana\ncolour: red\n")
    problems = guide.check()
    assert [(p.line, p.message, p.hint) for p in problems] == [
        (9, "unknown field 'reviewer'", "did you mean 'review_every'?"),
        (10, "unknown field 'colour'",
         "allowed fields: id, title, summary, audience, owner, last_reviewed, review_every, sources, unlisted, hide, search"),
    ]


def test_duplicate_key_in_front_matter_names_both_lines(guide):
    guide.replace("guide/forming/models.md", "owner: Task force coordinator\n", "owner: Task force coordinator\nowner: Ana\n")
    problem = guide.only()
    assert problem.format() == (
        f"{PAGE}:7:1: error[duplicate-key]: duplicate key 'owner' (first defined on line 6)\n"
        "  hint: YAML keeps only the last value silently; delete or rename one of them"
    )


def test_tab_in_front_matter(guide):
    guide.replace("guide/forming/models.md", "  - title: \"Human", "\t- title: \"Human")
    problem = guide.only()
    assert (problem.path, problem.line, problem.col, problem.code) == (PAGE, 10, 1, "yaml-tab")


# --- headings and anchors ------------------------------------------------------------------------

SITE_EXTENSIONS = [
    "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
    "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed",
]

TRICKY = """\
    Intro paragraph.

    ## Simple heading

    ## Simple heading

    ## Simple heading

    ## Custom id

    ## Explicit wins {#custom-id}

    ## With `code_span <b>` inside

    ## With [a link](other.md#x "title") and *emphasis* and **strong**

    ### snake_case_word and __strong__ and _emphasis_

    ## Q&amp;A &amp; what's next?

    ## Ünïcödé héading – with a dash

    ## Escaped \\_underscores\\_ and \\*stars\\*

    ## Image ![alt text](img.png) in a heading

    ## Footnote in heading[^1]

    ## Closing hashes ##

    ##No space after the hashes

    ## Attribute list with a class { .special #with-class }

    ## Not an attribute list{#glued}

    Setext heading
    --------------

    Another setext heading
    ======================

    Not a setext heading
    because the paragraph has two lines
    ---

    !!! tool "A call-out"

        ## Heading inside a call-out

        ```text
        ## not a heading: fenced inside the call-out
        ```

    === "A tab"

        ## Heading inside a tab

    ```markdown
    ## Not a heading (fenced)
    ```

        ## Not a heading (indented code)

    - a list item

        continued paragraph of the list item

    <!--
    ## Not a heading (comment)
    -->

    ## Simple heading

    [^1]: The footnote.
"""


def site_ids(text: str) -> list[str]:
    html = markdown.markdown(text, extensions=SITE_EXTENSIONS, extension_configs={"toc": {"permalink": True}})
    return re.findall(r"<h[1-6][^>]*\bid=\"([^\"]+)\"", html)


def test_anchors_match_python_markdown_exactly():
    body = dedent(TRICKY)
    page = body_page(TRICKY)
    assert [h.anchor for h in page.headings] == site_ids(body)
    # and the values themselves, so a change in both cannot go unnoticed
    assert [h.anchor for h in page.headings][:6] == [
        "simple-heading", "simple-heading_1", "simple-heading_2", "custom-id_1", "custom-id", "with-code_span-b-inside",
    ]


def test_heading_text_is_what_the_reader_sees():
    page = body_page(TRICKY)
    texts = {h.anchor: h.text for h in page.headings}
    assert texts["with-a-link-and-emphasis-and-strong"] == "With a link and emphasis and strong"
    assert texts["custom-id"] == "Explicit wins"
    assert texts["qa-whats-next"] == "Q&A & what's next?"


@pytest.mark.parametrize(
    "raw, slug",
    [
        ("When does a co-led model fit?", "when-does-a-co-led-model-fit"),
        ("What is [[debt bondage|Debt bondage]]?", "what-is-debt-bondage"),
        ("Using `mkdocs.yml`", "using-mkdocsyml"),
        ("Tom &amp; Jerry's *big* day", "tom-jerrys-big-day"),
    ],
)
def test_heading_slugs(raw, slug):
    from markdown.extensions.toc import slugify

    assert slugify(heading_text(raw), "-") == slug


def test_explicit_ids_and_attribute_ids_elsewhere_are_anchors():
    page = body_page(
        """\
        ## Heading {#first}

        A paragraph with an id.
        {#para-id}

        <a id="html-anchor"></a>
        """
    )
    assert {"first", "para-id", "html-anchor"} <= page.anchors


def test_headings_have_their_lines():
    page = body_page("Intro\n\n## One {#one}\n\nText\n\n### Two\n")
    assert [(h.level, h.text, h.anchor, h.line) for h in page.headings] == [(2, "One", "one", 6), (3, "Two", "two", 10)]


# --- links and markers ---------------------------------------------------------------------------


def test_links_with_positions_and_kinds():
    page = body_page(
        """\
        See [the models](../forming/models.md#co-led-model "Models") and ![A map](img/map.png).
        Also <a href="../operating/protocols.md">protocols</a> and <img src="x.png" alt="X">.
        Reference-style: [models][m] and <https://example.org/page>.

        [m]: ../forming/models.md#single-leader-model
        """
    )
    found = [(link.kind, link.target, link.line, link.col) for link in page.links]
    assert found == [
        ("link", "../forming/models.md#co-led-model", 4, 18),
        ("image", "img/map.png", 4, 75),
        ("link", "../operating/protocols.md", 5, 15),
        ("image", "x.png", 5, 70),
        ("link", "https://example.org/page", 6, 35),
        ("link", "../forming/models.md#single-leader-model", 8, 6),
    ]
    assert not any(link.missing_alt for link in page.links)


def test_images_without_alt_text_are_marked():
    page = body_page('![](a.png)\n\n<img src="b.png">\n\n<img src="c.png" alt="">\n')
    assert [(link.target, link.missing_alt) for link in page.links] == [("a.png", True), ("b.png", True), ("c.png", False)]


def test_links_in_code_and_comments_are_ignored():
    page = body_page(
        """\
        Inline `[not a link](nowhere.md)` code.

        ```markdown
        [Not a link](nowhere.md)
        ```

        ~~~
        [Not a link](nowhere.md)
        ~~~

            [Not a link: indented code](nowhere.md)

        <!-- [Not a link](nowhere.md) --> [A link](real.md)

        <!--
        [Not a link](nowhere.md)
        -->

        !!! tool "Call-out"

            [A link inside a call-out](inside.md)

            ```
            [Not a link](nowhere.md)
            ```
        """
    )
    assert [link.target for link in page.links] == ["real.md", "inside.md"]


def test_terms_facts_and_callouts():
    page = body_page(
        """\
        A [[Debt bondage]] case and [[co-led|Co-led model]]; call {{ facts.hotline_phone }} or {{ hotline }}.

        !!! smart-practice "Hold the first joint training early"

            Body.

        ??? more-resources "Further reading"

            Body.

        !!! note
        """
    )
    assert [(m.name, m.line, m.col) for m in page.terms] == [("Debt bondage", 4, 3), ("Co-led model", 4, 29)]
    assert [(m.name, m.extra) for m in page.facts] == [("hotline_phone", "{{ facts.hotline_phone }}"), ("", "{{ hotline }}")]
    assert [(m.name, m.line, m.extra) for m in page.callouts] == [
        ("smart-practice", 6, "Hold the first joint training early"),
        ("more-resources", 10, "Further reading"),
        ("note", 14, ""),
    ]


def test_snippets_are_expanded_like_the_site(tmp_path):
    (tmp_path / "INCLUDED.md").write_text("## Included heading {#included}\n\n[broken](nowhere.md)\n", encoding="utf-8")
    page = body_page('Intro\n\n--8<-- "INCLUDED.md"\n\n;--8<-- "ESCAPED.md"\n\n--8<-- "MISSING.md"\n',
                     snippets=SnippetReader(tmp_path))
    assert "included" in page.anchors
    heading = page.headings[0]
    assert (heading.source, heading.line) == ("INCLUDED.md", 1)
    link = page.links[0]
    assert (link.target, link.source, link.line, link.col) == ("nowhere.md", "INCLUDED.md", 3, 10)
    assert [(m.name, m.line) for m in page.missing_snippets] == [("MISSING.md", 10)]


def test_a_latin1_page_is_still_parsed_and_reported(guide):
    path = guide.path("guide/forming/models.md")
    path.write_bytes(path.read_text(encoding="utf-8").replace("There is no", "Th\u00e9re is no").encode("latin-1"))
    problems = guide.check()
    assert [p.format() for p in problems] == [
        f"{PAGE}:16:3: error[encoding]: file is not valid UTF-8\n  hint: re-save the file as UTF-8"
    ]


def test_every_anchor_of_the_real_guide_is_the_one_the_site_renders(monkeypatch):
    """Render each real page as the engine does (mkdocs.yml's own Markdown extensions with the guide's extension,
    snippets included) and compare the heading ids with the model's anchors, page by page."""
    monkeypatch.chdir(ROOT)
    config = load_config(str(ROOT / "mkdocs.yml"))
    configs = {name: dict(options) for name, options in config["mdx_configs"].items()}
    configs["pymdownx.snippets"] = {**configs.get("pymdownx.snippets", {}), "auto_append": [], "check_paths": False}
    project = load_project(ROOT)
    compared = 0
    for path, page in sorted(project.pages.items()):
        extensions = [*config["markdown_extensions"], EGuideExtension(inline_data=generate.extension_data(project))]
        html = markdown.Markdown(extensions=extensions, extension_configs=configs).convert(page.body)
        ids = re.findall(r"<h[1-6][^>]*\bid=\"([^\"]+)\"", html)
        # Headings written as HTML in the source (the Sources page's publishers) are anchors, not Markdown headings.
        written = set(re.findall(r"<h[1-6][^>]*\bid=\"([^\"]+)\"", page.body))
        assert written <= page.anchors, path
        assert [h.anchor for h in page.headings] == [i for i in ids if i not in written], path
        compared += len(ids)
    assert compared > 300


def test_a_glossary_term_split_by_a_line_break_is_found_where_it_starts():
    page = parse_page("x.md", "guide/x.md", "---\nid: x\n---\n\nAt once. [[Case\nmanagement|Case management]] holds.\n"
                      "And [[Debt bondage]] too.\n")
    assert [(m.name, m.line, m.col) for m in page.terms] == [("Case management", 5, 10), ("Debt bondage", 7, 5)]
