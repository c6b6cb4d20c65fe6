"""Every built page passes the W3C Nu HTML Checker (vnu) with no errors.

vnu.jar comes from the pinned ``vnu-jar`` npm package and needs Java (``make chromium`` installs
``default-jre-headless``). Uses the built site (built here only when it is missing), like the browser tests.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from browser.browser_support import ensure_site

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "search" not in p.relative_to(site).parts[:1])


def test_every_built_page_is_valid_html():
    site = ensure_site(ROOT)
    if shutil.which("java") is None:
        pytest.fail("java is missing: run 'make chromium' (installs default-jre-headless for the HTML checker)")
    if not VNU.is_file():
        pytest.fail(f"{VNU} is missing: run 'make deps' (npm install of the pinned vnu-jar)")
    pages = _pages(site)
    assert len(pages) > 40, pages
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
                            capture_output=True, text=True, check=False)
    messages = [m for m in json.loads(result.stderr or '{"messages": []}')["messages"] if m.get("type") == "error"]
    summary = Counter(f"{m['message'][:120]}" for m in messages)
    where = Counter(Path(m["url"].removeprefix("file:")).relative_to(site).as_posix() for m in messages)
    assert not messages, (f"{len(messages)} HTML errors; most common: {summary.most_common(5)}; "
                          f"pages: {where.most_common(5)}; first: {messages[0].get('extract')!r}")
