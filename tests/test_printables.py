"""Printables: fillable, tagged PDFs with one checkbox per item, role packets, the CSV, and safe failure."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from scripts import pdfs, printables
from scripts.cli import main
from scripts.project import load_project

ROOT = Path(__file__).resolve().parent.parent
CHECKLIST = "drafting-mous"


def _copy_repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for name in ("guide", "checklists", "data", "templates"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


@pytest.fixture(scope="module")
def one_pdf(tmp_path_factory, project):
    out = tmp_path_factory.mktemp("printables")
    printables.build_printables(project, out, papers=["letter", "a4"], only=[CHECKLIST], workers=1)
    return out


def _fields(reader: PdfReader) -> dict:
    return reader.get_fields() or {}


def test_checklist_pdf_has_one_checkbox_per_item_and_named_fields(project, one_pdf):
    checklist = next(c for c in project.checklists if c.id == CHECKLIST)
    fields = _fields(PdfReader(one_pdf / f"{CHECKLIST}.pdf"))
    boxes = {name for name, field in fields.items() if field.get("/FT") == "/Btn"}
    assert boxes == {f"{CHECKLIST}.{item.id}" for item in checklist.items}
    texts = {name for name, field in fields.items() if field.get("/FT") == "/Tx"}
    assert texts == {f"{CHECKLIST}.name", f"{CHECKLIST}.agency", f"{CHECKLIST}.date", f"{CHECKLIST}.notes"}


def test_every_field_has_an_accessible_name(one_pdf):
    for field in _fields(PdfReader(one_pdf / f"{CHECKLIST}.pdf")).values():
        assert str(field.get("/TU", "")).strip(), field


def test_pdf_is_tagged_titled_and_in_english(project, one_pdf):
    reader = PdfReader(one_pdf / f"{CHECKLIST}.pdf")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).lower().startswith("en")
    checklist = next(c for c in project.checklists if c.id == CHECKLIST)
    assert reader.metadata.title == checklist.title


def test_item_texts_and_guide_urls_are_in_the_text_layer(project, one_pdf):
    checklist = next(c for c in project.checklists if c.id == CHECKLIST)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(one_pdf / f"{CHECKLIST}.pdf").pages)
    flat = text.replace(" ", "")
    for item in checklist.items:
        assert " ".join(item.text.split())[:40].replace(" ", "") in flat
    assert "operating/protocols.html#memorandums-of-understanding" in flat
    assert f"Version{checklist.last_reviewed}" in flat
    assert "Page1of" in flat


def test_letter_and_a4_paper_sizes(one_pdf):
    letter = PdfReader(one_pdf / f"{CHECKLIST}.pdf").pages[0].mediabox
    a4 = PdfReader(one_pdf / f"{CHECKLIST}-a4.pdf").pages[0].mediabox
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)


def test_html_escapes_markup_in_item_text(project):
    job = printables.plan_jobs(project, ["letter"], [CHECKLIST])[0]
    context = dict(job.checklists[0])
    section = dict(context["sections"][0])
    item = dict(section["entries"][0], text="<script>alert(1)</script> & more")
    section["entries"] = [item]
    context["sections"] = [section]
    html = pdfs.render_html(pdfs.Job(**{**job.__dict__, "checklists": (context,)}))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html


def test_role_packets_open_with_onboarding_then_only_the_checklists_the_role_runs(project):
    from scripts import packets

    jobs = {job.name: job for job in printables.plan_jobs(project, ["letter"])}
    by_id = {c.id: c for c in project.checklists}
    for role in packets.ROLE_PACKETS:
        packet = jobs[f"packet-{role}.pdf"]
        ids = [c["id"] for c in packet.checklists]
        assert packet.packet is True and ids, role
        if f"onboarding-{role}" in by_id:
            assert ids[0] == f"onboarding-{role}" and packet.onboarding == ids[0], (role, ids)
        for checklist_id in ids:
            checklist = by_id[checklist_id]
            assert checklist.for_role(role), (role, checklist_id)
            assert checklist.phase != "forming", (role, checklist_id)  # forming is in the binder
            assert not checklist_id.startswith("onboarding-") or checklist_id == f"onboarding-{role}"
        expected = {c.id for c in project.checklists if c.for_role(role) and c.phase != "forming"
                    and (not c.id.startswith("onboarding-") or c.id == f"onboarding-{role}")}
        assert set(ids) == expected, role
        assert 3 <= len(packet.reading) <= 6, role
        for page in packet.reading:
            assert page["url"].startswith(project.site_url) and page["title"], page
    for path in (p for paths in packets.READING.values() for p in paths):
        assert path in project.pages, f"packets.READING names {path}, which is not a page"
    assert {"packet-court.pdf", "packet-community.pdf"} <= set(jobs)
    binder = jobs["packet-all.pdf"]
    assert sorted(c["id"] for c in binder.checklists) == sorted(by_id)
    assert len(jobs["packet-prosecutor.pdf"].checklists) < len(binder.checklists)


def test_packet_pdf_has_cover_contents_and_unique_fields(tmp_path):
    root = _copy_repo(tmp_path)
    project = load_project(root)
    role = "labor-and-civil"
    job = next(j for j in printables.plan_jobs(project, ["letter"]) if j.name == f"packet-{role}.pdf")
    (tmp_path / "packet.pdf").write_bytes(pdfs.Renderer().pdf(job))
    reader = PdfReader(tmp_path / "packet.pdf")
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Onboarding packet: Labor and civil enforcement" in first
    assert "Start here" in first and job.checklists[0]["title"] in first
    assert "Read first, in this order" in first
    for page in job.reading:
        assert page["title"] in first
    contents = " ".join(reader.pages[1].extract_text().split())
    for checklist in job.checklists:
        assert checklist["title"][:30] in contents
    boxes = [n for n, f in _fields(reader).items() if f.get("/FT") == "/Btn"]
    assert len(boxes) == sum(c["count"] for c in job.checklists)


def test_csv_lists_every_item_with_its_guide_url(project):
    rows = list(csv.DictReader(io.StringIO(printables.items_csv(project))))
    assert tuple(rows[0]) == printables.CSV_COLUMNS
    assert len(rows) == sum(len(c.items) for c in project.checklists)
    row = next(r for r in rows if r["checklist"] == CHECKLIST)
    assert row["guide_url"].startswith("https://") and "#" in row["guide_url"]


def test_unchanged_printables_are_reused(tmp_path):
    root = _copy_repo(tmp_path)
    project = load_project(root)
    first = printables.build_printables(project, tmp_path / "out", papers=["letter"], only=[CHECKLIST], workers=1)
    second = printables.build_printables(project, tmp_path / "out", papers=["letter"], only=[CHECKLIST], workers=1)
    assert (first["rendered"], second["rendered"], second["reused"]) == (1, 0, 1)
    assert first["guide_seconds"] is None  # no built site beside the output: no whole-guide PDF to time


def test_print_refuses_to_write_anything_when_a_checklist_is_broken(tmp_path, capsys):
    root = _copy_repo(tmp_path)
    path = root / "checklists" / f"{CHECKLIST}.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("ref: operating/protocols.md#memorandums-of-understanding",
                                                             "ref: operating/protocols.md#memorandum-of-understanding", 1), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["--root", str(root), "print", "--out", str(out)]) == 1
    assert not out.exists()
    printed = capsys.readouterr()
    assert "error[broken-ref]" in printed.out
    assert "did you mean guide/operating/protocols.md#memorandums-of-understanding?" in printed.out
    assert "Nothing was written" in printed.err


def test_print_rejects_an_unknown_checklist_id(capsys):
    assert main(["print", "--only", "no-such-list", "--out", "/nonexistent/never"]) == 2
    assert "unknown checklist id no-such-list" in capsys.readouterr().err


def _field_font(reader: PdfReader, name: str) -> str:
    """The /BaseFont of the font a viewer uses to draw what is typed into field ``name``."""
    field = reader.get_fields()[name].indirect_reference.get_object()
    tokens = str(field["/DA"]).split()  # "... /FontKey 8.5 Tf"
    font_key = tokens[tokens.index("Tf") - 2]
    return str(reader.trailer["/Root"]["/AcroForm"]["/DR"]["/Font"][font_key]["/BaseFont"])


def test_text_fields_use_the_small_form_font_so_a_checklist_pdf_stays_light(one_pdf):
    path = one_pdf / f"{CHECKLIST}.pdf"
    reader = PdfReader(path)
    assert _field_font(reader, f"{CHECKLIST}.name").endswith("+e-Guide-Form-Sans")
    assert _field_font(reader, f"{CHECKLIST}.notes").endswith("+e-Guide-Form-Sans")
    assert path.stat().st_size < 150_000, path.stat().st_size  # 440 KB when whole DejaVu Sans was embedded


def test_typed_accented_names_render_with_the_embedded_form_font(one_pdf, tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=PdfReader(one_pdf / f"{CHECKLIST}.pdf"))
    writer.update_page_form_field_values(writer.pages[0], {f"{CHECKLIST}.name": "José Ñúñez-Nguyễn"}, auto_regenerate=False)
    writer.write(tmp_path / "filled.pdf")
    filled = PdfReader(tmp_path / "filled.pdf")
    assert filled.get_fields()[f"{CHECKLIST}.name"]["/V"] == "José Ñúñez-Nguyễn"
    widget = filled.get_fields()[f"{CHECKLIST}.name"].indirect_reference.get_object()
    appearance = widget["/AP"]["/N"].get_object()
    assert appearance.get_data()  # pypdf drew the value with the field's font: every glyph is in the subset
    assert b"Tf" in appearance.get_data()


def test_packet_pages_show_packet_page_numbers_that_match_the_contents(tmp_path):
    project = load_project(ROOT)
    job = next(j for j in printables.plan_jobs(project, ["letter"]) if j.name == "packet-prosecutor.pdf")
    (tmp_path / "packet.pdf").write_bytes(pdfs.Renderer().pdf(job))
    reader = PdfReader(tmp_path / "packet.pdf")
    total = len(reader.pages)
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    for number, text in enumerate(texts, start=1):
        assert f"Packet page {number} of {total}" in text, number
    contents = texts[1]
    assert contents.index(job.checklists[0]["title"]) < contents.index(job.checklists[1]["title"])
    for checklist in job.checklists:
        start = int(contents.split(checklist["title"], 1)[1].lstrip(" .").split()[0])
        assert checklist["title"] in texts[start - 1] and f"Packet page {start} of" in texts[start - 1]
        assert checklist["title"] not in texts[start - 2].split("Packet page")[-1]  # starts on a new page
    links = [link.get_object() for link in reader.pages[1]["/Annots"]]
    assert {str(link["/Dest"]) for link in links} == {c["id"] for c in job.checklists}  # every line links in
    titles = {c["id"]: c["title"] for c in job.checklists}
    for link in links:  # described for screen readers by title, not by id
        assert str(link["/Contents"]) == f"Go to the checklist: {titles[str(link['/Dest'])]}"
    for checklist in job.checklists:
        destination = reader.named_destinations[checklist["id"]]
        page = texts[reader.get_destination_page_number(destination)]
        assert checklist["title"] in page


def _dark_fraction(pdf: Path, page: int, rect, tmp_path: Path) -> float:
    """Share of dark pixels inside ``rect`` (PDF points) on ``page`` (1-based), as Poppler draws it."""
    import subprocess

    from PIL import Image

    subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(tmp_path / "page")], check=True, capture_output=True)
    image = Image.open(tmp_path / "page.png").convert("L")
    x0, y0, x1, y1 = (float(v) for v in rect)
    box = image.crop((int(min(x0, x1)) + 2, int(image.height - max(y0, y1)) + 2,
                      int(max(x0, x1)) - 2, int(image.height - min(y0, y1)) - 2))
    pixels = box.tobytes()
    return sum(1 for p in pixels if p < 128) / len(pixels)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs Poppler's pdftoppm (make chromium installs it)")
def test_a_ticked_box_shows_ticked_in_poppler(one_pdf, tmp_path):
    from pypdf import PdfWriter

    checklist = next(c for c in load_project(ROOT).checklists if c.id == CHECKLIST)
    name = f"{CHECKLIST}.{checklist.items[0].id}"
    reader = PdfReader(one_pdf / f"{CHECKLIST}.pdf")
    assert reader.trailer["/Root"]["/AcroForm"]["/NeedAppearances"] is False or \
        str(reader.trailer["/Root"]["/AcroForm"]["/NeedAppearances"]) == "False"
    widget = reader.get_fields()[name].indirect_reference.get_object()
    assert set(widget["/AP"]["/N"]) == {"/On", "/Off"}
    writer = PdfWriter(clone_from=reader)
    writer.update_page_form_field_values(writer.pages[0], {name: "/On"}, auto_regenerate=False)
    writer.write(tmp_path / "ticked.pdf")
    ticked = PdfReader(tmp_path / "ticked.pdf").get_fields()[name]
    assert ticked["/V"] == "/On"
    assert _dark_fraction(tmp_path / "ticked.pdf", 1, widget["/Rect"], tmp_path) > 0.15  # the tick is drawn
    assert _dark_fraction(one_pdf / f"{CHECKLIST}.pdf", 1, widget["/Rect"], tmp_path) < 0.02  # empty before


def test_every_checklist_pdf_warns_against_personal_data_in_notes(one_pdf):
    reader = PdfReader(one_pdf / f"{CHECKLIST}.pdf")
    last = " ".join(reader.pages[-1].extract_text().split())
    assert "Notes" in last and "Do not write case details or anyone's personal information" in last


def test_workers_share_the_jobs_once_each_and_evenly(project, tmp_path):
    work = [(job, tmp_path / job.name) for job in printables.plan_jobs(project, ["letter", "a4"])]
    groups = pdfs.plan_workers(work, 2)
    names = sorted(job.name for group in groups for job, _ in group)
    assert names == sorted(job.name for job, _ in work)

    def load(group):  # the planner's own cost model: writes, plus each layout once per process
        sizes = {layout: n for job, _ in group for layout, n in zip(job.layouts(), job.layout_items())}
        return (sum(pdfs._cost(pdfs.WRITE_COST, job.items()) for job, _ in group)
                + sum(pdfs._cost(pdfs.LAYOUT_COST, items) for items in sizes.values()))

    loads = sorted(load(group) for group in groups)
    assert len(loads) == 2 and loads[1] / loads[0] < 1.25, loads
    assert pdfs.plan_workers(work, 1) == [sorted(work, key=lambda pair: -pair[0].items())]


def _repo_copy(target: Path) -> Path:
    for name in ("guide", "checklists", "data", "templates"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copyfile(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def test_the_cache_is_keyed_on_content_not_on_the_checkout(tmp_path):
    first = load_project(_repo_copy(tmp_path / "one"))
    second = load_project(_repo_copy(tmp_path / "elsewhere" / "two"))
    keys = [sorted(job.key() for job in printables.plan_jobs(p, ["letter"])) for p in (first, second)]
    assert keys[0] == keys[1]
    assert "weasyprint" in pdfs.tool_versions() and "text font" in pdfs.tool_versions()


def test_facts_in_checklist_items_reach_the_pdf_and_the_csv(tmp_path):
    root = _repo_copy(tmp_path / "repo")
    path = root / "checklists" / "drafting-mous.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("text: ", "text: Call {{ facts.hotline_phone }} first, then ", 1), encoding="utf-8")
    project = load_project(root)
    value = project.facts["hotline_phone"]["value"]
    context = printables.checklist_context(project, next(c for c in project.checklists if c.id == "drafting-mous"))
    assert context["sections"][0]["entries"][0]["text"].startswith(f"Call {value} first, then ")
    rows = list(csv.reader(io.StringIO(printables.items_csv(project))))
    assert any(row[3].startswith(f"Call {value} first") for row in rows)
    assert not any("{{" in cell for row in rows for cell in row)


def test_csv_cells_cannot_run_as_formulas():
    assert printables.csv_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    for risky in ("+1", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert printables.csv_cell(risky).startswith("'")
    assert printables.csv_cell("Call the hotline") == "Call the hotline"
    assert printables.csv_cell(None) == ""
def test_a_missing_pango_is_named_with_its_package(monkeypatch):
    import builtins

    from scripts import syslibs
    from scripts.assets import BuildError

    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    with pytest.raises(BuildError, match=r"Pango.*apt-get install libpango-1\.0-0"):
        syslibs.require_pdf_libraries()


def test_a_missing_dejavu_font_is_named_with_its_package(monkeypatch, tmp_path):
    from scripts import fonts, syslibs
    from scripts.assets import BuildError

    monkeypatch.setattr(fonts, "SOURCE_CANDIDATES", (tmp_path / "DejaVuSans.ttf",))  # not there
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)  # and no fontconfig to ask
    with pytest.raises(BuildError, match=r"DejaVu Sans.*apt-get install fonts-dejavu-core"):
        syslibs.require_pdf_libraries()


def _git(root, *args, day="2026-01-05"):
    import os
    import subprocess

    stamp = f"{day}T12:00:00+00:00"
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="T",
               GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="T", GIT_COMMITTER_EMAIL="t@example.org",
               GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_pdfs_are_dated_by_the_last_commit_to_what_they_are_made_of(tmp_path, monkeypatch):
    """A commit to a guide page alone does not re-date (and so re-render) every PDF; one to a checklist does."""
    from scripts.printables import created

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    _git(tmp_path, "init", "-q")
    (tmp_path / "checklists").mkdir()
    (tmp_path / "checklists/a.yml").write_text("id: a\n", encoding="utf-8")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "checklist", day="2026-03-01")
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide/page.md").write_text("# Page\n", encoding="utf-8")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "page", day="2026-04-01")
    assert created(tmp_path) == "2026-03-01T12:00:00Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # never later than SOURCE_DATE_EPOCH (the bench sets 0)
    assert created(tmp_path) == "1970-01-01T00:00:00Z"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    (tmp_path / "checklists/a.yml").write_text("id: a\ntitle: A\n", encoding="utf-8")
    _git(tmp_path, "commit", "-qam", "checklist again", day="2026-05-01")
    assert created(tmp_path) == "2026-05-01T12:00:00Z"


def test_pdfs_outside_git_are_dated_by_source_date_epoch(tmp_path, monkeypatch):
    from scripts.printables import created

    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert created(tmp_path) == "2026-01-01T00:00:00Z"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert created(tmp_path) == "1970-01-01T00:00:00Z"
