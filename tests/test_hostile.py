"""Hostile input under the size limits ends in seconds: Markdown that is slow to parse.

The bounds themselves are measured in benchmarks; here a generous subprocess timeout tells a
bounded build (a few seconds) from the quadratic one it replaced (minutes).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from briefing.markup import render_inline
from briefing.pipeline import BuildOptions, build

from .conftest import SEED_DATE, SEED_SLUG, copy_project
from .htmltools import parse, text_of

#: Each of these took from 30 s to minutes to render before paragraphs were bounded.
PATHOLOGICAL = [
    "[" * 30_000,
    "[" * 199 + "a" * 400_000,
    "\\[" * 30_000,
    "[a](" * 20_000,
]


def test_pathological_markdown_builds_in_seconds(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    body = "\n\n".join([*PATHOLOGICAL, "*a" * 10_000, "> " * 5_000 + "x"])
    title = "[" * 30_000
    (root / "content" / "2024-12-03" / "brackets.en.md").write_text(
        f'---\ntitle: "{title}"\ndate: 2024-12-03\n---\n\n{body}\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "briefing", "check", "--quiet"], cwd=root,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_pathological_paragraph_is_shown_as_typed() -> None:
    html = render_inline("see [the link](https://example.org) " + "[" * 300)
    assert "<a" not in html
    assert html.startswith("see [the link](https://example.org) [[[")
    # An ordinary paragraph keeps its links.
    assert '<a href="https://example.org"' in render_inline("see [the link](https://example.org)")


#: Every character the outputs must not hold: C0 controls (tab and newline aside), DEL, C1
#: controls and the bidi embeddings and overrides.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e]")


def test_control_and_bidi_characters_never_reach_an_output(project: Path) -> None:
    """Control characters pasted into a title, a paragraph or the source's name (raw, or as
    YAML escapes) leave the feeds and the sitemap well-formed XML and the pages clean; a
    U+202E (right-to-left override) in an English title and paragraph does not reverse what
    follows it, and the words around it are kept."""
    folder = project / "content" / SEED_DATE
    en = folder / f"{SEED_SLUG}.en.md"
    text = en.read_text(encoding="utf-8")
    text = text.replace("\ntitle: Syrian opposition presses",
                        '\ntitle: "Syrian \\u202Eopposition\\x07 presses\\x1b[31m', 1)
    text = text.replace("emergency Security Council session\n", 'emergency session"\n', 1)
    text = text.replace("  name: Arabic daily", '  name: "Arabic\\x0c daily\\x1f"', 1)
    text = text.replace("As opposition forces try", "As \u202eopposition\x07 forces\x01 try\x7f", 1)
    text = text.replace("\u201cfait accompli\u201d", "\u2067fait\u2066 accompli\x1b[0m", 1)
    en.write_text(text, encoding="utf-8")
    ar = folder / f"{SEED_SLUG}.ar.md"
    ar.write_text(ar.read_text(encoding="utf-8").replace("\n\n", "\n\n\u202e\x08\x0c", 2),
                  encoding="utf-8")
    build(BuildOptions.for_root(project, pdf=False))
    site = project / "site"
    import xml.etree.ElementTree as ET

    for lang in ("ar", "en"):
        ET.parse(site / lang / "feed.xml")  # raises on a control character
    ET.parse(site / "sitemap.xml")
    outputs = [p for p in site.rglob("*") if p.suffix in (".html", ".xml", ".txt", ".css")]
    assert len(outputs) > 10
    for path in outputs:
        found = FORBIDDEN.findall(path.read_text(encoding="utf-8"))
        assert not found, (path, found)
    page = parse(site / "en" / SEED_DATE / "index.html")
    shown = " ".join(text_of(page).split())
    assert "Syrian opposition presses[31m" in shown  # the title, in reading order
    assert "As opposition forces try" in shown
    assert "Arabic daily" in shown
    # An isolate left open is dropped; a balanced one would be kept (it cannot leak).
    assert "\u2067" not in shown and "fait accompli[0m" in shown.replace("\u2066", "")
    feed = (site / "en" / "feed.xml").read_text(encoding="utf-8")
    assert "As opposition forces try" in feed


def test_balanced_isolates_are_kept_and_stray_ones_dropped() -> None:
    from briefing.text.controls import clean_text

    assert clean_text("a \u2067\u0639\u0631\u0628\u2069 b") == "a \u2067\u0639\u0631\u0628\u2069 b"
    assert clean_text("a \u2069b \u2066c") == "a b c"
    assert clean_text("\u2066a\nb\u2069") == "a\nb"  # an isolate cannot span lines
    assert clean_text("tab\tand\nnewline\r") == "tab\tand\nnewline\r"
    assert clean_text("bell\x07 form\x0cfeed \u202dLRO\u202c") == "bell form feed LRO"
