"""Problems: the one shape every check returns, and the one way they are printed."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing a maintainer must fix, located at ``path:line:col``."""

    path: str
    line: int
    col: int
    code: str
    message: str
    hint: str = ""
    severity: str = "error"  # "warning": reported, never fails a check or a build (the stale report)

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.severity}[{self.code}]: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Sort by file, then position, dropping exact repeats."""
    return sorted(set(problems))


def format_text(problems: list[Problem], files_checked: int) -> str:
    lines = [p.format() for p in problems]
    noun = "problem" if len(problems) == 1 else "problems"
    files = {p.path for p in problems}
    if problems:
        lines.append(f"{len(problems)} {noun} in {len(files)} of {files_checked} files.")
    else:
        lines.append(f"No problems in {files_checked} files.")
    return "\n".join(lines)


def format_json(problems: list[Problem], files_checked: int) -> str:
    return json.dumps(
        {"files_checked": files_checked, "problems": [asdict(p) for p in problems]},
        indent=2,
        ensure_ascii=False,
    )
