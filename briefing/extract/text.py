"""Moved to :mod:`briefing.text.tokens` (the one text layer); these names stay importable
from here for code written before the move. Nothing is defined here."""

from __future__ import annotations

from ..text.tokens import (
    MEMO_WORDS,
    OPEN_CLOSE,
    SENTENCE_END,
    SOFT_PUNCT,
    Memo,
    Span,
    Token,
    Tokens,
    bare,
    fold,
    lemma_set,
    lemmas,
    quoted_spans,
    sentence_bounds,
    split_tokens,
    stems,
    tokenize,
    word_count,
    words_of,
)

__all__ = ["MEMO_WORDS", "OPEN_CLOSE", "SENTENCE_END", "SOFT_PUNCT", "Memo", "Span", "Token",
           "Tokens", "bare", "fold", "lemma_set", "lemmas", "quoted_spans", "sentence_bounds",
           "split_tokens", "stems", "tokenize", "word_count", "words_of"]
