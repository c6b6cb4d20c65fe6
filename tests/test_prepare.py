"""Prepare: what the engines are given (front matter the theme reads, the report and edit links)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from scripts.build import report_note
from scripts.prepare import front_matter_additions, report_url


def test_report_link_opens_a_new_issue_with_the_page_filled_in():
    url = report_url("https://tracker.example.gov/eguide/issues/new", "Choose a model",
                     "https://guide.example.gov/forming/models.html")
    query = parse_qs(urlsplit(url).query)
    assert query["title"] == ["Problem on the page: Choose a model"]
    assert "Page: https://guide.example.gov/forming/models.html" in query["body"][0]
    assert "Never include case details or anyone's personal data." in query["body"][0]


def test_report_link_can_be_an_email():
    url = report_url("mailto:guide@agency.example.gov", "Getting help now", "https://g.example.gov/getting-help.html")
    assert url.startswith("mailto:guide@agency.example.gov?subject=Problem%20on%20the%20page%3A%20Getting%20help%20now&body=")


def test_every_page_gets_report_and_edit_links_and_generated_pages_edit_their_data(guide):
    guide.write("mkdocs.yml", guide.read("mkdocs.yml") + "extra:\n  report:\n    url: https://t.example.gov/new\n"
                "    edit: https://t.example.gov/edit/main/\n")
    project = guide.project()
    page = front_matter_additions(project.pages["forming/models.md"], project)
    assert page["edit_url"] == "https://t.example.gov/edit/main/guide/forming/models.md"
    assert page["report_url"].startswith("https://t.example.gov/new?title=Problem%20on%20the%20page")
    checklist = front_matter_additions(project.pages["checklists/drafting-mous.md"], project)
    assert checklist["edit_url"] == "https://t.example.gov/edit/main/checklists/drafting-mous.yml"
    assert "edit_url" not in front_matter_additions(project.pages["reference/sources.md"], project)


def test_the_build_reminds_while_the_report_address_is_an_example():
    assert "extra.report.url" in report_note({"extra": {"report": {"url": "https://example.org/x/issues/new"}}})
    assert "not set" in report_note({})
    assert report_note({"extra": {"report": {"url": "mailto:guide@agency.gov"}}}) is None
    assert report_note({"extra": {"report": {"url": "https://tracker.agency.gov/new"}}}) is None
