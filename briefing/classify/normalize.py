"""Moved to :mod:`briefing.text.normalize` and :mod:`briefing.text.words` (the one text
layer); these names stay importable from here for code written before the move. Nothing is
defined here."""

from __future__ import annotations

from ..text.normalize import (
    CLITIC_PREFIXES,
    FUNCTION_WORDS,
    MODAL_WORDS,
    fold,
    is_arabic,
    light_stem,
    normalise,
    normalise_block,
    strip_clitics,
    word_set,
)
from ..text.words import Text, Token, Word, scan, token, tokens, words

__all__ = ["CLITIC_PREFIXES", "FUNCTION_WORDS", "MODAL_WORDS", "Text", "Token", "Word", "fold",
           "is_arabic", "light_stem", "normalise", "normalise_block", "scan", "strip_clitics",
           "token", "tokens", "word_set", "words"]
