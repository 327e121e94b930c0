"""Arabic (and English) normalisation for matching; the original text is kept for display.

The one normaliser of the project: the classifier (briefing/classify/) and the extract
stage (briefing/extract/, through :mod:`briefing.text.tokens`) both fold text here.

Matching must not depend on how a writer spelled a word: diacritics, tatweel, the forms of
alef and hamza, alef maqsura and ta marbuta vary between papers and even within one article.
Clitics (the conjunctions و ف, the prepositions ب ل ك and the article ال) are stripped so
"وبالمدنيين" and "المدنيين" and "مدنيين" meet on one stem; :func:`light_stem` also drops the
commonest plural and pronoun suffixes for the learned word features.

:func:`words` keeps each word's original spelling beside its folded forms, so evidence shown
to an editor quotes the text as written ("«المدنيين»"), not the folded key.

Speed: news vocabulary is small, so each distinct word is analysed once (:func:`token`, a
bounded cache of :class:`Token`), and :func:`scan` reads a paragraph into those shared tokens
and the text between them, memoised per text because several stages read each paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_DIACRITICS_CLASS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_BIDI_CLASS = "\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff"
_TATWEEL = "\u0640"
#: Everything :func:`normalise` drops: bidi marks, diacritics and tatweel.
_DROPPED = re.compile(f"[{_BIDI_CLASS}{_DIACRITICS_CLASS}{_TATWEEL}]")
#: Letter forms folded to one (none of the results is itself folded, so one pass of
#: ``str.replace`` each gives what a translation table would, several times faster).
_FOLDED_LETTERS = (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي"), ("ة", "ه"),
                   ("ؤ", "و"), ("ئ", "ي"))
#: Persian letters some papers use in Iranian names, folded to their Arabic forms.
_PERSIAN_LETTER = re.compile("[کیپچگژ]")
_PERSIAN = str.maketrans({"ک": "ك", "ی": "ي", "پ": "ب", "چ": "ج", "گ": "ك", "ژ": "ز"})
_ARABIC_DIGIT = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_POSSESSIVE = re.compile(r"['’]s$")
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_TOKEN = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+|[A-Za-z]+(?:['’][A-Za-z]+)?|\d+")
#: A word in the *original* text: a run of Arabic letters with their diacritics, tatweel and
#: joiners, a Latin word, or a number. Bidi marks inside a word are allowed and dropped by
#: :func:`normalise`; a run of marks alone has no key and is not a word (:func:`words` and
#: :func:`scan` leave it in the text between words).
_WORD = re.compile(
    f"[\u0621-\u064a\u0671-\u06d3{_DIACRITICS_CLASS}\u0640\u200c-\u200f]+"
    r"|[A-Za-z]+(?:['’][A-Za-z]+)?|[0-9\u0660-\u0669\u06f0-\u06f9]+")
#: The same, captured: ``split`` gives the text between words and the words, alternating.
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")

#: The clitics a word may carry in front: a conjunction, then a preposition.
CONJUNCTIONS = ("", "و", "ف")
PREPOSITIONS = ("", "ب", "ل", "ك")
#: Conjunction + preposition, longest first ("وب"): what may precede a name, whose article
#: is part of it (the extract stage reads names with them, :mod:`briefing.text.tokens`).
NAME_CLITICS = tuple(sorted({c + p for c in CONJUNCTIONS for p in PREPOSITIONS},
                            key=len, reverse=True))
#: Prefix clitic combinations with the article too, longest first (و+ب+ال = "وبال").
CLITIC_PREFIXES = tuple(sorted(
    set(NAME_CLITICS)
    | {c + p + "ال" for c in CONJUNCTIONS for p in ("", "ب", "ك")}
    | {c + "لل" for c in CONJUNCTIONS},
    key=len, reverse=True))
MIN_STEM = 2
#: Suffixes dropped by :func:`light_stem`, longest first: plural and dual endings, the
#: feminine/nisba ending (ه after folding ة) and attached pronouns. A bare final ي stays:
#: dropping it would merge "مدني" (civilian) with "مدن" (cities).
_SUFFIXES = ("تين", "ات", "ون", "ين", "ان", "يه", "ها", "هم", "هما", "كم", "نا", "ه")


def _by_length(affixes: tuple[str, ...]) -> tuple[tuple[int, frozenset[str]], ...]:
    """Affixes grouped by length, longest first: at most one of each length can match a
    word, so trying the groups in order finds the longest that does."""
    lengths = sorted({len(a) for a in affixes if a}, reverse=True)
    return tuple((n, frozenset(a for a in affixes if len(a) == n)) for n in lengths)


_PREFIXES_BY_LENGTH = _by_length(CLITIC_PREFIXES)
_SUFFIXES_BY_LENGTH = _by_length(_SUFFIXES)
MIN_LIGHT_STEM = 3
#: Shortest stem that is a learned word feature.
MIN_FEATURE_STEM = 2


def normalise(text: str) -> str:
    """Letters folded to one form: no diacritics, tatweel or bidi marks; unified alef/hamza;
    Persian letters as their Arabic forms; Arabic-Indic digits as ASCII digits."""
    text = _DROPPED.sub("", text)
    for written, folded in _FOLDED_LETTERS:
        text = text.replace(written, folded)
    if _PERSIAN_LETTER.search(text):
        text = text.translate(_PERSIAN)
    if _ARABIC_DIGIT.search(text):
        text = text.translate(_ARABIC_DIGITS)
    return text


@lru_cache(maxsize=4096)
def normalise_block(text: str) -> str:
    """:func:`normalise` for a whole block, memoised: noise detection and the opinion check
    both read an article's blocks folded."""
    return normalise(text)


def strip_clitics(token: str) -> str:
    """Remove leading conjunction/preposition/article clitics, keeping at least MIN_STEM letters.

    Works on normalised tokens. Ambiguous words (a stem that really begins with و or ل) lose
    a letter at worst; the cue lists are written in stripped form, so both sides agree.
    """
    for n, prefixes in _PREFIXES_BY_LENGTH:
        if len(token) - n >= MIN_STEM + 1 and token[:n] in prefixes:
            return token[n:]
    return token


def light_stem(token: str) -> str:
    """A clitic-stripped Arabic token without one plural/pronoun suffix ("مدنيين" -> "مدني").

    English tokens lose a final plural "s" ("strikes" -> "strike"). Keeps at least
    MIN_LIGHT_STEM letters, so short words are returned unchanged.
    """
    if not is_arabic(token):
        if len(token) > 4 and token.endswith("s") and not token.endswith("ss"):
            return token[:-1]
        return token
    for n, suffixes in _SUFFIXES_BY_LENGTH:
        if len(token) - n >= MIN_LIGHT_STEM and token[-n:] in suffixes:
            return token[:-n]
    return token


def is_arabic(word: str) -> bool:
    """True when the word has Arabic letters (else it is Latin script or a number)."""
    return bool(_ARABIC_LETTER.search(word))


def fold(word: str) -> str:
    """One word -> its matching key: normalised, clitic-stripped Arabic; lower-cased English
    without a possessive ("Council's" -> "council")."""
    return _fold_normalised(normalise(word))


def _fold_normalised(word: str) -> str:
    if not is_arabic(word):
        return _POSSESSIVE.sub("", word.lower())
    return strip_clitics(word)


def tokens(text: str) -> list[str]:
    """Normalised, clitic-stripped tokens; English is lower-cased."""
    out = []
    for tok in _TOKEN.findall(normalise(text)):
        out.append(strip_clitics(tok) if is_arabic(tok) else tok.lower())
    return out


def word_set(spec: str) -> frozenset[str]:
    """Whitespace-separated words -> their normalised, lower-cased forms (for word lists)."""
    return frozenset(normalise(w).lower() for w in spec.split())


#: Function words: never names, never features.
FUNCTION_WORDS = word_set("""
    في من على الى إلى عن مع ان أن إن انه أنه هذا هذه ذلك تلك التي الذي الذين كان كانت
    قد لا لم لن ما ثم او أو بين بعد قبل حتى عند كل منذ خلال غير هو هي هم وهو وهي ايضا أيضا
    the of and to in on for with that this was were from by at as is are has have""")


#: Particles of intention and condition ("لن", "سوف", "إذا"): a stance or a threat rather
#: than a reported event.
MODAL_WORDS = word_set("لن سوف إذا اذا حال will would if unless")


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
        self.key = key = _fold_normalised(normal)
        self.stem = stem = light_stem(key)
        self.lower = normal.lower()
        self.arabic = is_arabic(key)
        self.function = key in FUNCTION_WORDS
        self.feature = ("w:" + stem if self.arabic and len(stem) >= MIN_FEATURE_STEM
                        and not self.function else None)
        number = key.isdigit()
        self.topic = stem if len(stem) >= 3 and not self.function and not number else None
        self.nameable = not self.function and len(key) >= 3 and not number
        self.modal = key in MODAL_WORDS
        self.matches: object = None

    def __repr__(self) -> str:
        return f"Token({self.surface!r})"


#: Distinct words analysed so far (cleared when it reaches the bound), and those of them
#: without a key (tatweel or marks alone), which :func:`scan` leaves out.
_TOKENS: dict[str, Token] = {}
_KEYLESS: set[str] = set()
MAX_TOKENS = 1 << 16


def token(surface: str) -> Token:
    """The shared analysis of one word as written."""
    found = _TOKENS.get(surface)
    if found is None:
        if len(_TOKENS) >= MAX_TOKENS:
            _TOKENS.clear()
            _KEYLESS.clear()
        found = _TOKENS[surface] = Token(surface)
        if not found.key:
            _KEYLESS.add(surface)
    return found


@dataclass(frozen=True)
class Text:
    """A text read into words: ``words[i]`` is a word with a key, ``gaps[i]`` the text
    between the word before it (or the start) and it."""

    text: str
    words: tuple[Token, ...]
    gaps: tuple[str, ...]


@lru_cache(maxsize=2048)
def scan(text: str) -> Text:
    """The words of ``text`` (those with a matching key) and the text between them.

    Memoised: a paragraph is read by several stages (noise, cues, actors, evidence).
    """
    parts = _WORD_SPLIT.split(text)
    surfaces = parts[1::2]
    known = list(map(_TOKENS.get, surfaces))
    tokens = ([t or token(s) for t, s in zip(known, surfaces, strict=True)]
              if None in known else known)  # some words met for the first time
    gaps = parts[0:-1:2]
    if _KEYLESS.isdisjoint(surfaces):
        return Text(text, tuple(tokens), tuple(gaps))  # type: ignore[arg-type]
    # A "word" of tatweel or marks alone has no key: its text joins the gap after it.
    kept: list[Token] = []
    between: list[str] = []
    pending = ""
    for t, gap in zip(tokens, gaps, strict=True):
        pending += gap
        if t.key:
            kept.append(t)
            between.append(pending)
            pending = ""
        else:
            pending += t.surface
    return Text(text, tuple(kept), tuple(between))


@lru_cache(maxsize=2048)
def words(text: str) -> tuple[Word, ...]:
    """The words of ``text`` in order, each with its original spelling and offset.

    Memoised, and each distinct word is analysed once (:func:`token`).
    """
    out: list[Word] = []
    for match in _WORD.finditer(text):
        t = token(match.group())
        if t.key:
            out.append(Word(t.surface, t.key, t.stem, match.start()))
    return tuple(out)
