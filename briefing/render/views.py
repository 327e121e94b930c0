"""The view records the HTML pages are rendered from: the page, its links and pagination,
the sitemap's entries and a section's day. Kept apart from the renderer so that the page
cache (which keys pages on these records) and the feeds import them without the renderer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..assemble import Edition, ParagraphView
from ..config import LanguageConfig
from ..days import EditionEntry

T = TypeVar("T")


@dataclass(frozen=True)
class Link:
    lang: LanguageConfig
    href: str


@dataclass(frozen=True)
class Page:
    """What every template gets as ``page``: where it is and how to link out of it."""

    path: str
    """Output path from the site root, e.g. ``ar/2024-12-03/index.html``."""
    lang: LanguageConfig
    root: str
    """Relative path back to the site root ("../../")."""
    canonical: str | None
    """Absolute URL from ``base_url``; None when the configuration sets no ``base_url``."""
    alternates: tuple[Link, ...]
    x_default: str
    """The page for readers of any other language."""
    title: str
    kind: str
    """edition, archive, section, home or error: lets templates mark the current nav item."""
    hreflang: tuple[tuple[str, str], ...] = ()
    """(language code or ``x-default``, absolute URL) for ``<link rel=alternate hreflang>``:
    search engines want absolute URLs there. Empty without ``base_url``."""

    def url(self, target: str) -> str:
        """A site-root path (``en/2024-12-03/``) as seen from this page.

        Folders get an explicit ``index.html``: a site opened from disk has no server to
        find it.
        """
        return relative_href(self.root, target)


@dataclass(frozen=True)
class Pagination(Generic[T]):
    items: tuple[T, ...]
    number: int
    """Counted from the oldest page (1): a page keeps its number as the archive grows."""
    newest: bool
    """The newest page (at the list's first address, e.g. ``ar/``; may hold fewer items)."""
    previous: str | None
    """Site-root path of the newer page, or None on the newest."""
    next: str | None
    """Site-root path of the older page, or None on page 1."""


@dataclass(frozen=True)
class EditionLink:
    """Another edition as a page links to it ("Latest", "Previous edition").

    Only what a link needs: a page that links to an edition does not depend on that
    edition's text, so editing today's briefing does not re-render every page.
    """

    date: dt.date
    number: int
    lang: LanguageConfig
    path: str

    @classmethod
    def to(cls, edition: Edition | EditionEntry | None) -> EditionLink | None:
        return None if edition is None else cls(edition.date, edition.number, edition.lang,
                                                edition.path)


@dataclass(frozen=True)
class SitemapEntry:
    path: str
    alternates: tuple[tuple[str, str], ...]
    lastmod: dt.date | None


@dataclass(frozen=True)
class SectionDay:
    """One day's paragraphs of a section, for the section pages."""

    edition: Edition
    section: str
    """The section's key: ``paragraphs`` are that section's paragraphs of ``edition``."""
    paragraphs: tuple[ParagraphView, ...]


def relative_href(root: str, target: str) -> str:
    if target == "" or target.endswith("/"):
        target += "index.html"
    return root + target
