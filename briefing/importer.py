"""``briefing import``: a raw article (plain text) -> a content file an editor can work on.

The raw text is structured (headings, re-joined paragraphs; see rawtext.py), credits and
separators are left out, Markdown syntax characters in the text are escaped so the words
come out as written, and the file is written atomically. An existing content file is never
replaced unless the editor asks for it with ``--force``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from .classify.cues import is_noise
from .errors import ContentError
from .model import Block
from .rawtext import parse_raw
from .reader import MAX_FILE_BYTES, SLUG_RE

_MD_INLINE = re.compile(r"([\\`*_\[\]])")
_MD_BLOCK_START = re.compile(r"^(#|>|[-+*] |\d+[.)] )")


@dataclass(frozen=True)
class ImportResult:
    path: Path
    paragraphs: int
    headings: int
    dropped: tuple[Block, ...]
    backup: Path | None = None


def escape_markdown(text: str) -> str:
    """Escape characters Markdown would read as syntax, so the text renders as written."""
    text = _MD_INLINE.sub(r"\\\1", text)
    if _MD_BLOCK_START.match(text):
        text = "\\" + text
    return text


def slug_from(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "article"


def read_raw(path: Path) -> str:
    if not path.is_file():
        raise ContentError("file not found", path, None, "check the path")
    data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise ContentError(f"file is too large ({len(data):,} bytes)", path, None,
                           "import one article at a time")
    if b"\x00" in data:
        raise ContentError("file is binary, not text", path, None, "import a UTF-8 text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(f"file is not UTF-8 (byte 0x{data[exc.start]:02x})", path,
                           data[: exc.start].count(b"\n") + 1, "convert it to UTF-8") from exc


def render_content_file(title: str, date: dt.date, source_name: str | None,
                        source_url: str | None, blocks: list[Block]) -> str:
    meta: dict[str, object] = {"title": title}
    source: dict[str, str] = {}
    if source_name:
        source["name"] = source_name
    if source_url:
        source["url"] = source_url
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    lines = ["---", head.rstrip("\n"), f"date: {date.isoformat()}"]
    if source:
        lines.append(yaml.safe_dump({"source": source}, allow_unicode=True, sort_keys=False,
                                    width=1000).rstrip("\n"))
    lines += ["---", ""]
    for block in blocks:
        text = escape_markdown(block.text)
        lines += [f"## {text}" if block.kind == "heading" else text, ""]
    return "\n".join(lines)


def import_article(source_file: Path, date: dt.date, content_dir: Path, lang: str = "ar",
                   source_name: str | None = None, source_url: str | None = None,
                   slug: str | None = None, title: str | None = None,
                   force: bool = False) -> ImportResult:
    text = read_raw(source_file)
    blocks = parse_raw(text)
    kept = [b for b in blocks if b.kind == "heading" or not is_noise(b.text)]
    dropped = tuple(b for b in blocks if b not in kept)
    # A heading with no paragraph after it (e.g. above a dropped credit line) goes too.
    kept = [b for i, b in enumerate(kept)
            if b.kind != "heading" or (i + 1 < len(kept) and kept[i + 1].kind == "paragraph")]
    if not any(b.kind == "paragraph" for b in kept):
        raise ContentError("no article text found", source_file, None,
                           "the file should hold paragraphs separated by blank lines")
    slug = slug or slug_from(source_file.stem)
    if not SLUG_RE.match(slug):
        raise ContentError(f"slug {slug!r} has characters other than a-z, 0-9 and -", None, None,
                           "pass --slug with only a-z, 0-9 and -")
    if title is None:
        first = next(b.text for b in kept if b.kind == "paragraph")
        words = first.split()
        title = " ".join(words[:12]) + ("…" if len(words) > 12 else "")
    target = content_dir / date.isoformat() / f"{slug}.{lang}.md"
    if target.exists() and not force:
        raise ContentError("content file already exists; not overwriting it", target, None,
                           "pass --force to replace it, or --slug to import under another name")
    body = render_content_file(title, date, source_name, source_url, kept)
    target.parent.mkdir(parents=True, exist_ok=True)
    backup = None
    if target.exists():
        # --force: the editor's previous file is kept beside it (hidden, ignored by builds).
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
        backup = target.with_name(f".{target.name}.{stamp}.bak")
        backup.write_bytes(target.read_bytes())
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return ImportResult(path=target, paragraphs=sum(b.kind == "paragraph" for b in kept),
                        headings=sum(b.kind == "heading" for b in kept), dropped=dropped,
                        backup=backup)
