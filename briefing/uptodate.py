"""The no-op check: is the site the last build wrote still what a build would make now?

A build that changes nothing should cost what it takes to see that nothing changed, not the
archive's size in parsing. After every successful build the pipeline records a *stamp* in the
cache folder: a digest of everything the build read, named by path, size and modification
time (content, templates, translations, the project's data and configuration), of the build
options, the code and the libraries that shape the output, together with the identity of
the output folder it swapped in. The next build first recomputes the inputs' digest from
``stat`` alone and looks at the output folder; when both match, the site is up to date and
nothing is loaded. Files edited by hand inside the output folder are not looked at (it is
build output: ``briefing build --force`` rebuilds it), which keeps the check's cost to the
inputs' metadata.

The stamp is plain JSON with its own checksum: a damaged or foreign one means "build".
Nothing the build writes depends on the clock, so equal inputs give equal outputs.
This module imports nothing heavy: the check runs before the pipeline is imported.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .write import MANIFEST

if TYPE_CHECKING:
    from .options import BuildOptions

#: The stamp's file name in the cache folder.
STAMP = "last-build.json"
STAMP_FORMAT = "2"
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


def _scan(folder: str, out: list[tuple[str, int, int, int, int]]) -> None:
    """Append (path, size, mtime, ctime, inode) of every file under ``folder`` to ``out``,
    descending into no symlinked folder."""
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    _scan(entry.path, out)
                    continue
                try:
                    st = entry.stat()
                except OSError:  # a dangling link: its name alone
                    out.append((entry.path, -1, 0, 0, 0))
                    continue
                out.append((entry.path, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    except (FileNotFoundError, NotADirectoryError):
        pass


def input_digest(root: Path, content_dir: Path, templates_dir: Path, locale_dir: Path,
                 options: tuple[object, ...]) -> str:
    """Digest of everything a build reads, from file metadata only, and of ``options``."""
    from .cache import code_digest
    from .hashing import library_versions

    h = hashlib.sha256(f"stamp {STAMP_FORMAT}\0{code_digest()}\0{options!r}\0".encode())
    h.update(library_versions(_OUTPUT_LIBRARIES).encode())
    files: list[tuple[str, int, int, int, int]] = []
    for folder in [content_dir, templates_dir, locale_dir] + [root / p for p in PROJECT_INPUTS]:
        if folder.is_file():
            st = folder.stat()
            files.append((str(folder), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
        else:
            files.append((f"{folder}{os.sep}", 0, 0, 0, 0))  # where each folder's files start
            _scan(str(folder), files)
    h.update(repr(sorted(files)).encode())
    return h.hexdigest()


def _site_identity(out_dir: Path) -> list[int] | None:
    """The output folder as the last build swapped it in: its inode (each build swaps in a
    new folder) and its manifest's size, time and inode. A site edited by hand inside is
    not seen (it is build output; ``--force`` rebuilds it); a site replaced, removed or
    rebuilt by another command is."""
    try:
        folder = out_dir.stat()
        manifest = (out_dir / MANIFEST).stat()
    except OSError:
        return None
    return [folder.st_ino, folder.st_dev, manifest.st_size, manifest.st_mtime_ns,
            manifest.st_ino]


def _checksum(body: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def record(cache_dir: Path, out_dir: Path, inputs: str, summary: BuildSummary) -> None:
    """Write the stamp of a build that just committed ``out_dir`` (best effort: a cache that
    cannot be written only costs the next build its shortcut)."""
    from .atomic import write_atomic

    body: dict[str, object] = {
        "format": STAMP_FORMAT, "inputs": inputs, "out": str(out_dir),
        "site": _site_identity(out_dir),
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
        site = _site_identity(out_dir)
        if site is None or site != body["site"]:
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
