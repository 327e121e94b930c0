"""Raw article text -> blocks: blank-line split, subheadings, broken paragraphs re-joined.

Raw articles (``seeds/``, the corpus) are plain text with one paragraph per blank-line block.
Real copy is messier: a subheading may sit on the line just above its paragraph, and a
paragraph may be cut in two by a stray blank line (the first part then ends in a comma).
This module turns such text into clean :class:`~briefing.model.Block` records. It is pure:
no file I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .model import Block

#: Characters that end a sentence or clause; a line ending in one is not a subheading.
_CLAUSE_END = (".", "،", ",", ":", "؛", ";", "…")
#: Closing quotes and brackets that may follow a sentence's final punctuation.
_CLOSERS = "\"'»”’)]"
#: A block ending in one of these continues in the next block (a paragraph cut in two).
_CONTINUES = ("،", ",", "؛", ";")
#: Longest line we still take for a subheading.
MAX_HEADING_WORDS = 8
MAX_HEADING_CHARS = 70

_BLANK_SPLIT = re.compile(r"\n[ \t\u00a0\u200f\u200e]*\n")
_WS = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True)
class RawBlock:
    """One blank-line separated block of raw text (``index`` counts from 0, as the labels do)."""

    index: int
    text: str
    line: int

    @property
    def lines(self) -> list[str]:
        return [ln.strip() for ln in self.text.split("\n") if ln.strip()]


def normalise_newlines(text: str) -> str:
    """Unix newlines, no BOM, Unicode NFC (so the same word is always the same string)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def split_blocks(text: str) -> list[RawBlock]:
    """Split raw text on blank lines, keeping each block's first line number (1-based)."""
    text = normalise_newlines(text)
    blocks: list[RawBlock] = []
    pos = 0
    for match in [*_BLANK_SPLIT.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            leading = chunk[: len(chunk) - len(chunk.lstrip())]
            line = text.count("\n", 0, pos) + leading.count("\n") + 1
            blocks.append(RawBlock(len(blocks), stripped, line))
        if match:
            pos = match.end()
    return blocks


def is_heading_line(line: str) -> bool:
    """A short line without clause punctuation at its end: a subheading.

    "تميم بن حمد" and "إقالة جنرال روسي!" are headings; a sentence ending in "." or "،"
    is not, nor is a line made only of punctuation (separators such as "-----").
    """
    line = line.strip()
    if not line or line.rstrip(_CLOSERS).endswith(_CLAUSE_END):
        return False
    words = line.split()
    if len(words) > MAX_HEADING_WORDS or len(line) > MAX_HEADING_CHARS:
        return False
    return any(ch.isalpha() for ch in line)


def _clean(text: str) -> str:
    return _WS.sub(" ", text).strip()


def structure(raw: list[RawBlock]) -> list[Block]:
    """Turn raw blocks into headings and paragraphs.

    - a one-line short block is a heading (when a paragraph follows it);
    - a block whose first line is a short heading line followed by more lines is split
      into that heading and a paragraph (the seed's last block);
    - a paragraph ending in a comma continues in the next block and is joined to it;
    - lines inside a paragraph are joined with a space.
    """
    pieces: list[Block] = []
    for i, block in enumerate(raw):
        lines = block.lines
        has_next = i + 1 < len(raw)
        if len(lines) == 1 and has_next and is_heading_line(lines[0]):
            pieces.append(Block("heading", _clean(lines[0]), block.line))
        elif len(lines) > 1 and is_heading_line(lines[0]) and not is_heading_line(lines[1]):
            pieces.append(Block("heading", _clean(lines[0]), block.line))
            pieces.append(Block("paragraph", _clean(" ".join(lines[1:])), block.line + 1))
        else:
            pieces.append(Block("paragraph", _clean(" ".join(lines)), block.line))

    joined: list[Block] = []
    for piece in pieces:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.kind == "paragraph"
            and piece.kind == "paragraph"
            and previous.text.endswith(_CONTINUES)
        ):
            joined[-1] = Block("paragraph", f"{previous.text} {piece.text}", previous.line)
        else:
            joined.append(piece)
    return joined


def parse_raw(text: str) -> list[Block]:
    """Raw article text -> structured blocks (headings and paragraphs)."""
    return structure(split_blocks(text))
