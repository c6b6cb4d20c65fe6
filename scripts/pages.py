"""The page model: front matter with line numbers, headings with the anchors the site renders, links.

Anchors are computed with Python-Markdown's own ``toc`` slugify and duplicate suffixes, so a link the
validator accepts is a link the site resolves: explicit ``{#id}`` attributes win and are reserved first
(as the toc extension does), headings inside call-outs and tabs count, setext headings count, and the
heading text is reduced to what the toc sees (links, code, emphasis, tags and entities resolved).
Markdown is scanned line by line once; fenced code, indented code, HTML comments and inline code are
skipped so examples in the contributor guide are not mistaken for links. ``--8<--`` snippets
(pymdownx.snippets) are expanded like the site does, so a page that includes CONTRIBUTING.md has its
headings, and problems inside an included file are reported at that file's own line.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown.extensions.toc import slugify, strip_tags, unique

from .yamlload import LineDict, YamlError, load_yaml


@dataclass
class Heading:
    level: int
    text: str
    anchor: str
    line: int
    explicit: bool = False
    source: str = ""  # set when the heading comes from an included snippet


@dataclass
class Link:
    """A Markdown link or image: ``kind`` is 'link' or 'image'; ``source`` is set for snippet lines."""

    kind: str
    target: str
    text: str
    line: int
    col: int
    source: str = ""
    html: bool = False  # written as raw HTML (<a href>, <img src>)
    missing_alt: bool = False  # an image with no alt text (HTML: no alt attribute; alt="" marks it decorative)


@dataclass
class Marker:
    """A ``[[glossary term]]``, ``{{ facts.key }}``, call-out or flagged word in the body."""

    name: str
    line: int
    col: int
    extra: str = ""
    source: str = ""


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
    missing_snippets: list[Marker] = field(default_factory=list)
    unsafe_snippets: list[Marker] = field(default_factory=list)
    generated: bool = False

    @property
    def body(self) -> str:
        return "\n".join(self.text.splitlines()[self.body_line - 1 :])


FENCE = re.compile(r"^\s*(```+|~~~+)")
HEADING = re.compile(r"^(#{1,6})((?:\\.|[^\\])*?)#*$")  # Python-Markdown's own rule
SETEXT = re.compile(r"^(=+|-+)[ ]*$")
# attr_list on a heading: at least one space, then {...} at the very end (the greedy body ends at the last '}').
HEADING_ATTR_LIST = re.compile(r"[ ]+\{:?[ ]*([^}\n ][^\n]*)\}[ ]*$")
ATTR_WORD_ID = re.compile(r"(?:^|[ ])#([^ =}]+)")
ATTR_ID = re.compile(r"\{\s*:?[^}]*?#([A-Za-z0-9_:.-]+)[^}]*\}")
HTML_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
INLINE_CODE = re.compile(r"(`+)(.+?)\1")
LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
REF_DEF = re.compile(r"^[ ]{0,3}\[(?!\^)([^\]]+)\]:[ \t]*<?([^\s>]+)>?")
AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+|mailto:[^>\s]+)>", re.IGNORECASE)
HTML_LINK = re.compile(r"""<(a|img)\b([^>]*?)\b(?:href|src)\s*=\s*["']([^"']*)["']([^>]*)>?""", re.IGNORECASE)
# Elements that make the browser fetch something (not links a reader follows): from another host they are refused.
HTML_RESOURCE = re.compile(
    r"""<(script|iframe|frame|link|video|audio|source|track|embed|object|input)\b[^>]*?\b(?:src|href|data|poster)\s*=\s*["']([^"']*)["']""",
    re.IGNORECASE)
HTML_ALT = re.compile(r"""\balt\s*=""", re.IGNORECASE)
# [[shown|Term]]; in a table the bar is written \| (an unescaped one would split the cell).
TERM = re.compile(r"\[\[([^\[\]|\\]+)(?:(\\?)\|([^\[\]]+))?\]\]")
TABLE_ROW = re.compile(r"^\s*\|")
FACT = re.compile(r"\{\{\s*facts\.([A-Za-z0-9_]+)(?:\.checked)?\s*\}\}|\{\{\s*([^}]*?)\s*\}\}")
CALLOUT = re.compile(r"^(!!!|\?\?\?\+?)\s+([A-Za-z0-9_-]+)(?:\s+([^\"\s][^\"]*?))?(?:\s+\"(.*)\")?\s*$")
TAB = re.compile(r"^===\+?\s+\"")
LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])[ \t]+\S")
COMMENT = re.compile(r"<!--.*?-->")
SNIPPET = re.compile(r"""^(?P<space>[ \t]*)(?P<escape>;*)-{1,}8<-{1,}[ \t]+(?P<q>["'])(?P<name>(?:\\.|(?!(?P=q)).)+?)(?P=q)[ \t]*$""")
PLACEHOLDER = "\x00{}\x00"
ESCAPED = re.compile(r"\\([\\`*_{}\[\]()>#+\-.!|])")  # Python-Markdown's escapable characters (| for tables)
FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]")
HTML_TAG = re.compile(r"""<[/!a-zA-Z](?:[^>"']|"[^"]*"|'[^']*')*>""")
STRONG = re.compile(r"\*\*(.+?)\*\*|(?<!\w)__(.+?)__(?!\w)")
EMPHASIS = re.compile(r"\*(.+?)\*|(?<!\w)_(.+?)_(?!\w)")


def heading_text(raw: str) -> str:
    """The plain text of a heading as the toc extension sees it (markup stripped, entities resolved)."""
    text = HEADING_ATTR_LIST.sub("", raw)
    kept: list[str] = []

    def keep(value: str) -> str:
        kept.append(value)
        return PLACEHOLDER.format(len(kept) - 1)

    text = ESCAPED.sub(lambda m: keep(m.group(1)), text)
    text = INLINE_CODE.sub(lambda m: keep(m.group(2).strip()), text)
    text = TERM.sub(lambda m: m.group(1), text)
    text = FOOTNOTE_REF.sub("", text)  # footnote references are left out of the toc
    text = LINK.sub(lambda m: "" if m.group(1) else m.group(2), text)
    text = COMMENT.sub("", text)
    text = HTML_TAG.sub("", text)
    text = STRONG.sub(lambda m: m.group(1) or m.group(2), text)
    text = EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    text = html.unescape(text)
    text = re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)
    return " ".join(text.split())


# Characters that can start an inline pattern of the configured extensions (code, emphasis, links, HTML,
# entities, escapes, attribute lists, footnotes); a heading without any is its own text.
MARKUP = re.compile(r"[\\`*_\[\]!<>&{}~^=+:]")


class Slugger:
    """Heading ids as the engine makes them: the heading's inline HTML from Python-Markdown built with the
    site's own extensions, reduced to text as the ``toc`` extension does, then the configured slugify.

    Each distinct heading text is converted once (a one-line document), so this costs a fraction of
    rendering the pages; ``tests/test_pages.py`` renders the whole guide to prove the ids equal.
    """

    SKIP = ("pymdownx.snippets", "toc", "footnotes", "abbr")

    def __init__(self, extensions: list | None = None, configs: dict | None = None, slugify_fn=None, separator: str = "-"):
        from markdown import Markdown

        names = [e for e in (extensions or ["attr_list", "md_in_html"]) if isinstance(e, str) and e not in self.SKIP]
        configs = {k: v for k, v in (configs or {}).items() if k in names}
        try:
            self.md = Markdown(extensions=names, extension_configs=configs)
        except Exception:  # noqa: BLE001 - an extension that does not load is reported by the config check
            self.md = Markdown(extensions=["attr_list"])
        self.slugify = slugify_fn if callable(slugify_fn) else slugify
        self.separator = separator
        self._texts: dict[str, str] = {}

    @classmethod
    def from_config(cls, config: dict) -> Slugger:
        names, configs = [], {}
        for entry in config.get("markdown_extensions") or []:
            if isinstance(entry, str):
                names.append(entry)
            elif isinstance(entry, dict):
                for name, options in entry.items():
                    names.append(name)
                    if isinstance(options, dict):
                        configs[name] = options
        toc = configs.get("toc", {})
        return cls(names, configs, toc.get("slugify"), str(toc.get("separator", "-")))

    def text(self, raw: str) -> str:
        """The heading's text as the toc extension sees it."""
        if not MARKUP.search(raw):  # plain words: no inline pattern can change them (most headings)
            return " ".join(raw.split())
        if raw not in self._texts:
            source = HEADING_ATTR_LIST.sub("", raw)
            source = TERM.sub(lambda m: m.group(1), source)  # a glossary link's text is its shown text
            source = FOOTNOTE_REF.sub("", source)  # footnote references are left out of the toc
            rendered = self.md.reset().convert("# " + source)
            inner = re.sub(r"^<h1[^>]*>|</h1>$", "", rendered.strip())
            self._texts[raw] = " ".join(html.unescape(strip_tags(inner)).split())
        return self._texts[raw]

    def slug(self, text: str) -> str:
        return self.slugify(text, self.separator)


def heading_id(raw: str) -> str | None:
    """The id given with attr_list (``## Title {#id}``), or None."""
    match = HEADING_ATTR_LIST.search(raw)
    if not match:
        return None
    ids = ATTR_WORD_ID.findall(match.group(1))
    return ids[-1] if ids else None


def split_front_matter(text: str) -> tuple[str | None, int]:
    """Return (front matter text or None, first body line number); body line 0 means the block is not closed."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None, 1
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            return "\n".join(lines[1 : number - 1]), number + 1
    return "\n".join(lines[1:]), 0


class SnippetReader:
    """Reads ``--8<--`` snippet files like pymdownx.snippets: from each base path in turn, each file once."""

    def __init__(self, root: Path, base_paths: list[Path] | None = None):
        self.root = Path(root)
        self.base_paths = base_paths if base_paths is not None else [self.root, self.root / ".cache"]
        self._cache: dict[str, tuple[str, list[str]] | None] = {}

    def unsafe(self, name: str) -> bool:
        """An absolute path, a '..' step or a link out of the project: never read, never published."""
        if name.startswith(("/", "\\")) or ".." in Path(name).parts or re.match(r"^[A-Za-z]:", name):
            return True
        return any((base / name).exists() and not _within((base / name).resolve(), self.root) for base in self.base_paths)

    def read(self, name: str) -> tuple[str, list[str]] | None:
        """(path shown to users, lines) of the snippet, or None when no base path has it."""
        if name not in self._cache:
            self._cache[name] = None
            for base in self.base_paths:
                file = (base / name).resolve()
                if not _within(file, self.root):
                    continue
                if file.is_file():
                    try:
                        shown = file.relative_to(self.root.resolve()).as_posix()
                    except ValueError:
                        shown = str(file)
                    text = file.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff")
                    self._cache[name] = (shown, text.splitlines())
                    break
        return self._cache[name]


def parse_page(path: str, source: str, text: str, generated: bool = False, snippets: SnippetReader | None = None,
               slugger: Slugger | None = None) -> Page:
    page = Page(path=path, source=source, text=text, generated=generated)
    front, page.body_line = split_front_matter(text)
    if front is None:
        page.meta_error = YamlError(
            1, 1, "front-matter", "page has no front matter", "start the file with a '---' block; see CONTRIBUTING.md"
        )
    elif page.body_line == 0:
        page.body_line = 2
        page.meta_error = YamlError(
            1, 1, "front-matter", "front matter is not closed", "end the front matter with a line of three dashes: ---"
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
    lines = text.splitlines()
    _scan_body(page, _expand_snippets(page, lines, snippets), slugger)
    return page


def _expand_snippets(page: Page, lines: list[str], snippets: SnippetReader | None):
    """(text, source, line) for every body line, with ``--8<-- "file"`` lines replaced by the file (as the site does)."""
    own = [(lines[n - 1], "", n) for n in range(page.body_line, len(lines) + 1)]
    if snippets is None or not any("8<" in line for line, _, _ in own):
        return own
    expanded: list[tuple[str, str, int]] = []

    def expand(entries, seen: tuple[str, ...]):
        for line, source, number in entries:
            match = SNIPPET.match(line) if "8<" in line else None
            if not match or match.group("escape"):
                expanded.append((line, source, number))
                continue
            name = match.group("name")
            if snippets.unsafe(name):
                page.unsafe_snippets.append(Marker(name, number, match.start("name"), source=source))
                continue
            found = snippets.read(name)
            if found is None:
                page.missing_snippets.append(Marker(name, number, match.start("name"), source=source))
                continue
            shown, snippet_lines = found
            if shown in seen:
                continue
            space = match.group("space")
            expand([(space + text, shown, n) for n, text in enumerate(snippet_lines, start=1)], (*seen, shown))

    expand(own, (page.source,))
    return expanded


def _scan_body(page: Page, entries: list[tuple[str, str, int]], slugger: Slugger | None = None) -> None:
    headings: list[tuple[int, str, str | None, int, str]] = []  # level, raw text, explicit id, line, source
    reserved: set[str] = set()  # ids written explicitly anywhere: the toc never gives them to another heading
    fence: str | None = None
    fence_source = ""
    comment = False
    containers: list[int] = []  # content indent of each open call-out or tab
    in_list = False
    prev_blank = True  # the line before the current block was blank (or the body starts here)
    prev_kind = "blank"  # "blank", "para" (first line of a paragraph block), "text", "code", "heading"
    prev_entry: tuple[str, str, int] | None = None
    pending_term: tuple[str, int, int] | None = None  # an unclosed '[[' at the end of a line: (text, col, line)
    for line, source, number in entries:
        if fence:
            match = FENCE.match(line)
            if match and source == fence_source and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if comment:
            end = line.find("-->")
            if end < 0:
                continue
            comment = False
            line = " " * (end + 3) + line[end + 3 :]
        expanded = line.expandtabs(4) if "\t" in line else line
        stripped = expanded.lstrip(" ")
        if not stripped:
            prev_blank, prev_kind, prev_entry = True, "blank", None
            continue
        indent = len(expanded) - len(stripped)
        while containers and indent < containers[-1]:
            containers.pop()
        base = containers[-1] if containers else 0
        rel_indent = indent - base
        if rel_indent >= 4 and not in_list and prev_kind in ("blank", "code"):
            prev_kind = "code"  # an indented code block: literal text
            continue
        if FENCE.match(stripped):
            fence, fence_source = FENCE.match(stripped).group(1), source
            prev_blank, prev_kind = False, "text"
            continue
        code_free = INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)
        if "<!--" in code_free:
            code_free = COMMENT.sub(lambda m: " " * len(m.group(0)), code_free)
            start = code_free.find("<!--")
            if start >= 0:
                comment = True
                code_free = code_free[:start]
        callout = CALLOUT.match(stripped)
        if callout:
            page.callouts.append(Marker(callout.group(2), number, indent + 1, callout.group(4) or "", source))
            containers.append(indent + 4)
        elif TAB.match(stripped):
            containers.append(indent + 4)
        kind = "text"
        if rel_indent == 0 and LIST_ITEM.match(stripped):
            in_list = True
        elif rel_indent == 0 and prev_blank:
            in_list = False
        heading = HEADING.match(stripped) if rel_indent == 0 and not callout else None
        if heading:
            raw = heading.group(2).strip()
            headings.append((len(heading.group(1)), raw, heading_id(raw), number, source))
            kind = "heading"
        elif (
            rel_indent < 4
            and prev_kind == "para"
            and prev_entry is not None
            and SETEXT.match(stripped)
        ):
            raw = prev_entry[0].strip()
            headings.append((1 if stripped[0] == "=" else 2, raw, heading_id(raw), prev_entry[2], prev_entry[1]))
            kind = "heading"
        else:
            if "{" in code_free and "#" in code_free:
                for found in ATTR_ID.finditer(code_free):
                    page.anchors.add(found.group(1))
                    reserved.add(found.group(1))
            if prev_blank and rel_indent < 4 and not callout and not LIST_ITEM.match(stripped):
                kind = "para"
        if "id" in code_free:
            for found in HTML_ID.finditer(code_free):
                page.anchors.add(found.group(1))
        if "](" in code_free:
            for found in LINK.finditer(code_free):
                image = bool(found.group(1))
                page.links.append(Link("image" if image else "link", found.group(3), found.group(2), number,
                                       found.start(3) + 1, source, missing_alt=image and not found.group(2).strip()))
        if "]:" in code_free:
            ref = REF_DEF.match(code_free)
            if ref and not code_free.lstrip().startswith("*["):
                page.links.append(Link("link", ref.group(2), "reference", number, ref.start(2) + 1, source))
        if "<" in code_free:
            for found in HTML_LINK.finditer(code_free):
                image = found.group(1).lower() == "img"
                no_alt = image and not HTML_ALT.search(found.group(2) + found.group(4))
                page.links.append(Link("image" if image else "link", found.group(3), "html", number, found.start(3) + 1,
                                       source, html=True, missing_alt=no_alt))
            for found in HTML_RESOURCE.finditer(code_free):
                page.links.append(Link("resource", found.group(2), found.group(1).lower(), number, found.start(2) + 1,
                                       source, html=True))
            for found in AUTOLINK.finditer(code_free):
                page.links.append(Link("link", found.group(1), "autolink", number, found.start(1) + 1, source))
        if not source:  # [[terms]] and {{ facts }} are expanded in the page's own text only
            if "[[" in code_free or pending_term:
                table = bool(TABLE_ROW.match(code_free))
                text, offset, first_line = code_free, 0, number
                if pending_term:  # a term that a line break splits: Markdown joins the lines, so does the scan
                    text, offset, first_line = pending_term[0] + " " + code_free, pending_term[1], pending_term[2]
                    pending_term = None
                for found in TERM.finditer(text):
                    term = " ".join((found.group(3) or found.group(1)).split())
                    bare_bar = table and found.group(3) is not None and not found.group(2)
                    on_first = first_line != number and found.start() < len(text) - len(code_free) - 1
                    line_no, col = (first_line, offset + found.start() + 1) if on_first else (
                        number, found.start() - (len(text) - len(code_free)) + 1)
                    page.terms.append(Marker(term, line_no, col, "table-bar" if bare_bar else found.group(1)))
                tail = code_free[code_free.rfind("[["):] if "[[" in code_free else ""
                if tail and "]]" not in tail and not table:
                    pending_term = (tail, code_free.rfind("[["), number)
            if "{{" in code_free:
                for found in FACT.finditer(code_free):
                    page.facts.append(Marker(found.group(1) or "", number, found.start() + 1, found.group(0)))
        prev_blank, prev_kind, prev_entry = False, kind, (line, source, number)

    for level, raw, explicit, number, source in headings:
        if explicit:
            reserved.add(explicit)
    used = set(reserved)
    counters: dict[str, int] = {}
    for level, raw, explicit, number, source in headings:
        text = slugger.text(raw) if slugger else heading_text(raw)
        if explicit:
            anchor = explicit
        else:
            anchor = unique(slugger.slug(text) if slugger else slugify(text, "-"), used, counters)
        page.headings.append(Heading(level, text, anchor, number, bool(explicit), source))
        page.anchors.add(anchor)


# Every suffix MkDocs renders as a page (mkdocs.utils.markdown_extensions): checked alike.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def _within(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root.resolve())
    except ValueError:
        return False
    return True


def outside_links(guide_dir: Path, root: Path) -> list[Path]:
    """Files or folders under guide/ that are links to somewhere outside the project."""
    found = []
    for path in sorted(guide_dir.rglob("*")):
        if path.is_symlink() and not _within(path.resolve(), root):
            found.append(path)
    return found


def load_pages(guide_dir: Path, root: Path, snippets: SnippetReader | None = None,
               slugger: Slugger | None = None) -> tuple[list[Page], list[tuple[Path, str]]]:
    """Every ``*.md`` under ``guide_dir``; also returns files that are not valid UTF-8.

    A file that is not UTF-8 is still parsed (bad bytes replaced), so its headings and links stay in
    the model and one wrong byte gives one ``encoding`` problem instead of a broken link on every page
    that links to it.
    """
    pages: list[Page] = []
    undecodable: list[tuple[Path, str]] = []
    snippets = snippets if snippets is not None else SnippetReader(root)
    files = sorted(f for f in guide_dir.rglob("*") if f.suffix.lower() in MARKDOWN_SUFFIXES and f.is_file())
    for file in files:
        if not _within(file.resolve(), root):
            continue  # a link out of the project: reported as unsafe-path, never read
        raw = file.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            undecodable.append((file, _decode_position(raw, error)))
            text = raw.decode("utf-8", errors="replace")
        rel = file.relative_to(guide_dir).as_posix()
        pages.append(parse_page(rel, file.relative_to(root).as_posix(), text.lstrip("\ufeff"), snippets=snippets,
                                slugger=slugger))
    return pages, undecodable


def _decode_position(raw: bytes, error: UnicodeDecodeError) -> str:
    before = raw[: error.start]
    line = before.count(b"\n") + 1
    col = error.start - (before.rfind(b"\n") + 1) + 1
    return f"{line}:{col}"
