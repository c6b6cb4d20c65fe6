"""The checks of a local edition's overlay folder. Each returns problems; none prints or exits.

Local pages are in the project's pages, so the guide's own checks (front matter, links and anchors,
terms, facts, call-outs, terminology, nav) already cover them with their overlay paths. This module adds
what only an overlay has: ``local.yml`` against ``checklists/local.schema.json``, phone numbers, ids
that repeat national ones, notes and local checklist items whose insertion point a national update
removed, links inside notes, links leading out of the overlay, and the privacy rules (no case records
or personal data in a public edition).
"""

from __future__ import annotations

import re
from pathlib import Path

from .links import closest, closest_anchor, resolve_link, resolve_ref
from .model import SCHEMA_DIR, Project
from .overlay import LOCAL_PREFIX, LOCAL_SCHEMA, LocalEdition
from .pages import FACT, Page
from .problems import Problem
from .schema import schema_problems
from .yamlload import LineDict, LineList, position

TOOLS = Path(__file__).resolve().parent.parent  # the schema editors use is the one the checks use
PHONE_CHARS = re.compile(r"^\+?[0-9 ().-]+$")
SHORT_CODE = re.compile(r"^[2-9]11$")  # 211, 311, 511, 711, 811, 911

# Privacy: what looks like a victim's personal data or a case record has no place in a public edition.
EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
PHONE = re.compile(r"(?<![\w+])(?:\+?1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w-])|\btel:\+?\d{7,}")
DATE = r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4})"
BIRTH_DATE = re.compile(r"(?i)\b(?:d\.?o\.?b\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?)\b[\s:,-]{0,4}" + DATE)
SSN = re.compile(r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])")
CASE_NUMBER = re.compile(r"(?i)\b(?:case|docket|incident|report)\s*(?:no\.?|number|num\.?|#)\s*:?\s*[A-Z0-9][A-Z0-9-]*\d[A-Z0-9-]*\b")
URL = re.compile(r"https?://\S+")
PRIVACY_RULES = (
    (BIRTH_DATE, "a date of birth", "a date of birth identifies a person; a public guide never holds one"),
    (SSN, "what looks like a Social Security number", "an identity number identifies a person; a public guide never holds one"),
    (CASE_NUMBER, "what looks like a case or report number", "case records stay in the agencies' case systems, never in a public guide"),
    (EMAIL, "an email address", "only the task force's own contacts are published, in 'contacts:' of local.yml, so readers can tell an office line from a person's"),
    (PHONE, "a phone number", "only the task force's own contacts are published, in 'contacts:' of local.yml, so readers can tell an office line from a person's"),
)
PRIVACY_HINT = {
    "a date of birth": "remove it: describe people by role, never by identifying details (see 'Never put case details or personal data in the repository')",
    "what looks like a Social Security number": "remove it",
    "what looks like a case or report number": "remove it: describe the practice, not the case; examples are composites",
    "an email address": "move the task force's own address into 'contacts:' (email) of local.yml, or write {{ facts.KEY }} with a public fact; remove anyone else's",
    "a phone number": "move the task force's own line into 'contacts:' of local.yml, or write {{ facts.KEY }} with a public number and its source; remove anyone else's",
}


def local_problems(project: Project) -> list[Problem]:
    """Every problem of the local edition (none when the project has no local edition)."""
    edition = project.local
    if edition is None:
        return []
    problems: list[Problem] = []
    problems += local_file_problems(edition)
    if edition.file.data is not None and not edition.file.error:
        problems += phone_problems(edition)
        problems += duplicate_problems(project, edition)
        problems += item_problems(project, edition)
    problems += overlay_path_problems(edition)
    problems += note_problems(project, edition)
    problems += privacy_problems(edition)
    return problems


def local_file_problems(edition: LocalEdition) -> list[Problem]:
    file = edition.file
    if file.error:
        error = file.error
        return [Problem(file.source, error.line, error.col, error.code, error.message, error.hint)]
    if not isinstance(file.data, LineDict):
        return [Problem(file.source, 1, 1, "bad-value", "local.yml must be a mapping with name, state, feedback and contacts",
                        "see examples/local-edition/local.yml for the shape")]
    return schema_problems(file.data, TOOLS / LOCAL_SCHEMA, file.source)


def phone_number_problem(phone: str) -> str | None:
    """Why a phone number cannot be dialled, or None: digits with separators, 10 digits (or 1 and 10), or N11."""
    text = phone.strip()
    if not text:
        return "is empty"
    if not PHONE_CHARS.match(text):
        return "has characters that are not digits (write letters out as digits: 1-800-THE-LOST is 1-800-843-5678)"
    digits = re.sub(r"\D", "", text)
    if SHORT_CODE.match(digits) and len(text) == 3:
        return None
    count = len(digits)
    if count == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10:
        return f"has {count} digits, not 10 (area code and number) or a three-digit number such as 911"
    if digits[0] in "01" or digits[3] in "01":
        return "is not a US number (area code and exchange start with 2 to 9)"
    return None


def phone_problems(edition: LocalEdition) -> list[Problem]:
    problems: list[Problem] = []
    for contact in edition.contacts:
        why = phone_number_problem(contact.phone) if contact.phone else None
        if why:
            line, col = contact.phone_pos
            problems.append(Problem(edition.source, line, col, "bad-phone", f"contact '{contact.name}': phone '{contact.phone}' {why}",
                                    "write the number as digits, e.g. 202-555-0143 or (202) 555-0143; extensions and words go in 'hours'"))
    for key, fact in edition.facts.items():
        if isinstance(fact, LineDict) and fact.get("kind") in ("phone", "sms") and isinstance(fact.get("value"), str):
            why = phone_number_problem(fact["value"]) if fact.get("kind") == "phone" else (
                None if re.fullmatch(r"\d{3,10}", fact["value"].strip()) else "is not a text number (digits only)")
            if why:
                line, col = position(fact, "value")
                problems.append(Problem(edition.source, line, col, "bad-phone", f"fact '{key}': '{fact['value']}' {why}",
                                        "write the number as digits, e.g. 202-555-0143"))
    return problems


def duplicate_problems(project: Project, edition: LocalEdition) -> list[Problem]:
    """A local id that repeats a national one (or another local one): pages, terms, facts, contacts."""
    problems: list[Problem] = []
    for page in edition.collisions:
        problems.append(Problem(page.source, 1, 1, "duplicate-id",
                                f"the national guide already has a page at guide/{page.path}; this local page would replace it",
                                f"rename this file; local pages are published under {LOCAL_PREFIX}/ and never replace national ones"))
    national_terms = {e.term.lower(): e for e in project.glossary if not e.local}
    seen_terms: dict[str, int] = {}
    for entry in edition.glossary:
        key = entry.term.lower()
        if key in national_terms:
            problems.append(Problem(edition.source, entry.line, 1, "duplicate-term",
                                    f"'{entry.term}' is already defined by the national glossary (data/glossary.yml:{national_terms[key].line})",
                                    "use the national term, or give the local one a distinct name (for example with your state's name)"))
        elif key in seen_terms:
            problems.append(Problem(edition.source, entry.line, 1, "duplicate-term",
                                    f"'{entry.term}' is already defined on line {seen_terms[key]}", "merge the two definitions"))
        seen_terms.setdefault(key, entry.line)
    national_facts = project.facts_file.data if project.facts_file and isinstance(project.facts_file.data, dict) else {}
    for key in edition.facts:
        if key in national_facts:
            line, col = position(edition.facts, key)
            problems.append(Problem(edition.source, line, col, "duplicate-id",
                                    f"fact '{key}' is already a national fact in data/facts.yml",
                                    f"give the local fact its own key, e.g. local_{key}; national facts are corrected nationally"))
    names: dict[str, int] = {}
    for contact in edition.contacts:
        if contact.name.lower() in names:
            problems.append(Problem(edition.source, contact.line, 1, "duplicate-id",
                                    f"contact '{contact.name}' is already listed on line {names[contact.name.lower()]}",
                                    "list each line once; put several numbers of one office under distinct names"))
        names.setdefault(contact.name.lower(), contact.line)
    return problems


def item_problems(project: Project, edition: LocalEdition) -> list[Problem]:
    """Local checklist items: where they go (a national checklist and section), ids, refs and facts."""
    problems: list[Problem] = []
    checklists = {c.id: c for c in project.checklists}
    seen: dict[tuple[str, str], int] = {}
    for local in edition.items:
        item, raw = local.item, local.raw
        checklist = checklists.get(local.checklist)
        if checklist is None:
            line, col = position(raw, "checklist")
            guess = closest(local.checklist, checklists)
            problems.append(Problem(edition.source, line, col, "insertion-point",
                                    f"item '{item.id}': the national guide has no checklist '{local.checklist}'",
                                    (f"did you mean '{guess}'? " if guess else "")
                                    + "if a national update renamed or removed it, move the item to the checklist that took its place"))
            continue
        headings = [s.heading.strip() for s in checklist.sections]
        if local.section not in headings:
            line, col = position(raw, "section")
            guess = closest(local.section, headings)
            problems.append(Problem(edition.source, line, col, "insertion-point",
                                    f"item '{item.id}': checklist '{checklist.id}' ({checklist.source}) has no section '{local.section}'",
                                    (f"did you mean '{guess}'? " if guess else "")
                                    + "write the section heading exactly as in the national checklist: " + "; ".join(headings)))
            continue
        national = next((i for i in checklist.items if i.id == item.id and not i.local), None)
        key = (checklist.id, item.id)
        if national is not None:
            problems.append(Problem(edition.source, item.line, 1, "duplicate-item-id",
                                    f"item id '{item.id}' is already used by the national checklist {checklist.source}:{national.line}",
                                    "give the local item its own id (ticks saved in browsers are kept by id)"))
        elif key in seen:
            problems.append(Problem(edition.source, item.line, 1, "duplicate-item-id",
                                    f"item id '{item.id}' is already used on line {seen[key]}", "give the new item its own id"))
        seen.setdefault(key, item.line)
        result = resolve_ref(item.ref, project.pages)
        if result.code:
            line, col = position(raw, "ref")
            problems.append(Problem(edition.source, line, col, "broken-ref", f"item '{item.id}': {result.message}", result.hint))
        for text in (item.text, item.details or ""):
            for found in FACT.finditer(text):
                if (found.group(1) or "") not in project.facts:
                    problems.append(Problem(edition.source, item.line, 1, "unknown-fact",
                                            f"item '{item.id}': '{found.group(0)}' is not a national or local fact",
                                            "write {{ facts.KEY }} with a key from data/facts.yml or 'facts:' of local.yml"))
    for entry in edition.glossary:
        if entry.see:
            result = resolve_ref(entry.see, project.pages)
            if result.code:
                problems.append(Problem(edition.source, entry.line, 1, "broken-ref", f"term '{entry.term}': {result.message}", result.hint))
    return problems


def overlay_path_problems(edition: LocalEdition) -> list[Problem]:
    problems = [Problem(source, 1, 1, "unsafe-path", f"{source} is a link to a file outside the overlay folder",
                        "copy the file into the overlay folder; nothing outside the repository and the overlay is read or published")
                for source in edition.unsafe]
    for source, pos in edition.undecodable:
        line, col = (int(x) for x in pos.split(":"))
        problems.append(Problem(source, line, col, "encoding", "file is not valid UTF-8", "re-save the file as UTF-8"))
    return problems


def _file_exists(project: Project, edition: LocalEdition):
    local = {path for _, path in edition.assets}

    def exists(path: str) -> bool:
        return path in local or (project.guide_dir / path).is_file()

    return exists


def note_problems(project: Project, edition: LocalEdition) -> list[Problem]:
    """A note's front matter, its insertion point (the national heading it goes under) and its body, whose
    links resolve from the national page it is inserted into."""
    from .validate import _scan_terms, _term_pattern  # the guide's own terminology scan (imported late: validate imports us)

    problems: list[Problem] = []
    exists = _file_exists(project, edition)
    pattern, terms = _term_pattern(project)
    index = project.glossary_index()
    for note in edition.notes:
        page = note.page
        if page.meta_error:
            error = page.meta_error
            problems.append(Problem(page.source, error.line, error.col, "front-matter" if error.code == "yaml-syntax" else error.code,
                                    error.message, "start the note with '---', 'at: page.md#heading-id', 'title: ...', '---'"))
            continue
        schema = schema_problems(page.meta, SCHEMA_DIR / "note.schema.json", page.source)
        problems += schema
        if schema:
            continue
        problems += insertion_problems(project, note)
        if page.path not in project.pages:
            continue
        for link in page.links:
            source = link.source or page.source
            result = resolve_link(link.target, page, project.pages, exists)
            if result.code:
                problems.append(Problem(source, link.line, link.col, result.code, result.message,
                                        result.hint + (" (links in a note are relative to the page it is inserted into, "
                                                       f"guide/{page.path})" if result.code in ("broken-link", "link-outside-guide") else "")))
        for marker in page.terms:
            if marker.name.lower() not in index:
                problems.append(Problem(page.source, marker.line, marker.col, "unknown-term", f"'{marker.name}' is not in the glossary",
                                        "use a national term or add it to 'glossary:' of local.yml"))
        for marker in page.facts:
            if marker.name not in project.facts:
                problems.append(Problem(page.source, marker.line, marker.col, "unknown-fact", f"fact '{marker.name or marker.extra}' is not a national or local fact",
                                        "write {{ facts.KEY }} with a key from data/facts.yml or 'facts:' of local.yml"))
        if pattern is not None:
            problems += _scan_terms(page.body, page.source, page.body_line, pattern, terms)
    if pattern is not None and edition.file.text:  # local items, terms and facts use the guide's words too
        problems += _scan_terms(edition.file.text, edition.source, 1, pattern, terms, skip_code=False)
    return problems


def insertion_problems(project: Project, note) -> list[Problem]:
    """Where a note goes: a heading of a national page. A national update that renames or removes the
    heading is the most likely breakage of a local edition, so the message says which page and what to do."""
    line, col = position(note.page.meta, "at")
    path, _, anchor = note.at.partition("#")
    target = project.pages.get(path)
    if target is None or target.generated or path.startswith(f"{LOCAL_PREFIX}/"):
        result = resolve_ref(note.at, project.pages)
        why = ("notes go into national pages of guide/, not into generated or local pages" if target is not None
               else f"the national guide has no page '{path}' (moved or removed by a national update?)")
        hint = result.hint if result.code == "broken-link" else "write the local text in the local page itself"
        return [Problem(note.source, line, col, "insertion-point", f"note '{note.title}' cannot be inserted: {why}",
                        hint + "; point 'at:' to a national page and heading, then run make check LOCAL=... again")]
    own = [h for h in target.headings if not h.source]
    if any(h.anchor == anchor for h in own):
        return []
    guess = closest_anchor(anchor, [h.anchor for h in own])
    suggestion = f"the closest heading id there now is {path}#{guess}; " if guess else ""
    return [Problem(note.source, line, col, "insertion-point",
                    f"note '{note.title}' is inserted under '{note.at}', but guide/{path} no longer has a heading with id "
                    f"'{anchor}' (renamed or removed by a national update?)",
                    f"{suggestion}read guide/{path} as it is now, set 'at:' to the heading the note belongs under "
                    "(check the note still says what the new section needs), then run make check LOCAL=... again")]


def _scan(text: str, source: str, first_line: int, first_col: int = 1, block: bool = False) -> list[Problem]:
    """Privacy findings in ``text``, which starts at (first_line, first_col); a YAML block keeps its indent."""
    problems: list[Problem] = []
    for offset, line in enumerate(text.splitlines()):
        if block:
            first_col_here = first_col
        else:
            first_col_here = first_col if offset == 0 else 1
        line = URL.sub(lambda m: " " * len(m.group(0)) if "@" not in m.group(0) else m.group(0), line)
        taken: list[tuple[int, int]] = []
        for regex, what, why in PRIVACY_RULES:
            for found in regex.finditer(line):
                if any(start <= found.start() < end for start, end in taken):
                    continue  # one finding per place: a date of birth is not also reported as a phone number
                taken.append((found.start(), found.end()))
                col = first_col_here + found.start()
                problems.append(Problem(source, first_line + offset, col, "personal-data",
                                        f"{what} ('{found.group(0).strip()}'): {why}", PRIVACY_HINT[what]))
    return problems


SKIP_KEYS = {"contacts", "feedback"}  # the published contacts of the task force, where numbers and addresses belong


def _value_start(lines: list[str], line: int, col: int) -> tuple[int, int, bool]:
    """(line, col) where a value written after a key on (line, col) starts, and whether it is a block (| or >)."""
    rest = lines[line - 1][col - 1 :] if 0 < line <= len(lines) else ""
    after = rest.split(":", 1)[1] if ":" in rest else rest
    if after.strip()[:1] in ("|", ">") and line < len(lines):
        following = lines[line]
        return line + 1, len(following) - len(following.lstrip()) + 1, True
    return line, col + len(rest) - len(after.lstrip()), False


def _walk(data, source: str, lines: list[str], path: tuple = ()) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(data, LineDict):
        for key, value in data.items():
            if not path and key in SKIP_KEYS:
                continue
            if path[:1] == ("facts",) and key == "value" and data.get("kind") in ("phone", "sms"):
                continue  # a public number with its source: shown as a marked local fact
            if key in ("url", "source") and isinstance(value, str):
                continue
            if isinstance(value, str):
                line, col, block = _value_start(lines, *data.lines.get(key, data.start))
                problems += _scan(value, source, line, col, block)
            else:
                problems += _walk(value, source, lines, (*path, key))
    elif isinstance(data, LineList):
        for number, value in enumerate(data):
            if isinstance(value, str):
                line, col = data.lines[number]
                problems += _scan(value, source, line, col)
            else:
                problems += _walk(value, source, lines, (*path, number))
    return problems


def privacy_problems(edition: LocalEdition) -> list[Problem]:
    """A local edition is public: nothing that looks like a case record or a victim's personal data (a date
    of birth, an email address or a phone number in prose, outside the task force's own 'contacts:')."""
    problems: list[Problem] = []
    pages: list[Page] = [*edition.pages, *(note.page for note in edition.notes)]
    for page in pages:
        problems += _scan(page.text, page.source, 1)
    if isinstance(edition.file.data, LineDict):
        problems += _walk(edition.file.data, edition.source, edition.file.text.splitlines())
    return problems
