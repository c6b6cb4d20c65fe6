"""MkDocs hooks: a thin adapter over the ``scripts`` package (no logic of its own lives here).

Another MkDocs-compatible engine can call the same package functions from its own hooks.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from scripts import assets, generate, printables
from scripts.project import load_project
from scripts.validate import validate

log = logging.getLogger("mkdocs.plugins.eguide")
_state: dict = {}


def on_config(config, **_):
    project = load_project(ROOT)
    _state["project"] = project
    assets.write_abbreviations(ROOT, generate.abbreviations(project))
    return config


def on_files(files, config, **_):
    project = _state["project"]
    if os.environ.get("EGUIDE_CHECKED") != "1":
        for problem in validate(project):
            log.warning(problem.format())
    for page in project.pages.values():
        if page.generated:
            existing = files.get_file_from_path(page.path)
            if existing:
                files.remove(existing)
            files.append(File.generated(config, page.path, content=page.text))
    return files


def on_page_markdown(markdown, page, config, files, **_):
    page.meta.update(generate.review_info(page.meta))
    if page.meta.get("summary") and not page.meta.get("description"):
        page.meta["description"] = page.meta["summary"]
    return generate.transform_markdown(_state["project"], page.file.src_uri, markdown)


def on_page_content(html, page, **_):
    return generate.label_callouts(html)


def on_post_build(config, **_):
    site = Path(config.site_dir)
    try:
        assets.copy_vendored(ROOT, site)
        if os.environ.get("EGUIDE_SKIP_PRINTABLES") != "1":
            printables.build_printables(_state["project"], site / "printables", log=log)
    except Exception as error:  # report like a build problem, not a traceback
        raise PluginError(f"e-Guide post-build step failed: {type(error).__name__}: {error}") from error
