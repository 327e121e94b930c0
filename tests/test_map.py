"""The map of the day's places: its bundled data, its layout, and the seed edition's map on the
page and in the PDF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.extract import load_gazetteer
from briefing.geo import KINDS, places, region
from briefing.mapview import FONT, FRAME, RADIUS, _text_width

from .conftest import SEED_DATE
from .htmltools import by_class, find_all, parse, text_of
from .pdftext import pdftotext

DATA = Path(__file__).resolve().parent.parent / "briefing" / "data"
#: The places the seed names inside the map's frame (checked by hand on a map).
SVG = "{http://www.w3.org/2000/svg}"
SEED_ON_MAP = {"Aleppo": "حلب", "Idlib": "إدلب", "Hama": "حماة", "Damascus": "دمشق",
               "Tal Rifaat": "تل رفعت", "Shahba": "الشهباء", "Sheikh Maqsoud": "الشيخ مقصود",
               "Bustan al-Basha": "بستان الباشا", "Gaza": "قطاع غزة"}


def _inside(lon: float, lat: float, rings: tuple[tuple[tuple[float, float], ...], ...]) -> bool:
    """Even-odd point in polygon over all the country's rings."""
    inside = False
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
    return inside


def test_every_gazetteer_place_has_coordinates() -> None:
    coords = places()
    names = {n.en for n in load_gazetteer().entries("place")}
    assert names - set(coords) == set(), "places without coordinates"
    assert set(coords) - names == set(), "coordinates of places the gazetteer does not have"
    for place in coords.values():
        assert place.kind in KINDS
        assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180
        assert place.source == "hand" or place.source.startswith("geonames ")


def test_data_files_record_source_and_licence() -> None:
    header = (DATA / "places.yaml").read_text(encoding="utf-8").split("places:")[0]
    assert "GeoNames" in header and "CC BY 4.0" in header and "licence" in header
    raw = json.loads((DATA / "region.json").read_text(encoding="utf-8"))
    assert "Natural Earth" in raw["source"] and "public domain" in raw["licence"]
    assert (DATA / "region.json").stat().st_size < 300_000
    assert {"Syria", "Turkey", "Lebanon", "Jordan", "Iraq", "Israel"} <= set(raw["countries"])


def test_hand_checked_places_sit_in_their_country() -> None:
    """The fill matched the Shahba of the seed (north of Aleppo) to a town in as-Suwayda and
    countries to American towns; the hand check fixed them. Syrian places of the seed and
    corpus lie inside Syria's outline, Beirut in Lebanon's, Gaza in Palestine's."""
    coords, outlines = places(), region().countries
    syrian = [*SEED_ON_MAP, "Douma", "Eastern Ghouta", "Homs", "Raqqa", "Manbij", "Afrin",
              "Tartus", "Latakia", "Khan Shaykhun", "Harasta", "Hamouriyeh", "Deir ez-Zor",
              "Daraa", "Yarmouk", "Yabroud", "Quneitra", "Jarablus", "Hasakah", "Misraba",
              "Hmeimim", "T4 airbase", "Shayrat airbase", "Nassib crossing"]
    syrian.remove("Gaza")
    for name in syrian:
        assert _inside(coords[name].lon, coords[name].lat, outlines["Syria"]), name
    assert coords["Shahba"].lat > 36, "Shahba is the region north of Aleppo"
    assert _inside(coords["Beirut"].lon, coords["Beirut"].lat, outlines["Lebanon"])
    assert _inside(coords["Gaza"].lon, coords["Gaza"].lat, outlines["Palestine"])
    assert not _inside(coords["Beirut"].lon, coords["Beirut"].lat, outlines["Syria"])
    assert coords["Syria"].kind == "country" and coords["United States"].lon < -60


def _edition_map(built_site: Path, lang: str):  # type: ignore[no-untyped-def]
    root = parse(built_site / lang / SEED_DATE / "index.html")
    (section,) = [s for s in find_all(root, "section") if s.get("id") == "map"]
    return section


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_seed_edition_page_shows_its_places(built_site: Path, lang: str) -> None:
    section = _edition_map(built_site, lang)
    (svg,) = section.iter(SVG + "svg")
    assert svg.get("role") == "img"
    (title,) = svg.iter(SVG + "title")
    assert svg.get("aria-labelledby") == title.get("id") and len(text_of(title)) > 40
    assert not list(svg.iter(SVG + "text")), "names are HTML over the map, never SVG text"
    labels = {text_of(e).split(" +")[0].strip() for e in by_class(section, "map-label--place")}
    names = SEED_ON_MAP.values() if lang == "ar" else SEED_ON_MAP.keys()
    listed = {text_of(e).strip() for e in by_class(section, "map-place")}
    assert set(names) == listed
    # Every marker has its label; places sharing a marker are counted on it ("+2").
    for name in ("حلب", "إدلب", "حماة", "دمشق") if lang == "ar" else (
            "Aleppo", "Idlib", "Hama", "Damascus"):
        assert name in labels
    assert all("left:" in e.get("style", "") or "right:" in e.get("style", "")
               for e in by_class(section, "map-label"))
    # Each listed place names its sections, in the page's language.
    items = [text_of(li) for ul in find_all(section, "ul") for li in find_all(ul, "li")]
    aleppo = next(i for i in items if i.startswith("حلب" if lang == "ar" else "Aleppo"))
    assert ("الميدان" if lang == "ar" else "Battlefield") in aleppo
    # Places beyond the frame and countries are listed, not dropped.
    text = text_of(section)
    assert ("موسكو" if lang == "ar" else "Moscow") in text
    assert ("تركيا" if lang == "ar" else "Turkey") in text


def test_seed_labels_do_not_overlap(built_site: Path) -> None:
    """The layout's boxes (as the build estimates them) never overlap, and stay inside."""
    from briefing.pipeline import BuildOptions, BuildReport, prepare

    root = built_site.parent
    prepared = prepare(BuildOptions.for_root(root, use_cache=False), BuildReport(),
                       with_pdf=False, write_cache=False)
    for edition in prepared.model.editions:
        assert edition.map is not None
        boxes = []
        for label in edition.map.labels:
            parts = dict(p.split(":") for p in label.style.split(";"))
            top = float(parts["top"].rstrip("%")) / 100 * FRAME.height
            width = float(parts["width"].rstrip("%")) / 100 * FRAME.width if "width" in parts \
                else _text_width(label.text + (" +9" if label.more else ""), label.lang == "ar")
            if "left" in parts:
                x0 = float(parts["left"].rstrip("%")) / 100 * FRAME.width
            else:
                x0 = FRAME.width - float(parts["right"].rstrip("%")) / 100 * FRAME.width - width
            box = (x0, top, x0 + width, top + FONT * 1.3)
            assert box[0] >= 0 and box[2] <= FRAME.width and box[1] >= 0, label
            for other in boxes:
                assert not (box[0] < other[2] and other[0] < box[2] and box[1] < other[3]
                            and other[1] < box[3]), (label.text, other)
            boxes.append(box)
        assert RADIUS < FONT


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_seed_pdf_shows_the_map(built_site: Path, lang: str) -> None:
    text = pdftotext(built_site / lang / SEED_DATE / f"briefing-{SEED_DATE}-{lang}.pdf")
    names = ("Aleppo", "Idlib", "Hama", "Damascus") if lang == "en" else (
        "حلب", "إدلب", "حماة", "دمشق")
    title = "PLACES IN THIS BRIEFING" if lang == "en" else "الأماكن في هذا الموجز"
    start = text.index(title)
    end = text.index("Countries named" if lang == "en" else "الدول المذكورة", start)
    box = text[start:end]
    for name in names:
        # Once over the map (its label), once in the list beside it.
        assert box.count(name) >= 2, name
