"""Hooks for ``mkdocs serve`` only (``make serve``): re-prepare the staged tree before each rebuild.

The published site never depends on this file: ``make build`` runs prepare, the engine and finish
itself, and Zensical ignores hooks. Problems are shown as warnings here so the preview keeps working
while you edit; ``make check`` and ``make build`` stop on them.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts import assets, prepare, project, validate

log = logging.getLogger("mkdocs.plugins.eguide")


def on_pre_build(config, **_):
    local = os.environ.get("EGUIDE_LOCAL")  # set by `python -m scripts --local PATH serve`
    model = project.load_project(ROOT, local=Path(local) if local else None)
    for problem in validate.validate(model):
        log.warning(problem.format())
    prepare.prepare(model, "mkdocs", config["site_dir"], serve=True, write_config=False)


def on_post_build(config, **_):
    assets.copy_vendored(ROOT, Path(config["site_dir"]))
