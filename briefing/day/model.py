"""Records of the briefing layer: a day's paragraphs, its stories and its figure groups.

A day holds many articles, often from several outlets reporting the same events with
different figures. The briefing layer turns them into *stories* (paragraphs of different
articles reporting one event, a lead and the other versions) and *figure groups* (mentions
of one quantity, with every source and value). All records are frozen; references to a
paragraph use the article's slug and the paragraph's 1-based number, as ``briefing check``
and the ``sections:`` overrides number them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..extract.model import Figure


@dataclass(frozen=True, order=True)
class ParagraphRef:
    """One paragraph of the day: article slug and paragraph number (from 1)."""

    slug: str
    number: int

    @property
    def anchor(self) -> str:
        """The id the paragraph has on the page and in ``_day.yaml`` (``bb-312-p4``)."""
        return f"{self.slug}-p{self.number}"


@dataclass(frozen=True)
class DayParagraph:
    """A paragraph of the original, with what the earlier stages found in it."""

    ref: ParagraphRef
    text: str
    section: str
    #: The classifier's confidence (1.0 for an editor's override).
    score: float
    #: Position among its article's briefing paragraphs (0 = the lede).
    position: int
    outlet: str
    published: dt.datetime | None
    #: Content words, folded and lightly stemmed, function words left out.
    words: frozenset[str]
    #: English names of the actors and places named (not the news agencies cited).
    names: frozenset[str]
    #: Places among ``names``.
    places: frozenset[str]
    #: English names of who is quoted or reported speaking.
    speakers: frozenset[str]
    figures: tuple[Figure, ...]
    #: Years written in the paragraph ("عام 2017"): background when not the news's year.
    years: frozenset[int] = frozenset()
    #: Words quoted in the paragraph (the extract stage's quotations).
    quotes: tuple[str, ...] = ()
    #: Days the paragraph says its events happened on ("الثلاثاء" read against the
    #: publication date): reports of different days are different stages of a story.
    dates: frozenset[dt.date] = frozenset()


@dataclass(frozen=True)
class Story:
    """Paragraphs of one or more articles reporting one event, lead first."""

    #: Stable id: the lead paragraph's anchor when the story was formed.
    key: str
    section: str
    paragraphs: tuple[ParagraphRef, ...]
    #: News value used to order stories (higher first).
    value: float
    #: Outlets reporting it, the lead's first.
    outlets: tuple[str, ...]
    pinned: bool = False

    @property
    def lead(self) -> ParagraphRef:
        return self.paragraphs[0]

    @property
    def others(self) -> tuple[ParagraphRef, ...]:
        return self.paragraphs[1:]


@dataclass(frozen=True)
class Mention:
    """One statement of a quantity: where, the value as stated and who gives it."""

    ref: ParagraphRef
    figure: Figure
    outlet: str
    published: dt.datetime | None

    @property
    def value(self) -> int:
        return self.figure.value


@dataclass(frozen=True)
class FigureGroup:
    """Every mention of one quantity (what + where + period) across the day's articles."""

    key: str
    mentions: tuple[Mention, ...]
    #: The values differ between mentions.
    conflict: bool
    #: Another year or a count outside the day's news: kept out of the headline tiles.
    background: bool
    #: Values an editor should look at ("27500 ألف" read as thousands of thousands).
    implausible: bool
    #: Counts people (casualties, displaced...): what the key-figures tiles show.
    people: bool

    @property
    def low(self) -> int:
        return min(m.value for m in self.mentions)

    @property
    def high(self) -> int:
        return max(m.value for m in self.mentions)

    @property
    def head(self) -> Mention:
        """The mention that names the quantity (the most common value, earliest first)."""
        values = [m.value for m in self.mentions]
        best = max(values, key=lambda v: (values.count(v), -values.index(v)))
        return next(m for m in self.mentions if m.value == best)


@dataclass(frozen=True)
class DayPlan:
    """The day as a briefing: stories per section in order, figure groups, highlights."""

    date: dt.date
    paragraphs: dict[ParagraphRef, DayParagraph]
    stories: tuple[Story, ...]
    figures: tuple[FigureGroup, ...]
    #: Keys of the stories whose leads are the day's highlights, in order.
    highlights: tuple[str, ...]
    #: Paragraphs the editor hid.
    hidden: frozenset[ParagraphRef] = frozenset()

    def story_of(self, ref: ParagraphRef) -> Story | None:
        return next((s for s in self.stories if ref in s.paragraphs), None)
