"""The vocabulary has one home: a new role is one edit to checklists/vocabulary.schema.json, never a crash."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from scripts import data
from scripts.schema import validator_for

ROOT = Path(__file__).resolve().parent.parent


def test_schemas_and_code_read_the_same_vocabulary():
    vocabulary = json.loads(data.VOCABULARY_FILE.read_text(encoding="utf-8"))["$defs"]
    assert list(data.ROLES) == vocabulary["role"]["enum"]
    assert list(data.PHASES) == vocabulary["phase"]["enum"]
    assert set(data.CALLOUT_LABELS) == set(vocabulary["callout"]["enum"])
    for schema in (ROOT / "checklists/checklist.schema.json", ROOT / "scripts/schemas/page.schema.json"):
        text = schema.read_text(encoding="utf-8")
        assert '"enum": ["coordinator"' not in text and "vocabulary.schema.json#/$defs/role" in text
        validator_for(schema)  # the $ref resolves


def test_a_new_role_is_one_edit(tmp_path):
    tools = tmp_path / "tools"
    shutil.copytree(ROOT / "scripts", tools / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("guide", "checklists", "data", "templates"):
        shutil.copytree(ROOT / name, tools / name)
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copyfile(ROOT / name, tools / name)
    (tools / "node_modules").symlink_to(ROOT / "node_modules")
    vocabulary_file = tools / "checklists/vocabulary.schema.json"
    vocabulary = json.loads(vocabulary_file.read_text(encoding="utf-8"))
    vocabulary["$defs"]["role"]["enum"].insert(-1, "tribal-partner")
    vocabulary["$defs"]["role"]["x-labels"]["tribal-partner"] = "Tribal partners"
    vocabulary_file.write_text(json.dumps(vocabulary, indent=2), encoding="utf-8")
    checklist = tools / "checklists/drafting-mous.yml"
    text = checklist.read_text(encoding="utf-8")
    checklist.write_text(text.replace("audience: [", "audience: [tribal-partner, ", 1), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "scripts", "build", "--no-printables"], cwd=tools, capture_output=True,
                         text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    page = (tools / "site/checklists/drafting-mous.html").read_text(encoding="utf-8")
    assert "Tribal partners" in page
    assert "Tribal partners" in (tools / "site/checklists/index.html").read_text(encoding="utf-8")
