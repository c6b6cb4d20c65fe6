"""Helpers shared by the browser tests: Chromium launch settings, the page list, a page that records problems, axe."""

from __future__ import annotations

import fcntl
import mimetypes
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

from axe_playwright_python.base import AXE_SCRIPT  # axe-core pinned by the axe-playwright-python pin

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# WCAG 2.0, 2.1 and 2.2, levels A and AA. No rule is disabled: see "Accessibility and privacy rules" in CONTRIBUTING.md.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_EXCEPTIONS: dict[str, str] = {}  # rule id -> reason; must match the list in CONTRIBUTING.md (currently empty)
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's data-md-color-scheme
WIDTHS = (1280, 375)


def ensure_site(root: Path) -> Path:
    """The built site; builds it (once, under a lock shared by xdist workers) only when it is missing."""
    site = root / "site"
    if (site / "index.html").is_file() and (site / "sitemap.xml").is_file():
        return site
    lock_path = root / ".cache" / "browser-tests-build.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (site / "index.html").is_file():
            env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
            result = subprocess.run([sys.executable, "-m", "scripts", "build"], cwd=root, env=env, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise RuntimeError(f"building site/ failed:\n{result.stdout}\n{result.stderr}")
    return site


def site_pages(site: Path) -> list[str]:
    """Every HTML page of the built site (the file tree), as paths relative to site/."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def sitemap_pages(site: Path) -> list[str]:
    """Page paths listed in site/sitemap.xml, relative to the site root."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    tree = ET.parse(site / "sitemap.xml")
    paths = []
    for loc in tree.getroot().findall("s:url/s:loc", ns):
        path = urlsplit(loc.text.strip()).path.lstrip("/")
        paths.append(path or "index.html")
    return sorted(paths)


def allowed(url: str, origin: str) -> bool:
    """True for the local server's own URLs (or file:// URLs when origin is 'file://') and inline data."""
    scheme = urlsplit(url).scheme
    if scheme in ("data", "blob", "about"):
        return True
    if origin == "file://":
        return scheme == "file"
    return url == origin or url.startswith(origin + "/")


def foreign_pattern(origin: str) -> re.Pattern:
    """Every URL that is neither under ``origin`` nor inline data (the driver only pauses these for Python)."""
    if origin == "file://":
        return re.compile(r"^(?!file:|data:|blob:|about:)")
    return re.compile(r"^(?!" + re.escape(origin) + r"(?:/|$)|data:|blob:|about:)")


class PageWatch:
    """A page in its own context that records what a reader would never want to see or leak.

    Requests to any other host are aborted and recorded. With ``files`` (a folder), requests to ``origin`` are
    answered from that folder by Playwright instead of a server: used with origin ``http://127.0.0.1`` (port 80,
    never contacted) so that Material's instant navigation, which compares links with the sitemap by host name
    without the port, works as on the real site.
    """

    def __init__(self, context, origin: str, files: Path | None = None):
        self.context = context
        self.origin = origin
        self.files = files
        self.base = origin + "/"
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.failed: list[str] = []
        self.aborted: list[tuple[str, int]] = []
        self.bad_status: list[str] = []
        self.blocked: list[str] = []
        self.requests: list[str] = []
        self.watching = True
        # Everything on the page (its dedicated workers included): the context may be shared by several tests.
        self.page = page = context.new_page()
        page.route(foreign_pattern(origin), self._block)
        if files is not None:
            page.route(re.compile("^" + re.escape(origin) + "/"), self._serve_file)
        self.navigations = 0
        self._started: dict = {}
        page.on("framenavigated", self._on_navigated)
        page.on("request", self._on_request)
        page.on("requestfailed", self._on_failed)
        page.on("response", self._on_response)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.watching and self.page_errors.append(str(error)))

    # --- recording -------------------------------------------------------------------------------
    def _block(self, route):
        self.blocked.append(route.request.url)
        route.abort("blockedbyclient")

    def _serve_file(self, route):
        path = unquote(urlsplit(route.request.url).path).lstrip("/") or "index.html"
        file = (self.files / path).resolve()
        if file.is_file() and file.is_relative_to(self.files.resolve()):
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            route.fulfill(status=200, body=file.read_bytes(), headers={"Content-Type": kind})
        else:
            route.fulfill(status=404, body="not found", headers={"Content-Type": "text/plain"})

    def _on_navigated(self, frame):
        if frame == self.page.main_frame:
            self.navigations += 1

    def _on_request(self, request):
        self._started[request] = self.navigations
        if self.watching:
            self.requests.append(request.url)
            if not allowed(request.url, self.origin) and request.url not in self.blocked:
                self.blocked.append(request.url)

    def _on_failed(self, request):
        if not self.watching:
            return
        if request.failure == "net::ERR_ABORTED":
            # Judged at the end: the browser cancels what the old page still loads when a link is followed.
            self.aborted.append((request.url, self._started.get(request, self.navigations)))
        else:
            self.failed.append(f"{request.url} ({request.failure})")

    def _on_response(self, response):
        if self.watching and response.status >= 400:
            self.bad_status.append(f"{response.url} -> HTTP {response.status}")

    def _on_console(self, message):
        if self.watching and message.type == "error":
            location = message.location or {}
            self.console_errors.append(f"{message.text} ({location.get('url', '')}:{location.get('lineNumber', '')})")

    # --- use -------------------------------------------------------------------------------------
    def url(self, path: str) -> str:
        return self.base + path.lstrip("/")

    def goto(self, url: str, wait_until: str = "load"):
        """Open ``url``, or a path of the site when it has no scheme."""
        if "://" not in url:
            url = self.url(url)
        return self.page.goto(url, wait_until=wait_until)

    def problems(self) -> list[str]:
        found = [f"console error: {e}" for e in self.console_errors]
        found += [f"page error: {e}" for e in self.page_errors]
        found += [f"failed request: {e}" for e in self.failed]
        found += [f"failed request: {url} (net::ERR_ABORTED)" for url, started in self.aborted if started == self.navigations]
        found += [f"error response: {e}" for e in self.bad_status]
        found += [f"request to another host (blocked): {u}" for u in self.blocked]
        return found

    def stop_watching(self) -> list[str]:
        """Stop recording (so closing the page cannot add aborted requests) and return the problems."""
        self.watching = False
        return self.problems()

    def close(self) -> None:
        self.watching = False
        if not self.page.is_closed():
            self.page.close()


def run_axe(page, context: str | None = None) -> list[dict]:
    """axe-core violations of the page (WCAG 2.0/2.1/2.2 A and AA tags), minus documented exceptions."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    # Judge the page at rest: colours measured halfway through a fade (a tooltip, a drawer) are not what people read.
    result = page.evaluate("""async ([ctx, opts]) => {
        const settled = Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
        await Promise.race([settled, new Promise(resolve => setTimeout(resolve, 1000))]);
        return axe.run(ctx ? document.querySelector(ctx) : document, opts);
    }""", [context, options])
    return [v for v in result["violations"] if v["id"] not in AXE_EXCEPTIONS]


def describe(violations: list[dict], limit: int = 4) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} element(s)] {v['helpUrl']}")
        for node in v["nodes"][:limit]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]!r}\n      {summary[:300]}")
    return "\n".join(lines)


# What the keyboard user sees of the focused element: it must be on screen, not covered, and outlined.
FOCUS_INFO = """async () => {
  // Let running transitions finish (the skip link fading in, the drawer sliding, the search overlay fading out).
  const moving = document.getAnimations().filter(a => a.playState === 'running');
  if (moving.length) {
    const settled = Promise.all(moving.map(a => a.finished.catch(() => null)));
    await Promise.race([settled, new Promise(resolve => setTimeout(resolve, 800))]);
  }
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {focused: false, what: 'body'};
  // A visually hidden control (Material's palette radio) shows its focus on its label.
  let shown = el;
  const box0 = el.getBoundingClientRect();
  if (box0.width < 2 || box0.height < 2) {
    const next = el.nextElementSibling;
    const label = next && next.tagName === 'LABEL' && next.getClientRects().length ? next
      : (el.id ? document.querySelector(`label[for="${el.id}"]:not([hidden])`) : null);
    if (label && label.getClientRects().length) shown = label;
  }
  const box = shown.getBoundingClientRect();
  const style = getComputedStyle(shown);
  const outline = style.outlineStyle !== 'none' && style.outlineColor !== 'rgba(0, 0, 0, 0)'
    && (style.outlineStyle === 'auto' || parseFloat(style.outlineWidth) >= 2);
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  const inView = box.width >= 2 && box.height >= 2 && box.right > 0 && box.bottom > 0
    && box.left < innerWidth && box.top < innerHeight;
  const rects = shown.getClientRects();
  const line = rects.length > 1 ? rects[0] : box;  // a link that wraps: probe its first line
  const x = Math.min(Math.max(line.left + line.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(line.top + line.height / 2, 0), innerHeight - 1);
  const hit = document.elementFromPoint(x, y);
  const uncovered = !!hit && (shown.contains(hit) || hit.contains(shown) || (el !== shown && el.contains(hit)));
  const visible = style.visibility !== 'hidden' && parseFloat(style.opacity) > 0.5;
  const name = (el.getAttribute('aria-label') || el.textContent || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 50);
  return {
    focused: true, ok: inView && uncovered && visible && (outline || shadow),
    inView, uncovered, visible, outline: outline || shadow,
    what: `<${el.tagName.toLowerCase()} class="${el.className}"> ${name}`,
    box: [Math.round(box.left), Math.round(box.top), Math.round(box.width), Math.round(box.height)],
    covering: hit ? `<${hit.tagName.toLowerCase()} class="${hit.className}">` : null,
  };
}"""


def focus_info(page) -> dict:
    return page.evaluate(FOCUS_INFO)


def tab_until(page, predicate_js: str, limit: int = 80, key: str = "Tab", check_visible: bool = False) -> list[dict]:
    """Press Tab until ``predicate_js`` (a JS expression about ``el``, the focused element) is true.

    Returns the focus info of every stop (the last one is the match); fails after ``limit`` presses.
    """
    stops = []
    for _ in range(limit):
        page.keyboard.press(key)
        info = focus_info(page)
        stops.append(info)
        if check_visible:
            assert info.get("ok"), f"focus is not visible at stop {len(stops)}: {info}"
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({predicate_js}); }})()"):
            return stops
    raise AssertionError(f"no focus stop matched {predicate_js} after {limit} presses of {key}; last: {stops[-3:]}")


def wait_until(page, js: str, want: bool = True, timeout: float = 15.0) -> None:
    """Poll ``js`` (a JavaScript function) until the truth of its result is ``want``.

    Not ``page.wait_for_function``: Playwright evaluates its predicate as a string inside the page, which the
    site's Content-Security-Policy (``script-src`` without ``'unsafe-eval'``) refuses; ``page.evaluate`` is not
    affected.
    """
    for _ in range(int(timeout * 20)):
        if bool(page.evaluate(js)) == want:
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"{js} never became {want} within {timeout} s")
