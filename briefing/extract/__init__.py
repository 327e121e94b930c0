"""Extract stage: an article's Arabic blocks -> who said what, key figures, actors, sources.

Public API:

- :func:`extract_blocks` (blocks -> :class:`ArticleFacts`), pure and cheap: the gazetteer is
  parsed once per process;
- :func:`unknown_names` (facts -> probable names missing from the gazetteer);
- :func:`load_gazetteer` (the packaged gazetteer, optionally with a project file merged on
  top, e.g. ``data/gazetteer.yaml``), to pass to :func:`extract_blocks`.

Tokens, quoted spans and sentences come from the shared text layer
(:mod:`briefing.text.tokens`; ``text`` here only re-exports it). Modules follow the work:
``gazetteer``,
``lexicon`` (cue words), ``analysis`` (one paragraph), ``speakers`` (attribution cues),
``naming`` (whom a speaker phrase names), ``quotes``, ``figures``, ``entities``,
``extractor`` (the article, paragraph by paragraph), ``command`` (``briefing extract``).
"""

from __future__ import annotations

from .extractor import extract_blocks, unknown_names
from .gazetteer import PROJECT_FILE, Gazetteer, Name, load_gazetteer
from .model import ArticleFacts, Entity, Figure, Quote, QuotedTerm, Source, Speaker

__all__ = [
    "PROJECT_FILE",
    "ArticleFacts",
    "Entity",
    "Figure",
    "Gazetteer",
    "Name",
    "Quote",
    "QuotedTerm",
    "Source",
    "Speaker",
    "extract_blocks",
    "load_gazetteer",
    "unknown_names",
]
