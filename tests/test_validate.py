"""Every kind of problem in the CONTRIBUTING.md table, caught with the file, line, column, message and hint a
maintainer reads; then the real guide, and a copy of it broken the way maintainers break things by accident."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import REVIEWED, ROOT, Guide

from scripts.project import load_project
from scripts.validate import validate

MODELS = "guide/forming/models.md"
PROTOCOLS = "guide/operating/protocols.md"
CHECKLIST = "checklists/drafting-mous.yml"
GLOSSARY = "data/glossary.yml"
FACTS = "data/facts.yml"


def table_codes() -> list[str]:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text[text.index("## How the checks report problems") :]
    return re.findall(r"^\| `([a-z-]+)`(?: \(warning\))? \|", section, re.MULTILINE)


def emitted_codes() -> set[str]:
    """Every code the validator modules can emit: string constants in the code argument of Problem, YamlError, Resolution."""
    positions = {"Problem": 3, "YamlError": 2, "Resolution": 0}
    codes: set[str] = set()
    for name in ("validate", "schema", "links", "yamlload", "pages", "data", "project", "model", "checklists",
                 "engine_config", "redirects", "stale", "overlay", "local_checks"):
        tree = ast.parse((ROOT / "scripts" / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in positions:
                index = positions[node.func.id]
                if len(node.args) > index:
                    for sub in ast.walk(node.args[index]):
                        if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and sub.value:
                            codes.add(sub.value)
    return codes


def test_every_code_in_the_table_has_a_test_and_every_emitted_code_is_in_the_table():
    codes = table_codes()
    assert len(codes) == len(set(codes)) >= 30
    untested = [code for code in codes if f"test_code_{code.replace('-', '_')}" not in globals()]
    assert untested == []
    assert emitted_codes() <= set(codes), emitted_codes() - set(codes)


def test_clean_tree_has_no_problems(guide):
    project = load_project(guide.root)
    assert validate(project) == []
    assert project.files_checked() == 9  # 4 pages, 1 checklist, 3 data files, mkdocs.yml


# --- one test per code, in the order of the table ------------------------------------------------


def test_code_front_matter(guide):
    guide.write("guide/forming/start-up.md", guide.read("guide/forming/start-up.md").split("\n---\n", 1)[1])
    problem = guide.only()
    assert problem.format() == (
        "guide/forming/start-up.md:1:1: error[front-matter]: page has no front matter\n"
        "  hint: start the file with a '---' block; see CONTRIBUTING.md"
    )


def test_code_missing_field(guide):
    guide.replace(CHECKLIST, "owner: Task force coordinator\n", "")
    problem = guide.only()
    assert problem.format() == (
        f"{CHECKLIST}:2:1: error[missing-field]: missing field 'owner'\n"
        "  hint: add 'owner: <the role that keeps this current, not a person>'"
    )


def test_code_missing_field_in_an_item(guide):
    guide.replace(CHECKLIST, "        ref: operating/protocols.md#signing-and-renewing\n", "")
    problem = guide.only()
    assert (problem.line, problem.col, problem.code) == (guide.line_of(CHECKLIST, "id: check-approval-time"), 9, "missing-field")
    assert problem.message == "missing field 'ref' in sections[1].items[2]"
    assert problem.hint == "add 'ref: <page.md#heading-id>' pointing to the guide section that explains this item"


def test_code_unknown_field(guide):
    guide.replace(CHECKLIST, "\ntitle:", "\ntitel:")
    problems = guide.check()
    assert [p.format() for p in problems] == [
        f"{CHECKLIST}:2:1: error[missing-field]: missing field 'title'\n  hint: add 'title: <sentence-case title>'",
        f"{CHECKLIST}:3:1: error[unknown-field]: unknown field 'titel'\n  hint: did you mean 'title'?",
    ]  # and no broken link on the pages that link to the checklist: one mistake, one report


def test_code_field_type(guide):
    guide.replace(CHECKLIST, "audience: [coordinator, law-enforcement]", "audience: coordinator")
    problem = guide.only()
    assert problem.format() == (
        f"{CHECKLIST}:6:1: error[field-type]: audience must be a list, not text\n"
        "  hint: quote text values; write lists as [a, b] or one '- item' per line"
    )


def test_code_bad_value(guide):
    guide.replace(CHECKLIST, "phase: operating", "phase: operation")
    problem = guide.only()
    assert problem.format() == (
        f"{CHECKLIST}:5:1: error[bad-value]: 'operation' is not an allowed value for phase\n"
        "  hint: did you mean 'operating'? allowed: forming, operating, victim-services, cases, courts"
    )


def test_code_bad_value_for_an_item_role(guide):
    guide.replace(CHECKLIST, "who: coordinator", "who: coordinater")
    problem = guide.only()
    assert (problem.line, problem.col) == (guide.line_of(CHECKLIST, "who: coordinater"), 9)
    assert problem.message == "'coordinater' is not an allowed value for sections[1].items[1].who"
    assert problem.hint.startswith("did you mean 'coordinator'? allowed: coordinator, law-enforcement")


def test_code_bad_date(guide):
    guide.replace(FACTS, f'checked: "{REVIEWED}"', 'checked: "2025-02-29"')
    problem = guide.only()
    assert problem.format() == (
        f"{FACTS}:5:3: error[bad-date]: '2025-02-29' in checked is not a real date\n"
        "  hint: write the date as YYYY-MM-DD, for example 2026-11-23"
    )


def test_code_future_date(guide):
    future = (date.today() + timedelta(days=30)).isoformat()
    guide.replace(CHECKLIST, f'last_reviewed: "{REVIEWED}"', f'last_reviewed: "{future}"')
    problem = guide.only()
    assert problem.format() == (
        f"{CHECKLIST}:8:1: error[future-date]: last_reviewed {future} is in the future\n"
        f"  hint: use the date the review actually happened (today is {date.today().isoformat()})"
    )


def test_code_source_url(guide):
    guide.replace(FACTS, "source: https://humantraffickinghotline.org", "source: http://humantraffickinghotline.org")
    problem = guide.only()
    assert problem.format() == (
        f"{FACTS}:4:3: error[source-url]: hotline_phone.source must be an https:// URL: "
        "'http://humantraffickinghotline.org/about-us/what-we-do'\n  hint: use the https address of the source"
    )


def test_code_duplicate_id(guide):
    guide.replace("guide/operating/protocols.md", "id: operating-protocols", "id: forming-models")
    problem = guide.only()
    assert problem.format() == (
        f"{PROTOCOLS}:2:1: error[duplicate-id]: page id 'forming-models' is already used by {MODELS}:2\n"
        "  hint: give this page a new id; ids are never reused"
    )


def test_code_duplicate_id_of_a_generated_page(guide):
    guide.replace("guide/operating/protocols.md", "id: operating-protocols", "id: reference-glossary")
    problem = guide.only()
    assert problem.message == "page id 'reference-glossary' is already used by the generated page guide/reference/glossary.md"


def test_code_broken_link(guide):
    guide.replace(MODELS, "(start-up.md#first-meeting)", "(startup.md#first-meeting)")
    problem = guide.only()
    line = guide.line_of(MODELS, "(startup.md")
    assert problem.format() == (
        f"{MODELS}:{line}:{guide.col_of(MODELS, 'startup.md')}: error[broken-link]: page 'forming/startup.md' does not exist\n"
        "  hint: did you mean start-up.md#first-meeting (guide/forming/start-up.md)?"
    )


def test_code_broken_anchor(guide):
    """The example of CONTRIBUTING.md, exactly."""
    guide.replace(PROTOCOLS, "Each agency's commitments.", "Each agency's commitments, as in [the models](../forming/models.md#coled-model).")
    problem = guide.only()
    line, col = guide.line_of(PROTOCOLS, "#coled-model"), guide.col_of(PROTOCOLS, "../forming/models.md#coled-model")
    assert problem.format() == (
        f"{PROTOCOLS}:{line}:{col}: error[broken-anchor]: 'forming/models.md' has no heading with id 'coled-model'\n"
        "  hint: did you mean guide/forming/models.md#co-led-model?"
    )


def test_code_broken_anchor_after_a_heading_is_renamed(guide):
    """Rewording a heading that has no explicit id changes its anchor; the link to the old anchor is caught."""
    guide.replace("guide/forming/start-up.md", "## How do we run the first meeting? {#first-meeting}", "## How do we run the first meeting?")
    problems = guide.check()
    assert {(p.path, p.code) for p in problems} == {
        (MODELS, "broken-anchor"), (CHECKLIST, "broken-ref"), (GLOSSARY, "broken-ref"),
    }
    assert all(p.hint == "did you mean guide/forming/start-up.md#how-do-we-run-the-first-meeting?" for p in problems)


def test_code_duplicate_anchor(guide):
    guide.replace(MODELS, "{#single-leader-model}", "{#co-led-model}")
    problems = guide.check()
    line = guide.line_of(MODELS, "## When does a single-leader")
    assert [p.format() for p in problems if p.code == "duplicate-anchor"] == [(
        f"{MODELS}:{line}:{guide.col_of(MODELS, '#co-led-model}', 2)}: error[duplicate-anchor]: heading id 'co-led-model' is "
        f"already used on line {guide.line_of(MODELS, '{#co-led-model}')}\n"
        "  hint: give this heading its own {#id}; links and checklists can only reach the first one"
    )]
    assert [p.code for p in problems if p.code != "duplicate-anchor"] == ["broken-anchor"]  # the start-up page's link


def test_code_missing_file(guide):
    guide.replace(MODELS, "(img/co-led.svg)", "(img/coled.svg)")
    problem = guide.only()
    line, col = guide.line_of(MODELS, "img/coled.svg"), guide.col_of(MODELS, "img/coled.svg")
    assert problem.format() == (
        f"{MODELS}:{line}:{col}: error[missing-file]: file 'forming/img/coled.svg' does not exist in guide/\n"
        "  hint: add the file or fix the path"
    )


def test_removing_an_explicit_id_suggests_the_heading_that_took_its_place(guide):
    guide.replace(MODELS, "## When does a co-led model fit? {#co-led-model}", "## When does a co-led model fit?")
    problems = guide.check()
    assert {(p.path, p.code) for p in problems} == {("guide/index.md", "broken-anchor"), (GLOSSARY, "broken-ref")}
    assert {p.hint for p in problems} == {"did you mean guide/forming/models.md#when-does-a-co-led-model-fit?"}


def test_code_missing_file_for_a_snippet(guide):
    guide.replace(MODELS, "## When does a single-leader", '--8<-- "NOTES.md"\n\n## When does a single-leader')
    problem = guide.only()
    assert problem.format() == (
        f"{MODELS}:{guide.line_of(MODELS, 'NOTES.md')}:9: error[missing-file]: snippet 'NOTES.md' does not exist\n"
        "  hint: snippets are read from the project folder (pymdownx.snippets base_path in mkdocs.yml)"
    )


def test_code_link_outside_guide(guide):
    guide.replace(MODELS, "(start-up.md#first-meeting)", "(../../CONTRIBUTING.md)")
    problem = guide.only()
    assert problem.code == "link-outside-guide"
    assert problem.message == "link '../../CONTRIBUTING.md' points outside guide/"
    assert problem.hint == "link to a page inside guide/ or to the https:// address of the file"


def test_code_insecure_link(guide):
    guide.replace(PROTOCOLS, "(https://www.justice.gov/", "(http://www.justice.gov/")
    problem = guide.only()
    line, col = guide.line_of(PROTOCOLS, "http://"), guide.col_of(PROTOCOLS, "http://")
    assert problem.format() == (
        f"{PROTOCOLS}:{line}:{col}: error[insecure-link]: external link uses http: "
        "'http://www.justice.gov/humantrafficking/special-initiatives'\n  hint: use the https:// address"
    )


def test_code_bad_link(guide):
    guide.replace(MODELS, "(start-up.md#first-meeting)", "(/forming/start-up.md)")
    problem = guide.only()
    assert problem.code == "bad-link"
    assert problem.message == "absolute link '/forming/start-up.md' breaks the offline edition"
    assert problem.hint == "use a path relative to this page, e.g. ../forming/models.md"


def test_code_image_alt(guide):
    guide.replace(MODELS, "![Diagram of a co-led task force]", "![]")
    problem = guide.only()
    line = guide.line_of(MODELS, "![](img")
    assert problem.format() == (
        f"{MODELS}:{line}:5: error[image-alt]: image 'img/co-led.svg' has no alt text\n"
        "  hint: describe the image in the brackets: ![what it shows](path)"
    )


def test_code_nav_missing(guide):
    guide.replace("mkdocs.yml", "      - Start-up tasks: forming/start-up.md\n",
                  "      - Start-up tasks: forming/start-up.md\n      - Leadership: forming/leadership.md\n")
    problem = guide.only()
    assert problem.format() == (
        "mkdocs.yml:21:9: error[nav-missing]: nav entry 'Leadership' points to 'forming/leadership.md', which does not exist\n"
        "  hint: fix the path (relative to guide/) or remove the entry"
    )


def test_code_nav_missing_suggests_a_near_path(guide):
    guide.replace("mkdocs.yml", "Start-up tasks: forming/start-up.md", "Start-up tasks: forming/startup.md")
    problems = guide.check()
    assert [(p.path, p.code, p.hint) for p in problems] == [
        ("guide/forming/start-up.md", "orphan-page",
         "add it to 'nav:' in mkdocs.yml, or set 'unlisted: true' in its front matter if that is intended"),
        ("mkdocs.yml", "nav-missing", "did you mean 'forming/start-up.md'?"),
    ]


def test_code_orphan_page(guide):
    text = guide.read(PROTOCOLS).replace("id: operating-protocols", "id: operating-case-review")
    guide.write("guide/operating/case-review.md", text)
    problem = guide.only()
    assert problem.format() == (
        "guide/operating/case-review.md:1:1: error[orphan-page]: page is not in the nav of mkdocs.yml\n"
        "  hint: add it to 'nav:' in mkdocs.yml, or set 'unlisted: true' in its front matter if that is intended"
    )


def test_unlisted_page_is_not_an_orphan(guide):
    text = guide.read(PROTOCOLS).replace("id: operating-protocols", "id: operating-case-review\nunlisted: true")
    guide.write("guide/operating/case-review.md", text)
    assert guide.check() == []


def test_code_yaml_syntax(guide):
    guide.replace(CHECKLIST, "text: List every agency that must sign.", "text: Note: list every agency that must sign.")
    problem = guide.only()
    line = guide.line_of(CHECKLIST, "text: Note:")
    assert (problem.path, problem.line, problem.col, problem.code) == (CHECKLIST, line, 19, "yaml-syntax")
    assert problem.message.startswith("YAML syntax error: mapping values are not allowed")
    assert problem.hint == "check indentation and quote text that contains ': ' or starts with a special character"


def test_code_yaml_tab(guide):
    guide.replace(CHECKLIST, "    items:\n", "\titems:\n")
    problem = guide.only()
    assert problem.format() == (
        f"{CHECKLIST}:11:1: error[yaml-tab]: tab character in indentation\n"
        "  hint: YAML indents with spaces only; replace the tab with spaces"
    )


def test_code_empty_file(guide):
    guide.write("checklists/new-checklist.yml", "# yaml-language-server: $schema=./checklist.schema.json\n\n")
    problem = guide.only()
    assert problem.format() == (
        "checklists/new-checklist.yml:1:1: error[empty-file]: file is empty\n  hint: add content or delete the file"
    )


def test_code_duplicate_key(guide):
    guide.replace(CHECKLIST, "phase: operating\n", "phase: operating\nphase: forming\n")
    problem = guide.only()  # and no broken link to the checklist's page
    assert problem.format() == (
        f"{CHECKLIST}:6:1: error[duplicate-key]: duplicate key 'phase' (first defined on line 5)\n"
        "  hint: YAML keeps only the last value silently; delete or rename one of them"
    )


def test_code_encoding(guide):
    line = guide.line_of(GLOSSARY, "never shrinks")
    guide.write_bytes(GLOSSARY, guide.read(GLOSSARY).replace("never shrinks", "n\u00e9ver shrinks").encode("latin-1"))
    problem = guide.only()  # no unknown-term on every page: the glossary's own problem is the one to fix
    assert problem.format() == f"{GLOSSARY}:{line}:1: error[encoding]: file is not valid UTF-8\n  hint: save it as UTF-8"


def test_code_checklist_filename(guide):
    shutil.move(guide.path(CHECKLIST), guide.path("checklists/drafting-mou.yml"))
    problems = guide.check()
    assert [p.format() for p in problems] == [(
        "checklists/drafting-mou.yml:2:1: error[checklist-filename]: id 'drafting-mous' does not match the file name "
        "'drafting-mou'\n  hint: rename the file to drafting-mous.yml or set 'id: drafting-mou'"
    )]


def test_code_duplicate_checklist_id(guide):
    guide.write("checklists/drafting-mous-copy.yml", guide.read(CHECKLIST))
    problems = guide.check()
    assert [(p.path, p.code, p.message) for p in problems] == [
        ("checklists/drafting-mous-copy.yml", "checklist-filename", "id 'drafting-mous' does not match the file name 'drafting-mous-copy'"),
        ("checklists/drafting-mous.yml", "duplicate-checklist-id",
         "checklist id 'drafting-mous' is already used by checklists/drafting-mous-copy.yml"),
    ]


def test_code_duplicate_item_id(guide):
    guide.replace(CHECKLIST, "id: plan-first-meeting", "id: list-signatories")
    problem = guide.only()
    assert problem.format() == (
        f"{CHECKLIST}:{guide.line_of(CHECKLIST, 'id: list-signatories', 2)}:1: error[duplicate-item-id]: "
        f"item id 'list-signatories' is already used on line {guide.line_of(CHECKLIST, 'id: list-signatories')}\n"
        "  hint: give the new item its own id; never renumber existing ones"
    )


def test_code_broken_ref(guide):
    guide.replace(CHECKLIST, "operating/protocols.md#memorandums-of-understanding", "operating/protocols.md#memorandums-of-understandng")
    problem = guide.only()
    assert problem.format() == (
        f"{CHECKLIST}:14:9: error[broken-ref]: item 'list-signatories': 'operating/protocols.md' has no heading with id "
        "'memorandums-of-understandng'\n  hint: did you mean guide/operating/protocols.md#memorandums-of-understanding?"
    )


def test_code_broken_ref_in_the_glossary(guide):
    guide.replace(GLOSSARY, "see: forming/models.md#co-led-model", "see: forming/model.md#co-led-model")
    problem = guide.only()
    assert problem.format() == (
        f"{GLOSSARY}:4:3: error[broken-ref]: term 'Co-led model': page 'forming/model.md' does not exist\n"
        "  hint: did you mean guide/forming/models.md#co-led-model?"
    )


def test_code_broken_ref_that_is_not_a_reference(guide):
    guide.replace(CHECKLIST, "ref: forming/start-up.md#first-meeting", "ref: ../forming/start-up.md")
    problem = guide.only()
    assert (problem.path, problem.line, problem.col, problem.code) == (CHECKLIST, guide.line_of(CHECKLIST, "../forming"), 9, "broken-ref")
    assert problem.message == "sections[2].items[1].ref '../forming/start-up.md' is not a guide reference (page.md#heading-id)"
    assert problem.hint == (
        "write the page path relative to guide/ and a heading id, for example operating/protocols.md#memorandums-of-understanding"
    )


def test_code_unknown_term(guide):
    guide.replace("guide/forming/start-up.md", "[[Debt bondage]]", "[[Debt bondge]]")
    problem = guide.only()
    line = guide.line_of("guide/forming/start-up.md", "[[Debt bondge]]")
    assert problem.format() == (
        f"guide/forming/start-up.md:{line}:21: error[unknown-term]: 'Debt bondge' is not in the glossary\n"
        "  hint: did you mean [[Debt bondage]]?"
    )


def test_code_duplicate_term(guide):
    guide.write(GLOSSARY, guide.read(GLOSSARY) + guide.read(GLOSSARY).split("- term: Debt bondage")[0].split("\n", 1)[1]
                .replace("Co-led model", "co-led model"))
    problem = guide.only()
    assert problem.format() == (
        f"{GLOSSARY}:{guide.line_of(GLOSSARY, 'term: co-led model')}:1: error[duplicate-term]: "
        "'co-led model' is already defined on line 2\n  hint: merge the two definitions"
    )


def test_code_unknown_fact(guide):
    guide.replace(MODELS, "{{ facts.hotline_phone }}", "{{ facts.hotline_phon }}")
    problem = guide.only()
    line = guide.line_of(MODELS, "hotline_phon ")
    assert problem.format() == (
        f"{MODELS}:{line}:{guide.col_of(MODELS, '{{')}: error[unknown-fact]: fact 'hotline_phon' is not in data/facts.yml\n"
        "  hint: did you mean facts.hotline_phone?"
    )


def test_code_unknown_callout(guide):
    guide.replace(MODELS, '!!! smart-practice "Write', '!!! smart-practise "Write')
    problem = guide.only()
    assert problem.format() == (
        f"{MODELS}:{guide.line_of(MODELS, 'smart-practise')}:1: error[unknown-callout]: 'smart-practise' is not one of "
        "the 6 call-out types\n  hint: did you mean 'smart-practice'? use: get-help, smart-practice, case-study, tool, key-term, more-resources"
    )


def test_code_callout_title(guide):
    guide.replace(MODELS, '!!! case-study "Composite example: a county', '!!! case-study "A county')
    problem = guide.only()
    assert problem.format() == (
        f"{MODELS}:{guide.line_of(MODELS, 'case-study')}:1: error[callout-title]: a case study must say whether it is a "
        'composite or public record\n  hint: start the title with "Composite example:" or "Public record:" (and cite the record)'
    )


def test_callout_without_title(guide):
    guide.replace(MODELS, '!!! smart-practice "Write decision rules before you need them"', "!!! smart-practice")
    problem = guide.only()
    assert (problem.code, problem.message, problem.hint) == (
        "callout-title", "call-out has no title", 'write !!! smart-practice "A short title"')


def test_code_terminology(guide):
    guide.replace("guide/forming/start-up.md", "Plan the next meeting.", "Never call a child a child prostitute.")
    problem = guide.only()
    line = guide.line_of("guide/forming/start-up.md", "child prostitute")
    assert problem.format() == (
        f"guide/forming/start-up.md:{line}:22: error[terminology]: 'child prostitute': A child cannot consent to "
        "commercial sex; the phrase blames the child.\n  hint: write 'child who has been sold for sex' instead "
        "(quoting a title? add <!-- term-ok: reason --> on the line)"
    )


def test_code_table_term(guide):
    guide.replace("guide/forming/start-up.md", "Plan the next meeting.",
                  "Plan the next meeting.\n\n| Who | What |\n| --- | --- |\n| All | The [[co-led|Co-led model]] |\n| Some | [[co-led\\|Co-led model]] |")
    problem = guide.only()
    line = guide.line_of("guide/forming/start-up.md", "| All |")
    assert problem.format() == (
        f"guide/forming/start-up.md:{line}:13: error[table-term]: '[[…|Co-led model]]' in a table: the bar would split the table cell\n"
        "  hint: escape the bar in tables: [[shown text\\|Term]]"
    )


def test_code_stale_page(guide):
    from scripts.stale import stale_items

    project = guide.project()
    warnings = stale_items(project, today=date(2030, 1, 1))
    page = next(w for w in warnings if w.code == "stale-page" and w.path == "guide/forming/models.md")
    line = guide.line_of("guide/forming/models.md", "last_reviewed:")
    assert page.format() == (
        f"guide/forming/models.md:{line}:1: warning[stale-page]: last reviewed {REVIEWED}; its review was due 2026-06-01\n"
        "  hint: re-check the page's facts against its sources, then set last_reviewed to today"
    )
    assert stale_items(project, today=date(2025, 6, 2)) == []  # nothing is due the day after a review
    assert guide.check() == []  # never a check problem


def test_code_stale_fact(guide):
    from scripts.stale import stale_items

    warnings = [w for w in stale_items(guide.project(), today=date(2030, 1, 1)) if w.code == "stale-fact"]
    assert warnings and all(w.severity == "warning" and w.path == "data/facts.yml" for w in warnings)
    assert "was last checked" in warnings[0].message and warnings[0].hint.startswith("confirm it at https://")
    dates = [w.message.rsplit(" ", 1)[1] for w in stale_items(guide.project(), today=date(2030, 1, 1))]
    assert dates == sorted(dates)  # most overdue first


def test_code_stale_checklist(guide):
    from scripts.stale import stale_items

    warnings = [w for w in stale_items(guide.project(), today=date(2030, 1, 1)) if w.code == "stale-checklist"]
    assert [(w.path, w.severity) for w in warnings] == [(CHECKLIST, "warning")]


def test_code_yaml_alias(guide):
    guide.replace("guide/forming/start-up.md", "---\n", "---\nlol: &a [x, x]\nlols: [*a, *a]\n", 1)
    problem = guide.only()
    assert problem.format() == (
        "guide/forming/start-up.md:2:6: error[yaml-alias]: YAML anchor '&a' is not allowed\n"
        "  hint: write the value out in full; anchors and aliases are refused so no file can expand into a huge document"
    )


def test_an_alias_bomb_in_a_checklist_is_refused_at_once(guide):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 9)}]\n" for n in range(9))
    guide.write("checklists/bomb.yml", bomb)
    started = time.perf_counter()
    problem = guide.only()
    assert time.perf_counter() - started < 30  # a generous bound; expanding the bomb would take hours
    assert (problem.path, problem.line, problem.code) == ("checklists/bomb.yml", 1, "yaml-alias")


def test_code_unsafe_path(guide, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("---\nid: x\n---\n# Not ours\n", encoding="utf-8")
    guide.path("guide/forming/secret.md").symlink_to(outside)
    problem = guide.only()
    assert problem.format() == (
        "guide/forming/secret.md:1:1: error[unsafe-path]: guide/forming/secret.md is a link to a file outside the project\n"
        "  hint: copy the file into guide/ instead; the build never reads or publishes files from outside"
    )
    assert "forming/secret.md" not in guide.project().pages


@pytest.mark.parametrize("name", ["/etc/hostname", "../../outside.md", "data/../../x.md"])
def test_snippets_outside_the_project_are_unsafe(guide, name):
    guide.replace("guide/forming/start-up.md", "Plan the next meeting.", f'Plan the next meeting.\n\n--8<-- "{name}"')
    problem = guide.only()
    line = guide.line_of("guide/forming/start-up.md", "--8<--")
    assert problem.format() == (
        f"guide/forming/start-up.md:{line}:9: error[unsafe-path]: snippet '{name}' is outside the project\n"
        "  hint: include files by a path relative to the project folder, with no '..' and no leading '/'"
    )


@pytest.mark.parametrize(("markup", "what"), [
    ("![A map](https://maps.example.com/map.png)", "an image"),
    ('<img src="//cdn.example.com/x.png" alt="x">', "an image"),
    ('<iframe src="https://video.example.com/embed/1" title="x"></iframe>', "a <iframe>"),
    ('<script src="https://cdn.example.com/a.js"></script>', "a <script>"),
])
def test_code_external_resource(guide, markup, what):
    guide.replace("guide/forming/start-up.md", "Plan the next meeting.", f"Plan the next meeting.\n\n{markup}")
    problem = guide.only()
    assert problem.code == "external-resource" and problem.message.startswith(f"{what} is loaded from another host")
    assert problem.hint.startswith("save the file under guide/")


def test_code_bad_url(guide):
    guide.replace("guide/forming/models.md", "url: https://www.justice.gov/humantrafficking/special-initiatives",
                  "url: https://www.justice.gov/human trafficking")
    problem = guide.only()
    assert problem.code == "bad-url"
    assert problem.message == "source 1: 'https://www.justice.gov/human trafficking' contains spaces or characters a URL cannot hold"
    assert (problem.path, problem.line, problem.col) == ("guide/forming/models.md", guide.line_of("guide/forming/models.md", "human trafficking"), 5)


@pytest.mark.parametrize(("url", "why"), [
    ("https://localhost/x", "has no valid host name"),
    ("https://user:pw@www.gao.gov/x", "must not carry a user name or password"),
    ("https://www.gao.gov:8080/x", "has no valid host name"),
    ("https://www.gao.gov/\"onmouseover=x", "contains spaces or characters a URL cannot hold"),
])
def test_source_urls_are_validated_as_urls(url, why):
    from scripts.validate import url_problem

    assert url_problem(url) == why
    assert url_problem("https://www.justice.gov/humantrafficking") is None


def test_code_bad_redirect(guide):
    guide.write("data/redirects.yml", "forming/old-models.md: forming/model.md\nforming/models.md: forming/start-up.md\n")
    problems = guide.check()
    assert [p.format() for p in problems] == [
        ("data/redirects.yml:1:1: error[bad-redirect]: 'forming/old-models.md' redirects to page 'forming/model.md' does not exist\n"
        "  hint: did you mean forming/models.md?"),
        ("data/redirects.yml:2:1: error[bad-redirect]: 'forming/models.md' is a page that exists; a redirect would hide it\n"
        "  hint: remove this line, or move the page away first"),
    ]


def test_code_config(guide):
    guide.replace("mkdocs.yml", "use_directory_urls: false", "use_directory_urls: perhaps")
    problem = guide.only()
    assert problem.format() == (
        "mkdocs.yml:4:1: error[config]: 'use_directory_urls': Expected type: <class 'bool'> but received: <class 'str'>\n"
        "  hint: MkDocs reports this as an error; the strict build stops on it"
    )


def test_code_engine_unsupported(guide):
    guide.write("mkdocs.yml", guide.read("mkdocs.yml") + "hooks:\n  - hooks.py\nplugins:\n  - search\n  - tags\n")
    problems = [p for p in guide.check() if p.code == "engine-unsupported"]
    assert [p.format() for p in problems] == [
        (f"mkdocs.yml:{guide.line_of('mkdocs.yml', 'hooks:')}:1: error[engine-unsupported]: 'hooks' run under MkDocs only; "
        "Zensical ignores them without a word\n  hint: do that work in scripts/prepare.py (before the engine) or "
        "scripts/finish.py (after it), or in scripts/markdown_ext.py, which both engines run"),
        (f"mkdocs.yml:{guide.line_of('mkdocs.yml', '- tags')}:5: error[engine-unsupported]: plugin 'tags' is not one Zensical "
        "runs; it would be dropped from that build\n  hint: do that work in scripts/prepare.py (before the engine) or "
        "scripts/finish.py (after it), or in scripts/markdown_ext.py, which both engines run"),
    ]


def test_a_generated_page_outside_the_nav_is_reported_like_an_authored_one(guide):
    guide.replace("mkdocs.yml", "      - Recent changes: reference/changes.md\n", "")
    problem = guide.only()
    assert problem.format() == (
        "mkdocs.yml:1:1: error[orphan-page]: the generated page guide/reference/changes.md is not in the nav of mkdocs.yml\n"
        "  hint: add 'reference/changes.md' to 'nav:' (or to not_in_nav), as the other generated pages are")


def test_facts_in_checklist_items_are_checked(guide):
    guide.replace(CHECKLIST, "text: ", "text: Call {{ facts.hotline_phon }} and ", 1)
    problem = guide.only()
    assert problem.code == "unknown-fact" and problem.path == CHECKLIST
    assert "'{{ facts.hotline_phon }}' is not a fact in data/facts.yml" in problem.message


def test_exclude_docs_and_not_in_nav_mean_what_they_mean_to_mkdocs(guide):
    guide.write("guide/forming/draft.md", guide.read("guide/forming/start-up.md").replace("id: forming-start-up", "id: draft"))
    assert guide.only().code == "orphan-page"
    guide.replace("mkdocs.yml", "  /checklists/*.md\n", "  /checklists/*.md\n  /forming/draft.md\n")
    assert guide.check() == []
    guide.replace("mkdocs.yml", "  /forming/draft.md\n", "")
    guide.write("mkdocs.yml", guide.read("mkdocs.yml") + "exclude_docs: |\n  /forming/draft.md\n")
    assert "forming/draft.md" not in guide.project().pages and guide.check() == []


def test_site_url_is_read_as_mkdocs_reads_it(guide, monkeypatch):
    monkeypatch.setenv("EGUIDE_TEST_SITE", "https://guide.example.gov/")
    guide.replace("mkdocs.yml", "site_url: https://guide.example.org/", "site_url: !ENV [EGUIDE_TEST_SITE, 'https://x.example.org/']")
    assert guide.project().site_url == "https://guide.example.gov/"


def test_terminology_across_a_line_break_in_checklists_and_exemptions(guide):
    guide.replace("guide/forming/start-up.md", "Plan the next meeting.", "Do not say illegal\nalien.")
    guide.replace(PROTOCOLS, "Plan for each agency's", "Quote the title <!-- term-ok: statute title --> child prostitute. Plan for each agency's")
    guide.replace(CHECKLIST, "List every agency that must sign.", "Never write Child  Prostitute.")
    guide.replace(MODELS, "[A link inside a code example]", "[Child prostitute in a code example]")
    problems = guide.check()
    assert [(p.path, p.line, p.col, p.message.split(":")[0]) for p in problems] == [
        (CHECKLIST, guide.line_of(CHECKLIST, "Never write"), 27, "'Child Prostitute'"),
        ("guide/forming/start-up.md", guide.line_of("guide/forming/start-up.md", "illegal"), 12, "'illegal alien'"),
    ]


def test_code_generated_page(guide):
    guide.write("guide/reference/glossary.md", guide.read(PROTOCOLS).replace("id: operating-protocols", "id: my-glossary"))
    problem = guide.only()
    assert problem.format() == (
        "guide/reference/glossary.md:1:1: error[generated-page]: the site generates guide/reference/glossary.md from "
        "data/glossary.yml; this file would be replaced\n  hint: edit data/glossary.yml instead, or move this page to another path"
    )


# --- the report as a whole ----------------------------------------------------------------------


def test_all_problems_in_one_run_sorted_by_file_and_position(guide):
    guide.replace("mkdocs.yml", "forming/models.md", "forming/modles.md")
    guide.replace(PROTOCOLS, "(https://www", "(http://www")
    guide.replace(MODELS, "(start-up.md#first-meeting)", "(start-up.md#first-meting)")
    guide.replace(MODELS, "[[co-led model|Co-led model]]", "[[co-led model|Coled model]]")
    guide.replace(CHECKLIST, "who: coordinator", "who: boss")
    guide.replace(FACTS, "label:", "labl:")
    problems = guide.check()
    assert [(p.path, p.code) for p in problems] == [
        (CHECKLIST, "bad-value"),
        (FACTS, "missing-field"),
        (FACTS, "unknown-field"),
        (MODELS, "orphan-page"),
        (MODELS, "broken-anchor"),
        (MODELS, "unknown-term"),
        (PROTOCOLS, "insecure-link"),
        ("mkdocs.yml", "nav-missing"),
    ]
    assert problems == sorted(problems)


def test_links_inside_included_snippets_are_reported_at_the_snippet(guide):
    guide.write("NOTES.md", "## Notes {#notes}\n\nSee [the models](forming/models.md).\n")
    guide.replace(MODELS, "## When does a single-leader", '--8<-- "NOTES.md"\n\n## When does a single-leader')
    guide.replace(PROTOCOLS, "Each agency's commitments.", "Each agency's commitments. [Notes](../forming/models.md#notes).")
    problem = guide.only()
    assert (problem.path, problem.line, problem.col, problem.code) == ("NOTES.md", 3, 18, "broken-link")
    assert problem.hint == "did you mean models.md (guide/forming/models.md)?"


def test_a_hand_written_file_named_like_a_checklist_page(guide):
    guide.write("guide/checklists/drafting-mous.md", guide.read(PROTOCOLS).replace("id: operating-protocols", "id: x-y"))
    problem = guide.only()
    assert problem.code == "generated-page"
    assert problem.message.endswith("from checklists/drafting-mous.yml; this file would be replaced")


def test_a_broken_mkdocs_yml_is_a_problem_not_a_crash(guide):
    guide.write_bytes("mkdocs.yml", guide.read("mkdocs.yml").replace("Test guide", "Gu\u00eda").encode("latin-1"))
    problem = guide.only()
    assert (problem.path, problem.line, problem.col, problem.code) == ("mkdocs.yml", 1, 14, "encoding")
    guide.write("mkdocs.yml", "nav:\n  - Home: index.md\n nav: []\n")
    assert guide.only().code == "yaml-syntax"


# --- the real guide, and copies of it broken by accident ----------------------------------------


def test_the_real_guide_passes_check():
    result = subprocess.run([sys.executable, "-m", "scripts", "check"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("No problems in ")


def _most_referenced_anchor(repo: Guide) -> tuple[str, str]:
    """The (page, anchor) that checklists point at most often: renaming it hurts the most."""
    counts: dict[str, int] = {}
    for file in sorted(repo.path("checklists").glob("*.yml")):
        for ref in re.findall(r"^\s*ref: (\S+#\S+)", file.read_text(encoding="utf-8"), re.MULTILINE):
            counts[ref] = counts.get(ref, 0) + 1
    ref = max(sorted(counts), key=counts.get)
    page, _, anchor = ref.partition("#")
    return page, anchor


def test_renaming_a_heading_id_reports_every_reference_with_the_new_id(repo_copy):
    page, anchor = _most_referenced_anchor(repo_copy)
    repo_copy.replace(f"guide/{page}", f"{{#{anchor}}}", f"{{#{anchor}-renamed}}")
    problems = repo_copy.check()
    refs = [(f, n) for f in sorted(repo_copy.path("checklists").glob("*.yml"))
            for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), start=1) if line.strip() == f"ref: {page}#{anchor}"]
    broken_refs = [p for p in problems if p.code == "broken-ref" and p.path.startswith("checklists/")]
    assert sorted((p.path, p.line) for p in broken_refs) == sorted((f"checklists/{f.name}", n) for f, n in refs)
    assert problems and all(p.code in ("broken-ref", "broken-anchor") for p in problems)
    assert all(f"no heading with id '{anchor}'" in p.message for p in problems)
    assert all(p.hint == f"did you mean guide/{page}#{anchor}-renamed?" for p in problems)


def test_mistyped_checklist_ref_in_the_real_guide(repo_copy):
    file = min(repo_copy.path("checklists").glob("*.yml"))
    rel = f"checklists/{file.name}"
    ref = re.search(r"ref: (\S+)#(\S+)", repo_copy.read(rel))
    repo_copy.replace(rel, ref.group(0), f"ref: {ref.group(1)}#{ref.group(2)[:-1]}")
    problem = repo_copy.only()
    assert (problem.path, problem.line, problem.code) == (rel, repo_copy.line_of(rel, f"#{ref.group(2)[:-1]}\n"[:-1]), "broken-ref")
    assert problem.hint == f"did you mean guide/{ref.group(1)}#{ref.group(2)}?"


def test_duplicated_key_tab_and_typo_in_a_real_checklist_each_give_one_problem(tmp_path):
    from conftest import copy_repo

    cases = {
        "duplicate-key": lambda text: text.replace("\nphase:", "\nphase: forming\nphase:", 1),
        "yaml-tab": lambda text: text.replace("\n    items:", "\n\titems:", 1),
        "unknown-field": lambda text: text.replace("\nsummary:", "\nsumary:", 1),
    }
    for code, breaker in cases.items():
        repo = copy_repo(tmp_path / code)
        rel = "checklists/drafting-mous.yml"
        repo.write(rel, breaker(repo.read(rel)))
        problems = repo.check()
        assert code in {p.code for p in problems}
        assert all(p.path == rel for p in problems), "\n".join(p.format() for p in problems)
        if code == "unknown-field":
            assert [p.hint for p in problems if p.code == "unknown-field"] == ["did you mean 'summary'?"]


def test_a_page_saved_as_latin1_gives_one_problem(repo_copy):
    rel = "guide/forming/models.md"
    text = repo_copy.read(rel)
    first_body_line = text.split("\n---\n", 1)[1]
    accented = first_body_line.replace("e", "\u00e9", 1)
    repo_copy.write_bytes(rel, text.replace(first_body_line, accented).encode("latin-1", "replace"))
    problems = repo_copy.check()
    assert [(p.path, p.code) for p in problems] == [(rel, "encoding")]


def test_a_new_page_without_nav_in_the_real_guide(repo_copy):
    text = repo_copy.read("guide/forming/models.md")
    repo_copy.write("guide/forming/case-review.md", re.sub(r"(?m)^id: .*$", "id: forming-case-review", text, count=1))
    problem = repo_copy.only()
    assert (problem.path, problem.code) == ("guide/forming/case-review.md", "orphan-page")


def test_misspelled_field_in_a_real_page(repo_copy):
    repo_copy.replace("guide/forming/models.md", "\ntitle:", "\ntitel:")
    problems = repo_copy.check()
    assert [(p.code, p.message, p.hint) for p in problems] == [
        ("missing-field", "missing field 'title'", "add 'title: <sentence-case title>'"),
        ("unknown-field", "unknown field 'titel'", "did you mean 'title'?"),
    ]


def test_deleting_a_page_reports_nav_links_and_refs(repo_copy):
    Path(repo_copy.path("guide/forming/models.md")).unlink()
    problems = repo_copy.check()
    codes = {p.code for p in problems}
    assert "nav-missing" in codes and "broken-link" in codes
    assert all("forming/models.md" in p.message for p in problems)


def test_the_real_contributing_guide_is_included_so_its_anchors_resolve(repo_copy):
    repo_copy.replace("guide/forming/models.md", "\n## ", "\nSee [how checks report](../contributing.md#checks).\n\n## ")
    assert repo_copy.check() == []
    repo_copy.replace("guide/forming/models.md", "../contributing.md#checks", "../contributing.md#check")
    assert repo_copy.only().hint == "did you mean guide/contributing.md#checks?"


# --- a local edition's overlay (the `overlay` fixture: conftest.py; more in test_overlay.py) ----------


def test_code_bad_phone(overlay):
    overlay.replace("local.yml", "phone: 202-555-0143", "phone: 202-555-CALL")
    problem = overlay.only()
    assert problem.format() == (
        f"local-edition/local.yml:{overlay.line_of('local.yml', 'phone: 202-555-CALL')}:5: error[bad-phone]: "
        "contact 'Test Valley intake line': phone '202-555-CALL' has characters that are not digits "
        "(write letters out as digits: 1-800-THE-LOST is 1-800-843-5678)\n"
        "  hint: write the number as digits, e.g. 202-555-0143 or (202) 555-0143; extensions and words go in 'hours'"
    )


def test_code_insertion_point(overlay):
    overlay.guide.replace(MODELS, "{#co-led-model}", "{#shared-leadership}")
    overlay.guide.replace("guide/index.md", "models.md#co-led-model", "models.md#shared-leadership")
    overlay.guide.replace(GLOSSARY, "models.md#co-led-model", "models.md#shared-leadership")
    problem = overlay.only()
    assert problem.format() == (
        "local-edition/notes/models.md:2:1: error[insertion-point]: note 'In Test State' is inserted under "
        "'forming/models.md#co-led-model', but guide/forming/models.md no longer has a heading with id 'co-led-model' "
        "(renamed or removed by a national update?)\n"
        "  hint: the closest heading id there now is forming/models.md#single-leader-model; read guide/forming/models.md "
        "as it is now, set 'at:' to the heading the note belongs under (check the "
        "note still says what the new section needs), then run make check LOCAL=... again"
    )


def test_code_personal_data(overlay):
    overlay.replace("pages/our-protocol.md", "reviews each draft.", "reviews each draft. Her date of birth: 2009-03-14.")
    problem = overlay.only()
    line = overlay.line_of("pages/our-protocol.md", "date of birth")
    assert problem.format() == (
        f"local-edition/pages/our-protocol.md:{line}:{overlay.col_of('pages/our-protocol.md', 'date of birth')}: "
        "error[personal-data]: a date of birth ('date of birth: 2009-03-14'): a date of birth identifies a person; "
        "a public guide never holds one\n"
        "  hint: remove it: describe people by role, never by identifying details "
        "(see 'Never put case details or personal data in the repository')"
    )
