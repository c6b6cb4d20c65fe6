"""The promise of ``make check``: a clean check means the strict build passes, on both engines; a build
that would fail is a problem check reports, naming the file to fix.

Each case breaks (or stretches) a copy of the real guide the way a maintainer might, then runs check and
both builds and compares. The cases include every disagreement found between the old check and the build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts.build import build_site
from scripts.project import load_project
from scripts.validate import validate

ROOT = Path(__file__).resolve().parent.parent


def copy_repo(target: Path) -> Path:
    for name in ("guide", "checklists", "data", "templates"):
        shutil.copytree(ROOT / name, target / name)
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copyfile(ROOT / name, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((path.read_text(encoding="utf-8") if path.exists() else "") + text, encoding="utf-8")


PAGE = "guide/forming/models.md"
NEW_PAGE = """---
id: forming-extra
title: An extra page
summary: A page added by a test to see how check and the build treat it.
audience: [coordinator]
owner: Guide maintainers
last_reviewed: 2026-11-23
review_every: 12
sources:
  - title: Human Trafficking
    publisher: U.S. Department of Justice
    year: 2024
    url: https://www.justice.gov/humantrafficking
---

# An extra page

## A section {#a-section}

Text.
"""

# name -> (change, file check must name or None for "check is clean")
CASES = {
    "glossary definition with quotes": (lambda r: edit(r, "data/glossary.yml", "definition: ", "definition: (the 'T visa') \"quoted\" "), None),
    "term and fact inside code": (lambda r: append(r, PAGE, "\nWrite `[[Debt bondage]]` or `{{ facts.hotline_phone }}` to get a link.\n\n```text\n[[Debt bondage]] {{ facts.hotline_phone }}\n```\n"), None),
    "unlisted page outside the nav": (lambda r: append(r, "guide/forming/extra.md", NEW_PAGE.replace("review_every: 12", "review_every: 12\nunlisted: true")), None),
    "site_url from the environment": (lambda r: edit(r, "mkdocs.yml", "site_url: https://task-force-eguide.example.org/", "site_url: !ENV [EGUIDE_NO_SUCH_VARIABLE, 'https://task-force-eguide.example.org/']"), None),
    "a .markdown page in the nav": (lambda r: (append(r, "guide/forming/extra.markdown", NEW_PAGE),
                                               edit(r, "mkdocs.yml", "      - forming/models.md\n", "      - forming/models.md\n      - forming/extra.markdown\n"),
                                               append(r, PAGE, "\nSee [the extra page](extra.markdown#a-section).\n")), None),
    "heading with code, emphasis and a term": (lambda r: append(r, PAGE, "\n## Why `MOU`s and *[[Debt bondage]]* matter\n\nSee [below](#why-mous-and-debt-bondage-matter).\n"), None),
    "broken anchor": (lambda r: append(r, PAGE, "\nSee [the protocol](../operating/protocols.md#no-such-heading).\n"), PAGE),
    "link to a .markdown page's missing anchor": (lambda r: (append(r, "guide/forming/extra.markdown", NEW_PAGE),
                                                             edit(r, "mkdocs.yml", "      - forming/models.md\n", "      - forming/models.md\n      - forming/extra.markdown\n"),
                                                             append(r, PAGE, "\nSee [the extra page](extra.markdown#no-section).\n")), PAGE),
    "nav entry for a missing page": (lambda r: edit(r, "mkdocs.yml", "      - forming/models.md\n", "      - forming/models.md\n      - forming/gone.md\n"), "mkdocs.yml"),
    "page outside the nav": (lambda r: append(r, "guide/forming/extra.md", NEW_PAGE), "guide/forming/extra.md"),
    "absolute link": (lambda r: append(r, PAGE, "\nSee [models](/forming/models.md).\n"), PAGE),
    "missing snippet": (lambda r: append(r, PAGE, '\n--8<-- "docs/nowhere.md"\n'), PAGE),
    "link to an excluded page": (lambda r: (append(r, "mkdocs.yml", "exclude_docs: |\n  /forming/start-up.md\n")), "guide"),
    "unknown setting": (lambda r: append(r, "mkdocs.yml", "sitename: Typo\n"), "mkdocs.yml"),
    "generated page left out of the nav": (lambda r: edit(r, "mkdocs.yml", "      - reference/changes.md\n", ""), "mkdocs.yml"),
    "hooks in mkdocs.yml": (lambda r: append(r, "mkdocs.yml", "hooks:\n  - scripts/mkdocs_hooks.py\n"), "mkdocs.yml"),
}


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
@pytest.mark.parametrize("case", list(CASES))
def test_check_agrees_with_the_build(case, engine, tmp_path, capsys):
    root = copy_repo(tmp_path / "repo")
    change, named = CASES[case]
    change(root)
    problems = validate(load_project(root))
    built = build_site(root, engine=engine, printables=False)
    output = capsys.readouterr().out
    if named is None:
        assert problems == [], "\n".join(p.format() for p in problems)
        assert built == 0, output[-3000:]
        assert (root / "site" / "index.html").is_file()
    else:
        assert problems, f"check is clean but the change '{case}' should be reported"
        assert any(p.path.startswith(named) for p in problems), [p.format() for p in problems]
        assert all(p.hint for p in problems)
        assert built != 0  # the build refuses, with the same problems, and leaves no half-built site
        assert "Build stopped: fix the problems above" in output
        assert not (root / "site").exists() and not list(root.glob(".site-*"))


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_with_check_bypassed_the_engine_itself_fails_on_what_check_reports(engine, tmp_path, monkeypatch):
    """The other half of the promise: the problems check reports are real, the strict engine build fails on them."""
    root = copy_repo(tmp_path / "repo")
    append(root, PAGE, "\nSee [the protocol](../operating/protocols.md#no-such-heading).\n")
    monkeypatch.setattr("scripts.build.validate", lambda project: [])
    assert build_site(root, engine=engine, printables=False) == 1
    assert not list(root.glob(".site-*"))
