"""UI strings, plural forms, dates and digits per locale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefing.config import LanguageConfig, load_config
from briefing.errors import BuildErrors
from briefing.i18n import LocaleFormatter, load_translations

from .conftest import PROJECT

DATE = dt.date(2024, 11, 5)


def lang(code: str, locale: str, digits: str) -> LanguageConfig:
    return LanguageConfig(code=code, locale=locale, direction="rtl" if code == "ar" else "ltr",
                          digits=digits, title="t", publisher="p")


@pytest.mark.parametrize(("n", "expected"), [
    (0, "لا فقرات"), (1, "فقرة واحدة"), (2, "فقرتان"), (3, "٣ فقرات"), (10, "١٠ فقرات"),
    (11, "١١ فقرة"), (99, "٩٩ فقرة"), (100, "١٠٠ فقرة"), (103, "١٠٣ فقرات"),
])
def test_arabic_six_plural_forms(n: int, expected: str) -> None:
    ar = lang("ar", "ar", "arab")
    translations = load_translations(PROJECT / "locale", ar, strict=True)
    text = translations.ungettext("%(num)s paragraph", "%(num)s paragraphs", n)
    assert text % {"num": LocaleFormatter(ar).number(n)} == expected


@pytest.mark.parametrize(("n", "expected"), [(1, "1 paragraph"), (2, "2 paragraphs"),
                                             (0, "0 paragraphs")])
def test_english_plural_forms(n: int, expected: str) -> None:
    en = lang("en", "en_GB", "latn")
    translations = load_translations(PROJECT / "locale", en, strict=True)
    text = translations.ungettext("%(num)s paragraph", "%(num)s paragraphs", n)
    assert text % {"num": n} == expected


def test_dates_per_locale_and_digits() -> None:
    assert LocaleFormatter(lang("ar", "ar", "arab")).date(DATE, "long") == "٥ نوفمبر ٢٠٢٤"
    assert LocaleFormatter(lang("ar", "ar_SY", "arab")).date(DATE, "long") == "٥ تشرين الثاني ٢٠٢٤"
    assert LocaleFormatter(lang("ar", "ar", "latn")).date(DATE, "long") == "5 نوفمبر 2024"
    assert LocaleFormatter(lang("en", "en_GB", "latn")).date(DATE, "full") == \
        "Tuesday, 5 November 2024"


def test_short_arabic_dates_carry_no_direction_marks() -> None:
    short = LocaleFormatter(lang("ar", "ar", "arab")).date(DATE, "short")
    assert short == "٥/١١/٢٠٢٤"
    assert "\u200f" not in short


def test_arabic_numbers_use_arabic_separators() -> None:
    assert LocaleFormatter(lang("ar", "ar", "arab")).number(1234567.5) == "١٬٢٣٤٬٥٦٧٫٥"
    assert LocaleFormatter(lang("en", "en_GB", "latn")).number(1234567.5) == "1,234,567.5"


def test_config_month_names_follow_the_locale(tmp_path: Path) -> None:
    (tmp_path / "briefing.yaml").write_text(
        "languages:\n  ar: {locale: ar_SY}\n  en: {locale: en_US, digits: latn}\n",
        encoding="utf-8")
    config = load_config(tmp_path)
    ar = config.language("ar")
    assert (ar.direction, ar.digits) == ("rtl", "arab")
    assert "تشرين الثاني" in LocaleFormatter(ar).date(DATE, "long")
    assert LocaleFormatter(config.language("en")).date(DATE, "long") == "November 5, 2024"


def test_strict_mode_fails_on_fuzzy_and_missing(tmp_path: Path) -> None:
    source = (PROJECT / "locale" / "ar" / "LC_MESSAGES" / "messages.po").read_text("utf-8")
    broken = source.replace('msgstr "الأرشيف"', 'msgstr ""', 1)
    broken = broken.replace('msgid "Sources"', '#, fuzzy\nmsgid "Sources"', 1)
    target = tmp_path / "ar" / "LC_MESSAGES" / "messages.po"
    target.parent.mkdir(parents=True)
    target.write_text(broken, encoding="utf-8")
    ar = lang("ar", "ar", "arab")
    with pytest.raises(BuildErrors) as caught:
        load_translations(tmp_path, ar, strict=True)
    messages = [str(e) for e in caught.value.errors]
    assert any("untranslated UI string 'Archive'" in m for m in messages)
    assert any("fuzzy UI string 'Sources'" in m for m in messages)
    assert all(str(target) in m for m in messages)
    # Without strict mode the build goes on, the fuzzy string falling back to English.
    assert load_translations(tmp_path, ar).gettext("Sources") == "Sources"


def test_every_catalog_is_complete() -> None:
    config = load_config(PROJECT)
    for language in config.languages:
        load_translations(PROJECT / "locale", language, strict=True)
