"""Dates people read and the guide's history: "Last reviewed <date>" under every title, the Recent changes page
and every page's "What changed" list, from one ``git log`` (scripts/history.py).

Fixture repositories are made with ``git init`` in tmp_path and commits dated with GIT_AUTHOR_DATE and
GIT_COMMITTER_DATE, so every date and order is known. A copy that is not a git checkout (as the other tests
make), a folder inside someone else's checkout and a shallow clone all build and say the history is not available.
"""

from __future__ import annotations

import contextlib
import html
import io
import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import build_guide
from test_agreement import copy_repo

from scripts import generate, history
from scripts.build import build_site
from scripts.prepare import staged_text
from scripts.project import load_project

ROOT = Path(__file__).resolve().parent.parent
EVIL = "Models: <script>alert(1)</script> and [[x]] and {{ facts.y }} & *stars*"
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Test Maintainer",
           "GIT_AUTHOR_EMAIL": "maintainer@example.org", "GIT_COMMITTER_NAME": "Test Maintainer",
           "GIT_COMMITTER_EMAIL": "maintainer@example.org"}


def git(root: Path, *args: str, day: str = "2026-01-05") -> str:
    env = dict(os.environ, **GIT_ENV, GIT_AUTHOR_DATE=f"{day}T12:00:00+00:00", GIT_COMMITTER_DATE=f"{day}T12:00:00+00:00")
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def commit(root: Path, subject: str, day: str, *changes: tuple[str, str]) -> None:
    """Append text to files (relative to root) and commit them on ``day`` with ``subject``."""
    for rel, text in changes:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((path.read_text(encoding="utf-8") if path.exists() else "") + text, encoding="utf-8")
    git(root, "add", "-A", day=day)
    git(root, "commit", "-q", "--no-gpg-sign", "-m", subject, day=day)


def init(root: Path, day: str = "2026-01-05") -> None:
    git(root, "init", "-q", "-b", "main", day=day)
    git(root, "add", "-A", day=day)
    git(root, "commit", "-q", "--no-gpg-sign", "-m", "First version of the guide", day=day)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The small test guide as a git repository with a known history (newest last here, newest first in the log)."""
    root = build_guide(tmp_path / "guide-tree").root
    init(root)
    commit(root, "Models: co-led example added", "2026-02-01", ("guide/forming/models.md", "\nMore text.\n"))
    commit(root, "MOU checklist: approval time item reworded", "2026-03-01", ("checklists/drafting-mous.yml", "\n"))
    commit(root, "Glossary and facts: hotline checked", "2026-04-01", ("data/glossary.yml", "\n"), ("data/facts.yml", "\n"))
    commit(root, "Tools only: nothing a reader sees", "2026-04-15", ("notes.txt", "outside guide/, checklists/, data/\n"))
    commit(root, EVIL, "2026-05-01", ("guide/forming/models.md", "\nEven more.\n"), ("guide/forming/start-up.md", "\nMore.\n"))
    return root


# --- reading git log ----------------------------------------------------------------------------------------


def test_parse_log_reads_dates_subjects_and_files():
    output = (f"{history.RECORD}abc{history.FIELD}2026-05-01{history.FIELD}Second change\n\nguide/a.md\nguide/b.md\n"
              f"{history.RECORD}def{history.FIELD}2026-04-01{history.FIELD}  First   change  \n\ndata/facts.yml\n"
              f"{history.RECORD}bad{history.FIELD}not a date{history.FIELD}Skipped\n\nguide/a.md\n")
    assert history.parse_log(output) == [
        history.Commit("abc", "2026-05-01", "Second change", ("guide/a.md", "guide/b.md")),
        history.Commit("def", "2026-04-01", "First change", ("data/facts.yml",)),
    ]
    assert history.parse_log("") == []


def test_subjects_are_one_printable_line_without_email_addresses_and_cut_at_a_word():
    assert history.plain_subject("Fix\tthe\x07 page, thanks to someone@example.org") == "Fix the page, thanks to [address removed]"
    long = history.plain_subject("word " * 100)
    assert len(long) <= history.SUBJECT_LIMIT + 2 and long.endswith(" …") and "wor …" not in long


def test_git_log_is_read_once_newest_first_with_committer_dates(repo):
    found = history.read_history(repo)
    assert found.available, found.reason
    assert [(c.date, c.subject) for c in found.commits] == [
        ("2026-05-01", " ".join(EVIL.split())),
        ("2026-04-01", "Glossary and facts: hotline checked"),
        ("2026-03-01", "MOU checklist: approval time item reworded"),
        ("2026-02-01", "Models: co-led example added"),
        ("2026-01-05", "First version of the guide"),
    ]  # the commit that touched only notes.txt is not the guide's history
    assert found.commits[0].files == ("guide/forming/models.md", "guide/forming/start-up.md")
    assert [c.date for c in found.for_file("guide/forming/models.md")] == ["2026-05-01", "2026-02-01", "2026-01-05"]
    assert [c.date for c in found.for_file("guide/forming/models.md", limit=1)] == ["2026-05-01"]
    assert "maintainer@example.org" not in repr(found) and "Test Maintainer" not in repr(found)


def test_the_model_reads_history_with_one_git_log(repo, monkeypatch):
    calls = []
    real = history._git
    monkeypatch.setattr(history, "_git", lambda root, *args: calls.append(args[0]) or real(root, *args))
    project = load_project(repo)
    generate.generated_pages(project)
    for path in project.pages:
        generate.page_changes(project, path)
    assert calls == ["rev-parse", "log"]


def test_merges_are_left_out_and_their_branches_commits_kept(repo):
    git(repo, "checkout", "-q", "-b", "topic", day="2026-06-01")
    commit(repo, "Protocols: signing section clarified", "2026-06-01", ("guide/operating/protocols.md", "\nClearer.\n"))
    git(repo, "checkout", "-q", "main", day="2026-06-02")
    git(repo, "merge", "-q", "--no-ff", "--no-gpg-sign", "-m", "Merge topic", "topic", day="2026-06-02")
    subjects = [c.subject for c in history.read_history(repo).commits]
    assert subjects[0] == "Protocols: signing section clarified" and "Merge topic" not in subjects


# --- where the history is not available ---------------------------------------------------------------------


def test_a_copy_that_is_not_a_checkout_has_no_history(guide):
    found = history.read_history(guide.root)
    assert not found.available and found.reason == "not a git checkout" and found.commits == []


def test_a_folder_inside_another_checkout_is_not_its_history(tmp_path):
    outer = tmp_path / "outer"
    outer.mkdir()
    (outer / "README").write_text("x\n")
    init(outer)
    guide = build_guide(outer / "copy-of-the-guide")
    assert not history.read_history(guide.root).available
    assert not load_project(guide.root).history.available


def test_a_shallow_clone_says_so(repo, tmp_path):
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True,
                   env=dict(os.environ, **GIT_ENV), capture_output=True)
    found = history.read_history(clone)
    assert not found.available and "shallow" in found.reason


def test_without_history_the_pages_say_it_is_not_available(guide):
    project = load_project(guide.root)
    text = project.pages[generate.CHANGES_PAGE].text
    assert "History not available in this copy: not a git checkout." in text
    assert "changes-list" not in text
    assert generate.page_changes(project, "forming/models.md") == {"history": "unavailable"}
    staged = staged_text(project.pages["forming/models.md"], "", project)
    assert 'history: "unavailable"' in staged and "changes:" not in staged


# --- the Recent changes page and the per-page list ----------------------------------------------------------


def test_recent_changes_page_lists_commits_newest_first_with_their_pages_linked(repo):
    project = load_project(repo)
    text = generate.generated_pages(project)[generate.CHANGES_PAGE]
    page = project.pages[generate.CHANGES_PAGE]
    assert page.generated and page.meta["title"] == "Recent changes" and page.meta["search"] == {"exclude": True}
    items = re.findall(r'<li class="changes-list__item"><time datetime="([\d-]+)">([^<]+)</time>: '
                       r'<span class="changes-list__subject">([^<]*)</span>(.*?)</li>', text)
    assert [(d, shown) for d, shown, _s, _p in items] == [
        ("2026-05-01", "May 1, 2026"), ("2026-04-01", "April 1, 2026"), ("2026-03-01", "March 1, 2026"),
        ("2026-02-01", "February 1, 2026"), ("2026-01-05", "January 5, 2026")]
    evil, facts, checklist, models, first = (pages for _d, _shown, _s, pages in items)
    assert '<a href="../forming/models.html">Choose a task force model</a>, <a href="../forming/start-up.html">Start-up tasks</a>' in evil
    assert '<a href="glossary.html">Glossary</a>, shared facts (numbers, citations, dates)' in facts
    assert '<a href="../checklists/drafting-mous.html">Draft and sign memorandums of understanding</a>' in checklist
    assert models.count("<a href=") == 1
    assert '<a href="../index.html">Home</a>' in first and "the checklist file format" in first


def test_recent_changes_keeps_the_last_fifty(repo, monkeypatch):
    monkeypatch.setattr(history, "RECENT_LIMIT", 2)
    monkeypatch.setattr(generate, "RECENT_LIMIT", 2)
    text = generate.changes_markdown(load_project(repo))
    assert text.count('<li class="changes-list__item">') == 2 and "last 2 changes" in text
    assert generate.RECENT_LIMIT == 2 and history.RECENT_LIMIT == 2
    monkeypatch.undo()
    assert generate.RECENT_LIMIT == 50


def test_each_page_lists_the_last_commits_of_its_own_source_file(repo):
    for n in range(6):
        commit(repo, f"Start-up tasks: edit {n + 1}", f"2026-07-0{n + 1}", ("guide/forming/start-up.md", f"\nEdit {n}.\n"))
    project = load_project(repo)
    changes = generate.page_changes(project, "forming/start-up.md")
    assert changes["history"] == "available"
    assert [c["subject"] for c in changes["changes"]] == [f"Start-up tasks: edit {n}" for n in (6, 5, 4, 3, 2)]
    assert changes["changes"][0]["date"] == "2026-07-06" and changes["changes"][0]["date_text"] == "July 6, 2026"
    glossary = generate.page_changes(project, generate.GLOSSARY_PAGE)["changes"]
    assert [c["subject"] for c in glossary] == ["Glossary and facts: hotline checked", "First version of the guide"]
    checklist = generate.page_changes(project, "checklists/drafting-mous.md")["changes"]
    assert checklist[0]["subject"] == "MOU checklist: approval time item reworded"
    assert generate.page_changes(project, generate.SOURCES_PAGE) == {}  # no single source file: no list
    assert generate.page_changes(project, generate.CHANGES_PAGE) == {}


def test_a_subject_stays_literal_text_in_the_generated_markdown(repo):
    text = generate.changes_markdown(load_project(repo))
    assert "<script>" not in text and "[[x]]" not in text and "{{ facts.y }}" not in text
    subject = re.search(r'<span class="changes-list__subject">([^<]*)</span>', text).group(1)
    assert html.unescape(subject) == " ".join(EVIL.split())


def test_check_knows_the_recent_changes_page(repo):
    from scripts.validate import validate

    page = repo / "guide/forming/models.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [what changed](../reference/changes.md).\n", encoding="utf-8")
    assert validate(load_project(repo)) == []
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [a typo](../reference/changes.md#nowhere).\n", encoding="utf-8")
    assert [p.code for p in validate(load_project(repo))] == ["broken-anchor"]


# --- the built pages, on both engines -----------------------------------------------------------------------


def _article(site: Path, page: str) -> str:
    text = (site / page).read_text(encoding="utf-8")
    return re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', text, re.DOTALL).group(1)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    """A copy of the real guide with a known history, built by both engines; and a copy with no history."""
    root = copy_repo(tmp_path_factory.mktemp("history") / "repo")
    init(root, "2026-01-05")
    commit(root, EVIL, "2026-02-03", ("guide/forming/models.md", "\nOne more sentence.\n"))
    sites = {}
    for engine in ("mkdocs", "zensical"):
        assert build_site(root, root / f"site-{engine}", engine, printables=False) == 0
        sites[engine] = root / f"site-{engine}"
    plain = copy_repo(tmp_path_factory.mktemp("no-history") / "repo")
    log = io.StringIO()
    with contextlib.redirect_stdout(log):
        assert build_site(plain, plain / "site", "mkdocs", printables=False) == 0
    sites["no-history"] = plain / "site"
    sites["no-history-log"] = log.getvalue()
    return sites


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_last_reviewed_is_under_the_title_and_the_next_review_in_the_footer(built, engine):
    project = load_project(ROOT)
    for path in ("forming/models.md", "index.md", "checklists/drafting-mous.md", generate.GLOSSARY_PAGE):
        meta = project.pages[path].meta
        day = str(meta["last_reviewed"])
        article = _article(built[engine], path[:-3] + ".html")
        shown = generate.review_info(meta)
        # MkDocs keeps data-search-exclude (Material leaves the line out of search); Zensical drops the attribute.
        found = re.search(rf'<p class="page-reviewed"(?: data-search-exclude)?>Last reviewed <time datetime="{day}">'
                          rf'{generate.long_date(day)}</time></p>', article)
        assert found, (engine, path)
        assert article.index("<h1") < found.start() < article.index("<p", found.end()), (engine, path)
        footer = article[article.index('class="page-info"'):]
        assert "<dt>Kept current by</dt>" in footer and "<dt>Last reviewed</dt>" not in footer
        assert (f'<dt>Next review due</dt><dd><time datetime="{shown["next_review"]}">'
                f'{generate.long_date(shown["next_review"])}</time></dd>') in footer
    assert generate.long_date("2026-11-23") == "November 23, 2026"


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_what_changed_and_recent_changes_show_the_subject_as_text(built, engine):
    site = built[engine]
    footer = _article(site, "forming/models.html").split('class="page-info"', 1)[1]
    items = re.findall(r'<li><time datetime="([\d-]+)">([^<]+)</time>: (.*?)</li>', footer)
    assert [(d, shown) for d, shown, _ in items] == [("2026-02-03", "February 3, 2026"), ("2026-01-05", "January 5, 2026")]
    assert html.unescape(items[0][2]) == EVIL and "<script>" not in items[0][2]
    assert '<a href="../reference/changes.html">Recent changes to the whole guide</a>' in footer
    changes = _article(site, "reference/changes.html")
    assert "<script>" not in changes and "[[" not in changes and "{{" not in changes and "<em>stars" not in changes
    subjects = [html.unescape(s) for s in re.findall(r'<span class="changes-list__subject">([^<]*)</span>', changes)]
    assert subjects == [EVIL, "First version of the guide"]
    assert '<a href="../forming/models.html">' in changes
    assert 'class="glossary-term"' not in changes and "<abbr" not in changes.split("changes-list", 1)[1]


def test_a_copy_without_history_builds_and_says_so(built):
    site = built["no-history"]
    footer = _article(site, "forming/models.html").split('class="page-info"', 1)[1]
    assert "History not available in this copy of the guide." in footer
    assert "History not available in this copy: not a git checkout." in _article(site, "reference/changes.html")
    assert "Last reviewed <time" in _article(site, "forming/models.html")
    assert "note: the guide's history is not available (not a git checkout)" in built["no-history-log"]


def test_the_real_guide_has_its_history_and_the_page_in_the_nav():
    project = load_project(ROOT)
    assert any(entry.path == generate.CHANGES_PAGE for entry in project.nav)
    if not project.history.available:
        pytest.skip(f"this checkout has no full history: {project.history.reason}")
    assert project.history.commits and len(project.history.commits) >= 3
    assert generate.page_changes(project, "forming/models.md")["changes"]
