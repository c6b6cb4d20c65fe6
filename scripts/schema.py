"""JSON Schema checks that speak like a maintainer: ``missing field 'owner'``, ``did you mean 'title'?``."""

from __future__ import annotations

import difflib
import json
import re
from datetime import date
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .data import VOCABULARY_FILE
from .problems import Problem
from .yamlload import position

HINTS = {
    "id": "add 'id: <stable-kebab-case-id>' (never reuse an id)",
    "title": "add 'title: <sentence-case title>'",
    "summary": "add 'summary: <one sentence>'",
    "audience": "add 'audience: [coordinator, ...]'",
    "owner": "add 'owner: <the role that keeps this current, not a person>'",
    "last_reviewed": "add 'last_reviewed: YYYY-MM-DD'",
    "review_every": "add 'review_every: 12' (months between reviews)",
    "sources": "add 'sources:' with title, publisher, year and an https url for each source",
    "ref": "add 'ref: <page.md#heading-id>' pointing to the guide section that explains this item",
}
DATE_FIELDS = ("last_reviewed", "checked")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
REF_FIELDS = ("ref", "see")
REF_EXAMPLE = "operating/protocols.md#memorandums-of-understanding"


@cache
def validator_for(path: Path) -> Draft202012Validator:
    """A validator whose ``$ref`` to ``vocabulary.schema.json`` resolves to the vocabulary beside the schema
    (``checklists/``), or to the one that ``scripts.data`` reads."""
    sibling = path.parent / "vocabulary.schema.json"
    vocabulary = json.loads((sibling if sibling.is_file() else VOCABULARY_FILE).read_text(encoding="utf-8"))
    resource = Resource.from_contents(vocabulary, default_specification=DRAFT202012)
    registry = Registry().with_resource(vocabulary.get("$id", "vocabulary.schema.json"), resource)
    return Draft202012Validator(json.loads(path.read_text(encoding="utf-8")), registry=registry)


def closest(word: str, options) -> str | None:
    matches = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return matches[0] if matches else None


def _walk(instance, path) -> tuple[object, object]:
    """Return (container, key) for the last step of ``path`` inside ``instance``."""
    container, key = instance, None
    for step in path:
        if key is not None:
            container = container[key]
        key = step
    return container, key


def _position(instance, path) -> tuple[int, int]:
    if not path:
        return position(instance)
    container, key = _walk(instance, list(path))
    return position(container, key)


def _describe(path) -> str:
    parts = []
    for step in path:
        parts.append(f"[{step + 1}]" if isinstance(step, int) else (("." if parts else "") + str(step)))
    return "".join(parts) or "the file"


def _type_name(value) -> str:
    """How a maintainer would call the type of a value (LineDict and LineList are a mapping and a list)."""
    for kind, name in ((bool, "true/false"), (str, "text"), (int, "a number"), (float, "a number"), (list, "a list"),
                       (dict, "a mapping")):
        if isinstance(value, kind):
            return name
    return "empty" if value is None else type(value).__name__


def _problems_for(error: ValidationError, instance, source: str) -> list[Problem]:
    if error.validator == "additionalProperties":
        # One problem per unknown key, each at its own line, each with its own "did you mean".
        allowed = list(error.schema.get("properties", {}))
        container = error.instance if isinstance(error.instance, dict) else {}
        problems = []
        for key in [key for key in container if key not in allowed]:
            line, col = position(container, key)
            guess = closest(key, allowed)
            hint = f"did you mean '{guess}'?" if guess else "allowed fields: " + ", ".join(allowed)
            problems.append(Problem(source, line, col, "unknown-field", f"unknown field '{key}'", hint))
        return problems
    return [_problem_for(error, instance, source)]


def _problem_for(error: ValidationError, instance, source: str) -> Problem:
    line, col = _position(instance, error.absolute_path)
    field = _describe(error.absolute_path)
    last = error.absolute_path[-1] if error.absolute_path else None
    if error.validator == "required":
        missing = error.message.split("'")[1]
        where = "" if not error.absolute_path else f" in {field}"
        return Problem(source, line, col, "missing-field", f"missing field '{missing}'{where}", HINTS.get(missing, ""))
    if error.validator == "enum":
        options = error.validator_value
        guess = closest(error.instance, options)
        hint = (f"did you mean '{guess}'? " if guess else "") + "allowed: " + ", ".join(map(str, options))
        return Problem(source, line, col, "bad-value", f"'{error.instance}' is not an allowed value for {field}", hint)
    if error.validator == "type" and last in DATE_FIELDS:
        return Problem(source, line, col, "bad-date", f"'{error.instance}' in {last} is not a date in the form YYYY-MM-DD",
                       "write the date as YYYY-MM-DD, for example 2026-11-23")
    if error.validator == "type":
        wanted = error.validator_value
        return Problem(
            source,
            line,
            col,
            "field-type",
            f"{field} must be {_type_name({'string': '', 'integer': 0, 'array': [], 'object': {}, 'boolean': True}.get(wanted, ''))}, "
            f"not {_type_name(error.instance)}",
            "quote text values; write lists as [a, b] or one '- item' per line",
        )
    if error.validator == "pattern":
        if last in REF_FIELDS:
            return Problem(source, line, col, "broken-ref", f"{field} '{error.instance}' is not a guide reference (page.md#heading-id)",
                           f"write the page path relative to guide/ and a heading id, for example {REF_EXAMPLE}")
        if str(error.validator_value).startswith("^https://"):
            return Problem(source, line, col, "source-url", f"{field} must be an https:// URL: '{error.instance}'",
                           "use the https address of the source")
        return Problem(source, line, col, "bad-value", f"{field} has the wrong form: '{error.instance}'",
                       "use lowercase words joined by hyphens" if "a-z0-9" in str(error.validator_value) else "")
    if error.validator in ("minLength", "minItems"):
        return Problem(source, line, col, "bad-value", f"{field} is empty or too short", "fill it in")
    if error.validator == "uniqueItems":
        return Problem(source, line, col, "bad-value", f"{field} lists the same value twice", "remove the repeat")
    return Problem(source, line, col, "bad-value", f"{field}: {error.message}")


def schema_problems(instance, schema_path: Path, source: str) -> list[Problem]:
    validator = validator_for(schema_path)
    problems = [problem for error in validator.iter_errors(instance) for problem in _problems_for(error, instance, source)]
    return problems + date_problems(instance, source)


def date_problems(instance, source: str, today: date | None = None) -> list[Problem]:
    """Dates are kept as text by the loader; check each date field is real and not in the future."""
    today = today or date.today()
    problems: list[Problem] = []
    if not isinstance(instance, dict):
        return problems
    for key in DATE_FIELDS:
        value = instance.get(key)
        if not isinstance(value, str):
            continue
        line, col = position(instance, key)
        if not ISO_DATE.fullmatch(value):  # fromisoformat would also take 20261123 and week dates
            problems.append(Problem(source, line, col, "bad-date", f"'{value}' in {key} is not a date in the form YYYY-MM-DD",
                                    "write the date as YYYY-MM-DD, for example 2026-11-23"))
            continue
        try:
            when = date.fromisoformat(value)
        except ValueError:
            problems.append(Problem(source, line, col, "bad-date", f"'{value}' in {key} is not a real date",
                                    "write the date as YYYY-MM-DD, for example 2026-11-23"))
            continue
        if when > today:
            problems.append(Problem(source, line, col, "future-date", f"{key} {value} is in the future",
                                    f"use the date the review actually happened (today is {today.isoformat()})"))
    for value in instance.values():
        if isinstance(value, dict):
            problems.extend(date_problems(value, source, today))
    return problems
