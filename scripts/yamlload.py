"""YAML loading that keeps line numbers and refuses duplicate keys.

PyYAML silently keeps the last of two equal keys and forgets positions; maintainers need both the
refusal and ``file:line`` in every message, so mappings and lists here remember where each entry is.
Dates stay strings (the implicit timestamp type is switched off) so a bad date becomes a clear
message from the validator instead of a crash inside the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml


class LineDict(dict):
    """A dict that knows the (line, col) of each key, 1-based."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: dict[str, tuple[int, int]] = {}
        self.start: tuple[int, int] = (1, 1)


class LineList(list):
    """A list that knows the (line, col) of each entry, 1-based."""

    def __init__(self, *args):
        super().__init__(*args)
        self.lines: list[tuple[int, int]] = []
        self.start: tuple[int, int] = (1, 1)


@dataclass
class YamlError(Exception):
    """A YAML problem with a position and a code for the report."""

    line: int
    col: int
    code: str
    message: str
    hint: str = ""


# libyaml's parser when PyYAML was built with it (ten times faster); constructors and checks stay ours.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    offset = 0  # added to every line number: front matter starts on line 2 of its page


# No implicit dates: "2026-02-30" must reach the validator as text, not crash the parser.
_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _pos(loader: _Loader, node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1 + loader.offset, node.start_mark.column + 1


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.start = _pos(loader, node)
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            line, col = _pos(loader, key_node)
            raise YamlError(line, col, "yaml-syntax", "a mapping key must be plain text")
        key = str(key)
        if key in result:
            line, col = _pos(loader, key_node)
            first = result.lines[key][0]
            raise YamlError(
                line,
                col,
                "duplicate-key",
                f"duplicate key '{key}' (first defined on line {first})",
                "YAML keeps only the last value silently; delete or rename one of them",
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = _pos(loader, key_node)
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.lines = [_pos(loader, child) for child in node.value]
    result.start = _pos(loader, node)
    return result


def _construct_tagged(loader: _Loader, suffix: str, node: yaml.Node):
    """mkdocs.yml may carry tags such as ``!ENV``; keep their plain value, never execute anything."""
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return _construct_sequence(loader, node)
    return _construct_mapping(loader, node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(text: str, first_line: int = 1):
    """Parse YAML text; raise YamlError with a 1-based position (offset by ``first_line - 1``)."""
    offset = first_line - 1
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip())]
        if "\t" in indent:
            raise YamlError(
                number + offset,
                indent.index("\t") + 1,
                "yaml-tab",
                "tab character in indentation",
                "YAML indents with spaces only; replace the tab with spaces",
            )
    if "&" in text or "*" in text:
        _refuse_anchors(text, offset)
    loader = _Loader(text)  # derives from (C)SafeLoader: no Python objects are ever built
    loader.offset = offset
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 if mark else 1) + offset
        col = mark.column + 1 if mark else 1
        problem = error.problem or "could not parse"
        context = f" {error.context}" if error.context else ""
        hint = "check indentation and quote text that contains ': ' or starts with a special character"
        unclosed = _unclosed_quote(text, line - offset)
        if unclosed:
            hint = f"line {unclosed + offset} opens a quote that is not closed on that line; close it, then " + hint[0].lower() + hint[1:]
        raise YamlError(line, col, "yaml-syntax", f"YAML syntax error: {problem}{context}", hint) from None
    except yaml.YAMLError as error:
        raise YamlError(1 + offset, 1, "yaml-syntax", f"YAML syntax error: {error}") from None
    finally:
        loader.dispose()
    return data


def _refuse_anchors(text: str, offset: int) -> None:
    """Anchors and aliases are refused before anything is built: an alias bomb (a few lines that expand to
    billions of nodes) must not hang check, build or serve, and the guide's files never need them."""
    try:
        for token in yaml.scan(text, Loader=_Base):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                kind = "anchor" if isinstance(token, yaml.AnchorToken) else "alias"
                mark = token.start_mark
                raise YamlError(mark.line + 1 + offset, mark.column + 1, "yaml-alias",
                                f"YAML {kind} '{'&' if kind == 'anchor' else '*'}{token.value}' is not allowed",
                                "write the value out in full; anchors and aliases are refused so no file can expand "
                                "into a huge document")
    except yaml.YAMLError:
        return  # a syntax error: the parser below reports it with its position


_VALUE_QUOTE = re.compile(r"""^\s*(?:-\s+)?(?:[^\s#'"][^:#]*:\s+|-\s+)(["'])(.*)$""")


def _unclosed_quote(text: str, upto: int) -> int | None:
    """The first line (up to ``upto``) whose value opens a quote it does not close: the usual cause of a
    syntax error reported lines later."""
    for number, line in enumerate(text.splitlines()[:upto], start=1):
        match = _VALUE_QUOTE.match(line)
        if not match:
            continue
        quote, rest = match.group(1), match.group(2)
        if quote == '"':
            rest = re.sub(r'\\.', "", rest)
        else:
            rest = rest.replace("''", "")
        if quote not in rest:
            return number
    return None


def position(data, key=None) -> tuple[int, int]:
    """Best known (line, col) of ``data[key]`` (or of ``data`` itself)."""
    if key is not None:
        if isinstance(data, LineDict) and key in data.lines:
            return data.lines[key]
        if isinstance(data, LineList) and isinstance(key, int) and key < len(data.lines):
            return data.lines[key]
    return getattr(data, "start", (1, 1))
