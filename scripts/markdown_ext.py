"""The guide's Python-Markdown extension: ``[[term]]``, ``{{ facts.key }}`` and call-out labels.

Both engines (MkDocs and Zensical) render pages with Python-Markdown and the extensions named in the
configuration, so doing this work in an extension, not in an engine hook, gives the same HTML on
either engine, and in the PDFs and the CSV, which render checklist items through the same class.
Inline patterns only see text outside code spans, fences and raw HTML, so examples stay literal.

The data (glossary and facts) comes from a JSON file that ``prepare`` writes, named by the ``data``
setting. The link to the glossary page is relative to the page being rendered, which an extension is
not told under MkDocs; ``prepare`` therefore ends every staged page with the reference definition
``[_eguide_glossary_]: <relative path>`` and the term pattern reads it from ``md.references``.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as etree
from datetime import date
from functools import lru_cache
from pathlib import Path

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX, AtomicString

GLOSSARY_REF = "_eguide_glossary_"
# In a table the bar is written \|, which Python-Markdown's `escape` pattern has already stashed as an inline
# placeholder (STX klzzwxh:N ETX) by the time this pattern runs; handleMatch checks that it stands for a bar.
TERM_PATTERN = r"\[\[([^\[\]|\x02]+)(?:(\||\x02klzzwxh:\d+\x03)([^\[\]]+))?\]\]"  # may span a line break
FACT_PATTERN = r"\{\{\s*facts\.([A-Za-z0-9_]+)(\.checked)?\s*\}\}"  # .checked: the date it was last checked
# Priorities against Python-Markdown's core inline patterns: below `backtick` (190) and `escape` (180),
# so code spans and `\[[` stay literal; above `reference` (170) and `link` (160), which would otherwise
# read `[[term]]` as a bracketed reference.
TERM_PRIORITY = 175
FACT_PRIORITY = 176
# After the `inline` treeprocessor (20), so the title's own text is already parsed; before `toc` (5).
CALLOUT_PRIORITY = 15


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def load_data(path: str | Path | None) -> dict:
    """The glossary and facts as ``prepare`` wrote them (empty when there is no file)."""
    if not path:
        return {"terms": {}, "facts": {}, "callouts": {}}
    file = Path(path)
    return _load(str(file.resolve()), file.stat().st_mtime)


def phone_href(kind: str, value: str) -> str:
    """``tel:`` or ``sms:`` address of a number as written ('1-888-373-7888' -> 'tel:+18883737888')."""
    digits = re.sub(r"\D", "", value)
    if kind == "phone" and len(digits) == 10:
        digits = "1" + digits
    prefix = "+" if kind == "phone" and len(digits) == 11 and digits.startswith("1") else ""
    return f"{'tel' if kind == 'phone' else 'sms'}:{prefix}{digits}"


def long_date(iso: str) -> str:
    """'2026-12-02' -> 'December 2, 2026' (how the guide writes "as of" dates)."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.strftime('%B')} {day.day}, {day.year}"


class TermProcessor(InlineProcessor):
    """``[[Debt bondage]]`` or ``[[shown text|Debt bondage]]`` -> a link to the glossary with the definition as tooltip."""

    def __init__(self, pattern: str, md: Markdown, extension: EGuideExtension):
        super().__init__(pattern, md)
        self.extension = extension

    def _is_bar(self, placeholder: str) -> bool:
        """The separator is a bar, or (in a table) the placeholder of an escaped bar."""
        if placeholder == "|":
            return True
        inline = self.md.treeprocessors["inline"] if "inline" in self.md.treeprocessors else None  # noqa: SIM401 (a Registry, no .get)
        key = placeholder[1:-1].removeprefix("klzzwxh:")
        return inline is not None and inline.stashed_nodes.get(key) == f"{STX}{ord('|')}{ETX}"

    def handleMatch(self, m: re.Match, data: str):
        if m.group(2) and not self._is_bar(m.group(2)):
            return None, None, None
        shown = " ".join(m.group(1).split())
        entry = self.extension.data()["terms"].get(" ".join((m.group(3) or shown).split()).lower())
        if entry is None:
            return None, None, None  # unknown term: left as written (check reports it)
        reference = self.md.references.get(GLOSSARY_REF)
        base = reference[0] if reference else self.extension.getConfig("glossary_url")
        link = etree.Element("a", {"href": f"{base}#{entry['anchor']}", "title": entry["definition"],
                                   "class": "glossary-term"})
        link.text = AtomicString(shown)
        return link, m.start(0), m.end(0)


class FactProcessor(InlineProcessor):
    """``{{ facts.hotline_phone }}`` -> the value; phone and text numbers become ``tel:``/``sms:`` links."""

    def __init__(self, pattern: str, md: Markdown, extension: EGuideExtension):
        super().__init__(pattern, md)
        self.extension = extension

    def handleMatch(self, m: re.Match, data: str):
        fact = self.extension.data()["facts"].get(m.group(1))
        if fact is None:
            return None, None, None
        if m.group(2):
            element = etree.Element("time", {"datetime": fact.get("checked", ""), "class": "fact-checked"})
            element.text = AtomicString(long_date(fact.get("checked", "")))
            return element, m.start(0), m.end(0)
        value = str(fact["value"])
        kind = fact.get("kind", "")
        if kind in ("phone", "sms") and self.extension.getConfig("links"):
            element = etree.Element("a", {"href": phone_href(kind, value), "class": "phone-number"})
        else:
            element = etree.Element("span", {"class": "fact"})
        if fact.get("local"):  # a local edition's fact: marked, so readers can tell it from national ones
            element.set("class", element.get("class") + " local-fact")
            element.set("title", f"Local: {fact['local']}")
        element.text = AtomicString(value)
        return element, m.start(0), m.end(0)


class CalloutLabels(Treeprocessor):
    """Give each call-out a text label, not only colour and icon: 'Smart Practice: <title>'."""

    def __init__(self, md: Markdown, extension: EGuideExtension):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        labels = self.extension.data()["callouts"]
        for box in root.iter():
            classes = (box.get("class") or "").split()
            if not (box.tag == "details" or (box.tag == "div" and "admonition" in classes)):
                continue
            kind = next((c for c in classes if c in labels), None)
            title = next((c for c in box if c.tag == "summary"
                          or (c.tag == "p" and "admonition-title" in (c.get("class") or ""))), None)
            if kind is None or title is None:
                continue
            label = etree.Element("span", {"class": "callout-label"})
            label.text = labels[kind]
            etree.SubElement(label, "span", {"class": "callout-sep"}).text = ": "
            label.tail = title.text
            title.text = None
            title.insert(0, label)


class EGuideExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "data": ["", "JSON file with the glossary, facts and call-out labels (written by prepare)"],
            "glossary_url": ["reference/glossary.html", "glossary address when the page has no reference to it"],
            "links": [True, "turn phone and text numbers into tel: and sms: links"],
        }
        self._inline: dict | None = kwargs.pop("inline_data", None)
        super().__init__(**kwargs)

    def data(self) -> dict:
        return self._inline if self._inline is not None else load_data(self.getConfig("data"))

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.inlinePatterns.register(TermProcessor(TERM_PATTERN, md, self), "eguide-term", TERM_PRIORITY)
        md.inlinePatterns.register(FactProcessor(FACT_PATTERN, md, self), "eguide-fact", FACT_PRIORITY)
        md.treeprocessors.register(CalloutLabels(md, self), "eguide-callouts", CALLOUT_PRIORITY)


def makeExtension(**kwargs) -> EGuideExtension:
    return EGuideExtension(**kwargs)
