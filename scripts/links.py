"""Resolving guide references (``page.md#anchor``) and links, with a "did you mean" for near misses."""

from __future__ import annotations

import difflib
import posixpath
from dataclasses import dataclass

from .pages import Page

# Hosts whose links may stay plain http:// because they offer no https (keep this list short).
HTTP_ALLOWED_HOSTS: frozenset[str] = frozenset()
SAFE_SCHEMES = ("https://", "mailto:", "tel:", "sms:")
# Folders the build writes into the site (checklist PDFs, packets, CSV): links into them are checked
# by the build and the browser tests, not against files in guide/.
BUILD_OUTPUTS = ("printables/",)


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


def resolve_ref(ref: str, pages: dict[str, Page]) -> Resolution:
    """Resolve a guide reference relative to guide/: ``operating/protocols.md#memorandums-of-understanding``."""
    path, _, anchor = ref.partition("#")
    return _resolve_page_anchor(path, anchor, pages)


def _resolve_page_anchor(path: str, anchor: str, pages: dict[str, Page]) -> Resolution:
    page = pages.get(path)
    if page is None:
        guess = closest(path, pages)
        hint = f"did you mean guide/{guess}{'#' + anchor if anchor else ''}?" if guess else "check the path; it is relative to guide/"
        return Resolution("broken-link", f"page '{path}' does not exist", hint, path, anchor)
    if anchor and anchor not in page.anchors:
        guess = closest(anchor, page.anchors)
        hint = (
            f"did you mean guide/{path}#{guess}?"
            if guess
            else f"headings in guide/{path}: " + ", ".join(sorted(h.anchor for h in page.headings)[:12])
        )
        return Resolution("broken-anchor", f"'{path}' has no heading with id '{anchor}'", hint, path, anchor)
    return Resolution(path=path, anchor=anchor)


def resolve_link(target: str, page: Page, pages: dict[str, Page], file_exists) -> Resolution:
    """Resolve a link written in ``page``; ``file_exists(path)`` answers for non-page files under guide/."""
    if target.startswith(SAFE_SCHEMES):
        return Resolution()
    if target.startswith("http://"):
        host = target[7:].split("/", 1)[0]
        if host in HTTP_ALLOWED_HOSTS:
            return Resolution()
        return Resolution("insecure-link", f"external link uses http: '{target}'", "use the https:// address")
    if ":" in target.split("/", 1)[0] or target.startswith("//"):
        return Resolution("bad-link", f"unsupported link '{target}'", "link to a page (.md), a file in guide/ or an https:// URL")
    if not target:
        return Resolution("bad-link", "empty link target", "write the page path, e.g. ../operating/protocols.md")
    path, _, anchor = target.partition("#")
    path = path.split("?", 1)[0]
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
        guess = resolved + ".md" if resolved + ".md" in pages else posixpath.join(resolved, "index.md")
        rel = posixpath.relpath(guess, posixpath.dirname(page.path) or ".")
        return Resolution("broken-link", f"link '{target}' points to a folder or URL, not a page",
                          f"link the Markdown file instead: {rel}{'#' + anchor if anchor else ''}")
    if resolved.startswith(BUILD_OUTPUTS):
        return Resolution(path=resolved)
    if resolved.endswith(".md"):
        result = _resolve_page_anchor(resolved, anchor, pages)
        if result.code == "broken-link":
            guess = closest(resolved, pages)
            if guess:
                rel = posixpath.relpath(guess, posixpath.dirname(page.path) or ".")
                result.hint = f"did you mean {rel}{'#' + anchor if anchor else ''} (guide/{guess})?"
        return result
    if not file_exists(resolved):
        return Resolution("missing-file", f"file '{resolved}' does not exist in guide/", "add the file or fix the path")
    return Resolution(path=resolved)
