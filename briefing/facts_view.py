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
class FigureView:
    """A key figure: ``qualifier value what`` (e.g. "more than 400 fighters killed")."""

    value: int
    qualifier: str | None
    what: str
    detail: str | None
    event: str | None
    source: str | None
    lang: str
    dir: str
    anchor: str
    date: dt.date


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
                  items: list[ClassifiedArticle]) -> EditionFacts:
    quotes: dict[str, list[QuoteView]] = defaultdict(list)
    figures: list[FigureView] = []
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
            decision = item.decisions[quote.block - 1]
            if quote.speaker_ar is None or decision.section is None:
                continue
            speaker, speaker_lang = (quote.speaker_ar, original.lang) if in_original else (
                (quote.speaker_en, lang.code) if quote.speaker_en else
                (quote.speaker_ar, original.lang))
            text, text_code = quote.text, original.lang
            if (quote.block, quote.start) in spans:
                text, text_code = spans[(quote.block, quote.start)], text_lang.code
            quotes[decision.section].append(QuoteView(
                decision.section, speaker, speaker_lang, dirs.get(speaker_lang, "ltr"), text,
                text_code, dirs.get(text_code, "ltr"), anchor(quote.block)))
        for figure in facts.key_figures:
            if item.decisions[figure.block - 1].section is None:
                continue
            if in_original:
                figures.append(FigureView(figure.value, figure.qualifier, figure.what or "",
                                          figure.detail_ar, figure.event, figure.source_ar,
                                          original.lang, dirs.get(original.lang, "ltr"),
                                          anchor(figure.block), date))
            else:
                figures.append(FigureView(figure.value, figure.qualifier_en,
                                          figure.what_en or figure.what or "", figure.detail_en,
                                          figure.event, figure.source_en, lang.code,
                                          lang.direction, anchor(figure.block), date))
        for entity in facts.entities:
            if entity.source is not None or entity.type not in ("person", "org"):
                continue
            tally = actors.setdefault(entity.en, _Tally(entity.ar, entity.type))
            tally.mentions += entity.count
            for b in entity.blocks:
                section = item.decisions[b - 1].section if b <= len(item.decisions) else None
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
    return EditionFacts({k: tuple(v) for k, v in quotes.items()}, tuple(figures),
                        tuple(actor_views))


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

