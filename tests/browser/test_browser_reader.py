"""What a reader taps on a phone: numbers that dial, the report link with the page filled in, paths per role."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

ROLE_PAGES = {"Coordinators": "start/coordinator.html", "Law enforcement": "start/law-enforcement.html",
              "Prosecutors": "start/prosecutor.html", "Victim service providers": "start/victim-services.html",
              "Labor and civil enforcement": "start/labor-and-civil.html", "Courts": "start/courts.html",
              "Community partners": "start/community.html"}


@pytest.mark.parametrize("page_path", ["getting-help.html", "index.html"])
def test_every_number_is_a_tap_to_call_link_that_does_not_wrap(page_path, open_page):
    watch = open_page("light", 375)
    watch.goto(page_path)
    links = watch.page.eval_on_selector_all(
        "article a[href^='tel:'], article a[href^='sms:']",
        "els => els.map(a => [a.getAttribute('href'), a.textContent.trim(), getComputedStyle(a).whiteSpace,"
        " a.getClientRects().length])")
    assert len(links) >= 3, links
    hrefs = {href for href, *_ in links}
    assert "tel:911" in hrefs and "tel:+18883737888" in hrefs and "sms:233733" in hrefs
    for href, text, white_space, boxes in links:
        assert re.fullmatch(r"(tel|sms):\+?\d+", href), href
        assert re.sub(r"\D", "", href.split(":")[1]).endswith(re.sub(r"\D", "", text)), (href, text)
        assert white_space == "nowrap" and boxes == 1, (text, white_space, boxes)  # one line, never split
    assert not watch.stop_watching()


def test_report_a_problem_carries_the_page_and_warns_about_personal_data(open_page):
    watch = open_page("light", 375)
    watch.goto("forming/models.html")
    report = watch.page.locator("a", has_text="Report a problem with this page")
    assert report.count() == 1
    href = report.get_attribute("href")
    query = parse_qs(urlsplit(href).query)
    assert href.startswith("https://example.org/task-force-eguide/issues/new?")
    assert query["title"] == ["Problem on the page: Choose a task force model"] or query["title"][0].startswith("Problem on the page: ")
    assert "forming/models.html" in unquote(query["body"][0])
    assert "Never include case details" in watch.page.locator(".page-info__report").inner_text()
    edit = watch.page.locator("a", has_text="Edit this page")
    assert edit.get_attribute("href").endswith("/guide/forming/models.md")
    assert not watch.stop_watching()


def test_the_role_names_on_the_home_page_lead_to_each_role_s_start_page(open_page):
    watch = open_page("light", 375)
    watch.goto("index.html")
    for name, target in ROLE_PAGES.items():
        link = watch.page.locator("article a", has_text=name).first
        assert link.get_attribute("href").endswith(target.split("/")[-1]), name
    watch.page.locator("article a", has_text="Prosecutors").first.click()
    watch.page.wait_for_url("**/start/prosecutor.html")
    assert "prosecutor" in watch.page.locator("article h1").inner_text().lower()
    packet = watch.page.locator("article a[href$='printables/packet-prosecutor.pdf']")
    assert packet.count() >= 1
    checklists = watch.page.eval_on_selector_all("article a[href*='checklists/']", "els => els.map(a => a.href)")
    assert any("onboarding-prosecutor" in href for href in checklists)
    for href in checklists:
        assert watch.page.request.get(href).status == 200, href
    assert not watch.stop_watching()


# Counts the times <body> gets Material's "switching" mark (transitions off while the colours change).
SWITCH_MARKS = """
window.__switchMarks = 0;
new MutationObserver(records => {
  for (const r of records) if (r.target === document.body && r.oldValue === null) window.__switchMarks += 1;
}).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                      attributeFilter: ['data-md-color-switching']});
"""


def _scheme(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def test_a_page_load_restyles_for_a_colour_switch_only_when_the_colours_change(open_page):
    """templates/theme/partials/palette-load.html: no switching mark when the page already has its colours, at
    load; a click on the toggle, and a first visit whose system preference differs from the page's default
    colours, still get it (so no colour transition runs while the scheme changes)."""
    watch = open_page("light", 375)
    watch.page.context.add_init_script(SWITCH_MARKS)
    watch.goto("reference/sources.html")
    watch.page.wait_for_function("document.querySelector('[data-md-component=palette] label:not([hidden])')")
    assert watch.page.evaluate("window.__switchMarks") == 0 and _scheme(watch.page) == "default"
    watch.page.get_by_title("Switch to dark mode").click()
    watch.page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    assert watch.page.evaluate("window.__switchMarks") == 1
    watch.page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")
    watch.goto("reference/sources-o-z.html")  # the stored choice (dark) is already applied when the page loads
    watch.page.wait_for_function("document.querySelector('[data-md-component=palette] label:not([hidden])')")
    assert watch.page.evaluate("window.__switchMarks") == 0 and _scheme(watch.page) == "slate"
    assert not watch.stop_watching()

    first_visit = open_page("dark", 375)  # nothing stored: the page starts light, the system asks for dark
    first_visit.page.context.add_init_script(SWITCH_MARKS)
    first_visit.goto("index.html")
    first_visit.page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    assert first_visit.page.evaluate("window.__switchMarks") == 1
    assert not first_visit.stop_watching()
