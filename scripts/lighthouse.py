"""Lighthouse benchmark (part of ``make bench``): the four category scores and the bytes transferred on the first
visit to three pages, with Lighthouse's mobile settings (emulated phone, simulated slow 4G and CPU slowdown).

The built ``site/`` is served with gzip from 127.0.0.1 on a free port by a small server in this process (as a
production server would compress text), and Lighthouse (pinned in package.json) drives Debian's Chromium
(``CHROME_PATH``). Pages: the home page, the longest page (the sources page) and the longest checklist page.

Each page is measured ``RUNS`` times and the median run is reported (the report whose performance score is the
median), with the lowest and highest performance score beside it: on two cores Lighthouse's own process competes
with the page, and single runs of the same page were seen to score from 72 to 95. Goals (issue 12): performance at
least 95, accessibility, best practices and SEO 100, and under 150 KB transferred before the search index (which
Material fetches after the page has loaded).
"""

from __future__ import annotations

import gzip
import json
import mimetypes
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

from .assets import BuildError

CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking " \
               "--disable-component-update --disable-sync"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SKIP = ("checklists/", "downloads/", "printables/", "assets/", "search/")
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")
SEARCH_INDEX = ("search/search_index", "/search.js", "/search.json")  # Material | Zensical (finish.search_index)
BUDGET = 150 * 1024
GOALS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
RUNS = 5
TIMEOUT = 240


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files from the site folder; text compressed with gzip when the client accepts it."""

    cache: ClassVar[dict] = {}

    def log_message(self, *args):  # quiet
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if not kind.startswith(COMPRESSIBLE):
            return super().send_head()
        key = str(path)
        if key not in self.cache:
            self.cache[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") or "javascript" in kind else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return _Body(body)


class _Body:
    """A file-like object over bytes, for SimpleHTTPRequestHandler.copyfile."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, size: int = -1) -> bytes:
        chunk, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return chunk

    def close(self) -> None:
        pass


class GzipServer:
    """The site on http://127.0.0.1:<free port>/, served from a thread of this process until stopped."""

    def __init__(self, site: Path):
        handler = partial(GzipHandler, directory=str(site))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.pid = os.getpid()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def pick_pages(site: Path) -> list[tuple[str, str]]:
    """(label, path): the home page, the longest other page and the longest checklist page, by HTML size."""
    pages = [p for p in site.rglob("*.html")
             if not p.relative_to(site).as_posix().startswith(SKIP) and p.name not in ("index.html", "404.html")]
    checklists = [p for p in (site / "checklists").glob("*.html") if p.name != "index.html"]
    if not pages or not checklists:
        raise BuildError(f"{site} has no guide or checklist pages: run 'make build'")
    longest = max(pages, key=lambda p: (p.stat().st_size, p.name))
    checklist = max(checklists, key=lambda p: (p.stat().st_size, p.name))
    return [
        ("Home", "index.html"),
        ("Longest page", longest.relative_to(site).as_posix()),
        ("Checklist", checklist.relative_to(site).as_posix()),
    ]


def lighthouse_binary(root: Path) -> Path:
    binary = root / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        raise BuildError("node_modules/.bin/lighthouse is missing: run 'npm install' (make deps does)")
    return binary


def run_one(binary: Path, url: str, out: Path) -> dict:
    """One Lighthouse run (mobile defaults); returns the report. Lighthouse and its Chrome run in their own process
    group, which is stopped by its id if the run hangs."""
    command = [
        str(binary), url, "--quiet", "--output=json", f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}", "--max-wait-for-load=60000",
    ]
    env = dict(os.environ, CHROME_PATH=CHROME)
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise BuildError(f"Lighthouse did not finish within {TIMEOUT} s for {url}") from None
    if process.returncode != 0 or not out.exists():
        raise BuildError(f"Lighthouse failed for {url} (exit {process.returncode}): {stderr.strip()[-800:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def summarize(report: dict) -> dict:
    scores = {c: report["categories"][c]["score"] for c in CATEGORIES}
    requests = report["audits"].get("network-requests", {}).get("details", {}).get("items", [])
    total = sum(item.get("transferSize") or 0 for item in requests)
    before_index = sum(item.get("transferSize") or 0 for item in requests if not any(name in item.get("url", "") for name in SEARCH_INDEX))
    failing = []
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.append(f"{category}: {audit['title']} ({audit.get('displayValue', '')})".replace(" ()", ""))
    return {"scores": scores, "total": total, "before_index": before_index, "failing": failing,
            "requests": len(requests), "lighthouse": report.get("lighthouseVersion", "?")}


def median_run(runs: list[dict]) -> dict:
    """The run whose performance score is the median (the middle one, the lower middle for an even count), with
    every run's performance score under ``"performance_runs"``. A run is one ``summarize`` result."""
    ordered = sorted(runs, key=lambda run: run["scores"]["performance"] or 0)
    chosen = dict(ordered[(len(ordered) - 1) // 2])
    chosen["performance_runs"] = [run["scores"]["performance"] for run in runs]
    return chosen


def misses(result: dict) -> list[str]:
    """What keeps a page from its goals, in words."""
    found = [f"{category} {round((result['scores'][category] or 0) * 100)}, goal {round(goal * 100)}"
             for category, goal in GOALS.items() if (result["scores"][category] or 0) < goal]
    if result["before_index"] > BUDGET:
        found.append(f"{result['before_index'] / 1024:.0f} KB before the search index (budget {BUDGET // 1024} KB)")
    return found


def _score(value) -> str:
    return " n/a" if value is None else f"{round(value * 100):>4}"


def print_table(rows: list[tuple[str, str, dict]]) -> int:
    """The table, then what misses a goal; returns 1 when something does."""
    version = rows[0][2]["lighthouse"] if rows else "?"
    runs = len(rows[0][2].get("performance_runs", [1])) if rows else 0
    print(f"Lighthouse {version}, mobile (emulated phone, simulated slow 4G, 4x CPU slowdown); site served with gzip "
          f"from 127.0.0.1; Debian Chromium; median of {runs} runs per page")
    header = (f"{'Page':<48} {'Perf':>4} {'(range)':>9} {'A11y':>4} {'Best':>4} {'SEO':>4} {'Transferred':>12} "
              f"{'Before index':>13} {'Reqs':>4}")
    print(header)
    print("-" * len(header))
    for label, path, result in rows:
        s = result["scores"]
        spread = [round((v or 0) * 100) for v in result.get("performance_runs", [s["performance"]])]
        name = f"{label}: {path}"
        print(f"{name:<48} {_score(s['performance'])} {f'({min(spread)}-{max(spread)})':>9} {_score(s['accessibility'])} "
              f"{_score(s['best-practices'])} {_score(s['seo'])} {result['total'] / 1024:>9.1f} KB "
              f"{result['before_index'] / 1024:>10.1f} KB {result['requests']:>4}")
    print(f"Goals: performance at least {round(GOALS['performance'] * 100)}, the other three 100; under "
          f"{BUDGET // 1024} KB transferred before the search index.")
    status = 0
    for label, path, result in rows:
        found = misses(result)
        if found:
            status = 1
            print(f"  {label} ({path}) misses: {'; '.join(found)}")
            for audit in result["failing"]:
                print(f"    - {audit}")
    if not status:
        print("Every page meets the goals.")
    return status


def run_lighthouse(root: Path) -> int:
    root = Path(root).resolve()
    site = root / "site"
    if not (site / "index.html").is_file():
        raise BuildError("site/ is missing: run 'make build' first")
    if not Path(CHROME).exists():
        raise BuildError(f"{CHROME} is missing: run 'make chromium' (or set CHROME_PATH)")
    binary = lighthouse_binary(root)
    pages = pick_pages(site)
    server = GzipServer(site)
    temp = Path(tempfile.mkdtemp(prefix="eguide-lighthouse-"))
    print(f"Serving site/ with gzip on {server.base} (process {server.pid}); running Lighthouse {RUNS} times on each of "
          f"{len(pages)} pages ...", flush=True)
    rows = []
    try:
        for number, (label, path) in enumerate(pages):
            runs = [summarize(run_one(binary, server.base + path, temp / f"report-{number}-{run}.json"))
                    for run in range(RUNS)]
            rows.append((label, path, median_run(runs)))
    finally:
        server.stop()
        shutil.rmtree(temp, ignore_errors=True)
    return print_table(rows)
