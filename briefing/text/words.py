"""A text read into analysed words, as the classifier matches and weighs them.

Texts are split by the one tokeniser (:data:`briefing.text.tokens.WORD_SPLIT`: the words
:func:`~briefing.text.tokens.split_tokens` finds for the extract stage); each distinct word
is then analysed once (:class:`Token`: its folded key, light stem and what the classifier
asks of it) and shared by every text that uses it. :func:`scan` gives a text's words with
the text between them (punctuation and spaces), :func:`words` its words with their offsets,
keeping each word's original spelling beside its folded forms, so evidence shown to an
editor quotes the text as written ("«المدنيين»"), not the folded key.

Speed: news vocabulary is small, so each distinct word is analysed once (a bounded cache of
:class:`Token`), and :func:`scan` is memoised per text because several stages read each
paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .normalize import (
    FUNCTION_WORDS,
    MIN_FEATURE_STEM,
    MODAL_WORDS,
    fold_normalised,
    is_arabic,
    light_stem,
    normalise,
    strip_clitics,
)
from .tokens import WORD_SPLIT


@dataclass(frozen=True)
class Word:
    """One word of a text: as written (``surface``), its matching key and its light stem."""

    surface: str
    key: str
    stem: str
    start: int


class Token:
    """One distinct word as written, analysed once and shared by every text that uses it.

    ``key`` and ``stem`` are as in :class:`Word`; ``normal`` is the word normalised but
    keeping its clitics, ``lower`` the same lower-cased; ``arabic`` says the key has Arabic
    letters and ``function`` that it is one of :data:`FUNCTION_WORDS`. What the later stages
    ask of a word is worked out here too, once:

    - ``feature``: its learned word feature (``w:`` and the stem, see features.py) when it is
      an Arabic content word, else None;
    - ``topic``: its stem when it is a content word of at least 3 letters and not a number
      (kinds.py compares an article's vocabulary with it), else None;
    - ``nameable``: it may be remembered as an actor's name (actors.py): a content word of at
      least 3 letters, not a number;
    - ``modal``: it is one of :data:`MODAL_WORDS`;
    - ``matches``: how it meets the lexicon, filled in by lexicon.py when first asked.
    """

    __slots__ = ("arabic", "feature", "function", "key", "lower", "matches", "modal",
                 "nameable", "normal", "stem", "surface", "topic")

    def __init__(self, surface: str) -> None:
        self.normal = normal = normalise(surface)
        self.surface = surface
        self.key = key = fold_normalised(normal)
        self.stem = stem = light_stem(key)
        self.lower = normal.lower()
        self.arabic = is_arabic(key)
        self.function = key in FUNCTION_WORDS
        self.feature = ("w:" + stem if self.arabic and len(stem) >= MIN_FEATURE_STEM
                        and not self.function else None)
        number = not any(ch.isalpha() for ch in key)  # "2024", "3.5", "1,000"
        self.topic = stem if len(stem) >= 3 and not self.function and not number else None
        self.nameable = not self.function and len(key) >= 3 and not number
        self.modal = key in MODAL_WORDS
        self.matches: object = None

    def __repr__(self) -> str:
        return f"Token({self.surface!r})"


#: Distinct words analysed so far (cleared when it reaches the bound).
_TOKENS: dict[str, Token] = {}
MAX_TOKENS = 1 << 16


def token(surface: str) -> Token:
    """The shared analysis of one word as written."""
    found = _TOKENS.get(surface)
    if found is None:
        if len(_TOKENS) >= MAX_TOKENS:
            _TOKENS.clear()
        found = _TOKENS[surface] = Token(surface)
    return found


@dataclass(frozen=True)
class Text:
    """A text read into words: ``words[i]`` is a word (or number), ``gaps[i]`` the text
    between the word before it (or the start) and it."""

    text: str
    words: tuple[Token, ...]
    gaps: tuple[str, ...]


@lru_cache(maxsize=2048)
def scan(text: str) -> Text:
    """The words of ``text`` and the text between them (punctuation, spaces).

    Memoised: a paragraph is read by several stages (noise, cues, actors, evidence).
    """
    parts = WORD_SPLIT.split(text)
    surfaces = parts[1::2]
    known = list(map(_TOKENS.get, surfaces))
    found = ([t or token(s) for t, s in zip(known, surfaces, strict=True)]
             if None in known else known)  # some words met for the first time
    return Text(text, tuple(found), tuple(parts[0:-1:2]))  # type: ignore[arg-type]


@lru_cache(maxsize=2048)
def words(text: str) -> tuple[Word, ...]:
    """The words of ``text`` in order, each with its original spelling and offset.

    Memoised, and each distinct word is analysed once (:func:`token`).
    """
    out: list[Word] = []
    for match in WORD_SPLIT.finditer(text):
        t = token(match.group())
        out.append(Word(t.surface, t.key, t.stem, match.start()))
    return tuple(out)


def tokens(text: str) -> list[str]:
    """Normalised, clitic-stripped tokens; English is lower-cased."""
    return [strip_clitics(t.normal) if is_arabic(t.normal) else t.normal.lower()
            for t in scan(text).words]
