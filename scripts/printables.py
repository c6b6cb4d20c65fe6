"""Printables from the checklists: fillable, tagged PDFs (one per checklist and paper size), role packets, a CSV.

Everything is rendered from the same model as the site. Output is cached by a hash of its inputs
(checklist data, templates, CSS, paper, the rendering code), rendered in parallel (``pdfs``), and copied
into place only when every file succeeded, so a failed run never leaves a partial set.
"""

from __future__ import annotations

import csv
import io
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from . import guidepdf
from .assets import write_atomic
from .data import PHASE_LABELS, ROLE_LABELS, Checklist
from .fonts import form_font
from .generate import item_context, plain_text
from .history import last_commit_time
from .packets import plan_packet_jobs
from .pdfs import Job, plan_workers, render_jobs
from .problems import format_text
from .project import Project, load_project
from .render import absolute_url
from .syslibs import require_pdf_libraries

PAPERS = {"letter": "", "a4": "-a4"}
CSV_NAME = "checklist-items.csv"
CSV_COLUMNS = ("checklist", "section", "item_id", "text", "role", "when", "guide_url")
LOCAL_COLUMN = "local"  # only in a local edition's CSV: the task force's name on each of its items


# What the checklist PDFs and packets are made of, for their creation date (see ``created``).
PRINT_INPUTS = ("checklists", "data", "templates/print", "scripts/pdfs.py", "scripts/printables.py", "scripts/packets.py")


def created(root: Path) -> str:
    """The PDFs' creation date: the last commit that changed what they are made of, and never later than
    ``SOURCE_DATE_EPOCH`` (which ``make`` sets to the last commit of all). The date is part of each PDF and so of
    its cache key: dated by the last commit of all, every commit, even one to a guide page alone, re-rendered
    every PDF. One commit still gives one set of bytes. Without git history, ``SOURCE_DATE_EPOCH`` (or 0)."""
    ceiling = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0) if "SOURCE_DATE_EPOCH" in os.environ else None
    epoch = last_commit_time(root, *PRINT_INPUTS)
    if epoch is None or (ceiling is not None and ceiling < epoch):
        epoch = ceiling or 0
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def checklist_context(project: Project, checklist: Checklist) -> dict:
    site = project.site_url
    return {
        "id": checklist.id,
        "title": checklist.title,
        "summary": checklist.summary,
        "phase": PHASE_LABELS[checklist.phase],
        "roles": ", ".join(ROLE_LABELS[r].lower() for r in checklist.audience),
        "owner": checklist.owner,
        "version": checklist.last_reviewed,
        "url": absolute_url(site, f"checklists/{checklist.id}.md"),
        "count": len(checklist.items),
        "sections": [
            {
                "heading": section.heading,
                "entries": [item_context(project, item, absolute_url(site, item.ref)) for item in section.items],
            }
            for section in checklist.sections
        ],
    }


def plan_jobs(project: Project, papers: list[str], only: list[str] | None = None) -> list[Job]:
    """Checklists on every paper asked for; packets on the first paper only (US Letter in the default
    build; ``print --paper a4`` gives A4 packets)."""
    date = created(project.root)
    font = str(form_font(project.root / ".cache"))
    contexts = {c.id: checklist_context(project, c) for c in project.checklists}
    jobs: list[Job] = []
    for checklist in project.checklists:
        if only and checklist.id not in only:
            continue
        for paper in papers:
            jobs.append(Job(f"{checklist.id}{PAPERS[paper]}.pdf", checklist.title, checklist.summary, paper, False,
                            (contexts[checklist.id],), date, font))
    if not only:
        jobs += plan_packet_jobs(project, contexts, papers[0], PAPERS[papers[0]], date, font)
    return jobs


def csv_cell(value) -> str:
    """A cell a spreadsheet shows as text: one starting with =, +, -, @ (or a tab or carriage return) would
    be run as a formula, so it gets a leading apostrophe (the OWASP advice for CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def items_csv(project: Project) -> str:
    """One row per item; a local edition adds a last column, ``local``, with the task force's name on its items."""
    local = project.local is not None
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS + (LOCAL_COLUMN,) * local)
    for checklist in sorted(project.checklists, key=lambda c: c.id):
        for section in checklist.sections:
            for item in section.items:
                row = (checklist.id, section.heading, item.id, plain_text(project, item.text),
                       item.who, item.when, absolute_url(project.site_url, item.ref)) + (item.local,) * local
                writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue()


def build_printables(project: Project, out: Path, papers: list[str] | None = None, only: list[str] | None = None,
                     log=None, workers: int | None = None) -> dict:
    """Render what changed into the cache, then copy the full set into ``out``. Returns counts."""
    papers = papers or list(PAPERS)
    require_pdf_libraries()  # names a missing Pango or DejaVu Sans before anything is rendered
    cache = project.root / ".cache" / "printables"
    cache.mkdir(parents=True, exist_ok=True)
    jobs = plan_jobs(project, papers, only)
    guide = None if only else guidepdf.start(project.root, out, papers[0], log)  # the whole guide, alongside
    todo = [(job, cache / f"{job.key()}.pdf") for job in jobs]
    missing = [(job, path) for job, path in todo if not path.exists()]
    if missing:
        groups = plan_workers(missing, workers or os.cpu_count() or 1)
        if len(groups) == 1:
            render_jobs(groups[0])
        else:
            import weasyprint  # noqa: F401  (imported once here, inherited by the forked workers)

            with ProcessPoolExecutor(max_workers=len(groups)) as pool:
                list(pool.map(render_jobs, groups))
    out.mkdir(parents=True, exist_ok=True)
    for job, path in todo:
        write_atomic(out / job.name, path.read_bytes())  # skips files that are already the same
    if not only:
        write_atomic(out / CSV_NAME, items_csv(project))
    whole = guidepdf.finish(guide)
    if log:
        log.info(f"printables: {len(jobs)} PDFs ({len(missing)} rendered, {len(jobs) - len(missing)} reused) in {out}")
    return {"pdfs": len(jobs), "rendered": len(missing), "reused": len(jobs) - len(missing),
            "guide_seconds": whole["seconds"] if whole and whole["rendered"] else None}


def print_command(root: Path, out: Path | None, paper: str, only: list[str] | None, local: Path | None = None) -> int:
    """``python -m scripts print``: refuses to write anything while the checklists (or the local edition's
    local.yml, which adds items to them) have problems."""
    from .validate import validate

    project = load_project(root, local=local)
    local_yml = project.local.source if project.local is not None else None
    problems = [p for p in validate(project)
                if p.path.startswith("checklists/") or p.code in ("broken-ref", "insertion-point") or p.path == local_yml]
    if problems:
        print(format_text(problems, project.files_checked()))
        print("Nothing was written: fix the checklist problems above first.", file=sys.stderr)
        return 1
    known = {c.id for c in project.checklists}
    unknown = [i for i in only or [] if i not in known]
    if unknown:
        print(f"error: unknown checklist id {', '.join(unknown)}; known ids: {', '.join(sorted(known))}", file=sys.stderr)
        return 2
    out = Path(out or Path(root) / "site" / "printables")
    papers = list(PAPERS) if paper == "both" else [paper]
    counts = build_printables(project, out, papers, only)
    print(f"Wrote {counts['pdfs']} PDFs ({counts['rendered']} rendered, {counts['reused']} reused)"
          f"{'' if only else ' and ' + CSV_NAME} to {out}")
    return 0
