"""UI strings, dates and numbers per locale (Babel), and Arabic-Indic digits.

UI strings live in gettext catalogs, ``locale/<lang>/LC_MESSAGES/messages.po``; they are
compiled to ``.mo`` in memory at build time, so a built site never depends on a stale file.
Babel formats dates and numbers; it always emits Latin digits, so ``digits: arab`` is applied
here by mapping 0-9 to ٠-٩ (and Babel's U+200F marks inside short Arabic dates are removed,
our templates isolate dates with ``<bdi>`` instead).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from .config import LanguageConfig
from .errors import BuildErrors, ConfigError

DOMAIN = "messages"


def N_(message: str) -> str:
    """Mark a UI string for extraction; it is translated where it is shown."""
    return message


#: What a key figure counts happened to them (the extract stage's ``event``).
EVENT_LABELS = {
    "killed": N_("killed"),
    "wounded": N_("wounded"),
    "displaced": N_("displaced"),
    "detained": N_("detained"),
    "evacuated": N_("evacuated"),
    "missing": N_("missing"),
    "released": N_("released"),
}

#: Section titles as UI strings (translated per language by the templates).
SECTION_TITLES = {
    "diplomacy": N_("Diplomacy"),
    "battlefield": N_("Battlefield"),
    "humanitarian": N_("Humanitarian"),
    "un": N_("United Nations"),
}
_TO_ARAB = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c"), None)


def catalog_path(locale_dir: Path, lang: str) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_translations(locale_dir: Path, lang: LanguageConfig, strict: bool = False) -> Translations:
    """Compile ``<lang>.po`` to an in-memory ``.mo`` and return gettext Translations.

    With ``strict``, a fuzzy or untranslated UI string is a ConfigError naming the catalog
    line. A missing catalog gives identity translations (the msgids, in English).
    """
    path = catalog_path(locale_dir, lang.code)
    if not path.exists():
        if strict and lang.code != "en":
            raise ConfigError("no UI translation catalog", path, None,
                              "run: briefing i18n update, then translate the .po file")
        return Translations()
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang.locale, domain=DOMAIN)
    if strict:
        problems = []
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                state = "fuzzy" if message.fuzzy else "untranslated"
                msgid = message.id if isinstance(message.id, str) else message.id[0]
                problems.append(ConfigError(f"{state} UI string {msgid!r}", path, message.lineno,
                                            "translate it and remove the fuzzy flag"))
        if problems:
            raise BuildErrors(problems)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


@dataclass(frozen=True)
class LocaleFormatter:
    """Dates and numbers for one edition language, with its digit system applied."""

    lang: LanguageConfig

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.lang.locale)

    def digits(self, text: str | int) -> str:
        text = str(text)
        return text.translate(_TO_ARAB) if self.lang.digits == "arab" else text

    def date(self, value: dt.date, fmt: str = "long") -> str:
        text = babel_format_date(value, format=fmt, locale=self.lang.locale)
        return self.digits(text.translate(_BIDI_MARKS))

    def published(self, value: dt.datetime) -> str:
        """When an outlet published: the date, and the time when it is known ("8 Apr 2018,
        10:29 UTC")."""
        text = self.date(value.date(), "medium")
        if value.time() != dt.time() or value.tzinfo is not None:
            zone = "" if value.tzinfo is None else f" {value.tzname() or ''}".rstrip()
            text += f"{'،' if self.lang.direction == 'rtl' else ','} {value:%H:%M}{zone}"
        return self.digits(text)

    def number(self, value: float | int) -> str:
        system = "arab" if self.lang.digits == "arab" else "latn"
        try:
            text = format_decimal(value, locale=self.lang.locale, numbering_system=system)
        except Exception:  # a locale without that numbering system's symbols
            text = format_decimal(value, locale=self.lang.locale)
        return self.digits(text)

    def time(self, hhmm: str) -> str:
        return self.digits(hhmm)
