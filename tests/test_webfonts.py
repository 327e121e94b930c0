"""What a phone downloads: WOFF2 subsets split by script and covering every character the
pages show, the first font preloaded, a favicon, and absolute canonical/hreflang links only
when ``base_url`` is set."""

from __future__ import annotations

import io
import re
import shutil
import struct
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from briefing import webfonts
from briefing.favicon import SIZE
from briefing.fonts import font_faces
from briefing.pipeline import BuildOptions, build

from .conftest import PROJECT, SEED_DATE
from .corpus_days import DAYS, build_day
from .htmltools import NS, find_all, parse

RULE = re.compile(r"@font-face \{([^}]*)\}")
#: Attributes whose text a browser draws (placeholders, tooltips, image text).
DRAWN_ATTRIBUTES = ("placeholder", "title", "alt", "aria-label", "data-label")


def font_rules(site: Path) -> list[dict[str, str]]:
    css = (site / "assets" / "fonts.css").read_text(encoding="utf-8")
    rules = []
    for body in RULE.findall(css):
        fields = dict(part.strip().split(":", 1) for part in body.split(";") if part.strip())
        rules.append({k.strip(): v.strip() for k, v in fields.items()})
    return rules


def codes_of(unicode_range: str) -> set[int]:
    codes: set[int] = set()
    for part in unicode_range.split(","):
        lo, _, hi = part.strip().removeprefix("U+").partition("-")
        codes.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    return codes


def drawn_text(page: Path) -> str:
    """The characters a browser draws for ``page``: text (not scripts or styles) and the
    attributes shown to the reader."""
    root = parse(page)
    parts = []
    for element in root.iter():
        if element.tag in (NS + "script", NS + "style"):
            continue
        parts.append(element.text or "")
        parts.extend(element.get(name) or "" for name in DRAWN_ATTRIBUTES)
    for element in root.iter():
        parts.append(element.tail or "")
    return "".join(parts)


def assert_fonts_cover_pages(site: Path) -> None:
    rules = font_rules(site)
    by_face: dict[tuple[str, str, str], list[tuple[set[int], set[int]]]] = {}
    for rule in rules:
        src = re.fullmatch(r'url\("fonts/([^"]+)"\) format\("woff2"\)', rule["src"])
        assert src, rule
        data = (site / "assets" / "fonts" / src.group(1)).read_bytes()
        assert data[:4] == b"wOF2", src.group(1)
        with TTFont(io.BytesIO(data)) as font:
            mapped = set(font.getBestCmap())
        declared = codes_of(rule["unicode-range"])
        # The range declares what the file holds, so a browser never fetches it for nothing.
        assert declared == mapped, src.group(1)
        key = (rule["font-family"].strip('"'), rule["font-weight"], rule["font-style"])
        by_face.setdefault(key, []).append((declared, mapped))
    for parts in by_face.values():
        if len(parts) == 2:  # the two scripts of a face never claim the same character
            assert not parts[0][0] & parts[1][0]
    shown: set[int] = set()
    for page in site.rglob("*.html"):
        if "pagefind" not in page.parts:
            shown.update(ord(c) for c in drawn_text(page) if c not in "\n\r\t")
    assert len(shown) > 100
    missing = []
    for face in font_faces():
        covered = webfonts.coverage(face.path)
        parts = by_face[(face.family, str(face.weight), face.style)]
        for code in sorted(shown & covered):
            if not any(code in declared for declared, _ in parts):
                missing.append((face.family, face.weight, face.style, chr(code)))
    assert not missing, missing[:20]


def test_site_fonts_are_woff2_subsets_split_by_script(built_site: Path) -> None:
    fonts = built_site / "assets" / "fonts"
    names = sorted(p.name for p in fonts.iterdir())
    assert names and all(name.endswith(".woff2") for name in names), names
    assert not list(built_site.rglob("*.ttf"))
    rules = font_rules(built_site)
    assert sorted(r["src"].split('"')[1].removeprefix("fonts/") for r in rules) == names
    assert all(r["font-display"] == "swap" and r["unicode-range"] for r in rules)
    arabic = {r["src"] for r in rules if "-arabic.woff2" in r["src"]}
    assert any("almarai-400-arabic" in src for src in arabic)
    # Every face of the site is a few KB, not 150-250 KB of TTF.
    assert sum(p.stat().st_size for p in fonts.iterdir()) < 250_000
    assert max(p.stat().st_size for p in fonts.iterdir()) < 20_000
    with TTFont(fonts / "almarai-400-arabic.woff2") as font:
        features = {r.FeatureTag for r in font["GSUB"].table.FeatureList.FeatureRecord}
        assert {"init", "medi", "fina", "rlig"} <= features  # Arabic still joins
        assert "mark" in {r.FeatureTag for r in font["GPOS"].table.FeatureList.FeatureRecord}


def test_subsets_cover_every_character_of_the_seed_site(built_site: Path) -> None:
    assert_fonts_cover_pages(built_site)


def test_subsets_cover_every_character_of_a_corpus_day(tmp_path: Path, corpus: Path) -> None:
    """Eight articles of five outlets (Douma, April 2018): their letters, digits and
    punctuation, and everything the pages add around them."""
    for name in ("templates", "locale"):
        shutil.copytree(PROJECT / name, tmp_path / name)
    (tmp_path / "site").mkdir()
    build_day(corpus, DAYS["douma"], tmp_path / "content")
    build(BuildOptions.for_root(tmp_path, pdf=False))
    assert_fonts_cover_pages(tmp_path / "site")


@pytest.mark.parametrize(("lang", "family"), [("ar", "almarai-{}-arabic.woff2"),
                                              ("en", "ibm-plex-sans-arabic-{}-latin.woff2")])
def test_the_first_fonts_are_preloaded(built_site: Path, lang: str, family: str) -> None:
    """The first screen of a phone (masthead, navigation, edition title) is drawn in the UI
    family, regular and bold, in the page's script."""
    page = built_site / lang / SEED_DATE / "index.html"
    links = find_all(parse(page), "link")
    preloads = [link for link in links if link.get("rel") == "preload"]
    fonts = [family.format(weight) for weight in (400, 700)]
    assert [(p.get("href"), p.get("as"), p.get("type")) for p in preloads] == [
        (f"../../assets/fonts/{font}", "font", "font/woff2") for font in fonts]
    for link in preloads:
        assert link.get("crossorigin") is not None  # fonts are fetched in CORS mode
        assert (page.parent / link.get("href")).is_file()
    declared = {r["src"] for r in font_rules(built_site)}
    assert {f'url("fonts/{font}") format("woff2")' for font in fonts} <= declared


def test_site_chars_finds_what_the_base_set_lacks() -> None:
    page = "<p title=\"ڤ\">سلام &#x2192; &eacute; — x</p>".encode()
    assert webfonts.page_chars(page) == "éڤ—→"
    chars = webfonts.SiteChars()
    chars.add(page)
    assert {"ڤ", "→", "é", "—"} == chars.found
    assert "س" in chars.chars() and "x" in chars.chars()
    # Remembered by the page's digest: a page seen before is not scanned again, and the
    # memo holds only the pages of this build.
    again = webfonts.SiteChars({**chars.memo, "gone": "ж"})
    again.add(page)
    assert again.found == chars.found and again.memo == chars.memo and again.changed
    assert webfonts.unicode_range([0x20, 0x21, 0x22, 0x41, 0x627]) == "U+20-22, U+41, U+627"


def test_subsetting_is_deterministic_and_cached(tmp_path: Path) -> None:
    face = next(f for f in font_faces() if f.family == "Briefing Arabic" and f.weight == 400)
    fonts = webfonts.plan([face], "سلام عليكم Hello")
    assert [(f.script, f.file_name) for f in fonts] == [
        ("arabic", "almarai-400-arabic.woff2"), ("latin", "almarai-400-latin.woff2")]
    first = webfonts.build_webfonts(fonts, tmp_path / "cache")
    assert (first.made, first.cached) == (2, 0)
    again = webfonts.build_webfonts(fonts, tmp_path / "cache")
    assert (again.made, again.cached) == (0, 2)
    fresh = webfonts.build_webfonts(fonts, None)
    assert first.files == again.files == fresh.files


def test_favicon(built_site: Path) -> None:
    ico = (built_site / "favicon.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, 1)
    width, height, *_, size, offset = struct.unpack("<BBBBHHII", ico[6:22])
    assert (width, height) == (SIZE, SIZE)
    assert ico[offset:offset + 8] == b"\x89PNG\r\n\x1a\n" and len(ico) == offset + size
    assert (built_site / "favicon.svg").read_text().startswith("<svg ")
    page = built_site / "en" / SEED_DATE / "index.html"
    [icon] = [link for link in find_all(parse(page), "link") if link.get("rel") == "icon"]
    assert icon.get("type") == "image/svg+xml"
    assert (page.parent / icon.get("href")).resolve() == (built_site / "favicon.svg").resolve()


def test_without_base_url_no_canonical_or_hreflang(project: Path) -> None:
    (project / "briefing.yaml").unlink(missing_ok=True)
    report = build(BuildOptions.for_root(project, pdf=False))
    assert any("base_url is not set" in w for w in report.warnings), report.warnings
    page = parse(project / "site" / "ar" / SEED_DATE / "index.html")
    rels = [link.get("rel") for link in find_all(page, "link")]
    assert "canonical" not in rels
    assert not [link for link in find_all(page, "link") if link.get("hreflang")]
    # The reader's language switch is still there, relative.
    switch = [a.get("href") for a in find_all(page, "a") if a.get("hreflang") == "en"]
    assert switch == [f"../../en/{SEED_DATE}/index.html"]


def test_with_base_url_absolute_links(project: Path) -> None:
    (project / "briefing.yaml").write_text("base_url: https://news.example.net/desk\n",
                                           encoding="utf-8")
    report = build(BuildOptions.for_root(project, pdf=False))
    assert not any("base_url" in w for w in report.warnings)
    page = parse(project / "site" / "en" / "sections" / "un" / "index.html")
    links = {(link.get("rel"), link.get("hreflang")): link.get("href")
             for link in find_all(page, "link")}
    base = "https://news.example.net/desk/"
    assert links[("canonical", None)] == f"{base}en/sections/un/"
    assert links[("alternate", "ar")] == f"{base}ar/sections/un/"
    assert links[("alternate", "en")] == f"{base}en/sections/un/"
    assert links[("alternate", "x-default")] == f"{base}ar/sections/un/"
    not_found = parse(project / "site" / "404.html")
    assert not [link for link in find_all(not_found, "link")
                if link.get("rel") == "canonical" or link.get("hreflang")]
