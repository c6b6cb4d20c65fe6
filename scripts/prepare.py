"""Stage 1, prepare: write a docs tree and a configuration that any MkDocs-compatible engine builds as is.

Everything the published site needs and no engine provides is done here, on the project model:
generated pages (checklists, their index, glossary, sources), front matter the theme reads
(``description``, ``next_review``), the glossary reference and abbreviations appended to each page, and
the data file (glossary, facts, call-out labels) that ``scripts.markdown_ext`` reads while the engine
renders. The staged configuration is ``mkdocs.yml`` as MkDocs reads it (``!ENV`` and ``INHERIT``
resolved) with ``docs_dir`` pointed at the stage, no hooks, and that extension added. It is written
beside ``mkdocs.yml`` so relative paths (``custom_dir``, snippets) resolve the same for every engine.

Files are written only when their content changes, so ``mkdocs serve`` reloads only what changed.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

import yaml

from .assets import BuildError, write_atomic
from .generate import GLOSSARY_PAGE, abbreviations, extension_data, page_changes, review_info
from .local_stage import adjust_config, local_text
from .markdown_ext import GLOSSARY_REF, long_date
from .model import Project, read_site_config
from .pages import MARKDOWN_SUFFIXES, Page
from .render import absolute_url

STAGE_DIR = ".cache/stage"
STAGE_DOCS = f"{STAGE_DIR}/docs"
STAGE_DATA = f"{STAGE_DIR}/eguide-data.json"
STAGE_THEME = f"{STAGE_DIR}/theme"
THEME_DIR = "templates/theme"
# Overrides of Material's own partials: Zensical ships different partials of the same name (its search, for
# one, is another component), so these go to the MkDocs build only. Everything else in the theme is shared.
ENGINE_ONLY = {"partials/search.html": "mkdocs"}
EXTENSION = "scripts.markdown_ext"
SERVE_HOOKS = "scripts/mkdocs_hooks.py"
ENGINES = ("mkdocs", "zensical")


@dataclass
class Stage:
    """Where prepare wrote the staged tree, and the configuration file an engine is run with."""

    root: Path
    docs: Path
    config: Path
    written: int  # files whose content changed in this run


def staged_config(project: Project, engine: str, site_dir: str, serve: bool = False) -> dict:
    """The configuration an engine is given: ``mkdocs.yml`` plus what the stage needs."""
    try:
        config = read_site_config(project.root)
    except ValueError as error:
        raise BuildError(str(error)) from None
    config.pop("INHERIT", None)
    config["docs_dir"] = STAGE_DOCS
    config["site_dir"] = site_dir
    config.pop("hooks", None)
    extensions = list(config.get("markdown_extensions") or [])
    extensions.append({EXTENSION: {"data": STAGE_DATA}})
    config["markdown_extensions"] = extensions
    unlisted = sorted(page.path for page in project.pages.values()
                      if not page.generated and isinstance(page.meta, dict) and page.meta.get("unlisted") is True)
    if unlisted:  # 'unlisted: true' means what check says it means: not in the nav, and no warning for it
        config["not_in_nav"] = "\n".join([str(config.get("not_in_nav") or "").rstrip(), *(f"/{p}" for p in unlisted)]).strip() + "\n"
    theme = dict(config.get("theme") or {})
    if theme.get("custom_dir") == THEME_DIR:
        theme["custom_dir"] = f"{STAGE_THEME}-{engine}"
    if engine == "zensical":
        theme.setdefault("variant", "classic")  # Material's look, which the theme overrides are written for
    config["theme"] = theme
    if serve:
        config["hooks"] = [SERVE_HOOKS]
        config["watch"] = ["guide", "checklists", "data", "templates", "CONTRIBUTING.md"]
    if project.local is not None:  # a local edition: its name in the header, its pages in a nav section
        adjust_config(project, config, serve)
    return config


def config_path(root: Path, engine: str, serve: bool = False) -> Path:
    return root / f".eguide-{'serve' if serve else engine}.yml"


def report_url(destination: str, title: str, address: str) -> str:
    """The "Report a problem with this page" address: a new issue (title and body filled in) or an email."""
    subject = f"Problem on the page: {title}"
    body = (f"Page: {address}\n\nWhat is wrong, missing or out of date?\n\n"
            "(Never include case details or anyone's personal data.)\n")
    if destination.startswith("mailto:"):
        return f"{destination}?subject={quote(subject)}&body={quote(body)}"
    joiner = "&" if "?" in destination else "?"
    return f"{destination}{joiner}title={quote(subject)}&body={quote(body)}"


def generated_source(path: str) -> str:
    """The file a generated page is made from, for its "Edit this page" link."""
    if path.startswith("checklists/") and path != "checklists/index.md":
        return f"checklists/{path.removeprefix('checklists/')[:-3]}.yml"
    return {"reference/glossary.md": "data/glossary.yml"}.get(path, "")


def page_links(project: Project, page: Page) -> dict:
    """Where a reader reports a problem with this page and a maintainer edits it (from mkdocs.yml's extra.report,
    or a local edition's feedback address)."""
    report = (project.site_config.get("extra") or {}).get("report") or {}
    destination = str(report.get("url") or "")
    if project.local is not None and project.local.feedback:
        feedback = project.local.feedback
        destination = feedback if feedback.startswith(("https://", "mailto:")) else f"mailto:{feedback}"
    links = {}
    title = str(page.meta.get("title") or page.path) if isinstance(page.meta, dict) else page.path
    if destination.startswith(("https://", "mailto:")):
        links["report_url"] = report_url(destination, title, absolute_url(project.site_url, page.path))
    edit = str(report.get("edit") or "")
    source = page.source.removesuffix(" (generated)")
    if page.generated:
        source = generated_source(page.path)
    if edit.startswith("https://") and source and not source.startswith("examples/"):
        links["edit_url"] = edit.rstrip("/") + "/" + source
    return links


def front_matter_additions(page: Page, project: Project | None = None) -> dict:
    """Fields the theme reads that the author does not write: description, next review (as a date and as people
    read it), report and edit links, and the page's "What changed" list (``generate.page_changes``)."""
    meta = page.meta if isinstance(page.meta, dict) else {}
    extra = page_links(project, page) if project is not None else {}
    if meta.get("summary") and not meta.get("description"):
        extra["description"] = str(meta["summary"])
    info = review_info(meta)
    if info.get("next_review") and "next_review" not in meta:
        extra["next_review"] = info["next_review"]
        extra["next_review_text"] = long_date(info["next_review"])
    changes = page_changes(project, page.path) if project is not None else {}
    for key, value in changes.items():
        if key not in meta:
            extra[key] = value
    return extra


def reviewed_line(page: Page) -> str | None:
    """'Last reviewed November 23, 2026', shown under the page's title (raw HTML: both engines keep it as is)."""
    info = review_info(page.meta if isinstance(page.meta, dict) else {})
    if not info:
        return None
    day = info["last_reviewed"]
    return f'<p class="page-reviewed" data-search-exclude>Last reviewed <time datetime="{day}">{long_date(day)}</time></p>'


def staged_text(page: Page, appendix: str, project: Project | None = None) -> str:
    """The page as the engine gets it: front matter completed, the "Last reviewed" line under the title,
    glossary reference and abbreviations appended."""
    lines = page.text.splitlines()
    if page.meta_error is not None:
        del lines[: max(page.body_line - 1, 0)]  # check reports it; the engine must not parse it (an alias bomb)
    else:
        line = reviewed_line(page)
        if line is not None:
            at = max(page.body_line - 1, 0)  # the first body line; after a '# Title' if the page writes one
            first = next((i for i in range(at, len(lines)) if lines[i].strip()), None)
            if first is not None and re.match(r"#(?!#)\s", lines[first]):
                at = first + 1
            lines[at:at] = ["", line, ""]
    extra = front_matter_additions(page, project)
    if extra and page.meta_error is None and page.body_line >= 3:
        closing = page.body_line - 2  # index of the closing '---' line
        lines[closing:closing] = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in extra.items()]
    glossary = posixpath.relpath(GLOSSARY_PAGE, posixpath.dirname(page.path) or ".")
    return "\n".join(lines).rstrip("\n") + f"\n\n\n[{GLOSSARY_REF}]: {glossary}\n{appendix}"


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def stage_theme(root: Path, engine: str) -> int:
    """The theme overrides this engine gets: ``templates/theme`` without the other engine's own partials."""
    source, target = root / THEME_DIR, root / f"{STAGE_THEME}-{engine}"
    written, expected = 0, set()
    for file in sorted(source.rglob("*")) if source.is_dir() else []:
        rel = file.relative_to(source).as_posix()
        if file.is_dir() or ENGINE_ONLY.get(rel, engine) != engine or not _inside(file, root):
            continue
        expected.add(target / rel)
        written += write_atomic(target / rel, file.read_bytes())
    for stale in sorted(target.rglob("*"), reverse=True) if target.is_dir() else []:
        if stale.is_file() and stale not in expected:
            stale.unlink()
    return written


def prepare(project: Project, engine: str = "mkdocs", site_dir: str = "site", serve: bool = False,
            write_config: bool = True) -> Stage:
    """Write the staged docs tree, the extension's data and the engine configuration."""
    if engine not in ENGINES:
        raise BuildError(f"unknown engine '{engine}': use one of {', '.join(ENGINES)}")
    root = project.root
    docs = root / STAGE_DOCS
    written = 0
    expected: set[Path] = set()
    appendix = abbreviations(project)
    for page in project.pages.values():
        target = docs / page.path
        expected.add(target)
        if project.local is not None:  # notes, contacts and labels of a local edition, as plain Markdown
            page = replace(page, text=local_text(project, page))
        written += write_atomic(target, staged_text(page, appendix, project))
    for file, path in project.local.assets if project.local is not None else []:
        target = docs / path
        expected.add(target)
        written += write_atomic(target, file.read_bytes())
    guide = project.guide_dir
    for file in sorted(guide.rglob("*")) if guide.is_dir() else []:
        if file.is_dir() or file.suffix.lower() in MARKDOWN_SUFFIXES:
            continue
        if not _inside(file, root):
            continue  # reported by check (unsafe-path); never published
        target = docs / file.relative_to(guide)
        expected.add(target)
        written += write_atomic(target, file.read_bytes())
    for stale in sorted(docs.rglob("*"), reverse=True) if docs.is_dir() else []:
        if stale.is_file() and stale not in expected:
            stale.unlink()
        elif stale.is_dir() and not any(stale.iterdir()):
            stale.rmdir()
    written += stage_theme(root, engine)
    written += write_atomic(root / STAGE_DATA, json.dumps(extension_data(project), ensure_ascii=False, indent=1,
                                                         sort_keys=True))
    config = config_path(root, engine, serve)
    if not write_config:  # mkdocs serve watches its configuration: rewriting it would rebuild forever
        return Stage(root=root, docs=docs, config=config, written=written)
    text = ("# Written by `python -m scripts prepare` from mkdocs.yml: do not edit (it is rewritten on every build).\n"
            + yaml.safe_dump(staged_config(project, engine, site_dir, serve), sort_keys=False, allow_unicode=True))
    written += write_atomic(config, text)
    return Stage(root=root, docs=docs, config=config, written=written)


def clean_stage(root: Path) -> None:
    shutil.rmtree(root / STAGE_DIR, ignore_errors=True)
