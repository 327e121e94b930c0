"""A built email edition -> a standard MIME message (``briefing email``).

The message is made from what ``briefing build`` wrote (``email.html``, ``email.txt`` and the
PDF beside the edition page), so what is sent is what was built and checked:
multipart/alternative (plain text first, then HTML); with the PDF attached, multipart/mixed
around it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid
from pathlib import Path

from ..assemble import edition_path, pdf_name
from ..errors import BriefingError
from .render import HTML_NAME, TEXT_NAME

_TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)
_ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


@dataclass(frozen=True)
class BuiltEmail:
    """One language's email edition as built."""

    lang: str
    subject: str
    html: str
    text: str
    pdf: Path | None


def load_built(site: Path, date: dt.date, lang: str, with_pdf: bool) -> BuiltEmail:
    """Read the email edition of ``date`` in ``lang`` from the built ``site``."""
    folder = site / edition_path(lang, date)
    page, text = folder / HTML_NAME, folder / TEXT_NAME
    if not page.is_file() or not text.is_file():
        raise BriefingError(f"no email edition of {date.isoformat()} in {lang!r} in the built "
                            "site", page, None,
                            "run `briefing build` first: it writes email.html beside each "
                            "edition; check the date and --site")
    body = page.read_text(encoding="utf-8")
    found = _TITLE.search(body)
    subject = html.unescape(found.group(1)).strip() if found else date.isoformat()
    pdf = None
    if with_pdf:
        pdf = folder / pdf_name(date, lang)
        if not pdf.is_file():
            raise BriefingError("no PDF to attach", pdf, None,
                                "run `briefing build` without --no-pdf (and with pdf: true "
                                "in briefing.yaml)")
    return BuiltEmail(lang, " ".join(subject.split()), body, text.read_text(encoding="utf-8"),
                      pdf)


def check_addresses(addresses: list[str]) -> list[str]:
    """The recipients as given; raise on anything that is not an address."""
    bad = [a for a in addresses
           if not all(_ADDRESS.match(addr) for _, addr in getaddresses([a]))]
    if bad or not addresses:
        raise BriefingError(f"not an email address: {', '.join(bad) or '(none)'}", None, None,
                            "write --to name@example.org (several may follow)")
    return addresses


def build_message(email: BuiltEmail, sender: str, to: list[str]) -> EmailMessage:
    """multipart/alternative (text, HTML), wrapped in multipart/mixed with the PDF when the
    edition carries one."""
    msg = EmailMessage()
    msg["Subject"] = email.subject
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Date"] = formatdate(localtime=True)
    domain = sender.rsplit("@", 1)[-1].strip(" >") or None
    msg["Message-ID"] = make_msgid(domain=domain)
    msg.set_content(email.text)
    msg.add_alternative(email.html, subtype="html")
    if email.pdf is not None:
        msg.add_attachment(email.pdf.read_bytes(), maintype="application", subtype="pdf",
                           filename=email.pdf.name)
    # Last: set_content() and the multipart conversions move Content-* headers into parts.
    msg["Content-Language"] = email.lang
    return msg
