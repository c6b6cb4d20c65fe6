"""WeasyPrint rendering for the printables: every checklist is laid out once per paper size, and a packet
(see ``packets``) is laid out as one document: cover, contents and its checklists, numbered "Packet page n
of N" throughout so that the numbers in its contents are the numbers printed on its pages.

``plan_workers`` shares the jobs between processes so that every process gets about the same amount of work.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from pathlib import Path

from .assets import write_atomic
from .render import TEMPLATES, render

PDF_OPTIONS = {"pdf_forms": True, "pdf_variant": "pdf/ua-1"}
# Rough seconds of work, measured on the real checklists with one process per core; only the ratios matter.
LAYOUT_COST = (0.02, 0.005)  # fixed, per item: lay out one checklist
WRITE_COST = (0.01, 0.0035)  # fixed, per item: paint and write one PDF


@cache
def tool_versions() -> str:
    """WeasyPrint's and pydyf's versions and the text font's file: a change to any of them renders again."""
    from importlib.metadata import version

    text_font = next((p for p in TEXT_FONTS if Path(p).is_file()), "")
    font_hash = hashlib.sha256(Path(text_font).read_bytes()).hexdigest()[:16] if text_font else "none"
    return f"weasyprint {version('weasyprint')}; pydyf {version('pydyf')}; text font {font_hash}"


# The body text font the print stylesheet names (Debian's fonts-dejavu-core); its bytes are part of the cache key.
TEXT_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",)


@dataclass(frozen=True)
class Job:
    """One PDF to render: a checklist or a packet, on one paper size."""

    name: str  # output file name
    title: str
    description: str
    paper: str
    packet: bool
    checklists: tuple  # JSON-able dicts, one per checklist (see printables.checklist_context)
    created: str
    form_font: str  # path of the fields' font (see fonts.form_font); its name carries a hash of its content
    onboarding: str = ""  # a packet: id of the checklist it opens with (the role's onboarding checklist)
    reading: tuple = ()  # a packet: pages to read first, as {"title", "url"} dicts

    def key(self) -> str:
        """Content hash of everything the PDF is made from: the cache file name. Paths are left out (a second
        checkout shares nothing but content), and the tools are in: WeasyPrint's version and the fonts' bytes."""
        digest = hashlib.sha256()
        fields = asdict(self)
        fields["form_font"] = Path(self.form_font).name  # the name carries a hash of the font's content
        digest.update(json.dumps(fields, sort_keys=True).encode())
        digest.update(tool_versions().encode())
        for path in sorted((TEMPLATES / "print").iterdir()):
            digest.update(path.name.encode() + path.read_bytes())
        digest.update(Path(__file__).read_bytes())
        return digest.hexdigest()[:24]

    def layouts(self) -> list[tuple[str, str]]:
        """The layouts this job is made of: a checklist's own, or (for a packet) the packet's."""
        if self.packet:
            return [(self.name, self.paper)]
        return [(c["id"], self.paper) for c in self.checklists]

    def layout_items(self) -> list[int]:
        return [self.items()] if self.packet else [c["count"] for c in self.checklists]

    def items(self) -> int:
        return sum(c["count"] for c in self.checklists)

    def single(self, context: dict) -> Job:
        """The job for one of this job's checklists on its own: the layout a packet reuses."""
        return replace(self, name=context["id"], title=context["title"], description=context["summary"], packet=False,
                       checklists=(context,))


PRIVACY = "Do not write case details or anyone's personal information (names, dates of birth, addresses) on this form."
CONTENTS_NOTE = ("The page numbers are those printed at the foot of each page of this packet. Every checklist starts "
                 "on a new page and is also offered as a PDF of its own on the guide's Checklists page.")


def render_html(job: Job) -> str:
    """A checklist job: the checklist. A packet job: cover, contents and its checklists, in one document."""
    css = (TEMPLATES / "print" / "print.css").read_text(encoding="utf-8")
    onboarding = next((c for c in job.checklists if c["id"] == job.onboarding), None)
    return render("print/document.html.j2", title=job.title, description=job.description, paper=job.paper,
                  packet=job.packet, checklists=job.checklists, created=job.created, css=css,
                  onboarding=onboarding, reading=job.reading, privacy=PRIVACY, contents_note=CONTENTS_NOTE,
                  form_font_url=Path(job.form_font).as_uri(), version=max(c["version"] for c in job.checklists))


class Renderer:
    """Renders jobs in one process, keeping each checklist's layout for the packets that include it."""

    def __init__(self) -> None:
        from weasyprint.text.fonts import FontConfiguration

        self.font_config = FontConfiguration()
        self.layouts: dict[tuple[str, str], object] = {}

    def _layout(self, html: str):
        from weasyprint import HTML

        return HTML(string=html, base_url=str(TEMPLATES / "print")).render(font_config=self.font_config, **PDF_OPTIONS)

    def checklist(self, job: Job, context: dict):
        key = (context["id"], job.paper)
        if key not in self.layouts:
            self.layouts[key] = self._layout(render_html(job.single(context)))
        return self.layouts[key]

    def document(self, job: Job):
        if not job.packet:
            return self.checklist(job, job.checklists[0])
        return self._layout(render_html(job))

    def pdf(self, job: Job) -> bytes:
        return self.document(job).write_pdf(finisher=_finisher(job), **PDF_OPTIONS)


def _tickable_checkboxes(pdf) -> None:
    """Ticked boxes show as ticked in every viewer. WeasyPrint gives a checkbox one appearance, named "on",
    and asks viewers to redraw all fields (/NeedAppearances true); Poppler (Evince, Okular, CUPS) then redraws
    a box without the font its /DA lacks and shows it empty. So: name the ticked appearance /On, add an empty
    /Off one, and let viewers use the stored appearances (they still draw text fields when someone types)."""
    import pydyf

    for obj in pdf.objects:
        if not (isinstance(obj, pydyf.Dictionary) and obj.get("FT") == "/Btn" and "AP" in obj):
            continue
        normal = obj["AP"]["N"]
        if "on" in normal:
            normal["On"] = normal.pop("on")
            for key in ("AS", "V"):
                if obj.get(key) == "/on":
                    obj[key] = "/On"
        if "Off" not in normal:
            x0, y0, x1, y1 = (float(v) for v in obj["Rect"])
            off = pydyf.Stream(extra={"Type": "/XObject", "Subtype": "/Form",
                                      "BBox": pydyf.Array((0, 0, abs(x1 - x0), abs(y1 - y0)))})
            pdf.add_object(off)
            normal["Off"] = off.reference
    form = pdf.catalog.get("AcroForm")
    if form is not None:
        form["NeedAppearances"] = "false"


def _finisher(job: Job):
    describe = _describe_links(job)

    def finish(document, pdf) -> None:
        describe(document, pdf)
        _tickable_checkboxes(pdf)

    return finish


def describe_links(labels: dict[str, str], prefix: str):
    """A finisher giving internal links a readable description: WeasyPrint describes an internal link by its
    target id ("drafting-mous"), which is what a screen reader would announce; ``labels`` maps ids to titles."""

    def finish(document, pdf) -> None:
        import pydyf

        for obj in pdf.objects:
            if isinstance(obj, pydyf.Dictionary) and obj.get("Subtype") == "/Link" and "Dest" in obj:
                label = labels.get(getattr(obj["Dest"], "string", None))
                if label:
                    obj["Contents"] = pydyf.String(f"{prefix}{label}")

    return finish


def _describe_links(job: Job):
    """The packet's contents links say which checklist they open."""
    return describe_links({c["id"]: c["title"] for c in job.checklists}, "Go to the checklist: ")


def render_jobs(work: list[tuple[Job, Path]]) -> int:
    """Render each job to its path (atomically), in this process. Runs in a worker process."""
    renderer = Renderer()
    for job, target in work:
        write_atomic(target, renderer.pdf(job))
    return len(work)


@dataclass
class _Worker:
    load: float = 0.0
    layouts: set = field(default_factory=set)
    work: list = field(default_factory=list)


def _cost(fixed_and_per_item: tuple[float, float], items: int) -> float:
    fixed, per_item = fixed_and_per_item
    return fixed + per_item * items


def plan_workers(work: list[tuple[Job, Path]], workers: int) -> list[list[tuple[Job, Path]]]:
    """Share the jobs between ``workers`` processes: biggest first, each to the process where it finishes
    soonest, counting the checklist layouts that process would still have to make for it."""
    pool = [_Worker() for _ in range(max(1, workers))]
    sizes = {layout: n for job, _ in work for layout, n in zip(job.layouts(), job.layout_items())}
    for job, target in sorted(work, key=lambda pair: -pair[0].items()):
        def finish(worker: _Worker, job: Job = job) -> float:
            new = set(job.layouts()) - worker.layouts
            return worker.load + _cost(WRITE_COST, job.items()) + sum(_cost(LAYOUT_COST, sizes[n]) for n in new)

        best = min(pool, key=finish)
        best.load = finish(best)
        best.layouts.update(job.layouts())
        best.work.append((job, target))
    return [worker.work for worker in pool if worker.work]
