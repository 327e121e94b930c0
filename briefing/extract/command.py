"""``briefing extract FILE --format json|table``: what the extract stage finds in one article.

FILE is a raw ``.txt`` article (structured with :func:`briefing.rawtext.parse_raw`) or a
content ``.md`` file (its body after the front matter, read with
:func:`briefing.reader.parse_body`). A project gazetteer (``data/gazetteer.yaml`` in the
current folder) is merged on top of the packaged one when present.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from ..importer import read_raw
from ..model import Block
from ..rawtext import parse_raw
from ..reader import parse_body
from . import extract_blocks, load_gazetteer
from .gazetteer import PROJECT_FILE
from .model import ArticleFacts


def read_blocks(path: Path) -> tuple[list[Block], str]:
    """The blocks of a raw ``.txt`` or content ``.md`` file, and its language."""
    text = read_raw(path)
    if path.suffix != ".md":
        return parse_raw(text), "ar"
    lines = text.replace("\r\n", "\n").split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        start = next((i + 1 for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
    parts = path.name.split(".")
    lang = parts[-2] if len(parts) >= 3 else "ar"
    return parse_body(lines[start:], first_line=start + 1), lang


def run_extract(path: Path, fmt: str, root: Path | None = None,
                out: TextIO | None = None) -> int:
    """Print the facts of one article as JSON or a table; return the exit code."""
    out = out or sys.stdout
    blocks, lang = read_blocks(path)
    gazetteer = load_gazetteer((root or Path(".")) / PROJECT_FILE)
    facts = extract_blocks(blocks, lang, gazetteer)
    if fmt == "json":
        json.dump({"path": str(path), "lang": lang, **facts.to_json()}, out,
                  ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        out.write(format_table(path, facts))
    return 0


def format_table(path: Path, facts: ArticleFacts) -> str:
    lines = [str(path), "quotations:"]
    for q in facts.quotes:
        who = q.speaker_en or q.speaker_ar or "?"
        mark = " (continued)" if q.continued else ""
        lines.append(f"  {q.block:3d}  {who}{mark}: «{_short(q.text)}»")
    lines.append("figures:")
    for f in facts.figures:
        qualifier = f"{f.qualifier_en} " if f.qualifier_en else ""
        source = f" [{f.source_en or f.source_ar}]" if f.source_ar else ""
        lines.append(f"  {f.block:3d}  {qualifier}{f.value:,} {f.what_en or f.what} "
                     f"({f.kind}){source}")
    lines.append("entities:")
    for e in facts.entities:
        lines.append(f"  {e.count:3d}  {e.en} ({e.type}) {e.ar}")
    lines.append("sources:")
    for s in facts.sources:
        lines.append(f"       {s.en or s.ar} ({s.kind}) paragraphs {', '.join(map(str, s.blocks))}")
    if facts.unknown:
        lines.append("not in the gazetteer: " + "، ".join(facts.unknown))
    return "\n".join(lines) + "\n"


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
