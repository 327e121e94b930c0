"""Classified articles -> the site model: one Edition per day and language, sections in order.

The model is rebuilt on every build (never cached) and is what templates see: plain view
objects with text already rendered to safe HTML, URLs relative to the site root, and the
classifier's decision on every paragraph. A paragraph whose translation is missing appears in
the language it exists in, marked ``fallback`` so templates can show a notice.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

from markupsafe import Markup

from .cache import digest
from .config import Config, LanguageConfig
from .facts_view import ActorView, FigureView, QuoteView, edition_facts
from .markup import render_inline
from .model import SECTIONS, ClassifiedArticle, ContentFile, Decision, Source
from .translation import align


@dataclass(frozen=True)
class ParagraphView:
    anchor: str
    number: int
    html: Markup
    #: The paragraph's Markdown source (for summaries such as highlights).
    text: str
    lang: str
    dir: str
    source: Source
    article_slug: str
    article_title: str
    #: The article subheading this paragraph sits under, if any.
    heading: Markup | None
    decision: Decision
    #: True when the text is shown in another language because the translation is missing.
    fallback: bool = False
    #: True for the first paragraph under its subheading within a section: show the heading.
    show_heading: bool = False
    #: A machine translation no editor has accepted yet (shown with a notice).
    machine: bool = False
    #: The original changed since this translation was made (shown as needing review).
    stale: bool = False


@dataclass(frozen=True)
class SectionView:
    key: str
    paragraphs: tuple[ParagraphView, ...]
    #: Who said what in this section, in paragraph order.
    quotes: tuple[QuoteView, ...] = ()


@dataclass(frozen=True)
class Highlight:
    """One line of the highlights box: the lead of a section's most telling paragraph."""

    section: str
    html: Markup
    anchor: str
    lang: str
    dir: str


@dataclass(frozen=True)
class ArticleRef:
    slug: str
    title: str
    lang: str
    dir: str
    source: Source
    fallback: bool


@dataclass(frozen=True)
class Alternate:
    lang: str
    href: str
    """Path from the site root."""


@dataclass(frozen=True)
class Edition:
    """One day's briefing in one language."""

    date: dt.date
    number: int
    lang: LanguageConfig
    sections: tuple[SectionView, ...]
    articles: tuple[ArticleRef, ...]
    path: str
    """Folder path from the site root, e.g. ``ar/2024-12-03/``."""
    pdf_name: str | None
    """The PDF beside the page, or None when the build makes no PDFs."""
    alternates: tuple[Alternate, ...]
    missing_translations: tuple[str, ...] = field(default=())
    #: Paragraphs shown in the original language, machine drafts and translations needing
    #: review, counted over the edition (for the page's notice).
    untranslated_paragraphs: int = 0
    highlights: tuple[Highlight, ...] = field(default=())
    #: Site-root path of the side-by-side bilingual PDF of this day, if one is made.
    bilingual_pdf: str | None = None
    key_figures: tuple[FigureView, ...] = field(default=())
    actors: tuple[ActorView, ...] = field(default=())
    #: Digest of the inputs this edition was assembled from (the day's articles with their
    #: data, its number, language and PDF names; the configuration and code are keyed
    #: separately by whoever uses it), or None when an article's is unknown.
    source_digest: str | None = None

    @property
    def paragraph_count(self) -> int:
        return sum(len(s.paragraphs) for s in self.sections)


@dataclass(frozen=True)
class SiteModel:
    config: Config
    editions: tuple[Edition, ...]

    def editions_in(self, lang: str) -> list[Edition]:
        return sorted((e for e in self.editions if e.lang.code == lang),
                      key=lambda e: e.date, reverse=True)

    def latest(self, lang: str) -> Edition | None:
        found = self.editions_in(lang)
        return found[0] if found else None

    @property
    def dates(self) -> list[dt.date]:
        return sorted({e.date for e in self.editions})


def edition_path(lang: str, date: dt.date) -> str:
    return f"{lang}/{date.isoformat()}/"


def pdf_name(date: dt.date, lang: str) -> str:
    return f"briefing-{date.isoformat()}-{lang}.pdf"


def bilingual_pdf_path(config: Config, date: dt.date) -> str | None:
    """The bilingual PDF pairs the first two languages; it lives beside the first one's."""
    if len(config.languages) < 2:
        return None
    first, second = config.languages[0].code, config.languages[1].code
    return f"{edition_path(first, date)}briefing-{date.isoformat()}-{first}-{second}.pdf"


def assemble(config: Config, classified: list[ClassifiedArticle], with_pdf: bool = True
             ) -> SiteModel:
    """Group classified paragraphs by day, language and section."""
    by_date: dict[dt.date, list[ClassifiedArticle]] = defaultdict(list)
    for item in classified:
        by_date[item.article.date].append(item)
    dates = sorted(by_date)
    editions = []
    for number, date in enumerate(dates, start=1):
        for lang in config.languages:
            editions.append(_edition(config, lang, date, number, by_date[date], with_pdf))
    return SiteModel(config=config, editions=tuple(editions))


def _edition(config: Config, lang: LanguageConfig, date: dt.date, number: int,
             items: list[ClassifiedArticle], with_pdf: bool) -> Edition:
    sections: dict[str, list[ParagraphView]] = {key: [] for key in SECTIONS}
    refs = []
    missing = []
    # The subheading last shown in each section: a subheading is shown above the first
    # paragraph of its run within a section.
    shown: dict[str, tuple[str, Markup | None]] = {}
    for item in sorted(items, key=lambda i: i.article.slug):
        article = item.article
        version = article.versions.get(lang.code)
        fallback = version is None
        if version is None:
            version = article.original
            missing.append(f"{article.slug}.{lang.code}.md")
        text_lang = config.language(version.lang) if version.lang in config.codes else lang
        refs.append(ArticleRef(article.slug, version.title, version.lang, text_lang.direction,
                               version.source, fallback))
        for view in _paragraph_views(item, version, text_lang, fallback, shown, config):
            if view.decision.section is not None:
                sections[view.decision.section].append(view)
    alternates = tuple(Alternate(other.code, edition_path(other.code, date))
                       for other in config.languages)
    facts = edition_facts(config, lang, date, sorted(items, key=lambda i: i.article.slug))
    section_views = tuple(SectionView(key, tuple(sections[key]), facts.quotes.get(key, ()))
                          for key in SECTIONS)
    return Edition(
        date=date,
        number=number,
        lang=lang,
        sections=section_views,
        articles=tuple(refs),
        path=edition_path(lang.code, date),
        pdf_name=pdf_name(date, lang.code) if with_pdf else None,
        alternates=alternates,
        missing_translations=tuple(missing),
        highlights=tuple(h for s in section_views if (h := _highlight(s)) is not None),
        untranslated_paragraphs=sum(p.fallback for s in section_views for p in s.paragraphs),
        bilingual_pdf=bilingual_pdf_path(config, date) if with_pdf else None,
        key_figures=facts.figures,
        actors=facts.actors,
        source_digest=_source_digest(lang, date, number, items, with_pdf),
    )


def _source_digest(lang: LanguageConfig, date: dt.date, number: int,
                   items: list[ClassifiedArticle], with_pdf: bool) -> str | None:
    digests = sorted(item.source_digest or "" for item in items)
    if not all(digests):
        return None
    return digest("edition", lang.code, date.isoformat(), str(number),
                  "pdf" if with_pdf else "", *digests)


#: A highlight is one sentence, cut at a clause boundary when longer than this.
HIGHLIGHT_WORDS = 32
_SENTENCE_END = re.compile(r"(?<=[.!?؟])[»”\"']?\s+")


def _highlight(section: SectionView) -> Highlight | None:
    """The section's most confidently classified paragraph, reduced to its first sentence."""
    if not section.paragraphs:
        return None
    best = max(section.paragraphs, key=lambda p: (p.decision.overridden, p.decision.score))
    return Highlight(section.key, render_inline(lead(best.text), best.dir == "rtl"),
                     best.anchor, best.lang, best.dir)


def lead(text: str, limit: int = HIGHLIGHT_WORDS) -> str:
    """First sentence of ``text``, at most about ``limit`` words (cut after a comma)."""
    sentence = _SENTENCE_END.split(text.strip(), maxsplit=1)[0]
    words = sentence.split()
    if len(words) <= limit:
        return sentence
    cut = words[:limit]
    for i in range(len(cut) - 1, limit // 2, -1):
        if cut[i].endswith(("،", ",", "؛", ";")):
            cut = cut[: i + 1]
            break
    return " ".join(cut).rstrip("،,؛;") + " …"


def _paragraph_views(item: ClassifiedArticle, version: ContentFile, text_lang: LanguageConfig,
                     fallback: bool, shown: dict[str, tuple[str, Markup | None]],
                     config: Config) -> list[ParagraphView]:
    """The article's paragraphs (not its noise); ``shown``: section -> the (article,
    subheading) last shown there, updated as paragraphs are added. A paragraph the
    translation does not have yet comes from the original, in its language, marked
    ``fallback``."""
    original = item.article.original
    original_lang = (config.language(original.lang) if original.lang in config.codes
                     else text_lang)
    views = []
    heading: Markup | None = None
    number = 0
    for pair in align(original, version):
        theirs = pair.translated
        shown_fallback = fallback or pair.status == "untranslated"
        block = pair.original if shown_fallback or theirs is None else theirs
        lang = original_lang if shown_fallback else text_lang
        rtl = lang.direction == "rtl"
        if block.kind == "heading":
            heading = render_inline(block.text, rtl)
            continue
        number += 1
        decision = item.decisions[number - 1]
        if decision.kind == "noise":
            continue
        show_heading = False
        if decision.section is not None:
            run = (item.article.slug, heading)
            show_heading = heading is not None and shown.get(decision.section) != run
            shown[decision.section] = run
        views.append(ParagraphView(
            anchor=f"{item.article.slug}-p{number}",
            number=number,
            html=render_inline(block.text, rtl),
            text=block.text,
            lang=lang.code,
            dir=lang.direction,
            source=version.source,
            article_slug=item.article.slug,
            article_title=version.title,
            heading=heading,
            decision=decision,
            fallback=shown_fallback,
            show_heading=show_heading,
            machine=pair.status == "machine",
            stale=pair.status == "stale",
        ))
    return views
