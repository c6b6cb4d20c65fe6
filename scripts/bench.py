"""``make bench``: figures for the validator, the printables and Lighthouse.

- **check**: for each size, a synthetic guide is generated in a temporary folder (N pages in chapter folders, each
  with front matter, about 600 words, 6 to 10 headings, links to other pages and their anchors, an image with alt
  text, glossary terms, facts and call-outs; 200 checklists; every page in ``nav``), with the real templates,
  mkdocs.yml settings, data files and ``node_modules``, so ``mkdocs build`` works on it. The check (``load_project``
  and ``validate``, in-process, best of 3) and one plain ``mkdocs build`` of the same tree (printables and the
  hook's re-validation skipped; the hook still loads the project) are timed. Targets (issue 4): the real guide
  checks in under 1 s; at 5,000 pages the check takes under 10% of the build; the 5,000-page check takes at most
  6 times the 1,000-page check.
- **printables**: ``build_printables`` on a copy of the real project, cold (empty cache) then warm.
- **lighthouse**: ``scripts.lighthouse.run_lighthouse(root)``.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .data import PHASES, ROLES
from .yamlload import load_yaml

CHECKLISTS = 200
TARGET_REAL = 1.0
TARGET_RATIO = 0.10
TARGET_GROWTH = 6.0
SEED = 20261123

# Plain words for the synthetic prose (none of them is, or is part of, a term data/terminology.yml avoids).
_WORDS_TEXT = (
    "the task force agency partner member meeting plan protocol case service victim survivor prosecutor officer "
    "coordinator referral interview shelter housing benefit training outreach data measure review decision agreement "
    "memorandum leader committee county state federal local community labor inspector school nurse health clinic "
    "court hearing witness advocate interpreter language safety trust report record share consent privacy policy "
    "budget grant funding staff time week month year first next every each some many few clear plain short written "
    "signed shared agreed regular joint quick careful early late new old strong weak open closed public written "
    "set agree write sign share call meet plan train hire review check count track report update explain ask listen "
    "support protect refer house feed pay help lead follow decide assign record store send receive prepare confirm "
    "and or but so with for to of in on at by from about after before during when while because if then also"
)
WORDS = tuple(_WORDS_TEXT.split())
TOPICS = (
    "intake", "referrals", "interviews", "housing", "benefits", "training", "outreach", "data", "measures", "reviews",
    "agreements", "committees", "leadership", "funding", "staffing", "privacy", "interpreters", "safety", "hearings",
    "witnesses", "advocates", "inspections", "clinics", "schools", "records", "budgets", "grants", "meetings",
)
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20"><rect width="40" height="20"/></svg>\n'


# --- the synthetic guide -----------------------------------------------------------------------------------


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, words: int) -> str:
    out, left = [], words
    while left > 0:
        n = min(left, rng.randint(8, 18))
        out.append(_sentence(rng, n))
        left -= n
    return " ".join(out)


def _rel(from_page: str, to_page: str) -> str:
    return os.path.relpath(to_page, os.path.dirname(from_page) or ".").replace(os.sep, "/")


def _plan(size: int, rng: random.Random) -> tuple[list[str], dict[str, int]]:
    """Page paths (chapter folders of 50 pages) and how many ``## ... {#section-k}`` headings each has."""
    chapters = max(5, size // 50)
    pages = [f"chapter-{n % chapters + 1:03d}/topic-{n + 1:05d}.md" for n in range(size - 1)]
    pages.sort()
    headings = {path: rng.randint(6, 10) for path in pages}
    return pages, headings


def _page(path: str, number: int, pages: list[str], headings: dict[str, int], terms: list[str], checklist_ids: list[str],
          sources: list[tuple[str, str]], rng: random.Random) -> str:
    topic = TOPICS[number % len(TOPICS)]
    audience = sorted(rng.sample(ROLES[:-1], 2))
    lines = [
        "---",
        f"id: {path[:-3].replace('/', '-')}",
        f"title: How the task force handles {topic} ({number})",
        f"summary: Explains how members plan and review {topic}, step by step, with the agreements it needs.",
        f"audience: [{', '.join(audience)}]",
        "owner: Task force coordinator",
        f"last_reviewed: 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "review_every: 12",
        "sources:",
    ]
    for title, url in rng.sample(sources, 2):
        lines += [f'  - title: "{title}"', "    publisher: U.S. Department of Justice", "    year: 2024", f"    url: {url}"]
    lines += ["---", "", _paragraph(rng, 40) + f" Start with [[{rng.choice(terms)}]] and call {{{{ facts.hotline_phone }}}}.", ""]
    for k in range(1, headings[path] + 1):
        lines += [f"## How do members agree on {topic} step {k}? {{#section-{k}}}", ""]
        target = rng.choice(pages)
        link = f"[{topic} step {k}]({_rel(path, target)}#section-{rng.randint(1, headings[target])})"
        other = rng.choice(pages)
        lines += [_paragraph(rng, 25) + f" See {link} and [the overview]({_rel(path, other)}).", ""]
        if k == 2:
            lines += [f"![Diagram of the {topic} workflow, from referral to review](img/figure.svg)", ""]
        if k == 3:
            lines += [f'!!! smart-practice "Agree on {topic} before the first case"', "", "    " + _paragraph(rng, 30), ""]
        if k == 4:
            lines += [f'!!! case-study "Composite example: a county that changed its {topic}"', "",
                      "    " + _paragraph(rng, 30) + f" The [[{rng.choice(terms)}]] helped.", ""]
        if k == 5:
            lines += [f"### What about the {topic} records?", "", _paragraph(rng, 20) +
                      f" Use the checklist [{topic}]({_rel(path, 'checklists/' + rng.choice(checklist_ids) + '.md')}).", ""]
        if k == 6:
            lines += ["```text", f"[Not a link: an example]({topic}.md#nowhere)", "```", ""]
        lines += [_paragraph(rng, 20) + " Read [the federal guidance](https://www.justice.gov/humantrafficking).", ""]
    return "\n".join(lines) + "\n"


def _checklist(number: int, checklist_id: str, pages: list[str], headings: dict[str, int], rng: random.Random) -> str:
    lines = [
        "# yaml-language-server: $schema=./checklist.schema.json",
        f"id: {checklist_id}",
        f"title: Complete the task force steps for area {number}",
        "summary: Gets the agencies to agree on the steps, in writing, before the first case.",
        f"phase: {PHASES[number % len(PHASES)]}",
        f"audience: [{', '.join(sorted(rng.sample(ROLES[:-1], 3)))}]",
        "owner: Task force coordinator",
        f'last_reviewed: "2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"',
        "sections:",
    ]
    for s in range(1, 3):
        lines += [f"  - heading: Part {s}", "    items:"]
        for i in range(1, 5):
            page = rng.choice(pages)
            lines += [
                f"      - id: step-{s}-{i}",
                f"        text: {_sentence(rng, 10)}",
                f"        ref: {page}#section-{rng.randint(1, headings[page])}",
            ]
    return "\n".join(lines) + "\n"


def make_synthetic_guide(root: Path, dest: Path, size: int) -> Path:
    """Write a synthetic guide of ``size`` pages (plus the home page) and 200 checklists into ``dest``."""
    rng = random.Random(SEED + size)
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(root / "templates", dest / "templates")
    shutil.copytree(root / "scripts", dest / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    (dest / "data").mkdir()
    for name in ("facts.yml", "terminology.yml"):
        shutil.copyfile(root / "data" / name, dest / "data" / name)
    (dest / "checklists").mkdir()
    for schema in ("checklist.schema.json", "vocabulary.schema.json"):
        shutil.copyfile(root / "checklists" / schema, dest / "checklists" / schema)
    if (root / "node_modules").exists():
        (dest / "node_modules").symlink_to((root / "node_modules").resolve())

    pages, headings = _plan(size, rng)
    glossary = load_yaml((root / "data" / "glossary.yml").read_text(encoding="utf-8")) or []
    terms = [str(entry["term"]) for entry in glossary]
    # the real glossary, with each 'see' pointing into the synthetic guide
    glossary_lines = []
    for entry in glossary:
        page = rng.choice(pages)
        glossary_lines += [f"- term: {_q(entry['term'])}"]
        if entry.get("expansion"):
            glossary_lines += [f"  expansion: {_q(entry['expansion'])}"]
        glossary_lines += [f"  definition: {_q(entry['definition'])}", f"  see: {page}#section-1", "  source:",
                           f"    title: {_q(entry['source']['title'])}", f"    url: {entry['source']['url']}"]
    (dest / "data" / "glossary.yml").write_text("\n".join(glossary_lines) + "\n", encoding="utf-8")

    checklist_ids = [f"synthetic-steps-{n:03d}" for n in range(1, CHECKLISTS + 1)]
    for number, checklist_id in enumerate(checklist_ids, start=1):
        (dest / "checklists" / f"{checklist_id}.yml").write_text(_checklist(number, checklist_id, pages, headings, rng),
                                                                 encoding="utf-8")
    sources = [(f"Task force guidance, part {n}", f"https://www.justice.gov/humantrafficking/guidance-{n}")
               for n in range(1, max(20, size // 5) + 1)]
    guide = dest / "guide"
    for number, path in enumerate(pages, start=1):
        file = guide / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(_page(path, number, pages, headings, terms, checklist_ids, sources, rng), encoding="utf-8")
        figure = file.parent / "img" / "figure.svg"
        if not figure.exists():
            figure.parent.mkdir(exist_ok=True)
            figure.write_text(SVG, encoding="utf-8")
    home = _page("index.md", 0, pages, {**headings, "index.md": 6}, terms, checklist_ids, sources, rng)
    (guide / "index.md").write_text(home.replace("id: index", "id: home"), encoding="utf-8")
    (guide / "img").mkdir(exist_ok=True)
    (guide / "img" / "figure.svg").write_text(SVG, encoding="utf-8")

    # Nav: parts of 10 chapters of 50 pages, as a large guide would be organised (a flat list of 100 chapters
    # makes Material render every page's full nav on every page, and the build time grows with the square).
    config = (root / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:\n")[0]
    nav = ["", "nav:", "  - Home: index.md"]
    chapters = sorted({path.split("/")[0] for path in pages})
    for number, folder in enumerate(chapters):
        if number % 10 == 0:
            nav.append(f"  - Part {number // 10 + 1}:")
        nav.append(f"      - {folder.replace('-', ' ').capitalize()}:")
        nav += [f"          - {path.split('/')[1][:-3]}: {path}" for path in pages if path.startswith(folder + "/")]
    nav += ["  - Checklists: checklists/index.md", "  - Reference:", "      - Glossary: reference/glossary.md",
            "      - reference/sources.md", "      - reference/sources-o-z.md",
            "      - Recent changes: reference/changes.md"]
    (dest / "mkdocs.yml").write_text(config.rstrip("\n") + "\n" + "\n".join(nav) + "\n", encoding="utf-8")
    return dest


def _q(value) -> str:
    return "'" + str(value).replace("'", "''") + "'"


# --- timing ---------------------------------------------------------------------------------------------


def time_check(root: Path, repeat: int = 3) -> tuple[float, int, int]:
    """Best of ``repeat`` (load_project + validate, in-process); also files checked and problems found."""
    from .project import load_project
    from .validate import validate

    best, files, problems = float("inf"), 0, 0
    for _ in range(repeat):
        started = time.perf_counter()
        project = load_project(root)
        found = validate(project)
        best = min(best, time.perf_counter() - started)
        files, problems = project.files_checked(), len(found)
        if found:
            for problem in found[:5]:
                print("   ", problem.format().replace("\n", "\n    "))
    return best, files, problems


def time_build(root: Path, site: Path) -> tuple[float, int, str]:
    """``make build`` without the PDFs: check, prepare, the MkDocs engine, finish."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="0")
    command = [sys.executable, "-m", "scripts", "--root", str(root), "build", "--no-printables", "--site-dir", str(site)]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, result.returncode, (result.stdout + result.stderr)[-2000:]


def bench_check(root: Path, sizes: list[int]) -> int:
    print("Validator: check = load_project + validate (in-process, best of 3); build = make build without PDFs (once)")
    status = 0
    real, real_files, real_problems = time_check(root)
    rows: dict[int, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="eguide-bench-") as temp:
        for size in sizes:
            tree = Path(temp) / f"guide-{size}"
            started = time.perf_counter()
            make_synthetic_guide(root, tree, size)
            print(f"  {size} pages: generated in {time.perf_counter() - started:.1f} s; timing check ...", flush=True)
            check, _files, problems = time_check(tree)
            if problems:
                print(f"  warning: the synthetic {size}-page guide has {problems} problems (shown above)")
                status = 1
            print(f"  {size} pages: check {check:.2f} s; timing mkdocs build ...", flush=True)
            build, code, output = time_build(tree, tree / "site")
            if code != 0:
                print(f"  mkdocs build of the {size}-page guide failed (exit {code}):\n{output}")
                status = 1
            rows[size] = (check, build)
            shutil.rmtree(tree, ignore_errors=True)
            shutil.rmtree(Path(temp) / f"site-{size}", ignore_errors=True)

    print()
    print(f"  {'pages':>6}  {'checklists':>10}  {'check (s)':>9}  {'build (s)':>9}  {'check/build':>11}")
    for size, (check, build) in rows.items():
        print(f"  {size:>6}  {CHECKLISTS:>10}  {check:>9.2f}  {build:>9.1f}  {check / build:>10.1%}")
    print(f"  real guide: {real_files} files, check {real:.3f} s, {real_problems} problems")
    verdicts = [("real guide check < 1 s", real < TARGET_REAL, f"{real:.3f} s")]
    if 5000 in rows:
        check, build = rows[5000]
        verdicts.append(("5,000-page check < 10% of build", check / build < TARGET_RATIO, f"{check / build:.1%}"))
    if 1000 in rows and 5000 in rows:
        growth = rows[5000][0] / rows[1000][0]
        print(f"  check growth 5000/1000: {growth:.2f}x")
        verdicts.append(("check growth 5000/1000 <= 6x", growth <= TARGET_GROWTH, f"{growth:.2f}x"))
    for name, ok, value in verdicts:
        print(f"  {'PASS' if ok else 'MISS'}  {name}: {value}")
    return status


# --- printables ------------------------------------------------------------------------------------------


def bench_printables(root: Path) -> int:
    from pypdf import PdfReader

    from .printables import build_printables
    from .project import load_project

    print("Printables: build_printables on a copy of the real project (cold = empty cache, warm = same inputs again)")
    with tempfile.TemporaryDirectory(prefix="eguide-bench-print-") as temp:
        copy = Path(temp) / "repo"
        for name in ("guide", "checklists", "data", "templates", "scripts"):  # scripts: mkdocs.yml's hooks
            shutil.copytree(root / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        for name in ("mkdocs.yml", "CONTRIBUTING.md"):
            if (root / name).exists():
                shutil.copyfile(root / name, copy / name)
        project = load_project(copy)
        # With a built site next to it, the printables include the whole-guide PDF made from its pages.
        built = root / "site" / "index.html"
        site = Path(temp) / "site"
        if built.is_file():
            shutil.copytree(root / "site", site, ignore=shutil.ignore_patterns("printables", "*.zip"))
        started = time.perf_counter()
        cold = build_printables(project, site / "printables")
        cold_time = time.perf_counter() - started
        started = time.perf_counter()
        warm = build_printables(project, site / "printables")
        warm_time = time.perf_counter() - started
        sizes = {path.name: path.stat().st_size for path in (site / "printables").glob("*.pdf")}
        guide = site / "printables" / "guide.pdf"
        guide_pages = len(PdfReader(guide).pages) if guide.is_file() else 0
    per_pdf = cold_time / cold["rendered"] if cold["rendered"] else 0.0
    print(f"  cold: {cold_time:.1f} s for {cold['pdfs']} PDFs ({cold['rendered']} rendered, {os.cpu_count()} CPUs)"
          f" = {per_pdf:.2f} s per PDF")
    print(f"  warm: {warm_time:.2f} s ({warm['rendered']} rendered, {warm['reused']} reused)")
    if guide_pages:
        seconds = f", {cold['guide_seconds']:.1f} s" if cold.get("guide_seconds") else ""
        print(f"  whole guide: guide.pdf, {guide_pages} pages, {sizes['guide.pdf'] / 1e6:.1f} MB{seconds} "
              "(made in its own process alongside the checklists, inside the cold time)")
    else:
        print("  whole guide: not measured (no built site: run make build first)")
    singles = sorted(size for name, size in sizes.items() if not name.startswith(("packet-", "guide")))
    packets = sorted(size for name, size in sizes.items() if name.startswith("packet-"))
    if singles:
        print(f"  size: checklist PDFs {singles[0] / 1000:.0f} to {singles[-1] / 1000:.0f} KB"
              + (f", packets {packets[0] / 1000:.0f} to {packets[-1] / 1000:.0f} KB" if packets else "")
              + f", {sum(sizes.values()) / 1e6:.1f} MB in all")
    return 0


# --- lighthouse ------------------------------------------------------------------------------------------


def bench_lighthouse(root: Path, required: bool) -> int:
    try:
        from .lighthouse import run_lighthouse
    except ImportError as error:
        print(f"Lighthouse: skipped, scripts/lighthouse.py cannot be imported ({error}).")
        return 1 if required else 0
    result = run_lighthouse(root)
    return result if isinstance(result, int) else 0


def run_bench(root: Path, sizes: list[int], only: list[str] | None) -> int:
    root = Path(root).resolve()
    parts = only or ["check", "printables", "lighthouse"]
    status = 0
    for part in parts:
        started = time.perf_counter()
        if part == "check":
            status |= bench_check(root, sizes)
        elif part == "printables":
            status |= bench_printables(root)
        elif part == "lighthouse":
            status |= bench_lighthouse(root, required=bool(only))
        print(f"({part}: {time.perf_counter() - started:.0f} s)\n", flush=True)
    return status
