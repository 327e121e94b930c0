"""The error hierarchy: every failure an editor can cause names the file, the line and the fix."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass
class BriefingError(Exception):
    """A user-facing error printed as one line: ``path:line: message (hint)``."""

    message: str
    path: Path | str | None = None
    line: int | None = None
    hint: str | None = None

    def __str__(self) -> str:
        return self.format()

    def format(self, base: Path | None = None) -> str:
        """``path:line: message (hint)``, with the path relative to ``base`` when inside it."""
        where = ""
        if self.path is not None:
            path = Path(self.path)
            if base is not None and path.is_absolute():
                with contextlib.suppress(ValueError):
                    path = path.relative_to(base)
            where = f"{path}:"
            if self.line is not None:
                where += f"{self.line}:"
            where += " "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class ConfigError(BriefingError):
    """``briefing.yaml`` is invalid."""


class ContentError(BriefingError):
    """A content file (or a raw article being imported) is invalid."""


class TemplateError(BriefingError):
    """A Jinja2 template is missing or broken."""


class BuildErrors(Exception):
    """Several errors collected across a whole stage, reported together."""

    def __init__(self, errors: list[BriefingError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class DiskError(BriefingError):
    """A file could not be written or read back: the disk is full, read-only or failing."""


#: errno values that are about the disk, not the input or the code.
_DISK_HINTS = {
    errno.ENOSPC: "free some space on that disk, then run the command again",
    errno.EDQUOT: "your disk quota is used up: free some space, then run the command again",
    errno.EIO: "the disk reported a read or write failure: check it with dmesg, then run again",
    errno.EROFS: "that disk is mounted read-only: choose another folder",
}


def disk_error(exc: BaseException, path: Path | str | None = None) -> DiskError | None:
    """``exc`` as a one-line :class:`DiskError` naming ``path`` (else the file the system
    names: a failed copy names its source), or None when it is not about the disk."""
    if not isinstance(exc, OSError) or exc.errno not in _DISK_HINTS:
        return None
    where = path if path is not None else exc.filename
    what = exc.strerror or os.strerror(exc.errno)
    return DiskError(f"cannot write: {what}", where, None, _DISK_HINTS[exc.errno])


@contextlib.contextmanager
def disk_errors(path: Path | str) -> Iterator[None]:
    """Turn a full or failing disk while writing ``path`` into a :class:`DiskError`: a write
    that fails half-way has no file name of its own, so the caller names the file."""
    try:
        yield
    except OSError as exc:
        error = disk_error(exc, path)
        if error is None:
            raise
        raise error from exc
