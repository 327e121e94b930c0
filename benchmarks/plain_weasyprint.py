"""Baseline: plain WeasyPrint rendering one comparable A4 page over and over in one process.

The page holds the seed's text in both languages (Arabic paragraphs, then English ones) in
the same packaged fonts briefing embeds in its PDFs, as many paragraphs as fill one A4 page; no
tagging, no custom fetcher, no cache: ``HTML(string=...).write_pdf()``. Run as a script, it
prints one JSON line: ``{"pages": N, "seconds": S, "cpu_seconds": C, "import_seconds": I}``;
the import of
WeasyPrint is timed separately and left out of the rate (the process is warm).

    python -m benchmarks.plain_weasyprint [--seconds 20] [--cache .cache/briefing]
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SEED = PROJECT / "content" / "2024-12-03" / "syria-offensive-reactions"


def _paragraphs(lang: str, count: int) -> list[str]:
    text = Path(f"{SEED}.{lang}.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    blocks = [b.strip() for b in text.split("\n\n") if b.strip() and not b.startswith("#")]
    return blocks[:count]


def page_html(font_css: str, count: int) -> str:
    """A heading and ``count`` paragraphs of the seed in each language."""
    ar = "".join(f"<p>{html.escape(p)}</p>" for p in _paragraphs("ar", count))
    en = "".join(f"<p>{html.escape(p)}</p>" for p in _paragraphs("en", count))
    return f"""<!doctype html><html lang="ar"><head><meta charset="utf-8"><style>
{font_css}
@page {{ size: A4; margin: 18mm 16mm; }}
body {{ font-family: "Briefing Arabic"; font-size: 10pt; line-height: 1.45; }}
h1 {{ font-size: 15pt; font-weight: 800; margin: 0 0 4mm; }}
.en {{ font-family: "Briefing Serif"; direction: ltr; }}
</style></head><body dir="rtl"><h1>الموجز اليومي: سورية</h1>{ar}
<div class="en" lang="en">{en}</div></body></html>"""


def run(seconds: float, cache_dir: Path) -> dict[str, float]:
    sys.path.insert(0, str(PROJECT))
    from briefing.fonts import font_face_css, pdf_font_faces

    faces = pdf_font_faces(cache_dir)
    font_css = font_face_css(faces, {f.path: f.path.resolve().as_uri() for f in faces})
    start = time.perf_counter()
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    imported = time.perf_counter() - start
    # As many paragraphs as fit on one page: a full page, like the briefing's.
    count = 1
    while len(HTML(string=page_html(font_css, count + 1)).render(
            font_config=FontConfiguration()).pages) == 1:
        count += 1
    source = page_html(font_css, count)
    pages = 0
    HTML(string=source).write_pdf()  # warm-up: fonts loaded, caches filled
    start, cpu = time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        data = HTML(string=source).write_pdf()
        assert data
        pages += 1
    return {"pages": pages, "seconds": time.perf_counter() - start,
            "cpu_seconds": time.process_time() - cpu, "import_seconds": imported}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--cache", type=Path, default=PROJECT / ".cache" / "briefing")
    args = parser.parse_args()
    print(json.dumps(run(args.seconds, args.cache)))


if __name__ == "__main__":
    main()
