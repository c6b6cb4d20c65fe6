"""Data files: checklists, glossary, facts and the terminology list, each loaded once with positions."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .yamlload import LineDict, LineList, YamlError, load_yaml

# The vocabulary (roles, phases, call-out types and their labels) has one home, read by the schemas, the
# checks and every renderer: adding a role is one edit there.
VOCABULARY_FILE = Path(__file__).resolve().parent.parent / "checklists" / "vocabulary.schema.json"
_VOCABULARY = json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))["$defs"]


def _terms(kind: str) -> tuple[tuple[str, ...], dict[str, str]]:
    entry = _VOCABULARY[kind]
    labels = entry.get("x-labels", {})
    return tuple(entry["enum"]), {value: labels.get(value, value.replace("-", " ").capitalize()) for value in entry["enum"]}


ROLES, ROLE_LABELS = _terms("role")
PHASES, PHASE_LABELS = _terms("phase")
_CALLOUTS, CALLOUT_LABELS = _terms("callout")  # the text label each call-out shows (not colour or icon alone)


@dataclass
class DataFile:
    """A parsed YAML file: ``data`` is None when it could not be parsed (``error`` says why)."""

    source: str
    data: object = None
    error: YamlError | None = None
    text: str = ""


def read_yaml_file(path: Path, root: Path) -> DataFile:
    source = path.relative_to(root).as_posix()
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return DataFile(source, error=YamlError(line, 1, "encoding", "file is not valid UTF-8", "save it as UTF-8"))
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return DataFile(source, text=text, error=YamlError(1, 1, "empty-file", "file is empty", "add content or delete the file"))
    try:
        return DataFile(source, data=load_yaml(text), text=text)
    except YamlError as error:
        return DataFile(source, text=text, error=error)


@dataclass
class Item:
    id: str
    text: str
    ref: str
    details: str = ""
    who: str = ""
    when: str = ""
    line: int = 1
    ref_line: int = 1
    local: str = ""  # the task force's name when the item comes from a local edition
    source: str = ""  # the file it was written in, when that is not its checklist (local.yml)


@dataclass
class Section:
    heading: str
    items: list[Item] = field(default_factory=list)


@dataclass
class Checklist:
    id: str
    title: str
    summary: str
    phase: str
    audience: list[str]
    owner: str
    last_reviewed: str
    sections: list[Section]
    source: str
    line: int = 1

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def for_role(self, role: str) -> bool:
        return role in self.audience or "all" in self.audience


def checklist_from_data(data: LineDict, source: str) -> Checklist:
    """Build the model from data that already passed the schema."""
    sections = []
    for section in data["sections"]:
        items = []
        for number, raw in enumerate(section["items"]):
            items.append(
                Item(
                    id=raw["id"],
                    text=raw["text"],
                    ref=raw["ref"],
                    details=raw.get("details", ""),
                    who=raw.get("who", ""),
                    when=raw.get("when", ""),
                    line=section["items"].lines[number][0] if isinstance(section["items"], LineList) else 1,
                    ref_line=raw.lines.get("ref", (1, 1))[0] if isinstance(raw, LineDict) else 1,
                )
            )
        sections.append(Section(section["heading"], items))
    return Checklist(
        id=data["id"],
        title=data["title"],
        summary=data["summary"],
        phase=data["phase"],
        audience=list(data["audience"]),
        owner=data["owner"],
        last_reviewed=str(data["last_reviewed"]),
        sections=sections,
        source=source,
        line=data.lines.get("id", (1, 1))[0],
    )


@dataclass
class GlossaryEntry:
    term: str
    definition: str
    see: str = ""
    expansion: str = ""
    source_title: str = ""
    source_url: str = ""
    line: int = 1
    local: str = ""  # the task force's name when the term comes from a local edition
    source: str = ""  # the file it was written in, when that is not data/glossary.yml (local.yml)

    @property
    def anchor(self) -> str:
        from markdown.extensions.toc import slugify

        return slugify(self.term, "-")


def glossary_from_data(data) -> list[GlossaryEntry]:
    entries = []
    if not isinstance(data, LineList):
        return entries
    for number, raw in enumerate(data):
        if not isinstance(raw, dict) or not isinstance(raw.get("term"), str):
            continue
        source = raw.get("source") if isinstance(raw.get("source"), dict) else {}
        entries.append(
            GlossaryEntry(
                term=raw["term"].strip(),
                definition=str(raw.get("definition", "")).strip(),
                see=str(raw.get("see", "") or ""),
                expansion=str(raw.get("expansion", "") or ""),
                source_title=str(source.get("title", "")),
                source_url=str(source.get("url", "")),
                line=data.lines[number][0],
            )
        )
    return entries


def load_schema(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
