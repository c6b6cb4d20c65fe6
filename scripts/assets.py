"""Files the build writes beside the pages: atomic writes and vendored scripts."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

# Vendored from npm (package.json pins the version) so no page loads a script from another host.
VENDORED = {
    "node_modules/iframe-worker/shim/index.js": "assets/javascripts/iframe-worker-shim.js",
}


class BuildError(Exception):
    """A problem the user can fix; the CLI prints it without a traceback."""


def write_atomic(path: Path, data: bytes | str) -> bool:
    """Write through a temporary file and rename, so readers never see half a file.

    Returns False (and leaves the file alone) when the content is already the same.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_bytes() == payload:
        return False
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return True


def copy_vendored(root: Path, site: Path) -> None:
    for source, target in VENDORED.items():
        src = root / source
        if not src.is_file():
            raise BuildError(f"{source} is missing: run 'make build' (it runs 'npm install' from package.json) or 'npm install'")
        dest = site / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
