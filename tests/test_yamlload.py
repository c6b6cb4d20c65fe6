"""The YAML loader: line numbers on every key and list entry, refused duplicate keys, tabs, dates kept as text."""

from __future__ import annotations

import pytest

from scripts.yamlload import LineDict, LineList, YamlError, load_yaml, position


def test_mappings_and_lists_remember_where_each_entry_is():
    data = load_yaml("id: drafting-mous\nsections:\n  - heading: Before\n    items:\n      - id: a\n      - id: b\n")
    assert isinstance(data, LineDict)
    assert data.lines["id"] == (1, 1)
    assert data.lines["sections"] == (2, 1)
    sections = data["sections"]
    assert isinstance(sections, LineList)
    assert sections.lines == [(3, 5)]
    items = sections[0]["items"]
    assert items.lines == [(5, 9), (6, 9)]
    assert position(items[1], "id") == (6, 9)
    assert position(items, 1) == (6, 9)
    assert position(data, "missing") == data.start == (1, 1)


def test_first_line_offsets_every_position():
    """Front matter starts on line 2 of a page: positions are reported in the page's own lines."""
    data = load_yaml("id: x\ntitle: y\nsources:\n  - url: z\n", first_line=2)
    assert data.lines["id"] == (2, 1)
    assert data.lines["title"] == (3, 1)
    assert data["sources"].lines == [(5, 5)]
    assert data["sources"][0].lines["url"] == (5, 5)


def test_duplicate_key_is_refused_with_both_lines():
    with pytest.raises(YamlError) as raised:
        load_yaml("id: a\ntitle: One\nphase: operating\ntitle: Two\n")
    error = raised.value
    assert (error.line, error.col, error.code) == (4, 1, "duplicate-key")
    assert error.message == "duplicate key 'title' (first defined on line 2)"
    assert error.hint == "YAML keeps only the last value silently; delete or rename one of them"


def test_duplicate_key_in_a_nested_mapping_and_with_an_offset():
    text = "sections:\n  - heading: A\n    items:\n      - id: a\n        text: t\n        id: b\n"
    with pytest.raises(YamlError) as raised:
        load_yaml(text, first_line=10)
    assert (raised.value.line, raised.value.col) == (15, 9)
    assert raised.value.message == "duplicate key 'id' (first defined on line 13)"


def test_tab_in_indentation():
    with pytest.raises(YamlError) as raised:
        load_yaml("sections:\n  - heading: A\n\titems: []\n", first_line=2)
    error = raised.value
    assert (error.line, error.col, error.code) == (4, 1, "yaml-tab")
    assert error.message == "tab character in indentation"
    assert error.hint == "YAML indents with spaces only; replace the tab with spaces"


def test_tab_after_spaces_points_at_the_tab():
    with pytest.raises(YamlError) as raised:
        load_yaml("a:\n  \tb: 1\n")
    assert (raised.value.line, raised.value.col) == (2, 3)


def test_a_tab_inside_a_value_is_fine():
    assert load_yaml("text: 'a\tb'\n") == {"text": "a\tb"}


def test_syntax_error_has_line_column_and_a_hint():
    with pytest.raises(YamlError) as raised:
        load_yaml("id: x\nsummary: Note: this breaks\n")
    error = raised.value
    assert (error.line, error.col, error.code) == (2, 14, "yaml-syntax")
    assert error.message.startswith("YAML syntax error: mapping values are not allowed")
    assert error.hint == "check indentation and quote text that contains ': ' or starts with a special character"


def test_unclosed_quote_points_at_the_line_that_opens_it():
    """libyaml reports an unclosed quote where the parser gives up, lines later; the hint names the real line."""
    text = 'id: x\ntitle: "Draft and sign\nsummary: One sentence.\naudience: [all]\nowner: Coordinator\n'
    with pytest.raises(YamlError) as raised:
        load_yaml(text, first_line=2)
    error = raised.value
    assert error.code == "yaml-syntax"
    assert error.line > 3
    assert error.hint.startswith("line 3 opens a quote that is not closed on that line; close it, then check indentation")


def test_balanced_quotes_give_the_plain_hint():
    with pytest.raises(YamlError) as raised:
        load_yaml("title: \"It's fine\"\nsummary: 'it''s: fine'\nbad: - x\n  - y\n")
    assert raised.value.hint.startswith("check indentation")


def test_dates_stay_text_so_the_validator_can_judge_them():
    data = load_yaml("last_reviewed: 2026-02-30\nchecked: 2025-06-01\n")
    assert data == {"last_reviewed": "2026-02-30", "checked": "2025-06-01"}


def test_other_scalars_keep_their_types():
    data = load_yaml("review_every: 12\nunlisted: true\nyear: 2021\nratio: 0.5\nnothing:\n")
    assert data == {"review_every": 12, "unlisted": True, "year": 2021, "ratio": 0.5, "nothing": None}


def test_mkdocs_tags_are_read_as_plain_values_never_executed():
    data = load_yaml(
        "site_url: !ENV [SITE_URL, 'https://x.example/']\n"
        "emoji: !!python/name:material.extensions.emoji.twemoji\n"
        "obj: !!python/object/apply:os.system {}\n"
    )
    assert data["site_url"] == ["SITE_URL", "https://x.example/"]
    assert data["emoji"] == ""
    assert data["obj"] == {}


def test_anchors_aliases_and_merge_keys_are_refused():
    with pytest.raises(YamlError) as raised:
        load_yaml("base: &b\n  a: 1\nchild:\n  <<: *b\n  c: 2\n", first_line=2)
    assert (raised.value.line, raised.value.col, raised.value.code) == (2, 7, "yaml-alias")
    assert raised.value.message == "YAML anchor '&b' is not allowed"
    with pytest.raises(YamlError) as raised:
        load_yaml("a: *nothing\n")
    assert raised.value.code in ("yaml-alias", "yaml-syntax")


def test_ampersands_and_stars_in_text_are_fine():
    assert load_yaml("a: 'Tom & Jerry * 2'\nb: x & y\n") == {"a": "Tom & Jerry * 2", "b": "x & y"}


def test_a_mapping_as_a_key_is_refused():
    with pytest.raises(YamlError) as raised:
        load_yaml("? [a, b]\n: value\n")
    assert raised.value.code == "yaml-syntax"
    assert raised.value.message == "a mapping key must be plain text"


def test_empty_text_is_none():
    assert load_yaml("") is None
    assert load_yaml("# only a comment\n") is None
