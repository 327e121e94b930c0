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
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from markupsafe import Markup

from .cache import digest
from .config import Config, LanguageConfig
from .day import DayChoices, DayPlan, ParagraphRef, Story, plan_day
from .facts_view import ActorView, FigureView, QuoteView, edition_facts
from .mapview import MapView, edition_map
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
    #: When the outlet first published the article, if known.
    published: dt.datetime | None = None
    #: Site-root path of the article's own page (its full text).
    article_path: str = ""
    #: The paragraph starts a run of its article in a section of a many-article day: show
    #: which article it comes from above it.
    show_article: bool = False
    #: The paragraph sits in such a run, under its article's name: its own line need not
    #: repeat the title.
    under_article: bool = False
    #: A machine translation no editor has accepted yet (shown with a notice).
    machine: bool = False
    #: The original changed since this translation was made (shown as needing review).
    stale: bool = False


@dataclass(frozen=True)
class StoryView:
    """One story of a section: the lead paragraph and the other outlets' versions."""

    key: str
    lead: ParagraphView
    others: tuple[ParagraphView, ...]
    #: Outlets other than the lead's that report it ("also reported by").
    also: tuple[str, ...]
    pinned: bool = False


@dataclass(frozen=True)
class SectionView:
    key: str
    #: The briefing's paragraphs: the leads of the stories shown, in order.
    paragraphs: tuple[ParagraphView, ...]
    #: Who said what in this section, in paragraph order.
    quotes: tuple[QuoteView, ...] = ()
    #: The stories shown (lead and folded versions), in order.
    stories: tuple[StoryView, ...] = ()
    #: Stories beyond the briefing's length: folded on the page, in the full coverage.
    more: tuple[StoryView, ...] = ()

    @property
    def total(self) -> int:
        """Every paragraph filed under the section today, folded ones included."""
        return sum(1 + len(s.others) for s in (*self.stories, *self.more))


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
    published: dt.datetime | None = None
    #: Site-root path of the article's page.
    path: str = ""


@dataclass(frozen=True)
class ArticlePage:
    """An article's full text in one language, on its own page."""

    ref: ArticleRef
    edition_path: str
    #: (subheading or None, paragraph) in document order; noise left out.
    blocks: tuple[tuple[Markup | None, ParagraphView], ...]


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
    #: The day's articles in full, one page each.
    article_pages: tuple[ArticlePage, ...] = field(default=())
    #: The full-coverage PDF beside the page (every paragraph of every article), or None.
    full_pdf_name: str | None = None
    #: More than one article: paragraphs name their article and stories fold versions.
    many_articles: bool = False
    #: The map of the places the edition's paragraphs name, or None when they name none.
    map: MapView | None = None
    #: The same edition showing fewer stories, longest first, for a PDF that runs over
    #: MAX_PDF_PAGES (empty without PDFs or with one article).
    shorter: tuple[Edition, ...] = field(default=())

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


def full_pdf_name(date: dt.date, lang: str) -> str:
    return f"briefing-{date.isoformat()}-{lang}-full.pdf"


def article_path(lang: str, date: dt.date, slug: str) -> str:
    return f"{edition_path(lang, date)}{slug}/"


def bilingual_pdf_path(config: Config, date: dt.date) -> str | None:
    """The bilingual PDF pairs the first two languages; it lives beside the first one's."""
    if len(config.languages) < 2:
        return None
    first, second = config.languages[0].code, config.languages[1].code
    return f"{edition_path(first, date)}briefing-{date.isoformat()}-{first}-{second}.pdf"


def articles_by_day(classified: list[ClassifiedArticle]
                    ) -> list[tuple[dt.date, list[ClassifiedArticle]]]:
    """The days in order, each with its articles in slug order (the order they are planned
    and laid out in)."""
    by_date: dict[dt.date, list[ClassifiedArticle]] = defaultdict(list)
    for item in classified:
        by_date[item.article.date].append(item)
    return [(date, sorted(by_date[date], key=lambda i: i.article.slug))
            for date in sorted(by_date)]


#: Plans one day: (date, its articles, the editor's choices) -> DayPlan.
DayPlanner = Callable[[dt.date, list[ClassifiedArticle], "DayChoices | None"], DayPlan]


def assemble(config: Config, classified: list[ClassifiedArticle], with_pdf: bool = True,
             choices: dict[dt.date, DayChoices] | None = None,
             planner: DayPlanner = plan_day) -> SiteModel:
    """Plan each day (stories, figures, the editor's choices; ``planner`` may take the
    computed part from a cache), then lay it out per language."""
    days = articles_by_day(classified)
    editions: list[Edition] = []
    for number, (date, items) in enumerate(days, start=1):
        day_choices = (choices or {}).get(date)
        editions += day_editions(config, date, number, items,
                                 planner(date, items, day_choices), with_pdf, day_choices)
    return SiteModel(config=config, editions=tuple(editions))


def day_editions(config: Config, date: dt.date, number: int, items: list[ClassifiedArticle],
                 plan: DayPlan, with_pdf: bool, choices: DayChoices | None
                 ) -> tuple[Edition, ...]:
    """One day's editions, one per language in the configuration's order: everything in
    them comes from that day's articles, its plan and choices, its number and the
    configuration."""
    return tuple(_edition(config, lang, date, number, items, plan, with_pdf, choices)
                 for lang in config.languages)


#: Words of lead paragraphs the briefing shows before folding the rest: an A4 page holds
#: about 450 words beside the masthead, figures and indexes, and a briefing stays within
#: eight pages.
BRIEFING_WORDS = 1600
#: The edition PDF's page limit, and the shorter lengths its renderer falls back on, in
#: turn, when a day's layout runs over (quotations, figures and headings vary by day).
MAX_PDF_PAGES = 8
SHORTER_WORDS = (1300, 1000, 700)
#: Stories every section shows whatever its length.
MIN_STORIES = 2


def _edition(config: Config, lang: LanguageConfig, date: dt.date, number: int,
             items: list[ClassifiedArticle], plan: DayPlan, with_pdf: bool,
             choices: DayChoices | None) -> Edition:
    refs = []
    missing = []
    views: dict[ParagraphRef, ParagraphView] = {}
    pages = []
    many = len(items) > 1
    for item in items:
        article = item.article
        version = article.versions.get(lang.code)
        fallback = version is None
        if version is None:
            version = article.original
            missing.append(f"{article.slug}.{lang.code}.md")
        text_lang = config.language(version.lang) if version.lang in config.codes else lang
        ref = ArticleRef(article.slug, version.title, version.lang, text_lang.direction,
                         version.source, fallback, article.original.published,
                         article_path(lang.code, date, article.slug))
        refs.append(ref)
        blocks = []
        for view in _paragraph_views(item, version, text_lang, fallback, ref, config):
            blocks.append((view.heading, view))
            if view.decision.section is not None:
                views[ParagraphRef(article.slug, view.number)] = view
        pages.append(ArticlePage(ref, edition_path(lang.code, date), tuple(blocks)))
    layout = _layout(config, lang, date, items, plan, views, many, BRIEFING_WORDS)
    alternates = tuple(Alternate(other.code, edition_path(other.code, date))
                       for other in config.languages)
    edition = Edition(
        date=date,
        number=number,
        lang=lang,
        sections=layout.sections,
        articles=tuple(refs),
        path=edition_path(lang.code, date),
        pdf_name=pdf_name(date, lang.code) if with_pdf else None,
        alternates=alternates,
        missing_translations=tuple(missing),
        highlights=layout.highlights,
        untranslated_paragraphs=sum(v.fallback for v in views.values()),
        bilingual_pdf=bilingual_pdf_path(config, date) if with_pdf else None,
        key_figures=layout.key_figures,
        actors=layout.actors,
        source_digest=_source_digest(lang, date, number, items, with_pdf, choices),
        article_pages=tuple(pages),
        full_pdf_name=full_pdf_name(date, lang.code) if with_pdf and many else None,
        many_articles=many,
        map=layout.map,
    )
    if not (with_pdf and many):
        return edition
    # The printed briefing must fit MAX_PDF_PAGES whatever the day: shorter layouts for the
    # PDF renderer to fall back on when the first runs over (only a page count can tell).
    shorter = tuple(_layout(config, lang, date, items, plan, views, many, words).apply(edition)
                    for words in SHORTER_WORDS)
    return replace(edition, shorter=shorter)


@dataclass(frozen=True)
class _Layout:
    """What an edition shows for a given length (field names as in :class:`Edition`)."""

    sections: tuple[SectionView, ...]
    highlights: tuple[Highlight, ...]
    key_figures: tuple[FigureView, ...]
    actors: tuple[ActorView, ...]
    map: MapView | None

    def apply(self, edition: Edition) -> Edition:
        return replace(edition, sections=self.sections, highlights=self.highlights,
                       key_figures=self.key_figures, actors=self.actors, map=self.map)


def _layout(config: Config, lang: LanguageConfig, date: dt.date,
            items: list[ClassifiedArticle], plan: DayPlan,
            views: dict[ParagraphRef, ParagraphView], many: bool, words: int) -> _Layout:
    sections = _sections(plan, views, many, words)
    placed = {p.anchor: s.key for s in sections for p in s.paragraphs}
    facts = edition_facts(config, lang, date, items, placed, plan)
    sections = [replace(s, quotes=facts.quotes.get(s.key, ())) for s in sections]
    stories = {s.key: s for section in sections for s in section.stories}
    highlights = tuple(h for key in plan.highlights if key in stories
                       for h in [_highlight(stories[key])])
    return _Layout(tuple(sections), highlights, facts.figures, facts.actors,
                   edition_map(config, lang, items, placed))


def _sections(plan: DayPlan, views: dict[ParagraphRef, ParagraphView], many: bool,
              briefing_words: int) -> list[SectionView]:
    """Each section's stories in the plan's order, the first ones up to the briefing's
    length shown, the rest folded. Subheadings and article names are shown where a run of
    one article starts, so a subheading never stands over another article's paragraphs."""
    per_section = {key: [s for s in plan.stories if s.section == key] for key in SECTIONS}

    def length(story: Story) -> int:
        """Words of the lead in the original: every language shows the same stories."""
        return len(plan.paragraphs[story.lead].text.split())

    words = {key: sum(length(s) for s in stories) for key, stories in per_section.items()}
    total = sum(words.values()) or 1
    out = []
    for key in SECTIONS:
        budget = briefing_words * words[key] / total if total > briefing_words else total
        shown: list[StoryView] = []
        more: list[StoryView] = []
        used = 0
        last: tuple[str, Markup | None] | None = None
        for story in per_section[key]:
            lead = views[story.lead]
            fits = len(shown) < MIN_STORIES or used + length(story) <= budget
            if not fits or more:
                more.append(_story_view(story, views, lead))
                continue
            used += length(story)
            alone = len(story.paragraphs) == 1
            run = (lead.article_slug, lead.heading)
            lead = replace(lead, show_heading=alone and lead.heading is not None and last != run,
                           show_article=many and alone and (last is None
                                                            or last[0] != lead.article_slug),
                           under_article=many and alone)
            last = run if alone else None
            shown.append(_story_view(story, views, lead))
        out.append(SectionView(key, tuple(s.lead for s in shown), (), tuple(shown),
                               tuple(more)))
    return out


def _story_view(story: Story, views: dict[ParagraphRef, ParagraphView],
                lead: ParagraphView) -> StoryView:
    others = tuple(views[r] for r in story.others)
    also = tuple(o for o in story.outlets[1:] if o != lead.source.name)
    return StoryView(story.key, lead, others, also, story.pinned)


def _source_digest(lang: LanguageConfig, date: dt.date, number: int,
                   items: list[ClassifiedArticle], with_pdf: bool,
                   choices: DayChoices | None) -> str | None:
    return edition_digest(lang.code, date, number, with_pdf, day_inputs(items, choices))


def day_inputs(items: list[ClassifiedArticle], choices: DayChoices | None
               ) -> tuple[str, ...] | None:
    """The digests a day's editions are keyed on besides their language and number: the
    editor's choices, then each article's (sorted); None when an article's is unknown."""
    digests = sorted(item.source_digest or "" for item in items)
    if not all(digests):
        return None
    editor = digest("day", choices.raw.decode("utf-8", "replace")) if choices else ""
    return (editor, *digests)


def edition_digest(lang: str, date: dt.date, number: int, with_pdf: bool,
                   inputs: tuple[str, ...] | None) -> str | None:
    """:attr:`Edition.source_digest` of an edition from its day's :func:`day_inputs`."""
    if inputs is None:
        return None
    return digest("edition", lang, date.isoformat(), str(number), "pdf" if with_pdf else "",
                  *inputs)


#: A highlight is one sentence, cut at a clause boundary when longer than this.
HIGHLIGHT_WORDS = 32
_SENTENCE_END = re.compile(r"(?<=[.!?؟])[»”\"']?\s+")


def _highlight(story: StoryView) -> Highlight:
    """A story's lead, reduced to its first sentence."""
    best = story.lead
    return Highlight(best.decision.section or "", render_inline(lead(best.text),
                                                                 best.dir == "rtl"),
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
                     fallback: bool, ref: ArticleRef, config: Config) -> list[ParagraphView]:
    """The article's paragraphs (not its noise), each with the subheading it sits under. A
    paragraph the translation does not have yet comes from the original, in its language,
    marked ``fallback``."""
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
        if decision.kind == "noise" and decision.section is None:
            continue
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
            machine=pair.status == "machine",
            stale=pair.status == "stale",
            published=ref.published,
            article_path=ref.path,
        ))
    return views
