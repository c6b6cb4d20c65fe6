"""The build: strict, complete, private, and never half-written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from scripts.build import build_site, publishing_note

ROOT = Path(__file__).resolve().parent.parent
# Anything the browser would fetch from another host (a canonical link is a name, not a fetch).
EXTERNAL = re.compile(r"""<(?:script|link(?![^>]*rel="canonical")|img|iframe|source|audio|video)\b[^>]*\b(?:src|href)=["'](?:https?:)?//""", re.IGNORECASE)


def _copy_repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for name in ("guide", "checklists", "data", "templates", "scripts"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(ROOT / name, root / name)
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = _copy_repo(tmp_path_factory.mktemp("build"))
    assert build_site(root, printables=False) == 0
    return root / "site"


def test_build_writes_every_page(built):
    for page in ("index.html", "about.html", "contributing.html", "forming/models.html", "reference/glossary.html",
                 "reference/sources.html", "reference/sources-o-z.html", "checklists/index.html", "checklists/drafting-mous.html"):
        assert (built / page).is_file(), page
    assert (built / "assets/javascripts/iframe-worker-shim.js").is_file()
    assert (built / "search/search_index.js").is_file()


def test_no_page_loads_anything_from_another_host(built):
    offenders = [str(p.relative_to(built)) for p in built.rglob("*.html") if EXTERNAL.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
    css = "".join(p.read_text(encoding="utf-8") for p in built.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


def test_footer_shows_owner_review_dates_and_numbered_sources(built):
    html = (built / "forming/collaboration.html").read_text(encoding="utf-8")
    assert "About this page" in html
    assert "<dt>Kept current by</dt>" in html and "<dt>Next review due</dt>" in html
    assert re.search(r'<ol class="page-info__sources">\s*<li>U\.S\. ', html)


def test_callouts_terms_facts_and_abbreviations_are_rendered(built):
    html = (built / "index.html").read_text(encoding="utf-8")
    assert '<span class="callout-label">Get help now' in html
    assert "{{ facts" not in html and "[[" not in html
    assert 'class="glossary-term"' in html
    federal = (built / "understanding/federal-law.html").read_text(encoding="utf-8")
    assert '<abbr title="Trafficking Victims Protection Act">TVPA</abbr>' in federal


def test_page_description_comes_from_the_summary(built):
    html = (built / "forming/models.html").read_text(encoding="utf-8")
    assert re.search(r'<meta name="description" content="[^"]{20,}">', html)


def test_a_bad_page_stops_the_build_and_keeps_the_previous_site(tmp_path, capsys):
    root = _copy_repo(tmp_path)
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("previous build", encoding="utf-8")
    page = root / "guide" / "forming" / "models.md"
    page.write_text(page.read_text(encoding="utf-8").replace("audience: [", "audience: [lawenforcement, ", 1), encoding="utf-8")
    assert build_site(root) == 1
    out = capsys.readouterr().out
    assert "guide/forming/models.md:5:" in out and "error[bad-value]" in out
    assert "did you mean 'law-enforcement'?" in out
    assert "Traceback" not in out
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "previous build"
    assert not list(root.glob(".site-*"))


def test_build_reminds_to_set_a_real_site_url_before_publishing():
    note = publishing_note("https://task-force-eguide.example.org/")
    assert note and "site_url in mkdocs.yml" in note and "PDFs and the CSV print it" in note
    assert publishing_note("/")  # no site_url at all
    assert publishing_note("https://guide.example.com/")
    assert publishing_note("https://eguide.example-agency.gov/") is None
    assert publishing_note("https://trafficking-taskforce.github.io/eguide/") is None
