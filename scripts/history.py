"""The repository's history, read once: which commits touched which page, for "Recent changes" and "What changed".

``read_history(root)`` runs ``git log`` once over ``guide/``, ``checklists/`` and ``data/`` (after one
``git rev-parse`` that says whether this is a full checkout) and keeps, per commit, only what readers are
shown: the commit date and the subject line (never the author, an email address or the message body).
When the folder is not the top of a git checkout (a copy, a downloaded archive), git is missing, or the
clone is shallow, the history is *not available*: the build still works and the pages say so.

The result depends only on the commits, not on the working tree or the clock, so two builds of one commit
are identical.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

HISTORY_PATHS = ("guide", "checklists", "data")
RECENT_LIMIT = 50  # commits on the Recent changes page
PAGE_LIMIT = 5  # commits in a page's "What changed" list
SUBJECT_LIMIT = 160  # characters of a subject shown; longer ones are cut at a word
RECORD = "\x1e"  # starts each commit in the log output
FIELD = "\x1f"  # separates a commit's fields
LOG_FORMAT = f"{RECORD}%H{FIELD}%cs{FIELD}%s"
# Commit subjects are published: an email address in one (against CONTRIBUTING.md's rule) is not repeated.
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # committer date, YYYY-MM-DD
    subject: str  # plain text as written (untrusted: every output escapes it)
    files: tuple[str, ...]  # paths relative to the repository root, under HISTORY_PATHS


@dataclass
class History:
    available: bool
    reason: str = ""  # why not, when not available (for the build's log and the tests)
    commits: list[Commit] = field(default_factory=list)  # newest first, as git log gives them

    def for_file(self, path: str, limit: int = PAGE_LIMIT) -> list[Commit]:
        """The last ``limit`` commits that touched ``path`` (a file relative to the repository root)."""
        found = []
        for commit in self.commits:
            if path in commit.files:
                found.append(commit)
                if len(found) == limit:
                    break
        return found


def plain_subject(subject: str) -> str:
    """The subject as readers see it: one line of printable text, no email address, at most SUBJECT_LIMIT characters."""
    printable = "".join(char for char in subject if char.isprintable() or char.isspace())
    text = EMAIL.sub("[address removed]", " ".join(printable.split()))
    if len(text) > SUBJECT_LIMIT:
        cut = text[:SUBJECT_LIMIT].rsplit(" ", 1)[0].rstrip(" ,;:")
        text = cut + " …"
    return text


def parse_log(output: str) -> list[Commit]:
    """Commits from ``git log --name-only --format=LOG_FORMAT`` output, in the order given."""
    commits = []
    for record in output.split(RECORD)[1:]:
        header, _, names = record.partition("\n")
        parts = header.split(FIELD)
        if len(parts) != 3 or not DATE.fullmatch(parts[1]):
            continue
        sha, day, subject = parts
        files = tuple(dict.fromkeys(name.strip() for name in names.splitlines() if name.strip()))
        commits.append(Commit(sha=sha, date=day, subject=plain_subject(subject), files=files))
    return commits


# Settings a user's git configuration might hold that would change what the log prints.
GIT_OPTIONS = ("-c", "core.quotePath=false", "-c", "log.showSignature=false", "-c", "i18n.logOutputEncoding=UTF-8",
               "-c", "color.ui=never", "-c", "diff.relative=false")


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    # Never look for a repository above the project folder (a copy inside another checkout is still a copy).
    # The user's own configuration is read (safe.directory, for one), with GIT_OPTIONS fixing the output.
    env = dict(os.environ, GIT_CEILING_DIRECTORIES=str(root.parent), LC_ALL="C", GIT_OPTIONAL_LOCKS="0",
               GIT_NO_REPLACE_OBJECTS="1", GIT_PAGER="cat")
    return subprocess.run(["git", *GIT_OPTIONS, *args], cwd=root, env=env,
                          capture_output=True, text=True, encoding="utf-8", errors="replace", check=False)


def last_commit_time(root: Path, *paths: str) -> int | None:
    """Unix time of the last commit that touched ``paths`` (any file when none), or None without git history."""
    try:
        result = _git(Path(root).resolve(), "log", "-1", "--format=%ct", "--", *paths)
    except OSError:  # no git at all
        return None
    out = result.stdout.strip()
    return int(out) if result.returncode == 0 and out.isdigit() else None


def read_history(root: Path) -> History:
    """The history of the guide's sources in ``root``; never raises (unavailable instead)."""
    root = Path(root).resolve()
    try:
        where = _git(root, "rev-parse", "--is-shallow-repository", "--show-toplevel")
        if where.returncode != 0:
            if "dubious ownership" in where.stderr:
                return History(False, "git does not trust this folder (another user owns it: see git's safe.directory)")
            return History(False, "not a git checkout")
        shallow, _, top = where.stdout.strip().partition("\n")
        if Path(top.strip()).resolve() != root:
            return History(False, "not the top of a git checkout")
        if shallow.strip() == "true":
            return History(False, "a shallow clone (clone with full history: git fetch --unshallow)")
        log = _git(root, "log", "--no-merges", "--name-only", "--no-renames", "--no-color", f"--format={LOG_FORMAT}",
                   "HEAD", "--", *HISTORY_PATHS)
    except OSError:
        return History(False, "git is not installed")
    if log.returncode != 0:
        return History(False, "git log failed (a repository with no commits?)")
    return History(True, commits=parse_log(log.stdout))
