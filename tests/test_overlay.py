"""Local editions (scripts/overlay.py, local_stage.py, local_checks.py): the fictional example builds with its
name, contacts, pages, note and checklist item everywhere they belong; the national build holds none of it;
and the checks name the overlay's own files and lines, say what a national update broke, and refuse
personal data."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, Guide, copy_repo

from scripts.build import build_site
from scripts.cli import main
from scripts.local_checks import phone_number_problem
from scripts.prepare import prepare
from scripts.project import load_project
from scripts.validate import validate

EXAMPLE = ROOT / "examples" / "local-edition"
NAME = "Fictional Valley Task Force"
# Strings only the example holds: none may appear anywhere in the national build.
EXAMPLE_MARKERS = ("Fictional Valley", "Example State", "555-0143", "555-0177", "555-0110", "+12025550143",
                   "our-protocol", "state-law-in-example-state", "eguide-local", "Valley referral card",
                   "hand-out-valley-referral-card")


def _copy_example(repo: Guide) -> Path:
    target = repo.root / "examples" / "local-edition"
    shutil.copytree(EXAMPLE, target)
    return target


# --- the example ----------------------------------------------------------------------------------


def test_the_example_passes_check(monkeypatch):
    monkeypatch.chdir(ROOT)
    project = load_project(ROOT, local=EXAMPLE)
    assert validate(project) == []
    edition = project.local
    assert edition.name == NAME and len(edition.contacts) >= 2 and len(edition.pages) >= 2
    assert len(edition.notes) >= 1 and len(edition.items) >= 1 and len(edition.glossary) >= 1
    assert all(local.applied for local in edition.items)
    for page in edition.pages:  # every page the example adds says it is fictional
        assert "fictional" in page.text.lower(), page.source
    assert all(re.fullmatch(r"\D*202\D*555\D*01\d\d", c.phone) for c in edition.contacts)  # the reserved range


def test_the_national_model_is_untouched_without_local():
    project = load_project(ROOT)
    assert project.local is None
    assert not any(path.startswith("local/") for path in project.pages)
    assert not any(item.local for checklist in project.checklists for item in checklist.items)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """One copy of the real repository with the example, built as the national guide and as the local edition
    (MkDocs, with printables; the PDF cache is shared so unchanged checklists are rendered once). The pytest-xdist
    workers share one copy (their base folder's parent is common to them), built by the first under a lock."""
    import fcntl

    shared = tmp_path_factory.getbasetemp().parent
    root = shared / "editions" / "repo"
    national, local = root / "site-national", root / "site-local"
    (shared / "editions").mkdir(exist_ok=True)
    with (shared / "editions.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / ".built").is_file():
            shutil.rmtree(root, ignore_errors=True)
            repo = copy_repo(root)
            (root / "node_modules").symlink_to(ROOT / "node_modules")
            example = _copy_example(repo)
            assert build_site(root, national, "mkdocs", printables=True) == 0
            assert build_site(root, local, "mkdocs", printables=True, local=example) == 0
            (root / ".built").write_text("ok")
    return root, national, local


def _text_files(site: Path):
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".js", ".json", ".csv", ".xml", ".txt"):
            yield path, path.read_text(encoding="utf-8", errors="replace")


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_local_home_page_and_header_name_the_edition(builds):
    _, _, site = builds
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"{NAME} edition" in home  # the header (site name) and the title
    assert f"Local: {NAME}" in home and "local/our-protocol.html" in home


def test_getting_help_lists_local_contacts_as_tel_links_before_the_national_lines(builds):
    _, _, site = builds
    page = (site / "getting-help.html").read_text(encoding="utf-8")
    local = [page.index(f'href="tel:+1202555{n}"') for n in ("0143", "0177", "0110")]
    national = page.index('id="hotline"')
    assert max(local) < national and page.index('id="local-contacts"') < page.index('id="emergency"')
    assert 'href="mailto:intake@fictional-valley.example.org"' in page


def test_local_pages_are_in_their_own_nav_section_and_in_search(builds):
    _, _, site = builds
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('class="md-nav md-nav--primary"'):]
    assert nav.index(NAME) < nav.index("local/our-protocol.html") < nav.index("local/state-law-in-example-state.html")
    for rel in ("local/our-protocol.html", "local/state-law-in-example-state.html"):
        assert "This is a fictional example" in (site / rel).read_text(encoding="utf-8")
    index = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert "local/our-protocol.html" in index and "Valley referral card" in index


def test_the_note_is_inserted_under_its_national_heading(builds):
    _, _, site = builds
    page = (site / "understanding" / "state-law.html").read_text(encoding="utf-8")
    heading = page.index('id="how-state-laws-differ"')
    box = page.index("admonition note eguide-local")
    assert heading < box < page.index("When the Uniform Law Commission")
    assert f"Local: {NAME} · In Example State (fictional)" in page
    assert 'href="../local/state-law-in-example-state.html#compared-with-federal-law"' in page


def test_the_local_checklist_item_is_on_the_page_in_the_pdfs_and_in_the_csv(builds):
    _, _, site = builds
    page = (site / "checklists" / "first-contact-and-intake.html").read_text(encoding="utf-8")
    assert 'id="item-hand-out-valley-referral-card"' in page and f"(Local: {NAME})" in page
    csv = (site / "printables" / "checklist-items.csv").read_text(encoding="utf-8")
    assert csv.splitlines()[0].endswith(",local")
    row = next(line for line in csv.splitlines() if "hand-out-valley-referral-card" in line)
    assert row.endswith(f",{NAME}") and "/local/our-protocol.html#referral-card" in row
    if shutil.which("pdftotext"):
        for pdf in ("first-contact-and-intake.pdf", "first-contact-and-intake-a4.pdf", "packet-victim-services.pdf"):
            text = " ".join(_pdf_text(site / "printables" / pdf).split())
            assert "Fictional Valley referral card" in text and f"(Local: {NAME})" in text, pdf


def test_local_terms_and_facts_are_marked_local(builds):
    _, _, site = builds
    glossary = (site / "reference" / "glossary.html").read_text(encoding="utf-8")
    assert f'id="valley-referral-card">Valley referral card <span class="local-label">(Local: {NAME})' in glossary
    protocol = (site / "local" / "our-protocol.html").read_text(encoding="utf-8")
    assert f'class="phone-number local-fact" href="tel:+12025550143" title="Local: {NAME}"' in protocol


def test_the_national_build_contains_none_of_the_example(builds):
    _, site, _ = builds
    found = [(path.relative_to(site).as_posix(), marker) for path, text in _text_files(site)
             for marker in EXAMPLE_MARKERS if marker in text]
    assert found == []
    assert not (site / "local").exists()
    assert (site / "printables" / "checklist-items.csv").read_text(encoding="utf-8").splitlines()[0].endswith(",guide_url")
    if shutil.which("pdftotext"):
        assert "Fictional" not in _pdf_text(site / "printables" / "first-contact-and-intake.pdf")


def test_the_offline_zip_is_of_the_local_edition(builds, tmp_path):
    import zipfile

    from scripts.offline import make_offline_zip

    root, _, site = builds
    assert make_offline_zip(root, site, tmp_path, local=root / "examples" / "local-edition") == 0  # writes only tmp_path
    with zipfile.ZipFile(tmp_path / "task-force-eguide-offline.zip") as archive:
        assert NAME in archive.read("task-force-eguide/README.txt").decode()
        assert "task-force-eguide/local/our-protocol.html" in archive.namelist()


def test_the_example_builds_with_zensical(builds, tmp_path):
    pytest.importorskip("zensical")
    root, _, _ = builds
    site = root / f"site-zensical-local-{tmp_path.name}"
    assert build_site(root, site, "zensical", printables=False, local=root / "examples" / "local-edition") == 0
    assert 'href="tel:+12025550143"' in (site / "getting-help.html").read_text(encoding="utf-8")
    assert "eguide-local" in (site / "understanding" / "state-law.html").read_text(encoding="utf-8")
    assert (site / "local" / "our-protocol.html").is_file()


# --- the staged tree, on the small guide ----------------------------------------------------------


def test_prepare_stages_the_edition_as_plain_markdown(overlay):
    project = overlay.project()
    stage = prepare(project, "mkdocs", "site")
    models = (stage.docs / "forming" / "models.md").read_text(encoding="utf-8")
    heading = models.index("{#co-led-model}")
    assert heading < models.index('!!! note eguide-local "Local: Test Valley Task Force · In Test State"') < models.index("In a [[co-led")
    assert (stage.docs / "local" / "our-protocol.md").is_file()
    config = stage.config.read_text(encoding="utf-8")
    assert "site_name: Test Valley Task Force edition" in config and "hooks" not in config
    assert "- Test Valley Task Force:\n  - local/our-protocol.md" in config
    checklist = (stage.docs / "checklists" / "drafting-mous.md").read_text(encoding="utf-8")
    assert "ask-valley-counsel" in checklist and "(Local: Test Valley Task Force)" in checklist


def test_the_national_stage_is_unchanged_by_an_overlay_beside_it(overlay):
    stage = prepare(load_project(overlay.guide.root), "mkdocs", "site")
    assert not (stage.docs / "local").exists()
    assert "Test Valley" not in stage.config.read_text(encoding="utf-8")


# --- checks that name the overlay's files and lines --------------------------------------------------


def test_the_small_overlay_is_clean(overlay):
    assert overlay.check() == []


def test_breaking_an_overlay_link_names_the_overlay_file_and_line(overlay):
    overlay.replace("pages/our-protocol.md", "operating/protocols.md#memorandums", "operating/protocol.md#memorandums")
    problem = overlay.only()
    line = overlay.line_of("pages/our-protocol.md", "operating/protocol.md")
    col = overlay.col_of("pages/our-protocol.md", "../operating/protocol.md")
    assert problem.format() == (
        f"local-edition/pages/our-protocol.md:{line}:{col}: error[broken-link]: page 'operating/protocol.md' does not exist\n"
        "  hint: did you mean ../operating/protocols.md#memorandums-of-understanding (guide/operating/protocols.md)?")


def test_a_broken_link_in_a_note_resolves_from_the_national_page(overlay):
    overlay.replace("notes/models.md", "../local/our-protocol.md#review", "../local/our-protocol.md#reviews")
    problem = overlay.only()
    assert (problem.path, problem.line, problem.code) == ("local-edition/notes/models.md", 5, "broken-anchor")
    assert problem.hint == "did you mean guide/local/our-protocol.md#review?"


def test_make_check_local_fails_on_a_broken_example_link(repo_copy, monkeypatch, capsys):
    example = _copy_example(repo_copy)
    monkeypatch.chdir(repo_copy.root)
    page = example / "pages" / "our-protocol.md"
    page.write_text(page.read_text(encoding="utf-8").replace("protocols.md#operational-protocol", "protocols.md#operational"),
                    encoding="utf-8")
    assert main(["--root", str(repo_copy.root), "--local", "examples/local-edition", "check"]) == 1
    out = capsys.readouterr().out
    line = next(n for n, text in enumerate(page.read_text(encoding="utf-8").splitlines(), 1) if "#operational)" in text)
    assert f"examples/local-edition/pages/our-protocol.md:{line}:" in out
    assert "error[broken-anchor]: 'operating/protocols.md' has no heading with id 'operational'" in out
    assert main(["--root", str(repo_copy.root), "check", "--local", "examples/local-edition"]) == 1  # per command too


def test_a_national_update_that_renames_a_heading_says_which_insertion_broke(repo_copy, monkeypatch):
    """The national release renames '#how-state-laws-differ' (and fixes its own links): the edition's note and
    the local page that links there are the only problems, each saying what to do."""
    example = _copy_example(repo_copy)
    monkeypatch.chdir(repo_copy.root)
    national = [*repo_copy.path("guide").rglob("*.md"), *repo_copy.path("data").glob("*.yml"),
                *repo_copy.path("checklists").glob("*.yml")]
    for path in sorted(national):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("how-state-laws-differ", "how-state-laws-differ-today"), encoding="utf-8")
    problems = validate(load_project(repo_copy.root, local=example))
    note = next(p for p in problems if p.code == "insertion-point")
    assert note.format() == (
        "examples/local-edition/notes/state-law.md:2:1: error[insertion-point]: note 'In Example State (fictional)' is "
        "inserted under 'understanding/state-law.md#how-state-laws-differ', but guide/understanding/state-law.md no longer "
        "has a heading with id 'how-state-laws-differ' (renamed or removed by a national update?)\n"
        "  hint: the closest heading id there now is understanding/state-law.md#how-state-laws-differ-today; read "
        "guide/understanding/state-law.md as it is "
        "now, set 'at:' to the heading the note belongs under (check the note still says what the new section needs), then "
        "run make check LOCAL=... again")
    others = [p for p in problems if p is not note]
    assert others and all(p.code == "broken-anchor" and p.path == "examples/local-edition/pages/state-law-in-example-state.md"
                          and p.hint == "did you mean guide/understanding/state-law.md#how-state-laws-differ-today?" for p in others)


def test_a_renamed_checklist_section_says_which_local_item_broke(overlay):
    overlay.guide.replace("checklists/drafting-mous.yml", "heading: Before drafting", "heading: Before you draft")
    problem = overlay.only()
    assert problem.format() == (
        f"local-edition/local.yml:{overlay.line_of('local.yml', 'section: Before drafting')}:5: error[insertion-point]: "
        "item 'ask-valley-counsel': checklist 'drafting-mous' (checklists/drafting-mous.yml) has no section 'Before drafting'\n"
        "  hint: did you mean 'Before you draft'? write the section heading exactly as in the national checklist: "
        "Before you draft; Sign")


def test_local_yml_is_checked_against_its_published_schema(overlay):
    assert (ROOT / "checklists" / "local.schema.json").is_file()  # beside checklist.schema.json, for editors
    overlay.replace("local.yml", "feedback:", "feedbak:")
    problems = overlay.check()
    assert [(p.path, p.code, p.message) for p in problems] == [
        ("local-edition/local.yml", "missing-field", "missing field 'feedback'"),
        ("local-edition/local.yml", "unknown-field", "unknown field 'feedbak'"),
    ]
    assert problems[1].hint == "did you mean 'feedback'?"


def test_local_pages_get_the_national_front_matter_checks(overlay):
    overlay.replace("pages/our-protocol.md", "\ntitle:", "\ntitel:")
    problems = overlay.check()
    assert [(p.path, p.code) for p in problems] == [("local-edition/pages/our-protocol.md", "missing-field"),
                                                    ("local-edition/pages/our-protocol.md", "unknown-field")]


def test_a_local_page_id_that_repeats_a_national_one(overlay):
    overlay.replace("pages/our-protocol.md", "id: local-our-protocol", "id: forming-models")
    problem = overlay.only()
    assert (problem.path, problem.code) == ("local-edition/pages/our-protocol.md", "duplicate-id")
    assert problem.message == "page id 'forming-models' is already used by guide/forming/models.md:2"


@pytest.mark.parametrize(("breaker", "code", "message"), [
    (("id: ask-valley-counsel", "id: list-signatories"), "duplicate-item-id",
     "item id 'list-signatories' is already used by the national checklist checklists/drafting-mous.yml:"),
    (("term: Valley counsel", "term: Debt bondage"), "duplicate-term",
     "'Debt bondage' is already defined by the national glossary (data/glossary.yml:"),
    (("  valley_phone:", "  hotline_phone:"), "duplicate-id", "fact 'hotline_phone' is already a national fact in data/facts.yml"),
])
def test_local_ids_that_repeat_national_ones(overlay, breaker, code, message):
    overlay.replace("local.yml", *breaker)
    if code == "duplicate-term":
        overlay.replace("pages/our-protocol.md", "[[Valley counsel]]", "The counsel")
    if code == "duplicate-id":
        overlay.replace("pages/our-protocol.md", "{{ facts.valley_phone }}", "{{ facts.hotline_phone }}")
    problems = [p for p in overlay.check() if p.code == code]
    assert len(problems) == 1 and problems[0].path == "local-edition/local.yml" and problems[0].message.startswith(message)


@pytest.mark.parametrize(("phone", "why"), [
    ("202-555-01AB", "has characters that are not digits"),
    ("555-0143", "has 7 digits, not 10"),
    ("call the desk", "has characters that are not digits"),
    ("123-555-0143", "is not a US number"),
])
def test_phone_numbers_that_are_not_numbers(overlay, phone, why):
    overlay.replace("local.yml", "phone: 202-555-0143", f"phone: {phone}")
    problem = overlay.only()
    assert (problem.path, problem.line, problem.col, problem.code) == (
        "local-edition/local.yml", overlay.line_of("local.yml", f"phone: {phone}"), 5, "bad-phone")
    assert problem.message.startswith(f"contact 'Test Valley intake line': phone '{phone}' {why}")


@pytest.mark.parametrize("phone", ["202-555-0143", "(202) 555-0143", "+1 202 555 0143", "1-202-555-0143", "202.555.0143", "911"])
def test_phone_numbers_that_are_numbers(phone):
    assert phone_number_problem(phone) is None


def test_a_symlink_out_of_the_overlay_is_refused_and_never_read(overlay, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("---\nid: secret\n---\nA file outside the overlay.\n", encoding="utf-8")
    (overlay.root / "pages" / "secret.md").symlink_to(outside)
    project = overlay.project()
    assert "local/secret.md" not in project.pages
    problem = next(p for p in validate(project) if p.code == "unsafe-path")
    assert problem.format().startswith("local-edition/pages/secret.md:1:1: error[unsafe-path]: "
                                       "local-edition/pages/secret.md is a link to a file outside the overlay folder")


def test_cli_refuses_a_local_folder_without_local_yml(tmp_path, capsys):
    assert main(["--local", str(tmp_path), "check"]) == 2
    assert "has no local.yml" in capsys.readouterr().err


# --- privacy: a local edition is public ------------------------------------------------------------


@pytest.mark.parametrize(("text", "what"), [
    ("Write to jane.doe@mail.example.com for the file.", "an email address ('jane.doe@mail.example.com')"),
    ("Her brother answers on (202) 555-0199.", "a phone number ('(202) 555-0199')"),
    ("The girl, DOB 03/14/2009, was placed in care.", "a date of birth ('DOB 03/14/2009')"),
    ("The youngest was born on March 14, 2009.", "a date of birth ('born on March 14, 2009')"),
    ("See case no. 24-CR-0193 for the details.", "what looks like a case or report number ('case no. 24-CR-0193')"),
    ("Her number is 123-45-6789.", "what looks like a Social Security number ('123-45-6789')"),
])
def test_personal_data_in_local_prose_is_refused(overlay, text, what):
    overlay.replace("pages/our-protocol.md", "reviews each draft.", f"reviews each draft. {text}")
    problem = overlay.only()
    line = overlay.line_of("pages/our-protocol.md", text)
    col = overlay.read("pages/our-protocol.md").splitlines()[line - 1].index(what.split("'")[1]) + 1
    assert (problem.path, problem.line, problem.col, problem.code) == ("local-edition/pages/our-protocol.md", line, col, "personal-data")
    assert problem.message.startswith(what + ": ")
    assert "public guide" in problem.message or "contacts:" in problem.message  # says why


def test_personal_data_in_notes_and_local_yml_is_refused_but_contacts_are_not(overlay):
    overlay.replace("notes/models.md", "uses a co-led model;", "uses a co-led model (ask 202-555-0188);")
    overlay.replace("local.yml", "text: Ask the Test Valley county counsel", "text: Ask counsel@valley.example.org, the county counsel,")
    problems = overlay.check()
    assert [(p.path, p.line, p.code) for p in problems] == [
        ("local-edition/local.yml", overlay.line_of("local.yml", "counsel@valley"), "personal-data"),
        ("local-edition/notes/models.md", 5, "personal-data"),
    ]
    assert problems[0].col == overlay.col_of("local.yml", "counsel@valley")
    assert problems[1].col == overlay.col_of("notes/models.md", "202-555-0188")


def test_a_note_under_a_heading_inside_a_call_out_stays_inside_it(overlay):
    overlay.guide.replace("guide/forming/models.md", "    Agree how the co-leads settle a disagreement.",
                          "    ### Who decides? {#who-decides}\n\n    Agree how the co-leads settle a disagreement.")
    overlay.replace("notes/models.md", "#co-led-model", "#who-decides")
    assert overlay.check() == []
    staged = (prepare(overlay.project(), "mkdocs", "site").docs / "forming" / "models.md").read_text(encoding="utf-8")
    assert '    ### Who decides? {#who-decides}\n\n    !!! note eguide-local "Local: Test Valley Task Force · In Test State"\n\n' \
           '        Test Valley uses a co-led model' in staged


def test_the_published_schemas_are_valid_json_schemas():
    import json

    from jsonschema import Draft202012Validator

    for path in (ROOT / "checklists" / "local.schema.json", ROOT / "scripts" / "schemas" / "note.schema.json"):
        Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))
    first = (EXAMPLE / "local.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../checklists/local.schema.json"


def test_terminology_is_checked_in_local_yml_notes_and_pages(overlay):
    overlay.replace("local.yml", "text: Ask the Test Valley county counsel", "text: Ask about any illegal alien, the county counsel")
    overlay.replace("notes/models.md", "uses a co-led model;", "never says child prostitute;")
    assert sorted((p.path, p.code) for p in overlay.check()) == [
        ("local-edition/local.yml", "terminology"), ("local-edition/notes/models.md", "terminology")]
