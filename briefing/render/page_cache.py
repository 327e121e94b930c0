"""Rendered pages kept between builds, keyed on everything a page's template can see.

A page is the output of one template over its context. The key is the digest of the
template set (every file under ``templates/``), the compiled UI catalogs, the configuration,
the code version and the pickled key context of the page (its edition by the digest of the
edition's inputs, a section's day by the digest of its paragraphs, its pagination, its
links: see render/html.py). Pickling is what makes this safe: whatever a template reads
from its context is in the key or decided by what is, and a change anywhere in it (a
paragraph, a classification, a neighbour's date) gives another key. Formatters are not
pickled: they follow from the configuration and the code, both in the fingerprint.
"""

from __future__ import annotations

import io
import pickle
from dataclasses import dataclass
from pathlib import Path

from .. import cache
from ..cache import BuildCache, digest
from ..config import Config

KIND = "pages"
#: Other outputs kept the same way (feed entries): not counted as pages.
PARTS = "parts"


@dataclass
class PageCache:
    """Looks rendered pages up and stores them, counting both in the store's stats."""

    store: BuildCache
    fingerprint: str
    """Digest of the templates, catalogs, configuration and code (see :func:`fingerprint`)."""

    def key(self, template: str, context: dict[str, object]) -> str | None:
        """The page's key, or None when its context cannot be pickled (then the page is
        always rendered)."""
        try:
            data = self._pickle(context)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return None
        return digest(KIND, self.fingerprint, template, data)

    @staticmethod
    def _pickle(value: object) -> bytes:
        """Pickled ``value``, the same bytes for equal values: memoisation is off, because
        it writes a second reference to one object differently from an equal copy (an
        article read afresh and one from the cache would give different keys)."""
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.fast = True  # no memo (deprecated in name only; values have no cycles)
        pickler.dump(value)
        return buffer.getvalue()

    def get(self, key: str | None, page: bool = True) -> bytes | None:
        """What :meth:`put` kept under ``key`` (counted as a page unless not ``page``)."""
        if key is None:
            return None
        found = self.store.load(KIND if page else PARTS, key)
        if isinstance(found, bytes):
            if page:
                self.store.stats.pages_cached += 1
            return found
        return None

    def put(self, key: str | None, html: bytes, page: bool = True) -> None:
        """Keep ``html`` under ``key``; counted as a rendered page unless not ``page`` (a
        feed)."""
        if page:
            self.store.stats.pages_rendered += 1
        if key is not None:
            self.store.store(KIND if page else PARTS, key, html)


def fingerprint(templates_dir: Path, locale_dir: Path, config: Config, strict: bool) -> str:
    """Digest of what every page depends on besides its own context.

    ``strict`` is in it because a strict build must see every page's gettext calls: a page
    rendered by a lenient build is not reused by a strict one.
    """
    parts: list[str | bytes] = ["fingerprint", cache.code_digest(), "strict" if strict else "",
                                pickle.dumps(config, protocol=pickle.HIGHEST_PROTOCOL)]
    for folder in (templates_dir, locale_dir):
        if not folder.is_dir():
            parts.append(f"{folder.name}: none")
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                parts += [f"{folder.name}/{path.relative_to(folder).as_posix()}",
                          path.read_bytes()]
    return digest(*parts)
