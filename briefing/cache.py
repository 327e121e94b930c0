"""The build cache: content-addressed results of the expensive leaves, never stale.

Three kinds of entries live under ``--cache DIR`` (default ``.cache/briefing``):

- ``files/``: a parsed content file (:class:`ContentFile`), keyed on the file's bytes, its
  path, folder date, slug and language, and the code version.
- ``decisions/``: an article's classification (one :class:`Decision` per paragraph), keyed
  on the keys of its language versions (so on their bytes) and the code version, which
  covers the classifier's code and its shipped weights. :meth:`BuildCache.per_article`
  keeps any other per-article result the same way (e.g. the extract stage's facts).
- ``pdf/``, ``search/`` and ``jinja/``: rendered PDFs, the search index and compiled
  templates (see ``render/pdf_jobs.py``, ``search.py`` and ``render/jinja.py``), keyed on
  their inputs in the same way.

The code version (:func:`code_digest`) is the hash of every file of the package (code and
data such as classifier weights), the Python version and the versions of the libraries
that shape a result. Parsing and classification do not read the configuration, so a config
change keeps these entries; a PDF, which does depend on it, is keyed on its rendered
document. The site model is not cached: a day's editions are assembled from these leaves
when a page showing them must be rendered, and ``days/`` keeps each day's summary
(days.py, stream.py). A key changes whenever anything that decides the value changes, so an entry
is never invalidated, only left unused; a damaged entry is treated as absent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .hashing import code_digest, digest
from .model import Article, Block, ClassifiedArticle, ContentFile, Decision, Source
from .store import ENTRY_SUFFIX, EntryStore, prune
from .workers import POOL_MIN_ARTICLES, default_workers, map_articles

if TYPE_CHECKING:
    from .day import DayChoices, DayPlan
    from .extract import Gazetteer

#: Bumped when the layout or the meaning of entries changes.
CACHE_FORMAT = "2"
#: The kinds of entries a build keeps (pruned after each complete build).
ENTRY_KINDS = ("files", "decisions", "facts", "plan", "pages", "parts", "days", "pdf-days")

__all__ = ["POOL_MIN_ARTICLES", "BuildCache", "CacheStats", "code_digest", "default_workers",
           "digest", "map_articles", "pack", "unpack"]
@dataclass
class CacheStats:
    """What one build took from the cache and what it had to compute."""

    files_cached: int = 0
    files_parsed: int = 0
    articles_cached: int = 0
    articles_classified: int = 0
    facts_cached: int = 0
    facts_extracted: int = 0
    pages_cached: int = 0
    pages_rendered: int = 0

    def count(self, kind: str, cached: bool) -> None:
        """One per-article result of ``kind`` ("decisions" or "facts") found or computed."""
        if kind == "facts":
            if cached:
                self.facts_cached += 1
            else:
                self.facts_extracted += 1
        elif cached:
            self.articles_cached += 1
        else:
            self.articles_classified += 1


@dataclass
class BuildCache:
    """The cache of parsed files and classifications; ``root=None`` disables it, and a
    ``read_only`` cache uses what is there without adding to it (``briefing check``)."""

    root: Path | None
    stats: CacheStats = field(default_factory=CacheStats)
    read_only: bool = False
    #: Content file path -> its entry key, for the classification keys of this build.
    _file_keys: dict[Path, str] = field(default_factory=dict)

    # -- storage ----------------------------------------------------------------------------

    def __post_init__(self) -> None:
        self._entries = EntryStore(self.root) if self.root is not None else None
        #: Kind -> the keys this build read or wrote (what pruning keeps).
        self.used: dict[str, set[str]] = {}
        #: Day plans computed ahead by :meth:`plan_days`, by key, until plan_day takes them.
        self._planned: dict[str, object] = {}

    def load(self, kind: str, key: str) -> object | None:
        if self._entries is None:
            return None
        self.used.setdefault(kind, set()).add(key)
        return self._entries.load(kind, key)

    def store(self, kind: str, key: str, value: object) -> None:
        if self._entries is None or self.read_only:
            return
        self.used.setdefault(kind, set()).add(key)
        self._entries.store(kind, key, value)

    def keep(self, entries: Iterable[tuple[str, str]]) -> None:
        """Count ``(kind, key)`` entries as used by this build without reading them (a day
        taken from its summary still reaches its articles' entries: pruning keeps them)."""
        for kind, key in entries:
            self.used.setdefault(kind, set()).add(key)

    def day_entries(self, date: dt.date, items: Sequence[ClassifiedArticle],
                    facts_salt: str) -> tuple[tuple[str, str], ...]:
        """The entries a day's articles were made from (files, facts, classifications, the
        day's plan), for :meth:`keep`."""
        out: list[tuple[str, str]] = []
        for item in items:
            for version in item.article.versions.values():
                if (key := self._file_keys.get(version.path)) is not None:
                    out.append(("files", key))
            if (key := self._article_key("facts", item.article, facts_salt)) is not None:
                out.append(("facts", key))
            if item.source_digest is not None:
                out.append(("decisions", item.source_digest))
        if (key := _plan_key(date, items)) is not None:
            out.append(("plan", key))
        return tuple(out)

    def prune(self, kinds: Iterable[str] = ENTRY_KINDS, grace: float | None = None) -> int:
        """Delete the entries of ``kinds`` this build did not use and no build used for
        ``grace`` seconds (call after a complete build: they are no longer reachable from
        the project as it is)."""
        if self.root is None or self.read_only:
            return 0
        return sum(prune(self.root / kind,
                         {f"{key[:2]}/{key[2:]}" for key in self.used.get(kind, ())},
                         ENTRY_SUFFIX, grace)
                   for kind in kinds)

    # -- parsed content files ---------------------------------------------------------------

    def read_file(self, path: Path, folder_date: dt.date, slug: str, lang: str) -> ContentFile:
        """:func:`briefing.reader.read_file`, from the cache when the file is unchanged."""
        from .reader import read_file

        if self.root is None:
            return read_file(path, folder_date, slug, lang)
        data = path.read_bytes()
        key = digest("file", CACHE_FORMAT, code_digest(), str(path), folder_date.isoformat(),
                     slug, lang, data)
        self._file_keys[path] = key
        found = unpack(self.load("files", key))
        if isinstance(found, ContentFile):
            self.stats.files_cached += 1
            return found
        parsed = read_file(path, folder_date, slug, lang)  # raises on bad content: not stored
        self.stats.files_parsed += 1
        self.store("files", key, pack(parsed))
        return parsed

    # -- per-article results (classification, and any later stage of the same kind) ---------

    def classify(self, articles: Iterable[Article], workers: int | None = None,
                 facts: Sequence[object] | None = None, salt: str = "",
                 model: tuple[str, str] | None = None) -> list[ClassifiedArticle]:
        """Classify every article, taking unchanged ones from the cache; the others are
        classified in a process pool when there are many of them. ``facts`` (the extract
        stage's, one per article, made with the inputs ``salt`` stands for) feed the
        classifier; without them it extracts them itself with the packaged gazetteer.
        ``model`` is the path and digest of an adapted classifier (classify/adapt.py)."""
        items = list(articles)
        if facts is None and model is None:
            decisions = self.per_article("decisions", items, _packed_decisions, workers)
        else:
            given = facts if facts is not None else [None] * len(items)
            decisions = self.per_article(
                "decisions", items, _packed_decisions_with, workers,
                salt=digest(salt, *(model or ())),
                inputs=[(a, f, model) for a, f in zip(items, given, strict=True)])
        found_facts = facts if facts is not None else [None] * len(items)
        return [ClassifiedArticle(article=article, decisions=unpack(found),  # type: ignore[arg-type]
                                  facts=article_facts,  # type: ignore[arg-type]
                                  # Files, code, gazetteer and adapted model: everything
                                  # the decisions and the facts come from.
                                  source_digest=self._article_key(
                                      "decisions", article, digest(salt, *(model or ())))
                                  if article_facts is not None else None)
                for article, found, article_facts in zip(items, decisions, found_facts,
                                                         strict=True)]

    def facts(self, articles: Sequence[Article], gazetteer_file: Path | None,
              workers: int | None = None) -> tuple[list[object], str]:
        """Quotations, figures and actors of each article's original, from the cache when
        neither the article, the code nor the project's gazetteer changed; and the digest
        of the gazetteer (the salt of every entry that depends on them)."""
        extra = b""
        if gazetteer_file is not None and gazetteer_file.is_file():
            extra = gazetteer_file.read_bytes()
        salt = digest(extra)
        return self.per_article("facts", list(articles),
                                partial(_extract_facts, gazetteer_file, salt), workers,
                                salt=salt), salt

    def extract(self, items: list[ClassifiedArticle], gazetteer_file: Path | None,
                workers: int | None = None) -> list[ClassifiedArticle]:
        """:meth:`facts` of classified articles, set on them."""
        facts, salt = self.facts([item.article for item in items], gazetteer_file, workers)
        return [replace(item, facts=found,  # type: ignore[arg-type]
                        source_digest=self._article_key("facts", item.article, salt))
                for item, found in zip(items, facts, strict=True)]

    def plan_day(self, date: dt.date, items: list[ClassifiedArticle],
                 choices: DayChoices | None) -> DayPlan:
        """:func:`briefing.day.plan_day`, the computed part from the cache when none of the
        day's articles (nor their data, nor the code) changed; the editor's choices are
        applied afresh."""
        from .day import DayPlan, plan_day
        from .day.editor import apply_choices

        key = _plan_key(date, items)
        plan = self._planned.pop(key, None) if key else None
        if plan is None and key:
            plan = self.load("plan", key)
        if not isinstance(plan, DayPlan):
            plan = plan_day(date, items)
            if key:
                self.store("plan", key, plan)
        return apply_choices(plan, choices) if choices is not None else plan

    def plan_days(self, days: Sequence[tuple[dt.date, list[ClassifiedArticle]]],
                  workers: int | None = None) -> int:
        """Plan, on every core, the days (each with its articles in the order
        :meth:`plan_day` will be given them) whose plan is not in the cache, so that
        :meth:`plan_day` finds them ready. Returns how many were planned here."""
        from .day import DayPlan

        todo: list[tuple[str, dt.date, list[ClassifiedArticle]]] = []
        for date, items in days:
            key = _plan_key(date, items)
            if key is None or key in self._planned:
                continue
            found = self.load("plan", key)
            if isinstance(found, DayPlan):
                self._planned[key] = found
            else:
                todo.append((key, date, items))
        workers = min(workers or default_workers(), len(todo) // POOL_MIN_DAYS)
        if workers <= 1:
            return 0  # few days: plan_day plans them one by one
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers) as pool:
            plans = list(pool.map(_plan, [(d, i) for _, d, i in todo],
                                  chunksize=max(1, len(todo) // (workers * 4))))
        for (key, _, _), plan in zip(todo, plans, strict=True):
            self._planned[key] = plan
            self.store("plan", key, plan)
        return len(todo)

    def per_article(self, kind: str, articles: list[Article],
                    compute: Callable[[Any], object], workers: int | None = None,
                    salt: str = "", inputs: Sequence[object] | None = None) -> list[object]:
        """``compute(article)`` for each article, from the cache when none of the article's
        files changed (nor the code, nor ``salt``: the digest of any other input). ``compute``
        must depend on nothing but the article, the code and what ``salt`` stands for, be
        picklable (a module-level function or a partial of one) and return a picklable
        value. With ``inputs`` (one per article), ``compute`` is given those instead of the
        articles."""
        out: list[object] = [None] * len(articles)
        todo: list[tuple[int, str | None]] = []
        for index, article in enumerate(articles):
            key = self._article_key(kind, article, salt)
            found = self.load(kind, key) if key else None
            if found is not None:
                self.stats.count(kind, cached=True)
                out[index] = found
            else:
                todo.append((index, key))
        given = inputs if inputs is not None else articles
        computed = map_articles(compute, [given[i] for i, _ in todo], workers)
        for (index, key), value in zip(todo, computed, strict=True):
            self.stats.count(kind, cached=False)
            if key:
                self.store(kind, key, value)
            out[index] = value
        return out

    def _article_key(self, kind: str, article: Article, salt: str = "") -> str | None:
        parts = [salt]
        for lang, version in article.versions.items():
            file_key = self._file_keys.get(version.path)
            if file_key is None:  # not read through this cache: do not trust a stored value
                return None
            parts += [lang, file_key]
        return digest(kind, CACHE_FORMAT, code_digest(), *parts)


#: Below this many days to plan per worker, a process pool costs more than it saves.
POOL_MIN_DAYS = 4


def _plan_key(date: dt.date, items: Sequence[ClassifiedArticle]) -> str | None:
    """The cache key of a day's plan, or None when an article's inputs are unknown."""
    digests = sorted(item.source_digest or "" for item in items)
    if not all(digests):
        return None
    return digest("plan", CACHE_FORMAT, code_digest(), date.isoformat(), *digests)


def _plan(day: tuple[dt.date, list[ClassifiedArticle]]) -> object:
    from .day import plan_day

    return plan_day(*day)


def _extract_facts(gazetteer_file: Path | None, gazetteer_digest: str,
                   article: Article) -> object:
    from .extract import extract_blocks

    original = article.original
    gazetteer = _gazetteer(gazetteer_file, gazetteer_digest)
    return extract_blocks(original.blocks, original.lang, gazetteer)


@lru_cache(maxsize=4)
def _gazetteer(path: Path | None, digest: str) -> Gazetteer:
    """The gazetteer, parsed once per process (per worker in a pool) and per version of the
    project's file (``digest``)."""
    from .extract import load_gazetteer

    return load_gazetteer(path)


def _packed_decisions(article: Article) -> object:
    from .classify import classify_article

    return pack(classify_article(article).decisions)


def _packed_decisions_with(item: tuple[Article, Any, tuple[str, str] | None]) -> object:
    """Decisions of an article given its facts (the extract stage's) and the adapted
    model's path and digest (None: the shipped one)."""
    from .classify import classify_article
    from .classify.adapt import cached_weights

    article, facts, model = item
    weights = cached_weights(*model) if model else None
    return pack(classify_article(article, facts, weights).decisions)


# -- compact entries -----------------------------------------------------------------------
# Unpickling frozen dataclasses costs three times more than rebuilding them from plain
# tuples, and a no-op build loads one entry per file and per article. The records are packed
# as tuples of their fields in order; if a record's fields are not the ones expected here
# (the model changed), the object is stored as it is, so packing can never drop a field.

_PACKED = "packed-3"
_SHAPES: dict[type, tuple[str, ...]] = {
    ContentFile: ("path", "slug", "lang", "date", "title", "source", "blocks", "overrides",
                  "override_lines", "draft", "published", "author"),
    Source: ("name", "url"),
    Block: ("kind", "text", "line", "untranslated", "machine", "fingerprint"),
    Decision: ("kind", "section", "score", "evidence", "overridden"),
}


def _packable() -> bool:
    return all(tuple(f.name for f in fields(cls)) == names  # type: ignore[arg-type]
               for cls, names in _SHAPES.items())


def pack(value: object) -> object:
    """A ContentFile or a tuple of Decisions as plain tuples (see above)."""
    if not _packable():
        return value
    if isinstance(value, ContentFile):
        return (_PACKED, "file", (
            str(value.path), value.slug, value.lang, value.date, value.title,
            (value.source.name, value.source.url),
            tuple((b.kind, b.text, b.line, b.untranslated, b.machine, b.fingerprint)
                  for b in value.blocks),
            value.overrides, value.override_lines, value.draft, value.published, value.author))
    if isinstance(value, tuple) and all(isinstance(d, Decision) for d in value):
        return (_PACKED, "decisions", tuple(
            (d.kind, d.section, d.score, d.evidence, d.overridden) for d in value))
    return value


def unpack(value: object) -> object:
    if not (isinstance(value, tuple) and len(value) == 3 and value[0] == _PACKED):
        return value
    _, what, data = value
    if what == "file":
        (path, slug, lang, date, title, source, blocks, overrides, lines, draft, published,
         author) = data
        return ContentFile(Path(path), slug, lang, date, title, Source(*source),
                           tuple(Block(*b) for b in blocks), overrides, lines, draft, published,
                           author)
    return tuple(Decision(*d) for d in data)
