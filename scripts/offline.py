"""``make offline``: one zip of the built site that works from ``file://`` with no server and no network.

The site is built for this already (``use_directory_urls: false``, Material's offline plugin inlines the search
index, the iframe-worker shim runs search without a server). The zip is deterministic: entries sorted, every
timestamp the last commit's time (``SOURCE_DATE_EPOCH``), fixed permissions, so one commit gives one zip.
It is written through a temporary file and renamed, so ``dist/`` never holds half a zip.
"""

from __future__ import annotations

import os
import tempfile
import time
import zipfile
from pathlib import Path

from .assets import BuildError
from .build import source_date_epoch
from .finish import search_index

ZIP_NAME = "task-force-eguide-offline.zip"
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
    """Every file of the built site, in a stable order."""
    return sorted((p for p in site.rglob("*") if p.is_file()), key=lambda p: p.relative_to(site).as_posix())


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
                archive.writestr(_entry(f"{TOP_FOLDER}/{rel}", date_time, 0o100644), path.read_bytes())
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return len(files)


def make_offline_zip(root: Path, site_dir: Path | None = None, out_dir: Path | None = None, local: Path | None = None) -> int:
    """Zip the built site (default ``site/``) into ``dist/`` (or ``out_dir``). Exit status: 0 written.
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
