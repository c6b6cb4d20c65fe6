"""Reproducible builds: two builds of the same sources give byte-identical site/ trees, PDFs included.

Each build runs in its own copy of the project, at a different path and with an empty printables cache
(cold), exactly as ``make build`` runs it (``python -m scripts build``), with SOURCE_DATE_EPOCH taken from
the last commit as the Makefile does. Any build time, random id, absolute path or unstable ordering in the
output makes the trees differ, and the test names the files and shows the first difference.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.build import source_date_epoch

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ("guide", "checklists", "data", "templates", "scripts")
FILES = ("mkdocs.yml", "CONTRIBUTING.md", "README.md", "package.json")


def _copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in INPUTS:
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in FILES:
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")  # only read: the vendored iframe-worker shim
    return target


def _build(root: Path, epoch: str) -> Path:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EGUIDE_")}
    env.update(SOURCE_DATE_EPOCH=epoch, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "scripts", "--root", str(root), "build"], cwd=root, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"build in {root} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert not (root / ".cache" / "printables").exists() or any((root / ".cache" / "printables").iterdir())
    return root / "site"


def _tree(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def _first_difference(a: bytes, b: bytes) -> str:
    offset = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    start = max(0, offset - 60)
    return (f"sizes {len(a)} and {len(b)}, first difference at byte {offset}:\n"
            f"      {a[start:offset + 60]!r}\n      {b[start:offset + 60]!r}")


@pytest.fixture(scope="module")
def two_cold_builds(tmp_path_factory) -> tuple[Path, Path]:
    epoch = source_date_epoch(ROOT)
    first = _build(_copy_project(tmp_path_factory.mktemp("build") / "one"), epoch)
    second = _build(_copy_project(tmp_path_factory.mktemp("build-of-the-same-commit") / "two"), epoch)
    return first, second


def test_two_builds_of_the_same_sources_are_byte_identical(two_cold_builds):
    first, second = (_tree(site) for site in two_cold_builds)
    assert len(first) > 100, f"only {len(first)} files built"
    assert any(name.endswith(".pdf") for name in first), "the build wrote no PDFs"
    assert sorted(first) == sorted(second), f"different files: {sorted(set(first) ^ set(second))}"
    different = [name for name in first if first[name].read_bytes() != second[name].read_bytes()]
    report = [f"  {name}: {_first_difference(first[name].read_bytes(), second[name].read_bytes())}" for name in different[:8]]
    assert not different, f"{len(different)} of {len(first)} files differ between two builds:\n" + "\n".join(report)


def test_no_build_path_or_build_time_leaks_into_the_output(two_cold_builds):
    site = two_cold_builds[0]
    build_root = str(site.parent)
    leaks = [name for name, path in _tree(site).items() if build_root.encode() in path.read_bytes()]
    assert not leaks, f"the build folder {build_root} appears in: {leaks[:10]}"
