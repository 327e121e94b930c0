"""``briefing import`` of saved web pages: the six real pages of ../shared/corpus/html (read in
place, never copied into the project) import with their title, date and outlet, the text
matches the expected extraction of other projects' test suites, no markup reaches the
content file; windows-1256 is detected; what is not an article is refused."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.importer import ImportOptions, import_sources
from briefing.reader import parse_content, read_content
from briefing.webpage import decode, extract_article, looks_like_markup

from .conftest import corpus_dir

EDITION = dt.date(2024, 12, 3)
#: Publication dates read by hand on each page (its dateline, "datePublished" or URL).
DATES = {
    "goose3-cnn-arabic-2013": dt.date(2013, 8, 3),  # URL .../2013/middle_east/8/3/...
    "newspaper4k-cnn-arabic-2013": dt.date(2013, 8, 3),
    "guessenc-alfajertv-2019-qatar-gaza-aid": dt.date(2019, 6, 20),  # "الخميس 20 يونيو 2019"
    "guessenc-aljazeera-2019-aramco-attack": dt.date(2019, 9, 23),  # datePublished
    "guessenc-fatehwatan-2019-deal-of-century": dt.date(2019, 6, 20),  # datePublished
    "guessenc-sanaanews-2019-us-policy-opinion": dt.date(2019, 6, 17),  # "17-يونيو-2019"
}
_IGNORED = re.compile("[\u064b-\u065f\u0670\u0640]")
_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+|[0-9\u0660-\u0669]+|[A-Za-z]+")
_MARKUP = re.compile(r"<[a-zA-Z/!][^>]*>|&[a-z]+;|&#\d+;|\bfunction\s*\(|\bvar\s+\w+\s*=|"
                     r"\{\s*[a-z-]+\s*:|document\.|window\.")


def words(text: str) -> list[str]:
    return _WORD.findall(_IGNORED.sub("", text))


def recall_precision(ours: list[str], expected: list[str]) -> tuple[float, float]:
    common = sum((Counter(ours) & Counter(expected)).values())
    return common / len(expected), common / len(ours)


@pytest.fixture(scope="module")
def html_dir() -> Path:
    corpus = corpus_dir()
    if corpus is None or not (corpus / "html").is_dir():
        pytest.skip("saved pages not found: place the corpus at ../shared/corpus "
                    "(or set BRIEFING_CORPUS)")
    return corpus / "html"


@pytest.fixture(scope="module")
def imported(html_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each page imported on its own into a fresh content folder (two are the same CNN
    article; one folder would rightly refuse the second)."""
    files = {}
    for page in sorted(html_dir.glob("*.html")):
        content = tmp_path_factory.mktemp(page.stem) / "content"
        report = import_sources([str(page)], ImportOptions(date=EDITION), content)
        assert not report.errors, [e.format() for e in report.errors]
        [result] = report.written
        files[page.stem] = result.path
    return files


def body_text(path: Path) -> tuple[str, dict[str, object]]:
    text = path.read_text(encoding="utf-8")
    article = parse_content(text, path, EDITION, "x", "ar")
    meta = {"title": article.title, "published": article.published, "source": article.source,
            "author": article.author}
    return "\n".join(b.text for b in article.blocks), meta


def test_every_page_imports_with_title_date_and_outlet(
        html_dir: Path, imported: dict[str, Path]) -> None:
    assert set(imported) == set(DATES)
    for stem, path in imported.items():
        text, meta = body_text(path)
        page_meta = json.loads((html_dir / f"{stem}.meta.json").read_text(encoding="utf-8"))
        expected_title = page_meta.get("title")
        if stem.startswith(("goose3", "newspaper4k")):
            # The CNN page's <title> ends in " - CNNArabic.com"; the headline is without it.
            expected_title = json.loads((html_dir / "newspaper4k-cnn-arabic-2013"
                                         ".expected-metadata.json").read_text())["title"]
        assert meta["title"] == expected_title, stem
        assert meta["published"] == dt.datetime.combine(DATES[stem], dt.time()), stem
        source = meta["source"]
        assert source.name, stem  # type: ignore[attr-defined]
        assert source.url and source.url.startswith("http"), stem  # type: ignore[attr-defined]
        assert not _MARKUP.search(text), (stem, _MARKUP.search(text))
        assert len(words(text)) >= 100, stem


def test_windows_1256_pages_are_decoded(html_dir: Path) -> None:
    for stem in ("guessenc-fatehwatan-2019-deal-of-century",
                 "guessenc-sanaanews-2019-us-policy-opinion"):
        data = (html_dir / f"{stem}.html").read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        _, encoding = decode(data)
        assert encoding == "windows-1256"
        # Without any declaration, charset-normalizer finds it from the bytes alone.
        bare = re.sub(rb"charset\s*=\s*[\w-]+", b"", data, flags=re.IGNORECASE)
        text, detected = decode(bare)
        assert detected.replace("_", "-").lower() in ("cp1256", "windows-1256"), detected
        assert "الفلسطيني" in text or "القيادة" in text


def test_text_matches_the_expected_extraction(html_dir: Path, imported: dict[str, Path]
                                              ) -> None:
    measured = {}
    cnn4k, _ = body_text(imported["newspaper4k-cnn-arabic-2013"])
    full = words((html_dir / "newspaper4k-cnn-arabic-2013.expected.txt").read_text())
    measured["newspaper4k expected.txt"] = recall_precision(words(cnn4k), full)
    # The other two expectations are prefixes of the text cut mid-word: their last word is
    # left out, and precision is measured over as many of our first words.
    goose, _ = body_text(imported["goose3-cnn-arabic-2013"])
    prefixes = {
        "goose3 cleaned_text": (goose, json.loads((html_dir / "goose3-cnn-arabic-2013"
                                                   ".expected.json").read_text())
                                ["expected"]["cleaned_text"]),
        "newspaper4k metadata text": (cnn4k, json.loads(
            (html_dir / "newspaper4k-cnn-arabic-2013.expected-metadata.json").read_text())
            ["text"]),
    }
    for name, (ours, expected_text) in prefixes.items():
        expected = words(expected_text)
        if not expected_text.rstrip().endswith((".", "،", ",")):
            expected = expected[:-1]
        recall, _ = recall_precision(words(ours), expected)
        _, precision = recall_precision(words(ours)[:len(expected)], expected)
        measured[name] = (recall, precision)
    for name, (recall, precision) in measured.items():
        assert recall >= 0.95 and precision >= 0.90, (name, recall, precision)


def test_the_page_s_leftovers_are_left_out(imported: dict[str, Path]) -> None:
    cnn, _ = body_text(imported["newspaper4k-cnn-arabic-2013"])
    assert "التعليقات" not in cnn and "سياسة الخصوصية" not in cnn  # the comment policy
    aljazeera, meta = body_text(imported["guessenc-aljazeera-2019-aramco-attack"])
    assert not aljazeera.startswith(str(meta["title"])[:20])  # the headline, not repeated
    sanaa, meta = body_text(imported["guessenc-sanaanews-2019-us-policy-opinion"])
    assert meta["author"] == "سري القدوة"  # from the byline, which is left out
    assert "بقلم" not in sanaa and "@" not in sanaa
    _, meta = body_text(imported["guessenc-fatehwatan-2019-deal-of-century"])
    assert meta["author"] is None  # the page names its web designer, not a writer
    assert meta["source"].name == "fatehwatan.ps"  # type: ignore[attr-defined]


def test_a_page_saved_as_text_is_read_as_a_page(html_dir: Path, tmp_path: Path) -> None:
    disguised = tmp_path / "page.txt"
    disguised.write_bytes((html_dir / "newspaper4k-cnn-arabic-2013.html").read_bytes())
    assert looks_like_markup(disguised.read_bytes())
    content = tmp_path / "content"
    assert main(["import", str(disguised), "--date", "2024-12-03", "--content",
                 str(content)]) == 0
    [article] = read_content(content, ("ar", "en"))
    assert article.original.title == "معارضون يسيطرون على مخازن للصواريخ بريف دمشق"
    assert not any("DOCTYPE" in b.text or "<" in b.text for b in article.original.blocks)


@pytest.mark.parametrize("markup", [
    # A home page: headlines and links, no article.
    "<!doctype html><html><head><title>Home</title></head><body><nav><ul>"
    + "".join(f"<li><a href='/n/{i}'>عنوان خبر رقم {i}</a></li>" for i in range(30))
    + "</ul></nav></body></html>",
    # A script, no text.
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"><html><head>"
    "<script>var a = 1; function f() { return a; }</script></head><body></body></html>",
    # A fragment with too little text.
    "<div><p>خبر عاجل</p><span>المزيد</span><a href='#'>هنا</a><br><b>x</b></div>",
])
def test_markup_that_is_not_an_article_is_refused(
        markup: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text(markup, encoding="utf-8")
    content = tmp_path / "content"
    assert main(["import", str(page), "--date", "2024-12-03", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert f"{page}: no article found in this page" in err
    assert not content.exists() or not list(content.rglob("*.md"))
    with pytest.raises(Exception, match="no article found"):
        extract_article(markup.encode(), str(page))
