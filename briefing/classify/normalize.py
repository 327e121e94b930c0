"""Arabic (and English) normalisation for matching; the original text is kept for display.

Matching must not depend on how a writer spelled a word: diacritics, tatweel, the forms of
alef and hamza, alef maqsura and ta marbuta vary between papers and even within one article.
Clitics (the conjunctions و ف, the prepositions ب ل ك and the article ال) are stripped so
"وبالمدنيين" and "المدنيين" and "مدنيين" meet on one stem.
"""

from __future__ import annotations

import re

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_BIDI = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]")
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                       "ؤ": "و", "ئ": "ي"})
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_TOKEN = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+|[A-Za-z]+(?:['’][A-Za-z]+)?|\d+")

#: Prefix clitic combinations, longest first (و+ب+ال = "وبال").
_PREFIXES = tuple(sorted(
    {c + a for c in ("", "و", "ف") for a in ("", "ب", "ل", "ك")}
    | {c + p + "ال" for c in ("", "و", "ف") for p in ("", "ب", "ك")}
    | {c + "لل" for c in ("", "و", "ف")},
    key=len, reverse=True))
MIN_STEM = 2


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
    for prefix in _PREFIXES:
        if prefix and token.startswith(prefix) and len(token) - len(prefix) >= MIN_STEM + 1:
            return token[len(prefix):]
    return token


def tokens(text: str) -> list[str]:
    """Normalised, clitic-stripped tokens; English is lower-cased."""
    out = []
    for tok in _TOKEN.findall(normalise(text)):
        if tok.isascii():
            out.append(tok.lower())
        else:
            out.append(strip_clitics(tok))
    return out
