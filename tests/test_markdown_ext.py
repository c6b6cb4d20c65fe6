"""The guide's Markdown extension: source in, exact HTML out (as pymdown-extensions tests its own)."""

from __future__ import annotations

import markdown
import pytest

from scripts.markdown_ext import EGuideExtension, phone_href

DATA = {
    "terms": {"debt bondage": {"term": "Debt bondage", "anchor": "debt-bondage",
                               "definition": 'Work to repay a "debt" (the \'T visa\') <never> ends'}},
    "facts": {"hotline_phone": {"value": "1-888-373-7888", "kind": "phone", "checked": "2026-12-02"},
              "hotline_text": {"value": "233733", "kind": "sms"},
              "statute": {"value": "22 U.S.C. 7102", "kind": ""}},
    "callouts": {"smart-practice": "Smart Practice", "more-resources": "More Resources"},
}
GLOSSARY = "\n\n[_eguide_glossary_]: ../reference/glossary.md\n"


def render(source: str, **config) -> str:
    extensions = ["admonition", "pymdownx.details", "pymdownx.superfences", "toc", "attr_list",
                  EGuideExtension(inline_data=DATA, **config)]
    return markdown.Markdown(extensions=extensions).convert(source)


def test_a_term_becomes_a_glossary_link_with_its_definition_as_tooltip():
    assert render("A [[Debt bondage]] case." + GLOSSARY) == (
        '<p>A <a class="glossary-term" href="../reference/glossary.md#debt-bondage" '
        'title="Work to repay a &quot;debt&quot; (the \'T visa\') &lt;never&gt; ends">Debt bondage</a> case.</p>'
    )


def test_shown_text_can_differ_from_the_term():
    assert '>a debt<' in render("[[a debt|Debt bondage]]" + GLOSSARY)


def test_code_escapes_and_unknown_terms_stay_literal():
    html = render("`[[Debt bondage]]` and \\[[Debt bondage]] and [[Nothing here]]." + GLOSSARY)
    assert html == "<p><code>[[Debt bondage]]</code> and [[Debt bondage]] and [[Nothing here]].</p>"


def test_fenced_code_keeps_terms_and_facts_literal():
    html = render("```\n[[Debt bondage]] {{ facts.statute }}\n```\n" + GLOSSARY)
    assert "[[Debt bondage]] {{ facts.statute }}" in html
    assert "glossary-term" not in html


def test_in_a_table_the_bar_is_escaped():
    extensions = ["tables", EGuideExtension(inline_data=DATA)]
    html = markdown.Markdown(extensions=extensions).convert("| a | b |\n|---|---|\n| x | [[a debt\\|Debt bondage]] |" + GLOSSARY)
    assert '<td><a class="glossary-term" href="../reference/glossary.md#debt-bondage"' in html and ">a debt</a></td>" in html


def test_a_term_in_a_heading_keeps_its_slug():
    assert render("## What is [[Debt bondage]]?" + GLOSSARY).startswith('<h2 id="what-is-debt-bondage">')


def test_without_a_page_reference_the_configured_glossary_address_is_used():
    assert 'href="https://g.example.org/reference/glossary.html#debt-bondage"' in render(
        "[[Debt bondage]]", glossary_url="https://g.example.org/reference/glossary.html")


def test_facts_are_inserted_and_numbers_become_tel_and_sms_links():
    html = render("Call {{ facts.hotline_phone }}, text {{ facts.hotline_text }}, see {{facts.statute}}.")
    assert html == ('<p>Call <a class="phone-number" href="tel:+18883737888">1-888-373-7888</a>, text '
                    '<a class="phone-number" href="sms:233733">233733</a>, see <span class="fact">22 U.S.C. 7102</span>.</p>')


def test_fact_links_can_be_switched_off_and_unknown_facts_stay():
    html = render("{{ facts.hotline_phone }} {{ facts.missing }}", links=False)
    assert html == '<p><span class="fact">1-888-373-7888</span> {{ facts.missing }}</p>'


def test_callouts_get_a_text_label():
    html = render('!!! smart-practice "Meet early"\n    Body.\n\n??? more-resources "Read more"\n    Body.\n\n!!! note "x"\n    y')
    assert ('<p class="admonition-title"><span class="callout-label">Smart Practice<span class="callout-sep">: '
            '</span></span>Meet early</p>') in html
    assert '<summary><span class="callout-label">More Resources<span class="callout-sep">: </span></span>Read more</summary>' in html
    assert html.count("callout-label") == 2


@pytest.mark.parametrize(("kind", "value", "href"), [
    ("phone", "1-888-373-7888", "tel:+18883737888"),
    ("phone", "(202) 555-0100", "tel:+12025550100"),
    ("phone", "911", "tel:911"),
    ("sms", "233733", "sms:233733"),
])
def test_phone_addresses(kind, value, href):
    assert phone_href(kind, value) == href


def test_a_fact_can_show_when_it_was_last_checked():
    assert render("As of {{ facts.hotline_phone.checked }}.") == (
        '<p>As of <time class="fact-checked" datetime="2026-12-02">December 2, 2026</time>.</p>'
    )


def test_a_term_may_span_a_line_break():
    assert '>a debt</a>' in render("Pay [[a\ndebt|Debt\nbondage]] back." + GLOSSARY)
