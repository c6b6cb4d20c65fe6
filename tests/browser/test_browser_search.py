"""Search finds a glossary term and a phrase from a page, and following a result lands on that page."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser.browser_support import wait_until

ROOT = Path(__file__).resolve().parents[2]
# Material's search ranks badly when a query holds stop words ("on", "a", "like"): see the report of issue 7.
PHRASE = "Saturday night"
PHRASE_PAGE = "operating/protocols"


RESULTS = """() => [...document.querySelectorAll('.md-search-result__item')].map(item => ({
    href: item.querySelector('a.md-search-result__link').getAttribute('href'),
    text: item.textContent.replace(/\\s+/g, ' ').trim(),
}))"""


def search(page, query: str) -> list[dict]:
    """Type the query the way a person does (Material reacts to key presses) and return the results once they
    have settled (results for the first words show up while the rest is still being typed)."""
    page.locator("input.md-search__input").click()
    page.keyboard.type(query, delay=15)
    wait_until(page, "() => document.querySelector('.md-search-result__meta').textContent.includes('matching')")
    previous, stable = None, 0
    for _ in range(50):
        results = page.evaluate(RESULTS)
        stable = stable + 1 if results == previous else 0
        if stable == 3:
            return results
        previous = results
        page.wait_for_timeout(100)
    raise AssertionError(f"search results for {query!r} never settled")


def test_the_phrase_is_on_its_page():
    """Guards the test below: if the page is reworded, pick a new phrase rather than search for nothing."""
    text = " ".join((ROOT / "guide" / f"{PHRASE_PAGE}.md").read_text(encoding="utf-8").split())
    assert PHRASE in text


@pytest.mark.parametrize("instant", [False, True], ids=["page-loads", "instant-navigation"])
def test_search_finds_a_glossary_term_and_the_result_opens_the_glossary(instant, open_page):
    watch = open_page("light", 1280, instant=instant)
    watch.goto("index.html")
    results = search(watch.page, "debt bondage")
    glossary = [r for r in results if "reference/glossary.html" in r["href"]]
    assert glossary, f"no glossary result for 'debt bondage': {[r['href'] for r in results]}"
    assert "Debt bondage" in glossary[0]["text"]
    watch.page.locator(".md-search-result__item a.md-search-result__link[href*='reference/glossary.html']").first.click()
    watch.page.wait_for_url("**/reference/glossary.html*")
    wait_until(watch.page, "() => !!document.querySelector('dt#debt-bondage')")
    assert watch.page.locator("dt#debt-bondage").inner_text().startswith("Debt bondage")
    assert any(u.endswith("search/search_index.json") for u in watch.requests), "the search index was not loaded"
    problems = watch.stop_watching()
    assert not problems, "\n".join(problems)


def test_search_finds_a_phrase_and_the_first_result_is_its_page(open_page):
    watch = open_page("light", 1280)
    watch.goto("index.html")
    results = search(watch.page, PHRASE)
    assert results, "no results"
    assert f"{PHRASE_PAGE}.html" in results[0]["href"], f"first result: {results[0]}"
    watch.page.locator(".md-search-result__item a.md-search-result__link").first.click()
    watch.page.wait_for_url(f"**/{PHRASE_PAGE}.html*")
    # search.highlight marks the words of the query on the page the result opens.
    watch.page.wait_for_selector("article mark", timeout=10000)
    marked = watch.page.locator("article mark").all_inner_texts()
    assert any("saturday" in word.lower() for word in marked), marked
    problems = watch.stop_watching()
    assert not problems, "\n".join(problems)
