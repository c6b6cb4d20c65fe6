"""Shared fixtures: a small, clean guide tree built in tmp_path, a copy of the real repository, and helpers to break them.

``guide`` is a self-contained project (mkdocs.yml with nav, a few pages with correct front matter, one checklist
that uses the repository's own checklist schema, glossary, facts and terminology). It passes ``check`` with no
problems; each test breaks one thing and asserts exactly what a maintainer would read.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.problems import Problem
from scripts.project import load_project
from scripts.validate import validate

REVIEWED = "2025-06-01"  # a fixed date in the past, so the clean tree never has a future date

MKDOCS_YML = """\
site_name: Test guide
site_url: https://guide.example.org/
docs_dir: guide
use_directory_urls: false

markdown_extensions:
  - admonition
  - attr_list
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.snippets:
      base_path: [".", ".cache"]

nav:
  - Home: index.md
  - Forming a task force:
      - Task force models: forming/models.md
      - Start-up tasks: forming/start-up.md
  - Operating a task force:
      - Protocols and MOUs: operating/protocols.md
  - Checklists: checklists/index.md
  - Reference:
      - Glossary: reference/glossary.md
      - Sources A-N: reference/sources.md
      - Sources O-Z: reference/sources-o-z.md
      - Recent changes: reference/changes.md

not_in_nav: |
  /checklists/*.md
"""


def front_matter(page_id: str, title: str, audience: str = "[coordinator, law-enforcement]", extra: str = "") -> str:
    return f"""\
---
id: {page_id}
title: {title}
summary: One sentence that says what this page helps the reader do.
audience: {audience}
owner: Task force coordinator
last_reviewed: {REVIEWED}
review_every: 12
sources:
  - title: "Human Trafficking: Special Initiatives"
    publisher: U.S. Department of Justice
    year: 2021
    url: https://www.justice.gov/humantrafficking/special-initiatives
{extra}---
"""


PAGES = {
    "index.md": front_matter("home", "Home", "[all]")
    + """
The guide helps a [[task force|Multidisciplinary task force]] work together. Start with
[the models](forming/models.md#co-led-model) or [the protocols](operating/protocols.md).

## Who is this guide for? {#who-it-is-for}

For every member of the task force.
""",
    "forming/models.md": front_matter("forming-models", "Choose a task force model")
    + """
There is no single right shape for a task force. Record your choice with the checklist
[Draft MOUs](../checklists/drafting-mous.md) and read [the start-up tasks](start-up.md#first-meeting).

## When does a co-led model fit? {#co-led-model}

In a [[co-led model|Co-led model]], two agencies lead together.

![Diagram of a co-led task force](img/co-led.svg)

!!! smart-practice "Write decision rules before you need them"

    Agree how the co-leads settle a disagreement. See [protocols](../operating/protocols.md#memorandums-of-understanding).

## When does a single-leader model fit? {#single-leader-model}

One agency leads. Call the hotline at {{ facts.hotline_phone }}.

!!! case-study "Composite example: a county that chose one lead"

    A short composite story.

```markdown
[A link inside a code example](does-not-exist.md#nowhere)
```
""",
    "forming/start-up.md": front_matter("forming-start-up", "Start-up tasks")
    + """
The first weeks of a task force decide how it works.

## How do we run the first meeting? {#first-meeting}

Set the agenda with [[Debt bondage]] on it. Go back to [the models](models.md#single-leader-model).

## What comes next?

Plan the next meeting.

## What comes next?

A second heading with the same text gets its own anchor.
""",
    "operating/protocols.md": front_matter("operating-protocols", "Protocols and MOUs")
    + """
Written agreements keep a task force working when people change.

## What goes in a memorandum of understanding? {#memorandums-of-understanding}

Each agency's commitments. See [how the next meeting works](../forming/start-up.md#what-comes-next_1).

## How do we sign and renew? {#signing-and-renewing}

Plan for each agency's approval time.

??? more-resources "Where to read further"

    [Special initiatives](https://www.justice.gov/humantrafficking/special-initiatives).
""",
}

CHECKLIST = f"""\
# yaml-language-server: $schema=./checklist.schema.json
id: drafting-mous
title: Draft and sign memorandums of understanding
summary: Gets every member agency to commit in writing to the task force.
phase: operating
audience: [coordinator, law-enforcement]
owner: Task force coordinator
last_reviewed: "{REVIEWED}"
sections:
  - heading: Before drafting
    items:
      - id: list-signatories
        text: List every agency that must sign.
        ref: operating/protocols.md#memorandums-of-understanding
        who: coordinator
      - id: check-approval-time
        text: Ask each agency how long its approval takes.
        ref: operating/protocols.md#signing-and-renewing
  - heading: Sign
    items:
      - id: plan-first-meeting
        text: Put the signing on the first meeting's agenda.
        ref: forming/start-up.md#first-meeting
"""

GLOSSARY = """\
# Glossary of the test guide.
- term: Co-led model
  definition: A task force led jointly by a law enforcement agency and a victim service provider.
  see: forming/models.md#co-led-model
  source:
    title: "Human Trafficking: Special Initiatives"
    url: https://www.justice.gov/humantrafficking/special-initiatives
- term: Debt bondage
  definition: Forcing a person to work to pay off a debt that never shrinks.
  see: forming/start-up.md#first-meeting
  source:
    title: "Human Trafficking: Special Initiatives"
    url: https://www.justice.gov/humantrafficking/special-initiatives
- term: Multidisciplinary task force
  definition: A group of agencies from several disciplines working on trafficking together.
  see: forming/models.md
  source:
    title: "Human Trafficking: Special Initiatives"
    url: https://www.justice.gov/humantrafficking/special-initiatives
"""

FACTS = f"""\
hotline_phone:
  value: "1-888-373-7888"
  label: National Human Trafficking Hotline, phone
  source: https://humantraffickinghotline.org/about-us/what-we-do
  checked: "{REVIEWED}"
"""

TERMINOLOGY = """\
- avoid: child prostitute
  prefer: child who has been sold for sex
  reason: A child cannot consent to commercial sex; the phrase blames the child.
  source: https://ecpat.org/luxembourg-guidelines/
- avoid: illegal alien
  prefer: undocumented person
  reason: Labels a person by immigration status.
  source: https://ecpat.org/luxembourg-guidelines/
"""

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n'


class Guide:
    """A guide tree on disk, with helpers to break it the way maintainers do by accident."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> Path:
        path = self.path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def write_bytes(self, rel: str, data: bytes) -> Path:
        path = self.path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def replace(self, rel: str, old: str, new: str, count: int = 1) -> None:
        """Replace text in a file; fails loudly if the text is not there (so a test cannot silently test nothing)."""
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, count))

    def line_of(self, rel: str, needle: str, occurrence: int = 1) -> int:
        """1-based line number of the n-th line containing ``needle``."""
        found = [n for n, line in enumerate(self.read(rel).splitlines(), start=1) if needle in line]
        assert len(found) >= occurrence, f"{needle!r} not in {rel}"
        return found[occurrence - 1]

    def col_of(self, rel: str, needle: str, occurrence: int = 1) -> int:
        """1-based column of ``needle`` on the line where it occurs."""
        line = self.read(rel).splitlines()[self.line_of(rel, needle, occurrence) - 1]
        return line.index(needle) + 1

    def project(self):
        return load_project(self.root)

    def check(self) -> list[Problem]:
        return validate(load_project(self.root))

    def only(self, code: str | None = None) -> Problem:
        """The one problem of the tree (of this code, if given); fails with the full list otherwise."""
        problems = self.check()
        chosen = [p for p in problems if code is None or p.code == code]
        assert len(chosen) == 1, "\n".join(p.format() for p in problems) or "no problems"
        return chosen[0]


def build_guide(root: Path) -> Guide:
    root.mkdir(parents=True, exist_ok=True)
    guide = Guide(root)
    guide.write("mkdocs.yml", MKDOCS_YML)
    for rel, text in PAGES.items():
        guide.write(f"guide/{rel}", text)
    guide.write("guide/forming/img/co-led.svg", SVG)
    guide.write("checklists/drafting-mous.yml", CHECKLIST)
    shutil.copyfile(ROOT / "checklists" / "checklist.schema.json", root / "checklists" / "checklist.schema.json")
    guide.write("data/glossary.yml", GLOSSARY)
    guide.write("data/facts.yml", FACTS)
    guide.write("data/terminology.yml", TERMINOLOGY)
    return guide


@pytest.fixture
def guide(tmp_path: Path) -> Guide:
    """A small, clean, self-contained guide tree (passes check with no problems)."""
    return build_guide(tmp_path / "guide-tree")


REPO_INPUTS = ("guide", "checklists", "data", "templates")


def copy_repo(target: Path) -> Guide:
    """A copy of the real repository's inputs (guide/, checklists/, data/, templates/, mkdocs.yml, CONTRIBUTING.md)."""
    for name in REPO_INPUTS:
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copyfile(ROOT / name, target / name)
    return Guide(target)


@pytest.fixture
def repo_copy(tmp_path: Path) -> Guide:
    """A fresh copy of the real guide to break."""
    return copy_repo(tmp_path / "repo")


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# --- a local edition's overlay on top of the small guide (see CONTRIBUTING.md, "Keeping a local edition") ---

LOCAL_YML = f"""\
# yaml-language-server: $schema=../checklists/local.schema.json
name: Test Valley Task Force
state: Test State
feedback: https://test-valley.example.org/feedback
contacts:
  - name: Test Valley intake line
    role: Task force intake
    phone: 202-555-0143
    email: intake@test-valley.example.org
    hours: 24 hours
    languages: [English, Spanish]
checklist_items:
  - checklist: drafting-mous
    section: Before drafting
    id: ask-valley-counsel
    text: Ask the Test Valley county counsel to review the draft.
    ref: local/our-protocol.md#review
glossary:
  - term: Valley counsel
    definition: The county lawyer who reviews Test Valley agreements (fictional).
    see: local/our-protocol.md#review
facts:
  valley_phone:
    value: "202-555-0143"
    label: Test Valley intake line (fictional)
    kind: phone
    source: https://test-valley.example.org/contacts
    checked: "{REVIEWED}"
"""

LOCAL_PAGE = front_matter("local-our-protocol", "Our protocol", "[all]") + """
This fictional page belongs to the Test Valley Task Force. Read the national
[protocols](../operating/protocols.md#memorandums-of-understanding) first.

## How do we review an MOU? {#review}

[[Valley counsel]] reviews each draft. Call the intake line at {{ facts.valley_phone }}.
"""

LOCAL_NOTE = """\
---
at: forming/models.md#co-led-model
title: In Test State
---
Test Valley uses a co-led model; see [our protocol](../local/our-protocol.md#review).
"""


class Overlay(Guide):
    """The overlay folder ``local-edition/`` beside a guide tree; paths in messages are relative to the tree."""

    def __init__(self, guide: Guide):
        super().__init__(guide.root / "local-edition")
        self.guide = guide

    def shown(self, rel: str) -> str:
        return f"local-edition/{rel}"

    def project(self):
        return load_project(self.guide.root, local=self.root)

    def check(self) -> list[Problem]:
        return validate(self.project())


def build_overlay(guide: Guide) -> Overlay:
    overlay = Overlay(guide)
    overlay.write("local.yml", LOCAL_YML)
    overlay.write("pages/our-protocol.md", LOCAL_PAGE)
    overlay.write("notes/models.md", LOCAL_NOTE)
    return overlay


@pytest.fixture
def overlay(guide: Guide, monkeypatch) -> Overlay:
    """A clean local edition on the small guide (passes check); the current folder is the guide tree."""
    monkeypatch.chdir(guide.root)
    return build_overlay(guide)
