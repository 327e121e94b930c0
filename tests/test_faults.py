"""Faults of the machine, not of the input: a full or failing disk and an interrupted build.

Each ends in one line on stderr and a non-zero exit, with the previous ``site/`` exactly as it
was and nothing of the failed build left beside it. Disk faults are injected in-process (the
file write raises as the kernel would); interruptions send real signals to a real build.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.pipeline import BuildOptions, build

from .conftest import SEED_DATE, SEED_SLUG
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


class _FailingFile:
    """An open file whose writes fail as on a full disk (the cache writes through
    ``os.fdopen``, see briefing/atomic.py)."""

    def __init__(self, handle: object, code: int) -> None:
        self.handle = handle
        self.code = code

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()  # type: ignore[attr-defined]

    def write(self, data: bytes) -> int:
        raise OSError(self.code, os.strerror(self.code))


def fail_file_writes(monkeypatch: pytest.MonkeyPatch, where: str, code: int) -> None:
    """Files opened with ``os.fdopen`` under a path containing ``where`` fail to write."""
    original = os.fdopen

    def fdopen(fd: int, *args: object, **kwargs: object) -> object:
        handle = original(fd, *args, **kwargs)  # type: ignore[call-overload]
        if where in os.readlink(f"/proc/self/fd/{fd}"):
            return _FailingFile(handle, code)
        return handle

    monkeypatch.setattr(os, "fdopen", fdopen)


@pytest.mark.parametrize(("code", "what", "hint"), DISK_FAULTS)
def test_disk_fault_while_writing_the_site(project: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str], code: int,
                                           what: str, hint: str) -> None:
    build(BuildOptions.for_root(project, pdf=False))
    before = tree_digest(project / "site")
    monkeypatch.chdir(project)
    fail_writes(monkeypatch, ".site.building-", code, after=5)
    assert main(["build", "--no-pdf", "--force"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    first, summary = err.splitlines()
    assert re.fullmatch(rf"site/\S+\.\w+: cannot write: {what} \({hint}[^)]*\)", first), first
    assert summary == "1 error(s); nothing was written."
    assert tree_digest(project / "site") == before
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site.")]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux /proc")
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
    fail_file_writes(monkeypatch, str(cache / "pdf"), errno.ENOSPC)
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


def descendants(pid: int) -> set[int]:
    """Every living process under ``pid`` (from /proc: no dependency)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(
                int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize(("sig", "whole_group", "wait", "expected"), [
    # Ctrl-C reaches the whole process group, as a terminal sends it; the workers are then
    # still importing WeasyPrint in their initialiser, where the traceback used to come from.
    (signal.SIGINT, True, 0.0, "interrupted (Ctrl-C); nothing was written."),
    # cron's timeout or `kill` signal the build alone, while the workers render.
    (signal.SIGTERM, False, 1.5, "terminated (SIGTERM); nothing was written."),
])
def test_interrupted_pdf_build(project: Path, sig: signal.Signals, whole_group: bool,
                               wait: float, expected: str) -> None:
    build(BuildOptions.for_root(project, pdf=False))
    before = tree_digest(project / "site")
    fonts = project / ".cache" / "briefing" / "fonts"  # made as the PDF stage starts
    process = subprocess.Popen([sys.executable, "-m", "briefing", "build"], cwd=project,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    seen: set[int] = set()
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        seen |= descendants(process.pid)
        if fonts.is_dir() and seen:
            break
        time.sleep(0.01)
    until = time.monotonic() + wait
    while time.monotonic() < until and process.poll() is None:
        seen |= descendants(process.pid)
        time.sleep(0.05)
    assert process.poll() is None, "the build ended before the PDF stage could be interrupted"
    assert seen, "no worker processes"
    sent = time.monotonic()
    if whole_group:
        os.killpg(process.pid, sig)
    else:
        os.kill(process.pid, sig)
    _, err = process.communicate(timeout=60)
    took = time.monotonic() - sent
    assert err.splitlines() == [expected], err
    assert process.returncode == 128 + sig
    assert took < 10, f"stopped {took:.1f} s after the signal"
    time.sleep(0.2)  # the kernel reaps the last workers
    assert not [pid for pid in seen if alive(pid)]
    assert tree_digest(project / "site") == before
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site.")]
    assert not list((project / ".cache" / "briefing" / "pdf").glob(".*.tmp"))


def test_terminated_while_rendering_html(project: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """SIGTERM while the pages render (in-process: the signal is sent from the renderer)."""
    from briefing.render.html import PageRenderer

    build(BuildOptions.for_root(project, pdf=False))
    before = tree_digest(project / "site")
    render_all = PageRenderer.render_all

    def render_and_terminate(self: PageRenderer) -> dict[str, bytes]:
        if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
            pytest.fail("SIGTERM is not handled: the build would die without cleaning up")
        os.kill(os.getpid(), signal.SIGTERM)
        return render_all(self)

    monkeypatch.setattr(PageRenderer, "render_all", render_and_terminate)
    monkeypatch.chdir(project)
    assert main(["build", "--no-pdf", "--cache", str(project / "fresh-cache")]) == 143
    assert capsys.readouterr().err == "terminated (SIGTERM); nothing was written.\n"
    assert tree_digest(project / "site") == before
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site.")]
    assert signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None)  # restored


def test_two_builds_at_once_leave_one_complete_site(project: Path) -> None:
    """cron and a person build into the same site/ at once, from different content: both
    succeed and the site is exactly one of the two sites (last writer wins, each swapped in
    whole, never a mix), with no staging folder left."""
    import shutil

    other = project / "content-b"
    shutil.copytree(project / "content", other)
    en = other / SEED_DATE / f"{SEED_SLUG}.en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: VERSION-B ", 1),
                  encoding="utf-8")
    expected = set()
    for content, out in (("content", "site-a"), ("content-b", "site-b")):
        build(BuildOptions.for_root(project, pdf=False, content_dir=project / content,
                                    out_dir=project / out, cache_dir=project / f".cache-{out}"))
        expected.add(tree_digest(project / out, skip=("README.md", ".gitignore")))
    assert len(expected) == 2
    # One cache for both, as on a desk.
    runs = [subprocess.Popen([sys.executable, "-m", "briefing", "build", "--no-pdf",
                              "--content", content], cwd=project, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
            for content in ("content", "content-b")]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    assert tree_digest(project / "site", skip=("README.md", ".gitignore")) in expected
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site")]
