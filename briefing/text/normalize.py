"""Arabic (and English) normalisation for matching; the original text is kept for display.

The one normaliser of the project: the classifier (briefing/classify/) and the extract
stage (briefing/extract/, through :mod:`briefing.text.tokens`) both fold text here.

Matching must not depend on how a writer spelled a word: diacritics, tatweel, the forms of
alef and hamza, alef maqsura and ta marbuta vary between papers and even within one article.
Clitics (the conjunctions و ف, the prepositions ب ل ك and the article ال) are stripped so
"وبالمدنيين" and "المدنيين" and "مدنيين" meet on one stem; :func:`light_stem` also drops the
commonest plural and pronoun suffixes for the learned word features.

Texts are split into words by :mod:`briefing.text.tokens` (the one tokeniser) and read into
analysed words by :mod:`briefing.text.words`.
"""

from __future__ import annotations

import re
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
    return fold_normalised(normalise(word))


def fold_normalised(word: str) -> str:
    if not is_arabic(word):
        return _POSSESSIVE.sub("", word.lower())
    return strip_clitics(word)


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
