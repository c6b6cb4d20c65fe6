"""``make stale``: what to re-verify first — pages past their review date, facts not checked within their interval.

Returned as warnings (``Problem(severity="warning")``): ``make check`` prints them after its problems and never
fails on them, because time passing is not a mistake in a pull request; it is a to-do list for maintainers.
"""

from __future__ import annotations

from datetime import date

from .generate import add_months
from .model import Project
from .problems import Problem
from .yamlload import position

FACT_REVIEW_MONTHS = 6  # a fact without its own review_every: phone numbers, programs and terms change often
CHECKLIST_REVIEW_MONTHS = 12


def _parse(value) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _months(value, default: int) -> int:
    return value if isinstance(value, int) and value > 0 else default


def stale_items(project: Project, today: date | None = None) -> list[Problem]:
    """Warnings, most overdue first."""
    today = today or date.today()
    found: list[tuple[date, Problem]] = []
    for page in project.pages.values():
        if page.generated or not isinstance(page.meta, dict):
            continue
        last = _parse(page.meta.get("last_reviewed"))
        if last is None:
            continue  # a bad date is check's problem
        due = add_months(last, _months(page.meta.get("review_every"), 12))
        if due < today:
            line, col = position(page.meta, "last_reviewed")
            found.append((due, Problem(page.source, line, col, "stale-page",
                                       f"last reviewed {last.isoformat()}; its review was due {due.isoformat()}",
                                       "re-check the page's facts against its sources, then set last_reviewed to today",
                                       "warning")))
    for checklist in project.checklists:
        last = _parse(checklist.last_reviewed)
        if last and (due := add_months(last, CHECKLIST_REVIEW_MONTHS)) < today:
            found.append((due, Problem(checklist.source, 1, 1, "stale-checklist",
                                       f"last reviewed {last.isoformat()}; its review was due {due.isoformat()}",
                                       "check each item against the section it points to, then set last_reviewed",
                                       "warning")))
    facts = project.facts_file.data if project.facts_file else None
    for key, fact in facts.items() if isinstance(facts, dict) else []:
        if not isinstance(fact, dict):
            continue
        checked = _parse(fact.get("checked"))
        if checked is None:
            continue
        due = add_months(checked, _months(fact.get("review_every"), FACT_REVIEW_MONTHS))
        if due < today:
            line, col = position(facts, key)
            found.append((due, Problem(project.facts_file.source, line, col, "stale-fact",
                                       f"fact '{key}' was last checked {checked.isoformat()}; it was due again {due.isoformat()}",
                                       f"confirm it at {fact.get('source', 'its source')}, then set checked to today",
                                       "warning")))
    return [problem for _due, problem in sorted(found, key=lambda pair: (pair[0], pair[1]))]


def format_report(warnings: list[Problem]) -> str:
    if not warnings:
        return "Nothing is past its review date."
    pages = sum(1 for w in warnings if w.code == "stale-page")
    facts = sum(1 for w in warnings if w.code == "stale-fact")
    lists = sum(1 for w in warnings if w.code == "stale-checklist")
    lines = [w.format() for w in warnings]
    lines.append(f"To re-verify, most overdue first: {pages} pages, {facts} facts, {lists} checklists.")
    return "\n".join(lines)
