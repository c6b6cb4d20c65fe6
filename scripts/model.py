"""The project model: every page, checklist and data file of a guide tree, read once with positions.

This module only reads; it imports neither the checks nor the renderers. ``project.load_project`` adds
the checklists that pass their schema and the generated pages on top of what ``read_inputs`` returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import data as data_mod
from .data import Checklist, DataFile, GlossaryEntry, read_yaml_file
from .history import History, read_history
from .pages import Page, Slugger, SnippetReader, load_pages, outside_links
from .yamlload import LineDict, LineList, YamlError, load_yaml

GUIDE_DIR = "guide"
CHECKLIST_DIR = "checklists"
DATA_DIR = "data"
CHECKLIST_SCHEMA = "checklists/checklist.schema.json"
SCHEMA_DIR = Path(__file__).parent / "schemas"


@dataclass
class NavEntry:
    title: str
    path: str
    line: int
    col: int


@dataclass
class Project:
    root: Path
    pages: dict[str, Page] = field(default_factory=dict)
    checklist_files: list[DataFile] = field(default_factory=list)
    checklists: list[Checklist] = field(default_factory=list)
    checklist_problems: list = field(default_factory=list)
    glossary_file: DataFile | None = None
    glossary: list[GlossaryEntry] = field(default_factory=list)
    facts_file: DataFile | None = None
    facts: dict = field(default_factory=dict)
    terminology_file: DataFile | None = None
    terminology: list = field(default_factory=list)
    redirects_file: DataFile | None = None
    unsafe_links: list[str] = field(default_factory=list)  # links under guide/ that leave the project
    not_in_nav: object = None  # mkdocs.yml's not_in_nav as a pathspec (pages allowed outside the nav)
    slugger: Slugger | None = field(default=None, repr=False)  # heading ids as the engine makes them
    cache: dict = field(default_factory=dict, repr=False)  # objects built once per model (a Markdown instance)
    config: LineDict = field(default_factory=LineDict)  # mkdocs.yml with positions (for messages)
    site_config: dict = field(default_factory=dict)  # mkdocs.yml as MkDocs reads it (!ENV, INHERIT)
    config_error: YamlError | None = None
    nav: list[NavEntry] = field(default_factory=list)
    undecodable: list[tuple[str, str]] = field(default_factory=list)
    shadowed: list[Page] = field(default_factory=list)  # authored pages at a generated page's path
    local: object = None  # the local edition (overlay.LocalEdition) when built with --local, else None
    history: History = field(default_factory=lambda: History(False, "not read"))  # git log of guide/, checklists/, data/

    @property
    def guide_dir(self) -> Path:
        return self.root / GUIDE_DIR

    @property
    def site_url(self) -> str:
        return str(self.site_config.get("site_url") or "").rstrip("/") + "/"

    def files_checked(self) -> int:
        data_files = [self.glossary_file, self.facts_file, self.terminology_file, self.redirects_file]
        return (
            len([p for p in self.pages.values() if not p.generated])
            + len(self.checklist_files)
            + len([f for f in data_files if f])
            + len(self.undecodable)
            + 1
            + (self.local.files_checked() if self.local is not None else 0)
        )

    def glossary_index(self) -> dict[str, GlossaryEntry]:
        return {entry.term.lower(): entry for entry in self.glossary}


def _optional_yaml(path: Path, root: Path) -> DataFile | None:
    return read_yaml_file(path, root) if path.exists() else None


def load_config(project: Project) -> None:
    path = project.root / "mkdocs.yml"
    if not path.is_file():
        project.config_error = YamlError(1, 1, "missing-file", "mkdocs.yml does not exist", "run the tools from the project folder or pass --root")
        return
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        project.config_error = YamlError(before.count(b"\n") + 1, error.start - before.rfind(b"\n"), "encoding",
                                         "file is not valid UTF-8", "re-save the file as UTF-8")
        text = raw.decode("utf-8", errors="replace")
    try:
        config = load_yaml(text)
    except YamlError as error:
        project.config_error = project.config_error or error
        return
    if isinstance(config, LineDict):
        project.config = config
        if project.config_error is None:
            try:
                project.site_config = read_site_config(project.root)
            except (ValueError, OSError, KeyError) as error:  # an unset !ENV variable with no default, ...
                project.config_error = YamlError(1, 1, "config", str(error), "fix mkdocs.yml so MkDocs can read it")
        project.nav = list(_flatten_nav(config.get("nav") or LineList()))


def read_site_config(root: Path) -> dict:
    """``mkdocs.yml`` as MkDocs itself reads it: ``!ENV`` tags and ``INHERIT`` resolved, nothing validated."""
    from mkdocs.utils.yaml import yaml_load

    path = root / "mkdocs.yml"
    try:
        with path.open("rb") as handle:
            loaded = yaml_load(handle)
    except (OSError, yaml.YAMLError, ValueError) as error:
        raise ValueError(f"mkdocs.yml could not be read: {error}") from None
    if not isinstance(loaded, dict):
        raise ValueError("mkdocs.yml must be a mapping of settings")  # noqa: TRY004 (reported, not raised to users)
    return loaded


def snippet_base_paths(project: Project) -> list[Path]:
    """Where ``--8<--`` snippets are read from: pymdownx.snippets ``base_path`` in mkdocs.yml (default: the root)."""
    for extension in project.config.get("markdown_extensions") or []:
        if isinstance(extension, dict) and isinstance(extension.get("pymdownx.snippets"), dict):
            base = extension["pymdownx.snippets"].get("base_path", ".")
            bases = [base] if isinstance(base, str) else [b for b in base if isinstance(b, str)]
            return [project.root / b for b in bases]
    return [project.root]


def _flatten_nav(items) -> list[NavEntry]:
    entries: list[NavEntry] = []
    if not isinstance(items, list):
        return entries
    for index, item in enumerate(items):
        line, col = items.lines[index] if isinstance(items, LineList) else (1, 1)
        if isinstance(item, str):
            entries.append(NavEntry(item, item, line, col))
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    if "://" not in value:
                        entries.append(NavEntry(title, value, line, col))
                else:
                    entries.extend(_flatten_nav(value))
    return entries


def read_inputs(root: Path) -> Project:
    """Read and parse every input file once (no checks, no generated pages)."""
    root = Path(root).resolve()
    project = Project(root=root)
    load_config(project)
    snippets = SnippetReader(root, snippet_base_paths(project))
    project.slugger = Slugger.from_config(project.site_config)
    pages, undecodable = (load_pages(project.guide_dir, root, snippets, project.slugger)
                          if project.guide_dir.exists() else ([], []))
    project.pages = {page.path: page for page in pages}
    project.undecodable = [(path.relative_to(root).as_posix(), pos) for path, pos in undecodable]
    if project.guide_dir.exists():
        project.unsafe_links = [path.relative_to(root).as_posix() for path in outside_links(project.guide_dir, root)]

    checklist_dir = root / CHECKLIST_DIR
    for path in sorted(checklist_dir.glob("*.yml")) + sorted(checklist_dir.glob("*.yaml")):
        project.checklist_files.append(read_yaml_file(path, root))

    data_dir = root / DATA_DIR
    project.glossary_file = _optional_yaml(data_dir / "glossary.yml", root)
    if project.glossary_file and project.glossary_file.data is not None:
        project.glossary = data_mod.glossary_from_data(project.glossary_file.data)
    project.facts_file = _optional_yaml(data_dir / "facts.yml", root)
    if project.facts_file and isinstance(project.facts_file.data, dict):
        project.facts = project.facts_file.data
    project.terminology_file = _optional_yaml(data_dir / "terminology.yml", root)
    if project.terminology_file and isinstance(project.terminology_file.data, list):
        project.terminology = [t for t in project.terminology_file.data if isinstance(t, dict) and "avoid" in t]
    project.redirects_file = _optional_yaml(data_dir / "redirects.yml", root)
    project.history = read_history(root)  # one git log for every page; 'not available' outside a full checkout
    return project
