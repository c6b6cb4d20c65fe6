"""The offline edition: the zip from ``make offline``, unpacked and opened from file:// with no server and no network."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from scripts.offline import DOWNLOAD_PATH, TOP_FOLDER, ZIP_NAME, make_offline_zip

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def offline_zip(built_site, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    assert make_offline_zip(ROOT, built_site, out_dir=out) == 0
    return out / ZIP_NAME


@pytest.fixture(scope="module")
def unpacked(offline_zip, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(target)
    return target / TOP_FOLDER


def test_the_zip_holds_the_whole_site_and_is_deterministic(built_site, offline_zip, tmp_path):
    with zipfile.ZipFile(offline_zip) as archive:
        names = {n.removeprefix(f"{TOP_FOLDER}/") for n in archive.namelist() if not n.endswith("/")}
        assert archive.testzip() is None
    site_files = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file()}
    site_files.discard(DOWNLOAD_PATH)  # the zip the build publishes in the site never holds itself
    assert site_files <= names
    assert names - site_files == {"README.txt"}
    assert any(n.startswith("printables/") and n.endswith(".pdf") for n in names)
    again = tmp_path / "again"
    assert make_offline_zip(ROOT, built_site, out_dir=again) == 0
    assert (again / ZIP_NAME).read_bytes() == offline_zip.read_bytes(), "two zips of one site differ"
    with zipfile.ZipFile(built_site / DOWNLOAD_PATH) as published, zipfile.ZipFile(offline_zip) as archive:
        assert published.namelist() == archive.namelist(), "the zip published in site/downloads/ differs from dist/"
    assert not list(offline_zip.parent.glob(".*.tmp")), "a temporary file was left behind"


def test_offline_edition_works_from_file_urls_without_any_network(unpacked, open_page, artifacts):
    watch = open_page("light", 1280, origin="file://")
    page = watch.page
    watch.goto((unpacked / "index.html").as_uri())
    assert page.locator("article h1").is_visible()

    # Another chapter, through the navigation.
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="What human trafficking is").click()
    page.wait_for_url("**/understanding/what-is-trafficking.html")
    assert "What human trafficking is" in page.locator("article h1").inner_text()

    # Search: the index is inlined (search/search_index.js) and the worker runs in an iframe (iframe-worker shim).
    page.locator("input.md-search__input").click()
    page.keyboard.type("debt bondage", delay=15)
    glossary = page.locator(".md-search-result__item a.md-search-result__link[href*='reference/glossary.html']").first
    glossary.wait_for(state="visible", timeout=15000)
    glossary.click()
    page.wait_for_url("**/reference/glossary.html*")
    assert page.locator("dt#debt-bondage").is_visible()

    # A checklist, from the checklists index; ticks work and are kept from file:// too.
    page.locator(".md-sidebar--primary a.md-nav__link", has_text="Checklists").first.click()
    page.wait_for_url("**/checklists/index.html")
    page.locator(".checklist-card__title a").first.click()
    page.wait_for_url("**/checklists/*.html")
    boxes = page.locator("ul.checklist input[type=checkbox]")
    assert boxes.count() > 3
    boxes.first.check()
    page.reload()
    assert page.locator("ul.checklist input[type=checkbox]").first.is_checked()
    page.screenshot(path=artifacts / "offline-checklist.png")

    schemes = {url.split(":", 1)[0] for url in watch.requests}
    assert schemes <= {"file", "data", "blob", "about"}, f"network requests from the offline edition: {schemes}"
    assert any(url.endswith("search/search_index.js") for url in watch.requests)
    problems = watch.stop_watching()
    assert not problems, "\n".join(problems)
