"""Site model -> HTML pages, as a mapping of output path to bytes.

Every link a page holds is relative (``root`` is the way back to the site root from that
page), so the site works under any sub-path and opened from disk; only canonical URLs and
feeds use ``base_url``.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..assemble import Edition, SiteModel, edition_path
from ..config import LanguageConfig
from .context import LanguageTools
from .jinja import render_template


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
    canonical: str
    alternates: tuple[Link, ...]
    x_default: str
    """The page for readers of any other language."""
    title: str

    def url(self, target: str) -> str:
        """A site-root path (``en/2024-12-03/``) as seen from this page."""
        return self.root + target if target else (self.root or "./")


def _root_for(path: str) -> str:
    return "../" * path.count("/")


def render_pages(model: SiteModel, tools: dict[str, LanguageTools]) -> dict[str, bytes]:
    """All HTML pages of the site."""
    config = model.config
    out: dict[str, bytes] = {}
    for edition in model.editions:
        path = f"{edition.path}index.html"
        t = tools[edition.lang.code]
        page = Page(
            path=path,
            lang=edition.lang,
            root=_root_for(path),
            canonical=config.base_url + edition.path,
            alternates=_alternates(model, edition, path),
            x_default=_root_for(path) + edition_path(config.default_language, edition.date),
            title=f"{edition.lang.title}: {t.formatter.date(edition.date, 'long')}",
        )
        html = render_template(t.env, "edition.html", page=page, edition=edition, site=config,
                               fmt=t.formatter)
        out[path] = html.encode("utf-8")

    default = config.language(config.default_language)
    t = tools[default.code]
    path = "index.html"
    latest = [(lang, model.latest(lang.code)) for lang in config.languages]
    page = Page(
        path=path,
        lang=default,
        root="",
        canonical=config.base_url,
        alternates=tuple(Link(lang, f"{e.path}") for lang, e in latest if e is not None),
        x_default="./",
        title=default.title,
    )
    cards = [Markup(render_template(tools[lang.code].env, "latest_card.html", page=page,
                                    lang=lang, edition=edition, site=config))
             for lang, edition in latest]
    html = render_template(t.env, "index.html", page=page, site=config, cards=cards)
    out[path] = html.encode("utf-8")
    return out


def _alternates(model: SiteModel, edition: Edition, path: str) -> tuple[Link, ...]:
    root = _root_for(path)
    links = []
    for alt in edition.alternates:
        links.append(Link(model.config.language(alt.lang), root + alt.href))
    return tuple(links)
