"""``python -m scripts check``: the report, JSON, exit codes 0/1/2/3, and never a traceback unless asked."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import ROOT

from scripts import validate as validate_mod
from scripts.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_tree_exits_0(guide, capsys):
    code, out, err = run(capsys, "--root", str(guide.root), "check")
    assert code == 0
    assert out.startswith("No problems in 9 files. (")
    assert err == ""


def test_problems_exit_1_with_one_line_each_sorted_by_file_then_a_summary(guide, capsys):
    guide.replace("guide/operating/protocols.md", "Each agency's commitments.",
                  "Each agency's commitments, as in [the models](../forming/models.md#coled-model).")
    guide.replace("checklists/drafting-mous.yml", "phase: operating", "phase: operation")
    guide.replace("guide/forming/models.md", "(img/co-led.svg)", "(img/coled.svg)")
    code, out, err = run(capsys, "--root", str(guide.root), "check")
    assert code == 1
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == "checklists/drafting-mous.yml:5:1: error[bad-value]: 'operation' is not an allowed value for phase"
    assert lines[1] == "  hint: did you mean 'operating'? allowed: forming, operating, victim-services, cases, courts"
    assert lines[2].startswith("guide/forming/models.md:") and "error[missing-file]" in lines[2]
    assert lines[4] == ("guide/operating/protocols.md:20:47: error[broken-anchor]: 'forming/models.md' has no heading "
                        "with id 'coled-model'")
    assert lines[5] == "  hint: did you mean guide/forming/models.md#co-led-model?"
    assert lines[6].startswith("3 problems in 3 of 9 files. (")
    assert len(lines) == 7


def test_json_format(guide, capsys):
    guide.replace("guide/forming/models.md", "(start-up.md#first-meeting)", "(start-up.md#first-meting)")
    code, out, _ = run(capsys, "--root", str(guide.root), "check", "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["files_checked"] == 9
    assert report["problems"] == [
        {
            "path": "guide/forming/models.md",
            "line": 17,
            "col": 76,
            "code": "broken-anchor",
            "message": "'forming/start-up.md' has no heading with id 'first-meting'",
            "hint": "did you mean guide/forming/start-up.md#first-meeting?",
            "severity": "error",
        }
    ]


def test_a_clean_check_lists_the_first_overdue_reviews_as_warnings_and_still_exits_0(guide, capsys):
    code, out, _ = run(capsys, "--root", str(guide.root), "check")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("No problems in 9 files.")
    assert "warnings: pages or facts past their review date; 'make stale' lists them" in lines[1]
    assert "warning[stale-" in lines[2]
    code, out, _ = run(capsys, "--root", str(guide.root), "stale")
    assert code == 0 and out.splitlines()[-1].startswith("To re-verify, most overdue first: ")


def test_json_format_clean(guide, capsys):
    code, out, _ = run(capsys, "--root", str(guide.root), "check", "--format", "json")
    assert (code, json.loads(out)) == (0, {"files_checked": 9, "problems": []})


@pytest.mark.parametrize(
    "argv, message",
    [
        (["check", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["chekc"], "argument command: invalid choice: 'chekc'"),
        ([], "the following arguments are required: command"),
        (["check", "--unknown"], "unrecognized arguments: --unknown"),
    ],
)
def test_bad_usage_exits_2(capsys, argv, message):
    with pytest.raises(SystemExit) as raised:
        main(argv)
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_a_folder_that_is_not_a_guide_exits_2(tmp_path, capsys):
    code, out, err = run(capsys, "--root", str(tmp_path / "nowhere"), "check")
    assert code == 2
    assert out == ""
    assert err.strip() == f"error: {tmp_path / 'nowhere'} has no mkdocs.yml: pass --root with the project folder"


def _boom(project):
    raise KeyError("sections")


def test_internal_error_exits_3_without_a_traceback(guide, capsys, monkeypatch):
    monkeypatch.setattr(validate_mod, "validate", _boom)
    code, out, err = run(capsys, "--root", str(guide.root), "check")
    assert code == 3
    assert out == ""
    assert "Traceback" not in err
    assert err.strip() == (
        f"internal error (a bug in the e-Guide tools, at test_cli.py:{_boom.__code__.co_firstlineno + 1}): KeyError: 'sections'. "
        "Run again with --debug for the traceback and report it."
    )


def test_debug_shows_the_traceback(guide, capsys, monkeypatch):
    monkeypatch.setattr(validate_mod, "validate", _boom)
    code, _, err = run(capsys, "--root", str(guide.root), "--debug", "check")
    assert code == 3
    assert err.startswith("Traceback (most recent call last):")
    assert "in _boom" in err and err.rstrip().endswith("KeyError: 'sections'")


def test_the_real_guide_through_the_module_entry_point():
    result = subprocess.run([sys.executable, "-m", "scripts", "check", "--format", "json"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout
    report = json.loads(result.stdout)
    assert report["problems"] == [] and report["files_checked"] > 40


def test_module_entry_point_exit_code_for_problems(guide):
    guide.replace("guide/forming/models.md", "[[co-led model|Co-led model]]", "[[co-led model|Coled model]]")
    result = subprocess.run([sys.executable, "-m", "scripts", "--root", str(guide.root), "check"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert "error[unknown-term]: 'Coled model' is not in the glossary" in result.stdout
    assert "hint: did you mean [[Co-led model]]?" in result.stdout


# --- the bench command (the timing itself runs in `make bench`; here only its wiring and its synthetic guide) ---


def test_bench_sizes_must_be_numbers(capsys):
    with pytest.raises(SystemExit) as raised:
        main(["bench", "--sizes", "1000,lots"])
    assert raised.value.code == 2
    assert "argument --sizes: '1000,lots' is not a comma-separated list of page counts" in capsys.readouterr().err


def test_the_synthetic_guide_is_clean_and_the_table_prints(capsys, monkeypatch):
    from scripts import bench

    monkeypatch.setattr(bench, "time_build", lambda root, site: (12.5, 0, ""))
    code = main(["bench", "--only", "check", "--sizes", "60,120"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "warning" not in out
    rows = [line.split() for line in out.splitlines() if re.fullmatch(r"\s+\d+\s+200\s.*", line)]
    assert [row[:2] for row in rows] == [["60", "200"], ["120", "200"]]
    assert all(row[3] == "12.5" for row in rows)
    assert "PASS  real guide check < 1 s" in out or "MISS  real guide check < 1 s" in out


def test_synthetic_guide_has_the_promised_shape(tmp_path):
    from scripts.bench import make_synthetic_guide
    from scripts.project import load_project

    project = load_project(make_synthetic_guide(ROOT, tmp_path / "synthetic", 100))
    authored = [page for page in project.pages.values() if not page.generated]
    assert len(authored) == 100
    assert len(project.checklists) == 200
    page = next(p for p in authored if p.path != "index.md")
    assert 6 <= len([h for h in page.headings if h.level == 2]) <= 10
    assert any(link.kind == "image" and not link.missing_alt for link in page.links)
    assert any("#section-" in link.target for link in page.links)
    assert page.terms and page.facts and len(page.callouts) == 2
    assert 500 <= len(page.body.split()) <= 900
    assert len(project.nav) == 105  # every page, the checklists index, glossary, two Sources pages, recent changes


def test_lighthouse_missing_is_reported_not_a_crash(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "scripts.lighthouse", None)
    assert main(["bench", "--only", "lighthouse"]) == 1
    assert "Lighthouse: skipped, scripts/lighthouse.py cannot be imported" in capsys.readouterr().out
