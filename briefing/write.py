"""Atomic output: write the whole site into a fresh folder beside ``--out``, then swap it in.

A failed or killed build leaves the previous site exactly as it was. The writer refuses to
write a path twice or outside the output folder, and refuses to replace a folder that is not
a briefing output (it could be someone's work). The folder's README and dotfiles (kept in
git) are carried over into each new build.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from .errors import BriefingError

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


class SiteWriter:
    """Collects output files in a staging folder; :meth:`commit` swaps it in atomically."""

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        check_output_dir(self.out)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.building-",
                                             dir=self.out.parent))
        self.written: dict[str, int] = {}

    def write(self, path: str, data: bytes) -> None:
        rel = safe_relative(path)
        key = rel.as_posix()
        if key in self.written:
            raise OutputError(f"two outputs want the same path {key!r}", None, None,
                              "rename one of the articles or templates")
        target = self.staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.written[key] = len(data)

    def write_all(self, files: Mapping[str, bytes]) -> None:
        for path, data in files.items():
            self.write(path, data)

    def copy(self, path: str, source: Path) -> None:
        rel = safe_relative(path)
        key = rel.as_posix()
        if key in self.written:
            raise OutputError(f"two outputs want the same path {key!r}", None, None,
                              "rename one of the assets")
        target = self.staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        self.written[key] = target.stat().st_size

    def commit(self) -> None:
        """Swap the staging folder in place of the output folder."""
        for name in CARRIED_OVER:
            kept = self.out / name
            if kept.is_file() and name not in self.written:
                shutil.copyfile(kept, self.staging / name)
        manifest = {"files": dict(sorted(self.written.items()))}
        (self.staging / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
        os.chmod(self.staging, 0o755)
        if self.out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
            os.rename(self.out, old / "site")
            os.rename(self.staging, self.out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(self.staging, self.out)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
