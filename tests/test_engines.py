"""Both engines build the same site: compare outputs, not exit codes (Zensical ignores what it does not support)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_agreement import copy_repo

from scripts.build import build_site
from scripts.project import load_project

ROOT = Path(__file__).resolve().parent.parent
CODE = re.compile(r"<(code|pre)\b.*?</\1>", re.DOTALL)


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    root = copy_repo(tmp_path_factory.mktemp("engines") / "repo")
    assert build_site(root, root / "site-mkdocs", "mkdocs", printables=False) == 0
    assert build_site(root, root / "site-zensical", "zensical", printables=False) == 0
    return root, root / "site-mkdocs", root / "site-zensical"


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def article(site: Path, page: str) -> str:
    """The page's content, without theme chrome (which differs between engines by design)."""
    html = (site / page).read_text(encoding="utf-8")
    match = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', html, re.DOTALL)
    return match.group(1) if match else html


def test_the_same_pages_are_built(sites):
    root, mkdocs, zensical = sites
    project = load_project(root)
    expected = {p[:-3] + ".html" for p in project.pages}
    assert expected <= pages(mkdocs)
    assert expected <= pages(zensical)
    assert {p for p in pages(mkdocs) if p != "404.html"} - {"404.html"} == {p for p in pages(zensical) if p != "404.html"}
    for checklist in project.checklists:
        assert f"checklists/{checklist.id}.html" in pages(zensical)


def test_terms_facts_abbreviations_and_labels_are_the_same(sites):
    root, mkdocs, zensical = sites
    project = load_project(root)
    compared = 0
    for path in sorted(project.pages):
        page = path[:-3] + ".html"
        a, b = article(mkdocs, page), article(zensical, page)
        for pattern in (r'class="glossary-term"[^>]*href="([^"]+)"', r"<abbr title=\"([^\"]+)\">", r'callout-label">([^<]+)',
                        r'class="phone-number" href="([^"]+)"', r'<span class="fact">([^<]+)'):
            assert re.findall(pattern, a) == re.findall(pattern, b), (page, pattern)
        for html in (a, b):
            outside = CODE.sub("", html)
            assert "[[" not in outside and "{{ facts" not in outside, page
        compared += 1
    assert compared >= 50


def test_page_footer_and_description_on_both(sites):
    _root, mkdocs, zensical = sites
    for site in (mkdocs, zensical):
        html = (site / "forming/models.html").read_text(encoding="utf-8")
        assert "About this page" in html and "<dt>Next review due</dt>" in html
        assert re.search(r'<meta name="description" content="[^"]{20,}"', html)
        assert 'http-equiv="Content-Security-Policy"' in html


def test_neither_build_loads_anything_from_another_host(sites):
    _root, mkdocs, zensical = sites
    external = re.compile(r"""<(?:script|link(?![^>]*rel="canonical")|img|iframe)\b[^>]*\b(?:src|href)=["'](?:https?:)?//""", re.IGNORECASE)
    for site in (mkdocs, zensical):
        offenders = [p for p in pages(site) if external.search((site / p).read_text(encoding="utf-8"))]
        assert offenders == [], (site.name, offenders)
