"""Arabic (and English) normalisation for matching; the original text is kept for display.

Matching must not depend on how a writer spelled a word: diacritics, tatweel, the forms of
alef and hamza, alef maqsura and ta marbuta vary between papers and even within one article.
Clitics (the conjunctions و ف, the prepositions ب ل ك and the article ال) are stripped so
"وبالمدنيين" and "المدنيين" and "مدنيين" meet on one stem; :func:`light_stem` also drops the
commonest plural and pronoun suffixes for the learned word features.

:func:`words` keeps each word's original spelling beside its folded forms, so evidence shown
to an editor quotes the text as written ("«المدنيين»"), not the folded key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_DIACRITICS_CLASS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
_DIACRITICS = re.compile(f"[{_DIACRITICS_CLASS}]")
_TATWEEL = "\u0640"
_BIDI = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]")
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                       "ؤ": "و", "ئ": "ي"})
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_POSSESSIVE = re.compile(r"['’]s$")
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_TOKEN = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+|[A-Za-z]+(?:['’][A-Za-z]+)?|\d+")
#: A word in the *original* text: Arabic letters with their diacritics and tatweel, a Latin
#: word, or a number. Bidi marks inside a word are allowed and dropped by :func:`normalise`.
_WORD = re.compile(
    f"[\u0621-\u064a\u0671-\u06d3{_DIACRITICS_CLASS}\u0640\u200c-\u200f]*"
    f"[\u0621-\u064a\u0671-\u06d3][\u0621-\u064a\u0671-\u06d3{_DIACRITICS_CLASS}\u0640"
    "\u200c-\u200f]*"
    r"|[A-Za-z]+(?:['’][A-Za-z]+)?|[0-9\u0660-\u0669\u06f0-\u06f9]+")

#: Prefix clitic combinations, longest first (و+ب+ال = "وبال").
CLITIC_PREFIXES = tuple(sorted(
    {c + a for c in ("", "و", "ف") for a in ("", "ب", "ل", "ك")}
    | {c + p + "ال" for c in ("", "و", "ف") for p in ("", "ب", "ك")}
    | {c + "لل" for c in ("", "و", "ف")},
    key=len, reverse=True))
MIN_STEM = 2
#: Suffixes dropped by :func:`light_stem`, longest first: plural and dual endings, the
#: feminine/nisba ending (ه after folding ة) and attached pronouns. A bare final ي stays:
#: dropping it would merge "مدني" (civilian) with "مدن" (cities).
_SUFFIXES = ("تين", "ات", "ون", "ين", "ان", "يه", "ها", "هم", "هما", "كم", "نا", "ه")
MIN_LIGHT_STEM = 3


def normalise(text: str) -> str:
    """Letters folded to one form: no diacritics, tatweel or bidi marks; unified alef/hamza."""
    text = _BIDI.sub("", text)
    text = _DIACRITICS.sub("", text).replace(_TATWEEL, "")
    return text.translate(_ALEF).translate(_ARABIC_DIGITS)


def strip_clitics(token: str) -> str:
    """Remove leading conjunction/preposition/article clitics, keeping at least MIN_STEM letters.

    Works on normalised tokens. Ambiguous words (a stem that really begins with و or ل) lose
    a letter at worst; the cue lists are written in stripped form, so both sides agree.
    """
    for prefix in CLITIC_PREFIXES:
        if prefix and token.startswith(prefix) and len(token) - len(prefix) >= MIN_STEM + 1:
            return token[len(prefix):]
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
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if token.endswith(suffix) and len(token) - len(suffix) >= MIN_LIGHT_STEM:
            return token[: -len(suffix)]
    return token


def is_arabic(word: str) -> bool:
    """True when the word has Arabic letters (else it is Latin script or a number)."""
    return bool(_ARABIC_LETTER.search(word))


def fold(word: str) -> str:
    """One word -> its matching key: normalised, clitic-stripped Arabic; lower-cased English
    without a possessive ("Council's" -> "council")."""
    word = normalise(word)
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


@dataclass(frozen=True)
class Word:
    """One word of a text: as written (``surface``), its matching key and its light stem."""

    surface: str
    key: str
    stem: str
    start: int


@lru_cache(maxsize=1 << 16)
def _analyse(surface: str) -> tuple[str, str]:
    key = fold(surface)
    return key, light_stem(key)


@lru_cache(maxsize=2048)
def words(text: str) -> tuple[Word, ...]:
    """The words of ``text`` in order, each with its original spelling and offset.

    Memoised: a paragraph is read by several stages (cues, actors, noise, evidence), and
    news vocabulary is small, so each distinct word is analysed once.
    """
    out: list[Word] = []
    for match in _WORD.finditer(text):
        key, stem = _analyse(match.group())
        if key:
            out.append(Word(match.group(), key, stem, match.start()))
    return tuple(out)
