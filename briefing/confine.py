"""Files the build reads stay in their folder: a link pointing out of it is never followed.

A content file, a date folder or a template can be a symbolic link. One pointing outside
its folder (``content/2024-12-03/x.en.md -> /home/someone/notes.txt``, a template partial
linked to ``/etc/passwd``) would be read, and published in the pages, the feeds, the PDFs and
the search index. The readers ask :func:`escapes` before opening anything; links that stay
inside the folder (after every link on the way is resolved) are fine.
"""

from __future__ import annotations

from pathlib import Path


def escapes(path: Path, *roots: Path) -> Path | None:
    """Where ``path`` really is when that is outside every one of ``roots``, else None."""
    real = path.resolve()
    for root in roots:
        if real.is_relative_to(root.resolve()):
            return None
    return real
