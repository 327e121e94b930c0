"""An article's blocks -> :class:`ArticleFacts`: the extract stage, block by block.

Paragraphs are analysed in order, sentence by sentence, because a speaker carries over:
"وتابع" in paragraph 9 continues the speaker of paragraph 7. Headings only count towards
the entities. Markdown escapes of content files ("\\*") are removed first, so texts are
as a reader sees them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Block
from .analysis import analyse
from .entities import Tally, entities, sources, unknown_from
from .figures import sentence_figures
from .gazetteer import Gazetteer, load_gazetteer
from .model import ArticleFacts, Figure, Quote, QuotedTerm, Speaker
from .naming import State, record_titles
from .quotes import sentence_quotes
from .speakers import Attribution, attributions

_MD_ESCAPE = re.compile(r"\\([\\`*_\[\]#>+\-.!{}()|])")
#: Languages the extractors read; other languages give empty facts.
LANGUAGES = ("ar",)


def unescape(text: str) -> str:
    return _MD_ESCAPE.sub(r"\1", text) if "\\" in text else text


def extract_blocks(blocks: Sequence[Block], lang: str = "ar",
                   gazetteer: Gazetteer | None = None) -> ArticleFacts:
    """Quotations, figures, entities and sources of one article's blocks.

    ``block`` numbers in the result are paragraph numbers (1-based, headings not counted).
    ``gazetteer`` defaults to the packaged one (loaded once per process).
    """
    if lang not in LANGUAGES:
        return ArticleFacts((), (), (), ())
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    state = State()
    tally = Tally()
    quotes: list[Quote] = []
    figures: list[Figure] = []
    terms: list[QuotedTerm] = []
    number = 0
    carried: Speaker | None = None
    for block in blocks:
        text = unescape(block.text)
        if block.kind != "paragraph":
            if block.kind == "heading":
                tally.add(analyse(text, gaz), None)
            continue
        number += 1
        a = analyse(text, gaz)
        tally.add(a, number)
        record_titles(a, state)
        for first, end in a.sentences:
            found = attributions(a, first, end, state)
            q, t = sentence_quotes(a, first, end, found, number, state, carried)
            quotes.extend(q)
            terms.extend(t)
            figures.extend(sentence_figures(a, first, end, found, number, q))
            carried = _last_speaker(found, q)
        if not text.rstrip().endswith(":"):
            carried = None  # a paragraph ending "قال:" hands its speaker to the next one
    return ArticleFacts(
        quotes=tuple(quotes), figures=tuple(figures), entities=entities(tally),
        sources=sources(tally, quotes), terms=tuple(terms),
        unknown=unknown_from(tally, state.unknown, terms))


def _last_speaker(found: list[Attribution], quotes: list[Quote]) -> Speaker | None:
    """Who spoke last in a sentence: its last attribution, else its last quotation."""
    for attribution in reversed(found):
        if attribution.speaker is not None:
            return attribution.speaker
    for quote in reversed(quotes):
        if quote.speaker_ar is not None:
            return Speaker(quote.speaker_ar, quote.speaker_en, quote.speaker_type or "unknown",
                           quote.speakers, quote.statement)
    return None


def unknown_names(facts: ArticleFacts) -> list[str]:
    """Probable names of actors the gazetteer does not know, most frequent first.

    For ``briefing check``: an editor adds them to ``data/gazetteer.yaml``.
    """
    return list(facts.unknown)
