"""Site model -> HTML pages, as a mapping of output path to bytes.

Pages: the landing page, one page per edition, per language an archive of editions
(paginated) and a page per section across days (paginated), and a 404 page. Every link a
page holds is relative (``page.root`` leads back to the site root), so the site works under
any sub-path and opened from disk; only canonical URLs and ``hreflang`` links in the head,
feeds and the sitemap use ``base_url``. Each page knows its equivalent in every language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..assemble import Edition, edition_path
from ..config import LanguageConfig
from ..days import ArticleSummary, DayEntry, EditionEntry, SectionSummary, SiteIndex
from ..errors import BuildErrors, TemplateError
from ..model import SECTIONS
from .context import LanguageTools
from .jinja import render_template
from .views import (
    EditionLink,
    Link,
    Page,
    Pagination,
    SectionDay,
    SitemapEntry,
    T,
    relative_href,
)

if TYPE_CHECKING:
    from .page_cache import PageCache

#: Editions per archive page, and days per section page.
PAGE_SIZE = 10


def _root_for(path: str) -> str:
    return "../" * path.count("/")


def _folder(path: str) -> str:
    """``ar/page/2/index.html`` -> ``ar/page/2/`` (links point at folders, not index.html)."""
    return path[: -len("index.html")] if path.endswith("index.html") else path


def paginate(items: Sequence[T], first: str, nth: Callable[[int], str]) -> list[Pagination[T]]:
    """Split ``items`` (newest first) into pages counted from the oldest, newest page first.

    Page 1 holds the oldest ``PAGE_SIZE`` items and lives at ``nth(1)``; the newest page,
    which may hold fewer, lives at ``first``. A page once full never changes again: a new
    item changes the newest page only (and, when it starts a new page, the one before,
    whose "newer" link now leads to ``nth`` of it instead of ``first``). Items are shown
    newest first within a page.
    """
    count = max(1, -(-len(items) // PAGE_SIZE))
    oldest_first = list(reversed(items))
    pages = []
    for number in range(count, 0, -1):
        chunk = tuple(reversed(oldest_first[(number - 1) * PAGE_SIZE:number * PAGE_SIZE]))
        newer = None if number == count else first if number + 1 == count else nth(number + 1)
        older = nth(number - 1) if number > 1 else None
        pages.append(Pagination(chunk, number, number == count, newer, older))
    return pages


#: One day's editions, in the configuration's language order.
DayLoader = Callable[[dt.date], "tuple[Edition, ...]"]
#: Takes each output (path, bytes) as it is made.
Sink = Callable[[str, bytes], None]


class PageRenderer:
    """Renders the pages of a site known by its :class:`SiteIndex`, each with its language's
    tools. A page is keyed on its view as the index gives it (an edition by its digest, a
    section's day by its section's digest); only a page not in ``cache`` asks ``load`` for
    the days it shows, so a build renders and loads what changed. Pages go to ``sink`` as
    they are made (none is kept here)."""

    def __init__(self, index: SiteIndex, tools: dict[str, LanguageTools], load: DayLoader,
                 sink: Sink, cache: PageCache | None = None,
                 after_day: Callable[[DayEntry], None] | None = None) -> None:
        """``after_day`` is called after each day's own pages (while the day, if it was
        loaded, is still held: e.g. its emails)."""
        self.index = index
        self.config = index.config
        self.tools = tools
        self.load = load
        self.sink = sink
        self.cache = cache
        self.after_day = after_day
        # Every page's "Latest" link goes to the language's stable latest/ page, which alone
        # changes when a day is added (see latest()).
        self._latest = {lang.code: latest_path(lang.code) if index.latest(lang.code) else None
                        for lang in self.config.languages}
        self._dates = index.dates
        self._date_index = {date: i for i, date in enumerate(self._dates)}
        self._by_day = {(e.date, e.lang.code): e for day in index.days for e in day.editions}
        #: Template errors of every page, each reported once.
        self.errors: list[TemplateError] = []
        #: (site-root folder, ((lang, folder), ...), last modified) for the sitemap.
        self.sitemap_entries: list[SitemapEntry] = []
        #: Section pages to render once their days are loaded.
        self._pending: list[_PendingSection] = []
        #: Whether the current day was loaded for one of its pages.
        self._touched = False

    def full(self, entry: EditionEntry) -> Edition:
        """The assembled edition an entry stands for."""
        self._touched = True
        return next(e for e in self.load(entry.date) if e.lang.code == entry.lang.code)

    def page(self, path: str, lang: LanguageConfig, title: str, kind: str,
             alternates: dict[str, str], lastmod: dt.date | None = None) -> Page:
        """``alternates``: language code -> site-root folder of the equivalent page."""
        root = _root_for(path)
        listed = kind != "error"
        if listed:
            default_target = alternates.get(self.config.default_language, _folder(path))
            self.sitemap_entries.append(SitemapEntry(
                _folder(path),
                (*sorted(alternates.items()), ("x-default", default_target)),
                lastmod))
        links = tuple(Link(self.config.language(code), relative_href(root, target))
                      for code, target in alternates.items())
        default = alternates.get(self.config.default_language, _folder(path))
        base = self.config.base_url if self.config.base_url_set else None
        hreflang = () if base is None or not listed else (
            *((code, base + target) for code, target in alternates.items()),
            ("x-default", base + default))
        return Page(path=path, lang=lang, root=root,
                    canonical=base + _folder(path) if base and listed else None,
                    alternates=links, x_default=relative_href(root, default),
                    title=title, kind=kind, hreflang=hreflang)

    def emit(self, page: Page, template: str, key: dict[str, object] | None,
             context: Callable[[], dict[str, object]] | dict[str, object]) -> None:
        """Render ``template`` for ``page``, or take it from the cache when a page of the same
        ``key`` (what the page shows, as the index knows it; None: never cached) was
        rendered before. ``context`` (or the function making it, called only on a miss) is
        what the template gets besides the page, the site and the latest edition."""
        t = self.tools[page.lang.code]
        base = dict(page=page, site=self.config, latest=self._latest[page.lang.code],
                    sections=SECTIONS)
        digest = (self.cache.key(template, dict(page=page, latest=base["latest"], **key))
                  if self.cache and key is not None else None)
        if self.cache and (found := self.cache.get(digest)) is not None:
            self.sink(page.path, found)
            return
        full = dict(base, **(context() if callable(context) else context))
        try:
            html = render_template(t.env, template, fmt=t.formatter, **full).encode("utf-8")
        except TemplateError as exc:
            if str(exc) not in {str(e) for e in self.errors}:
                self.errors.append(exc)
            return
        if self.cache:
            self.cache.put(digest, html)
        self.sink(page.path, html)

    def render_all(self) -> None:
        # The archive and section pages are keyed first (their sitemap entries set aside,
        # to keep the sitemap's order), so that a day loaded for its own pages also fills
        # the section pages waiting for it: a cold build loads each day once here.
        entries, self.sitemap_entries = self.sitemap_entries, []
        for lang in self.config.languages:
            self.archive(lang)
            for key in SECTIONS:
                self.section(lang, key)
        later, self.sitemap_entries = self.sitemap_entries, entries
        waiting = self._waiting_sections()
        for day in self.index.days:
            self._touched = False
            for entry in day.editions:
                self.edition(entry)
                for article in entry.summary.articles:
                    self.article(entry, article)
            if self._touched and day.date in waiting:
                self._offer(day.date, waiting.pop(day.date))
            if self.after_day is not None:
                self.after_day(day)
        self.sitemap_entries += later
        for date in sorted(waiting, reverse=True):
            self._offer(date, waiting.pop(date))
        for lang in self.config.languages:
            self.latest(lang)
        self.home()
        self.not_found()
        if self.errors:
            raise BuildErrors(list(self.errors))

    # -- page kinds ------------------------------------------------------------------------

    def edition(self, entry: EditionEntry) -> None:
        t = self.tools[entry.lang.code]
        path = f"{entry.path}index.html"
        alternates = {a.lang: a.href for a in entry.alternates}
        title = f"{entry.lang.title}: {t.formatter.date(entry.date, 'long')}"
        page = self.page(path, entry.lang, title, "edition", alternates, entry.date)
        links = dict(previous=EditionLink.to(self._neighbour(entry, -1)),
                     next=EditionLink.to(self._neighbour(entry, +1)))
        self.emit(page, "edition.html", _keyed(entry, links),
                  lambda: dict(links, edition=self.full(entry)))

    def article(self, entry: EditionEntry, article: ArticleSummary) -> None:
        """An article's full text: what the briefing's folded versions link to."""
        path = f"{entry.article_path(article.slug)}index.html"
        alternates = {a.lang: f"{a.href}{article.slug}/" for a in entry.alternates}
        page = self.page(path, entry.lang, f"{article.title} — {entry.lang.title}",
                         "article", alternates, entry.date)

        def context() -> dict[str, object]:
            edition = self.full(entry)
            found = next(a for a in edition.article_pages if a.ref.slug == article.slug)
            return dict(article=found, edition=edition)

        self.emit(page, "article.html", _keyed(entry, {"article": article.slug}), context)

    def _neighbour(self, entry: EditionEntry, step: int) -> EditionEntry | None:
        i = self._date_index[entry.date] + step
        if 0 <= i < len(self._dates):
            return self._by_day.get((self._dates[i], entry.lang.code))
        return None

    def archive(self, lang: LanguageConfig) -> None:
        t = self.tools[lang.code]
        editions = [e.archive_item() for e in self.index.editions_in(lang.code)]
        pages = paginate(editions, f"{lang.code}/", lambda n: f"{lang.code}/page/{n}/")
        for pagination in pages:
            folder = pagination_path(pagination, f"{lang.code}/",
                                     lambda n: f"{lang.code}/page/{n}/")
            alternates = {other.code: folder.replace(f"{lang.code}/", f"{other.code}/", 1)
                          for other in self.config.languages}
            title = t.gettext("Archive")
            if not pagination.newest:
                title += f" ({t.formatter.number(pagination.number)})"
            lastmod = pagination.items[0].date if pagination.items else None
            page = self.page(folder + "index.html", lang, f"{lang.title}: {title}", "archive",
                             alternates, lastmod)
            self.emit(page, "archive.html", {"pagination": pagination},
                      {"pagination": pagination})

    def section(self, lang: LanguageConfig, key: str) -> None:
        """A section's pages across days. A page not in the cache waits in ``_pending``
        until its days are loaded (:meth:`_offer`: each day once for all pages)."""
        t = self.tools[lang.code]
        days = [(e, found) for e in self.index.editions_in(lang.code)
                if (found := e.section(key)) is not None and found.count]
        base = f"{lang.code}/sections/{key}/"
        pages = paginate(days, base, lambda n: f"{base}page/{n}/")
        for pagination in pages:
            folder = pagination_path(pagination, base, lambda n: f"{base}page/{n}/")
            alternates = {other.code: folder.replace(f"{lang.code}/", f"{other.code}/", 1)
                          for other in self.config.languages}
            lastmod = pagination.items[0][0].date if pagination.items else None
            page = self.page(folder + "index.html", lang,
                             f"{lang.title}: {t.section_title(key)}", "section", alternates,
                             lastmod)
            shown = tuple((e.date, e.path, s.digest) for e, s in pagination.items)
            keyed = None if any(e.digest is None for e, _ in pagination.items) else {
                "section_key": key, "pagination": replace(pagination, items=shown)}
            if self.cache and keyed is not None:
                found = self.cache.get(self.cache.key("section.html", dict(
                    page=page, latest=self._latest[lang.code], **keyed)))
                if found is not None:
                    self.sink(page.path, found)
                    continue
            self._pending.append(_PendingSection(page, key, keyed, pagination))

    def _waiting_sections(self) -> dict[dt.date, list[_PendingSection]]:
        """The section pages not found in the cache, by each day they show (a page with no
        day is rendered here)."""
        waiting: dict[dt.date, list[_PendingSection]] = {}
        for pending in self._pending:
            if not pending.pagination.items:
                self.emit(pending.page, "section.html", pending.keyed,
                          dict(section_key=pending.key, pagination=pending.pagination))
                continue
            for entry, _ in pending.pagination.items:
                waiting.setdefault(entry.date, []).append(pending)
        self._pending = []
        return waiting

    def _offer(self, date: dt.date, pages: list[_PendingSection]) -> None:
        """Give a day to the section pages waiting for it; a page is rendered as soon as
        all its days are in (so few pages wait at once)."""
        editions = {e.lang.code: e for e in self.load(date)}
        for pending in pages:
            edition = editions[pending.page.lang.code]
            found = next(s for s in edition.sections if s.key == pending.key)
            pending.days[date] = SectionDay(edition, pending.key, found.paragraphs)
            if len(pending.days) == len(pending.pagination.items):
                items = tuple(pending.days[e.date] for e, _ in pending.pagination.items)
                self.emit(pending.page, "section.html", pending.keyed,
                          dict(section_key=pending.key,
                               pagination=replace(pending.pagination, items=items)))
                pending.days.clear()

    def home(self) -> None:
        default = self.config.language(self.config.default_language)
        latest = [(lang, self.index.latest(lang.code)) for lang in self.config.languages]
        alternates = {lang.code: f"{lang.code}/" for lang in self.config.languages}
        dates = self.index.dates
        page = self.page("index.html", default, default.title, "home", alternates,
                         dates[-1] if dates else None)
        keyed = None if any(e is not None and e.digest is None for _, e in latest) else {
            "cards": tuple((lang.code, e.digest if e else None) for lang, e in latest)}

        def context() -> dict[str, object]:
            cards = [Markup(render_template(self.tools[lang.code].env, "latest_card.html",
                                            page=page, lang=lang,
                                            edition=self.full(e) if e else None,
                                            site=self.config))
                     for lang, e in latest]
            return {"cards": cards}

        try:
            self.emit(page, "index.html", keyed, context)
        except TemplateError as exc:  # a card's template failed
            self.errors.append(exc)

    def latest(self, lang: LanguageConfig) -> None:
        """``<lang>/latest/``: the newest edition's card (date, number, sections, links to
        the edition and its PDF). Every page's "Latest" link points here, so publishing a
        day changes this small page, not every page that links to the newest edition. (No
        automatic redirect: a page that navigates away as it loads cannot be checked.)"""
        entry = self.index.latest(lang.code)
        if entry is None:
            return
        t = self.tools[lang.code]
        alternates = {other.code: latest_path(other.code) for other in self.config.languages
                      if self.index.latest(other.code) is not None}
        page = self.page(f"{latest_path(lang.code)}index.html", lang,
                         f"{lang.title}: {t.gettext('Latest')}", "latest", alternates,
                         entry.date)

        def context() -> dict[str, object]:
            card = render_template(t.env, "latest_card.html", page=page, lang=lang,
                                   edition=self.full(entry), site=self.config)
            return {"card": Markup(card)}

        try:
            self.emit(page, "latest.html", _keyed(entry, {}), context)
        except TemplateError as exc:  # the card's template failed
            self.errors.append(exc)

    def not_found(self) -> None:
        """404 page: served from any depth, so its links are root-absolute-free via <base>."""
        default = self.config.language(self.config.default_language)
        page = self.page("404.html", default, default.title, "error",
                         {lang.code: f"{lang.code}/" for lang in self.config.languages})
        try:
            messages = [Markup(render_template(self.tools[lang.code].env,
                                               "not_found_message.html", page=page, lang=lang,
                                               site=self.config))
                        for lang in self.config.languages]
        except TemplateError as exc:
            self.errors.append(exc)
            return
        self.emit(page, "404.html", {"messages": messages}, {"messages": messages})


@dataclass
class _PendingSection:
    """A section page not in the cache, and the days of it loaded so far."""

    page: Page
    key: str
    keyed: dict[str, object] | None
    pagination: Pagination[tuple[EditionEntry, SectionSummary]]
    days: dict[dt.date, SectionDay] = field(default_factory=dict)


def _keyed(entry: EditionEntry, context: dict[str, object]) -> dict[str, object] | None:
    """A page's key context: ``context`` and the edition it shows, by its digest."""
    return None if entry.digest is None else dict(context, edition=entry.digest)


def latest_path(lang: str) -> str:
    """The site-root folder of a language's stable address of its newest edition."""
    return f"{lang}/latest/"


def pagination_path(pagination: Pagination[T], first: str, nth: Callable[[int], str]) -> str:
    return first if pagination.newest else nth(pagination.number)


def edition_datetime(edition: Edition | EditionEntry, cutoff: str) -> dt.datetime:
    """The moment an edition stands for: its date at the desk's cut-off time (UTC)."""
    hour, minute = (int(x) for x in cutoff.split(":"))
    return dt.datetime.combine(edition.date, dt.time(hour, minute), tzinfo=dt.UTC)


__all__ = ["Link", "Page", "PageRenderer", "Pagination", "edition_path"]
