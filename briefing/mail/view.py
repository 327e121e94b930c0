"""An edition -> the email's view model: texts, links and figures ready for the templates.

Templates under ``templates/email/`` only lay out what is here. Links are absolute
(``base_url``) when the project configures ``base_url``: a mail client has no page to resolve a
relative link against. Without it they are relative to the edition's folder, where
``email.html`` is written, so the file opened beside the page still links to it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from markupsafe import Markup

from ..assemble import Edition, ParagraphView
from ..config import Config
from ..facts_view import FigureView
from ..i18n import LocaleFormatter

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain(markup: Markup | str) -> str:
    """Rendered inline HTML -> the words a plain-text reader sees."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub("", str(markup)))).strip()


@dataclass(frozen=True)
class EmailParagraph:
    html: Markup
    text: str
    lang: str
    dir: str
    #: Physical alignment for clients that ignore ``dir`` on table cells (Outlook).
    align: str
    source: str
    source_url: str | None
    #: The paragraph on the web edition.
    href: str


@dataclass(frozen=True)
class EmailSection:
    key: str
    paragraphs: tuple[EmailParagraph, ...]
    #: Stories folded on the web edition (beyond the briefing's length).
    more: int


@dataclass(frozen=True)
class EmailHighlight:
    section: str
    html: Markup
    text: str
    lang: str
    dir: str
    align: str


@dataclass(frozen=True)
class EmailFigure:
    #: The amount as shown: "more than 400", "450–457".
    amount: str
    what: str
    source: str
    lang: str
    dir: str
    align: str
    conflict: bool


@dataclass(frozen=True)
class EmailEdition:
    """One edition as an email: everything its two templates show."""

    lang: str
    dir: str
    #: "right" in a right-to-left edition, else "left" (and ``end`` the other side).
    align: str
    end: str
    #: Between two items of a line: an Arabic comma in Arabic, a middle dot elsewhere.
    sep: str
    title: str
    publisher: str
    subject: str
    date: str
    number: str
    cutoff: str
    web_url: str
    pdf_url: str | None
    highlights: tuple[EmailHighlight, ...]
    figures: tuple[EmailFigure, ...]
    sections: tuple[EmailSection, ...]
    #: Links are absolute (``base_url`` configured).
    absolute: bool


def _align(direction: str) -> str:
    return "right" if direction == "rtl" else "left"


def email_edition(edition: Edition, config: Config, fmt: LocaleFormatter) -> EmailEdition:
    absolute = config.base_url_set
    base = config.base_url + edition.path if absolute else ""
    web = base if absolute else "index.html"
    pdf = (base + edition.pdf_name) if edition.pdf_name else None
    lang = edition.lang
    date = fmt.date(edition.date, "long")

    def paragraph(p: ParagraphView) -> EmailParagraph:
        return EmailParagraph(p.html, plain(p.html), p.lang, p.dir, _align(p.dir),
                              p.source.name, p.source.url, f"{web}#{p.anchor}")

    return EmailEdition(
        lang=lang.code, dir=lang.direction, align=_align(lang.direction),
        end="left" if lang.direction == "rtl" else "right",
        sep="، " if lang.code == "ar" else " · ",
        title=lang.title, publisher=lang.publisher,
        subject=f"{lang.title} — {date}", date=fmt.date(edition.date, "full"),
        number=fmt.number(edition.number), cutoff=fmt.digits(config.cutoff_time),
        web_url=web, pdf_url=pdf,
        highlights=tuple(EmailHighlight(h.section, h.html, plain(h.html), h.lang, h.dir,
                                        _align(h.dir)) for h in edition.highlights),
        figures=tuple(_figure(f, fmt) for f in edition.key_figures),
        sections=tuple(EmailSection(s.key, tuple(paragraph(p) for p in s.paragraphs),
                                    len(s.more)) for s in edition.sections),
        absolute=absolute,
    )


def _figure(f: FigureView, fmt: LocaleFormatter) -> EmailFigure:
    if f.conflict:
        amount = f"{fmt.number(f.low)}–{fmt.number(f.high)}"
    else:
        amount = f"{f.qualifier} {fmt.number(f.value)}" if f.qualifier else fmt.number(f.value)
    comma = "،" if f.lang == "ar" else ","
    what = f"{f.what}{comma} {f.detail}" if f.detail else f.what
    sources = (" ; ".join(f"{m.source} ({m.outlet})" if m.source else m.outlet
                          for m in f.mentions) if f.mentions else (f.source or ""))
    return EmailFigure(amount, what, sources, f.lang, f.dir, _align(f.dir), f.conflict)
