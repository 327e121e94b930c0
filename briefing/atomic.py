"""One way to write a file so that readers see the old bytes or the new, never a part.

Every cache and stamp writes through :func:`write_atomic`: the data goes to a temporary file
in the same folder, written in full, and replaces the target in one rename. A build killed
mid-write leaves at most a temporary file (named ``.*.tmp``, swept by the cache's pruning),
never a truncated entry under a real name.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (creating its folder); raise OSError on failure,
    leaving no temporary file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def copy_atomic(source: Path, path: Path) -> None:
    """Copy ``source`` to ``path`` atomically (see :func:`write_atomic`)."""
    write_atomic(path, source.read_bytes())
