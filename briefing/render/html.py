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
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..assemble import ArticlePage, Edition, SiteModel, edition_path
from ..config import LanguageConfig
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
    """Split ``items`` into pages; ``first`` and ``nth(n)`` give each page's folder path."""
    chunks = [tuple(items[i:i + PAGE_SIZE]) for i in range(0, len(items), PAGE_SIZE)] or [()]
    paths = [first] + [nth(n) for n in range(2, len(chunks) + 1)]
    return [
        Pagination(chunk, n + 1, len(chunks), paths[n - 1] if n else None,
                   paths[n + 1] if n + 1 < len(chunks) else None)
        for n, chunk in enumerate(chunks)
    ]


class PageRenderer:
    """Renders the pages of one site model with each language's tools."""

    def __init__(self, model: SiteModel, tools: dict[str, LanguageTools],
                 cache: PageCache | None = None) -> None:
        self.model = model
        self.config = model.config
        self.tools = tools
        self.cache = cache
        self._latest = {lang.code: EditionLink.to(model.latest(lang.code))
                        for lang in self.config.languages}
        self._dates = model.dates
        self._date_index = {date: i for i, date in enumerate(self._dates)}
        self._by_day = {(e.date, e.lang.code): e for e in model.editions}
        self.out: dict[str, bytes] = {}
        #: Template errors of every page, each reported once.
        self.errors: list[TemplateError] = []
        #: (site-root folder, ((lang, folder), ...), last modified) for the sitemap.
        self.sitemap_entries: list[SitemapEntry] = []

    def page(self, path: str, lang: LanguageConfig, title: str, kind: str,
             alternates: dict[str, str], lastmod: dt.date | None = None) -> Page:
        """``alternates``: language code -> site-root folder of the equivalent page."""
        root = _root_for(path)
        if kind != "error":
            default_target = alternates.get(self.config.default_language, _folder(path))
            self.sitemap_entries.append(SitemapEntry(
                _folder(path),
                (*sorted(alternates.items()), ("x-default", default_target)),
                lastmod))
        links = tuple(Link(self.config.language(code), relative_href(root, target))
                      for code, target in alternates.items())
        default = alternates.get(self.config.default_language, _folder(path))
        base = self.config.base_url if self.config.base_url_set else None
        hreflang = () if base is None or kind == "error" else (
            *((code, base + target) for code, target in alternates.items()),
            ("x-default", base + default))
        return Page(path=path, lang=lang, root=root,
                    canonical=base + _folder(path) if base and kind != "error" else None,
                    alternates=links, x_default=relative_href(root, default),
                    title=title, kind=kind, hreflang=hreflang)

    def emit(self, page: Page, template: str, **context: object) -> None:
        t = self.tools[page.lang.code]
        context = dict(page=page, site=self.config, latest=self._latest[page.lang.code],
                       sections=SECTIONS, **context)
        key = self.cache.key(template, context) if self.cache else None
        if self.cache and (found := self.cache.get(key)) is not None:
            self.out[page.path] = found
            return
        try:
            html = render_template(t.env, template, fmt=t.formatter, **context).encode("utf-8")
        except TemplateError as exc:
            if str(exc) not in {str(e) for e in self.errors}:
                self.errors.append(exc)
            return
        if self.cache:
            self.cache.put(key, html)
        self.out[page.path] = html

    def render_all(self) -> dict[str, bytes]:
        for edition in self.model.editions:
            self.edition(edition)
            for article in edition.article_pages:
                self.article(edition, article)
        for lang in self.config.languages:
            self.archive(lang)
            for key in SECTIONS:
                self.section(lang, key)
        self.home()
        self.not_found()
        if self.errors:
            raise BuildErrors(list(self.errors))
        return self.out

    # -- page kinds ------------------------------------------------------------------------

    def edition(self, edition: Edition) -> None:
        t = self.tools[edition.lang.code]
        path = f"{edition.path}index.html"
        alternates = {a.lang: a.href for a in edition.alternates}
        title = f"{edition.lang.title}: {t.formatter.date(edition.date, 'long')}"
        page = self.page(path, edition.lang, title, "edition", alternates, edition.date)
        self.emit(page, "edition.html", edition=edition,
                  previous=EditionLink.to(self._neighbour(edition, -1)),
                  next=EditionLink.to(self._neighbour(edition, +1)))

    def article(self, edition: Edition, article: ArticlePage) -> None:
        """An article's full text: what the briefing's folded versions link to."""
        path = f"{article.ref.path}index.html"
        alternates = {a.lang: f"{a.href}{article.ref.slug}/" for a in edition.alternates}
        page = self.page(path, edition.lang, f"{article.ref.title} — {edition.lang.title}",
                         "article", alternates, edition.date)
        self.emit(page, "article.html", article=article, edition=edition)

    def _neighbour(self, edition: Edition, step: int) -> Edition | None:
        i = self._date_index[edition.date] + step
        if 0 <= i < len(self._dates):
            return self._by_day.get((self._dates[i], edition.lang.code))
        return None

    def archive(self, lang: LanguageConfig) -> None:
        t = self.tools[lang.code]
        editions = self.model.editions_in(lang.code)
        pages = paginate(editions, f"{lang.code}/", lambda n: f"{lang.code}/page/{n}/")
        for pagination in pages:
            folder = pagination_path(pagination, f"{lang.code}/",
                                     lambda n: f"{lang.code}/page/{n}/")
            alternates = {other.code: folder.replace(f"{lang.code}/", f"{other.code}/", 1)
                          for other in self.config.languages}
            title = t.gettext("Archive")
            if pagination.count > 1:
                title += f" ({t.formatter.number(pagination.number)})"
            lastmod = pagination.items[0].date if pagination.items else None
            page = self.page(folder + "index.html", lang, f"{lang.title}: {title}", "archive",
                             alternates, lastmod)
            self.emit(page, "archive.html", pagination=pagination)

    def section(self, lang: LanguageConfig, key: str) -> None:
        t = self.tools[lang.code]
        days = [SectionDay(e, s.key, s.paragraphs)
                for e in self.model.editions_in(lang.code)
                for s in e.sections if s.key == key and s.paragraphs]
        base = f"{lang.code}/sections/{key}/"
        pages = paginate(days, base, lambda n: f"{base}page/{n}/")
        for pagination in pages:
            folder = pagination_path(pagination, base, lambda n: f"{base}page/{n}/")
            alternates = {other.code: folder.replace(f"{lang.code}/", f"{other.code}/", 1)
                          for other in self.config.languages}
            lastmod = pagination.items[0].edition.date if pagination.items else None
            page = self.page(folder + "index.html", lang,
                             f"{lang.title}: {t.section_title(key)}", "section", alternates,
                             lastmod)
            self.emit(page, "section.html", section_key=key, pagination=pagination)

    def home(self) -> None:
        default = self.config.language(self.config.default_language)
        latest = [(lang, self.model.latest(lang.code)) for lang in self.config.languages]
        alternates = {lang.code: f"{lang.code}/" for lang in self.config.languages}
        dates = self.model.dates
        page = self.page("index.html", default, default.title, "home", alternates,
                         dates[-1] if dates else None)
        try:
            cards = [Markup(render_template(self.tools[lang.code].env, "latest_card.html",
                                            page=page, lang=lang, edition=edition,
                                            site=self.config))
                     for lang, edition in latest]
        except TemplateError as exc:
            self.errors.append(exc)
            return
        self.emit(page, "index.html", cards=cards)

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
        self.emit(page, "404.html", messages=messages)


def pagination_path(pagination: Pagination[T], first: str, nth: Callable[[int], str]) -> str:
    return first if pagination.number == 1 else nth(pagination.number)


def render_pages(model: SiteModel, tools: dict[str, LanguageTools]) -> dict[str, bytes]:
    """All HTML pages of the site."""
    return PageRenderer(model, tools).render_all()


def edition_datetime(edition: Edition, cutoff: str) -> dt.datetime:
    """The moment an edition stands for: its date at the desk's cut-off time (UTC)."""
    hour, minute = (int(x) for x in cutoff.split(":"))
    return dt.datetime.combine(edition.date, dt.time(hour, minute), tzinfo=dt.UTC)


__all__ = ["Link", "Page", "PageRenderer", "Pagination", "edition_path", "render_pages"]
