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
line. Worker processes ignore SIGINT and die quietly on SIGTERM: a hook run in every forked
child resets the handlers it inherited (and the handler itself does nothing in a child that
gets a signal before the hook has run).

Signal handlers belong to the process, so this module has the one piece of process-wide
setup of the package; it is installed by the CLI around a command and removed after it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
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


#: Process-wide, as signal handlers are: the process that installed the handlers and the
#: signals it received while they were installed.
_main_pid: list[int] = []
_received: list[int] = []


def _on_signal(signum: int, frame: FrameType | None) -> None:
    if not _main_pid or os.getpid() != _main_pid[0]:
        # A worker forked a moment ago, before its fork hook reset the handlers.
        if signum == signal.SIGTERM:
            os._exit(128 + signum)
        return
    _received.append(signum)
    stop_workers()
    raise Interrupted(signum)


def stop_workers() -> None:
    """Terminate every worker process this process started (process pools included)."""
    for child in multiprocessing.active_children():
        with contextlib.suppress(OSError, ValueError):
            child.terminate()


def reap_workers(timeout: float = 5.0) -> None:
    """Wait for the stopped workers to be gone (killing any that outlive ``timeout``), so
    that none outlives the command."""
    deadline = time.monotonic() + timeout
    for child in multiprocessing.active_children():
        with contextlib.suppress(OSError, ValueError, AssertionError):
            child.join(max(0.0, deadline - time.monotonic()))
            if child.is_alive():
                child.kill()
                child.join(1.0)


def _after_fork_in_child() -> None:
    """A worker leaves Ctrl-C to its parent and dies quietly on SIGTERM."""
    if signal.getsignal(signal.SIGINT) is _on_signal:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


_HOOK = threading.Lock()
_hooked: list[bool] = []


def _register_fork_hook() -> None:
    # os.register_at_fork has no way to unregister: register once per process. The hook does
    # nothing unless our handlers were installed in the parent.
    with _HOOK:
        if not _hooked:
            os.register_at_fork(after_in_child=_after_fork_in_child)
            _hooked.append(True)


@contextlib.contextmanager
def handling_signals() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM stop workers and raise :class:`Interrupted`."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (a command run from a test's thread)
        return
    _register_fork_hook()
    _main_pid[:] = [os.getpid()]
    _received.clear()
    previous = {signum: signal.getsignal(signum) for signum in HANDLED}
    for signum in HANDLED:
        signal.signal(signum, _on_signal)
    unraisable = sys.unraisablehook

    def quiet(info: sys.UnraisableHookArgs) -> None:
        # A signal handled while Python runs a fork hook or a finaliser: the exception is
        # ignored there (the workers are stopped all the same, so the build stops at the
        # next step, below); without this it would print a traceback.
        if not isinstance(info.exc_value, Interrupted):
            unraisable(info)

    sys.unraisablehook = quiet
    try:
        yield
    except BaseException as exc:
        # The handler's exception can be swallowed where Python ignores exceptions (a fork
        # hook, a finaliser) or replaced by one raised while unwinding (a pool joining a
        # thread it had no time to start); the signal still decides how the command ends.
        if _received:
            reap_workers()
            if not isinstance(exc, Interrupted):
                raise Interrupted(_received[0]) from exc
        raise
    finally:
        sys.unraisablehook = unraisable
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
