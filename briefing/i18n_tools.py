"""``briefing i18n``: the pybabel extract / update / init / check cycle for UI catalogs.

Wraps Babel's own command line so editors need one command and no flags to remember:
strings come from the templates (``_()``, ``ngettext()``) and from Python (``N_()``), the
template goes to ``locale/messages.pot``, catalogs live in ``locale/<lang>/LC_MESSAGES/``.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.frontend import CommandLineInterface

from .config import load_config
from .errors import ConfigError
from .i18n import DOMAIN, catalog_path, load_translations

POT = Path("locale") / f"{DOMAIN}.pot"


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "--quiet", *args])


def run_i18n(root: Path, action: str, lang: str | None) -> int:
    locale_dir = root / "locale"
    pot = root / POT
    if action == "extract":
        _pybabel("extract", "-F", str(root / "babel.cfg"), "-k", "N_", "--no-location",
                 "--sort-output", "--project=briefing", "-o", str(pot), str(root))
        print(f"wrote {pot}")
    elif action == "update":
        _pybabel("update", "-i", str(pot), "-d", str(locale_dir), "-D", DOMAIN,
                 "--no-fuzzy-matching", "--ignore-obsolete")
        print(f"updated catalogs in {locale_dir}; translate new entries, then: briefing i18n check")
    elif action == "init":
        if not lang:
            raise ConfigError("i18n init needs --lang", None, None,
                              "e.g. briefing i18n init --lang fr")
        _pybabel("init", "-i", str(pot), "-d", str(locale_dir), "-D", DOMAIN, "-l", lang)
        print(f"created {catalog_path(locale_dir, lang)}")
    else:
        config = load_config(root)
        for language in config.languages:
            load_translations(locale_dir, language, strict=True)
        print(f"ok: every UI string is translated in {', '.join(config.codes)}")
    return 0
