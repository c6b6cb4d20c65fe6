"""Pages the site builds from data (glossary, sources, checklists) and the Markdown/HTML touches every page gets.

Kept engine-neutral: functions take and return text, so the MkDocs hook only wires them in.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from calendar import monthrange
from collections import Counter, defaultdict
from datetime import date

from markdown import Markdown
from markdown.extensions.toc import strip_tags
from markupsafe import Markup

from .data import CALLOUT_LABELS, PHASE_LABELS, PHASES, ROLE_LABELS, Checklist, Item
from .history import PAGE_LIMIT, RECENT_LIMIT, Commit
from .markdown_ext import EGuideExtension, long_date
from .model import Project
from .packets import ROLE_PACKETS, packet_members
from .render import md_escape, relative_url, render

GLOSSARY_PAGE = "reference/glossary.md"
SOURCES_PAGE = "reference/sources.md"
# The Sources list, split by the first letter of the publisher's name: each page starts at its letter and runs to
# the next page's. One page of ~360 sources cost a phone (Lighthouse, mobile) five performance points: most of it
# is restyling and laying out ~2,500 elements. A name that starts below "A" (a digit) goes on the first page.
SOURCES_PARTS = {SOURCES_PAGE: "A", "reference/sources-o-z.md": "O"}
CHECKLIST_INDEX = "checklists/index.md"
CHANGES_PAGE = "reference/changes.md"
HISTORY_NOTE = "History not available in this copy"
# Data files that are no page of their own, as the Recent changes page names them.
DATA_LABELS = {"data/facts.yml": "shared facts (numbers, citations, dates)",
               "data/terminology.yml": "the list of words the guide avoids",
               "data/redirects.yml": "addresses of moved pages"}
GENERATED_META = {"owner": "Guide maintainers", "review_every": 12}


def checklist_page(checklist_id: str) -> str:
    return f"checklists/{checklist_id}.md"


def generated_pages(project: Project) -> dict[str, str]:
    """Markdown source of every generated page, keyed by path relative to guide/."""
    pages = {
        GLOSSARY_PAGE: glossary_markdown(project),
        **sources_pages(project),
        CHECKLIST_INDEX: checklist_index_markdown(project),
        CHANGES_PAGE: changes_markdown(project),
    }
    for checklist in project.checklists:
        pages[checklist_page(checklist.id)] = checklist_markdown(project, checklist)
    return pages


def _front_matter(**fields) -> str:
    lines = ["---"]
    for key, value in fields.items():
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines)


def _latest_review(project: Project) -> str:
    dates = [str(p.meta.get("last_reviewed")) for p in project.pages.values() if not p.generated and p.meta.get("last_reviewed")]
    dates += [c.last_reviewed for c in project.checklists]
    valid = [d for d in dates if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d)]
    return max(valid) if valid else "2026-01-01"


def heading_title(project: Project, ref: str) -> str:
    """'Heading (Page title)' for a guide reference, as shown beside checklist items."""
    path, _, anchor = ref.partition("#")
    page = project.pages.get(path)
    if not page:
        return ref
    title = str(page.meta.get("title") or path)
    for heading in page.headings:
        if heading.anchor == anchor:
            return f"{heading.text} ({title})"
    return title


def item_context(project: Project, item: Item, url: str) -> dict:
    """What a checklist item shows wherever it is rendered (site page or PDF); ``url`` points to its section.
    A local edition's item also carries ``local`` (the task force's name), shown as a label."""
    context = {
        "id": item.id,
        "text": plain_text(project, item.text),
        "details": plain_text(project, item.details) if item.details else item.details,
        "who": ROLE_LABELS.get(item.who, item.who) if item.who else "",
        "when": item.when,
        "url": url,
        "ref_title": heading_title(project, item.ref),
    }
    if item.local:
        context["local"] = item.local
    return context


def _generated_front_matter(project: Project, page_id: str, title: str, summary: str, **extra) -> str:
    return _front_matter(id=page_id, title=title, summary=summary, audience=["all"],
                         last_reviewed=_latest_review(project), **GENERATED_META, **extra)


def glossary_markdown(project: Project) -> str:
    letters: dict[str, list] = defaultdict(list)
    for entry in sorted(project.glossary, key=lambda e: e.term.lower()):
        letters[entry.term[0].upper()].append(
            {
                "term": entry.term,
                "anchor": entry.anchor,
                "expansion": entry.expansion,
                "definition": entry.definition,
                "see_url": relative_url(GLOSSARY_PAGE, entry.see) if entry.see else "",
                "see_title": heading_title(project, entry.see) if entry.see else "",
                "source_title": entry.source_title,
                "source_url": entry.source_url,
                "local": entry.local,
            }
        )
    front = _generated_front_matter(
        project,
        "reference-glossary",
        "Glossary",
        "Plain-language definitions of the terms and acronyms used in this guide.",
        search={"boost": 2},  # a term's definition should come before pages that merely use it
    )
    return front + "\n" + render("site/glossary.md.j2", letters=dict(sorted(letters.items())), count=len(project.glossary))


def sources_part(letter: str) -> str:
    """The Sources page that lists publishers whose names start with ``letter``."""
    starts = sorted(SOURCES_PARTS.items(), key=lambda part: part[1])
    return next((path for path, start in reversed(starts) if letter >= start), starts[0][0])


def sources_part_title(path: str) -> str:
    """'Sources: publishers A to N': the letters a part runs from and to (to the letter before the next part)."""
    starts = sorted(SOURCES_PARTS.values())
    start = SOURCES_PARTS[path]
    later = [s for s in starts if s > start]
    end = chr(ord(later[0]) - 1) if later else "Z"
    return f"Sources: publishers {start} to {end}"


def sources_pages(project: Project) -> dict[str, str]:
    """Markdown of each Sources page (see SOURCES_PARTS), keyed by path."""
    by_url: dict[str, dict] = {}
    for page in sorted((p for p in project.pages.values() if not p.generated), key=lambda p: p.path):
        sources = page.meta.get("sources") if isinstance(page.meta, dict) else None
        for source in sources if isinstance(sources, list) else []:
            if not isinstance(source, dict) or not source.get("url"):
                continue
            entry = by_url.setdefault(str(source["url"]), {
                "title": str(source.get("title", "")), "year": source.get("year", ""), "url": str(source["url"]),
                "pages": [], "publishers": Counter()})
            entry["publishers"][str(source.get("publisher", "Other"))] += 1
            link = posixpath.relpath(page.path, posixpath.dirname(SOURCES_PAGE))
            entry["pages"].append({"title": str(page.meta.get("title", page.path)), "link": link})
    # A source is listed once, with every page that cites it, under the publisher most of its citations name
    # (pages sometimes name one publisher two ways): a reviewer looking it up finds all the pages to recheck.
    by_publisher: dict[str, list[dict]] = defaultdict(list)
    for entry in by_url.values():
        by_publisher[min(entry["publishers"].items(), key=lambda named: (-named[1], named[0]))[0]].append(entry)
    publishers = {name: sorted(items, key=lambda s: s["title"].lower()) for name, items in sorted(by_publisher.items())}
    # Publishers are headings written as HTML (screen readers list them; the contents column does not): the
    # contents shows the letters only. ~150 publisher entries there cost a phone about a second of script work.
    letters: dict[str, list] = defaultdict(list)
    for name, items in publishers.items():
        letters[name[:1].upper()].append({"name": name, "id": project.slugger.slug(name), "sources": items})
    letters = dict(sorted(letters.items()))
    parts = [{"path": path, "file": posixpath.basename(path), "title": sources_part_title(path),
              "letters": {k: v for k, v in letters.items() if sources_part(k) == path}}
             for path in sorted(SOURCES_PARTS, key=SOURCES_PARTS.get)]
    for part in parts:
        part["count"] = sum(len(p["sources"]) for publishers in part["letters"].values() for p in publishers)
    total = sum(len(v) for v in publishers.values())
    pages = {}
    for part in parts:
        here = part["path"]
        # raw HTML: built addresses, as Markdown's .md links are rewritten by the engine and these are not
        links = {letter: ("" if sources_part(letter) == here else relative_url(here, sources_part(letter)))
                 + f"#letter-{letter.lower()}" for letter in letters}
        front = _generated_front_matter(
            project,
            "reference-" + posixpath.basename(here)[:-3],
            part["title"],
            f"Every public source this guide cites from {part['title'].removeprefix('Sources: ')}, grouped by "
            "publisher, with the pages that cite it.",
            search={"boost": 0.2},  # it names every topic in its titles: still found by publisher, never above the answers
        )
        pages[here] = front + "\n" + render(
            "site/sources.md.j2", part=part, parts=parts, letters=part["letters"], links=links, total=total,
            publisher_count=len(publishers))
    return pages


def source_file(project: Project, path: str) -> str | None:
    """The repository file a page is made from (whose commits are its "What changed"), or None when the page
    has no single source in this repository (the sources, checklists index and changes pages, local pages)."""
    page = project.pages.get(path)
    if page is None:
        return None
    if not page.generated:
        return page.source if page.source == f"guide/{path}" else None
    if path == GLOSSARY_PAGE:
        return "data/glossary.yml"
    if path.startswith("checklists/") and path != CHECKLIST_INDEX:
        return f"checklists/{path.removeprefix('checklists/')[:-3]}.yml"
    return None


def pages_of_file(project: Project, file: str) -> list[str]:
    """The pages (paths relative to guide/) that a changed repository file is shown as."""
    if file.startswith("guide/"):
        path = file.removeprefix("guide/")
        page = project.pages.get(path)
        return [path] if page is not None and not page.generated else []
    if file == "data/glossary.yml":
        return [GLOSSARY_PAGE] if GLOSSARY_PAGE in project.pages else []
    if file.startswith("checklists/") and file.endswith((".yml", ".yaml")):
        path = f"checklists/{file.removeprefix('checklists/').rsplit('.', 1)[0]}.md"
        return [path] if path in project.pages else []
    return []


def file_label(project: Project, file: str) -> str:
    """How the Recent changes page names a changed file that is not a page of the guide now ('' for a page)."""
    if pages_of_file(project, file):
        return ""
    if file in DATA_LABELS:
        return DATA_LABELS[file]
    if file.startswith("guide/") and file.rsplit(".", 1)[-1].lower() in ("md", "markdown"):
        return "a page since moved or removed"
    if file.startswith("checklists/") and file.endswith(".json"):
        return "the checklist file format"
    return "images and other files"


def literal_html(text: str) -> Markup:
    """Untrusted text (a commit subject) for a raw HTML block of a generated page: HTML-escaped, and brackets
    and braces as character references, so no Markdown, ``[[term]]`` or ``{{ facts.x }}`` is ever read in it."""
    escaped = html.escape(str(text), quote=True)
    for char, reference in (("[", "&#91;"), ("]", "&#93;"), ("{", "&#123;"), ("}", "&#125;"), ("\\", "&#92;")):
        escaped = escaped.replace(char, reference)
    return Markup(escaped)


def change_context(project: Project, commit: Commit, here: str) -> dict:
    """One commit as the Recent changes page lists it: date, subject, the pages it changed (linked)."""
    pages, labels = [], []
    for file in commit.files:
        for path in pages_of_file(project, file):
            entry = {"title": literal_html(project.pages[path].meta.get("title") or path), "url": relative_url(here, path)}
            if entry not in pages:
                pages.append(entry)
        label = file_label(project, file)
        if label and label not in labels:
            labels.append(label)
    return {"date": commit.date, "date_text": long_date(commit.date), "subject": literal_html(commit.subject),
            "pages": pages, "labels": labels}


def changes_markdown(project: Project) -> str:
    """The Recent changes page: the last RECENT_LIMIT commits that touched guide/, checklists/ or data/."""
    history = project.history
    changes = [change_context(project, commit, CHANGES_PAGE) for commit in history.commits[:RECENT_LIMIT]]
    front = _generated_front_matter(
        project,
        "reference-changes",
        "Recent changes",
        "The latest changes to the guide's pages, checklists and shared facts, newest first, from its history.",
        search={"exclude": True},  # commit subjects must not crowd the pages that answer a query
    )
    return front + "\n" + render("site/changes.md.j2", changes=changes, available=history.available,
                                  note=HISTORY_NOTE, reason=history.reason, limit=RECENT_LIMIT, per_page=PAGE_LIMIT)


def page_changes(project: Project, path: str) -> dict:
    """Front matter for a page's "What changed" list: ``history`` (available or not) and ``changes``."""
    file = source_file(project, path)
    if file is None:
        return {}
    if not project.history.available:
        return {"history": "unavailable"}
    return {"history": "available",
            "changes": [{"date": c.date, "date_text": long_date(c.date), "subject": c.subject}
                        for c in project.history.for_file(file, PAGE_LIMIT)]}


def checklist_index_markdown(project: Project) -> str:
    rows = []
    for checklist in sorted(project.checklists, key=lambda c: (PHASES.index(c.phase), c.title.lower())):
        rows.append(
            {
                "id": checklist.id,
                "title": checklist.title,
                "summary": checklist.summary,
                "phase": checklist.phase,
                "phase_label": PHASE_LABELS[checklist.phase],
                "roles": checklist.audience,
                "role_labels": ", ".join(ROLE_LABELS[r] for r in checklist.audience),
                "count": len(checklist.items),
            }
        )
    packets = [
        {"role": role, "label": ROLE_LABELS[role], "count": len(packet_members(project.checklists, role))}
        for role in ROLE_PACKETS if packet_members(project.checklists, role)
    ]
    front = _generated_front_matter(
        project,
        "checklists-index",
        "Checklists",
        "Every checklist in the guide, to tick off online, print, or fill in as a PDF, with packets for each role.",
    )
    roles = [(r, ROLE_LABELS[r]) for r in ROLE_LABELS if r != "all"]
    phases = [(p, PHASE_LABELS[p]) for p in PHASES]
    return front + "\n" + render("site/checklists-index.md.j2", rows=rows, packets=packets, roles=roles, phases=phases,
                                  binder=len(project.checklists))


def checklist_markdown(project: Project, checklist: Checklist) -> str:
    here = checklist_page(checklist.id)
    sections = []
    for number, section in enumerate(checklist.sections, start=1):
        items = [item_context(project, item, relative_url(here, item.ref)) for item in section.items]
        sections.append({"heading": section.heading, "anchor": f"section-{number}", "entries": items})
    front = _front_matter(
        id=f"checklist-{checklist.id}",
        title=checklist.title,
        summary=checklist.summary,
        audience=checklist.audience,
        owner=checklist.owner,
        last_reviewed=checklist.last_reviewed,
        review_every=12,
    )
    return front + "\n" + render(
        "site/checklist.md.j2",
        checklist=checklist,
        sections=sections,
        phase_label=PHASE_LABELS[checklist.phase],
        role_labels=", ".join(ROLE_LABELS[r] for r in checklist.audience),
        total=len(checklist.items),
    )


# --- text every output shares ------------------------------------------------------------------


def extension_data(project: Project) -> dict:
    """What ``scripts.markdown_ext`` needs while rendering: terms, facts and call-out labels."""
    terms = {entry.term.lower(): {"term": entry.term, "anchor": entry.anchor, "definition": entry.definition}
             for entry in project.glossary}
    facts = {}
    local = project.local.facts if project.local is not None else {}
    for key, fact in project.facts.items():
        if isinstance(fact, dict) and "value" in fact:
            facts[str(key)] = {"value": str(fact["value"]), "kind": str(fact.get("kind", "")),
                               "checked": str(fact.get("checked", ""))}
            if local.get(key) is fact:
                facts[str(key)]["local"] = project.local.name
    return {"terms": terms, "facts": facts, "callouts": dict(CALLOUT_LABELS)}


def plain_text(project: Project, text: str) -> str:
    """Checklist text as every output shows it (site page, PDF, CSV): literal, with facts filled in by the
    same Markdown extension the engines use, so ``{{ facts.x }}`` reads the same everywhere."""
    if "{{" not in text:
        return text
    md = project.cache.get("inline_markdown")
    if md is None:
        md = Markdown(extensions=[EGuideExtension(inline_data=extension_data(project), links=False)])
        project.cache["inline_markdown"] = md
    parts = re.split(r"(\{\{\s*facts\.[A-Za-z0-9_]+(?:\.checked)?\s*\}\})", text)  # fact references kept whole, the rest literal
    source = "".join(part if i % 2 else md_escape(part).replace("&", "&amp;").replace("<", "&lt;")
                     for i, part in enumerate(parts))
    return " ".join(html.unescape(strip_tags(md.reset().convert(source))).split())


def abbreviations(project: Project) -> str:
    """pymdownx.snippets auto-appends this to every page: acronyms get their expansion as a tooltip."""
    lines = []
    for entry in sorted(project.glossary, key=lambda e: e.term):
        if entry.expansion:
            lines.append(f"*[{entry.term}]: {entry.expansion}")
    return "\n".join(lines) + "\n"


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def review_info(meta: dict) -> dict:
    """Last reviewed and next review due, for the footer of every page."""
    try:
        last = date.fromisoformat(str(meta.get("last_reviewed")))
        every = int(meta.get("review_every", 12))
    except (TypeError, ValueError):
        return {}
    return {"last_reviewed": last.isoformat(), "next_review": add_months(last, every).isoformat()}
