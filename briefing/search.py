"""The Pagefind search index of a staged site, one bundle per month, each rebuilt only when
its own pages changed.

Only the pages marked ``data-pagefind-body`` (the editions) are given to Pagefind, by an
exact list of paths: once any page carries the mark Pagefind skips the others anyway, so
this gives the same index without parsing the archive and section pages. The marked pages
are grouped by the month in their path (``ar/2024-01-05/index.html`` is in 2024-01):

- ``site/pagefind/``: the main bundle, the newest month of each top-level folder (each
  language) and the pages with no date; the page templates load its ``pagefind-ui.js``;
- ``site/pagefind/months/<YYYY-MM>/``: one bundle per older month, without Pagefind's
  scripts and styles (a merged index only needs its data files);
- ``site/pagefind/months.json``: the older months' bundles, newest first, which
  ``assets/search.js`` merges into the main one (Pagefind's ``mergeIndex``); an empty list
  on a one-month site, whose one bundle is otherwise what a plain Pagefind run makes.

Each bundle is cached under the hash of its pages and Pagefind's version, so editing an
article re-indexes only its month. The hash leaves out the elements marked
``data-pagefind-ignore="all"``, from which Pagefind takes nothing (no text, filters or
metadata; ``tests/test_search.py`` checks it): an edition's pager links the next edition,
so publishing a new day would otherwise re-index the month of the day before. Finding
those elements costs about 2 ms a page, so the cache also keeps each page's result under
the hash of its bytes (``views.json``).

A bundle holding several top-level folders is indexed one folder per Pagefind process, all
bundles' processes sharing the cores, and the folders' outputs merged (Pagefind keeps one
index per language and names its files by their content; only ``pagefind-entry.json`` lists
the languages). That merge is used only when it is clean: no language in two folders, no
file name with two contents; otherwise the bundle is indexed by one process. A site with no
marked page has all its pages bundled the same way; one with a page whose path Pagefind's
globs cannot name falls back to a single run over the whole site.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .cache import default_workers, digest
from .store import FOLDER_SEAL, folder_intact, seal_folder

ENTRY = "pagefind-entry.json"
BODY_MARK = b"data-pagefind-body"
BUNDLE_DIR = "pagefind"
MONTHS_DIR = "months"
MONTHS_MANIFEST = "months.json"
#: In the search cache: the last build's page digest -> digest of its search_view().
VIEWS = "views.json"
#: Bundles kept in the cache beyond those of the last build (each is a few MB): a build of
#: another branch or an undone edit finds its bundles again.
SEARCH_CACHE_SPARE = 12
#: Bumped when the way a bundle is built or a page's search_view() is cut changes (bundle
#: keys and the views kept in the cache cover it).
BUNDLE_FORMAT = "2"

_DAY = re.compile(r"(\d{4}-\d{2})-\d{2}")
#: What Pagefind's globs treat as syntax; a backslash escapes each of these.
_GLOB_SYNTAX = frozenset("?*$:<>()[]{},")
#: Root files of a bundle that only a primary (not a merged) index loads.
_UI_FILE = re.compile(r"pagefind.*\.(?:js|css)|wasm\..*\.pagefind")


@dataclass(frozen=True)
class Bundle:
    """One Pagefind bundle: its pages (site-relative paths) and where it goes."""

    month: str | None  # None for the main bundle
    pages: tuple[str, ...]
    #: False for the fallback bundle, indexed by one Pagefind run over the whole site.
    listed: bool = True

    @property
    def folder(self) -> str:
        return BUNDLE_DIR if self.month is None else f"{BUNDLE_DIR}/{MONTHS_DIR}/{self.month}"


@dataclass(frozen=True)
class SearchResult:
    warnings: tuple[str, ...]
    #: True when every bundle came from the cache.
    reused: bool
    #: Pagefind processes run.
    shards: int
    bundles: int = 1
    #: Bundles indexed by this build (the others came from the cache).
    built: int = 0


def index_search(site: Path, cache_dir: Path | None = None,
                 workers: int | None = None) -> SearchResult:
    """Build ``site/pagefind/``, taking unchanged bundles from ``cache_dir``."""
    memo = _load_views(cache_dir)
    pages = read_pages(site, memo)
    bundles = plan_bundles({path: page.marked for path, page in pages.items()})
    version = pagefind_version()
    views = {path: page.view for path, page in pages.items()}
    keys = {b: bundle_key(b, views, version) for b in bundles}
    shutil.rmtree(site / BUNDLE_DIR, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=site) as tmp:
        ready = _from_cache(bundles, keys, cache_dir, Path(tmp) / "cached")
        todo = [b for b in bundles if b not in ready]
        built, warnings, runs = _build(site, todo, Path(tmp) / "built",
                                       workers or default_workers())
        if cache_dir is not None:
            for bundle, output in built.items():
                _store(output, cache_dir, keys[bundle])
        placed = {**ready, **built}
        _place(site, placed)
    if cache_dir is not None:
        _evict(cache_dir, set(keys.values()))
        _save_views(cache_dir, {page.raw: page.view for page in pages.values()}, memo)
    # A failed month is left out, the others still searched. The list is written even when
    # empty, so the search box never asks for a file that is not there.
    months = [b.month for b in bundles if b.month is not None and b in placed]
    if (site / BUNDLE_DIR).is_dir():
        _write_manifest(site, months)
    return SearchResult(tuple(warnings), not todo, runs, len(bundles), len(built))


@dataclass(frozen=True)
class Page:
    marked: bool  # carries data-pagefind-body
    raw: str  # digest of its bytes
    view: str  # digest of its search_view()


def read_pages(site: Path, memo: Mapping[str, str]) -> dict[str, Page]:
    """Every HTML page of the site by path; ``memo`` maps a page digest to its view's digest
    (cutting the ignored elements out costs ~2 ms a page, hashing ~0.1 ms)."""
    pages: dict[str, Page] = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site)
        if rel.parts[0] == BUNDLE_DIR:
            continue
        data = path.read_bytes()
        raw = hashlib.sha256(data).hexdigest()
        view = memo.get(raw) or hashlib.sha256(search_view(data)).hexdigest()
        pages[rel.as_posix()] = Page(BODY_MARK in data, raw, view)
    return pages


# -- which pages go in which bundle ------------------------------------------------------------


def plan_bundles(marked: Mapping[str, bool]) -> list[Bundle]:
    """The bundles of a site (page path -> carries the body mark): the main one first, then
    the older months, newest first."""
    # With no mark anywhere, Pagefind indexes every page.
    pages = [path for path, body in marked.items() if body] or list(marked)
    if not pages or any(_escape(path) is None for path in pages):
        return [Bundle(None, tuple(sorted(marked)), listed=False)]
    dated = {path: page_month(path) for path in pages}
    newest: dict[str, str] = {}
    for path, month in dated.items():
        top = _top(path)
        if month is not None and month > newest.get(top, ""):
            newest[top] = month
    groups: dict[str | None, list[str]] = {None: []}
    for path, month in dated.items():
        key = None if month is None or month == newest[_top(path)] else month
        groups.setdefault(key, []).append(path)
    older = sorted((m for m in groups if m is not None), reverse=True)
    return [Bundle(month, tuple(sorted(groups[month]))) for month in [None, *older]]


def page_month(path: str) -> str | None:
    """``YYYY-MM`` of the first ``YYYY-MM-DD`` folder of a page's path."""
    for part in path.split("/")[:-1]:
        match = _DAY.fullmatch(part)
        if match:
            return match.group(1)
    return None


def _top(path: str) -> str:
    return path.split("/", 1)[0] if "/" in path else ""


def shards(bundle: Bundle) -> list[str | None]:
    """The globs of a bundle's Pagefind runs: one per top-level folder (each language)."""
    if not bundle.listed:
        return [None]
    folders: dict[str, list[str]] = {}
    for path in bundle.pages:
        folders.setdefault(_top(path), []).append(path)
    return [page_glob(folders[name]) for name in sorted(folders)]


def page_glob(paths: Sequence[str]) -> str:
    """A Pagefind glob matching exactly these paths (each must pass :func:`_escape`)."""
    escaped = [e for e in map(_escape, paths) if e is not None]
    return escaped[0] if len(escaped) == 1 else "{" + ",".join(escaped) + "}"


def _escape(path: str) -> str | None:
    """A path as a literal glob; None when Pagefind's globs cannot say it (a backslash has
    no escape, and ``!`` opens a negation at the start of a name)."""
    if "\\" in path or any(part.startswith("!") for part in path.split("/")):
        return None
    return "".join("\\" + ch if ch in _GLOB_SYNTAX else ch for ch in path)


# -- cache keys: what Pagefind reads of a page -------------------------------------------------


def bundle_key(bundle: Bundle, views: Mapping[str, str], version: str) -> str:
    """The cache key of a bundle from its pages' paths and views (path -> view digest)."""
    parts = ["search-bundle", BUNDLE_FORMAT, version, str(bundle.listed)]
    for path in (bundle.pages if bundle.listed else sorted(views)):
        parts += [path, views[path]]
    return digest(*parts)


_WS = rb"[ \t\n\r\f]"  # HTML's whitespace (``\s`` would add the vertical tab)
_ATTRS = (rb"(?:[ \t\n\r\f/]++[^ \t\n\r\f/>=]++(?:" + _WS + rb"*+=" + _WS
          + rb"""*+(?:"[^"]*+"|'[^']*+'|[^ \t\n\r\f>]*+))?)*+[ \t\n\r\f/]*+""")
_RAW = rb"script|style|textarea|title|xmp|iframe|noembed|noframes"
#: SVG elements a drawing made of shapes uses (the edition map). An <svg> holding only these
#: (and text without markup) reads the same in every parser: it is passed over whole. Any
#: other tag inside (an HTML <div> breaks out of foreign content) makes the page unreadable.
_SVG_SHAPES = (rb"title|desc|g|path|rect|circle|ellipse|line|polyline|polygon|defs|use|"
               rb"symbol|clipPath|mask|linearGradient|radialGradient|stop")
_TOKEN = re.compile(
    rb"<(?:"
    # Read whole and passed over: a comment (HTML ends <!--> and <!---> at once), an element
    # whose content is text, a doctype.
    rb"(?P<skip>!--(?:-?>|.*?--!?>)"
    rb"|(?P<raw>" + _RAW + rb")(?![^ \t\n\r\f/>])" + _ATTRS + rb">.*?</(?P=raw)"
    + _ATTRS + rb">"
    rb"|![^<>\"']*>"
    rb"|svg(?![^ \t\n\r\f/>])" + _ATTRS + rb">(?:[^<]++|</?(?:" + _SVG_SHAPES
    + rb")(?![^ \t\n\r\f/>])" + _ATTRS + rb">)*+</svg" + _ATTRS + rb">)"
    # Markup whose parsing differs between parsers or modes, or a text element never closed:
    # give up on the page.
    rb"|(?P<other>(?:svg|math|noscript|plaintext|template|" + _RAW
    + rb")(?![^ \t\n\r\f/>]))"
    rb"|(?P<start>[a-z][^ \t\n\r\f/>]*+)(?P<attrs>" + _ATTRS + rb")>"
    rb"|/(?P<end>[a-z][^ \t\n\r\f/>]*+)" + _ATTRS + rb">"
    rb"|(?P<unread>[a-z/!?])"  # a tag the patterns above do not read: give up
    rb")",
    re.S | re.I)
_ATTR = re.compile(rb"([^ \t\n\r\f/>=]+)(?:" + _WS + rb"*=" + _WS
                   + rb"""*(?:"([^"]*)"|'([^']*)'|([^ \t\n\r\f>]*)))?""")
_IGNORE = b"data-pagefind-ignore"
_VOID = frozenset(b"area base br col embed hr img input link meta source track wbr".split())
#: Elements cut out of a page's key when marked ignore-all: their end tag is never implied
#: and no start tag closes them, so a balanced stretch of tags is exactly the element.
_CUTTABLE = frozenset(b"article aside div footer header main nav section".split())


def search_view(page: bytes) -> bytes:
    """The page less its ``data-pagefind-ignore="all"`` elements, or the page itself where
    the markup is not plain enough to find their ends for sure (the key then changes more
    often than the index, never less)."""
    if _IGNORE not in page:
        return page
    tokens = list(_TOKEN.finditer(page))
    if any(t.lastgroup in ("other", "unread") for t in tokens):
        return page
    starts = [t.start() for t in tokens]
    kept: list[bytes] = []
    done = 0
    for hit in re.finditer(re.escape(_IGNORE), page):
        i = bisect.bisect_right(starts, hit.start()) - 1
        if hit.start() < done or i < 0 or tokens[i].end() <= hit.start():
            continue  # inside an element already cut, or not in a tag
        end = _ignored_end(tokens, i)
        if end is not None:
            kept.append(page[done:tokens[i].start()])
            done = tokens[end].end()
    return page if not kept else b"".join(kept) + page[done:]


def _ignored_end(tokens: list[re.Match[bytes]], i: int) -> int | None:
    """The index of the end tag of token ``i`` when it opens an ignore-all element whose
    tags up to that end tag are balanced; else None."""
    token = tokens[i]
    name = (token.group("start") or b"").lower()
    if name not in _CUTTABLE or token.group("attrs").rstrip(b" \t\n\r\f").endswith(b"/"):
        return None
    # Exactly one such attribute, spelt exactly so: where parsers might read it otherwise,
    # nothing is cut.
    if _attribute_values(token.group("attrs"), _IGNORE) != [b"all"]:
        return None
    stack = [name]
    for j in range(i + 1, len(tokens)):
        start, end = tokens[j].group("start", "end")
        if start and start.lower() not in _VOID:
            if BODY_MARK in tokens[j].group("attrs"):
                return None  # the indexed region inside an ignored one: left to Pagefind
            stack.append(start.lower())
        elif end:
            if end.lower() != stack.pop():
                return None
            if not stack:
                return j
    return None


def _attribute_values(attrs: bytes, name: bytes) -> list[bytes]:
    return [next((v for v in match.group(2, 3, 4) if v is not None), b"")
            for match in _ATTR.finditer(attrs) if match.group(1) == name]


# -- running Pagefind ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    bundle: Bundle
    glob: str | None
    output: Path


def _build(site: Path, bundles: list[Bundle], tmp: Path, workers: int
           ) -> tuple[dict[Bundle, Path], list[str], int]:
    """Index the bundles, every shard of every bundle on the pool at once; the bundles that
    were built (bundle -> folder), warnings and the number of Pagefind runs."""
    jobs: dict[Bundle, list[_Job]] = {}
    for n, bundle in enumerate(bundles):
        globs = shards(bundle)
        outputs = ([tmp / str(n) / "bundle"] if len(globs) == 1 else
                   [tmp / str(n) / f"shard-{k}" for k in range(len(globs))])
        jobs[bundle] = [_Job(bundle, g, o) for g, o in zip(globs, outputs, strict=True)]
    queue = sorted((job for js in jobs.values() for job in js), key=_weight, reverse=True)
    with ThreadPoolExecutor(max(1, min(workers, len(queue) or 1))) as pool:
        failed = dict(zip(queue, pool.map(
            lambda job: _run(site, [], job.output, job.glob), queue), strict=True))
    runs = len(queue)
    built: dict[Bundle, Path] = {}
    warnings: list[str] = []
    for bundle, parts in jobs.items():
        target = parts[0].output.parent / "bundle"
        errors = [w for job in parts for w in failed[job]]
        if not errors and len(parts) > 1 and not _merge([j.output for j in parts], target):
            # The shards would not merge cleanly: one run over the whole bundle instead.
            shutil.rmtree(target, ignore_errors=True)
            errors = _run(site, [], target, page_glob(bundle.pages))
            runs += 1
        if errors:
            warnings += errors[:1]
        else:
            built[bundle] = target
    return built, warnings, runs


def _weight(job: _Job) -> int:
    """Longest runs first, so that the last runs on the pool are short ones."""
    if job.glob is None:
        return sys.maxsize
    return job.glob.count(",") + 1


def _command(site: Path, glob: str | None, output: Path) -> list[str]:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent",
               "--output-path", str(output)]
    return command + (["--glob", glob] if glob else [])


def _run(site: Path, extra: list[str], output: Path, glob: str | None = None) -> list[str]:
    """One Pagefind process; its warnings (empty when it succeeded)."""
    try:
        result = subprocess.run(_command(site, glob, output) + extra, capture_output=True,
                                text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [f"search index not built: {exc}"]
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        return [f"search index not built: {detail[-1] if detail else result.returncode}"]
    return []


def _merge(outputs: list[Path], target: Path) -> bool:
    entry: dict[str, object] | None = None
    languages: dict[str, object] = {}
    for output in outputs:
        try:
            data = json.loads((output / ENTRY).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        shard_languages = data.pop("languages", None)
        if not isinstance(shard_languages, dict) or set(shard_languages) & set(languages):
            return False
        languages.update(shard_languages)
        if entry is None:
            entry = data
        elif data != entry:
            return False
        for path in sorted(output.rglob("*")):
            rel = path.relative_to(output)
            if path.is_dir() or rel.as_posix() == ENTRY:
                continue
            dest = target / rel
            if dest.exists():
                if dest.read_bytes() != path.read_bytes():
                    return False
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
    if entry is None:
        return False
    entry["languages"] = languages
    (target / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                encoding="utf-8")
    return True


def pagefind_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind")
    except PackageNotFoundError:
        return "unknown"


# -- putting the bundles in place ---------------------------------------------------------------


def _from_cache(bundles: list[Bundle], keys: Mapping[Bundle, str], cache_dir: Path | None,
                tmp: Path) -> dict[Bundle, Path]:
    """Copies of the bundles found in the cache (bundle -> folder in ``tmp``), the month
    bundles without their UI files."""
    found: dict[Bundle, Path] = {}
    if cache_dir is None:
        return found
    for n, bundle in enumerate(bundles):
        stored = cache_dir / keys[bundle]
        # Only a bundle whose every file matches its seal is reused (never garbage as index).
        if not (stored / ENTRY).is_file() or not folder_intact(stored):
            continue
        copy = tmp / str(n)
        skip = _skip_root_ui(stored, bundle.month is not None)
        try:
            shutil.copytree(stored, copy, ignore=skip)
            os.utime(stored)
            found[bundle] = copy
        except OSError:  # removed by another build meanwhile: built again
            shutil.rmtree(copy, ignore_errors=True)
    return found


def _place(site: Path, bundles: Mapping[Bundle, Path]) -> None:
    """Move the bundles to their folders, the main one first (the months' are inside it),
    the months' without their UI files."""
    for bundle, folder in sorted(bundles.items(), key=lambda item: item[0].month or ""):
        if bundle.month is not None:
            for path in _ui_files(folder):
                path.unlink()
        dest = site / bundle.folder
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.rename(folder, dest)


def _ui_files(bundle: Path) -> Iterator[Path]:
    return (path for path in bundle.iterdir() if path.is_file() and _UI_FILE.fullmatch(path.name))


def _skip_root_ui(root: Path, ui: bool) -> Callable[[str, list[str]], list[str]]:
    """A ``copytree`` filter leaving out the cache's seal and, when ``ui``, the UI files at
    the root of a bundle."""
    def skip(folder: str, names: list[str]) -> list[str]:
        if Path(folder) != root:
            return []
        return [n for n in names if n == FOLDER_SEAL or (ui and _UI_FILE.fullmatch(n))]
    return skip


def _write_manifest(site: Path, months: list[str]) -> None:
    bundles = [f"{MONTHS_DIR}/{month}/" for month in months]
    (site / BUNDLE_DIR / MONTHS_MANIFEST).write_text(
        json.dumps({"bundles": bundles}, separators=(",", ":")) + "\n", encoding="utf-8")


# -- the cache ------------------------------------------------------------------------------------


def _store(bundle: Path, cache_dir: Path, key: str) -> None:
    """Keep a copy of a freshly built bundle under its key."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=cache_dir))
        shutil.copytree(bundle, tmp / "bundle")
        seal_folder(tmp / "bundle")
        with contextlib.suppress(OSError):  # another build stored the same bundle first
            os.rename(tmp / "bundle", cache_dir / key)
        shutil.rmtree(tmp, ignore_errors=True)
    except OSError:
        pass  # the cache is an optimisation: a failure here never fails the build


def _evict(cache_dir: Path, used: set[str]) -> None:
    """Drop all bundles but this build's and the few most recently used others."""
    try:
        others = sorted((p for p in cache_dir.iterdir() if p.is_dir()
                         and not p.name.startswith(".") and p.name not in used),
                        key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[SEARCH_CACHE_SPARE:]:
            shutil.rmtree(old, ignore_errors=True)
    except OSError:
        pass


def _load_views(cache_dir: Path | None) -> dict[str, str]:
    """The last build's page digest -> view digest (empty when absent or unreadable)."""
    if cache_dir is None:
        return {}
    try:
        data = json.loads((cache_dir / VIEWS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != BUNDLE_FORMAT:
        return {}
    views = data.get("views")
    if not isinstance(views, dict):
        return {}
    return {k: v for k, v in views.items() if isinstance(k, str) and isinstance(v, str)}


def _save_views(cache_dir: Path, views: dict[str, str], old: Mapping[str, str]) -> None:
    """Keep this build's page -> view digests for the next build (only this build's, so the
    file stays the size of one site)."""
    if views == old:
        return
    tmp: Path | None = None
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=cache_dir, prefix=".tmp-",
                                         suffix=".json", delete=False) as out:
            tmp = Path(out.name)
            json.dump({"format": BUNDLE_FORMAT, "views": views}, out, separators=(",", ":"))
        os.replace(tmp, cache_dir / VIEWS)  # at once: a concurrent build reads one or the other
    except OSError:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
