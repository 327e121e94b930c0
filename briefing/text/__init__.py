"""One Arabic text layer for every stage that reads Arabic: normalisation, folding, clitics,
word lists, tokens, quoted spans and sentences.

- :mod:`briefing.text.normalize`: the one normaliser (diacritics, tatweel, bidi marks,
  alef/hamza forms, alef maqsura, ta marbuta, Persian letters, Arabic-Indic digits), clitic
  stripping and light stems, word lists (:func:`~briefing.text.normalize.word_set`), and
  paragraphs read into shared analysed words (:func:`~briefing.text.normalize.scan`), as
  the classifier reads them;
- :mod:`briefing.text.tokens`: a block split into word, number and punctuation tokens with
  their offsets, clitic readings of a word, quoted spans and sentence bounds, as the
  extract stage reads them.

Both sides fold with the same :func:`~briefing.text.normalize.normalise` and the same clitic
lists, so a word the extract stage finds is the word the classifier sees.
"""

from __future__ import annotations

from .normalize import CLITIC_PREFIXES, NAME_CLITICS, normalise, word_set

__all__ = ["CLITIC_PREFIXES", "NAME_CLITICS", "normalise", "word_set"]
