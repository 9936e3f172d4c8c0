"""Where a build's work runs. The processes a build forks (its workers, its layout process) end
with it, even when it is killed outright (`kill -9`), instead of finishing work nobody waits for,
or idling forever; work run in place answers as a pool's would, with a `Future`."""

from __future__ import annotations

import logging
import os
import signal
import sys
from concurrent.futures import Future
from contextlib import contextmanager
from typing import Callable

from kzpublish.errors import KzError, SourceLocation, engine_failure

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Have Linux kill this process when `parent` ends; end at once if it already has."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # no prctl: the parent's end is noticed later, if at all
            pass
    if os.getppid() != parent:
        os._exit(1)


class Collected(logging.Handler):
    """The messages logged in a forked process, as (level, text), to be sent back to the process
    that prints them."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append((record.levelno, record.getMessage()))


def collect_messages(into: logging.Handler | None = None) -> logging.Handler:
    """In a forked process: kzpublish's messages handed to `into` (else kept, `Collected`) instead
    of printed as the parent's handlers would."""
    into = into or Collected()
    logger = logging.getLogger("kzpublish")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(into)
    logger.propagate = False
    return into


def reply(work: Callable[[], object], messages: list[tuple[int, str]], engine: str,
          loc: SourceLocation | None) -> tuple[bool, object, list[tuple[int, str]]]:
    """What a forked process sends back for `work()` (`replayed` takes it): its result, or its
    error (a bug in `engine` told as `engine_failure`), with the messages logged meanwhile."""
    try:
        return True, work(), messages
    except KzError as e:
        return False, e, messages
    except Exception as e:  # noqa: BLE001 — a bug in the engine: this document fails, the others go on
        return False, engine_failure(engine, e, loc), messages


def replayed(ok: bool, value, messages: list[tuple[int, str]]):
    """A forked process's reply, as if its work had run here: its messages logged, then its
    result returned or its error raised."""
    logger = logging.getLogger("kzpublish")
    for level, message in messages:
        logger.log(level, "%s", message)
    if not ok:
        raise value
    return value


def run_here(fn, *args, **kwargs) -> Future:
    """`Executor.submit` for running in place: the result is there at once (an exception is
    raised at once too)."""
    done: Future = Future()
    done.set_result(fn(*args, **kwargs))
    return done


def usable_cores() -> int:
    """The cores this process may run on (fewer than the machine's under `taskset` or a CPU quota)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_jobs() -> int:
    return usable_cores()


_POOL_WORK: list = []


def in_processes(fn, items: list, jobs: int):
    """`fn(item)` for each item, in `jobs` forked processes that end with this one, yielding
    the results as they come, in order. The items are inherited by the fork, not pickled."""
    _POOL_WORK[:] = [(fn, item) for item in items]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs, len(items)), mp_context=context,
                             initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        yield from pool.map(_pool_work, range(len(items)))


def _pool_work(index: int):
    fn, item = _POOL_WORK[index]
    return fn(item)


@contextmanager
def layout_process(wanted: bool):
    """A process that lays out PDFs (`render.pdf_process`), started now, when PDFs are `wanted`
    and a core is spare for importing WeasyPrint while this one typesets; else None, and
    WeasyPrint runs here (also where it is loaded already, as in `build --watch`)."""
    if not wanted or usable_cores() < 2 or "kzpublish.render.pdf" in sys.modules:
        yield None
        return
    from kzpublish.render.pdf_process import PdfProcess

    try:
        process = PdfProcess()
    except OSError:  # no process to be had (a container's limit): WeasyPrint runs here
        yield None
        return
    with process:
        yield process
