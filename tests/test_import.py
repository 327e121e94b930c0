"""``briefing import``: the seed becomes a content file that reads back to the same structure;
an existing file is never overwritten without --force, and then the old one is kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.rawtext import parse_raw
from briefing.reader import read_content

from .conftest import SEED, SEED_DATE


def run_import(content: Path, *extra: str) -> int:
    return main(["import", str(SEED), "--date", SEED_DATE, "--content", str(content),
                 "--slug", "seed", "--source", "صحيفة", *extra])


def test_import_writes_content_that_reads_back(tmp_path: Path, seed_text: str) -> None:
    content = tmp_path / "content"
    assert run_import(content, "--title", "عنوان") == 0
    target = content / SEED_DATE / "seed.ar.md"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: عنوان\ndate: 2024-12-03\nsource:\n  name: صحيفة\n---\n")
    assert "\n## تميم بن حمد\n" in text
    [article] = read_content(content, ("ar", "en"))
    version = article.versions["ar"]
    assert version.title == "عنوان"
    assert version.source.name == "صحيفة"
    expected = [(b.kind, b.text) for b in parse_raw(seed_text)]
    assert [(b.kind, b.text) for b in version.blocks] == expected


def test_import_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    assert run_import(content) == 0
    target = content / SEED_DATE / "seed.ar.md"
    target.write_text(target.read_text(encoding="utf-8") + "\nEDITOR'S NOTE\n", encoding="utf-8")
    before = target.read_bytes()
    capsys.readouterr()
    assert run_import(content) == 1
    err = capsys.readouterr().err
    assert str(target) in err
    assert "already exists" in err and "--force" in err
    assert target.read_bytes() == before


def test_force_replaces_and_keeps_the_editors_file(tmp_path: Path) -> None:
    content = tmp_path / "content"
    assert run_import(content) == 0
    target = content / SEED_DATE / "seed.ar.md"
    target.write_text(target.read_text(encoding="utf-8") + "\nEDITOR'S NOTE\n", encoding="utf-8")
    edited = target.read_bytes()
    assert run_import(content, "--force") == 0
    assert b"EDITOR'S NOTE" not in target.read_bytes()
    backups = list(target.parent.glob(".seed.ar.md.*.bak"))
    assert len(backups) == 1 and backups[0].read_bytes() == edited
    # The hidden backup does not disturb builds.
    assert len(read_content(content, ("ar", "en"))) == 1


def test_console_script_exit_code(tmp_path: Path) -> None:
    """The installed entry point, as an editor runs it: exit 1 and one line naming the file."""
    content = tmp_path / "content"
    args = [sys.executable, "-m", "briefing", "import", str(SEED), "--date", SEED_DATE,
            "--content", str(content), "--slug", "seed"]
    assert subprocess.run(args, capture_output=True).returncode == 0
    second = subprocess.run(args, capture_output=True, text=True)
    assert second.returncode == 1
    assert second.stderr.startswith(f"{content / SEED_DATE / 'seed.ar.md'}: ")
    assert "Traceback" not in second.stderr
