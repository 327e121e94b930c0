"""What the content folder already holds, by address and by text: the importer's memory.

An article is the same as one already imported when its address (``source.url``, compared
without scheme, ``www.``, fragment, tracking parameters or a trailing slash) or its text (the
letters and digits of its paragraphs, diacritics and punctuation aside) matches.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import yaml

from .confine import escapes
from .reader import parse_body
from .yamlutil import load_with_lines

_TRACKING = re.compile(r"^(?:utm_|fbclid$|gclid$|ref$|cmp$)")


def url_key(url: str) -> str:
    """An address reduced to what names the article."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)])
    path = parts.path.rstrip("/")
    return f"{host}{path}" + (f"?{query}" if query else "")


def text_key(paragraphs: Iterable[str]) -> str:
    """A digest of the words of the paragraphs (letters and digits only)."""
    words: list[str] = []
    for text in paragraphs:
        folded = "".join(ch for ch in unicodedata.normalize("NFKD", text)
                         if not unicodedata.combining(ch) and ch != "\u0640")
        words.extend(re.findall(r"\w+", folded.lower()))
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


@dataclass
class ContentIndex:
    """Addresses and texts of the articles under a content folder (and of those imported
    since it was read, so one call cannot import the same article twice)."""

    urls: dict[str, Path] = field(default_factory=dict)
    texts: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def scan(cls, content_dir: Path, lang: str) -> ContentIndex:
        """The ``lang`` files under ``content_dir`` (a translation shares its original's
        address, so languages are indexed apart)."""
        index = cls()
        if not content_dir.is_dir():
            return index
        for path in sorted(content_dir.glob(f"*/*.{lang}.md")):
            if path.name.startswith(".") or escapes(path, content_dir) is not None:
                continue  # a link out of the content folder is never read (check reports it)
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue  # `check` reports unreadable files; here they hold nothing to match
            url, paragraphs = _url_and_paragraphs(text)
            index.add(path, url, paragraphs)
        return index

    def add(self, path: Path, url: str | None, paragraphs: Iterable[str]) -> None:
        if url:
            self.urls.setdefault(url_key(url), path)
        paragraphs = list(paragraphs)
        if paragraphs:
            self.texts.setdefault(text_key(paragraphs), path)

    def by_url(self, url: str | None) -> Path | None:
        return self.urls.get(url_key(url)) if url else None

    def by_text(self, paragraphs: Iterable[str]) -> Path | None:
        return self.texts.get(text_key(paragraphs))

    def forget(self, path: Path) -> None:
        """Drop a file about to be replaced (``--force``): it is not a duplicate of itself."""
        self.urls = {k: v for k, v in self.urls.items() if v != path}
        self.texts = {k: v for k, v in self.texts.items() if v != path}


def _url_and_paragraphs(text: str) -> tuple[str | None, list[str]]:
    lines = text.replace("\r\n", "\n").split("\n")
    url = None
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is not None:
            start = end + 1
            try:
                meta, _ = load_with_lines("\n".join(lines[1:end]), "front matter")
            except yaml.YAMLError:
                meta = None
            source = meta.get("source") if isinstance(meta, dict) else None
            if isinstance(source, dict) and isinstance(source.get("url"), str):
                url = source["url"]
    blocks = parse_body(lines[start:], first_line=start + 1)
    return url, [b.text for b in blocks if b.kind == "paragraph"]
