"""One Arabic text layer for every stage that reads Arabic: normalisation, folding, clitics,
word lists, tokens, quoted spans and sentences.

- :mod:`briefing.text.normalize`: the one normaliser (diacritics, tatweel, bidi marks,
  alef/hamza forms, alef maqsura, ta marbuta, Persian letters, Arabic-Indic digits), clitic
  stripping and light stems, word lists (:func:`~briefing.text.normalize.word_set`);
- :mod:`briefing.text.tokens`: the one tokeniser: a block split into word, number and
  punctuation tokens with their offsets, clitic readings of a word, quoted spans and
  sentence bounds (the extract stage reads these);
- :mod:`briefing.text.words`: the same tokens read into shared analysed words (folded key,
  light stem, learned-feature name), as the classifier reads them;
- :mod:`briefing.text.trie`: the one trie, of letters for the classifier's cue words and of
  words for the gazetteer's names.

Both stages split with the same tokeniser and fold with the same
:func:`~briefing.text.normalize.normalise` and clitic lists, so a word the extract stage
finds is the word the classifier sees.
"""

from __future__ import annotations

from .normalize import CLITIC_PREFIXES, NAME_CLITICS, normalise, word_set

__all__ = ["CLITIC_PREFIXES", "NAME_CLITICS", "normalise", "word_set"]
