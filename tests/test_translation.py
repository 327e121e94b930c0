"""Translations that lag: an English file a third translated, {untranslated} and Arabic inside
English paragraphs, on the page, in every PDF and under --strict; misalignment still fails."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.errors import BuildErrors
from briefing.pipeline import BuildOptions, build
from briefing.reader import parse_body
from briefing.translation import fingerprint, split_marks

from .conftest import SEED_DATE, SEED_SLUG
from .htmltools import by_class, parse, text_of
from .pdftext import pdftotext

ARABIC = re.compile(r"[\u0621-\u064a]")


def english_file(project: Path) -> Path:
    return project / "content" / SEED_DATE / f"{SEED_SLUG}.en.md"


def arabic_file(project: Path) -> Path:
    return project / "content" / SEED_DATE / f"{SEED_SLUG}.ar.md"


def keep_paragraphs(path: Path, keep: int) -> int:
    """Cut a content file after its first ``keep`` paragraphs; return its paragraph count."""
    text = path.read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    blocks = [b.strip("\n") for b in body.split("\n\n") if b.strip()]
    kept, count = [], 0
    for block in blocks:
        if not block.startswith("#"):
            count += 1
            if count > keep:
                continue
        if count <= keep:
            kept.append(block)
    path.write_text(head + "\n---\n\n" + "\n\n".join(kept) + "\n", encoding="utf-8")
    return count


def replace_paragraph(path: Path, number: int, new: str) -> int:
    """Replace paragraph ``number`` (from 1, headings not counted); return its line."""
    lines = path.read_text(encoding="utf-8").split("\n")
    end = [i for i, line in enumerate(lines) if line.strip() == "---"][1]
    blocks = [b for b in parse_body(lines[end + 1:], first_line=end + 2)
              if b.kind == "paragraph"]
    line = blocks[number - 1].line
    lines[line - 1] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return line


@pytest.fixture
def third_translated(project: Path) -> tuple[Path, int]:
    """The seed with its English translation stopping after a third of the paragraphs."""
    total = keep_paragraphs(english_file(project), 10)
    assert total == 31
    return project, total


def test_marks_are_parsed_off_the_text() -> None:
    assert split_marks("Text. {machine ar=1a2b3c4d}") == (
        "Text.", split_marks("{machine ar=1a2b3c4d}")[1])
    text, marks = split_marks("{untranslated}")
    assert text == "" and marks.untranslated and not marks.machine
    text, marks = split_marks("Done. {ar=0badc0de}")
    assert text == "Done." and marks.fingerprint == "0badc0de" and not marks.untranslated
    # Braces that are not marks stay text.
    assert split_marks("a set {x, y}")[0] == "a set {x, y}"
    assert fingerprint("نص  عربي") == fingerprint("نص عربي\n")
    assert fingerprint("نص عربي") != fingerprint("نص عربي آخر")


def test_a_third_translated_day_builds_both_editions_with_notices(
        third_translated: tuple[Path, int]) -> None:
    project, total = third_translated
    report = build(BuildOptions.for_root(project, cache_dir=project / ".cache"))
    assert any("21 of 31 paragraphs are not yet translated" in w for w in report.warnings)
    site = project / "site"
    english = parse(site / "en" / SEED_DATE / "index.html")
    paragraphs = by_class(english, "para")
    assert len(paragraphs) == total
    fallback = by_class(english, "para--fallback")
    assert len(fallback) == 21
    for p in fallback:
        assert p.get("lang") == "ar" and p.get("dir") == "rtl"
        notes = by_class(p, "para-note")
        assert [text_of(n) for n in notes] == ["not yet translated"]
        assert notes[0].get("lang") == "en" and notes[0].get("dir") == "ltr"
    translated = [p for p in paragraphs if p not in fallback]
    assert all(not ARABIC.search(text_of(p)) for p in translated)
    assert "Some paragraphs are not yet translated" in text_of(english)
    arabic = parse(site / "ar" / SEED_DATE / "index.html")
    assert len(by_class(arabic, "para")) == total
    assert not by_class(arabic, "para--fallback") and not by_class(arabic, "notice")

    # The English PDF: every untranslated paragraph in Arabic with the notice after it.
    en_pdf = pdftotext(site / "en" / SEED_DATE / f"briefing-{SEED_DATE}-en.pdf")
    assert en_pdf.count("not yet translated") == 21
    # The Arabic words of an untranslated paragraph come out of the English PDF.
    assert "بزشكيان" in en_pdf
    # The bilingual PDF says so instead of repeating the Arabic in the English column.
    bilingual = pdftotext(site / "ar" / SEED_DATE / f"briefing-{SEED_DATE}-ar-en.pdf")
    assert bilingual.count("not yet translated") == 21
    ar_pdf = pdftotext(site / "ar" / SEED_DATE / f"briefing-{SEED_DATE}-ar.pdf")
    assert "not yet translated" not in ar_pdf


def test_strict_names_every_untranslated_paragraph(
        third_translated: tuple[Path, int], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    project, _ = third_translated
    monkeypatch.chdir(project)  # paths are printed relative to the working folder
    assert main(["--root", str(project), "check", "--quiet"]) == 0
    assert main(["--root", str(project), "check", "--quiet", "--strict"]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "has no en translation yet" in line]
    assert len(lines) == 21
    assert lines[0].startswith(f"content/{SEED_DATE}/{SEED_SLUG}.ar.md:")
    assert "paragraph 11 has no en translation yet" in lines[0]
    assert re.match(r"content/\S+\.ar\.md:\d+: paragraph 31 ", lines[-1])
    with pytest.raises(BuildErrors):
        build(BuildOptions.for_root(project, pdf=False, strict_translations=True))


def test_untranslated_mark_and_arabic_in_english(project: Path) -> None:
    en = english_file(project)
    marked = replace_paragraph(en, 3, "{untranslated}")
    arabic_line = replace_paragraph(en, 5, "He said: قال المتحدث باسم الخارجية")
    report = build(BuildOptions.for_root(project, pdf=False))
    rel = en
    assert any(w.startswith(f"{rel}:{arabic_line}: paragraph 5 has 4 Arabic words")
               for w in report.warnings), report.warnings
    assert any("1 of 31 paragraphs are not yet translated" in w for w in report.warnings)
    page = parse(project / "site" / "en" / SEED_DATE / "index.html")
    third = next(p for p in by_class(page, "para") if p.get("id") == f"{SEED_SLUG}-p3")
    assert third.get("lang") == "ar" and "para--fallback" in third.get("class", "")
    with pytest.raises(BuildErrors) as caught:
        build(BuildOptions.for_root(project, pdf=False, strict_translations=True))
    messages = [e.format() for e in caught.value.errors]
    assert messages == [f"{en}:{marked}: paragraph 3 is marked {{untranslated}} "
                        "(translate it and remove the mark)"]


def test_more_english_paragraphs_than_arabic_is_still_an_error(project: Path) -> None:
    keep_paragraphs(arabic_file(project), 10)
    with pytest.raises(BuildErrors) as caught:
        build(BuildOptions.for_root(project, pdf=False))
    message = caught.value.errors[0].format()
    assert f"{SEED_SLUG}.en.md:" in message and "has no original" in message


def test_a_gap_in_the_middle_is_still_an_error(project: Path) -> None:
    en = english_file(project)
    text = en.read_text(encoding="utf-8")
    lines = text.split("\n")
    line = replace_paragraph(en, 2, "")  # paragraph 2 removed, the rest kept
    with pytest.raises(BuildErrors) as caught:
        build(BuildOptions.for_root(project, pdf=False))
    message = caught.value.errors[0].format()
    assert "paragraph 2 looks untranslated" in message and "{untranslated}" in message
    assert lines[line - 1]


def test_marks_survive_the_build_cache(project: Path) -> None:
    from briefing.cache import pack, unpack
    from briefing.reader import read_file

    en = english_file(project)
    replace_paragraph(en, 3, "{untranslated}")
    replace_paragraph(en, 4, "He stressed the point. {machine ar=0badc0de}")
    version = read_file(en, dt.date.fromisoformat(SEED_DATE), SEED_SLUG, "en")
    packed = pack(version)
    assert packed is not version  # packed as tuples, not stored as the object
    assert unpack(packed) == version
    paragraphs = version.paragraphs
    assert paragraphs[2].untranslated and paragraphs[3].machine
    assert paragraphs[3].fingerprint == "0badc0de"
    # A second build reads the files from the cache: the notices are still there.
    for _ in range(2):
        build(BuildOptions.for_root(project, pdf=False, cache_dir=project / ".cache"))
        page = parse(project / "site" / "en" / SEED_DATE / "index.html")
        assert len(by_class(page, "para--fallback")) == 1
        assert len(by_class(page, "para--stale")) == 1  # 0badc0de is not paragraph 4's
