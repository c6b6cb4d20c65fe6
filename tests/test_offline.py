"""The offline edition is offered where readers look: the home and About pages link to the zip the build publishes
in ``site/downloads/``, with its size, and the zip is the whole site, opens, and does not hold itself.

Uses the built site (built here only when it is missing), like the browser tests.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from browser.browser_support import ensure_site

from scripts.offline import DOWNLOAD_PATH, OFFERING_PAGES, TOP_FOLDER, ZIP_NAME, human_size, offline_copy, show_size

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r'<a href="(?P<href>[^"]*' + re.escape(ZIP_NAME) + r')">(?P<text>.*?)</a>', re.DOTALL)
SHOWN = re.compile(r"\(zip, (?P<number>[\d.]+)\u00a0(?P<unit>kB|MB)\)")  # a no-break space: never split


@pytest.fixture(scope="module")
def site() -> Path:
    return ensure_site(ROOT)


@pytest.fixture(scope="module")
def published(site) -> Path:
    path = site / DOWNLOAD_PATH
    assert path.is_file(), f"the build did not publish {DOWNLOAD_PATH}"
    return path


@pytest.mark.parametrize("page", OFFERING_PAGES)
def test_the_page_links_to_the_zip_and_shows_its_size(site, published, page):
    html = (site / page).read_text(encoding="utf-8")
    links = LINK.findall(html)
    assert len(links) == 1, f"{page}: expected one link to the offline zip, found {len(links)}"
    href, text = links[0]
    assert (site / page).parent.joinpath(href).resolve() == published.resolve(), href
    shown = SHOWN.search(text)
    assert shown, f"{page}: the link text does not show the size: {text!r}"
    assert shown.group(0) == "(zip, " + human_size(published.stat().st_size).replace(" ", "\u00a0") + ")"
    step = 100_000 if shown["unit"] == "MB" else 1000  # the last digit shown: 0.1 MB or 1 kB
    factor = 1_000_000 if shown["unit"] == "MB" else 1000
    assert abs(float(shown["number"]) * factor - published.stat().st_size) <= step / 2


def test_the_zip_opens_holds_the_site_and_not_itself(site, published):
    with zipfile.ZipFile(published) as archive:
        assert archive.testzip() is None
        names = {n.removeprefix(f"{TOP_FOLDER}/") for n in archive.namelist() if not n.endswith("/")}
        home = archive.read(f"{TOP_FOLDER}/index.html").decode("utf-8")
    assert "index.html" in names and "about.html" in names
    assert not any(n.endswith(".zip") for n in names), "the zip holds a zip (itself?)"
    assert DOWNLOAD_PATH not in names
    site_files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert names - {"README.txt"} == site_files - {DOWNLOAD_PATH}
    assert any(n.startswith("printables/") and n.endswith(".pdf") for n in names)
    # Its own home page says it is the offline edition instead of linking to a file the zip does not hold.
    assert ZIP_NAME not in home
    assert "This is the offline edition" in home


def test_the_offline_copy_changes_only_the_offer():
    html = ('<p>Before.</p>\n<p class="offline-edition"><a href="downloads/x.zip">Download '
            '<span class="offline-size">(zip, 1.0 MB)</span></a>: more.</p>\n<p>After.</p>')
    copy = offline_copy(html, 1_764_633_600)  # 2025-12-02
    assert copy.startswith("<p>Before.</p>\n<p class=\"offline-edition\">") and copy.endswith("</p>\n<p>After.</p>")
    assert "downloads/x.zip" not in copy and "December 2, 2025" in copy


def test_showing_the_size_rewrites_only_the_placeholder(tmp_path):
    page = tmp_path / "index.html"
    before = '<p class="offline-edition"><a href="downloads/z.zip">Get it <span class="offline-size">(zip)</span></a> (zip)</p>'
    page.write_text(before, encoding="utf-8")
    (tmp_path / "about.html").write_text("<p>No offer here.</p>", encoding="utf-8")
    assert show_size(tmp_path, 12_345_678) == ["index.html"]
    assert page.read_text(encoding="utf-8") == before.replace('">(zip)</span>', '">(zip, 12.3\u00a0MB)</span>')
    assert show_size(tmp_path, 900_000) == ["index.html"]  # again, with another zip: still only the placeholder
    assert '<span class="offline-size">(zip, 900\u00a0kB)</span></a> (zip)</p>' in page.read_text(encoding="utf-8")
    assert (tmp_path / "about.html").read_text(encoding="utf-8") == "<p>No offer here.</p>"


def test_sizes_read_as_people_read_them():
    assert [human_size(n) for n in (400, 849_600, 999_499, 999_600, 11_574_209, 123_456_789)] == [
        "1 kB", "850 kB", "999 kB", "1.0 MB", "11.6 MB", "123.5 MB"]


def test_the_link_is_not_reported_broken():
    """``make check`` accepts links into the zip's folder as a build output (scripts/links.py BUILD_OUTPUTS)."""
    from scripts.links import BUILD_OUTPUTS

    assert DOWNLOAD_PATH.startswith(BUILD_OUTPUTS)
    for page in ("index.md", "about.md"):
        assert f'href="{DOWNLOAD_PATH}"' in (ROOT / "guide" / page).read_text(encoding="utf-8")
