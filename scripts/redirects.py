"""Redirects for moved pages: ``data/redirects.yml`` maps an old page path to its new place.

Moving a page is then: move it, add one line. ``check`` verifies each line (``redirect_problems``) and
the finish step writes a small HTML page at the old address that works on any static host and from
``file://`` (a meta refresh, plus a plain link for readers whose browser does not follow it).
"""

from __future__ import annotations

import posixpath
from html import escape
from pathlib import Path

from .assets import write_atomic
from .links import closest_path, resolve_ref
from .model import Project
from .problems import Problem
from .render import page_url, ref_url
from .yamlload import LineDict

REDIRECTS_FILE = "data/redirects.yml"


def redirect_map(project: Project) -> dict[str, str]:
    data = project.redirects_file.data if project.redirects_file else None
    if not isinstance(data, dict):
        return {}
    return {str(old): str(new) for old, new in data.items() if isinstance(new, str)}


def redirect_problems(project: Project) -> list[Problem]:
    file = project.redirects_file
    if file is None:
        return []
    if file.error:
        return [Problem(file.source, file.error.line, file.error.col, file.error.code, file.error.message, file.error.hint)]
    if file.data is None:
        return []
    if not isinstance(file.data, LineDict):
        return [Problem(file.source, 1, 1, "bad-value", "redirects must be a mapping of 'old/page.md: new/page.md' lines",
                        "write one line per moved page, for example 'forming/old-name.md: forming/new-name.md'")]
    problems = []
    for old, new in file.data.items():
        line, col = file.data.lines.get(old, (1, 1))
        old = str(old)
        if not old.endswith(".md") or old.startswith(("/", "../")) or "#" in old:
            problems.append(Problem(file.source, line, col, "bad-redirect", f"'{old}' is not a page path relative to guide/",
                                    "write the old path as it was, relative to guide/, ending in .md"))
            continue
        if old in project.pages:
            problems.append(Problem(file.source, line, col, "bad-redirect", f"'{old}' is a page that exists; a redirect would hide it",
                                    "remove this line, or move the page away first"))
            continue
        if not isinstance(new, str):
            problems.append(Problem(file.source, line, col, "bad-redirect", f"the redirect for '{old}' must be a page path",
                                    "write 'old/page.md: new/page.md'"))
            continue
        result = resolve_ref(new, project.pages)
        if result.code:
            guess = closest_path(new.partition("#")[0], project.pages)
            problems.append(Problem(file.source, line, col, "bad-redirect", f"'{old}' redirects to {result.message}",
                                    f"did you mean {guess}?" if guess and result.code == "broken-link" else result.hint))
        elif redirect_map(project).get(new.partition("#")[0]):
            problems.append(Problem(file.source, line, col, "bad-redirect", f"'{old}' redirects to '{new}', which itself redirects",
                                    "point the old path straight at the final page"))
    return problems


def redirect_html(old: str, new: str, title: str) -> str:
    target = posixpath.relpath(ref_url(new), posixpath.dirname(old) or ".")
    href, text = escape(target, quote=True), escape(title)
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>Moved: {text}</title>\n<meta name=\"robots\" content=\"noindex\">\n"
            f"<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n<body>\n"
            f"<main><h1>This page has moved</h1>\n<p>It is now <a href=\"{href}\">{text}</a>.</p></main>\n</body>\n</html>\n")


def write_redirects(project: Project, site: Path) -> int:
    count = 0
    for old, new in sorted(redirect_map(project).items()):
        page = project.pages.get(new.partition("#")[0])
        if page is None or old in project.pages:
            continue  # check reports it; never overwrite a real page
        title = str(page.meta.get("title") or new) if isinstance(page.meta, dict) else new
        write_atomic(site / page_url(old), redirect_html(old, new, title))
        count += 1
    return count
