"""The digests every cache key is made of: of parts, of files, and of the code version."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path

#: Files of the package that make up its "code": sources and data (weights, gazetteers).
_CODE_SUFFIXES = (".py", ".json", ".yaml", ".yml", ".txt", ".csv", ".tsv")

#: Libraries whose version can change a parsed article, a page or a PDF.
_LIBRARIES = ("pyyaml", "markdown", "jinja2", "markupsafe", "babel")

_CODE_DIGEST: str | None = None


def code_digest() -> str:
    """Hash of the package's own files and the versions that shape its results.

    Computed once per process: the code does not change under a running build. Tests
    simulate a new code version by replacing this function.
    """
    global _CODE_DIGEST
    if _CODE_DIGEST is None:

        package = Path(__file__).resolve().parent
        h = hashlib.sha256(f"python {sys.version}\0".encode())
        h.update(library_versions(_LIBRARIES).encode())
        for path in sorted(package.rglob("*")):
            if path.suffix in _CODE_SUFFIXES and "__pycache__" not in path.parts \
                    and path.is_file():
                h.update(path.relative_to(package).as_posix().encode() + b"\0")
                h.update(path.read_bytes())
                h.update(b"\0")
        _CODE_DIGEST = h.hexdigest()
    return _CODE_DIGEST


def library_versions(names: Sequence[str]) -> str:
    """``name version`` of each installed distribution (``?`` when absent), one a line."""
    from importlib.metadata import PackageNotFoundError, version

    lines = []
    for name in names:
        try:
            lines.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            lines.append(f"{name} ?")
    return "\n".join(lines) + "\n"


def digest(*parts: str | bytes) -> str:
    """SHA-256 of the parts, each one delimited (so ("ab", "c") != ("a", "bc"))."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(f"{len(data)}:".encode())
        h.update(data)
    return h.hexdigest()


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
