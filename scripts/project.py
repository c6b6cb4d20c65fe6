"""``load_project(root)``: the one entry point that the CLI, the stages, the benchmark and the tests share.

It reads every input once (``model.read_inputs``), keeps the checklists that pass their schema, adds a
local edition's overlay folder when one is given (``overlay``), and adds the generated pages (glossary,
sources, checklists), so links to them are checked like links to any page.
"""

from __future__ import annotations

from pathlib import Path

import pathspec

from .checklists import check_checklist_file
from .generate import generated_pages
from .model import GUIDE_DIR, Project, read_inputs
from .pages import parse_page

__all__ = ["Project", "add_generated_pages", "load_project"]


def _spec(text) -> pathspec.GitIgnoreSpec | None:
    return pathspec.GitIgnoreSpec.from_lines(str(text).splitlines()) if text else None


def load_project(root: Path, with_generated: bool = True, local: Path | None = None) -> Project:
    """The project model; ``local`` is the overlay folder of a local edition (``--local``/``LOCAL=``)."""
    project = read_inputs(root)
    # exclude_docs and not_in_nav mean what they mean to MkDocs (gitignore patterns, relative to docs_dir).
    excluded = _spec(project.site_config.get("exclude_docs"))
    if excluded:
        project.pages = {path: page for path, page in project.pages.items() if not excluded.match_file(path)}
    project.not_in_nav = _spec(project.site_config.get("not_in_nav"))
    for file in project.checklist_files:
        checklist, problems = check_checklist_file(file, project.root)
        project.checklist_problems += problems
        if checklist:
            project.checklists.append(checklist)
    if local is not None:
        from .overlay import apply_overlay, load_overlay

        apply_overlay(project, load_overlay(project, Path(local)))
    if with_generated:
        add_generated_pages(project)
    return project


def add_generated_pages(project: Project) -> None:
    for path, text in generated_pages(project).items():
        source = f"{GUIDE_DIR}/{path} (generated)"
        existing = project.pages.get(path)
        if existing is not None and not existing.generated:
            project.shadowed.append(existing)  # a hand-written file where the site generates a page: reported
        project.pages[path] = parse_page(path, source, text, generated=True, slugger=project.slugger)
