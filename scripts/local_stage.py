"""What a local edition adds to the staged docs tree and configuration (called by ``prepare``).

Everything is plain Markdown written into the staged pages, so both engines build it without hooks:
a box under the home page's title naming the edition, the local contacts (``tel:`` links) on Getting
help before the national lines, each note right after the heading line it belongs under, an ownership
box at the end of every local page, the site name in the header, and a nav section of its own. Every box
is an admonition titled "Local: <task force name>", a visible text label.
"""

from __future__ import annotations

import re

from .markdown_ext import phone_href
from .model import Project
from .overlay import CONTACTS_ANCHOR, HELP_PAGE, LocalEdition
from .pages import Page
from .render import md_escape

HOME_PAGE = "index.md"
BOX_CLASS = "eguide-local"
SETEXT = re.compile(r"^[ ]{0,3}(=+|-+)[ ]*$")


def _title(text: str) -> str:
    return " ".join(str(text).replace('"', "'").split())


def box(edition: LocalEdition, body: list[str], title: str = "") -> list[str]:
    """An admonition labelled 'Local: <name>' (and the note's own title), body indented under it."""
    heading = edition.label + (f" · {title}" if title else "")
    lines = [f'!!! note {BOX_CLASS} "{_title(heading)}"', ""]
    lines += [("    " + line) if line.strip() else "" for line in body]
    return ["", *lines, ""]


def feedback_link(edition: LocalEdition) -> str:
    target = edition.feedback
    if not target:
        return ""
    if target.startswith("https://"):
        return f"<{target}>"
    return f"[{md_escape(target)}](mailto:{target})"


def ownership_line(edition: LocalEdition) -> str:
    line = f"Added by {md_escape(edition.name)} for its local edition; not part of the national guide."
    link = feedback_link(edition)
    return line + (f" Corrections to local content: {link}." if link else "")


def contacts_markdown(edition: LocalEdition) -> list[str]:
    lines = [f"## Whom do I call in {md_escape(edition.state or edition.name)}? {{#{CONTACTS_ANCHOR}}}"]
    body = [f"The local contacts of {md_escape(edition.name)}, before the national lines below.", ""]
    for contact in edition.contacts:
        link = f"[{md_escape(contact.phone)}]({phone_href('phone', contact.phone)}){{.phone-number}}"
        parts = [f"- **{md_escape(contact.name)}** ({md_escape(contact.role)}): {link}."]
        if contact.hours:
            parts.append(f"Hours: {md_escape(contact.hours)}.")
        if contact.languages:
            parts.append(f"Languages: {md_escape(', '.join(contact.languages))}.")
        if contact.email:
            parts.append(f"Email: [{md_escape(contact.email)}](mailto:{contact.email}).")
        body.append(" ".join(parts))
    body += ["", ownership_line(edition)]
    return ["", *lines, *box(edition, body)]


def home_markdown(project: Project, edition: LocalEdition) -> list[str]:
    pages = [p for p in edition.pages if p.path in project.pages and project.pages[p.path] is p]
    links = ", ".join(f"[{md_escape(str(p.meta.get('title') or p.path))}]({p.path})" for p in pages
                      if isinstance(p.meta, dict) and p.meta.get("unlisted") is not True)
    body = [f"This is the local edition of the guide kept by **{md_escape(edition.name)}** for "
            f"{md_escape(edition.state)}. Its local contacts come first on "
            f"[Getting help now]({HELP_PAGE}#{CONTACTS_ANCHOR})" + (f"; its own pages are {links}" if links else "")
            + ". Boxes like this one, labelled **Local**, mark everything the task force added to national pages.",
            "", ownership_line(edition)]
    return box(edition, body)


def _insert_after(lines: list[str], line: int) -> int:
    """Index after a heading's line (and its setext underline), for a heading on 1-based ``line``."""
    index = line  # the line after the heading
    if index < len(lines) and SETEXT.match(lines[index]) and lines[line - 1].strip():
        index += 1
    return index


def local_text(project: Project, page: Page) -> str:
    """The page's text with what the local edition adds to it (the same text when it adds nothing)."""
    edition = project.local
    if edition is None or page.generated:
        return page.text
    lines = page.text.splitlines()
    inserts: list[tuple[int, list[str]]] = []
    own = [h for h in page.headings if not h.source]
    for note in edition.notes:
        path, _, anchor = note.at.partition("#")
        if path != page.path:
            continue
        heading = next((h for h in own if h.anchor == anchor), None)
        if heading is None:
            continue  # check reports it (insertion-point); the build never runs with it
        body = note.page.body.strip("\n").splitlines() + ["", ownership_line(edition)]
        raw = lines[heading.line - 1]
        indent = raw[: len(raw) - len(raw.lstrip(" "))]  # a heading inside a call-out or tab: the box stays inside it
        block = [indent + line if line else line for line in box(edition, body, note.title)]
        inserts.append((_insert_after(lines, heading.line), block))
    if page.path == HELP_PAGE and edition.contacts:
        second = next((h for h in own if h.level == 2), None)
        inserts.append((second.line - 1 if second else len(lines), contacts_markdown(edition) + [""]))
    if page.path == HOME_PAGE:
        title = next((h for h in own if h.level == 1), None)
        at = _insert_after(lines, title.line) if title else max(page.body_line - 1, 0)
        inserts.append((at, home_markdown(project, edition)))
    if any(p is page for p in edition.pages):
        inserts.append((len(lines), box(edition, [ownership_line(edition)])))
    for index, block in sorted(inserts, key=lambda pair: pair[0], reverse=True):
        lines[index:index] = block
    return "\n".join(lines) + ("\n" if page.text.endswith("\n") else "")


def adjust_config(project: Project, config: dict, serve: bool = False) -> None:
    """The header shows the edition's name; the local pages get a nav section after Getting help."""
    edition = project.local
    if edition is None:
        return
    config["site_name"] = f"{edition.name} edition"  # the header and every page title name the edition
    paths = [p.path for p in edition.pages if project.pages.get(p.path) is p
             and isinstance(p.meta, dict) and p.meta.get("unlisted") is not True]
    nav = config.get("nav")
    if isinstance(nav, list) and paths:
        section = {edition.name: paths}
        index = next((n for n, entry in enumerate(nav)
                      if entry == HELP_PAGE or (isinstance(entry, dict) and HELP_PAGE in entry.values())), 0)
        config["nav"] = [*nav[: index + 1], section, *nav[index + 1 :]]
    if serve:
        config["watch"] = [*config.get("watch", []), str(edition.root)]
