"""The form font: small, covering what people type into the PDFs' fields, renamed, made once."""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont

from scripts import fonts
from scripts.assets import BuildError


@pytest.fixture(scope="module")
def form_font(tmp_path_factory):
    return fonts.form_font(tmp_path_factory.mktemp("cache"))


def test_form_font_covers_names_typed_in_many_languages_and_is_small(form_font):
    font = TTFont(form_font)
    cmap = font.getBestCmap()
    for text in ("José Ñúñez", "Nguyễn Thị Ánh", "Łukasz Wróblewski", "Straße", "Олена Коваленко", "Σοφία", "2026-11-23 — №5 “ok”"):
        assert all(ord(char) in cmap for char in text), text
    assert ord("漢") not in cmap
    assert form_font.stat().st_size < 120_000
    assert len(font.getGlyphOrder()) < 2_000


def test_form_font_is_renamed_and_keeps_its_licence_notices(form_font):
    names = TTFont(form_font)["name"]
    assert names.getDebugName(1) == fonts.FAMILY
    assert names.getDebugName(6) == fonts.POSTSCRIPT_NAME
    assert "Bitstream" in (names.getDebugName(0) or "")  # copyright notice kept, as the licence asks
    assert names.getDebugName(13)  # licence text kept


def test_form_font_is_made_once_and_reused(tmp_path, monkeypatch):
    first = fonts.form_font(tmp_path)
    made = first.stat().st_mtime_ns
    monkeypatch.setattr(fonts, "subset", lambda source: pytest.fail("the font was made again"))
    assert fonts.form_font(tmp_path) == first
    assert first.stat().st_mtime_ns == made


def test_missing_source_font_is_a_clear_error_naming_the_package(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "SOURCE_CANDIDATES", (tmp_path / "missing.ttf",))
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    with pytest.raises(BuildError, match="apt-get install fonts-dejavu-core"):
        fonts.form_font(tmp_path)


def test_subset_is_deterministic():
    source = fonts.source_font().read_bytes()
    assert fonts.subset(source) == fonts.subset(source)
    assert TTFont(io.BytesIO(fonts.subset(source)))["name"].getDebugName(1) == fonts.FAMILY
