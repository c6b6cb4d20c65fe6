"""Every check of the guide. Each returns problems; none prints or exits (the CLI and the hooks do)."""

from __future__ import annotations

import re
from bisect import bisect_right
from pathlib import Path

from . import data as data_mod
from .checklists import check_checklist_file  # noqa: F401 (re-exported for the tests)
from .data import Checklist
from .engine_config import engine_support_problems, mkdocs_config_problems
from .generate import GLOSSARY_PAGE
from .links import closest_path, resolve_link, resolve_ref
from .local_checks import local_problems
from .model import SCHEMA_DIR, Project
from .pages import FACT
from .problems import Problem, sort_problems
from .redirects import redirect_problems
from .schema import closest, schema_problems
from .yamlload import LineDict, LineList, position

CALLOUT_TYPES = data_mod.CALLOUT_LABELS
CASE_STUDY_PREFIXES = ("Composite example:", "Public record:")
TERM_OK = re.compile(r"<!--\s*term-ok:\s*\S.*?-->")
SKIP_IN_TERMS = re.compile(r"`[^`]*`|\]\([^)]*\)|https?://\S+")


def validate(project: Project) -> list[Problem]:
    """All problems of the project, sorted by file and position."""
    problems: list[Problem] = []
    problems += config_problems(project)
    problems += encoding_problems(project)
    problems += unsafe_path_problems(project)
    problems += front_matter_problems(project)
    problems += url_problems(project)
    problems += redirect_problems(project)
    problems += link_problems(project)
    problems += nav_problems(project)
    problems += checklist_problems(project)
    problems += glossary_problems(project)
    problems += facts_problems(project)
    problems += callout_problems(project)
    problems += anchor_problems(project)
    problems += terminology_problems(project)
    problems += local_problems(project)  # a local edition's overlay (none without --local)
    return sort_problems(problems)


def _authored(project: Project):
    return [page for page in project.pages.values() if not page.generated]


def config_problems(project: Project) -> list[Problem]:
    error = project.config_error
    if error:
        return [Problem("mkdocs.yml", error.line, error.col, error.code, error.message, error.hint)]
    return engine_support_problems(project) + mkdocs_config_problems(project)


def encoding_problems(project: Project) -> list[Problem]:
    problems = []
    for source, pos in project.undecodable:
        line, col = (int(x) for x in pos.split(":"))
        problems.append(Problem(source, line, col, "encoding", "file is not valid UTF-8", "re-save the file as UTF-8"))
    for file in [project.glossary_file, project.facts_file, project.terminology_file, *project.checklist_files]:
        if file and file.error and file.error.code == "encoding":
            problems.append(Problem(file.source, file.error.line, 1, "encoding", file.error.message, file.error.hint))
    return problems


def unsafe_path_problems(project: Project) -> list[Problem]:
    """Nothing from outside the repository is read or published: links out of it, snippets that leave it."""
    problems = [Problem(source, 1, 1, "unsafe-path", f"{source} is a link to a file outside the project",
                        "copy the file into guide/ instead; the build never reads or publishes files from outside")
                for source in project.unsafe_links]
    for page in project.pages.values():
        for marker in page.unsafe_snippets:
            problems.append(Problem(marker.source or page.source, marker.line, marker.col + 1, "unsafe-path",
                                    f"snippet '{marker.name}' is outside the project",
                                    "include files by a path relative to the project folder, with no '..' and no leading '/'"))
    return problems


def generated_from(path: str) -> str:
    if path == GLOSSARY_PAGE:
        return "data/glossary.yml"
    if path.startswith("checklists/") and path != "checklists/index.md":
        return f"checklists/{path.removeprefix('checklists/')[:-3]}.yml"
    if path == "checklists/index.md":
        return "the checklists in checklists/"
    if path == "reference/changes.md":
        return "the repository's history (git log)"
    return "the sources in every page's front matter"


URL_HOST = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def url_problem(url: object) -> str | None:
    """Why a source address is not a web address a reader can open, or None (more than a prefix test)."""
    from urllib.parse import urlsplit

    text = str(url)
    if any(c.isspace() for c in text) or any(c in text for c in '"<>\\^`{|}'):
        return "contains spaces or characters a URL cannot hold"
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return "is not a valid URL"
    if parts.scheme != "https":
        return "must start with https://"
    if parts.username or parts.password:
        return "must not carry a user name or password"
    if not URL_HOST.match((parts.hostname or "").lower()) or port not in (None, 443):
        return "has no valid host name"
    return None


def _urls(project: Project):
    """(file, mapping holding the URL, key, label) for every source address in pages, glossary and facts."""
    for page in _authored(project):
        sources = page.meta.get("sources") if isinstance(page.meta, dict) else None
        for index, source in enumerate(sources if isinstance(sources, list) else []):
            yield page.source, source, "url", f"source {index + 1}: "
    glossary = project.glossary_file.data if project.glossary_file else None
    for raw in glossary if isinstance(glossary, list) else []:
        yield project.glossary_file.source, raw.get("source") if isinstance(raw, dict) else None, "url", ""
    facts = project.facts_file.data if project.facts_file else None
    for key, fact in facts.items() if isinstance(facts, dict) else []:
        yield project.facts_file.source, fact, "source", f"fact '{key}': "


def url_problems(project: Project) -> list[Problem]:
    """Addresses that start with https:// but are not URLs (the schema already reports those that do not)."""
    problems: list[Problem] = []
    for source, holder, key, label in _urls(project):
        url = holder.get(key) if isinstance(holder, dict) else None
        why = url_problem(url) if isinstance(url, str) and url.startswith("https://") else None
        if why:
            line, col = position(holder, key)
            problems.append(Problem(source, line, col, "bad-url", f"{label}'{url}' {why}",
                                    "copy the address from the browser's address bar: https://host/path"))
    return problems


def front_matter_problems(project: Project) -> list[Problem]:
    problems: list[Problem] = []
    ids: dict[str, tuple[str, int]] = {}
    schema = SCHEMA_DIR / "page.schema.json"
    for page in project.shadowed:
        problems.append(Problem(page.source, 1, 1, "generated-page",
                                f"the site generates guide/{page.path} from {generated_from(page.path)}; this file would be replaced",
                                f"edit {generated_from(page.path)} instead, or move this page to another path"))
    for page in project.pages.values():
        if page.generated and isinstance(page.meta.get("id"), str):
            ids.setdefault(page.meta["id"], (f"the generated page guide/{page.path}", 0))
    for page in _authored(project):
        if page.meta_error:
            error = page.meta_error
            code = "front-matter" if error.code == "yaml-syntax" else error.code
            problems.append(Problem(page.source, error.line, error.col, code, error.message, error.hint))
            continue
        problems += schema_problems(page.meta, schema, page.source)
        page_id = page.meta.get("id")
        if isinstance(page_id, str):
            line, col = position(page.meta, "id")
            if page_id in ids:
                other, other_line = ids[page_id]
                where = f"{other}:{other_line}" if other_line else other
                problems.append(Problem(page.source, line, col, "duplicate-id", f"page id '{page_id}' is already used by {where}",
                                        "give this page a new id; ids are never reused"))
            else:
                ids[page_id] = (page.source, line)
    return problems


def unavailable_pages(project: Project) -> set[str]:
    """Generated pages whose data file has its own reported problem (a checklist that fails its schema, a
    glossary that does not parse): links to them are not reported again, so one mistake gives one problem."""
    valid = {c.source for c in project.checklists}
    missing = {f"checklists/{Path(file.source).stem}.md" for file in project.checklist_files if file.source not in valid}
    if project.glossary_file and project.glossary_file.error:
        missing.add(GLOSSARY_PAGE)
    return missing


def link_problems(project: Project) -> list[Problem]:
    problems: list[Problem] = []
    guide = project.guide_dir
    cache: dict[str, bool] = {}
    unavailable = unavailable_pages(project)

    def file_exists(path: str) -> bool:
        if path not in cache:
            cache[path] = (guide / path).is_file()
        return cache[path]

    for page in project.pages.values():
        for link in page.links:
            if page.generated and link.html:
                continue  # raw HTML of generated pages points at built URLs; the browser tests load them
            source = link.source or page.source
            if link.missing_alt:
                problems.append(Problem(source, link.line, link.col, "image-alt", f"image '{link.target}' has no alt text",
                                        "describe the image in the brackets: ![what it shows](path)"))
            if link.kind in ("image", "resource") and re.match(r"(?i)^(?:[a-z][a-z0-9+.-]*:)?//", link.target):
                what = "an image" if link.kind == "image" else f"a <{link.text}>"
                problems.append(Problem(source, link.line, link.col, "external-resource",
                                        f"{what} is loaded from another host: '{link.target}'",
                                        "save the file under guide/ and link it by a relative path; pages never load "
                                        "anything from other hosts (privacy, offline use)"))
                continue
            result = resolve_link(link.target, page, project.pages, file_exists)
            if page.generated and result.code in ("insecure-link", "bad-link"):
                continue  # an external URL of a generated page comes from data that is checked where it is written
            if result.code and not (result.code in ("broken-link", "broken-anchor") and result.path in unavailable):
                problems.append(Problem(source, link.line, link.col, result.code, result.message, result.hint))
        for marker in page.missing_snippets:
            problems.append(Problem(marker.source or page.source, marker.line, marker.col + 1, "missing-file",
                                    f"snippet '{marker.name}' does not exist",
                                    "snippets are read from the project folder (pymdownx.snippets base_path in mkdocs.yml)"))
    return problems


def nav_problems(project: Project) -> list[Problem]:
    problems: list[Problem] = []
    listed = set()
    for entry in project.nav:
        listed.add(entry.path)
        if entry.path not in project.pages:
            guess = closest_path(entry.path, project.pages)
            problems.append(Problem("mkdocs.yml", entry.line, entry.col, "nav-missing",
                                    f"nav entry '{entry.title}' points to '{entry.path}', which does not exist",
                                    f"did you mean '{guess}'?" if guess else "fix the path (relative to guide/) or remove the entry"))
    if not project.nav:
        return problems
    for page in _authored(project):
        if page.meta_error:
            continue  # its front matter problem comes first: 'unlisted' cannot be read yet
        allowed = project.not_in_nav is not None and project.not_in_nav.match_file(page.path)
        if page.path not in listed and page.meta.get("unlisted") is not True and not allowed:
            problems.append(Problem(page.source, 1, 1, "orphan-page", "page is not in the nav of mkdocs.yml",
                                    "add it to 'nav:' in mkdocs.yml, or set 'unlisted: true' in its front matter if that is intended"))
    for page in project.pages.values() if project.config_error is None else []:  # (its not_in_nav is unknown then)
        # a generated page outside the nav fails the strict build the same way
        allowed = project.not_in_nav is not None and project.not_in_nav.match_file(page.path)
        if page.generated and page.path not in listed and not allowed and not page.path.startswith("local/"):
            problems.append(Problem("mkdocs.yml", 1, 1, "orphan-page",
                                    f"the generated page guide/{page.path} is not in the nav of mkdocs.yml",
                                    f"add '{page.path}' to 'nav:' (or to not_in_nav), as the other generated pages are"))
    return problems


def _ref_columns(project: Project, checklist: Checklist) -> dict[int, int]:
    """Column of each item's ``ref:`` key, by line, from the parsed file."""
    columns: dict[int, int] = {}
    file = next((f for f in project.checklist_files if f.source == checklist.source), None)
    for section in file.data.get("sections", []) if file and isinstance(file.data, dict) else []:
        for item in section.get("items", []) if isinstance(section, dict) else []:
            if isinstance(item, LineDict) and "ref" in item.lines:
                line, col = item.lines["ref"]
                columns[line] = col
    return columns


def checklist_problems(project: Project) -> list[Problem]:
    problems = [p for p in project.checklist_problems if p.code != "encoding"]
    unavailable = unavailable_pages(project)
    ids: dict[str, str] = {}
    for checklist in project.checklists:
        if checklist.id in ids:
            problems.append(Problem(checklist.source, checklist.line, 1, "duplicate-checklist-id",
                                    f"checklist id '{checklist.id}' is already used by {ids[checklist.id]}", "choose a new id"))
        ids.setdefault(checklist.id, checklist.source)
        ref_columns = _ref_columns(project, checklist)
        for item in checklist.items:
            if item.local:
                continue  # a local edition's item: checked where it is written (local_checks)
            result = resolve_ref(item.ref, project.pages)
            if result.code and result.path not in unavailable:
                problems.append(Problem(checklist.source, item.ref_line, ref_columns.get(item.ref_line, 1), "broken-ref",
                                        f"item '{item.id}': {result.message}", result.hint))
    return problems


def glossary_problems(project: Project) -> list[Problem]:
    problems: list[Problem] = []
    file = project.glossary_file
    if file is None:
        return problems
    if file.error:
        if file.error.code != "encoding":
            problems.append(Problem(file.source, file.error.line, file.error.col, file.error.code, file.error.message, file.error.hint))
        return problems
    problems += schema_problems(file.data, SCHEMA_DIR / "glossary.schema.json", file.source)
    unavailable = unavailable_pages(project)
    raw_entries = {file.data.lines[n][0]: raw for n, raw in enumerate(file.data)} if isinstance(file.data, LineList) else {}
    seen: dict[str, int] = {}
    for entry in project.glossary:
        if entry.local:
            continue  # a local edition's term: checked where it is written (local_checks)
        key = entry.term.lower()
        if key in seen:
            problems.append(Problem(file.source, entry.line, 1, "duplicate-term",
                                    f"'{entry.term}' is already defined on line {seen[key]}", "merge the two definitions"))
        else:
            seen[key] = entry.line
        if entry.see:
            result = resolve_ref(entry.see, project.pages)
            if result.code and result.path not in unavailable:
                line, col = position(raw_entries.get(entry.line), "see")
                problems.append(Problem(file.source, line, col, "broken-ref", f"term '{entry.term}': {result.message}", result.hint))
    index = project.glossary_index()
    for page in project.pages.values():
        for marker in page.terms:
            if marker.extra == "table-bar":
                problems.append(Problem(page.source, marker.line, marker.col, "table-term",
                                        f"'[[…|{marker.name}]]' in a table: the bar would split the table cell",
                                        "escape the bar in tables: [[shown text\\|Term]]"))
                continue
            if marker.name.lower() not in index:
                guess = closest(marker.name.lower(), index)
                hint = f"did you mean [[{index[guess].term}]]?" if guess else "add the term to data/glossary.yml or remove the [[ ]]"
                problems.append(Problem(page.source, marker.line, marker.col, "unknown-term",
                                        f"'{marker.name}' is not in the glossary", hint))
    return problems


def facts_problems(project: Project) -> list[Problem]:
    problems: list[Problem] = []
    file = project.facts_file
    if file is not None:
        if file.error:
            if file.error.code != "encoding":
                problems.append(Problem(file.source, file.error.line, file.error.col, file.error.code, file.error.message, file.error.hint))
        else:
            problems += schema_problems(file.data, SCHEMA_DIR / "facts.schema.json", file.source)
    if file is not None and file.error:
        return problems  # the facts are unknown until data/facts.yml loads: its problem is reported above
    for checklist in project.checklists:
        for item in checklist.items:
            if item.local:
                continue  # checked in local.yml (local_checks)
            for text in (item.text, item.details or ""):
                for found in FACT.finditer(text):
                    key = found.group(1) or ""
                    if key not in project.facts:
                        guess = closest(key, project.facts) if key else None
                        problems.append(Problem(checklist.source, item.line, 1, "unknown-fact",
                                                f"item '{item.id}': '{found.group(0)}' is not a fact in data/facts.yml",
                                                f"did you mean facts.{guess}?" if guess else "write {{ facts.KEY }} with a key from data/facts.yml"))
    for page in _authored(project):  # generated pages get their facts from data checked above
        for marker in page.facts:
            if not marker.name:
                problems.append(Problem(page.source, marker.line, marker.col, "unknown-fact", f"'{marker.extra}' is not a fact reference",
                                        "write {{ facts.KEY }} with a key from data/facts.yml"))
            elif marker.name not in project.facts:
                guess = closest(marker.name, project.facts)
                problems.append(Problem(page.source, marker.line, marker.col, "unknown-fact", f"fact '{marker.name}' is not in data/facts.yml",
                                        f"did you mean facts.{guess}?" if guess else "add it to data/facts.yml with its source"))
    return problems


def callout_problems(project: Project) -> list[Problem]:
    problems: list[Problem] = []
    for page in _authored(project):
        for marker in page.callouts:
            if marker.name not in CALLOUT_TYPES:
                guess = closest(marker.name, CALLOUT_TYPES)
                problems.append(Problem(page.source, marker.line, marker.col, "unknown-callout", f"'{marker.name}' is not one of the {len(CALLOUT_TYPES)} call-out types",
                                        (f"did you mean '{guess}'? " if guess else "") + "use: " + ", ".join(CALLOUT_TYPES)))
            elif not marker.extra.strip():
                problems.append(Problem(page.source, marker.line, marker.col, "callout-title", "call-out has no title",
                                        f'write !!! {marker.name} "A short title"'))
            elif marker.name == "case-study" and not marker.extra.startswith(CASE_STUDY_PREFIXES):
                problems.append(Problem(page.source, marker.line, marker.col, "callout-title",
                                        "a case study must say whether it is a composite or public record",
                                        'start the title with "Composite example:" or "Public record:" (and cite the record)'))
    return problems


def anchor_problems(project: Project) -> list[Problem]:
    """Two headings of one page with the same explicit id: links and checklists can only reach the first."""
    problems: list[Problem] = []
    for page in _authored(project):
        first: dict[str, int] = {}
        lines = None
        for heading in page.headings:
            if not heading.explicit:
                continue
            if heading.anchor not in first:
                first[heading.anchor] = heading.line
                continue
            col = 1
            if not heading.source:
                lines = lines if lines is not None else page.text.splitlines()
                col = lines[heading.line - 1].find("#" + heading.anchor) + 1 or 1
            problems.append(Problem(heading.source or page.source, heading.line, col, "duplicate-anchor",
                                    f"heading id '{heading.anchor}' is already used on line {first[heading.anchor]}",
                                    "give this heading its own {#id}; links and checklists can only reach the first one"))
    return problems


def _term_pattern(project: Project) -> tuple[re.Pattern | None, dict[str, dict]]:
    """One regex for every avoided phrase (longest first); a phrase may wrap onto the next line."""
    terms: dict[str, dict] = {}
    for term in project.terminology:
        words = str(term["avoid"]).split()
        if words:
            terms.setdefault(" ".join(words).lower(), term)
    if not terms:
        return None, terms
    alternatives = [r"\s+".join(re.escape(word) for word in phrase.split()) for phrase in sorted(terms, key=len, reverse=True)]
    # The leading look-ahead on the possible first letters lets the regex engine skip ahead quickly.
    first = "".join(sorted({c for phrase in terms for c in (phrase[0].lower(), phrase[0].upper())}))
    return re.compile(f"(?=[{re.escape(first)}])" + r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE), terms


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


FENCED = re.compile(r"^[ \t]*(```+|~~~+).*?(?:^[ \t]*\1[ \t]*$|\Z)", re.MULTILINE | re.DOTALL)


def _scan_terms(text: str, source: str, first_line: int, pattern: re.Pattern, terms: dict[str, dict],
                skip_code: bool = True) -> list[Problem]:
    problems: list[Problem] = []
    lowered = text.lower()
    if not any(phrase.split()[0] in lowered for phrase in terms) or not pattern.search(text):
        return problems  # most pages: one fast substring test per avoided phrase
    if skip_code:
        text = FENCED.sub(_blank, text)
    scan = SKIP_IN_TERMS.sub(_blank, text)
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    for found in pattern.finditer(scan):
        index = bisect_right(starts, found.start()) - 1
        if TERM_OK.search(lines[index]):
            continue
        term = terms[" ".join(found.group(0).split()).lower()]
        shown = " ".join(found.group(0).split())
        problems.append(Problem(source, first_line + index, found.start() - starts[index] + 1, "terminology",
                                f"'{shown}': {term.get('reason', '')}".strip(),
                                f"write '{term.get('prefer', '')}' instead (quoting a title? add <!-- term-ok: reason --> on the line)"))
    return problems


def terminology_problems(project: Project) -> list[Problem]:
    problems: list[Problem] = []
    file = project.terminology_file
    if file is not None and not file.error:
        problems += schema_problems(file.data, SCHEMA_DIR / "terminology.schema.json", file.source)
    elif file is not None and file.error.code != "encoding":
        problems.append(Problem(file.source, file.error.line, file.error.col, file.error.code, file.error.message, file.error.hint))
    pattern, terms = _term_pattern(project)
    if pattern is None:
        return problems
    for page in _authored(project):
        problems += _scan_terms(page.body, page.source, page.body_line, pattern, terms)
    for file in project.checklist_files + [project.glossary_file]:
        if file and file.text:
            problems += _scan_terms(file.text, file.source, 1, pattern, terms, skip_code=False)
    return problems
