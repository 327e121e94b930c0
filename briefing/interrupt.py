"""Ctrl-C and SIGTERM: the command stops at once, with its worker processes, in one line.

A build renders PDFs and classifies articles in pools of worker processes. Left to Python's
defaults, Ctrl-C (SIGINT to the whole terminal's process group) raises KeyboardInterrupt in
every worker too: each prints a traceback (often from the PDF worker's initialiser, while it
imports WeasyPrint) and the pool, now broken, ends the build as an "internal error" or keeps
it waiting on the remaining documents. SIGTERM (cron's timeout, systemd, ``kill``) ended the
process without unwinding: no cleanup of the staging folder, workers left running.

While :func:`handling_signals` is active, both signals are handled by the main process only:
its handler stops every worker process at once and raises :class:`Interrupted` (a
KeyboardInterrupt) in the main thread, so the normal unwinding runs (the site writer
removes its staging folder, the previous ``site/`` is left as it was) and the CLI prints one
line. Worker processes ignore SIGINT and die quietly on SIGTERM: hooks around every fork
hold the two signals back while a worker is made and reset the handlers it inherited.

Signal handlers belong to the process, so this module has the one piece of process-wide
setup of the package; it is installed by the CLI around a command and removed after it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator
from types import FrameType

HANDLED = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """The command was stopped by a signal (Ctrl-C or SIGTERM)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # what a shell reports for a process killed by the signal

    @property
    def what(self) -> str:
        return "interrupted (Ctrl-C)" if self.signum == signal.SIGINT else "terminated (SIGTERM)"


def _on_signal(signum: int, frame: FrameType | None) -> None:
    stop_workers()
    raise Interrupted(signum)


def stop_workers() -> None:
    """Terminate every worker process this process started (process pools included)."""
    for child in multiprocessing.active_children():
        with contextlib.suppress(OSError, ValueError):
            child.terminate()


def _active() -> bool:
    return signal.getsignal(signal.SIGINT) is _on_signal


def _before_fork() -> None:
    # Signals wait (blocked) while a worker is forked: a Ctrl-C then would run our handler
    # in the half-made child, which would stop its siblings and print a traceback.
    if _active():
        signal.pthread_sigmask(signal.SIG_BLOCK, HANDLED)


def _after_fork_in_parent() -> None:
    if _active():
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HANDLED)  # one waiting is handled now


def _after_fork_in_child() -> None:
    """A worker leaves Ctrl-C to its parent and dies quietly on SIGTERM."""
    if _active():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HANDLED)


_HOOK = threading.Lock()
_hooked: list[bool] = []


def _register_fork_hooks() -> None:
    # os.register_at_fork has no way to unregister: register once per process. The hooks do
    # nothing unless our handlers are installed. "before" hooks run last-registered first
    # and "after" hooks first-registered first, so ours surround every other library's.
    with _HOOK:
        if not _hooked:
            os.register_at_fork(before=_before_fork, after_in_parent=_after_fork_in_parent,
                                after_in_child=_after_fork_in_child)
            _hooked.append(True)


@contextlib.contextmanager
def handling_signals() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM stop workers and raise :class:`Interrupted`."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (a command run from a test's thread)
        return
    _register_fork_hooks()
    previous = {signum: signal.getsignal(signum) for signum in HANDLED}
    for signum in HANDLED:
        signal.signal(signum, _on_signal)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
