"""Moved pages: one line in data/redirects.yml, a small page at the old address that works anywhere."""

from __future__ import annotations

from scripts.redirects import redirect_html, write_redirects


def test_a_redirect_page_sends_readers_on_from_any_host_and_from_file(guide, tmp_path):
    guide.write("data/redirects.yml", "forming/old-models.md: forming/models.md#co-led-model\nold/start.md: forming/start-up.md\n")
    project = guide.project()
    assert guide.check() == []
    site = tmp_path / "site"
    assert write_redirects(project, site) == 2
    html = (site / "forming/old-models.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=models.html#co-led-model">' in html
    assert '<a href="models.html#co-led-model">' in html and '<html lang="en">' in html
    assert 'content="0; url=../forming/start-up.html"' in (site / "old/start.html").read_text(encoding="utf-8")


def test_redirect_text_is_escaped():
    html = redirect_html("a.md", "b.md", 'Title <script>"x"</script>')
    assert "<script>" not in html and "Title &lt;script&gt;" in html


def test_a_redirect_never_overwrites_a_real_page(guide, tmp_path):
    guide.write("data/redirects.yml", "forming/models.md: forming/start-up.md\n")
    assert write_redirects(guide.project(), tmp_path / "site") == 0
