"""Measuring how faithfully Arabic text comes back out of a PDF (poppler's pdftotext).

Word recall: the share of the source's words (as a multiset) found in the extracted text.
Pair recall: the share of consecutive source word pairs that are still consecutive.
Both after removing diacritics, tatweel and direction marks; words are runs of Arabic
letters, of digits, or of Latin letters.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from itertools import pairwise
from pathlib import Path

_IGNORED = re.compile("[\u064b-\u065f\u0670\u0640\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+|[0-9\u0660-\u0669]+|[A-Za-z]+")


def words(text: str) -> list[str]:
    return _WORD.findall(_IGNORED.sub("", text))


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def recall(source_paragraphs: list[str], extracted: str) -> tuple[float, float]:
    got = words(extracted)
    have_words, have_pairs = Counter(got), Counter(pairwise(got))
    want_words: Counter[str] = Counter()
    want_pairs: Counter[tuple[str, str]] = Counter()
    for paragraph in source_paragraphs:
        w = words(paragraph)
        want_words.update(w)
        want_pairs.update(pairwise(w))
    word = sum(min(n, have_words[k]) for k, n in want_words.items()) / sum(want_words.values())
    pair = sum(min(n, have_pairs[k]) for k, n in want_pairs.items()) / sum(want_pairs.values())
    return word, pair


def contains_words(text: str, phrase: str) -> bool:
    """``phrase`` occurs in ``text`` as consecutive words (marks and spacing ignored)."""
    haystack, needle = words(text), words(phrase)
    return any(haystack[i:i + len(needle)] == needle
               for i in range(len(haystack) - len(needle) + 1))
