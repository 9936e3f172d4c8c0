"""Where a build's work runs. The processes a build forks (its workers, its layout process) end
with it, even when it is killed outright (`kill -9`), instead of finishing work nobody waits for,
or idling forever; work run in place answers as a pool's would, with a `Future`."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from concurrent.futures import Future

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Have Linux kill this process when `parent` ends; end at once if it already has."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # no prctl: the parent's end is noticed later, if at all
            pass
    if os.getppid() != parent:
        os._exit(1)


def run_here(fn, *args, **kwargs) -> Future:
    """`Executor.submit` for running in place: the result is there at once (an exception is
    raised at once too)."""
    done: Future = Future()
    done.set_result(fn(*args, **kwargs))
    return done
