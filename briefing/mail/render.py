"""Editions -> ``email.html`` and ``email.txt`` beside each edition page.

The HTML comes from ``templates/email/edition.html``; its ``<style>`` is inlined into style
attributes with css-inline (remote stylesheets never loaded: the renderer reads nothing but
the template), because Gmail and Outlook drop or ignore style sheets. Pages are kept in the
page cache like every other page, keyed on their view.
"""

from __future__ import annotations

from collections.abc import Sequence

import css_inline

from ..days import DayEntry, SiteIndex
from ..errors import BuildErrors, TemplateError
from ..render.context import LanguageTools
from ..render.html import DayLoader, Sink
from ..render.jinja import render_template
from ..render.page_cache import PageCache
from .view import email_edition

HTML_TEMPLATE = "email/edition.html"
TEXT_TEMPLATE = "email/edition.txt"
HTML_NAME = "email.html"
TEXT_NAME = "email.txt"

_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False,
                                 keep_link_tags=False, keep_at_rules=True)


def inline_css(html: str) -> str:
    return _INLINER.inline(html)


def render_emails(index: SiteIndex, tools: dict[str, LanguageTools], load: DayLoader,
                  sink: Sink, page_cache: PageCache | None = None,
                  days: Sequence[DayEntry] | None = None,
                  errors: list[TemplateError] | None = None) -> None:
    """``<lang>/<date>/email.html`` and ``email.txt`` of every edition (of ``days`` only,
    when given), to ``sink``; an edition is loaded only when one of its emails is not in
    ``page_cache`` (keyed on the edition's digest). Template errors are added to ``errors``
    when given, else raised."""
    raise_errors = errors is None
    errors = [] if errors is None else errors
    for day in index.days if days is None else days:
        for entry in day.editions:
            t = tools[entry.lang.code]
            view = None
            for template, name in ((HTML_TEMPLATE, HTML_NAME), (TEXT_TEMPLATE, TEXT_NAME)):
                key = (page_cache.key(template, {"email": entry.digest})
                       if page_cache and entry.digest is not None else None)
                if page_cache and (found := page_cache.get(key)) is not None:
                    sink(entry.path + name, found)
                    continue
                if view is None:
                    edition = next(e for e in load(entry.date)
                                   if e.lang.code == entry.lang.code)
                    view = email_edition(edition, index.config, t.formatter)
                try:
                    text = render_template(t.env, template, email=view)
                except TemplateError as exc:
                    if str(exc) not in {str(e) for e in errors}:
                        errors.append(exc)
                    continue
                data = (inline_css(text) if name == HTML_NAME else text).encode("utf-8")
                if page_cache:
                    page_cache.put(key, data)
                sink(entry.path + name, data)
    if errors and raise_errors:
        raise BuildErrors(list(errors))
