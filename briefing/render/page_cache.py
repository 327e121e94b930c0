"""Rendered pages kept between builds, keyed on everything a page's template can see.

A page is the output of one template over its context. The key is the digest of the
template set (every file under ``templates/``), the compiled UI catalogs, the configuration,
the code version and the pickled context of the page (the page's view objects: its edition,
its pagination, its links). Pickling is what makes this safe: whatever a template reads from
its context is in the key, and a change anywhere in it (a paragraph, a classification, a
neighbour's date) gives another key. Formatters are not pickled: they follow from the
configuration and the code, both in the fingerprint.
"""

from __future__ import annotations

import io
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from .. import cache
from ..assemble import Edition
from ..cache import BuildCache, digest
from ..config import Config
from .views import SectionDay

KIND = "pages"


@dataclass
class PageCache:
    """Looks rendered pages up and stores them, counting both in the store's stats."""

    store: BuildCache
    fingerprint: str
    """Digest of the templates, catalogs, configuration and code (see :func:`fingerprint`)."""
    #: id() of an edition of this build -> (the edition, its digest): many pages show the
    #: same edition (its own page, an archive page, section pages); it is hashed once.
    _editions: dict[int, tuple[Edition, str]] = field(default_factory=dict)

    def key(self, template: str, context: dict[str, object]) -> str | None:
        """The page's key, or None when its context cannot be pickled (then the page is
        always rendered)."""
        try:
            data = self._pickle(context, editions_by_digest=True)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return None
        return digest(KIND, self.fingerprint, template, data)

    def _pickle(self, value: object, editions_by_digest: bool) -> bytes:
        """Pickled ``value``, the same bytes for equal values: memoisation is off, because
        it writes a second reference to one object differently from an equal copy (an
        article read afresh and one from the cache would give different keys)."""
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.fast = True  # no memo (deprecated in name only; values have no cycles)
        if editions_by_digest:
            pickler.persistent_id = self._edition_id  # type: ignore[method-assign]
        pickler.dump(value)
        return buffer.getvalue()

    def _edition_id(self, obj: object) -> str | None:
        """Editions (and a section's day of one) pickle as their digest."""
        if isinstance(obj, SectionDay):
            edition = self._edition_id(obj.edition)
            return f"{edition} {obj.section}" if edition else None
        if not isinstance(obj, Edition):
            return None
        if obj.source_digest is not None:
            return f"edition {obj.source_digest}"
        found = self._editions.get(id(obj))
        if found is None or found[0] is not obj:
            found = (obj, digest("edition", self._pickle(obj, editions_by_digest=False)))
            self._editions[id(obj)] = found
        return f"edition {found[1]}"

    def get(self, key: str | None) -> bytes | None:
        if key is None:
            return None
        found = self.store.load(KIND, key)
        if isinstance(found, bytes):
            self.store.stats.pages_cached += 1
            return found
        return None

    def put(self, key: str | None, html: bytes) -> None:
        self.store.stats.pages_rendered += 1
        if key is not None:
            self.store.store(KIND, key, html)


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
