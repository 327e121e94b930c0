"""Extracted facts -> what an edition shows: who said what per section, key figures, actors.

The extract stage reads the original (Arabic) text. An edition in another language names
speakers and actors from the gazetteer, and shows each quotation in its own language when
the translation quotes the same spans in the same order (the usual case: translators keep
quotation marks); otherwise the original words appear, marked with their language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from .config import Config, LanguageConfig
from .day import DayPlan
from .model import SECTIONS, Block, ClassifiedArticle

#: Quoted spans in a translation: typographic, straight and guillemet quotes.
_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"|«([^»]+)»")


@dataclass(frozen=True)
class QuoteView:
    section: str
    speaker: str
    speaker_lang: str
    speaker_dir: str
    text: str
    text_lang: str
    text_dir: str
    anchor: str


@dataclass(frozen=True)
class FigureMentionView:
    """One outlet's statement of a key figure: its value and who gives it."""

    value: int
    qualifier: str | None
    #: Who the sentence stating it names (a monitor, a ministry), if anyone.
    source: str | None
    outlet: str
    anchor: str
    published: dt.datetime | None = None


@dataclass(frozen=True)
class FigureView:
    """A key figure: ``qualifier value what`` (e.g. "more than 400 fighters killed").

    One tile stands for every mention of the quantity across the day's articles: when the
    values differ, ``conflict`` is set and ``low``-``high`` is the range; ``mentions`` lists
    each outlet's value and source.
    """

    value: int
    qualifier: str | None
    what: str
    detail: str | None
    event: str | None
    source: str | None
    lang: str
    dir: str
    #: The paragraph stating it (None when no paragraph stating it is in the briefing).
    anchor: str | None
    date: dt.date
    low: int = 0
    high: int = 0
    conflict: bool = False
    #: A value an editor should check ("27500 ألف"), kept as written.
    implausible: bool = False
    mentions: tuple[FigureMentionView, ...] = ()


@dataclass(frozen=True)
class ActorView:
    name: str
    #: The name in the other language (English beside Arabic, Arabic beside English).
    other: str | None
    other_lang: str
    type: str
    mentions: int
    #: Every paragraph naming the actor, in reading order.
    anchors: tuple[str, ...]
    #: The first of them in each section, in section order: what a printed index points at
    #: (paragraphs of one section mostly share a page, so their page numbers would repeat).
    section_anchors: tuple[str, ...] = ()


@dataclass(frozen=True)
class EditionFacts:
    quotes: dict[str, tuple[QuoteView, ...]]
    figures: tuple[FigureView, ...]
    actors: tuple[ActorView, ...]


def edition_facts(config: Config, lang: LanguageConfig, date: dt.date,
                  items: list[ClassifiedArticle], placed: dict[str, str],
                  plan: DayPlan) -> EditionFacts:
    """Quotations and actors of the paragraphs the edition shows (``placed``: paragraph
    anchor -> the section it is shown in), and the day's key figures."""
    quotes: dict[str, list[QuoteView]] = defaultdict(list)
    actors: dict[str, _Tally] = {}
    # Text direction of each configured language (any other is taken as left to right).
    dirs = {language.code: language.direction for language in config.languages}
    for item in items:
        facts = item.facts
        if facts is None:
            continue
        article = item.article
        original = article.original
        version = article.versions.get(lang.code) or original
        translated = version is not original
        text_lang = config.language(version.lang) if version.lang in config.codes else lang
        in_original = lang.code == original.lang
        paragraphs = version.paragraphs

        def anchor(block: int, slug: str = article.slug) -> str:
            return f"{slug}-p{block}"

        spans = _aligned_spans(item, paragraphs) if translated else {}
        for quote in facts.quotes:
            section = placed.get(anchor(quote.block))
            if quote.speaker_ar is None or section is None:
                continue
            speaker, speaker_lang = (quote.speaker_ar, original.lang) if in_original else (
                (quote.speaker_en, lang.code) if quote.speaker_en else
                (quote.speaker_ar, original.lang))
            text, text_code = quote.text, original.lang
            if (quote.block, quote.start) in spans:
                text, text_code = spans[(quote.block, quote.start)], text_lang.code
            quotes[section].append(QuoteView(
                section, speaker, speaker_lang, dirs.get(speaker_lang, "ltr"), text,
                text_code, dirs.get(text_code, "ltr"), anchor(quote.block)))
        for entity in facts.entities:
            if entity.source is not None or entity.type not in ("person", "org"):
                continue
            tally = actors.setdefault(entity.en, _Tally(entity.ar, entity.type))
            tally.mentions += entity.count
            for b in entity.blocks:
                section = placed.get(anchor(b))
                if section is not None:
                    tally.anchors.append(anchor(b))
                    tally.by_section.setdefault(section, anchor(b))
    actor_views = []
    for english, tally in actors.items():
        name, other, other_lang = ((tally.arabic, english, "en") if lang.code == "ar"
                                   else (english, tally.arabic, "ar"))
        actor_views.append(ActorView(
            name, other, other_lang, tally.type, tally.mentions,
            tuple(dict.fromkeys(tally.anchors)),
            tuple(tally.by_section[key] for key in SECTIONS if key in tally.by_section)))
    actor_views.sort(key=lambda a: (-a.mentions, a.name))
    actor_views = [a for a in actor_views if a.anchors]
    return EditionFacts({k: tuple(v) for k, v in quotes.items()},
                        figure_tiles(plan, lang, dirs, date, placed), tuple(actor_views))


#: Tiles in the key-figures box, at most.
MAX_TILES = 6


def figure_tiles(plan: DayPlan, lang: LanguageConfig, dirs: dict[str, str], date: dt.date,
                 placed: dict[str, str]) -> tuple[FigureView, ...]:
    """One tile per quantity of people (casualties, displaced...), background figures left
    out: quantities reported by more outlets first, then in the order they appear."""
    # A count of people with nothing happening to them ("9 inspectors") is not a headline.
    groups = [g for g in plan.figures if g.people and not g.background
              and (any(m.figure.event for m in g.mentions) or len(g.mentions) > 1)]
    groups.sort(key=lambda g: -len({m.outlet for m in g.mentions}))
    tiles = []
    for group in groups[:MAX_TILES]:
        head = group.head
        figure = head.figure
        arabic = lang.code == "ar"
        shown = [m for m in group.mentions if m.ref.anchor in placed]
        mentions = tuple(FigureMentionView(
            m.value, m.figure.qualifier if arabic else m.figure.qualifier_en,
            m.figure.source_ar if arabic else m.figure.source_en, m.outlet, m.ref.anchor,
            m.published) for m in group.mentions)
        code = "ar" if arabic else lang.code
        tiles.append(FigureView(
            head.value, figure.qualifier if arabic else figure.qualifier_en,
            (figure.what if arabic else figure.what_en or figure.what) or "",
            figure.detail_ar if arabic else figure.detail_en, figure.event,
            figure.source_ar if arabic else figure.source_en, code, dirs.get(code, "ltr"),
            (shown[0].ref.anchor if head not in shown else head.ref.anchor) if shown else None,
            date, group.low, group.high, group.conflict, group.implausible,
            mentions if len(mentions) > 1 else ()))
    return tuple(tiles)


@dataclass
class _Tally:
    """Mentions of one actor across the day's articles."""

    arabic: str
    type: str
    mentions: int = 0
    anchors: list[str] = field(default_factory=list)
    #: Section -> the first paragraph of it naming the actor.
    by_section: dict[str, str] = field(default_factory=dict)


def _aligned_spans(item: ClassifiedArticle,
                   paragraphs: tuple[Block, ...]) -> dict[tuple[int, int], str]:
    """(paragraph, offset of an original quotation) -> the same quotation in the translation.

    In each paragraph, the original's quoted spans (quotations and quoted terms, in order)
    are paired with the translation's quoted spans when both have the same number.
    """
    facts = item.facts
    assert facts is not None
    spans: dict[int, list[int]] = defaultdict(list)
    for quote in facts.quotes:
        spans[quote.block].append(quote.start)
    for term in facts.terms:
        spans[term.block].append(term.start)
    aligned: dict[tuple[int, int], str] = {}
    for block, starts in spans.items():
        if block > len(paragraphs):
            continue
        found = [next(g for g in m.groups() if g is not None).strip()
                 for m in _QUOTED.finditer(paragraphs[block - 1].text)]
        if len(found) == len(starts):
            for start, text in zip(sorted(starts), found, strict=True):
                aligned[(block, start)] = text.rstrip(".,;:،")
    return aligned

