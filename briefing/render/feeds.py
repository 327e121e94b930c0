"""Machine-readable outputs: an Atom feed per language, the sitemap and robots.txt.

These are the only outputs with absolute URLs (``base_url``), as their readers require.
Dates come from the editions (their date at the desk's cut-off time), never from the clock,
so two builds of the same content give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence

from ..assemble import Edition
from ..config import Config
from ..days import EditionEntry
from .context import LanguageTools
from .html import edition_datetime
from .jinja import render_template
from .views import Page, SitemapEntry

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
#: Editions per feed: readers want the recent ones; the archive pages hold the rest.
FEED_ENTRIES = 30


def _iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feed(config: Config, editions: Sequence[EditionEntry], lang_code: str,
              tools: LanguageTools, content: Callable[[EditionEntry], str]) -> bytes:
    """The feed of one language: ``editions`` are its newest (at most
    :data:`FEED_ENTRIES`), newest first; ``content`` gives each one's HTML
    (:func:`entry_html`)."""
    lang = config.language(lang_code)
    base = config.base_url
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": lang.code})
    _sub(feed, "id", f"{base}{lang.code}/")
    _sub(feed, "title", lang.title)
    _sub(feed, "subtitle", tools.gettext("Daily briefing"))
    updated = max((edition_datetime(e, config.cutoff_time) for e in editions),
                  default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    _sub(feed, "updated", _iso(updated))
    author = _sub(feed, "author")
    _sub(author, "name", lang.publisher)
    _sub(feed, "link", rel="self", href=f"{base}{lang.code}/feed.xml",
         type="application/atom+xml")
    _sub(feed, "link", rel="alternate", href=f"{base}{lang.code}/", type="text/html",
         hreflang=lang.code)
    _sub(feed, "generator", "briefing")
    for edition in editions:
        feed.append(_entry(config, edition, tools, content(edition)))
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


def entry_html(config: Config, edition: Edition, tools: LanguageTools) -> str:
    """The HTML of an edition's feed entry (``feed_entry.html``)."""
    url = f"{config.base_url}{edition.path}"
    page = Page(path=f"{edition.path}index.html", lang=edition.lang, root=config.base_url,
                canonical=url, alternates=(), x_default=url, title="", kind="feed")
    return render_template(tools.env, "feed_entry.html", page=page, edition=edition,
                           site=config, fmt=tools.formatter)


def _entry(config: Config, edition: EditionEntry, tools: LanguageTools,
           html: str) -> ET.Element:
    url = f"{config.base_url}{edition.path}"
    entry = ET.Element(f"{{{ATOM}}}entry")
    _sub(entry, "id", url)
    _sub(entry, "title",
         f"{edition.lang.title}: {tools.formatter.date(edition.date, 'long')}")
    moment = _iso(edition_datetime(edition, config.cutoff_time))
    _sub(entry, "published", moment)
    _sub(entry, "updated", moment)
    _sub(entry, "link", rel="alternate", href=url, type="text/html", hreflang=edition.lang.code)
    if edition.pdf_name:
        _sub(entry, "link", rel="enclosure", href=f"{url}{edition.pdf_name}",
             type="application/pdf")
    for alt in edition.alternates:
        if alt.lang != edition.lang.code:
            _sub(entry, "link", rel="alternate", href=f"{config.base_url}{alt.href}",
                 type="text/html", hreflang=alt.lang)
    for section in edition.summary.sections:
        if section.count:
            _sub(entry, "category", term=section.key, label=tools.section_title(section.key))
    content = _sub(entry, "content", html, type="html")
    content.set("xml:base", url)
    return entry


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def sitemap(entries: list[SitemapEntry], config: Config) -> bytes:
    """Every HTML page (not the 404), with ``xhtml:link`` alternates in each language."""
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    for path, alternates, lastmod in ((e.path, e.alternates, e.lastmod) for e in entries):
        url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = config.base_url + path
        if lastmod:
            ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = lastmod.isoformat()
        for code, target in alternates:
            ET.SubElement(url, f"{{{XHTML}}}link", rel="alternate", hreflang=code,
                          href=config.base_url + target)
    ET.indent(urlset)
    return (b'<?xml version="1.0" encoding="utf-8"?>\n'
            + ET.tostring(urlset, encoding="utf-8") + b"\n")


def robots_txt(config: Config) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {config.base_url}sitemap.xml\n".encode()
