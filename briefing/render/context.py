"""Per-language rendering tools: the Jinja2 environment, its translations and formatters."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
from babel.support import Translations

from ..config import Config, LanguageConfig
from ..i18n import SECTION_TITLES, LocaleFormatter, load_translations
from .jinja import make_env


@dataclass(frozen=True)
class LanguageTools:
    lang: LanguageConfig
    env: jinja2.Environment
    formatter: LocaleFormatter
    translations: Translations

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def section_title(self, key: str) -> str:
        return self.gettext(SECTION_TITLES[key])


def language_tools(config: Config, templates_dir: Path, locale_dir: Path,
                   strict: bool = False, bytecode_dir: Path | None = None
                   ) -> dict[str, LanguageTools]:
    tools = {}
    for lang in config.languages:
        translations = load_translations(locale_dir, lang, strict=strict)
        formatter = LocaleFormatter(lang)
        tools[lang.code] = LanguageTools(lang, make_env(templates_dir, translations, formatter,
                                                          bytecode_dir),
                                         formatter, translations)
    return tools
