"""The PDFs as a reader and a PDF tool see them: Arabic text that extracts whole and in order,
embedded fonts, tags and languages, outline, metadata, page furniture, reproducibility and a
renderer that reads nothing but the project's own assets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from briefing.pipeline import BuildOptions, build
from briefing.rawtext import split_blocks
from briefing.render.pdf import FetchLog, make_fetcher

from .conftest import SEED, SEED_DATE, copy_project
from .htmltools import parse, text_of
from .pdftext import contains_words, pdftotext, recall

PDFS = {"ar": ("ar", f"briefing-{SEED_DATE}-ar.pdf"), "en": ("en", f"briefing-{SEED_DATE}-en.pdf"),
        "ar-en": ("ar", f"briefing-{SEED_DATE}-ar-en.pdf")}


def pdf(site: Path, name: str) -> Path:
    folder, file_name = PDFS[name]
    return site / folder / SEED_DATE / file_name


def test_arabic_text_extracts_whole_and_in_order(built_site: Path) -> None:
    """pdftotext gives back the seed's words: word recall >= 0.99, pair recall >= 0.98."""
    source = [block.text for block in split_blocks(SEED.read_text(encoding="utf-8"))]
    word, pair = recall(source, pdftotext(pdf(built_site, "ar")))
    assert word >= 0.99, word
    assert pair >= 0.98, pair


@pytest.mark.parametrize("name", PDFS)
def test_qpdf_check_is_clean(built_site: Path, name: str) -> None:
    result = subprocess.run(["qpdf", "--check", str(pdf(built_site, name))], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


@pytest.mark.parametrize("name", PDFS)
def test_every_font_embedded_with_tounicode(built_site: Path, name: str) -> None:
    out = subprocess.run(["pdffonts", str(pdf(built_site, name))], capture_output=True,
                         text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows
    for row in rows:
        assert row[0].split("+", 1)[-1].startswith("Briefing-"), row  # packaged, not system
        assert (row[-5], row[-3]) == ("yes", "yes"), row


@pytest.mark.parametrize("name", PDFS)
def test_tagged_pdf_ua_with_language_and_metadata(built_site: Path, name: str) -> None:
    lang = PDFS[name][0]
    with pikepdf.open(pdf(built_site, name)) as doc:
        root = doc.Root
        assert str(root.Lang) == lang
        assert bool(root.MarkInfo.Marked)
        assert "/StructTreeRoot" in root
        assert bool(root.ViewerPreferences.DisplayDocTitle)
        with doc.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
            assert xmp.get("dc:title")
        info = doc.docinfo
        assert str(info.Title).endswith({"ar": "٣ ديسمبر ٢٠٢٤", "en": "3 December 2024",
                                         "ar-en": "٣ ديسمبر ٢٠٢٤"}[name])
        assert str(info.Author)
        assert str(info.CreationDate).startswith("D:20241203")


def _struct_langs(node: object, found: dict[str, int]) -> dict[str, int]:
    if isinstance(node, pikepdf.Array):
        for item in node:
            _struct_langs(item, found)
    elif isinstance(node, pikepdf.Dictionary):
        if "/Lang" in node and node.get("/S") is not None:
            found[str(node.Lang)] = found.get(str(node.Lang), 0) + 1
        if "/K" in node:
            _struct_langs(node.K, found)
    return found


def test_english_passages_are_tagged_english(built_site: Path) -> None:
    with pikepdf.open(pdf(built_site, "ar-en")) as doc:
        langs = _struct_langs(doc.Root.StructTreeRoot.K, {})
    assert langs.get("en", 0) >= 31  # every paragraph of the English column, at least


@pytest.mark.parametrize("name", ["ar", "en"])
def test_outline_has_sections_and_subheadings(built_site: Path, name: str) -> None:
    with pikepdf.open(pdf(built_site, name)) as doc, doc.open_outline() as outline:
        top = [item.title for item in outline.root]
        children = [child.title for item in outline.root for child in item.children]
    expected = {"ar": ["الدبلوماسية", "الميدان", "الوضع الإنساني", "الأمم المتحدة"],
                "en": ["Diplomacy", "Battlefield", "Humanitarian", "United Nations"]}[name]
    assert top[:4] == expected
    assert {"ar": "مجلس الأمن", "en": "Security Council"}[name] in children


def test_page_footer_worded_and_digited_per_locale(built_site: Path) -> None:
    ar = pdftotext(pdf(built_site, "ar"))
    en = pdftotext(pdf(built_site, "en"))
    pages_ar = subprocess.run(["pdfinfo", str(pdf(built_site, "ar"))], capture_output=True,
                              text=True).stdout
    total = int(next(line.split()[-1] for line in pages_ar.splitlines()
                     if line.startswith("Pages:")))
    arabic_total = str(total).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for page in range(1, total + 1):
        arabic_page = str(page).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        assert contains_words(ar, f"صفحة {arabic_page} من {arabic_total}"), page
        assert contains_words(en, f"Page {page} of {total}") or page > 4, page
    assert f"{total} / 1" not in ar


def test_masthead_toc_and_caveat(built_site: Path) -> None:
    en = pdftotext(pdf(built_site, "en"))
    for text in ("Daily Briefing: Syria", "Edition 1", "Tuesday, 3 December 2024", "As of 06:00",
                 "HIGHLIGHTS", "IN THIS BRIEFING", "may be revised", "Arabic daily"):
        assert text in en, text
    ar = pdftotext(pdf(built_site, "ar"))
    for text in ("العدد ١", "حتى الساعة ٠٦:٠٠", "أبرز التطورات", "وقد تخضع للمراجعة"):
        assert contains_words(ar, text), text


def test_numbers_and_latin_inside_arabic_stay_in_order(built_site: Path) -> None:
    ar = pdftotext(pdf(built_site, "ar"))
    for phrase in ("الرقم 2254", "عام 2015", "أكثر من 400 مسلح", "مقتل 457 شخصاً"):
        assert contains_words(ar, phrase), phrase


def test_bilingual_pairs_paragraphs_side_by_side(built_site: Path) -> None:
    text = pdftotext(pdf(built_site, "ar-en"))
    assert "Pezeshkian" in text and "بزشكيان" in text
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf(built_site, "ar-en")),
                          "-"], capture_output=True, text=True, check=True).stdout
    # Each subheading sits on the same line in both columns.
    line = next(ln for ln in out.splitlines() if ln.strip().startswith("Security Council"))
    assert "مجلس الأمن" in line


def test_two_builds_give_identical_bytes(tmp_path: Path) -> None:
    """SOURCE_DATE_EPOCH set, two independent builds (own caches): same PDFs and HTML."""
    sites = []
    env = dict(os.environ, SOURCE_DATE_EPOCH="1733202000")
    for name in ("one", "two"):
        root = copy_project(tmp_path / name)
        subprocess.run([sys.executable, "-m", "briefing", "build"], cwd=root, env=env,
                       check=True, capture_output=True)
        sites.append(root / "site")
    files = sorted(p.relative_to(sites[0]) for p in sites[0].rglob("*") if p.is_file()
                   and (p.suffix in (".pdf", ".html", ".xml")))
    assert len([f for f in files if f.suffix == ".pdf"]) == 3
    for rel in files:
        assert (sites[0] / rel).read_bytes() == (sites[1] / rel).read_bytes(), rel


def test_renderer_fetches_only_project_assets(tmp_path: Path) -> None:
    log = FetchLog()
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "ok.css").write_text("p{}")
    fetch = make_fetcher([fonts], "2024-12-03/x.ar.md", log)
    assert fetch(f"file://{fonts}/ok.css") is not None
    for url in ("file:///etc/passwd", f"file://{fonts}/../../etc/hostname",
                "http://127.0.0.1:9/x.png", "https://example.org/a.css", "ftp://h/x",
                "data:text/plain,hi"):
        with pytest.raises(ValueError):
            fetch(url)
    assert len(log.refused) == 6
    assert all("2024-12-03/x.ar.md" in line for line in log.refused)


def test_content_cannot_make_the_pdf_read_files(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    target = root / "content" / SEED_DATE / "syria-offensive-reactions.ar.md"
    text = target.read_text(encoding="utf-8")
    text += ('\n![x](file:///etc/passwd) <img src="file:///etc/passwd"> '
             '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">\n')
    target.write_text(text, encoding="utf-8")
    en = target.with_name("syria-offensive-reactions.en.md")
    en.write_text(en.read_text(encoding="utf-8") + "\nEvil paragraph.\n", encoding="utf-8")
    report = build(BuildOptions.for_root(root))
    page = root / "site" / "ar" / SEED_DATE / "index.html"
    assert "<img" not in page.read_text(encoding="utf-8")
    assert '<img src="file:///etc/passwd">' in text_of(parse(page))  # shown as text
    assert not any("etc/passwd" in w for w in report.warnings)
    assert "root:" not in pdftotext(root / "site" / "ar" / SEED_DATE / PDFS["ar"][1])




def test_a_document_that_runs_over_falls_back_to_a_shorter_version(tmp_path: Path) -> None:
    """The edition PDF keeps to its page count whatever the day: the renderer lays out the
    shorter versions a job carries, in turn, and keeps the first that fits."""
    from briefing.fonts import pdf_font_faces
    from briefing.render.pdf import PdfJob, PdfRenderer
    from briefing.render.pdf_jobs import pdf_setup

    from .conftest import PROJECT

    setup = pdf_setup(PROJECT / "templates", pdf_font_faces(tmp_path / "cache"))
    renderer = PdfRenderer(list(setup.stylesheets), list(setup.allowed_dirs), setup.base_url)
    paragraphs = [block.text for block in split_blocks(SEED.read_text(encoding="utf-8"))]

    def document(repeat: int) -> str:
        body = "".join(f"<p>{p}</p>" for p in paragraphs * repeat)
        return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><title>t</title><body>{body}'
                "</body></html>")

    def pages(data: bytes) -> int:
        out = tmp_path / "out.pdf"
        out.write_bytes(data)
        return len(pikepdf.open(out).pages)

    long, middle, short = document(4), document(2), document(1)
    middle_pages = pages(renderer.render(PdfJob(middle, "a.pdf", "ar", "x")))
    short_pages = pages(renderer.render(PdfJob(short, "a.pdf", "ar", "x")))
    assert pages(renderer.render(PdfJob(long, "a.pdf", "ar", "x"))) > middle_pages > short_pages
    fits = PdfJob(long, "a.pdf", "ar", "x", shorter=(middle, short), max_pages=middle_pages)
    assert pages(renderer.render(fits)) == middle_pages  # the longest that fits, not the shortest
    never = PdfJob(long, "a.pdf", "ar", "x", shorter=(middle, short), max_pages=0)
    assert pages(renderer.render(never)) == short_pages
