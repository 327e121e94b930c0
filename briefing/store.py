"""The cache's storage: entries and files that are checked before anything trusts them.

Two kinds of things live in the cache folder:

- **Entries** (parsed files, classifications, facts, day plans, rendered pages): one file
  each, ``MAGIC`` + SHA-256 of (kind, key, payload) + payload. The payload is a pickle, but
  it is read only when the checksum matches the entry's own kind and key (a truncated,
  overwritten or moved file is refused), and then with an unpickler that can construct
  nothing but the project's record types and a few plain value types (no function is ever
  called by name, so no cache file can run code).
- **Files** used as they are (PDFs, derived fonts, search bundles): each is *sealed* by a
  sidecar ``<name>.sha256`` holding its size and digest, written after the file; a file is
  used only when :func:`intact` confirms both.

Everything is written with :func:`briefing.atomic.write_atomic`. :func:`prune` removes what a
build no longer reaches; :func:`usage` measures the folder for ``briefing check``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import pathlib
import pickle
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .atomic import write_atomic
from .hashing import file_sha256

MAGIC = b"briefing-cache 2\n"
SEAL_SUFFIX = ".sha256"
#: Suffix of entry files.
ENTRY_SUFFIX = ".entry"

#: Modules whose record types (dataclasses) an entry may hold.
_RECORD_MODULES = ("briefing.model", "briefing.extract.model", "briefing.day.model",
                   "briefing.days")
#: Plain value types an entry may hold besides records.
_VALUE_TYPES = {
    ("datetime", "date"): dt.date,
    ("datetime", "datetime"): dt.datetime,
    ("datetime", "timedelta"): dt.timedelta,
    ("datetime", "timezone"): dt.timezone,
    ("pathlib", "PosixPath"): pathlib.PosixPath,
    ("pathlib", "PurePosixPath"): pathlib.PurePosixPath,
    ("builtins", "frozenset"): frozenset,
    ("builtins", "set"): set,
}


class _RecordUnpickler(pickle.Unpickler):
    """An unpickler that builds records and values, and refuses any other global."""

    def find_class(self, module: str, name: str) -> type:
        import sys
        from dataclasses import is_dataclass

        if (module, name) in _VALUE_TYPES:
            return _VALUE_TYPES[(module, name)]
        if module == "markupsafe" and name == "Markup":
            from markupsafe import Markup

            return Markup
        if module in _RECORD_MODULES and module in sys.modules:
            found = getattr(sys.modules[module], name, None)
            if isinstance(found, type) and is_dataclass(found):
                return found
        raise pickle.UnpicklingError(f"cache entry refers to {module}.{name}: not ours")


def _seal_of(kind: str, key: str, payload: bytes) -> bytes:
    h = hashlib.sha256(f"{kind}\0{key}\0".encode())
    h.update(payload)
    return h.digest()


def _sealed(kind: str, key: str, payload: bytes) -> bytes:
    return MAGIC + _seal_of(kind, key, payload) + payload


def _unsealed(kind: str, key: str, data: bytes) -> bytes | None:
    """The payload of an entry file's bytes, or None when they are not an intact entry of
    this kind and key."""
    head = len(MAGIC) + 32
    if len(data) < head or not data.startswith(MAGIC):
        return None
    payload = data[head:]
    return payload if data[len(MAGIC):head] == _seal_of(kind, key, payload) else None


def encode_entry(kind: str, key: str, value: object) -> bytes:
    return _sealed(kind, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def decode_entry(kind: str, key: str, data: bytes) -> object | None:
    """The value of an entry file's bytes, or None when they are not an intact entry of this
    kind and key (or hold anything but records and values)."""
    payload = _unsealed(kind, key, data)
    if payload is None:
        return None
    try:
        return _RecordUnpickler(io.BytesIO(payload)).load()
    except Exception:  # refused or malformed: the value is computed again
        return None


@dataclass(frozen=True)
class EntryStore:
    """Entries under ``root/<kind>/<key[:2]>/<key[2:]>.entry``."""

    root: Path

    def path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / f"{key[2:]}{ENTRY_SUFFIX}"

    def load(self, kind: str, key: str) -> object | None:
        path = self.path(kind, key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        value = decode_entry(kind, key, data)
        if value is not None:
            touch(path)
        return value

    def store(self, kind: str, key: str, value: object) -> None:
        """Keep ``value``; a cache that cannot be written only slows the next build down."""
        self.store_bytes(kind, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def load_bytes(self, kind: str, key: str) -> bytes | None:
        """Raw bytes kept with :meth:`store_bytes`, when intact."""
        path = self.path(kind, key)
        try:
            payload = _unsealed(kind, key, path.read_bytes())
        except OSError:
            return None
        if payload is not None:
            touch(path)
        return payload

    def store_bytes(self, kind: str, key: str, payload: bytes) -> None:
        with contextlib.suppress(OSError):
            write_atomic(self.path(kind, key), _sealed(kind, key, payload))


# -- files used as they are ------------------------------------------------------------------


def _seal_path(path: Path) -> Path:
    return path.with_name(path.name + SEAL_SUFFIX)


def seal(path: Path) -> None:
    """Record ``path``'s size and digest beside it (after the file is complete)."""
    write_atomic(_seal_path(path), f"{path.stat().st_size} {file_sha256(path)}\n".encode())


def intact(path: Path) -> bool:
    """True when ``path`` is a file whose seal matches its size and bytes."""
    try:
        size_text, sha = _seal_path(path).read_text(encoding="ascii").split()
        if not path.is_file() or path.stat().st_size != int(size_text):
            return False
        return file_sha256(path) == sha
    except (OSError, ValueError):
        return False


def seal_folder(folder: Path) -> None:
    """Seal a folder of files as one: a listing of every file's path, size and digest."""
    lines = sorted(f"{p.relative_to(folder).as_posix()}\0{p.stat().st_size}\0{file_sha256(p)}"
                   for p in folder.rglob("*") if p.is_file() and p.name != FOLDER_SEAL)
    write_atomic(folder / FOLDER_SEAL, "\n".join(lines).encode() + b"\n")


#: The listing :func:`seal_folder` writes inside the folder.
FOLDER_SEAL = ".briefing-seal"


def folder_intact(folder: Path) -> bool:
    """True when every file of ``folder`` is as :func:`seal_folder` listed it, and no other."""
    try:
        listed = (folder / FOLDER_SEAL).read_bytes().decode().splitlines()
        found = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != FOLDER_SEAL)
        if len(found) != len(listed):
            return False
        for path, line in zip(found, sorted(listed), strict=True):
            name, size, sha = line.split("\0")
            if (name != path.relative_to(folder).as_posix() or path.stat().st_size != int(size)
                    or file_sha256(path) != sha):
                return False
        return True
    except (OSError, ValueError, UnicodeDecodeError):
        return False


# -- housekeeping ----------------------------------------------------------------------------

#: Seconds an entry no build used stays before pruning removes it: a desk that undoes an
#: edit, switches branches or builds another content folder into the same cache within a
#: week finds its entries still there.
UNUSED_GRACE = 7 * 24 * 3600


def touch(path: Path) -> None:
    """Mark an entry as used now (pruning keeps recently used entries)."""
    with contextlib.suppress(OSError):
        os.utime(path)


def prune(folder: Path, keep: set[str], suffix: str, grace: float | None = None) -> int:
    """Delete the files under ``folder`` named ``<...><suffix>`` whose path relative to
    ``folder`` (without the suffix) is not in ``keep`` and that no build used for ``grace``
    seconds (default :data:`UNUSED_GRACE`), with their seals, and any temporary files left
    by killed writers. Returns how many were deleted."""
    removed = 0
    if not folder.is_dir():
        return 0
    cutoff = time.time() - (UNUSED_GRACE if grace is None else grace)
    for dirpath, _dirs, names in os.walk(folder):
        base = Path(dirpath)
        for name in names:
            path = base / name
            if name.startswith(".") and name.endswith(".tmp"):
                path.unlink(missing_ok=True)
                continue
            if not name.endswith(suffix):
                continue
            rel = path.relative_to(folder).as_posix()[: -len(suffix)]
            if rel not in keep and _mtime(path) < cutoff:
                path.unlink(missing_ok=True)
                _seal_path(path).unlink(missing_ok=True)
                removed += 1
    for dirpath, dirs, names in os.walk(folder, topdown=False):
        if not dirs and not names and Path(dirpath) != folder:
            with contextlib.suppress(OSError):
                os.rmdir(dirpath)
    return removed


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def remove_folders(folder: Path, keep: Iterable[str]) -> None:
    """Delete the sub-folders of ``folder`` not named in ``keep``."""
    wanted = set(keep)
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            if path.is_dir() and path.name not in wanted:
                shutil.rmtree(path, ignore_errors=True)


@dataclass(frozen=True)
class Usage:
    files: int
    bytes: int


def usage(folder: Path) -> Usage:
    """How many files the cache folder holds, and their total size."""
    files = size = 0
    for dirpath, _dirs, names in os.walk(folder):
        for name in names:
            with contextlib.suppress(OSError):
                size += os.stat(os.path.join(dirpath, name)).st_size
                files += 1
    return Usage(files, size)
