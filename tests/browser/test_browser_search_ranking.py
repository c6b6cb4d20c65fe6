"""Search finds the right page: queries a task force member would type rank the page that answers them in the top three.

Each query is typed into the search box of the built site, key by key (Material reacts to key presses), and the
results are read once they have settled. A result is a page (Material groups a page's sections under it), so the
rank is the position of the page among the pages listed. Tuning lives in the pages' front matter
(``search: {boost: N}``) and in titles and headings (CONTRIBUTING.md, "Make search find the page"), never here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser.browser_support import wait_js

ROOT = Path(__file__).resolve().parents[2]
TOP = 3

# query -> the page (relative to guide/, without .md) that answers it.
RANKING = {
    "T visa": "victims/immigration-relief",
    "U visa": "victims/immigration-relief",
    "Continued Presence": "victims/immigration-relief",
    "MOU": "operating/protocols",
    "MOU template": "operating/protocols",
    "hotline number": "getting-help",
    "phone number": "getting-help",
    "safe harbor": "courts/safe-harbor-and-record-relief",
    "restitution": "courts/rights-and-restitution",
    "forensic interview": "cases/forensic-interviews",
    "certification letter": "victims/federal-benefits",
    "interpreter": "operating/language-access",
    "deconfliction": "operating/information-sharing",
    "vacatur": "courts/safe-harbor-and-record-relief",
    "language access": "operating/language-access",
    "case management": "victims/comprehensive-services",
    "labor trafficking": "understanding/labor-trafficking",
    "memorandum of understanding": "operating/protocols",
    "T visas": "victims/immigration-relief",
}
# Pages that name every topic without answering it (source titles, contributor examples): never above an answer.
CROWDING = ("reference/sources", "contributing")
NONSENSE = "zqxvw"

# One entry per page listed, in order: the path of its first link (the page itself), relative to the site root.
RESULTS = """() => [...document.querySelectorAll('.md-search-result__list > .md-search-result__item')].map(item =>
    new URL(item.querySelector('a.md-search-result__link').href).pathname)"""
META = "() => document.querySelector('.md-search-result__meta').textContent"
MATCHING = "document.querySelector('.md-search-result__meta').textContent.includes('matching')"


def page_of(path: str) -> str:
    """'/victims/immigration-relief.html' -> 'victims/immigration-relief' (the site is served at the root)."""
    return path.lstrip("/").removesuffix(".html")


def search(page, query: str) -> list[str]:
    """Clear the search box, type ``query`` as a person does, and return the pages listed once the results settle."""
    box = page.locator("input.md-search__input")
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    wait_js(page, f"!({MATCHING})")
    page.keyboard.type(query, delay=20)
    wait_js(page, MATCHING)
    previous, stable = None, 0
    for _ in range(60):
        results = page.evaluate(RESULTS)
        stable = stable + 1 if results == previous else 0
        if stable == 4:
            assert box.input_value() == query
            return [page_of(href) for href in results]
        previous = results
        page.wait_for_timeout(100)
    raise AssertionError(f"search results for {query!r} never settled")


def rank(pages: list[str], expected: str) -> int | None:
    """1-based position of ``expected`` among the result pages, or None."""
    return pages.index(expected) + 1 if expected in pages else None


def test_every_expected_page_exists():
    """Guards the ranking below: a moved or renamed page must be renamed here too, not silently never found."""
    for query, expected in RANKING.items():
        assert (ROOT / "guide" / f"{expected}.md").is_file(), f"{query!r}: guide/{expected}.md does not exist"


@pytest.fixture(scope="module")
def search_page(chromium, site_server):
    """One page on the home page for all queries (the index loads once); closed with its context."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    page = context.new_page()
    page.goto(site_server.url("index.html"))
    yield page
    context.close()


@pytest.mark.parametrize("query", list(RANKING))
def test_query_ranks_its_page_in_the_top_three(search_page, query):
    expected = RANKING[query]
    pages = search(search_page, query)
    position = rank(pages, expected)
    assert position is not None and position <= TOP, (
        f"{query!r}: {expected} is {f'at {position}' if position else 'not listed'}; first results: {pages[:6]}"
    )
    ahead = [p for p in pages[: position - 1] if p in CROWDING]
    assert not ahead, f"{query!r}: {ahead} listed above the answer {expected}: {pages[:6]}"


def test_a_nonsense_query_finds_no_page(search_page):
    """The check can fail: a word that is in no page lists nothing, so the ranking above is not a given."""
    pages = search(search_page, NONSENSE)
    assert pages == [], pages
    assert "No matching" in search_page.evaluate(META)
    assert rank(pages, RANKING["T visa"]) is None
