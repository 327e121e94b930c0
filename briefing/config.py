"""The typed project configuration (``briefing.yaml``), validated up front with every error at once.

Every key is optional; the defaults build the bundled Arabic/English briefing. Unknown keys,
wrong types and values outside the allowed set are errors that name the key and its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import BuildErrors, ConfigError
from .yamlutil import KeyPath, line_of, load_with_lines, syntax_error_line, syntax_error_text

CONFIG_NAME = "briefing.yaml"
DIGITS = ("latn", "arab")
DIRECTIONS = ("ltr", "rtl")


@dataclass(frozen=True)
class LanguageConfig:
    """One edition language: ``code`` is the URL and file suffix, ``locale`` drives Babel."""

    code: str
    locale: str
    direction: str
    digits: str
    title: str
    publisher: str


@dataclass(frozen=True)
class TranslationBackend:
    """A machine translation service with a LibreTranslate-style HTTP API (``briefing
    translate``); never used by builds."""

    url: str
    api_key: str | None = None
    timeout: float = 30.0


@dataclass(frozen=True)
class EmailSettings:
    """The SMTP server ``briefing email`` sends through. The password is never in the file:
    ``password_env`` names the environment variable holding it."""

    sender: str
    host: str
    port: int = 587
    starttls: bool = True
    user: str | None = None
    password_env: str | None = None


@dataclass(frozen=True)
class Config:
    """Everything a build needs to know besides the content itself."""

    root: Path
    languages: tuple[LanguageConfig, ...]
    default_language: str
    base_url: str
    #: "As of" cut-off printed on the masthead (local time of the desk, HH:MM).
    cutoff_time: str
    pdf_enabled: bool = True
    source_path: Path | None = None
    warnings: tuple[str, ...] = field(default=())
    translation: TranslationBackend | None = None
    #: False when ``base_url`` is the placeholder: pages then carry no canonical or
    #: hreflang links (search engines want them absolute, and a wrong host is worse than none).
    base_url_set: bool = False
    #: How ``briefing email`` sends (None: not configured).
    email: EmailSettings | None = None

    def language(self, code: str) -> LanguageConfig:
        for lang in self.languages:
            if lang.code == code:
                return lang
        raise KeyError(code)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)


_DEFAULT_LANGUAGES: dict[str, dict[str, str]] = {
    "ar": {
        "locale": "ar",
        "digits": "arab",
        "title": "الموجز اليومي: سورية",
        "publisher": "مكتب الموجز",
    },
    "en": {
        "locale": "en_GB",
        "digits": "latn",
        "title": "Daily Briefing: Syria",
        "publisher": "Briefing desk",
    },
}

#: The languages of a project without ``briefing.yaml``.
DEFAULT_LANGUAGE_CODES: tuple[str, ...] = tuple(_DEFAULT_LANGUAGES)

#: The ``base_url`` of a project that does not set one (feeds and the sitemap need one).
PLACEHOLDER_URL = "https://briefing.example.org/"

_TOP_KEYS = {
    "languages": "map each language code to its settings",
    "default_language": "use one of the configured language codes",
    "base_url": "write the full address, e.g. https://example.org/briefing/",
    "cutoff_time": "write it as HH:MM",
    "pdf": "write true or false",
    "translation": "write translation: then indented url: (a LibreTranslate-style /translate "
                   "address), and optionally api_key: and timeout: (seconds)",
    "email": "write email: then indented from:, host:, and optionally port:, starttls:, "
             "user:, password_env:",
}
_EMAIL_KEYS = {
    "from": "write who the email is from, e.g. Briefing desk <desk@example.org>",
    "host": "write the SMTP server's host name, e.g. smtp.example.org",
    "port": "write the SMTP port, e.g. 587",
    "starttls": "write true or false",
    "user": "write the SMTP user name",
    "password_env": "write the NAME of an environment variable holding the password, "
                    "e.g. BRIEFING_SMTP_PASSWORD",
}
_LANGUAGE_KEYS = {
    "locale": "use a locale such as ar, ar_SY, en_GB",
    "digits": "use arab (٠١٢٣) or latn (0123)",
    "direction": "use rtl or ltr; by default it comes from the locale",
    "title": "write the briefing's title in this language",
    "publisher": "write who publishes the briefing, in this language",
}


def load_config(root: Path) -> Config:
    """Read ``root/briefing.yaml`` if present and validate it; raise BuildErrors on problems."""
    path = root / CONFIG_NAME
    data: Any = {}
    lines: dict[KeyPath, int] = {}
    if path.exists():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise BuildErrors(
                [ConfigError("file is not UTF-8", path, None, "save it as UTF-8")]
            ) from exc
        try:
            data, lines = load_with_lines(text, path)
        except yaml.YAMLError as exc:
            raise BuildErrors(
                [
                    ConfigError(
                        f"invalid YAML: {syntax_error_text(exc)}",
                        path,
                        syntax_error_line(exc),
                        "check indentation and quoting",
                    )
                ]
            ) from exc
        if data is None:
            data = {}
    return _validate(data, lines, root, path if path.exists() else None)


def _validate(data: Any, lines: dict[KeyPath, int], root: Path, path: Path | None) -> Config:
    errors: list[ConfigError] = []

    def error(key: KeyPath, message: str, hint: str) -> None:
        dotted = ".".join(str(k) for k in key)
        errors.append(ConfigError(f"{dotted}: {message}", path, line_of(lines, key), hint))

    if not isinstance(data, dict):
        errors.append(ConfigError("must be a mapping of settings", path, 1, _allowed(_TOP_KEYS)))
        raise BuildErrors(list(errors))

    for key in data:
        if key not in _TOP_KEYS:
            error((key,), "unknown key", _allowed(_TOP_KEYS))

    languages = _validate_languages(data.get("languages"), error)
    codes = [lang.code for lang in languages]

    default_language = data.get("default_language", codes[0] if codes else "ar")
    if not isinstance(default_language, str) or default_language not in codes:
        error(
            ("default_language",),
            f"{default_language!r} is not a configured language",
            f"use one of: {', '.join(codes)}",
        )

    base_url = data.get("base_url", PLACEHOLDER_URL)
    warnings: list[str] = []
    if "base_url" not in data:
        warnings.append(
            f"{CONFIG_NAME}: base_url is not set: pages carry no canonical or hreflang links, "
            f"and feeds, the sitemap and robots.txt use the placeholder {PLACEHOLDER_URL} "
            "(set base_url: to the address the site is published at)")
    if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
        error(("base_url",), f"{base_url!r} is not an absolute http(s) URL", _TOP_KEYS["base_url"])
    elif not base_url.endswith("/"):
        base_url += "/"

    cutoff = data.get("cutoff_time", "06:00")
    if not (isinstance(cutoff, str) and _is_hhmm(cutoff)):
        error(("cutoff_time",), f"{cutoff!r} is not a time", "write it as HH:MM, e.g. \"06:00\"")

    pdf = data.get("pdf", True)
    if not isinstance(pdf, bool):
        error(("pdf",), f"{pdf!r} is not true or false", "write pdf: true or pdf: false")

    translation = _validate_translation(data.get("translation"), error)
    email = _validate_email(data.get("email"), error)

    if errors:
        raise BuildErrors(sorted(errors, key=lambda e: e.line or 0))
    return Config(
        root=root,
        languages=tuple(languages),
        default_language=default_language,
        base_url=base_url,
        cutoff_time=cutoff,
        pdf_enabled=pdf,
        source_path=path,
        translation=translation,
        base_url_set="base_url" in data,
        email=email,
        warnings=tuple(warnings),
    )


def _validate_email(raw: Any, error: Any) -> EmailSettings | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        error(("email",), "must be a mapping", _TOP_KEYS["email"])
        return None
    ok = True
    for name in raw:
        if name == "password":
            error(("email", name), "a password is never read from briefing.yaml",
                  "delete it, write password_env: NAME and export NAME=... in the shell that "
                  "runs briefing email")
            ok = False
        elif name not in _EMAIL_KEYS:
            error(("email", name), "unknown key", _allowed(_EMAIL_KEYS))
            ok = False
    texts: dict[str, str | None] = {}
    for name in ("from", "host", "user", "password_env"):
        value = raw.get(name)
        if value is None and name in ("user", "password_env"):
            texts[name] = None
        elif not isinstance(value, str) or not value.strip():
            error(("email", name), "must be non-empty text" if value is not None else "missing",
                  _EMAIL_KEYS[name])
            ok = False
        else:
            texts[name] = value.strip()
    sender = texts.get("from")
    if sender and "@" not in sender:
        error(("email", "from"), f"{sender!r} is not an email address", _EMAIL_KEYS["from"])
        ok = False
    env = texts.get("password_env")
    if env and not env.replace("_", "").isalnum():
        error(("email", "password_env"), f"{env!r} is not an environment variable name",
              _EMAIL_KEYS["password_env"])
        ok = False
    if env and not texts.get("user"):
        error(("email", "password_env"), "a password needs a user",
              "add user: with the SMTP user name")
        ok = False
    port = raw.get("port", 587)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        error(("email", "port"), f"{port!r} is not a port number", _EMAIL_KEYS["port"])
        ok = False
    starttls = raw.get("starttls", True)
    if not isinstance(starttls, bool):
        error(("email", "starttls"), f"{starttls!r} is not true or false",
              _EMAIL_KEYS["starttls"])
        ok = False
    if not ok:
        return None
    return EmailSettings(sender=str(sender), host=str(texts["host"]), port=port,
                         starttls=starttls, user=texts["user"], password_env=env)


def _validate_translation(raw: Any, error: Any) -> TranslationBackend | None:
    if raw is None:
        return None
    hint = _TOP_KEYS["translation"]
    if not isinstance(raw, dict):
        error(("translation",), "must be a mapping", hint)
        return None
    for name in raw:
        if name not in ("url", "api_key", "timeout"):
            error(("translation", name), "unknown key", "allowed keys: url, api_key, timeout")
    url = raw.get("url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        error(("translation", "url"), f"{url!r} is not an http(s) URL",
              "e.g. url: http://127.0.0.1:5000/translate")
        return None
    api_key = raw.get("api_key")
    if api_key is not None and not isinstance(api_key, str):
        error(("translation", "api_key"), "must be text", "write api_key: followed by the key")
        api_key = None
    timeout = raw.get("timeout", 30)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        error(("translation", "timeout"), f"{timeout!r} is not a number of seconds",
              "e.g. timeout: 30")
        timeout = 30
    return TranslationBackend(url=url, api_key=api_key, timeout=float(timeout))


def _validate_languages(raw: Any, error: Any) -> list[LanguageConfig]:
    from babel import Locale, UnknownLocaleError

    if raw is None:
        raw = _DEFAULT_LANGUAGES
    if not isinstance(raw, dict) or not raw:
        error(("languages",), "must be a non-empty mapping", "e.g. languages: {ar: {locale: ar}}")
        return []
    result: list[LanguageConfig] = []
    for code, settings in raw.items():
        key: KeyPath = ("languages", code)
        if not isinstance(code, str) or not code.isalpha() or not code.islower():
            error(key, f"{code!r} is not a language code", "use a lower-case code such as ar, en")
            continue
        if settings is None:
            settings = {}
        if not isinstance(settings, dict):
            error(key, "must be a mapping", _allowed(_LANGUAGE_KEYS))
            continue
        for name in settings:
            if name not in _LANGUAGE_KEYS:
                error((*key, name), "unknown key", _allowed(_LANGUAGE_KEYS))
        defaults = _DEFAULT_LANGUAGES.get(code, {})
        locale_name = settings.get("locale", defaults.get("locale", code))
        try:
            locale = Locale.parse(str(locale_name))
        except (UnknownLocaleError, ValueError, TypeError):
            error((*key, "locale"), f"{locale_name!r} is not a locale Babel knows",
                  _LANGUAGE_KEYS["locale"])
            continue
        digits = settings.get("digits", defaults.get("digits", "latn"))
        if digits not in DIGITS:
            error((*key, "digits"), f"{digits!r} is not allowed", _LANGUAGE_KEYS["digits"])
        direction = settings.get("direction", locale.text_direction)
        if direction not in DIRECTIONS:
            error((*key, "direction"), f"{direction!r} is not allowed", _LANGUAGE_KEYS["direction"])
        texts = {}
        for name in ("title", "publisher"):
            value = settings.get(name, defaults.get(name, "Briefing"))
            if not isinstance(value, str) or not value.strip():
                error((*key, name), "must be non-empty text", _LANGUAGE_KEYS[name])
            texts[name] = str(value)
        result.append(
            LanguageConfig(
                code=code,
                locale=str(locale),
                direction=str(direction),
                digits=str(digits),
                title=texts["title"],
                publisher=texts["publisher"],
            )
        )
    return result


def _is_hhmm(value: str) -> bool:
    parts = value.split(":")
    return (
        len(parts) == 2
        and all(p.isdigit() and len(p) == 2 for p in parts)
        and int(parts[0]) < 24
        and int(parts[1]) < 60
    )


def _allowed(keys: dict[str, str]) -> str:
    return "allowed keys: " + ", ".join(keys)
