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


def test_imported_files_get_the_users_normal_permissions(tmp_path: Path, seed_text: str
                                                          ) -> None:
    import os

    content = tmp_path / "content"
    old = os.umask(0o022)
    try:
        assert run_import(content) == 0
        assert (content / SEED_DATE / "seed.ar.md").stat().st_mode & 0o777 == 0o644
        assert run_import(content, "--force") == 0
        assert (content / SEED_DATE / "seed.ar.md").stat().st_mode & 0o777 == 0o644
        os.umask(0o027)
        part = tmp_path / "part.txt"
        part.write_text(seed_text.split("\n\n", 3)[3], encoding="utf-8")
        assert main(["import", str(part), "--date", "2024-12-04", "--content",
                     str(content)]) == 0
        assert (content / "2024-12-04" / "part.ar.md").stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)


def test_the_same_article_twice_is_refused_naming_the_first(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], seed_text: str) -> None:
    content = tmp_path / "content"
    assert run_import(content, "--source-url", "https://example.org/a?utm_source=x") == 0
    first = content / SEED_DATE / "seed.ar.md"
    capsys.readouterr()
    # Same text under another slug.
    assert main(["import", str(SEED), "--date", SEED_DATE, "--content", str(content),
                 "--slug", "again"]) == 1
    err = capsys.readouterr().err
    assert f"already imported as {first} (the same text)" in err
    # Same address, other text (the address compared without tracking and "www.").
    other = tmp_path / "other.txt"
    other.write_text(seed_text.split("\n\n", 1)[1], encoding="utf-8")
    assert main(["import", str(other), "--date", SEED_DATE, "--content", str(content),
                 "--source-url", "http://www.example.org/a/"]) == 1
    assert f"already imported as {first} (the same address)" in capsys.readouterr().err
    assert sorted(p.name for p in (content / SEED_DATE).iterdir()) == ["seed.ar.md"]
    # Its English translation is another language: not a duplicate.
    assert main(["import", str(other), "--date", SEED_DATE, "--content", str(content),
                 "--slug", "seed", "--lang", "en",
                 "--source-url", "https://example.org/a"]) == 0


def test_teasers_promotions_and_subheading_markers(tmp_path: Path, seed_text: str) -> None:
    paragraphs = seed_text.split("\n\n")
    raw = "\n\n".join([
        paragraphs[0], "* الصواريخ", paragraphs[1],
        "شاهد.. محلل يوضح لـCNN أبعاد الهجوم على حلب", paragraphs[2],
        "**معركة حلب**", paragraphs[3],
        "اقرأ أيضاً:", "الأسد يلتقي عراقجي في دمشق",
        "حمّلوا تطبيق الموقع على هاتفكم المحمول لمتابعة آخر الأخبار",
    ]) + "\n"
    source = tmp_path / "page.txt"
    source.write_text(raw, encoding="utf-8")
    content = tmp_path / "content"
    assert main(["import", str(source), "--date", SEED_DATE, "--content", str(content),
                 "--source", "صحيفة"]) == 0
    [article] = read_content(content, ("ar", "en"))
    blocks = [(b.kind, b.text) for b in article.original.blocks]
    assert ("heading", "الصواريخ") in blocks and ("heading", "معركة حلب") in blocks
    texts = " ".join(t for _, t in blocks)
    assert "*" not in texts
    for teaser in ("شاهد", "محلل يوضح", "اقرأ", "عراقجي في دمشق", "تطبيق"):
        assert teaser not in texts, teaser
    assert [t for k, t in blocks if k == "paragraph"] == [p.strip() for p in paragraphs[:4]]


def test_many_files_and_folders_in_one_call(tmp_path: Path, seed_text: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    paragraphs = seed_text.split("\n\n")
    folder = tmp_path / "in"
    (folder / "more").mkdir(parents=True)
    (folder / "one.txt").write_text("\n\n".join(paragraphs[:5]), encoding="utf-8")
    (folder / "more" / "two.txt").write_text("\n\n".join(paragraphs[8:12]), encoding="utf-8")
    (folder / "notes.json").write_text("{}", encoding="utf-8")  # not an article: ignored
    single = tmp_path / "three.txt"
    single.write_text("\n\n".join(paragraphs[14:18]), encoding="utf-8")
    content = tmp_path / "content"
    assert main(["import", str(folder), str(single), "--date", SEED_DATE,
                 "--content", str(content)]) == 0
    names = sorted(p.name for p in (content / SEED_DATE).iterdir())
    assert names == ["one.ar.md", "three.ar.md", "two.ar.md"]
    # Per-article flags with several articles: refused before anything is written.
    assert main(["import", str(folder), "--date", "2024-12-04", "--content", str(content),
                 "--slug", "x"]) == 1
    assert "--slug, --title and --source-url name one article, but 2 were found" in \
        capsys.readouterr().err
    assert not (content / "2024-12-04").exists()


def test_a_missing_source_is_a_check_warning(project: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    content = project / "content"
    part = project / "part.txt"
    part.write_text(SEED.read_text(encoding="utf-8").split("\n\n", 20)[20], encoding="utf-8")
    assert main(["import", str(part), "--date", "2024-12-04", "--content", str(content)]) == 0
    assert "no source (add source: to the front matter)" in capsys.readouterr().out
    assert main(["--root", str(project), "check", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert f"warning: {content / '2024-12-04' / 'part.ar.md'}:1: no source" in out


def test_windows_1256_text_is_decoded_never_mojibake(
        tmp_path: Path, seed_text: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The seed saved in windows-1256 imports to the very file the UTF-8 seed gives, saying
    which encoding it was read in; a file no Arabic code page reads as Arabic is refused
    with the closest encoding named, and nothing is written."""
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(seed_text.encode("cp1256"))
    content = tmp_path / "content"
    assert main(["import", str(SEED), "--date", SEED_DATE, "--content", str(tmp_path / "u"),
                 "--slug", "seed"]) == 0
    capsys.readouterr()
    assert main(["import", str(legacy), "--date", SEED_DATE, "--content", str(content),
                 "--slug", "seed"]) == 0
    assert "read as windows-1256" in capsys.readouterr().out
    utf8 = (tmp_path / "u" / SEED_DATE / "seed.ar.md").read_text(encoding="utf-8")
    assert (content / SEED_DATE / "seed.ar.md").read_text(encoding="utf-8") == utf8

    # French in windows-1252, imported as Arabic: what an Arabic code page makes of it is
    # not Arabic text, so it is refused naming that code page, not imported as "déjŕ".
    latin = tmp_path / "latin.txt"
    latin.write_bytes(("Le conseil s'est réuni déjà deux fois, à Genève et à Bruxelles. "
                       * 5).encode("cp1252"))
    assert main(["import", str(latin), "--date", SEED_DATE, "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert "latin.txt:1: file is not UTF-8 (byte 0xe9); read as windows-1256 it is not " \
           "Arabic text" in err, err
    assert "iconv -f windows-1256 -t utf-8" in err
    assert not list(content.glob(f"{SEED_DATE}/latin*"))


def test_labelled_articles_in_windows_1256_decode_exactly(corpus: Path) -> None:
    """Every labelled corpus article that windows-1256 can hold comes back letter for letter
    (read in place, encoded in memory; the held-out articles are not read)."""
    from briefing.plaintext import decode_plain

    checked = 0
    for labels in sorted((corpus / "labels").glob("*.labels.json")):
        article = corpus / "articles_ar" / labels.name.replace(".labels.json", ".txt")
        if not article.is_file():
            continue
        text = article.read_text(encoding="utf-8")
        try:
            data = text.encode("cp1256")
        except UnicodeEncodeError:
            continue  # a character windows-1256 has not (an emoji, a Persian letter)
        decoded = decode_plain(data)
        assert (decoded.encoding, decoded.text) == ("cp1256", text), article.name
        checked += 1
    assert checked >= 50
