"""The days of a build: which changed, and each one read, classified, planned and assembled
only when something needs it.

Every day folder gets a key from its files' bytes (and ``_day.yaml``), its path, the
configuration, the gazetteer, the adapted model, the build's switches and the code. A day
whose :class:`~briefing.days.DaySummary` is cached under that key is not read at all: the
archive-wide outputs are made from summaries, and a page showing the day is taken from the
page cache under a key made from the summary. Only the days whose key is new are computed
(in batches, each batch's articles classified on every core), and a day whose summary is
known is loaded (from the per-article entries of the cache) only when one of its pages must
be rendered again. At most :data:`LOADED_DAYS` assembled days are held at once, so memory is
bounded by a batch of days, not by the archive.

A day computed by this build is not assembled a second time when its pages come to be
rendered: its editions are kept, pickled, in a folder private to the build (removed by
:meth:`Days.close`), and loaded from there. Only this build writes and reads that folder,
so the pickles are trusted as the cache's entries are not.
"""

from __future__ import annotations

import datetime as dt
import pickle
import shutil
import tempfile
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .assemble import Edition, day_editions, day_inputs
from .cache import CACHE_FORMAT, BuildCache, code_digest, digest
from .config import Config
from .day import DAY_FILE, DayChoices, load_choices
from .days import SUMMARY_FORMAT, DaySummary, summarize
from .errors import BriefingError, BuildErrors
from .hashing import file_sha256
from .model import Article
from .options import BuildOptions
from .reader import ContentListing, ListedFile, read_day
from .translation import review

if TYPE_CHECKING:
    from .pipeline import BuildReport

#: Articles whose leaves (facts, classification) are computed together in one batch: enough
#: to keep both cores busy, few enough to bound memory.
BATCH_ARTICLES = 400
#: Assembled days kept in memory for the renderers (a section page shows ten).
LOADED_DAYS = 12
KIND = "days"
#: The cache entry of the content files' digests by their metadata (see Days.list).
FILE_DIGESTS = "file-digests"


@dataclass(frozen=True)
class DaySource:
    """A day folder as listed, with its key."""

    date: dt.date
    folder: Path
    files: tuple[ListedFile, ...]
    key: str


@dataclass
class Days:
    """The build's days: their summaries, and their editions when loaded."""

    options: BuildOptions
    config: Config
    cache: BuildCache
    report: BuildReport
    with_pdf: bool
    #: The adapted classifier (path, digest), or None.
    model_file: tuple[str, str] | None
    sources: dict[dt.date, DaySource] = field(default_factory=dict)
    summaries: dict[dt.date, DaySummary] = field(default_factory=dict)
    #: Day -> its number, once every day's article count is known.
    numbers: dict[dt.date, int] = field(default_factory=dict)
    _loaded: OrderedDict[dt.date, tuple[Edition, ...]] = field(default_factory=OrderedDict)
    #: Articles read while checking the changed days, kept for computing them (a few).
    _read: dict[dt.date, tuple[list[Article], DayChoices | None]] = field(default_factory=dict)
    #: The build's private folder of computed days' editions (see the module's docstring).
    _spill: Path | None = None

    def __post_init__(self) -> None:
        from .extract import PROJECT_FILE

        self.gazetteer_file = self.options.root / PROJECT_FILE
        gazetteer = (self.gazetteer_file.read_bytes() if self.gazetteer_file.is_file()
                     else b"")
        #: The salt of the extract stage's entries (as BuildCache.facts makes it).
        self.facts_salt = digest(gazetteer)
        options = self.options
        self.salt = digest(
            KIND, SUMMARY_FORMAT, CACHE_FORMAT, code_digest(),
            pickle.dumps(self.config, protocol=pickle.HIGHEST_PROTOCOL), self.facts_salt,
            *(self.model_file or ("", "")), "pdf" if self.with_pdf else "",
            "drafts" if options.drafts else "",
            "strict" if options.strict_translations else "")

    # -- which days changed ----------------------------------------------------------------

    def list(self, listing: ContentListing) -> list[DaySource]:
        """Key every listed day and take the summaries the cache has; returns the days
        without one (they must be computed)."""
        missing = []
        memo_key = digest(FILE_DIGESTS, str(self.options.content_dir))
        found_memo = self.cache.load(FILE_DIGESTS, memo_key)
        known = found_memo if isinstance(found_memo, dict) else {}
        seen: dict[str, tuple[int, int, int, int, str]] = {}
        for date, folder, files in listing.days:
            parts: list[str | bytes] = [self.salt, str(folder)]
            for item in files:
                parts += [item.path.name, _file_digest(item.path, known, seen)]
            day_file = folder / DAY_FILE
            if day_file.is_file():
                parts += [DAY_FILE, _file_digest(day_file, known, seen)]
            source = DaySource(date, folder, files, digest(*parts))
            self.sources[date] = source
            found = self.cache.load(KIND, source.key)
            if isinstance(found, DaySummary) and found.date == date:
                self.summaries[date] = found
                # The day's articles' entries stay reachable (pruning keeps them).
                self.cache.keep(found.entries)
            else:
                missing.append(source)
        if seen != known:
            self.cache.store(FILE_DIGESTS, memo_key, seen)
        else:
            self.cache.keep([(FILE_DIGESTS, memo_key)])
        return missing

    def check(self, missing: list[DaySource]
              ) -> tuple[list[BriefingError], list[BriefingError], dict[dt.date, int],
                         dict[dt.date, tuple[str, ...]]]:
        """Read the changed days: every problem, the strict translation errors, each day's
        article count and its translation warnings. A few days' articles are kept for
        :meth:`compute`."""
        errors: list[BriefingError] = []
        strict: list[BriefingError] = []
        counts: dict[dt.date, int] = {}
        warnings: dict[dt.date, tuple[str, ...]] = {}
        kept = 0
        for source in missing:
            try:
                articles, choices = self._read_source(source)
            except BuildErrors as exc:
                errors.extend(exc.errors)
                continue
            translations = review(articles, self.config.codes)
            if self.options.strict_translations:
                strict.extend(translations.strict_errors)
            counts[source.date] = len(articles)
            warnings[source.date] = tuple(translations.warnings)
            if kept + len(articles) <= BATCH_ARTICLES:
                kept += len(articles)
                self._read[source.date] = (articles, choices)
        return errors, strict, counts, warnings

    def _read_source(self, source: DaySource) -> tuple[list[Article], DayChoices | None]:
        errors: list[BriefingError] = []
        articles: list[Article] = []
        try:
            articles = read_day(source.date, source.files, self.config.codes,
                                drafts=self.options.drafts, read=self.cache.read_file)
        except BuildErrors as exc:
            errors.extend(exc.errors)
        choices = None
        try:
            choices = load_choices(source.folder) if articles else None
        except BuildErrors as exc:
            errors.extend(exc.errors)
        if errors:
            raise BuildErrors(errors)
        return articles, choices

    def number(self, counts: dict[dt.date, int]) -> None:
        """Number the days that have articles, oldest first."""
        n = 0
        for date in sorted(self.sources):
            found = self.summaries.get(date)
            if (found.articles if found else counts.get(date, 0)) > 0:
                n += 1
                self.numbers[date] = n

    # -- computing and loading days ----------------------------------------------------------

    def compute(self, missing: list[DaySource], warnings: dict[dt.date, tuple[str, ...]]
                ) -> None:
        """Compute, summarize and cache the changed days, a batch at a time."""
        batch: list[tuple[DaySource, list[Article], DayChoices | None]] = []
        size = 0
        for source in missing:
            articles, choices = self._read.pop(source.date, None) or self._read_source(source)
            batch.append((source, articles, choices))
            size += len(articles)
            if size >= BATCH_ARTICLES:
                self._compute(batch, warnings)
                batch, size = [], 0
        if batch:
            self._compute(batch, warnings)

    def _compute(self, batch: list[tuple[DaySource, list[Article], DayChoices | None]],
                 warnings: dict[dt.date, tuple[str, ...]]) -> None:
        days = self._editions([(s.date, a, c) for s, a, c in batch])
        for (source, articles, choices), (editions, items) in zip(batch, days, strict=True):
            summary = summarize(source.date, len(articles), day_inputs(items, choices),
                                editions, warnings.get(source.date, ()),
                                self.cache.day_entries(source.date, items, self.facts_salt))
            self.summaries[source.date] = summary
            self.cache.store(KIND, source.key, summary)
            if editions:
                self._hold(source.date, editions)
                self._keep(source.date, editions)

    def _editions(self, days: list[tuple[dt.date, list[Article], DayChoices | None]]
                  ) -> list[tuple[tuple[Edition, ...], list]]:
        """Extract, classify, plan and assemble days (each batch's articles on every core)."""
        report, cache, workers = self.report, self.cache, self.options.workers
        articles = [a for _, day, _ in days for a in day]
        with report.stage("extract"):
            facts, gazetteer = cache.facts(articles, self.gazetteer_file, workers=workers)
        with report.stage("classify"):
            classified = cache.classify(articles, workers=workers, facts=facts,
                                        salt=gazetteer, model=self.model_file)
        by_day = []
        start = 0
        for date, day, choices in days:
            items = sorted(classified[start:start + len(day)], key=lambda i: i.article.slug)
            start += len(day)
            by_day.append((date, items, choices))
        with report.stage("plan-days"):
            report.days_planned_ahead += cache.plan_days(
                [(date, items) for date, items, _ in by_day if items], workers=workers)
        out: list[tuple[tuple[Edition, ...], list]] = []
        with report.stage("assemble"):
            for date, items, choices in by_day:
                if not items:
                    out.append(((), items))
                    continue
                plan = cache.plan_day(date, items, choices)
                out.append((day_editions(self.config, date, self.numbers[date], items, plan,
                                         self.with_pdf, choices), items))
        return out

    def _hold(self, date: dt.date, editions: tuple[Edition, ...]) -> None:
        self._loaded[date] = editions
        self._loaded.move_to_end(date)
        # Without a cache every load computes the day again: keep them all.
        while self.options.use_cache and len(self._loaded) > LOADED_DAYS:
            self._loaded.popitem(last=False)

    def _keep(self, date: dt.date, editions: tuple[Edition, ...]) -> None:
        """Keep a computed day's editions on disk for :meth:`load` (held in memory without a
        cache, which keeps every day)."""
        if not self.options.use_cache:
            return
        if self._spill is None:
            self._spill = Path(tempfile.mkdtemp(prefix="briefing-days-"))
        (self._spill / f"{date.isoformat()}.pickle").write_bytes(
            pickle.dumps(editions, protocol=pickle.HIGHEST_PROTOCOL))

    def close(self) -> None:
        """Remove the build's private folder of computed days."""
        if self._spill is not None:
            shutil.rmtree(self._spill, ignore_errors=True)
            self._spill = None

    def load(self, date: dt.date) -> tuple[Edition, ...]:
        """A day's editions: held, kept by this build when it computed the day, or assembled
        again from the cache's entries."""
        found = self._loaded.get(date)
        if found is not None:
            self._loaded.move_to_end(date)
            return found
        kept = self._spill / f"{date.isoformat()}.pickle" if self._spill else None
        if kept is not None and kept.is_file():
            editions = pickle.loads(kept.read_bytes())  # written by this build (see above)
            self._hold(date, editions)
            return editions  # type: ignore[no-any-return]
        articles, choices = self._read_source(self.sources[date])
        editions, _ = self._editions([(date, articles, choices)])[0]
        self._hold(date, editions)
        return editions

    def ordered(self) -> list[DaySummary]:
        return [self.summaries[date] for date in sorted(self.summaries)]


def _file_digest(path: Path, known: dict[str, tuple[int, int, int, int, str]],
                 seen: dict[str, tuple[int, int, int, int, str]]) -> str:
    """A content file's SHA-256, read again only when its metadata (size, modification and
    change times, inode) differ from the last build's: any write changes the change time,
    so an unchanged file need not be read to be known (the no-op check trusts the same)."""
    stat = path.stat()
    meta = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    found = known.get(str(path))
    if isinstance(found, tuple) and len(found) == 5 and found[:4] == meta:
        sha = found[4]
    else:
        sha = file_sha256(path)
    seen[str(path)] = (*meta, sha)
    return sha


LoadDay = Callable[[dt.date], "tuple[Edition, ...]"]
