"""Command line: ``python -m scripts [--local PATH] check|build|print|offline|bench``.

Exit codes: 0 clean, 1 problems found, 2 bad usage, 3 internal error (a bug: ``--debug`` shows it).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

from .assets import BuildError
from .prepare import ENGINES
from .problems import format_json, format_text

ROOT = Path(__file__).resolve().parent.parent


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # exit 2 with a one-line message
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a comma-separated list of page counts, e.g. 1000,5000") from None
    if not sizes or min(sizes) < 10:
        raise argparse.ArgumentTypeError(f"'{text}': give at least one size of 10 pages or more")
    return sizes


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m scripts", description="Check and build the Task Force e-Guide.")
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this checkout)")
    parser.add_argument("--debug", action="store_true", help="show the Python traceback of an internal error")
    parser.add_argument("--local", type=Path, default=None, metavar="PATH",
                        help="a local edition's overlay folder (local.yml, pages/, notes/); see CONTRIBUTING.md")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="validate pages, links, anchors, checklists, glossary and terms")
    check.add_argument("--format", choices=("text", "json"), default="text")

    build = sub.add_parser("build", help="check, prepare, build strictly with an engine, finish: the complete site in site/")
    build.add_argument("--site-dir", type=Path, default=None, help="output folder inside the project (default: site/)")
    build.add_argument("--engine", choices=ENGINES, default="mkdocs", help="mkdocs (default) or zensical")
    build.add_argument("--no-printables", action="store_true", help="skip the PDFs and the CSV (faster previews)")

    prep = sub.add_parser("prepare", help="write the staged docs tree and engine configuration only")
    prep.add_argument("--engine", choices=ENGINES, default="mkdocs")

    serve = sub.add_parser("serve", help="prepare, then preview with live reload on http://127.0.0.1:8000")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")

    printer = sub.add_parser("print", help="write checklist PDFs, packets and the CSV")
    printer.add_argument("--paper", choices=("letter", "a4", "both"), default="both",
                         help="checklists on US Letter, A4 or both (default); packets on Letter, or A4 with --paper a4")
    printer.add_argument("--only", metavar="ID", action="append", help="only this checklist id (repeatable)")
    printer.add_argument("--out", type=Path, default=None, help="output folder (default: site/printables)")

    sub.add_parser("stale", help="list pages past their review date and facts not checked within their interval")

    offline = sub.add_parser("offline", help="zip the built site into dist/ for use without a server")
    offline.add_argument("--site-dir", type=Path, default=None)

    for name in ("check", "build", "prepare", "serve", "print", "offline"):  # also accepted after the command
        sub.choices[name].add_argument("--local", type=Path, default=argparse.SUPPRESS, metavar="PATH",
                                       help="a local edition's overlay folder (as before the command)")

    bench = sub.add_parser("bench", help="print the benchmark figures")
    bench.add_argument("--sizes", type=_sizes, default="1000,5000", help="synthetic guide sizes, comma-separated")
    bench.add_argument("--only", choices=("check", "printables", "lighthouse"), action="append")
    return parser


def local_folder(args) -> Path | None:
    """The overlay folder given with --local, checked to be a folder with local.yml (else exit 2)."""
    local = getattr(args, "local", None)
    if local is None or str(local) == "":
        return None
    if not Path(local).is_dir():
        raise _Usage(f"--local {local}: no such folder (a local edition is a folder with local.yml, pages/ and notes/)")
    if not (Path(local) / "local.yml").exists():
        raise _Usage(f"--local {local}: the folder has no local.yml; see CONTRIBUTING.md, 'Keeping a local edition'")
    return Path(local)


class _Usage(Exception):
    """Bad usage found after parsing: exit status 2."""


def cmd_check(args) -> int:
    from .project import load_project
    from .stale import stale_items
    from .validate import validate

    started = time.perf_counter()
    if not (Path(args.root) / "mkdocs.yml").is_file():
        print(f"error: {args.root} has no mkdocs.yml: pass --root with the project folder", file=sys.stderr)
        return 2
    project = load_project(args.root, local=local_folder(args))
    problems = validate(project)
    if args.format == "json":
        print(format_json(problems, project.files_checked()))
    else:
        print(format_text(problems, project.files_checked()), f"({time.perf_counter() - started:.2f} s)")
        warnings = stale_items(project) if not problems else []  # problems first; the to-do list when clean
        if warnings:  # never an error: a to-do list, most overdue first (make stale prints it in full)
            print(f"{len(warnings)} warnings: pages or facts past their review date; 'make stale' lists them, e.g.:")
            print("\n".join(w.format() for w in warnings[:3]))
    return 1 if problems else 0


def cmd_stale(args) -> int:
    from .project import load_project
    from .stale import format_report, stale_items

    print(format_report(stale_items(load_project(args.root))))
    return 0


def cmd_build(args) -> int:
    from .build import build_site

    return build_site(args.root, args.site_dir, args.engine, printables=not args.no_printables, local=local_folder(args))


def cmd_prepare(args) -> int:
    from .prepare import prepare
    from .project import load_project

    stage = prepare(load_project(args.root, local=local_folder(args)), args.engine)
    print(f"Staged {stage.docs.relative_to(stage.root)}/ and {stage.config.name} ({stage.written} files changed)")
    return 0


def cmd_serve(args) -> int:
    import os
    import subprocess

    from .prepare import prepare
    from .project import load_project

    local = local_folder(args)
    stage = prepare(load_project(args.root, local=local), "mkdocs", "site", serve=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if local is not None:  # the serve hook re-prepares the same edition before each rebuild
        env["EGUIDE_LOCAL"] = str(local.resolve())
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", args.dev_addr,
               "--config-file", str(stage.config)]
    return subprocess.run(command, cwd=args.root, env=env, check=False).returncode


def cmd_print(args) -> int:
    from .printables import print_command

    return print_command(args.root, args.out, args.paper, args.only, local=local_folder(args))


def cmd_offline(args) -> int:
    from .offline import make_offline_zip

    return make_offline_zip(args.root, args.site_dir, local=local_folder(args))


def cmd_bench(args) -> int:
    from .bench import run_bench

    return run_bench(args.root, args.sizes, args.only)


COMMANDS = {"check": cmd_check, "build": cmd_build, "prepare": cmd_prepare, "stale": cmd_stale, "serve": cmd_serve, "print": cmd_print, "offline": cmd_offline, "bench": cmd_bench}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except _Usage as error:
        print(f"python -m scripts: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - the promise is: never a traceback unless asked
        if args.debug:
            traceback.print_exc()
        else:
            frame = traceback.extract_tb(error.__traceback__)[-1]
            where = f"{Path(frame.filename).name}:{frame.lineno}"
            print(f"internal error (a bug in the e-Guide tools, at {where}): {type(error).__name__}: {error}. "
                  "Run again with --debug for the traceback and report it.", file=sys.stderr)
        return 3
