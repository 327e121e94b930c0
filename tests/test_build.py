"""The bundled site built end to end: every required file, lang/dir, section order, sources,
language alternates, and the PDFs (pages, embedded fonts, extractable text)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from .conftest import SEED_DATE
from .htmltools import by_class, find_all, parse, text_of

SECTION_ORDER = ["diplomacy", "battlefield", "humanitarian", "un"]
LANGS = {"ar": "rtl", "en": "ltr"}


def edition_page(site: Path, lang: str) -> Path:
    return site / lang / SEED_DATE / "index.html"


def pdf_path(site: Path, lang: str) -> Path:
    return site / lang / SEED_DATE / f"briefing-{SEED_DATE}-{lang}.pdf"


def test_every_output_file_exists(built_site: Path) -> None:
    assert (built_site / "index.html").is_file()
    for lang in LANGS:
        assert edition_page(built_site, lang).is_file()
        assert pdf_path(built_site, lang).read_bytes().startswith(b"%PDF-")
    assert (built_site / "assets" / "site.css").is_file()
    assert (built_site / "README.md").is_file()


@pytest.mark.parametrize("lang", LANGS)
def test_html_lang_and_dir(built_site: Path, lang: str) -> None:
    root = parse(edition_page(built_site, lang))
    assert root.get("lang") == lang
    assert root.get("dir") == LANGS[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_sections_in_fixed_order_with_ids(built_site: Path, lang: str) -> None:
    root = parse(edition_page(built_site, lang))
    ids = [s.get("id") for s in find_all(root, "section") if s.get("id") in SECTION_ORDER]
    assert ids == SECTION_ORDER


@pytest.mark.parametrize("lang", LANGS)
def test_every_paragraph_has_its_source(built_site: Path, lang: str) -> None:
    root = parse(edition_page(built_site, lang))
    paragraphs = by_class(root, "para")
    assert len(paragraphs) == 31
    expected = {"ar": "صحيفة عربية يومية", "en": "Arabic daily"}[lang]
    for p in paragraphs:
        cites = [c for c in by_class(p, "src")]
        assert cites and text_of(cites[0]) == expected, text_of(p)[:60]


def test_both_editions_hold_the_same_paragraphs_in_the_same_sections(built_site: Path) -> None:
    layout = {}
    for lang in LANGS:
        root = parse(edition_page(built_site, lang))
        layout[lang] = [(s.get("id"), [p.get("id") for p in by_class(s, "para")])
                        for s in find_all(root, "section") if s.get("id") in SECTION_ORDER]
    assert layout["ar"] == layout["en"]


@pytest.mark.parametrize("lang", LANGS)
def test_alternates_and_pdf_link(built_site: Path, lang: str) -> None:
    root = parse(edition_page(built_site, lang))
    alternates = {link.get("hreflang"): link.get("href") for link in find_all(root, "link")
                  if link.get("rel") == "alternate" and link.get("hreflang")}
    # Absolute, from base_url: search engines ignore relative hreflang links.
    base = "https://briefing.example.org/"
    assert alternates == {"ar": f"{base}ar/{SEED_DATE}/", "en": f"{base}en/{SEED_DATE}/",
                          "x-default": f"{base}ar/{SEED_DATE}/"}
    [canonical] = [link.get("href") for link in find_all(root, "link")
                   if link.get("rel") == "canonical"]
    assert canonical == f"{base}{lang}/{SEED_DATE}/"
    hrefs = [a.get("href") for a in find_all(root, "a")]
    assert f"briefing-{SEED_DATE}-{lang}.pdf" in hrefs
    switch = {a.get("hreflang"): a.get("href") for a in by_class(root, "lang-switch")[0].iter()
              if a.get("hreflang")}
    assert switch == {"ar" if lang == "en" else "en":
                      f"../../{'ar' if lang == 'en' else 'en'}/{SEED_DATE}/index.html"}
    # Relative links only: every one resolves inside the built site.
    page_dir = edition_page(built_site, lang).parent
    for href in hrefs:
        if href and not href.startswith(("#", "http")):
            assert (page_dir / href.split("#")[0]).resolve().exists(), href


def test_landing_page_offers_both_languages(built_site: Path) -> None:
    root = parse(built_site / "index.html")
    cards = by_class(root, "latest-card")
    assert [(c.get("lang"), c.get("dir")) for c in cards] == [("ar", "rtl"), ("en", "ltr")]
    hrefs = {a.get("href") for a in find_all(root, "a")}
    assert {f"ar/{SEED_DATE}/index.html", f"en/{SEED_DATE}/index.html",
            f"ar/{SEED_DATE}/briefing-{SEED_DATE}-ar.pdf"} <= hrefs


def test_edition_date_formatted_per_locale(built_site: Path) -> None:
    ar = text_of(parse(edition_page(built_site, "ar")))
    en = text_of(parse(edition_page(built_site, "en")))
    assert "الثلاثاء، ٣ ديسمبر ٢٠٢٤" in ar
    assert "Tuesday, 3 December 2024" in en


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_pages_and_embedded_fonts(built_site: Path, lang: str) -> None:
    path = pdf_path(built_site, lang)
    reader = PdfReader(path)
    assert 3 <= len(reader.pages) <= 8
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in fonts.stdout.splitlines()[2:] if line.strip()]
    assert rows
    for row in rows:
        emb, uni = row[-5], row[-3]
        assert (emb, uni) == ("yes", "yes"), row
    names = " ".join(row[0] for row in rows)
    assert "Briefing" in names  # our packaged faces, not a system fallback


def test_pdf_text_is_extractable(built_site: Path) -> None:
    en = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf_path(built_site, "en")), "-"],
                        capture_output=True, text=True, check=True).stdout
    assert "Pezeshkian" in en and "Security Council" in en
    ar = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf_path(built_site, "ar")), "-"],
                        capture_output=True, text=True, check=True).stdout
    assert "بزشكيان" in ar and "صفحة" in ar


def test_published_front_matter_is_read_and_checked(tmp_path: Path) -> None:
    """``published`` may precede the edition day, with or without a time; not follow it."""
    import datetime as dt

    from briefing.errors import BuildErrors
    from briefing.reader import parse_content

    def parse(value: str) -> object:
        text = f"---\ntitle: T\ndate: 2018-04-10\npublished: {value}\n---\n\nText.\n"
        return parse_content(text, tmp_path / "a.ar.md", dt.date(2018, 4, 10), "a", "ar")

    assert parse("2018-04-08").published == dt.datetime(2018, 4, 8)
    assert parse("2018-04-09T14:30+03:00").published == dt.datetime(
        2018, 4, 9, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    assert parse("2018-04-10 06:05").published == dt.datetime(2018, 4, 10, 6, 5)
    for bad, words in (("2018-04-11", "after the edition day"), ("yesterday", "not a date")):
        with pytest.raises(BuildErrors) as caught:
            parse(bad)
        error = caught.value.errors[0]
        assert words in error.message and error.line == 4


def test_manifest_lists_every_file_the_build_wrote(built_site: Path) -> None:
    """The search index's files too: Pagefind writes its folder itself, the writer lists it."""
    import json

    manifest = json.loads((built_site / ".briefing-manifest.json").read_text())["files"]
    on_disk = {p.relative_to(built_site).as_posix(): p.stat().st_size
               for p in built_site.rglob("*") if p.is_file()}
    carried = {".briefing-manifest.json", "README.md", ".gitignore"}
    assert any(k.startswith("pagefind/") for k in manifest)
    assert {k: v for k, v in on_disk.items() if k not in carried} == manifest


def test_an_output_in_the_search_folder_is_refused(tmp_path: Path) -> None:
    """Another output already in the search index's folder is a clash, not overwritten."""
    from briefing.write import OutputError, SiteWriter

    writer = SiteWriter(tmp_path / "site")
    try:
        writer.write("pagefind/pagefind.js", b"not the index")
        with pytest.raises(OutputError, match=r"pagefind/pagefind\.js"):
            writer.reserve("pagefind")
        writer.reserve("pagefinder")  # a sibling name is no clash
    finally:
        writer.abort()
    assert not (tmp_path / "site").exists()
