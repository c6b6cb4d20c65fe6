"""``make build``: validate, build the site strictly into a temporary folder, then swap it in.

A failed build leaves the previous ``site/`` untouched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from .problems import format_text
from .project import load_project
from .validate import validate


def source_date_epoch(root: Path) -> str:
    """The last commit's time, so two builds of one commit are byte-identical."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True)
        return out.stdout.strip() or "0"
    except (OSError, subprocess.CalledProcessError):
        return "0"


def publishing_note(site_url: str) -> str | None:
    """A reminder when ``site_url`` is still an example address: the PDFs and the CSV print it for readers."""
    host = urlsplit(site_url).hostname or ""
    if host == "" or host.split(".")[-2:] in (["example", "org"], ["example", "com"], ["example", "net"]):
        return (f"note: site_url in mkdocs.yml is {site_url!r}, an example address; before you publish, set it to "
                "where the guide will live, because the PDFs and the CSV print it next to every item")
    return None


def build_site(root: Path, site_dir: Path | None = None) -> int:
    root = Path(root).resolve()
    site = Path(site_dir or root / "site").resolve()
    project = load_project(root)
    problems = validate(project)
    if problems:
        print(format_text(problems, project.files_checked()))
        print("Build stopped: fix the problems above (site/ was left as it was).")
        return 1
    temp = Path(tempfile.mkdtemp(prefix=".site-", dir=site.parent))
    temp.chmod(0o755)  # mkdtemp makes it private; a web server running as another user must read site/
    env = dict(os.environ, EGUIDE_CHECKED="1", NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=source_date_epoch(root))
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(temp), "--config-file", str(root / "mkdocs.yml")]
    result = subprocess.run(command, cwd=root, env=env, check=False)
    if result.returncode != 0:
        shutil.rmtree(temp, ignore_errors=True)
        print("Build failed: see the warnings above (site/ was left as it was).", file=sys.stderr)
        return 1
    old = site.with_name(site.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    temp.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    print(f"Built {site.relative_to(root) if site.is_relative_to(root) else site}/")
    note = publishing_note(project.site_url)
    if note:
        print(note)
    return 0
