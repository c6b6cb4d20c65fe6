"""The Zensical build in a browser: a sample of its pages is clean and accessible, like the MkDocs build's."""

from __future__ import annotations

import pytest
from test_agreement import copy_repo

from browser.browser_support import PageWatch, describe, run_axe
from browser.conftest import Server
from scripts.build import build_site

SAMPLE = ("index.html", "getting-help.html", "forming/models.html", "victims/immigration-relief.html",
          "checklists/index.html", "checklists/drafting-mous.html", "reference/glossary.html")


@pytest.fixture(scope="module")
def zensical_server(tmp_path_factory):
    root = copy_repo(tmp_path_factory.mktemp("zensical") / "repo")
    assert build_site(root, root / "site", "zensical", printables=False) == 0
    server = Server(root / "site")
    yield server
    server.stop()


@pytest.mark.parametrize("width", [1280, 375], ids=lambda w: f"{w}px")
@pytest.mark.parametrize("page_path", SAMPLE)
def test_zensical_page_is_clean_and_accessible(page_path, width, chromium, zensical_server):
    context = chromium.new_context(viewport={"width": width, "height": 800}, service_workers="block")
    try:
        watch = PageWatch(context, zensical_server.origin)
        response = watch.goto(page_path)
        assert response is not None and response.status == 200
        assert watch.page.evaluate("document.documentElement.lang") == "en"
        assert watch.page.locator(".md-content").count() == 1
        violations = run_axe(watch.page)
        watch.page.wait_for_load_state("networkidle")
        problems = watch.stop_watching()
        report = ([f"{len(violations)} axe violation(s):\n{describe(violations)}"] if violations else []) + problems
        assert not report, f"Zensical {page_path} ({width}px):\n" + "\n".join(report)
    finally:
        context.close()
