"""Per-day summaries: what the archive-wide outputs need of one day, without its articles.

A :class:`DaySummary` is made from a day's assembled editions and cached under the day's
inputs (its files' bytes, ``_day.yaml``, the configuration, the gazetteer, the adapted
model, the options and the code), so a build that finds it does not read, classify, plan or
assemble the day at all. It holds no paragraph text: the counts the archive shows, the
article titles page titles and the sitemap need, each section's digest (what the section
pages are keyed on), the warnings the day gave, and the digests the day's editions are keyed
on. The edition's number is not in it (it depends on the days before); :class:`SiteIndex`
puts summaries and numbers together for the renderers.
"""

from __future__ import annotations

import datetime as dt
import io
import pickle
from dataclasses import dataclass

from .assemble import (
    Alternate,
    Edition,
    article_path,
    edition_digest,
    edition_path,
    pdf_name,
)
from .config import Config, LanguageConfig
from .hashing import digest
from .model import SECTIONS

#: Bumped when what a summary holds or means changes.
SUMMARY_FORMAT = "1"


@dataclass(frozen=True)
class SectionSummary:
    key: str
    #: Paragraphs the briefing shows in the section (what the archive counts).
    count: int
    #: Digest of those paragraphs as the section pages show them.
    digest: str


@dataclass(frozen=True)
class ArticleSummary:
    slug: str
    #: The title its page shows (the original's when the translation is missing).
    title: str


@dataclass(frozen=True)
class EditionSummary:
    lang: str
    paragraph_count: int
    #: Every section, in the site's order.
    sections: tuple[SectionSummary, ...]
    articles: tuple[ArticleSummary, ...]
    missing_translations: tuple[str, ...]


@dataclass(frozen=True)
class DaySummary:
    date: dt.date
    #: Published articles (drafts left out unless the build shows them); 0: no edition.
    articles: int
    #: :func:`briefing.assemble.day_inputs` of the day, or None when unknown.
    inputs: tuple[str, ...] | None
    #: One per language, in the configuration's order.
    editions: tuple[EditionSummary, ...]
    #: The translation review's warnings about the day's articles, in article order.
    warnings: tuple[str, ...]
    #: (kind, key) of the cache entries the day was made from (kept while it is used).
    entries: tuple[tuple[str, str], ...] = ()


def stable_digest(value: object) -> str:
    """Digest of ``value`` pickled without memo (equal values, equal bytes)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: a shared object and an equal copy pickle alike
    pickler.dump(value)
    return digest("value", buffer.getvalue())


def summarize(date: dt.date, articles: int, inputs: tuple[str, ...] | None,
              editions: tuple[Edition, ...], warnings: tuple[str, ...],
              entries: tuple[tuple[str, str], ...] = ()) -> DaySummary:
    """The summary of a day from its assembled editions."""
    out = []
    for edition in editions:
        by_key = {s.key: s for s in edition.sections}
        sections = tuple(
            SectionSummary(key, len(by_key[key].paragraphs) if key in by_key else 0,
                           stable_digest(by_key[key].paragraphs if key in by_key else ()))
            for key in SECTIONS)
        out.append(EditionSummary(
            edition.lang.code, edition.paragraph_count, sections,
            tuple(ArticleSummary(page.ref.slug, page.ref.title)
                  for page in edition.article_pages),
            edition.missing_translations))
    return DaySummary(date, articles, inputs, tuple(out), warnings, entries)


@dataclass(frozen=True)
class SectionCount:
    """A section as the archive lists it."""

    key: str
    count: int


@dataclass(frozen=True)
class ArchiveItem:
    """An edition as the archive pages list it (all the archive template reads)."""

    date: dt.date
    number: int
    path: str
    paragraph_count: int
    sections: tuple[SectionCount, ...]
    pdf_name: str | None


@dataclass(frozen=True)
class EditionEntry:
    """An edition known by its summary: where it is, its number and key, not its text."""

    date: dt.date
    number: int
    lang: LanguageConfig
    path: str
    pdf_name: str | None
    #: :attr:`Edition.source_digest` (None: unknown, pages showing it are not cached).
    digest: str | None
    alternates: tuple[Alternate, ...]
    summary: EditionSummary

    def archive_item(self) -> ArchiveItem:
        return ArchiveItem(self.date, self.number, self.path, self.summary.paragraph_count,
                           tuple(SectionCount(s.key, s.count) for s in self.summary.sections
                                 if s.count),
                           self.pdf_name)

    def article_path(self, slug: str) -> str:
        return article_path(self.lang.code, self.date, slug)

    def section(self, key: str) -> SectionSummary | None:
        return next((s for s in self.summary.sections if s.key == key), None)


@dataclass(frozen=True)
class DayEntry:
    date: dt.date
    number: int
    #: One per language, in the configuration's order.
    editions: tuple[EditionEntry, ...]


@dataclass(frozen=True)
class SiteIndex:
    """Every edition of the site by its summary, days in date order."""

    config: Config
    days: tuple[DayEntry, ...]

    @classmethod
    def of(cls, config: Config, summaries: list[DaySummary], with_pdf: bool) -> SiteIndex:
        """Numbers the days that have articles (1 for the oldest) and places them."""
        days = []
        for summary in summaries:
            if not summary.articles:
                continue
            number = len(days) + 1
            date = summary.date
            alternates = tuple(Alternate(lang.code, edition_path(lang.code, date))
                               for lang in config.languages)
            editions = tuple(
                EditionEntry(date, number, config.language(e.lang), edition_path(e.lang, date),
                             pdf_name(date, e.lang) if with_pdf else None,
                             edition_digest(e.lang, date, number, with_pdf, summary.inputs),
                             alternates, e)
                for e in summary.editions)
            days.append(DayEntry(date, number, editions))
        return cls(config, tuple(days))

    @property
    def dates(self) -> list[dt.date]:
        return [day.date for day in self.days]

    def editions_in(self, lang: str) -> list[EditionEntry]:
        """The editions of one language, newest first."""
        return [e for day in reversed(self.days) for e in day.editions if e.lang.code == lang]

    def latest(self, lang: str) -> EditionEntry | None:
        found = self.editions_in(lang)
        return found[0] if found else None
