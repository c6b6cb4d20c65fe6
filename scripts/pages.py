"""The page model: front matter with line numbers, headings with the anchors the site renders, links.

Anchors are computed with Python-Markdown's own ``toc`` slugify and duplicate suffixes, so a link the
validator accepts is a link the site resolves. Markdown is scanned line by line once; fenced code and
inline code are skipped so examples in the contributor guide are not mistaken for links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown.extensions.toc import slugify, unique

from .yamlload import LineDict, YamlError, load_yaml


@dataclass
class Heading:
    level: int
    text: str
    anchor: str
    line: int


@dataclass
class Link:
    """A Markdown link or image: ``kind`` is 'link' or 'image'."""

    kind: str
    target: str
    text: str
    line: int
    col: int


@dataclass
class Marker:
    """A ``[[glossary term]]``, ``{{ facts.key }}``, call-out or flagged word in the body."""

    name: str
    line: int
    col: int
    extra: str = ""


@dataclass
class Page:
    path: str  # relative to guide/, posix
    source: str  # path shown to users, relative to the project root
    text: str
    meta: LineDict = field(default_factory=LineDict)
    meta_error: YamlError | None = None
    body_line: int = 1  # line number of the first body line
    headings: list[Heading] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)
    terms: list[Marker] = field(default_factory=list)
    facts: list[Marker] = field(default_factory=list)
    callouts: list[Marker] = field(default_factory=list)
    generated: bool = False

    @property
    def body(self) -> str:
        return "\n".join(self.text.splitlines()[self.body_line - 1 :])


FENCE = re.compile(r"^\s*(```+|~~~+)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
ATTR_ID = re.compile(r"\{\s*:?[^}]*?#([A-Za-z0-9_:.-]+)[^}]*\}")
HEADING_ATTRS = re.compile(r"\s*\{\s*:?[^}]*\}\s*$")
HTML_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
INLINE_CODE = re.compile(r"(`+)(.+?)\1")
LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
HTML_LINK = re.compile(r"""<(?:a|img)\b[^>]*?\b(href|src)\s*=\s*["']([^"']*)["']""")
TERM = re.compile(r"\[\[([^\[\]|]+)(?:\|([^\[\]]+))?\]\]")
FACT = re.compile(r"\{\{\s*facts\.([A-Za-z0-9_]+)\s*\}\}|\{\{\s*([^}]*?)\s*\}\}")
CALLOUT = re.compile(r"^(!!!|\?\?\?\+?)\s+([A-Za-z0-9_-]+)(?:\s+([^\"\s][^\"]*?))?(?:\s+\"(.*)\")?\s*$")


def heading_text(raw: str) -> str:
    """The plain text of a heading as the toc extension sees it (markup stripped)."""
    text = HEADING_ATTRS.sub("", raw)
    text = TERM.sub(lambda m: m.group(1), text)
    text = LINK.sub(lambda m: m.group(2), text)
    text = INLINE_CODE.sub(lambda m: m.group(2), text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__|\*|_)(.+?)\1", r"\2", text)
    return text.strip()


def split_front_matter(text: str) -> tuple[str | None, int]:
    """Return (front matter text or None, first body line number)."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None, 1
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            return "\n".join(lines[1 : number - 1]), number + 1
    return "\n".join(lines[1:]), len(lines) + 1


def parse_page(path: str, source: str, text: str, generated: bool = False) -> Page:
    page = Page(path=path, source=source, text=text, generated=generated)
    front, page.body_line = split_front_matter(text)
    if front is None:
        page.meta_error = YamlError(
            1, 1, "front-matter", "page has no front matter", "start the file with a '---' block; see CONTRIBUTING.md"
        )
    else:
        try:
            meta = load_yaml(front, first_line=2)
        except YamlError as error:
            page.meta_error = error
        else:
            if isinstance(meta, LineDict):
                page.meta = meta
            else:
                page.meta_error = YamlError(
                    2, 1, "front-matter", "front matter must be a mapping of fields", "write 'field: value' lines"
                )
    _scan_body(page, text.splitlines())
    return page


def _scan_body(page: Page, lines: list[str]) -> None:
    used: set[str] = set()
    fence: str | None = None
    for number in range(page.body_line, len(lines) + 1):
        line = lines[number - 1]
        match = FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        code_free = INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)
        heading = HEADING.match(code_free) if not line.startswith("    ") else None
        if heading:
            raw = heading.group(2)
            explicit = ATTR_ID.search(raw) if raw.rstrip().endswith("}") else None
            text = heading_text(raw)
            if explicit:
                anchor = explicit.group(1)
                used.add(anchor)
            else:
                anchor = unique(slugify(text, "-"), used)
            page.headings.append(Heading(len(heading.group(1)), text, anchor, number))
            page.anchors.add(anchor)
        else:
            for found in ATTR_ID.finditer(code_free):
                page.anchors.add(found.group(1))
        for found in HTML_ID.finditer(code_free):
            page.anchors.add(found.group(1))
        for found in LINK.finditer(code_free):
            kind = "image" if found.group(1) else "link"
            target_col = found.start(3) + 1
            page.links.append(Link(kind, found.group(3), found.group(2), number, target_col))
        for found in HTML_LINK.finditer(code_free):
            kind = "image" if found.group(1) == "src" else "link"
            page.links.append(Link(kind, found.group(2), "html", number, found.start(2) + 1))
        for found in TERM.finditer(code_free):
            term = (found.group(2) or found.group(1)).strip()
            page.terms.append(Marker(term, number, found.start() + 1, found.group(1)))
        for found in FACT.finditer(code_free):
            page.facts.append(Marker(found.group(1) or "", number, found.start() + 1, found.group(0)))
        callout = CALLOUT.match(line)
        if callout:
            page.callouts.append(Marker(callout.group(2), number, 1, callout.group(4) or ""))


def load_pages(guide_dir: Path, root: Path) -> tuple[list[Page], list[tuple[Path, str]]]:
    """Every ``*.md`` under ``guide_dir``; also returns files that are not valid UTF-8."""
    pages: list[Page] = []
    undecodable: list[tuple[Path, str]] = []
    for file in sorted(guide_dir.rglob("*.md")):
        raw = file.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            undecodable.append((file, _decode_position(raw, error)))
            continue
        rel = file.relative_to(guide_dir).as_posix()
        pages.append(parse_page(rel, file.relative_to(root).as_posix(), text.lstrip("\ufeff")))
    return pages, undecodable


def _decode_position(raw: bytes, error: UnicodeDecodeError) -> str:
    before = raw[: error.start]
    line = before.count(b"\n") + 1
    col = error.start - (before.rfind(b"\n") + 1) + 1
    return f"{line}:{col}"
