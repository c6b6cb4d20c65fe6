"""``make build``: check, prepare, run the engine strictly into a temporary folder, finish, then swap it in.

A failed or interrupted build leaves the previous ``site/`` untouched and removes its temporary folder;
two builds at once take turns (a lock in ``.cache/``), and the swap exchanges the folders in one step,
so ``site/`` never disappears while it is replaced.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
import signal
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from .engine import engine_build, engine_version
from .finish import finish
from .history import last_commit_time
from .prepare import prepare
from .problems import format_text
from .project import load_project
from .validate import validate

LOCK_FILE = ".cache/build.lock"


def source_date_epoch(root: Path) -> str:
    """The last commit's time, so two builds of one commit are byte-identical."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    return str(last_commit_time(root) or 0)


def _example_host(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host == "" or host.split(".")[-2:] in (["example", "org"], ["example", "com"], ["example", "net"])


def report_note(config: dict) -> str | None:
    """A reminder while "Report a problem with this page" still points at an example address."""
    report = (config.get("extra") or {}).get("report") or {}
    url = str(report.get("url") or "")
    if url.startswith("mailto:") or (url and not _example_host(url)):
        return None
    return ("note: extra.report.url in mkdocs.yml is " + (repr(url) if url else "not set") + ", so \"Report a problem "
            "with this page\" leads nowhere useful; set it to your issue tracker's new-issue address or a mailto: address")


def publishing_note(site_url: str) -> str | None:
    """A reminder when ``site_url`` is still an example address: the PDFs and the CSV print it for readers."""
    host = urlsplit(site_url).hostname or ""
    if host == "" or host.split(".")[-2:] in (["example", "org"], ["example", "com"], ["example", "net"]):
        return (f"note: site_url in mkdocs.yml is {site_url!r}, an example address; before you publish, set it to "
                "where the guide will live, because the PDFs and the CSV print it next to every item")
    return None


@contextmanager
def build_lock(root: Path):
    """One build at a time per checkout: a second one waits for the first and says so."""
    path = root / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("Another build of this checkout is running; waiting for it to finish ...", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def terminate_as_interrupt():
    """SIGTERM (a CI timeout, ``kill``) cleans up like Ctrl-C instead of leaving temporary folders behind."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap_in(temp: Path, site: Path) -> None:
    """Put the new build at ``site`` with no moment where ``site`` is missing (where the system allows)."""
    if site.exists() and _exchange(temp, site):
        shutil.rmtree(temp, ignore_errors=True)  # temp now holds the previous site
        return
    old = site.with_name(site.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    temp.rename(site)
    shutil.rmtree(old, ignore_errors=True)


def build_site(root: Path, site_dir: Path | None = None, engine: str = "mkdocs", printables: bool = True,
               local: Path | None = None) -> int:
    """Build the site (``local``: the overlay folder of a local edition) into ``site_dir``; exit status."""
    root = Path(root).resolve()
    site = Path(site_dir or root / "site").resolve()
    if not site.is_relative_to(root):
        print(f"error: the site folder must be inside the project folder ({root}); got {site}", file=sys.stderr)
        return 2
    version = engine_version(engine)
    with build_lock(root), terminate_as_interrupt():
        project = load_project(root, local=local)
        problems = validate(project)
        if problems:
            print(format_text(problems, project.files_checked()))
            print("Build stopped: fix the problems above (site/ was left as it was).")
            return 1
        temp = Path(tempfile.mkdtemp(prefix=".site-", dir=site.parent))
        try:
            temp.chmod(0o755)  # mkdtemp makes it private; a web server running as another user must read site/
            stage = prepare(project, engine, temp.relative_to(root).as_posix())
            env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=source_date_epoch(root))
            print(f"Building with {engine} {version} from {stage.config.name} ...", flush=True)
            if engine_build(engine, stage.config, root, env) != 0:
                print(f"Build failed: see the {engine} messages above (site/ was left as it was).", file=sys.stderr)
                return 1
            finish(project, temp, with_printables=printables)
            swap_in(temp, site)
        finally:
            shutil.rmtree(temp, ignore_errors=True)
    shown = site.relative_to(root) if site.is_relative_to(root) else site
    edition = f" (local edition: {project.local.name})" if project.local is not None else ""
    print(f"Built {shown}/ with {engine} {version}{edition}")
    for note in (publishing_note(project.site_url), report_note(project.site_config)):
        if note:
            print(note)
    if not project.history.available:
        print(f"note: the guide's history is not available ({project.history.reason}); Recent changes and each page's "
              "'What changed' say so. Build from a full clone to list them.")
    return 0
