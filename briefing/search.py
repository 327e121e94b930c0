"""The Pagefind search index of a staged site: reused when no page changed, else built one
shard per language folder on every core.

Pagefind keeps one index per language, and its bundle's files are named by their content;
only ``pagefind-entry.json`` lists the languages. So indexing ``ar/`` and ``en/`` in two
Pagefind processes at once and merging the two bundles gives the same files as one run over
the whole site, in about half the time and with half the memory per process. The shards are
used only when that holds: each shard has pages marked ``data-pagefind-body`` (or none has),
no language turns up in two shards and no file name in two bundles with different bytes;
otherwise Pagefind runs once over the whole site.

The index depends only on the site's HTML files and Pagefind's version: when a build's HTML
is byte for byte an earlier build's, that build's index is copied from the cache.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .cache import default_workers, digest

#: Search indexes kept in the cache: the last few builds' (each is a few MB).
SEARCH_CACHE_KEEP = 3
ENTRY = "pagefind-entry.json"
BODY_MARK = b"data-pagefind-body"


@dataclass(frozen=True)
class SearchResult:
    warnings: tuple[str, ...]
    reused: bool
    shards: int


def index_search(site: Path, cache_dir: Path | None = None,
                 workers: int | None = None) -> SearchResult:
    """Build ``site/pagefind/`` (or copy it from ``cache_dir``)."""
    pages = sorted(site.rglob("*.html"))
    contents = {path: path.read_bytes() for path in pages}
    key = None
    if cache_dir is not None:
        parts: list[str | bytes] = ["search", pagefind_version()]
        for path in pages:
            parts += [path.relative_to(site).as_posix(), contents[path]]
        key = digest(*parts)
        stored = cache_dir / key
        if (stored / ENTRY).is_file():
            try:
                shutil.copytree(stored, site / "pagefind")
                os.utime(stored)
                return SearchResult((), True, 0)
            except OSError:
                shutil.rmtree(site / "pagefind", ignore_errors=True)
    globs = shard_globs(site, {p: BODY_MARK in data for p, data in contents.items()})
    del contents
    warnings: list[str] = []
    shards = 1
    if len(globs) > 1 and _sharded(site, globs, workers or default_workers()):
        shards = len(globs)
    else:
        warnings = _run(site, [], site / "pagefind")
    if not warnings and cache_dir is not None and key is not None:
        _store(site / "pagefind", cache_dir, key)
    return SearchResult(tuple(warnings), False, shards)


def shard_globs(site: Path, has_body: dict[Path, bool]) -> list[str]:
    """One glob per top-level folder holding pages (files at the root go with the first);
    a single shard when the body marks would make a shard index differently."""
    folders: dict[str, list[bool]] = {}
    loose: list[bool] = []
    for path, body in has_body.items():
        parts = path.relative_to(site).parts
        if len(parts) == 1:
            loose.append(body)
        else:
            folders.setdefault(parts[0], []).append(body)
    if len(folders) < 2 or any(any(ch in name for ch in "{}[]*?,!\\") for name in folders):
        return ["**/*.html"]
    names = sorted(folders)
    marked = [any(folders[name]) for name in names]
    marked[0] = marked[0] or any(loose)
    if any(marked) and not all(marked):
        return ["**/*.html"]
    globs = [f"{name}/**/*.html" for name in names]
    if loose:
        globs[0] = f"{{{globs[0]},*.html}}"
    return globs


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


def _sharded(site: Path, globs: list[str], workers: int) -> bool:
    """Index each shard in its own process and merge the bundles; False (nothing written
    to ``site/pagefind``) when a shard fails or the bundles do not merge cleanly."""
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=site) as tmp:
        outputs = [Path(tmp) / str(n) for n in range(len(globs))]
        with ThreadPoolExecutor(max(1, min(workers, len(globs)))) as pool:
            results = list(pool.map(lambda pair: _run(site, [], pair[1], pair[0]),
                                    zip(globs, outputs, strict=True)))
        if any(results):
            return False
        merged = Path(tmp) / "merged"
        if not _merge(outputs, merged):
            return False
        os.rename(merged, site / "pagefind")
    return True


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


def _store(index: Path, cache_dir: Path, key: str) -> None:
    """Keep a copy of a fresh index under its key; drop all but the newest few."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=cache_dir))
        shutil.copytree(index, tmp / "index")
        with contextlib.suppress(OSError):  # another build stored the same index first
            os.rename(tmp / "index", cache_dir / key)
        shutil.rmtree(tmp, ignore_errors=True)
        entries = sorted((p for p in cache_dir.iterdir() if not p.name.startswith(".")),
                         key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[SEARCH_CACHE_KEEP:]:
            shutil.rmtree(old, ignore_errors=True)
    except OSError:
        pass  # the cache is an optimisation: a failure here never fails the build
