"""Text of one block -> tokens with their offsets, quoted spans and sentence spans.

Everything the extractors match works on :class:`Token` records: the word as written (for
display) and its ``norm`` (:func:`briefing.text.normalize.normalise`: no diacritics or
tatweel, one alef, ة as ه); where each token stands in its block is kept beside them
(:class:`Tokens`). Clitics are read off by :func:`stems`, which, unlike
``strip_clitics``, keeps the article: "السورية" (Syrian) must not read as "سورية" (Syria).
Punctuation is kept as tokens, because commas, colons and quotation marks delimit speakers
and clauses.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections.abc import Callable
from typing import Generic, Literal, NamedTuple, TypeVar

from .normalize import NAME_CLITICS, normalise

TokenKind = Literal["word", "num", "punct"]

_LETTERS = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
_MARKS = "\u064b-\u065f\u0670\u0610-\u061a\u06d6-\u06ed\u0640\u200c-\u200f"
_DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
_WORD = f"[{_LETTERS}][{_LETTERS}{_MARKS}]*|[A-Za-z]+(?:['’][A-Za-z]+)*"
_NUMBER = f"[{_DIGITS}]+(?:[.,\u066b\u066c][{_DIGITS}]+)*"
_TOKEN = re.compile(f"(?P<word>{_WORD})|(?P<num>{_NUMBER})" r"|(?P<punct>\.\.\.|…|\S)")
#: The word and number tokens alone, captured: ``WORD_SPLIT.split(text)`` gives the text
#: between them and them, alternating. No token spans a space and punctuation never starts
#: a word or number, so these are exactly the words :func:`split_tokens` finds, split in
#: one call (the classifier reads every paragraph this way, briefing/text/words.py).
WORD_SPLIT = re.compile(f"((?:{_WORD})|(?:{_NUMBER}))")
#: Punctuation that may sit inside a name ("العربية/الحدث", "لـ«قوات»" is handled by tokens).
SOFT_PUNCT = frozenset("/-")
#: Punctuation that ends a sentence (outside quotations).
SENTENCE_END = frozenset({".", "!", "؟", "?", "…", "..."})

OPEN_CLOSE = {"«": "»", "“": "”"}
#: Characters that end a sentence when a space or the end of the block follows them.
_SENTENCE_MARKS = ".!؟?…"
#: Distinct words (or chunks) a memo remembers before it starts over: the 57 articles of the
#: corpus have some 10,000 distinct chunks.
MEMO_WORDS = 1 << 16


#: Clitics that may precede a word: conjunctions و ف, then prepositions ب ل ك (never the
#: article, which is part of the word a name is written with).
_CLITICS = NAME_CLITICS
MIN_STEM = 2


class Token(NamedTuple):
    """One token: ``text`` as written, ``norm`` for matching.

    Tokens carry no offsets, so one object stands for every occurrence of a word (see
    :func:`split_tokens`): a block has hundreds of tokens, and making them is most of the
    cost of reading it. A named tuple, cheap to read in the extractors' loops.
    """

    text: str
    kind: TokenKind
    norm: str
    #: A word or a number, not punctuation (``kind != "punct"``).
    is_word: bool


class Tokens(NamedTuple):
    """The tokens of a block and where they stand: ``text[starts[i]:ends[i]]`` is token i."""

    tokens: list[Token]
    starts: list[int]
    ends: list[int]


_T = TypeVar("_T")


class Memo(dict[str, _T], Generic[_T]):
    """``memo[word]`` is ``compute(word)``, computed once per distinct word.

    A dictionary lookup is the cheapest call Python has, for the loops that visit every
    token. The memo starts over when it holds :data:`MEMO_WORDS` words.
    """

    def __init__(self, compute: Callable[[str], _T]):
        super().__init__()
        self.compute = compute

    def __missing__(self, word: str) -> _T:
        value = self.compute(word)
        if len(self) >= MEMO_WORDS:
            self.clear()
        self[word] = value
        return value


def _fold(word: str) -> str:
    norm = normalise(word)
    return norm.lower() if norm.isascii() else norm


_FOLDED = Memo(_fold)


def fold(word: str) -> str:
    """A word as matched: :func:`normalise` (Persian letters folded too), English
    lower-cased."""
    return _FOLDED[word]


@functools.lru_cache(maxsize=MEMO_WORDS)
def stems(norm: str) -> tuple[tuple[str, str], ...]:
    """(clitic, stem) readings of a normalised word, the word itself first.

    "وبحلب" -> ("وب", "حلب"); "للكرملين" -> ("ل", "الكرملين") (ل + ال is written "لل");
    "السورية" keeps its article, so it never reads as the country "سورية".
    """
    out = [("", norm)]
    if norm.isascii():
        return tuple(out)
    for clitic in _CLITICS:
        if not clitic or not norm.startswith(clitic):
            continue
        rest = norm[len(clitic):]
        if clitic.endswith("ل") and rest.startswith("ل") and len(rest) > MIN_STEM + 1:
            out.append((clitic, "ا" + rest))
        if len(rest) >= MIN_STEM:
            out.append((clitic, rest))
    return tuple(out)


def bare(norm: str) -> str:
    """A normalised word without a leading conjunction و/ف (for function words and verbs)."""
    if len(norm) > 2 and norm[0] in "وف":
        return norm[1:]
    return norm


def tokenize(text: str) -> list[Token]:
    """Split a block into word, number and punctuation tokens (see :func:`split_tokens`)."""
    return split_tokens(text).tokens


def split_tokens(text: str) -> Tokens:
    """Split a block into word, number and punctuation tokens, with their offsets.

    No token spans whitespace, so the block is read chunk by chunk (its runs of non-space
    characters): each distinct chunk is split once (:data:`_CHUNKS`); its tokens are the
    same objects wherever it occurs, only their offsets are the block's own.
    """
    tokens: list[Token] = []
    starts: list[int] = []
    ends: list[int] = []
    find = text.find
    end = 0
    for chunk in text.split():
        start = find(chunk, end)  # only whitespace since the last chunk
        end = start + len(chunk)
        pieces, offsets = _CHUNKS[chunk]
        tokens.extend(pieces)
        if offsets is None:  # one token, the whole chunk
            starts.append(start)
            ends.append(end)
        else:
            for first, last in offsets:
                starts.append(start + first)
                ends.append(start + last)
    return Tokens(tokens, starts, ends)


_Chunk = tuple[tuple[Token, ...], tuple[tuple[int, int], ...] | None]


def _split_chunk(chunk: str) -> _Chunk:
    """The tokens of a run of non-space characters and their offsets in it (None when the
    run is one token)."""
    tokens: list[Token] = []
    offsets: list[tuple[int, int]] = []
    for match in _TOKEN.finditer(chunk):
        kind: TokenKind = match.lastgroup  # type: ignore[assignment]
        raw = match.group()
        norm = fold(raw) if kind == "word" else normalise(raw) if kind == "num" else raw
        tokens.append(Token(raw, kind, norm, kind != "punct"))
        offsets.append(match.span())
    if offsets == [(0, len(chunk))]:
        return tuple(tokens), None
    return tuple(tokens), tuple(offsets)


#: The tokens of each distinct chunk (a word with its punctuation: "«الأسد»،").
_CHUNKS: Memo[_Chunk] = Memo(_split_chunk)


def words_of(text: str) -> tuple[str, ...]:
    """The normalised words of ``text`` (punctuation dropped)."""
    return tuple(t.norm for t in tokenize(text) if t.is_word)


class Span(NamedTuple):
    """A quoted stretch of a block: the marks at ``start`` and ``end - 1``; ``text`` inside."""

    start: int
    end: int
    text: str
    mark: str


def quoted_spans(text: str) -> list[Span]:
    """Quotations in «» and “”, then ASCII "" pairs outside those, in document order.

    An unbalanced mark is ignored. ASCII quotes pair up in order within the block.
    """
    if "«" not in text and "“" not in text and '"' not in text:
        return []  # most blocks quote no one
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
    marks = [i for i in _positions(text, '"') if not any(a <= i < b for a, b in taken)]
    for first, second in zip(marks[::2], marks[1::2], strict=False):
        inside = (first, second + 1)
        if any(first < a < second for a, _ in taken):
            continue  # a «» quotation sits between the two marks: not a pair
        spans.append(Span(first, second + 1, text[first + 1:second], '"'))
        taken.append(inside)
    spans = [s for s in spans if s.text.strip()]
    return sorted(spans, key=lambda s: s.start)


def _positions(text: str, ch: str) -> list[int]:
    """Offsets of the character ``ch`` in ``text``."""
    out = []
    i = text.find(ch)
    while i >= 0:
        out.append(i)
        i = text.find(ch, i + 1)
    return out


def sentence_bounds(text: str, spans: list[Span]) -> list[tuple[int, int]]:
    """Sentence offsets: split after . ! ? outside quotations.

    The text is read from one sentence mark (or quotation) to the next: between ``i`` and
    the next quotation opening after it, no character is inside a quotation.
    """
    marks = _sentence_marks(text)
    bounds: list[tuple[int, int]] = []
    start = 0
    i = 0
    n = len(text)
    if not spans:
        i = n  # no quotation to step over: every sentence mark counts
        for end in marks:
            if end == n or text[end].isspace():
                bounds.append((start, end))
                start = end
    while i < n:
        inside = next((s for s in spans if s.start <= i < s.end), None)
        if inside is not None:
            i = inside.end
            continue
        opening = min((s.start for s in spans if s.start > i), default=n)
        k = bisect_left(marks, i + 1)
        if k == len(marks) or marks[k] > opening:
            i = opening
            continue
        i = marks[k]  # just after the mark
        if i == n or text[i].isspace():
            bounds.append((start, i))
            start = i
    if start < n and text[start:].strip():
        bounds.append((start, n))
    return bounds or [(0, n)]


def _sentence_marks(text: str) -> list[int]:
    """The offsets just after each sentence-ending character ("." "!" "؟" "?" "…")."""
    ends: list[int] = []
    for mark in _SENTENCE_MARKS:
        if mark in text:
            ends += (i + 1 for i in _positions(text, mark))
    ends.sort()
    return ends


def word_count(text: str) -> int:
    return sum(1 for t in tokenize(text) if t.is_word)


@functools.lru_cache(maxsize=MEMO_WORDS)
def lemmas(norm: str) -> tuple[str, ...]:
    """Readings of a word for common-noun lookups: clitics and the article stripped too."""
    out: list[str] = []
    for _, stem in stems(norm):
        out.append(stem)
        if stem.startswith("ال") and len(stem) > 3:
            out.append(stem[2:])
    return tuple(out)


@functools.lru_cache(maxsize=MEMO_WORDS)
def lemma_set(norm: str) -> frozenset[str]:
    """:func:`lemmas` as a set, for intersections with the word lists of lexicon.py."""
    return frozenset(lemmas(norm))
