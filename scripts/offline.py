"""The offline edition: one zip of the built site that works from ``file://`` with no server and no network.

The site is built for this already (``use_directory_urls: false``, Material's offline plugin inlines the search
index, the iframe-worker shim runs search without a server). The zip is deterministic: entries sorted, every
timestamp the last commit's time (``SOURCE_DATE_EPOCH``), fixed permissions, so one commit gives one zip.
It is written through a temporary file and renamed, so no folder ever holds half a zip.

``make build`` writes it into the site itself (``downloads/``, :func:`publish_zip`, the last step of the finish
stage), and the home and About pages link to it: their ``<p class="offline-edition">`` paragraph holds the link,
whose ``<span class="offline-size">`` gets the zip's size once the zip exists. The zip never holds itself, and its
own copies of those two pages say that they are the offline edition instead of linking to a file it lacks.
``make offline`` writes the same zip into ``dist/``.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
import zipfile
from pathlib import Path

from .assets import BuildError
from .build import source_date_epoch
from .finish import search_index

ZIP_NAME = "task-force-eguide-offline.zip"
DOWNLOADS = "downloads"  # the site folder the zip is published in (a build output: scripts/links.py BUILD_OUTPUTS)
DOWNLOAD_PATH = f"{DOWNLOADS}/{ZIP_NAME}"
OFFERING_PAGES = ("index.html", "about.html")  # the built pages that link to the zip
OFFER = re.compile(r'(<p class="offline-edition">)(.*?)(</p>)', re.DOTALL)
SIZE = re.compile(r'(<span class="offline-size">)[^<]*(</span>)')
OFFLINE_NOTE = ("<strong>This is the offline edition</strong>, built from the version of {date}. "
                "The online edition may be newer.")
TOP_FOLDER = "task-force-eguide"
ZIP_EPOCH_MIN = 315532800  # 1980-01-01, the earliest time a zip entry can carry
README = """Human Trafficking Task Force e-Guide: offline edition
=====================================================

Open index.html in this folder with any web browser. No internet connection and no
server are needed: pages, search, checklists (ticks are saved in this browser only)
and the fillable PDFs in printables/ all work from this folder.

Built from the version of {date}. The online edition may be newer.
"""
LOCAL_README = """
This is the local edition kept by {name}: its contacts, pages and the boxes
marked "Local" are the task force's own, added to the national guide.
"""


def _date_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    return time.gmtime(max(epoch, ZIP_EPOCH_MIN))[:6]


def _entry(name: str, date_time: tuple, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.create_system = 3  # Unix, so the permission bits below mean the same everywhere
    info.external_attr = (mode & 0xFFFF) << 16
    if not name.endswith("/"):
        info.compress_type = zipfile.ZIP_DEFLATED
    return info


def site_files(site: Path) -> list[Path]:
    """Every file of the built site, in a stable order, apart from the published zip (and its temporary file)."""
    def wanted(path: Path) -> bool:
        rel = path.relative_to(site).as_posix()
        return path.is_file() and rel != DOWNLOAD_PATH and not (rel.startswith(f"{DOWNLOADS}/.{ZIP_NAME}."))

    return sorted((p for p in site.rglob("*") if wanted(p)), key=lambda p: p.relative_to(site).as_posix())


def long_date(epoch: int) -> str:
    """'December 2, 2026', the way the guide shows dates."""
    when = time.gmtime(epoch)
    return f"{time.strftime('%B', when)} {when.tm_mday}, {when.tm_year}"


def offline_copy(html: str, epoch: int) -> str:
    """The zip's copy of a page that offers the zip: the offer becomes a note that this is the offline edition."""
    return OFFER.sub(lambda m: m.group(1) + OFFLINE_NOTE.format(date=long_date(epoch)) + m.group(3), html)


def human_size(size: int) -> str:
    """Bytes as people read them, in decimal units: '850 kB', '14.2 MB'."""
    if size < 999_500:  # from there on, '1000 kB' reads better as '1.0 MB'
        return f"{max(round(size / 1000), 1)} kB"
    return f"{size / 1_000_000:.1f} MB"


def show_size(site: Path, size: int) -> list[str]:
    """Write '(zip, 14.2 MB)' (a no-break space before the unit) into the size placeholder of the offering pages;
    returns the pages that have one. Only the placeholder changes, so running it again (another zip) is safe."""
    shown = []
    text = "(zip, " + human_size(size).replace(" ", "\u00a0") + ")"  # a no-break space: '11.6 MB' never splits
    for rel in OFFERING_PAGES:
        page = site / rel
        if not page.is_file():
            continue
        html = page.read_text(encoding="utf-8")
        new, count = SIZE.subn(lambda m: m.group(1) + text + m.group(2), html)
        if count:
            if new != html:
                page.write_text(new, encoding="utf-8")
            shown.append(rel)
    return shown


def edition_name(root: Path, local: Path | None) -> str:
    if local is None:
        return ""
    from .project import load_project

    project = load_project(root, with_generated=False, local=local)
    return project.local.name if project.local is not None else ""


def write_zip(site: Path, target: Path, epoch: int, edition: str = "") -> int:
    """Write the zip of ``site`` to ``target`` atomically; returns the number of files."""
    date_time = _date_time(epoch)
    files = site_files(site)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    try:
        with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            archive.writestr(_entry(f"{TOP_FOLDER}/", date_time, 0o40755), b"")
            day = time.strftime("%Y-%m-%d", time.gmtime(epoch))
            readme = README.format(date=day) + (LOCAL_README.format(name=edition) if edition else "")
            archive.writestr(_entry(f"{TOP_FOLDER}/README.txt", date_time, 0o100644), readme.encode())
            folders: set[str] = set()
            for path in files:
                rel = path.relative_to(site).as_posix()
                parts = rel.split("/")[:-1]
                for depth in range(1, len(parts) + 1):
                    folder = "/".join(parts[:depth])
                    if folder not in folders:
                        folders.add(folder)
                        archive.writestr(_entry(f"{TOP_FOLDER}/{folder}/", date_time, 0o40755), b"")
                data = path.read_bytes()
                if rel in OFFERING_PAGES:
                    data = offline_copy(data.decode("utf-8"), epoch).encode("utf-8")
                archive.writestr(_entry(f"{TOP_FOLDER}/{rel}", date_time, 0o100644), data)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return len(files)


def publish_zip(root: Path, site: Path, edition: str = "") -> tuple[Path, int, list[str]]:
    """The finish stage's last step: zip the complete site into its own ``downloads/`` folder, then show the
    size on the pages that link to it. Returns the zip, its size in bytes and the pages that show the size."""
    target = site / DOWNLOAD_PATH
    write_zip(site, target, int(source_date_epoch(root) or 0), edition)
    size = target.stat().st_size
    return target, size, show_size(site, size)


def make_offline_zip(root: Path, site_dir: Path | None = None, out_dir: Path | None = None, local: Path | None = None) -> int:
    """Zip the built site (default ``site/``) into ``dist/`` (or ``out_dir``): the same bytes as the site's own
    ``downloads/`` copy, since neither holds the other. Exit status: 0 written.
    ``local``: the overlay folder the site was built with; the README then names the local edition."""
    root = Path(root).resolve()
    site = Path(site_dir or root / "site").resolve()
    if not (site / "index.html").is_file() or search_index(site) is None:
        raise BuildError(f"{site} is not a complete built site: run 'make build' first ('make offline' does)")
    target = Path(out_dir or root / "dist").resolve() / ZIP_NAME
    epoch = int(source_date_epoch(root) or 0)
    count = write_zip(site, target, epoch, edition_name(root, local))
    size = target.stat().st_size / 1_000_000
    shown = target.relative_to(root) if target.is_relative_to(root) else target
    print(f"Wrote {shown}: {count} files, {size:.1f} MB. Unzip it and open {TOP_FOLDER}/index.html in a browser.")
    return 0
