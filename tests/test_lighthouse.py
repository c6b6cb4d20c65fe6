"""The Lighthouse benchmark's own logic: which pages it measures, how it reads a report and how it judges the goals.
(The runs themselves need Chromium and take minutes; ``make bench`` does them.)"""

from __future__ import annotations

import pytest

from scripts.assets import BuildError
from scripts.lighthouse import BUDGET, median_run, misses, pick_pages, print_table, summarize


def _write(path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x" * size, encoding="utf-8")


def test_pick_pages_takes_home_the_longest_page_and_the_longest_checklist(tmp_path):
    _write(tmp_path / "index.html", 50_000)
    _write(tmp_path / "reference/sources.html", 300_000)
    _write(tmp_path / "understanding/federal-law.html", 200_000)
    _write(tmp_path / "checklists/index.html", 900_000)  # the index is not a checklist
    _write(tmp_path / "checklists/planning-an-operation.html", 120_000)
    _write(tmp_path / "checklists/drafting-mous.html", 80_000)
    _write(tmp_path / "search/search_index.html", 999_000)  # not a page
    _write(tmp_path / "404.html", 999_000)
    assert pick_pages(tmp_path) == [
        ("Home", "index.html"),
        ("Longest page", "reference/sources.html"),
        ("Checklist", "checklists/planning-an-operation.html"),
    ]


def test_pick_pages_without_a_built_site_says_what_to_run(tmp_path):
    _write(tmp_path / "index.html", 10)
    with pytest.raises(BuildError, match="run 'make build'"):
        pick_pages(tmp_path)


def _report(performance: float, sizes: dict[str, int], failing_ok: bool = True) -> dict:
    categories = {c: {"score": 1.0, "auditRefs": [{"id": "fcp", "weight": 10}]} for c in
                  ("accessibility", "best-practices", "seo")}
    categories["performance"] = {"score": performance, "auditRefs": [{"id": "tbt", "weight": 30}]}
    items = [{"url": url, "transferSize": size} for url, size in sizes.items()]
    return {
        "lighthouseVersion": "12.8.2",
        "categories": categories,
        "audits": {
            "network-requests": {"details": {"items": items}},
            "fcp": {"title": "First Contentful Paint", "score": 1},
            "tbt": {"title": "Total Blocking Time", "score": 1 if failing_ok else 0.6, "displayValue": "320 ms"},
        },
    }


def test_summarize_counts_bytes_before_the_search_index_and_names_failing_audits():
    report = _report(0.9, {"http://h/index.html": 20_000, "http://h/assets/bundle.js": 40_000,
                           "http://h/search/search_index.json": 270_000}, failing_ok=False)
    result = summarize(report)
    assert result["total"] == 330_000
    assert result["before_index"] == 60_000
    assert result["requests"] == 3
    assert result["failing"] == ["performance: Total Blocking Time (320 ms)"]


def test_median_run_is_the_middle_performance_score_with_every_score_kept():
    runs = [summarize(_report(score, {"http://h/": 1})) for score in (0.95, 0.72, 0.99, 0.90, 0.96)]
    chosen = median_run(runs)
    assert chosen["scores"]["performance"] == 0.95
    assert chosen["performance_runs"] == [0.95, 0.72, 0.99, 0.90, 0.96]


def test_misses_names_each_goal_missed_and_the_byte_budget():
    result = summarize(_report(0.93, {"http://h/": BUDGET + 2048}))
    assert misses(result) == ["performance 93, goal 95", f"{BUDGET // 1024 + 2} KB before the search index (budget 150 KB)"]
    assert misses(summarize(_report(0.95, {"http://h/": 1000}))) == []


def test_print_table_reports_the_goals_and_fails_when_one_is_missed(capsys):
    good = median_run([summarize(_report(0.97, {"http://h/": 1000}))])
    bad = median_run([summarize(_report(0.91, {"http://h/": 1000}, failing_ok=False))])
    assert print_table([("Home", "index.html", good)]) == 0
    assert "Every page meets the goals." in capsys.readouterr().out
    assert print_table([("Home", "index.html", good), ("Checklist", "checklists/x.html", bad)]) == 1
    out = capsys.readouterr().out
    assert "median of 1 runs per page" in out
    assert "Checklist (checklists/x.html) misses: performance 91, goal 95" in out
    assert "- performance: Total Blocking Time (320 ms)" in out
