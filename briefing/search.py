"""The Pagefind search index of a site, one bundle per month, each rebuilt only when its
own pages changed.

The build hands every HTML page to :class:`SearchPages` as it writes it; only the pages
marked ``data-pagefind-body`` (editions and articles) are indexed: once any page carries the
mark Pagefind skips the others anyway. The marked pages are grouped by the month in their
path (``ar/2024-01-05/index.html`` is in 2024-01):

- ``site/pagefind/``: the main bundle, the newest month of each top-level folder (each
  language) and the pages with no date; the page templates load its ``pagefind-ui.js``;
- ``site/pagefind/months/<YYYY-MM>/``: one bundle per older month, without Pagefind's
  scripts and styles (a merged index only needs its data files);
- ``site/pagefind/months.json``: the older months' bundles, newest first, which
  ``assets/search.js`` merges into the main one (Pagefind's ``mergeIndex``); an empty list
  on a one-month site.

Each bundle is cached under the hash of its pages and Pagefind's version, so editing an
article re-indexes only its month. The hash leaves out the elements marked
``data-pagefind-ignore="all"``, from which Pagefind takes nothing (no text, filters or
metadata; ``tests/test_search.py`` checks it): an edition's pager links the next edition,
so publishing a new day would otherwise re-index the month of the day before. Finding
those elements costs about 2 ms a page, so the cache also keeps each page's result under
the hash of its bytes (``views.json``).

A bundle to build is indexed through Pagefind's Python API (its service process, a new one
for each index, as many at once as there are cores): its pages are given by path and
bytes, so no glob and no run over the site folder is needed.
Each language of a bundle is its own index (a Pagefind process then holds one language of
one month: about 250 MB for a month of 300 pages, against 400 MB for both), and the
languages' outputs are merged (Pagefind keeps one index per language and names its files
by their content; only ``pagefind-entry.json`` lists the languages); where they would not
merge cleanly the bundle is indexed whole. Every file of every bundle, cached or built,
goes out through the caller's ``write`` (the site writer: the manifest lists it, a path
written twice is refused).
"""

from __future__ import annotations

import asyncio
import base64
import bisect
import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
BUNDLE_FORMAT = "3"

_DAY = re.compile(r"(\d{4}-\d{2})-\d{2}")
#: The longest answer read from Pagefind's service (one index's files, base64).
ANSWER_LIMIT = 1 << 28
#: Root files of a bundle that only a primary (not a merged) index loads.
_UI_FILE = re.compile(r"pagefind.*\.(?:js|css)|wasm\..*\.pagefind")


@dataclass(frozen=True)
class Bundle:
    """One Pagefind bundle: its pages (site-relative paths) and where it goes."""

    month: str | None  # None for the main bundle
    pages: tuple[str, ...]

    @property
    def folder(self) -> str:
        return BUNDLE_DIR if self.month is None else f"{BUNDLE_DIR}/{MONTHS_DIR}/{self.month}"


@dataclass(frozen=True)
class SearchResult:
    warnings: tuple[str, ...]
    #: True when every bundle came from the cache.
    reused: bool
    bundles: int = 1
    #: Bundles indexed by this build (the others came from the cache).
    built: int = 0
    #: Pages given to Pagefind by this build.
    pages_indexed: int = 0


@dataclass(frozen=True)
class Page:
    marked: bool  # carries data-pagefind-body
    raw: str  # digest of its bytes ("" for an unmarked page, until needed)
    view: str  # digest of its search_view()


@dataclass
class SearchPages:
    """What the index needs of each HTML page of a site, taken as the build writes the page
    (so the pages are never read back to be keyed). ``memo``: page digest -> view digest
    from the last build (cutting the ignored elements out costs ~2 ms a page, hashing
    ~0.1 ms)."""

    memo: Mapping[str, str] = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)

    def add(self, path: str, data: bytes) -> None:
        if not path.endswith(".html") or path.split("/", 1)[0] == BUNDLE_DIR:
            return
        # An unmarked page is indexed only on a site with no mark at all (then keyed in
        # index_search): most pages of a site are never hashed here.
        self.pages[path] = self._keyed(data) if BODY_MARK in data else Page(False, "", "")

    def _keyed(self, data: bytes) -> Page:
        raw = hashlib.sha256(data).hexdigest()
        view = self.memo.get(raw) or hashlib.sha256(search_view(data)).hexdigest()
        return Page(BODY_MARK in data, raw, view)


def index_search(pages: SearchPages, read: Callable[[str], bytes],
                 write: Callable[[str, bytes], None], cache_dir: Path | None = None,
                 workers: int | None = None) -> SearchResult:
    """Write the bundles of the site ``pages`` describes through ``write`` (site-relative
    path, bytes), taking unchanged bundles from ``cache_dir``; ``read`` gives a page's bytes
    (only the pages of the bundles to build are read)."""
    if not any(page.marked for page in pages.pages.values()):
        # No mark: Pagefind would index every page, so every page is keyed.
        for path in pages.pages:
            pages.pages[path] = pages._keyed(read(path))
    bundles = plan_bundles({path: page.marked for path, page in pages.pages.items()})
    version = pagefind_version()
    views = {path: page.view for path, page in pages.pages.items()}
    keys = {b: bundle_key(b, views, version) for b in bundles}
    placed: list[Bundle] = []
    todo: list[Bundle] = []
    for bundle in bundles:
        stored = cache_dir / keys[bundle] if cache_dir is not None else None
        files = _cached_files(stored, ui=bundle.month is None) if stored else None
        if files is None:
            todo.append(bundle)
            continue
        for rel, data in files:
            write(f"{bundle.folder}/{rel}", data)
        placed.append(bundle)
    warnings: list[str] = []
    if todo:
        with tempfile.TemporaryDirectory(prefix=".pagefind-") as tmp:
            outputs = {b: Path(tmp) / str(n) for n, b in enumerate(todo)}
            failed = _index(todo, read, outputs, workers or default_workers())
            for bundle in todo:
                if bundle in failed:
                    warnings.append(failed[bundle])
                    continue
                output = outputs[bundle]
                if cache_dir is not None:
                    _store(output, cache_dir, keys[bundle])
                for rel, data in _files(output, ui=bundle.month is None):
                    write(f"{bundle.folder}/{rel}", data)
                placed.append(bundle)
    if cache_dir is not None:
        _evict(cache_dir, set(keys.values()))
        _save_views(cache_dir, {page.raw: page.view for page in pages.pages.values()
                                if page.raw}, pages.memo)
    # A failed month is left out, the others still searched. The list is written even when
    # empty, so the search box never asks for a file that is not there.
    if any(b.month is None for b in placed):
        months = [b.month for b in bundles if b.month is not None and b in placed]
        write(f"{BUNDLE_DIR}/{MONTHS_MANIFEST}", json.dumps(
            {"bundles": [f"{MONTHS_DIR}/{m}/" for m in months]},
            separators=(",", ":")).encode() + b"\n")
    built = len(placed) - (len(bundles) - len(todo))
    return SearchResult(tuple(warnings), not todo, len(bundles), built,
                        sum(len(b.pages) for b in todo))


# -- which pages go in which bundle ------------------------------------------------------------


def plan_bundles(marked: Mapping[str, bool]) -> list[Bundle]:
    """The bundles of a site (page path -> carries the body mark): the main one first, then
    the older months, newest first."""
    # With no mark anywhere, Pagefind indexes every page.
    pages = [path for path, body in marked.items() if body] or list(marked)
    if not pages:
        return []
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


# -- cache keys: what Pagefind reads of a page -------------------------------------------------


def bundle_key(bundle: Bundle, views: Mapping[str, str], version: str) -> str:
    """The cache key of a bundle from its pages' paths and views (path -> view digest)."""
    parts = ["search-bundle", BUNDLE_FORMAT, version]
    for path in bundle.pages:
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


def shards(bundle: Bundle) -> list[tuple[str, ...]]:
    """A bundle's pages as Pagefind indexes them: one index per top-level folder (each
    language), so that a Pagefind process holds one language of one month at a time."""
    folders: dict[str, list[str]] = {}
    for path in bundle.pages:
        folders.setdefault(_top(path), []).append(path)
    return [tuple(folders[name]) for name in sorted(folders)]


def _index(bundles: list[Bundle], read: Callable[[str], bytes], outputs: Mapping[Bundle, Path],
           workers: int) -> dict[Bundle, str]:
    """Index each bundle into its output folder, one index per shard, ``workers`` shards at
    once, longest first, then merged; the bundles that failed, with a warning each."""
    jobs: list[tuple[Bundle, tuple[str, ...], Path]] = []
    parts: dict[Bundle, list[Path]] = {}
    for bundle in bundles:
        pieces = shards(bundle)
        folders = ([outputs[bundle]] if len(pieces) == 1 else
                   [outputs[bundle].with_name(f"{outputs[bundle].name}-{k}")
                    for k in range(len(pieces))])
        parts[bundle] = folders
        jobs += [(bundle, pages, folder) for pages, folder in zip(pieces, folders, strict=True)]
    queue = sorted(jobs, key=lambda job: len(job[1]), reverse=True)
    lanes = [queue[n::max(1, workers)] for n in range(max(1, min(workers, len(queue))))]
    failed: dict[Bundle, str] = {}

    async def lane(todo: list[tuple[Bundle, tuple[str, ...], Path]]) -> None:
        for bundle, pages, folder in todo:
            if bundle in failed:
                continue
            # A service per index: one that made several keeps some of their memory (a
            # cold build's services grew to 330 MB where one index takes 250 MB).
            try:
                service = await _service_class()().launch()
            except OSError as exc:
                failed[bundle] = f"search index not built: {exc}"
                continue
            try:
                await _index_pages(service, pages, read, folder)
            except Exception as exc:  # Pagefind's errors come as plain Exceptions
                failed[bundle] = f"search index not built: {exc}"
            finally:
                await service.close()

    async def run(lanes: list[list[tuple[Bundle, tuple[str, ...], Path]]]) -> None:
        await asyncio.gather(*(lane(todo) for todo in lanes))

    asyncio.run(run(lanes))
    whole = []
    for bundle, folders in parts.items():
        if bundle in failed or len(folders) == 1:
            continue
        if not _merge(folders, outputs[bundle]):
            # The shards would not merge cleanly: one index of the whole bundle instead.
            shutil.rmtree(outputs[bundle], ignore_errors=True)
            whole.append((bundle, bundle.pages, outputs[bundle]))
    if whole:
        asyncio.run(run([whole]))
    return failed


async def _index_pages(service: Any, pages: tuple[str, ...], read: Callable[[str], bytes],
                       output: Path) -> None:
    """One Pagefind index of ``pages``, written to ``output``."""
    index = await service.create_index({})
    # One after the other, in path order: Pagefind numbers pages in the order they come,
    # and the bundle's bytes must not depend on timing.
    for path in pages:
        await index.add_html_file(content=read(path).decode("utf-8"), source_path=path)
    # The files come back in the answer: Pagefind's own writing (write_files) answers before
    # every file is on disk (an empty pagefind-entry.json was read once).
    for found in await index.get_files():
        rel = safe_part(found["path"])
        (output / rel).parent.mkdir(parents=True, exist_ok=True)
        (output / rel).write_bytes(found["content"])
    _sort_languages(output / ENTRY)


def _merge(outputs: list[Path], target: Path) -> bool:
    """Merge the outputs of shards with no language in common into ``target``; False when
    they do not merge cleanly (a language in two, a file name with two contents)."""
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
    entry["languages"] = dict(sorted(languages.items()))
    target.mkdir(parents=True, exist_ok=True)
    (target / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                encoding="utf-8")
    return True


def safe_part(path: str) -> str:
    """A file path of Pagefind's answer, refused when it would leave the bundle's folder."""
    parts = path.split("/")
    if not path or path.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"Pagefind answered with the file path {path!r}")
    return path


def _sort_languages(entry: Path) -> None:
    """Pagefind lists a bundle's languages in no fixed order (a hash map's): sorted, so the
    same pages give the same bytes."""
    data = json.loads(entry.read_text(encoding="utf-8"))
    if isinstance(data.get("languages"), dict):
        data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                     encoding="utf-8")


def _service_class() -> type[Any]:
    """Pagefind's service client, reading each answer as soon as it comes: the packaged
    client sleeps 0.1 s before reading every answer (a month of 600 pages took a minute).
    Made on first use, so that commands that index nothing never import Pagefind."""
    from pagefind.service import PagefindService

    class Service(PagefindService):  # type: ignore[misc]
        async def launch(self) -> Any:
            # As the packaged client launches it, with room for an answer holding a whole
            # index (get_files: a few MB of base64 on one line; the client allows 2 MB).
            self._backend = await asyncio.create_subprocess_exec(
                self._bin, "--service", stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
                limit=ANSWER_LIMIT)
            self._poll_task = self._loop.create_task(self._wait_for_responses())
            return self

        async def _wait_for_responses(self) -> None:
            stdout = self._backend.stdout
            while True:
                output = await stdout.readuntil(b",")
                response = json.loads(base64.b64decode(output[:-1]))
                if not isinstance(response, dict):
                    continue
                message_id = response.get("message_id")
                payload = response.get("payload") or {}
                if message_id is None and isinstance(payload.get("original_message"), str):
                    with contextlib.suppress(ValueError, AttributeError):
                        message_id = json.loads(payload["original_message"]).get("message_id")
                future = self._responses.get(message_id)
                if future is None or future.done():
                    continue
                if payload.get("type") == "Error":
                    future.set_exception(Exception(payload.get("message", "Pagefind failed")))
                else:
                    future.set_result(payload)

    return Service


def pagefind_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind")
    except PackageNotFoundError:
        return "unknown"


# -- reading bundles ----------------------------------------------------------------------------


def _files(folder: Path, ui: bool) -> list[tuple[str, bytes]]:
    """Every file of a bundle folder (path inside it, bytes), but its seal, and the root UI
    files unless ``ui`` (a month bundle is merged into the main one and needs none)."""
    out = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(folder).as_posix()
        if rel == FOLDER_SEAL or (not ui and "/" not in rel and _UI_FILE.fullmatch(rel)):
            continue
        out.append((rel, path.read_bytes()))
    return out


def _cached_files(stored: Path, ui: bool) -> list[tuple[str, bytes]] | None:
    """A cached bundle's files, when every file matches its seal (never garbage as index)."""
    if not (stored / ENTRY).is_file() or not folder_intact(stored):
        return None
    try:
        files = _files(stored, ui)
        os.utime(stored)
    except OSError:  # removed by another build meanwhile: built again
        return None
    return files


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


def load_views(cache_dir: Path | None) -> dict[str, str]:
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
