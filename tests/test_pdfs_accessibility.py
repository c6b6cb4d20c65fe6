"""Every PDF the site offers is accessible: tagged, titled, in a declared language, with named form fields.

Walks every PDF under the built site/ (``make test`` builds it first; it is built here only when missing),
so a new printable is checked without touching this file.
"""

from __future__ import annotations

import fcntl
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"


def _built_site() -> Path:
    if not (SITE / "printables").is_dir():
        lock_path = ROOT / ".cache" / "browser-tests-build.lock"  # the same lock as tests/browser: one build at a time
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (SITE / "printables").is_dir():
                env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
                subprocess.run([sys.executable, "-m", "scripts", "build"], cwd=ROOT, env=env, check=True, capture_output=True)
    return SITE


def _pdfs() -> list[str]:
    return sorted(p.relative_to(SITE).as_posix() for p in _built_site().rglob("*.pdf"))


def test_there_are_pdfs_to_check():
    pdfs = _pdfs()
    assert len(pdfs) >= 10, pdfs
    assert any(p.startswith("printables/packet-") for p in pdfs)
    assert "printables/guide.pdf" in pdfs


def _annotations(reader: PdfReader):
    for number, page in enumerate(reader.pages, start=1):
        for ref in page.get("/Annots") or ArrayObject():
            yield number, page, ref.get_object()


def accessibility_problems(reader: PdfReader, fillable: bool = True) -> list[str]:
    root = reader.trailer["/Root"]
    problems = []

    # Tagged: a structure tree with content, and marked content.
    tree = root.get("/StructTreeRoot")
    if tree is None or not tree.get_object().get("/K"):
        problems.append("not tagged: no /StructTreeRoot with content")
    mark_info = root.get("/MarkInfo")
    if mark_info is None or not bool(mark_info.get_object().get("/Marked")):
        problems.append("not tagged: /MarkInfo /Marked is not true")

    # Titled, and viewers show the title instead of the file name.
    title = (reader.metadata or {}).get("/Title")
    if not title or not str(title).strip() or str(title).strip().lower().endswith(".pdf"):
        problems.append(f"no real document title: {title!r}")
    preferences = root.get("/ViewerPreferences")
    if preferences is None or not bool(preferences.get_object().get("/DisplayDocTitle")):
        problems.append("/ViewerPreferences /DisplayDocTitle is not true")

    # Language of the document.
    if not str(root.get("/Lang", "")).lower().startswith("en"):
        problems.append(f"/Lang is {root.get('/Lang')!r}, not English")

    # PDF/UA identification in the XMP metadata.
    metadata = root.get("/Metadata")
    if metadata is None or b"pdfuaid:part" not in metadata.get_object().get_data():
        problems.append("no PDF/UA identifier (pdfuaid:part) in the XMP metadata")

    # Every form field has an accessible name (/TU, the tooltip screen readers announce).
    fields = reader.get_fields() or {}
    for name, field in fields.items():
        if not str(field.get("/TU", "")).strip():
            problems.append(f"form field {name!r} has no accessible name (/TU)")

    # Annotations are in the structure tree, links say where they go, and pages with annotations use
    # the structure order for Tab (PDF/UA 7.18).
    widgets = 0
    for number, page, annotation in _annotations(reader):
        kind = annotation.get("/Subtype")
        if kind == "/Widget":
            widgets += 1
            named = annotation.get("/TU") or (annotation.get("/Parent") or DictionaryObject()).get_object().get("/TU")
            if not str(named or "").strip():
                problems.append(f"page {number}: a form widget has no accessible name")
        if kind in ("/Widget", "/Link") and "/StructParent" not in annotation:
            problems.append(f"page {number}: a {kind} annotation is not in the structure tree")
        if kind == "/Link" and not str(annotation.get("/Contents", "")).strip():
            problems.append(f"page {number}: a link has no description (/Contents)")
        if page.get("/Tabs") != "/S":
            problems.append(f"page {number}: has annotations but /Tabs is {page.get('/Tabs')!r}, not /S")
    if fields and not widgets:
        problems.append("form fields without widgets on any page")
    if fillable and not fields:
        problems.append("no form fields: the printables are meant to be filled in")
    return sorted(set(problems))


@pytest.mark.parametrize("pdf", _pdfs())
def test_pdf_is_accessible(pdf):
    # The whole-guide PDF is for reading; every other printable is a form.
    problems = accessibility_problems(PdfReader(SITE / pdf), fillable=not Path(pdf).name.startswith("guide"))
    assert not problems, f"{pdf}:\n" + "\n".join(problems)


def test_an_untagged_untitled_pdf_fails_the_check():
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    problems = " | ".join(accessibility_problems(PdfReader(buffer)))
    for expected in ("not tagged", "no real document title", "/Lang", "pdfuaid", "no form fields"):
        assert expected in problems, problems
