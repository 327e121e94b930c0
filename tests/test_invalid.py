"""Broken input gets one clear line per problem: ``path:line: what is wrong (how to fix)``.

Each folder under tests/invalid/ is a case: its files are laid over a copy of the project
(``remove`` lists files to delete, ``large`` names a file to fill with 2 MB of text,
``patch.json`` replaces one exact snippet of a project file, e.g. to break a template), then
``briefing check`` runs from the project root; stderr must equal ``expected.txt`` exactly,
the exit code must be 1, and there must be no traceback.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import copy_project

CASES = Path(__file__).parent / "invalid"
SPECIAL = {"expected.txt", "remove", "large", "patch.json"}


def assemble_case(case: Path, root: Path) -> Path:
    copy_project(root)
    for path in case.rglob("*"):
        rel = path.relative_to(case)
        if path.is_file() and rel.as_posix() not in SPECIAL:
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    if (case / "remove").exists():
        for line in (case / "remove").read_text().split():
            (root / line).unlink()
    if (case / "patch.json").exists():
        for patch in json.loads((case / "patch.json").read_text(encoding="utf-8")):
            target = root / patch["path"]
            text = target.read_text(encoding="utf-8")
            assert text.count(patch["old"]) == 1, f"{case.name}: snippet not found once"
            target.write_text(text.replace(patch["old"], patch["new"]), encoding="utf-8")
    if (case / "large").exists():
        target = root / (case / "large").read_text().strip()
        target.write_text("---\ntitle: x\ndate: 2024-12-03\n---\n\n" + "نص " * 700_000,
                          encoding="utf-8")
    return root


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_invalid_input_message(case: str, tmp_path: Path) -> None:
    root = assemble_case(CASES / case, tmp_path / "project")
    result = subprocess.run([sys.executable, "-m", "briefing", "check", "--quiet"], cwd=root,
                            capture_output=True, text=True)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1, result.stdout + result.stderr
    expected = (CASES / case / "expected.txt").read_text(encoding="utf-8")
    assert result.stderr == expected
