"""Text of one block -> tokens with their offsets, quoted spans and sentence spans.

Everything the extractors match works on :class:`Token` records: the word as written (for
display and offsets) and its ``norm`` (:func:`briefing.classify.normalize.normalise`: no
diacritics or tatweel, one alef, ة as ه). Clitics are read off by :func:`stems`, which, unlike
``strip_clitics``, keeps the article: "السورية" (Syrian) must not read as "سورية" (Syria).
Punctuation is kept as tokens, because commas, colons and quotation marks delimit speakers
and clauses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..classify.normalize import normalise

TokenKind = Literal["word", "num", "punct"]

_LETTERS = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
_MARKS = "\u064b-\u065f\u0670\u0610-\u061a\u06d6-\u06ed\u0640\u200c-\u200f"
_DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
_TOKEN = re.compile(
    f"(?P<word>[{_LETTERS}][{_LETTERS}{_MARKS}]*|[A-Za-z]+(?:['’][A-Za-z]+)*)"
    f"|(?P<num>[{_DIGITS}]+(?:[.,\u066b\u066c][{_DIGITS}]+)*)"
    r"|(?P<punct>\.\.\.|…|\S)"
)
#: Persian letters some papers use in Iranian names, folded to their Arabic forms.
_PERSIAN = str.maketrans({"ک": "ك", "ی": "ي", "پ": "ب", "چ": "ج", "گ": "ك", "ژ": "ز"})
#: Punctuation that may sit inside a name ("العربية/الحدث", "لـ«قوات»" is handled by tokens).
SOFT_PUNCT = frozenset("/-")
#: Punctuation that ends a sentence (outside quotations).
SENTENCE_END = frozenset({".", "!", "؟", "?", "…", "..."})

OPEN_CLOSE = {"«": "»", "“": "”"}


#: Clitics that may precede a word: conjunctions و ف, then prepositions ب ل ك (never the
#: article, which is part of the word a name is written with).
_CLITICS = tuple(sorted({c + p for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك")},
                        key=len, reverse=True))
MIN_STEM = 2


@dataclass(frozen=True)
class Token:
    """One token of a block: ``text`` as written at ``start``..``end``; ``norm`` for matching."""

    text: str
    kind: TokenKind
    start: int
    end: int
    norm: str

    @property
    def is_word(self) -> bool:
        return self.kind != "punct"


def fold(word: str) -> str:
    """A word as matched: :func:`normalise`, Persian letters folded, English lower-cased."""
    norm = normalise(word).translate(_PERSIAN)
    return norm.lower() if norm.isascii() else norm


def stems(norm: str) -> list[tuple[str, str]]:
    """(clitic, stem) readings of a normalised word, the word itself first.

    "وبحلب" -> ("وب", "حلب"); "للكرملين" -> ("ل", "الكرملين") (ل + ال is written "لل");
    "السورية" keeps its article, so it never reads as the country "سورية".
    """
    out = [("", norm)]
    if norm.isascii():
        return out
    for clitic in _CLITICS:
        if not clitic or not norm.startswith(clitic):
            continue
        rest = norm[len(clitic):]
        if clitic.endswith("ل") and rest.startswith("ل") and len(rest) > MIN_STEM + 1:
            out.append((clitic, "ا" + rest))
        if len(rest) >= MIN_STEM:
            out.append((clitic, rest))
    return out


def bare(norm: str) -> str:
    """A normalised word without a leading conjunction و/ف (for function words and verbs)."""
    if len(norm) > 2 and norm[0] in "وف":
        return norm[1:]
    return norm


def tokenize(text: str) -> list[Token]:
    """Split a block into word, number and punctuation tokens, keeping offsets."""
    out: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind: TokenKind = match.lastgroup  # type: ignore[assignment]
        raw = match.group()
        norm = fold(raw) if kind == "word" else normalise(raw) if kind == "num" else raw
        out.append(Token(raw, kind, match.start(), match.end(), norm))
    return out


def words_of(text: str) -> tuple[str, ...]:
    """The normalised words of ``text`` (punctuation dropped)."""
    return tuple(t.norm for t in tokenize(text) if t.is_word)


@dataclass(frozen=True)
class Span:
    """A quoted stretch of a block: the marks at ``start`` and ``end - 1``; ``text`` inside."""

    start: int
    end: int
    text: str
    mark: str


def quoted_spans(text: str) -> list[Span]:
    """Quotations in «» and “”, then ASCII "" pairs outside those, in document order.

    An unbalanced mark is ignored. ASCII quotes pair up in order within the block.
    """
    spans: list[Span] = []
    taken: list[tuple[int, int]] = []
    for open_mark, close_mark in OPEN_CLOSE.items():
        pos = 0
        while (start := text.find(open_mark, pos)) >= 0:
            end = text.find(close_mark, start + 1)
            if end < 0:
                break
            if not any(a <= start < b for a, b in taken):
                spans.append(Span(start, end + 1, text[start + 1:end], open_mark))
                taken.append((start, end + 1))
            pos = end + 1
    marks = [i for i, ch in enumerate(text) if ch == '"' and not any(a <= i < b for a, b in taken)]
    for first, second in zip(marks[::2], marks[1::2], strict=False):
        inside = (first, second + 1)
        if any(first < a < second for a, _ in taken):
            continue  # a «» quotation sits between the two marks: not a pair
        spans.append(Span(first, second + 1, text[first + 1:second], '"'))
        taken.append(inside)
    spans = [s for s in spans if s.text.strip()]
    return sorted(spans, key=lambda s: s.start)


def sentence_bounds(text: str, spans: list[Span]) -> list[tuple[int, int]]:
    """Sentence offsets: split after . ! ? outside quotations."""
    bounds: list[tuple[int, int]] = []
    start = 0
    i = 0
    while i < len(text):
        inside = next((s for s in spans if s.start <= i < s.end), None)
        if inside is not None:
            i = inside.end
            continue
        ch = text[i]
        if ch in ".!؟?…" and (i + 1 == len(text) or text[i + 1].isspace()):
            bounds.append((start, i + 1))
            start = i + 1
        i += 1
    if start < len(text) and text[start:].strip():
        bounds.append((start, len(text)))
    return bounds or [(0, len(text))]


def word_count(text: str) -> int:
    return sum(1 for t in tokenize(text) if t.is_word)


def lemmas(norm: str) -> list[str]:
    """Readings of a word for common-noun lookups: clitics and the article stripped too."""
    out: list[str] = []
    for _, stem in stems(norm):
        out.append(stem)
        if stem.startswith("ال") and len(stem) > 3:
            out.append(stem[2:])
    return out
