"""Extracted facts in the editions: key figures with source and date, who said what per
section, an index of actors named from the gazetteer, and names the gazetteer lacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.cli import main
from briefing.pipeline import BuildOptions, build

from .conftest import SEED_DATE, SEED_SLUG
from .htmltools import by_class, find_all, parse, text_of
from .pdftext import contains_words, pdftotext


def edition(site: Path, lang: str) -> Path:
    return site / lang / SEED_DATE / "index.html"


def test_key_figures_with_what_source_and_date(built_site: Path) -> None:
    [box] = by_class(parse(edition(built_site, "en")), "key-figures")
    items = [" ".join(text_of(li).split()) for li in find_all(box, "li")]
    assert items[0].startswith("more than 400 fighters killed, including foreigners")
    assert "Source: Syrian Army" in items[0] and "3 December 2024" in items[0]
    assert any(i.startswith("457 people killed, mostly fighters") and
               "Syrian Observatory for Human Rights" in i for i in items)
    assert any(i.startswith("72 civilians killed") for i in items)
    assert not any("2254" in i or "2020" in i or "13" in i.split()[0] for i in items)
    [ar_box] = by_class(parse(edition(built_site, "ar")), "key-figures")
    arabic = " ".join(text_of(ar_box).split())
    assert "أكثر من ٤٠٠" in arabic and "٤٥٧" in arabic and "٧٢" in arabic
    assert "المرصد السوري لحقوق الإنسان" in arabic


def test_who_said_what_per_section_in_each_language(built_site: Path) -> None:
    en = parse(edition(built_site, "en"))
    [diplomacy] = [s for s in find_all(en, "section") if s.get("id") == "diplomacy"]
    quotes = by_class(diplomacy, "quotes")
    assert quotes
    lines = [" ".join(text_of(li).split()) for li in find_all(quotes[0], "li")]
    assert any(line.startswith("Bashar al-Assad:") and "redraw the maps" in line
               for line in lines)
    assert any(line.startswith("Recep Tayyip Erdogan:") for line in lines) or \
        any("Erdogan" in text_of(q) for s in find_all(en, "section") for q in by_class(s, "quotes"))
    # Every quotation links to a paragraph of the page.
    ids = {e.get("id") for e in en.iter() if e.get("id")}
    for link in by_class(en, "quote-ref"):
        assert link.get("href", "")[1:] in ids
    ar = parse(edition(built_site, "ar"))
    speakers = [text_of(s) for s in by_class(ar, "speaker")]
    assert "بشار الأسد" in speakers


def test_actors_index_names_actors_in_each_language(built_site: Path) -> None:
    [en_index] = by_class(parse(edition(built_site, "en")), "actors")
    names = [text_of(n) for n in by_class(en_index, "actor-name")]
    for name in ("Bashar al-Assad", "Masoud Pezeshkian", "Hakan Fidan", "Abbas Araghchi",
                 "Hayat Tahrir al-Sham", "UN Security Council"):
        assert name in names
    assert "Reuters" not in names  # agencies are sources, not actors
    [ar_index] = by_class(parse(edition(built_site, "ar")), "actors")
    assert "مسعود بزشكيان" in [text_of(n) for n in by_class(ar_index, "actor-name")]


def test_pdf_carries_figures_quotes_and_actors(built_site: Path) -> None:
    text = pdftotext(built_site / "en" / SEED_DATE / f"briefing-{SEED_DATE}-en.pdf")
    for phrase in ("KEY FIGURES", "more than 400", "Who said what", "Actors",
                   "Syrian Observatory for Human Rights"):
        assert contains_words(text, phrase), phrase


@pytest.fixture
def project_with_unknown_name(project: Path) -> Path:
    path = project / "content" / SEED_DATE / f"{SEED_SLUG}.ar.md"
    text = path.read_text(encoding="utf-8")
    added_ar = "وقال الوزير زهير قرطبي إن «الوضع خطير جداً ويتطلب تحركاً عاجلاً»."
    path.write_text(f"{text}\n{added_ar}\n", encoding="utf-8")
    en = path.with_name(f"{SEED_SLUG}.en.md")
    added_en = "Minister Zuhair Qurtubi said “the situation is serious and needs urgent action”."
    en.write_text(f"{en.read_text(encoding='utf-8')}\n{added_en}\n", encoding="utf-8")
    return project


def test_check_lists_names_missing_from_the_gazetteer(
        project_with_unknown_name: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project_with_unknown_name
    assert main(["--root", str(root), "check", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "names not in the gazetteer" in out and "زهير قرطبي" in out
    (root / "data").mkdir()
    (root / "data" / "gazetteer.yaml").write_text(
        "person:\n  - {en: Zuhair Qurtubi, ar: [زهير قرطبي]}\n", encoding="utf-8")
    assert main(["--root", str(root), "check", "--quiet"]) == 0
    assert "زهير قرطبي" not in capsys.readouterr().out


def test_project_gazetteer_change_refreshes_cached_facts(project_with_unknown_name: Path) -> None:
    root = project_with_unknown_name
    build(BuildOptions.for_root(root, pdf=False))
    page = edition(root / "site", "en")
    assert "Zuhair Qurtubi" not in " ".join(text_of(n) for n in by_class(parse(page), "speaker"))
    (root / "data").mkdir()
    (root / "data" / "gazetteer.yaml").write_text(
        "person:\n  - {en: Zuhair Qurtubi, ar: [زهير قرطبي]}\n", encoding="utf-8")
    build(BuildOptions.for_root(root, pdf=False))
    assert "Zuhair Qurtubi" in " ".join(text_of(n) for n in by_class(parse(page), "speaker"))
