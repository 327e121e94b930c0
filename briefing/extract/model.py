"""Records of the extract stage: quotations, figures, entities and sources of one article.

All are frozen dataclasses. ``block`` is always the 1-based paragraph number (headings not
counted), the numbering of :attr:`briefing.model.ContentFile.paragraphs` and of editor
overrides, so a template can put "who said what" beside the paragraph it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Figure kinds that count people: what a key-figures box shows.
PEOPLE = "people"


@dataclass(frozen=True)
class Speaker:
    """Who said something: an actor of the gazetteer, a role, or a phrase as written.

    ``names`` lists the English names of every gazetteer actor speaking (two for a joint
    call, four for a joint statement); ``type`` is person | org | place | role | unknown.
    """

    ar: str
    en: str | None
    type: str
    names: tuple[str, ...] = ()
    statement: bool = False
    #: "f" or "m" for one person (the gazetteer's ``gender``, men by default), else None.
    gender: str | None = None


@dataclass(frozen=True)
class Quote:
    """A quotation (text inside the marks) and who said it; ``speaker_ar`` None if unknown."""

    text: str
    speaker_ar: str | None
    speaker_en: str | None
    block: int
    #: Offset of ``text`` in the paragraph.
    start: int
    speaker_type: str | None = None
    #: English names of the gazetteer actors speaking (several for a joint statement).
    speakers: tuple[str, ...] = ()
    #: The words came in a statement ("بيان للكرملين", "بيان مشترك").
    statement: bool = False
    #: The speaker was carried over from an earlier sentence ("وتابع", "وأكد أن").
    continued: bool = False
    #: The attribution cue as written ("قال", "مضيفاً", "بحسب").
    cue: str | None = None


@dataclass(frozen=True)
class QuotedTerm:
    """A quoted span that is not a quotation: a name («رويترز») or a scare-quoted term
    («أمر واقع»). ``speaker_*`` is set when the term sits in someone's reported words."""

    text: str
    kind: str  # name | term
    block: int
    start: int
    en: str | None = None
    speaker_ar: str | None = None
    speaker_en: str | None = None


@dataclass(frozen=True)
class Figure:
    """A reported number with what it counts, how exact it is and who reports it.

    ``kind``: people (casualties, displaced, fighters...), count (strikes, trucks...),
    duration, money, measure, percent. ``event``: killed, wounded, displaced, detained,
    evacuated, missing, released, or None. Years, dates and labels ("القرار 2254") are not
    figures.
    """

    value: int
    what: str | None
    what_en: str | None
    qualifier: str | None
    qualifier_en: str | None
    source_ar: str | None
    source_en: str | None
    block: int
    kind: str
    event: str | None = None
    #: The figure as written, qualifier to counted noun ("أكثر من 400 مسلح").
    text: str = ""
    start: int = 0
    #: "بينهم أجانب" -> including foreigners; "غالبيتهم من المسلحين" -> mostly fighters.
    detail_ar: str | None = None
    detail_en: str | None = None

    @property
    def key(self) -> bool:
        """Worth a key-figures box: a count of people."""
        return self.kind == PEOPLE


@dataclass(frozen=True)
class Entity:
    """An actor named in the article: ``ar`` as the Arabic edition shows it, ``en`` for the
    English edition; ``count`` mentions (headings included); ``blocks`` paragraph numbers."""

    ar: str
    en: str
    type: str  # person | org | place
    count: int
    blocks: tuple[int, ...] = ()
    #: Spellings met in the text.
    forms: tuple[str, ...] = ()
    #: media | monitor | official for news agencies and monitors (not actors of the story).
    source: str | None = None


@dataclass(frozen=True)
class Source:
    """A source the text cites: a news agency or channel, a monitor, a statement."""

    ar: str
    en: str | None
    kind: str  # media | monitor | official | statement
    blocks: tuple[int, ...] = ()


@dataclass(frozen=True)
class ArticleFacts:
    """Everything extracted from one article, in document order."""

    quotes: tuple[Quote, ...]
    figures: tuple[Figure, ...]
    entities: tuple[Entity, ...]
    sources: tuple[Source, ...]
    terms: tuple[QuotedTerm, ...] = ()
    #: Probable names the gazetteer does not know, most frequent first.
    unknown: tuple[str, ...] = ()

    @property
    def key_figures(self) -> tuple[Figure, ...]:
        return tuple(f for f in self.figures if f.key)

    def to_json(self) -> dict[str, Any]:
        """The ``briefing extract --format json`` shape."""
        return {
            "quotes": [
                {"text": q.text, "speaker": {"ar": q.speaker_ar, "en": q.speaker_en},
                 "block": q.block, "speaker_type": q.speaker_type,
                 "speakers": list(q.speakers), "statement": q.statement,
                 "continued": q.continued, "cue": q.cue}
                for q in self.quotes
            ],
            "figures": [
                {"value": f.value, "what": {"ar": f.what, "en": f.what_en},
                 "qualifier": {"ar": f.qualifier, "en": f.qualifier_en} if f.qualifier else None,
                 "source": {"ar": f.source_ar, "en": f.source_en} if f.source_ar else None,
                 "block": f.block, "kind": f.kind, "event": f.event, "text": f.text,
                 "detail": {"ar": f.detail_ar, "en": f.detail_en} if f.detail_ar else None}
                for f in self.figures
            ],
            "entities": [
                {"ar": e.ar, "en": e.en, "type": e.type, "count": e.count,
                 "blocks": list(e.blocks), "source": e.source}
                for e in self.entities
            ],
            "sources": [
                {"ar": s.ar, "en": s.en, "kind": s.kind, "blocks": list(s.blocks)}
                for s in self.sources
            ],
            "terms": [
                {"text": t.text, "kind": t.kind, "en": t.en, "block": t.block,
                 "speaker": {"ar": t.speaker_ar, "en": t.speaker_en} if t.speaker_ar else None}
                for t in self.terms
            ],
            "unknown_names": list(self.unknown),
        }
