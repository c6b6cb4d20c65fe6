"""The one Jinja2 environment (autoescaped) for everything the guide renders, and URL helpers."""

from __future__ import annotations

import posixpath
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@cache
def environment(templates: Path = TEMPLATES) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(enabled_extensions=("html", "j2", "md"), default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md_escape"] = md_escape
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


def md_escape(text: str) -> str:
    """Keep item text literal inside generated Markdown (no accidental emphasis or links)."""
    for char in "\\`*_[]|":
        text = str(text).replace(char, "\\" + char)
    return text


def page_url(path: str) -> str:
    """The built URL of a page path relative to guide/ (the site uses file URLs, for offline use)."""
    stem, dot, suffix = path.rpartition(".")
    return stem + ".html" if dot and "." + suffix.lower() in (".md", ".markdown", ".mdown", ".mkdn", ".mkd") else path


def ref_url(ref: str) -> str:
    path, _, anchor = ref.partition("#")
    return page_url(path) + (f"#{anchor}" if anchor else "")


def relative_url(from_page: str, ref: str) -> str:
    """URL of ``ref`` (a guide reference) as written in the built page of ``from_page``."""
    target = ref_url(ref)
    base = posixpath.dirname(from_page) or "."
    path, _, anchor = target.partition("#")
    rel = posixpath.relpath(path, base)
    return rel + (f"#{anchor}" if anchor else "")


def absolute_url(site_url: str, ref: str) -> str:
    return site_url.rstrip("/") + "/" + ref_url(ref)
