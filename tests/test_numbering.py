"""One paragraph numbering (from 1, subheadings not counted) across classify, check and
overrides; classify on folders; check limited to one day."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from briefing.cli import main

from .conftest import SEED, SEED_DATE, SEED_SLUG


def classify_json(capsys: pytest.CaptureFixture[str], *paths: Path) -> list[dict[str, object]]:
    assert main(["classify", *map(str, paths), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)["documents"]


def test_classify_and_check_number_paragraphs_alike(
        project: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    arabic = project / "content" / SEED_DATE / f"{SEED_SLUG}.ar.md"
    # An override by number: check shows it at that number, classify's number is the same.
    text = arabic.read_text(encoding="utf-8")
    arabic.write_text(text.replace("date: 2024-12-03\n", "date: 2024-12-03\nsections:\n"
                                   "  9: un\n", 1), encoding="utf-8")
    assert main(["check"]) == 0
    check = {int(m.group(1)): m.group(2) for m in re.finditer(
        rf"{SEED_SLUG}\.ar\.md: paragraph (\d+): (\w+)", capsys.readouterr().out)}
    assert sorted(check) == list(range(1, 32))
    assert check[9] == "un"
    [doc] = classify_json(capsys, arabic)
    blocks = doc["blocks"]
    assert isinstance(blocks, list)
    numbered = {b["paragraph"]: b for b in blocks if b["paragraph"] is not None}
    assert sorted(numbered) == list(range(1, 32))
    assert all(b["kind"] == "heading" for b in blocks if b["paragraph"] is None)
    agree = sum(numbered[n]["section"] == check[n] for n in check if n != 9)
    assert agree == 30  # same paragraphs, same numbers (9 is the editor's override)


def test_classify_raw_text_shows_block_index_and_paragraph_number(
        capsys: pytest.CaptureFixture[str]) -> None:
    [doc] = classify_json(capsys, SEED)
    blocks = doc["blocks"]
    assert isinstance(blocks, list)
    assert [b["index"] for b in blocks] == list(range(len(blocks)))
    heading = next(b for b in blocks if b["kind"] == "heading")
    assert heading["paragraph"] is None
    paragraphs = [b["paragraph"] for b in blocks if b["paragraph"] is not None]
    # 35 blank-line blocks besides the heading: one is the rest of a paragraph cut by a blank
    # line (it shares that paragraph's number), the 31 paragraphs of the imported file.
    assert sorted(set(paragraphs)) == list(range(1, 32))
    assert len(paragraphs) == 32 and paragraphs == sorted(paragraphs)
    assert main(["classify", str(SEED)]) == 0
    first = capsys.readouterr().out.splitlines()[1]
    assert re.match(r"\s+0\s+¶1 ", first), first


def test_classify_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "day"
    folder.mkdir()
    shutil.copy(SEED, folder / "a.txt")
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    (folder / ".hidden.txt").write_text("x", encoding="utf-8")
    docs = classify_json(capsys, folder)
    assert [Path(str(d["path"])).name for d in docs] == ["a.txt"]


def test_check_one_day(project: Path, capsys: pytest.CaptureFixture[str],
                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    other = project / "content" / "2024-12-04"
    other.mkdir()
    for lang in ("ar", "en"):
        source = project / "content" / SEED_DATE / f"{SEED_SLUG}.{lang}.md"
        (other / f"next-day.{lang}.md").write_text(
            source.read_text(encoding="utf-8").replace("date: 2024-12-03", "date: 2024-12-04"),
            encoding="utf-8")
    assert main(["check", "2024-12-04"]) == 0
    out = capsys.readouterr().out
    assert "next-day.ar.md: paragraph 1:" in out and SEED_SLUG not in out
    assert "ok: on 2024-12-04: 1 articles, 31 paragraphs" in out
    assert main(["check", "2024-12-05"]) == 1
    assert "no articles on 2024-12-05" in capsys.readouterr().err
