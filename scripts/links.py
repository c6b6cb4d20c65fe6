"""Resolving guide references (``page.md#anchor``) and links, with a "did you mean" for near misses."""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

from .pages import MARKDOWN_SUFFIXES, Page

# Hosts whose links may stay plain http:// because they offer no https (keep this list short).
HTTP_ALLOWED_HOSTS: frozenset[str] = frozenset()
SAFE_SCHEMES = ("https://", "mailto:", "tel:", "sms:")
# Folders the build writes into the site (checklist PDFs, packets, CSV; the offline zip): links into them are
# checked by the build and the tests, not against files in guide/.
BUILD_OUTPUTS = ("printables/", "downloads/")
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass
class Resolution:
    """Outcome of resolving a target: ``code`` is empty when it resolves."""

    code: str = ""
    message: str = ""
    hint: str = ""
    path: str = ""  # resolved page or file path relative to guide/
    anchor: str = ""


def closest(word: str, options, cutoff: float = 0.5) -> str | None:
    matches = difflib.get_close_matches(word, list(options), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def closest_anchor(anchor: str, anchors) -> str | None:
    """The heading id a missing one most likely became: one that still contains all its words (an id removed from
    '## When does a co-led model fit? {#co-led-model}' becomes 'when-does-a-co-led-model-fit'), else the closest."""
    words = set(anchor.lower().split("-"))
    containing = sorted((a for a in anchors if words <= set(a.lower().replace("_", "-").split("-"))), key=lambda a: (len(a), a))
    return containing[0] if containing else closest(anchor, anchors)


def closest_path(path: str, options) -> str | None:
    """The page a mistyped path most likely meant: the whole path and the file name must both be close (a shared
    folder alone is not enough), or the same file name exists in exactly one other folder."""
    options = list(options)
    name = posixpath.basename(path)
    for guess in difflib.get_close_matches(path, options, n=5, cutoff=0.6):
        if difflib.SequenceMatcher(None, name, posixpath.basename(guess)).ratio() >= 0.6:
            return guess
    same_name = [option for option in options if posixpath.basename(option) == name]
    return same_name[0] if len(same_name) == 1 else None


def resolve_ref(ref: str, pages: dict[str, Page]) -> Resolution:
    """Resolve a guide reference relative to guide/: ``operating/protocols.md#memorandums-of-understanding``."""
    path, _, anchor = ref.partition("#")
    result = _resolve_page_anchor(path, anchor, pages)
    if result.code == "broken-link":
        inside = posixpath.normpath(path).lstrip("./").removeprefix("guide/")
        if inside != path and inside in pages:
            fixed = inside + (f"#{anchor}" if anchor else "")
            result.hint = f"write the path relative to guide/: {fixed}"
    return result


def _resolve_page_anchor(path: str, anchor: str, pages: dict[str, Page]) -> Resolution:
    page = pages.get(path)
    if page is None:
        guess = closest_path(path, pages)
        hint = f"did you mean guide/{guess}{'#' + anchor if anchor else ''}?" if guess else "check the path; it is relative to guide/"
        return Resolution("broken-link", f"page '{path}' does not exist", hint, path, anchor)
    if anchor and anchor not in page.anchors:
        guess = closest_anchor(anchor, page.anchors)
        if guess:
            hint = f"did you mean guide/{path}#{guess}?"
        elif page.headings:
            hint = f"headings in guide/{path}: " + ", ".join(sorted(h.anchor for h in page.headings)[:12])
        else:
            hint = f"guide/{path} has no headings; add one with {{#{anchor}}} or link to the page without '#'"
        return Resolution("broken-anchor", f"'{path}' has no heading with id '{anchor}'", hint, path, anchor)
    return Resolution(path=path, anchor=anchor)


def resolve_link(target: str, page: Page, pages: dict[str, Page], file_exists) -> Resolution:
    """Resolve a link written in ``page``; ``file_exists(path)`` answers for non-page files under guide/."""
    match = SCHEME.match(target)
    scheme = match.group(1).lower() + ":" if match else ""
    if scheme and (scheme + target[len(scheme):]).startswith(SAFE_SCHEMES):
        return Resolution()
    if scheme == "http:":
        host = target[7:].split("/", 1)[0].lower()
        if host in HTTP_ALLOWED_HOSTS:
            return Resolution()
        return Resolution("insecure-link", f"external link uses http: '{target}'", "use the https:// address")
    if scheme or target.startswith("//"):
        return Resolution("bad-link", f"unsupported link '{target}'", "link to a page (.md), a file in guide/ or an https:// URL")
    if not target:
        return Resolution("bad-link", "empty link target", "write the page path, e.g. ../operating/protocols.md")
    path, _, anchor = target.partition("#")
    path = unquote(path.split("?", 1)[0])
    if not path:
        return _resolve_page_anchor(page.path, anchor, pages)
    if path.startswith("/"):
        return Resolution("bad-link", f"absolute link '{target}' breaks the offline edition",
                          "use a path relative to this page, e.g. ../forming/models.md")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page.path), path))
    if resolved.startswith("../") or resolved == "..":
        return Resolution("link-outside-guide", f"link '{target}' points outside guide/",
                          "link to a page inside guide/ or to the https:// address of the file")
    if path.endswith("/") or "." not in posixpath.basename(resolved):
        message = f"link '{target}' points to a folder or URL, not a page"
        here = posixpath.dirname(page.path) or "."
        exact = next((c for c in (resolved + ".md", posixpath.join(resolved, "index.md")) if c in pages), None)
        if exact:
            return Resolution("broken-link", message,
                              f"link the Markdown file instead: {posixpath.relpath(exact, here)}{'#' + anchor if anchor else ''}")
        inside = sorted(p for p in pages if p.startswith(resolved.rstrip("/") + "/"))
        if inside:
            return Resolution("broken-link", message, f"link a page in that folder, e.g. {posixpath.relpath(inside[0], here)}")
        return Resolution("broken-link", message, "link the Markdown file of a page, e.g. ../operating/protocols.md")
    if resolved.startswith(BUILD_OUTPUTS):
        return Resolution(path=resolved)
    if posixpath.splitext(resolved)[1].lower() in MARKDOWN_SUFFIXES:
        result = _resolve_page_anchor(resolved, anchor, pages)
        if result.code == "broken-link":
            guess = closest_path(resolved, pages)
            if guess:
                rel = posixpath.relpath(guess, posixpath.dirname(page.path) or ".")
                result.hint = f"did you mean {rel}{'#' + anchor if anchor else ''} (guide/{guess})?"
        return result
    if not file_exists(resolved):
        return Resolution("missing-file", f"file '{resolved}' does not exist in guide/", "add the file or fix the path")
    return Resolution(path=resolved)
