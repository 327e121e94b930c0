"""The no-op check: is the site the last build wrote still what a build would make now?

A build that changes nothing should cost what it takes to see that nothing changed, not the
archive's size in parsing. After every successful build the pipeline records a *stamp* in the
cache folder: a digest of everything the build read, named by path, size and modification
time (content, templates, translations, the project's data and configuration), of the build
options, the code and the libraries that shape the output, together with the size and time
of every file it wrote. The next build first recomputes the inputs' digest from ``stat``
alone and stats the outputs; when both match, the site is up to date and nothing is loaded.

The stamp is plain JSON with its own checksum: a damaged or foreign one means "build".
Nothing the build writes depends on the clock, so equal inputs give equal outputs.
This module imports nothing heavy: the check runs before the pipeline is imported.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .options import BuildOptions

#: The stamp's file name in the cache folder.
STAMP = "last-build.json"
STAMP_FORMAT = "1"
#: Project folders and files (besides content, templates and translations) a build reads.
PROJECT_INPUTS = ("briefing.yaml", "data")
#: Libraries outside the code digest that shape the output (PDFs, fonts, search).
_OUTPUT_LIBRARIES = ("weasyprint", "fontpkg", "fontpkg-almarai", "fontpkg-ibm-plex-sans-arabic",
                     "fontpkg-ibm-plex-serif", "pagefind", "pagefind-bin")


@dataclass(frozen=True)
class BuildSummary:
    """What the last build reported, so an up-to-date build can say it again."""

    articles: int
    editions: int
    files: int
    warnings: tuple[str, ...]


def _walk(folder: Path) -> Iterator[tuple[str, os.stat_result]]:
    """Every file under ``folder`` (following no symlinked folders), with its stat."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        else:
            try:
                yield entry.path, entry.stat()
            except OSError:
                yield entry.path, os.stat_result((0,) * 10)


def _stat_line(path: str, st: os.stat_result) -> str:
    return f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\n"


def input_digest(root: Path, content_dir: Path, templates_dir: Path, locale_dir: Path,
                 options: tuple[object, ...]) -> str:
    """Digest of everything a build reads, from file metadata only, and of ``options``."""
    from importlib.metadata import PackageNotFoundError, version

    from .cache import code_digest

    h = hashlib.sha256(f"stamp {STAMP_FORMAT}\0{code_digest()}\0{options!r}\0".encode())
    for name in _OUTPUT_LIBRARIES:
        try:
            h.update(f"{name} {version(name)}\0".encode())
        except PackageNotFoundError:
            h.update(f"{name} -\0".encode())
    folders = [content_dir, templates_dir, locale_dir] + [root / p for p in PROJECT_INPUTS]
    for folder in folders:
        h.update(f"[{folder}]\n".encode())
        if folder.is_file():
            h.update(_stat_line(str(folder), folder.stat()).encode())
            continue
        for path, st in sorted(_walk(folder)):
            h.update(_stat_line(path, st).encode())
    return h.hexdigest()


def _outputs(out_dir: Path) -> dict[str, list[int]]:
    prefix = len(str(out_dir)) + 1
    return {path[prefix:]: [st.st_size, st.st_mtime_ns] for path, st in _walk(out_dir)}


def _checksum(body: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def record(cache_dir: Path, out_dir: Path, inputs: str, summary: BuildSummary) -> None:
    """Write the stamp of a build that just committed ``out_dir`` (best effort: a cache that
    cannot be written only costs the next build its shortcut)."""
    from .atomic import write_atomic

    body: dict[str, object] = {
        "format": STAMP_FORMAT, "inputs": inputs, "out": str(out_dir),
        "outputs": _outputs(out_dir),
        "summary": [summary.articles, summary.editions, summary.files, list(summary.warnings)],
    }
    data = json.dumps({"checksum": _checksum(body), "body": body}).encode()
    with contextlib.suppress(OSError):
        write_atomic(cache_dir / STAMP, data)


def up_to_date(cache_dir: Path, out_dir: Path, inputs: str) -> BuildSummary | None:
    """The last build's summary when its stamp is intact, its inputs are ``inputs`` and every
    file it wrote is still there as written; None otherwise (then build)."""
    try:
        stamp = json.loads((cache_dir / STAMP).read_bytes())
        body = stamp["body"]
        if stamp["checksum"] != _checksum(body) or body["format"] != STAMP_FORMAT:
            return None
        if body["inputs"] != inputs or body["out"] != str(out_dir):
            return None
        if _outputs(out_dir) != body["outputs"]:
            return None
        articles, editions, files, warnings = body["summary"]
        return BuildSummary(int(articles), int(editions), int(files),
                            tuple(str(w) for w in warnings))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def options_inputs(options: BuildOptions) -> str:
    """:func:`input_digest` of a build asked for with ``options``."""
    switches = (str(options.out_dir.resolve()), options.pdf, options.strict_i18n,
                options.strict_translations, options.drafts)
    return input_digest(options.root, options.content_dir, options.templates_dir,
                        options.locale_dir, switches)


def check(options: BuildOptions, inputs: str) -> BuildSummary | None:
    """The summary of the last build when a build with ``options`` (whose inputs digest to
    ``inputs``) would write the site that is there; None when it must build."""
    if not options.use_cache:
        return None
    return up_to_date(options.cache_dir, options.out_dir.resolve(), inputs)
