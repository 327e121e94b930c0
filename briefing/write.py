"""Atomic output: write the whole site into a fresh folder beside ``--out``, then swap it in.

A failed or killed build leaves the previous site exactly as it was. The writer refuses to
write a path twice or outside the output folder, and refuses to replace a folder that is not
a briefing output (it could be someone's work). The folder's README and dotfiles (kept in
git) are carried over into each new build.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from .errors import BriefingError, disk_errors

MANIFEST = ".briefing-manifest.json"
#: Files of the output folder that belong to the project, not to a build.
CARRIED_OVER = ("README.md", ".gitignore")


class OutputError(BriefingError):
    """The output folder cannot be written safely."""


def check_output_dir(out: Path) -> None:
    """Refuse to replace a folder that a briefing build did not make."""
    if not out.exists():
        return
    if not out.is_dir():
        raise OutputError("output path exists and is not a folder", out, None,
                          "pass --out to a folder")
    if (out / MANIFEST).exists():
        return
    foreign = [p.name for p in out.iterdir() if p.name not in CARRIED_OVER]
    if foreign:
        raise OutputError(
            f"refusing to replace a folder that briefing did not build (holds {foreign[0]!r})",
            out, None, "choose an empty folder or an earlier build's output with --out")


def safe_relative(path: str) -> PurePosixPath:
    rel = PurePosixPath(path)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        raise OutputError(f"output path {path!r} escapes the output folder", None, None,
                          "this is a bug in a template or plugin; report it")
    return rel


_RENAME_EXCHANGE = 2  # renameat2(2) flag: swap two paths in one atomic step
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two existing paths (Linux renameat2); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_staging(out: Path) -> None:
    """Delete staging folders left by builds that were killed (their process is gone)."""
    for prefix in (f".{out.name}.building-", f".{out.name}.old-"):
        for path in out.parent.glob(prefix + "*"):
            pid_text = path.name[len(prefix):].split("-", 1)[0]
            if pid_text.isdigit() and not _alive(int(pid_text)):
                shutil.rmtree(path, ignore_errors=True)


class SiteWriter:
    """Collects output files in a staging folder; :meth:`commit` swaps it in atomically."""

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        check_output_dir(self.out)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_staging(self.out)
        # The process id in the name lets a later build tell a dead build's leftovers.
        with disk_errors(self.out.parent):
            self.staging = Path(tempfile.mkdtemp(
                prefix=f".{self.out.name}.building-{os.getpid()}-", dir=self.out.parent))
        self.written: dict[str, int] = {}

    def write(self, path: str, data: bytes) -> None:
        rel = safe_relative(path)
        key = rel.as_posix()
        if key in self.written:
            raise OutputError(f"two outputs want the same path {key!r}", None, None,
                              "rename one of the articles or templates")
        target = self.staging / rel
        # Errors name the file as it will be published (the staging folder is beside it).
        with disk_errors(self.out / rel):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        self.written[key] = len(data)

    def write_all(self, files: Mapping[str, bytes]) -> None:
        for path, data in files.items():
            self.write(path, data)

    def reserve(self, folder: str) -> None:
        """Refuse ``folder`` when any output already lies there (the search index's folder:
        its files are written after every page)."""
        rel = safe_relative(folder).as_posix()
        taken = next((k for k in self.written if k == rel or k.startswith(rel + "/")), None)
        if taken is not None:
            raise OutputError(f"two outputs want the same path {taken!r}", None, None,
                              f"{rel}/ is the search index's folder: rename the output")

    def read(self, path: str) -> bytes:
        """An output written by this build (e.g. a page, for the search index)."""
        return (self.staging / safe_relative(path)).read_bytes()

    def copy(self, path: str, source: Path) -> None:
        rel = safe_relative(path)
        key = rel.as_posix()
        if key in self.written:
            raise OutputError(f"two outputs want the same path {key!r}", None, None,
                              "rename one of the assets")
        target = self.staging / rel
        with disk_errors(self.out / rel):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        self.written[key] = target.stat().st_size

    def commit(self) -> None:
        """Swap the staging folder in place of the output folder."""
        with disk_errors(self.out):
            self._commit()

    def _commit(self) -> None:
        for name in CARRIED_OVER:
            kept = self.out / name
            if kept.is_file() and name not in self.written:
                shutil.copyfile(kept, self.staging / name)
        manifest = {"files": dict(sorted(self.written.items()))}
        (self.staging / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
        os.chmod(self.staging, 0o755)
        if not self.out.exists():
            os.rename(self.staging, self.out)
        elif exchange(self.staging, self.out):
            # The old site now sits in the staging path: readers never saw a missing site.
            shutil.rmtree(self.staging, ignore_errors=True)
        else:
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-{os.getpid()}-",
                                        dir=self.out.parent))
            os.rename(self.out, old / "site")
            os.rename(self.staging, self.out)
            shutil.rmtree(old, ignore_errors=True)

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            shutil.rmtree(self.staging)
