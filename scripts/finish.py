"""Stage 3, finish: work on a built ``site/`` that does not care which engine built it.

Vendored scripts, redirect pages for moved pages, the printables (checklist PDFs, packets, CSV) and, last, once
the site is complete, the offline zip in ``downloads/`` with its size shown on the pages that link to it.
Each step is a plain function the CLI can also call on its own.
"""

from __future__ import annotations

from pathlib import Path

from . import assets, printables, redirects
from .model import Project


def search_index(site: Path) -> Path | None:
    """The search index the engine wrote: Material's ``search/search_index.js`` (offline plugin) or
    ``search/search_index.json``, or Zensical's ``search.js``/``search.json``."""
    for name in ("search/search_index.js", "search.js", "search/search_index.json", "search.json"):
        if (site / name).is_file():
            return site / name
    return None


def finish(project: Project, site: Path, with_printables: bool = True, log=print) -> None:
    assets.copy_vendored(project.root, site)
    redirects.write_redirects(project, site)
    if with_printables:
        counts = printables.build_printables(project, site / "printables")
        if log:
            log(f"printables: {counts['pdfs']} PDFs ({counts['rendered']} rendered, {counts['reused']} reused)")
    from .offline import human_size, publish_zip  # offline.py imports search_index from here

    edition = project.local.name if project.local is not None else ""
    zip_path, size, pages = publish_zip(project.root, site, edition)
    if log:
        linked = ", ".join(pages) if pages else "no page (the offline-size placeholder is missing)"
        log(f"offline edition: {zip_path.relative_to(site).as_posix()}, {human_size(size)}, size shown on {linked}")
