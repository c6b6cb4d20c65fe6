"""A local edition: the overlay folder a task force keeps beside the guide, read once into the project model.

The folder holds ``local.yml`` (the task force, its contacts, local checklist items, glossary terms and
facts), ``pages/`` (local pages, published under ``local/``) and ``notes/`` (Markdown notes, each
inserted under a heading of a national page). ``load_overlay`` reads it with positions; ``apply_overlay``
adds it to the model so every later stage (checks, prepare, printables) sees one edition. Like
``model``, this module only reads: it imports neither the checks nor the renderers.

Nothing outside the overlay folder is read through it: files or folders that are links leading out of
it are recorded (``unsafe``) and skipped. Paths shown in messages are relative to the current folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .data import DataFile, GlossaryEntry, Item, glossary_from_data
from .model import NavEntry, Project, snippet_base_paths
from .pages import MARKDOWN_SUFFIXES, Page, SnippetReader, parse_page
from .yamlload import LineDict, LineList, YamlError, load_yaml

LOCAL_FILE = "local.yml"
PAGES_DIR = "pages"
NOTES_DIR = "notes"
LOCAL_PREFIX = "local"  # where local pages are published: local/<name>.html
LOCAL_SCHEMA = "checklists/local.schema.json"
HELP_PAGE = "getting-help.md"  # where the local contacts are listed, before the national lines
CONTACTS_ANCHOR = "local-contacts"  # the heading id of that list


def shown_path(path: Path) -> str:
    """A path as messages show it: relative to the current folder."""
    return Path(os.path.relpath(Path(path).absolute(), Path.cwd())).as_posix()


@dataclass
class Contact:
    name: str
    role: str
    phone: str
    email: str = ""
    hours: str = ""
    languages: list[str] = field(default_factory=list)
    line: int = 1
    phone_pos: tuple[int, int] = (1, 1)


@dataclass
class Note:
    """A note inserted under a national heading; ``page`` is parsed as if it were that national page, so
    its relative links resolve from there."""

    page: Page
    at: str
    title: str

    @property
    def source(self) -> str:
        return self.page.source


@dataclass
class LocalItem:
    """A local checklist item and where it goes (``applied`` once the national section was found)."""

    checklist: str
    section: str
    item: Item
    raw: LineDict
    applied: bool = False


@dataclass
class LocalEdition:
    root: Path  # the overlay folder, resolved
    file: DataFile  # local.yml
    name: str = ""
    state: str = ""
    feedback: str = ""
    contacts: list[Contact] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    items: list[LocalItem] = field(default_factory=list)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    unsafe: list[str] = field(default_factory=list)  # links leading out of the overlay (shown paths)
    undecodable: list[tuple[str, str]] = field(default_factory=list)
    collisions: list[Page] = field(default_factory=list)  # local pages at the path of a national page
    assets: list[tuple[Path, str]] = field(default_factory=list)  # (file, path under local/) images and downloads

    @property
    def source(self) -> str:
        return self.file.source

    @property
    def label(self) -> str:
        return f"Local: {self.name}"

    def files_checked(self) -> int:
        return 1 + len(self.notes)  # local pages are counted with the project's pages


def _within(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return False
    return True


def _read_text(path: Path) -> tuple[str, str | None]:
    """(text, position of the first bad byte or None)."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8").lstrip("\ufeff"), None
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line, col = before.count(b"\n") + 1, error.start - (before.rfind(b"\n") + 1) + 1
        pos = f"{line}:{col}"
        return raw.decode("utf-8", errors="replace").lstrip("\ufeff"), pos


def _read_local_yml(path: Path) -> DataFile:
    source = shown_path(path)
    if not path.is_file():
        return DataFile(source, error=YamlError(1, 1, "missing-file", f"{LOCAL_FILE} does not exist",
                                                "a local edition needs local.yml with name, state, feedback and contacts; "
                                                "see CONTRIBUTING.md, 'Keeping a local edition'"))
    text, bad = _read_text(path)
    if bad:
        return DataFile(source, text=text, error=YamlError(int(bad.split(":")[0]), 1, "encoding", "file is not valid UTF-8",
                                                         "re-save the file as UTF-8"))
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return DataFile(source, text=text, error=YamlError(1, 1, "empty-file", "file is empty", "add name, state, feedback and contacts"))
    try:
        return DataFile(source, data=load_yaml(text), text=text)
    except YamlError as error:
        return DataFile(source, text=text, error=error)


def _files(folder: Path, edition: LocalEdition) -> list[Path]:
    """Regular files under ``folder``, skipping (and recording) links that lead out of the overlay."""
    found: list[Path] = []
    if not folder.is_dir():
        return found
    if not _within(folder, edition.root):
        edition.unsafe.append(shown_path(folder))
        return found
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() and not _within(path, edition.root):
            edition.unsafe.append(shown_path(path))
            continue
        if path.is_file() and _within(path, edition.root):
            found.append(path)
    return found


def _text(data: dict, key: str) -> str:
    value = data.get(key) if isinstance(data, dict) else None
    return value.strip() if isinstance(value, str) else ""


def load_overlay(project: Project, folder: Path) -> LocalEdition:
    """Read the overlay folder (no checks: ``validate`` reports what is wrong with it)."""
    root = Path(folder).resolve()
    local_yml = root / LOCAL_FILE
    outside = local_yml.is_symlink() and not _within(local_yml, root)
    edition = LocalEdition(root=root, file=DataFile(shown_path(local_yml)) if outside else _read_local_yml(local_yml))
    for top in (local_yml, root / PAGES_DIR, root / NOTES_DIR):  # never read through a link out of the overlay
        if top.is_symlink() and not _within(top, root):
            edition.unsafe.append(shown_path(top))
    data = edition.file.data if isinstance(edition.file.data, LineDict) else LineDict()
    edition.name = _text(data, "name")
    edition.state = _text(data, "state")
    edition.feedback = _text(data, "feedback")
    contacts = data.get("contacts")
    for number, raw in enumerate(contacts if isinstance(contacts, list) else []):
        if not isinstance(raw, LineDict):
            continue
        languages = raw.get("languages")
        edition.contacts.append(Contact(
            name=_text(raw, "name"), role=_text(raw, "role"), phone=str(raw.get("phone", "") or "").strip(),
            email=_text(raw, "email"), hours=_text(raw, "hours"),
            languages=[str(x) for x in languages] if isinstance(languages, list) else [],
            line=contacts.lines[number][0] if isinstance(contacts, LineList) else 1,
            phone_pos=raw.lines.get("phone", raw.start)))
    items = data.get("checklist_items")
    for number, raw in enumerate(items if isinstance(items, list) else []):
        if not isinstance(raw, LineDict) or not all(isinstance(raw.get(k), str) for k in ("checklist", "section", "id", "text", "ref")):
            continue  # the schema check reports it
        item = Item(id=raw["id"], text=raw["text"], ref=raw["ref"], details=str(raw.get("details", "") or ""),
                    who=str(raw.get("who", "") or ""), when=str(raw.get("when", "") or ""),
                    line=items.lines[number][0] if isinstance(items, LineList) else 1,
                    ref_line=raw.lines.get("ref", (1, 1))[0], local=edition.name, source=edition.source)
        edition.items.append(LocalItem(raw["checklist"], raw["section"].strip(), item, raw))
    glossary = data.get("glossary")
    if isinstance(glossary, LineList):
        for entry in glossary_from_data(glossary):
            entry.local, entry.source = edition.name, edition.source
            edition.glossary.append(entry)
    facts = data.get("facts")
    if isinstance(facts, LineDict):
        edition.facts = facts

    snippets = SnippetReader(project.root, snippet_base_paths(project))
    pages_dir = root / PAGES_DIR
    for path in _files(pages_dir, edition):
        rel = path.relative_to(pages_dir).as_posix()
        if path.suffix.lower() not in MARKDOWN_SUFFIXES:
            edition.assets.append((path, f"{LOCAL_PREFIX}/{rel}"))
            continue
        text, bad = _read_text(path)
        if bad:
            edition.undecodable.append((shown_path(path), bad))
        edition.pages.append(parse_page(f"{LOCAL_PREFIX}/{rel}", shown_path(path), text, snippets=snippets,
                                        slugger=project.slugger))
    for path in _files(root / NOTES_DIR, edition):
        if path.suffix.lower() not in MARKDOWN_SUFFIXES:
            continue
        text, bad = _read_text(path)
        if bad:
            edition.undecodable.append((shown_path(path), bad))
        probe = parse_page("index.md", shown_path(path), text)  # front matter first: where does it go?
        at = probe.meta.get("at") if isinstance(probe.meta, dict) and isinstance(probe.meta.get("at"), str) else ""
        target = at.partition("#")[0] or "index.md"
        page = parse_page(target, shown_path(path), text, snippets=snippets, slugger=project.slugger)
        title = page.meta.get("title") if isinstance(page.meta, dict) else ""
        edition.notes.append(Note(page, at, str(title or "").strip()))
    return edition


def apply_overlay(project: Project, edition: LocalEdition) -> None:
    """Add the local edition to the model: pages and their nav section, checklist items appended to their
    national sections, glossary terms and facts. What does not fit (a missing section, a repeated id)
    is left out and reported by the checks."""
    project.local = edition
    for page in edition.pages:
        if page.path in project.pages:
            edition.collisions.append(page)
            continue
        project.pages[page.path] = page
        listed = isinstance(page.meta, dict) and page.meta.get("unlisted") is not True and page.meta_error is None
        if listed:
            project.nav.append(NavEntry(str(page.meta.get("title") or page.path), page.path, 1, 1))
    project.undecodable += edition.undecodable
    if edition.contacts and HELP_PAGE in project.pages:  # the contacts heading prepare adds: links to it resolve
        project.pages[HELP_PAGE].anchors.add(CONTACTS_ANCHOR)
    checklists = {checklist.id: checklist for checklist in project.checklists}
    for local in edition.items:
        checklist = checklists.get(local.checklist)
        section = next((s for s in checklist.sections if s.heading.strip() == local.section), None) if checklist else None
        if section is None or any(item.id == local.item.id for item in checklist.items):
            continue
        section.items.append(local.item)
        local.applied = True
    known = {entry.term.lower() for entry in project.glossary}
    project.glossary = project.glossary + [e for e in edition.glossary if e.term.lower() not in known]
    merged = LineDict(project.facts)
    for key, fact in edition.facts.items():
        merged.setdefault(key, fact)
    project.facts = merged

