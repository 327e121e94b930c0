"""Faults of the machine, not of the input: a full or failing disk and an interrupted build.

Each ends in one line on stderr and a non-zero exit, with the previous ``site/`` exactly as it
was and nothing of the failed build left beside it. Disk faults are injected in-process (the
file write raises as the kernel would); interruptions send real signals to a real build.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.pipeline import BuildOptions, build

from .test_reliability import tree_digest

DISK_FAULTS = [(errno.ENOSPC, "No space left on device", "free some space on that disk"),
               (errno.EIO, "Input/output error", "the disk reported a read or write failure")]


def fail_writes(monkeypatch: pytest.MonkeyPatch, where: str, code: int, after: int = 0) -> None:
    """``Path.write_bytes`` into a path containing ``where`` raises ``code`` (after ``after``
    good writes), without a file name, as a write(2) that fails half-way does."""
    original = Path.write_bytes
    done = [0]

    def write_bytes(self: Path, data: bytes) -> int:
        if where in str(self):
            done[0] += 1
            if done[0] > after:
                raise OSError(code, os.strerror(code))
        return original(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)


@pytest.mark.parametrize(("code", "what", "hint"), DISK_FAULTS)
def test_disk_fault_while_writing_the_site(project: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str], code: int,
                                           what: str, hint: str) -> None:
    build(BuildOptions.for_root(project, pdf=False))
    before = tree_digest(project / "site")
    monkeypatch.chdir(project)
    fail_writes(monkeypatch, ".site.building-", code, after=5)
    assert main(["build", "--no-pdf"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    first, summary = err.splitlines()
    assert re.fullmatch(rf"site/\S+\.\w+: cannot write: {what} \({hint}[^)]*\)", first), first
    assert summary == "1 error(s); nothing was written."
    assert tree_digest(project / "site") == before
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site.")]


def test_full_disk_in_the_pdf_cache(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF cache holds the copy the site gets: a full disk there fails the build naming
    the cache file, and leaves no half-written file in the cache. (WeasyPrint is replaced by
    a stub here: the fault is in storing, not rendering.)"""
    from briefing.errors import DiskError
    from briefing.render import pdf_jobs

    build(BuildOptions.for_root(project, pdf=False))
    before = tree_digest(project / "site")
    monkeypatch.setattr(pdf_jobs, "_init_worker", lambda setup: None)
    monkeypatch.setattr(pdf_jobs, "_render_in_worker", lambda job: (b"%PDF-1.7 stub", []))
    cache = project / ".cache" / "briefing"
    fail_writes(monkeypatch, str(cache / "pdf"), errno.ENOSPC)
    with pytest.raises(DiskError) as caught:
        build(BuildOptions.for_root(project, pdf=True, workers=1))
    error = caught.value
    assert Path(error.path).parent == cache / "pdf" and str(error.path).endswith(".pdf")
    assert error.format().endswith("cannot write: No space left on device (free some space "
                                   "on that disk, then run the command again)")
    assert tree_digest(project / "site") == before
    assert not list((cache / "pdf").iterdir())
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site.")]


def test_disk_fault_without_a_file_name_reaches_the_cli_as_one_line(
        project: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """A disk fault no writer names (here in reading the content) is still one line, not an
    internal error."""
    import briefing.reader

    def broken(*args: object, **kwargs: object) -> object:
        raise OSError(errno.EIO, os.strerror(errno.EIO), "content/2024-12-03/x.ar.md")

    monkeypatch.setattr(briefing.reader, "read_file", broken)
    monkeypatch.chdir(project)
    assert main(["build", "--no-pdf", "--cache", str(project / "empty-cache")]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/2024-12-03/x.ar.md: cannot write: Input/output error (the disk reported a "
        "read or write failure: check it with dmesg, then run again)"]
