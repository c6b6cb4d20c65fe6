"""Stage 2, build: run one engine, strictly, on the staged configuration.

Both engines are run as ``python -m <engine>`` from the project root, so ``scripts.markdown_ext``
imports by name and relative paths in the configuration resolve alike.
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

from .assets import BuildError

PACKAGES = {"mkdocs": "mkdocs", "zensical": "zensical"}


def engine_version(engine: str) -> str:
    try:
        return importlib.metadata.version(PACKAGES[engine])
    except importlib.metadata.PackageNotFoundError:
        raise BuildError(f"the {engine} engine is not installed: run 'make deps' (requirements.txt pins it)") from None


def engine_command(engine: str, config: Path) -> list[str]:
    if engine == "mkdocs":
        return [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config)]
    return [sys.executable, "-m", "zensical", "build", "--strict", "--config-file", str(config)]


def engine_build(engine: str, config: Path, root: Path, env: dict[str, str]) -> int:
    """Run the engine; returns its exit code (its own warnings and errors go to the terminal)."""
    engine_version(engine)
    tools = str(Path(__file__).resolve().parent.parent)  # where the scripts package lives (any checkout)
    env = dict(env, PYTHONPATH=os.pathsep.join(filter(None, [tools, env.get("PYTHONPATH", "")])))
    result = subprocess.run(engine_command(engine, config), cwd=root, env=env, check=False)
    return result.returncode
