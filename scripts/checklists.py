"""A checklist file's parse and schema problems, and its model when it is valid (used while loading)."""

from __future__ import annotations

from pathlib import Path

from . import data as data_mod
from .data import Checklist, DataFile
from .model import CHECKLIST_SCHEMA
from .problems import Problem
from .schema import schema_problems
from .yamlload import position


def check_checklist_file(file: DataFile, root: Path) -> tuple[Checklist | None, list[Problem]]:
    """Parse-level and schema-level problems of one checklist file, and its model when it is valid."""
    if file.error:
        error = file.error
        return None, [Problem(file.source, error.line, error.col, error.code, error.message, error.hint)]
    if not isinstance(file.data, dict):
        return None, [Problem(file.source, 1, 1, "bad-value", "a checklist must be a mapping with id, title, sections ...",
                              "see checklists/drafting-mous.yml for the shape")]
    problems = schema_problems(file.data, root / CHECKLIST_SCHEMA, file.source)
    if problems:
        return None, problems
    checklist = data_mod.checklist_from_data(file.data, file.source)
    expected = Path(file.source).stem
    if checklist.id != expected:
        line, col = position(file.data, "id")
        problems.append(Problem(file.source, line, col, "checklist-filename", f"id '{checklist.id}' does not match the file name '{expected}'",
                                f"rename the file to {checklist.id}.yml or set 'id: {expected}'"))
    seen: dict[str, int] = {}
    for item in checklist.items:
        if item.id in seen:
            problems.append(Problem(file.source, item.line, 1, "duplicate-item-id",
                                    f"item id '{item.id}' is already used on line {seen[item.id]}",
                                    "give the new item its own id; never renumber existing ones"))
        else:
            seen[item.id] = item.line
    return checklist, problems
