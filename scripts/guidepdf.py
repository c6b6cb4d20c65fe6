"""The whole guide as one tagged PDF (``site/printables/guide.pdf``), made from the built site's pages.

The pages are taken in the navigation order of ``mkdocs.yml`` (read with MkDocs' own ``load_config``) from
the HTML MkDocs wrote, so the PDF says exactly what the site says. Each page's article is kept and the
site's chrome (header, navigation, search, buttons, forms, scripts) is dropped. Every page gets an anchor
of its own and every ``id`` in it is prefixed with that anchor, so links between pages become links inside
the document; links to things the PDF does not contain (checklist pages, downloads) become absolute
addresses on the published site.

Run on its own with ``python -m scripts.guidepdf [--paper a4] [--site-dir site]``.
"""

from __future__ import annotations

import argparse
import posixpath
import re
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from .pdfs import describe_links
from .render import TEMPLATES, render

GUIDE_NAME = {"letter": "guide.pdf", "a4": "guide-a4.pdf"}
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}
# Site chrome and interactive controls that mean nothing on paper.
DROP_TAGS = {"script", "style", "form", "button", "input", "select", "textarea", "noscript", "template"}
DROP_CLASSES = {"headerlink", "md-content__button", "md-source-file", "checklist-toolbar", "checklist-filter",
                "checklist-progress", "visually-hidden", "md-top", "md-feedback",
                "page-info__report"}  # report and edit links are for the site, not for paper
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


@dataclass
class NavPage:
    path: str  # relative to docs_dir, e.g. "understanding/federal-law.md"
    chapter: str | None  # title of the nav section it sits in (None at the top level)

    @property
    def html(self) -> str:
        return self.path[:-3] + ".html"

    @property
    def anchor(self) -> str:
        return "p-" + re.sub(r"[^a-z0-9]+", "-", self.path[:-3].lower()).strip("-")


@dataclass
class Part:
    """What the template needs of one page: its anchor, title and cleaned article HTML."""

    anchor: str
    title: str
    chapter: str | None
    body: str


@dataclass
class Guide:
    title: str
    description: str
    site_url: str
    language: str
    copyright: str = ""
    chapters: list = field(default_factory=list)  # [(chapter title or None, [Part, ...])]
    labels: dict = field(default_factory=dict)  # document id -> link description


def load_nav(root: Path) -> tuple[dict, list[NavPage]]:
    """The MkDocs configuration and its pages in navigation order."""
    from mkdocs.config import load_config

    config = load_config(str(Path(root) / "mkdocs.yml"))
    pages: list[NavPage] = []

    def walk(items, chapter):
        for item in items or []:
            if isinstance(item, str):
                target, title = item, None
            else:
                ((title, target),) = item.items()
            if isinstance(target, list):
                walk(target, title if chapter is None else chapter)
            elif isinstance(target, str) and target.endswith(".md") and not _SCHEME.match(target):
                pages.append(NavPage(target, chapter))

    walk(config["nav"], None)
    return config, pages


def _classes(element: ET.Element) -> set[str]:
    return set((element.get("class") or "").split())


def _text(element: ET.Element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def _remove(parent: ET.Element, child: ET.Element) -> None:
    """Remove ``child`` but keep the text that follows it."""
    index = list(parent).index(child)
    if child.tail:
        if index:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


def _strip(element: ET.Element) -> None:
    for child in list(element):
        if child.tag in DROP_TAGS or _classes(child) & DROP_CLASSES or child.get("hidden") is not None:
            _remove(element, child)
        else:
            _strip(child)


class Linker:
    """Rewrites ids and links of every page into one document's name space."""

    def __init__(self, pages: list[NavPage], site_url: str, site_dir: Path) -> None:
        self.by_html = {p.html: p for p in pages}
        self.site_url = site_url.rstrip("/") + "/"
        self.site_dir = site_dir
        self.labels: dict[str, str] = {}  # document id -> what a link to it is announced as

    def target(self, page: NavPage, href: str) -> str:
        if _SCHEME.match(href) or href.startswith("//"):
            return href
        path, _, fragment = href.partition("#")
        if not path:
            resolved = page.html
        else:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page.html), path))
            if (self.site_dir / resolved).is_dir():
                resolved = posixpath.join(resolved, "index.html")
        other = self.by_html.get(resolved)
        if other is None:
            return self.site_url + resolved + (f"#{fragment}" if fragment else "")
        return f"#{other.anchor}--{fragment}" if fragment else f"#{other.anchor}"

    def rewrite(self, page: NavPage, article: ET.Element, title: str) -> None:
        for element in article.iter():
            if element.get("id"):
                new = f"{page.anchor}--{element.get('id')}"
                element.set("id", new)
                named = re.fullmatch(r"h[1-6]|dt", element.tag)
                self.labels[new] = f"{_text(element)[:80]} ({title})" if named else title
            if element.tag == "a" and element.get("href") is not None:
                element.set("href", self.target(page, element.get("href")))
            if element.tag == "img" and element.get("src") and not _SCHEME.match(element.get("src")):
                source = posixpath.normpath(posixpath.join(posixpath.dirname(page.html), element.get("src")))
                element.set("src", (self.site_dir / source).as_uri())
            if element.tag == "details":
                element.set("open", "")
            for attribute in ("tabindex", "onclick", "data-md-component"):
                element.attrib.pop(attribute, None)
        self.labels[page.anchor] = title


def page_part(site_dir: Path, page: NavPage, linker: Linker) -> Part:
    import tinyhtml5

    html = (site_dir / page.html).read_text(encoding="utf-8")
    document = tinyhtml5.parse(html, namespace_html_elements=False)
    article = next((e for e in document.iter("article") if "md-content__inner" in _classes(e)), None)
    if article is None:
        raise ValueError(f"{page.html} has no article (is it a page MkDocs built?)")
    _strip(article)
    heading = next(article.iter("h1"), None)
    title = _text(heading) if heading is not None else page.path
    if heading is not None:
        heading.set("class", ((heading.get("class") or "") + " page-title").strip())
    linker.rewrite(page, article, title)
    body = "".join(ET.tostring(child, encoding="unicode", method="html") for child in article)
    return Part(page.anchor, title, page.chapter, (article.text or "") + body)


def collect(root: Path, site_dir: Path) -> Guide:
    config, pages = load_nav(root)
    linker = Linker(pages, str(config.get("site_url") or ""), site_dir)
    guide = Guide(title=config["site_name"], description=str(config.get("site_description") or "").strip(),
                  site_url=str(config.get("site_url") or ""), language=config["theme"]["language"] or "en",
                  copyright=str(config.get("copyright") or ""))
    for page in pages:
        part = page_part(site_dir, page, linker)
        if guide.chapters and guide.chapters[-1][0] == page.chapter and page.chapter is not None:
            guide.chapters[-1][1].append(part)
        else:
            guide.chapters.append((page.chapter, [part]))
            if page.chapter:
                linker.labels[f"{part.anchor}-chapter"] = f"{page.chapter} (chapter)"
    guide.labels = linker.labels
    return guide


def guide_html(guide: Guide, paper: str, created: str) -> str:
    """The one HTML document the PDF is made from (its text is also the cache key)."""
    css = (TEMPLATES / "guide-pdf" / "guide.css").read_text(encoding="utf-8")
    css = css.replace("size: letter", "size: A4") if paper == "a4" else css
    return render("guide-pdf/guide.html.j2", guide=guide, css=css, created=created, date=created[:10])


def _created(root: Path) -> str:
    import os
    from datetime import UTC, datetime

    from .build import source_date_epoch

    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or source_date_epoch(root) or 0)
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _cache_key(html: str) -> str:
    import hashlib

    import weasyprint

    digest = hashlib.sha256(html.encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(weasyprint.__version__.encode())
    return digest.hexdigest()[:24]


def write_guide_pdf(root: Path, site_dir: Path, out: Path | None = None, paper: str = "letter",
                    cache: Path | None = None) -> dict:
    """Write the whole-guide PDF from the built pages in ``site_dir``; reuse the cached PDF when the
    document it is made from has not changed. Returns its path, pages (0 when reused) and seconds."""
    from .assets import write_atomic

    started = time.perf_counter()
    root, site_dir = Path(root), Path(site_dir)
    guide = collect(root, site_dir)
    html = guide_html(guide, paper, _created(root))
    target = Path(out or site_dir / "printables" / GUIDE_NAME[paper])
    cached = Path(cache or root / ".cache" / "printables") / f"guide-{_cache_key(html)}.pdf"
    pages = 0
    if not cached.exists():
        from weasyprint import HTML

        document = HTML(string=html, base_url=str(site_dir)).render(**PDF_OPTIONS)
        pages = len(document.pages)
        cached.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(cached, document.write_pdf(finisher=describe_links(guide.labels, "Go to: "), **PDF_OPTIONS))
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, cached.read_bytes())
    return {"path": target, "pages": pages, "rendered": bool(pages), "seconds": time.perf_counter() - started}


class Pending:
    """The whole-guide PDF being made in another process while the checklists render (see ``start``)."""

    def __init__(self, future, pool, log) -> None:
        self.future, self.pool, self.log = future, pool, log

    def wait(self) -> dict | None:
        try:
            result = self.future.result()
        finally:
            self.pool.shutdown()
        if self.log:
            how = f"{result['pages']} pages rendered" if result["rendered"] else "reused"
            self.log.info(f"printables: {result['path'].name} ({how}) in {result['seconds']:.1f} s")
        return result


def start(root: Path, printables_dir: Path, paper: str = "letter", log=None) -> Pending | None:
    """Begin the whole-guide PDF in a separate process, from the site that holds ``printables_dir``.
    Returns None (nothing to do) when that folder is not inside a built site, as for ``scripts print --out``."""
    site_dir = Path(printables_dir).parent
    if not (site_dir / "index.html").is_file() or not (site_dir / "search").is_dir():
        return None
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=1)
    future = pool.submit(write_guide_pdf, root, site_dir, Path(printables_dir) / GUIDE_NAME[paper], paper)
    return Pending(future, pool, log)


def finish(pending: Pending | None) -> dict | None:
    """Wait for the PDF that ``start`` began (a no-op for None); its errors are raised here."""
    return pending.wait() if pending else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.guidepdf", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--site-dir", type=Path, default=None, help="the built site (default: site/)")
    parser.add_argument("--paper", choices=tuple(GUIDE_NAME), default="letter")
    parser.add_argument("--out", type=Path, default=None, help="default: <site>/printables/guide.pdf (guide-a4.pdf)")
    args = parser.parse_args(argv)
    site_dir = args.site_dir or args.root / "site"
    if not (site_dir / "index.html").is_file():
        print(f"error: {site_dir} has no built site: run make build first", file=sys.stderr)
        return 2
    result = write_guide_pdf(args.root, site_dir, args.out, args.paper)
    how = f"{result['pages']} pages" if result["rendered"] else "unchanged, reused from the cache"
    print(f"Wrote {result['path']} ({how}, {result['seconds']:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
