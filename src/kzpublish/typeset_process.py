"""A document typeset in a process forked for it, while its PDFs are laid out in the layout
process (`render.pdf_process`).

Reading, typesetting and writing the HTML of a 300-page document makes millions of small
objects. Freed, they leave Python's heap in pieces it does not give back to the system: on the
330-page benchmark document, 118 of its 1 MiB arenas stayed held for 12 MiB still in use, and the
build kept 136 MiB while its layout process laid the document out. Typeset in a forked process,
all of it ends with that process. The process sends back, as it goes: each PDF's page, handed at
once to the layout process (so the layout starts while the EPUB is packed); the other editions'
bytes; its messages and stages, in order; or its error, raised here as if it happened here.
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from kzpublish.errors import KzError, RenderError, engine_failure
from kzpublish.messages import _
from kzpublish.processes import collect_messages, die_with_parent

if TYPE_CHECKING:
    from kzpublish.errors import SourceLocation
    from kzpublish.render.pdf_process import PdfProcess

log = logging.getLogger("kzpublish")

Stage = Callable[[str, str], None]
Make = Callable[["Relay", Stage], dict[Path, Future]]


def typeset_apart(make: Make, layout: PdfProcess, progress: Stage, loc: SourceLocation | None) -> dict[Path, bytes]:
    """The bytes of each edition `make` makes, made in a forked process: `make(relay, stage)`
    returns each edition's Future; its PDFs, sent to `relay`, are laid out by `layout`."""
    read, written = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read)
        _child(make, written, parent, loc)
    os.close(written)
    relayed: dict[int, Future] = {}
    made: dict[Path, bytes | Future] = {}
    try:
        with os.fdopen(read, "rb") as pipe:
            while True:
                try:
                    kind, *args = pickle.load(pipe)
                except (EOFError, OSError, pickle.UnpicklingError) as e:
                    raise RenderError(_("the process typesetting this document stopped before it was done"), loc,
                                      hint=_("it was killed, perhaps for want of memory: build again, with other "
                                             "programs closed")) from e
                if kind == "done":
                    break
                if kind == "lay out":
                    relayed[args[0]] = layout.submit(*args[1])
                elif kind == "log":
                    log.log(args[0], "%s", args[1])
                elif kind == "stage":
                    progress(*args)
                elif kind == "made":
                    made[args[0]] = relayed[args[2]] if args[1] is None else args[1]
                else:  # "error"
                    raise args[0]
    finally:
        _end(pid)
    return {path: data.result() if isinstance(data, Future) else data for path, data in made.items()}


class Relay:
    """In the forked process, the layout process's `submit`: the page goes to the parent, which
    hands it on; the Future stands for it."""

    def __init__(self, send: Callable[[tuple], None]) -> None:
        self._send = send
        self.sent: dict[int, Future] = {}

    def submit(self, *args) -> Future:
        number = len(self.sent)
        self.sent[number] = Future()
        self._send(("lay out", number, args))
        return self.sent[number]

    def number(self, future: Future) -> int | None:
        return next((n for n, sent in self.sent.items() if sent is future), None)


def _child(make: Make, pipe: int, parent: int, loc: SourceLocation | None) -> None:
    code = 0
    try:
        die_with_parent(parent)
        out = os.fdopen(pipe, "wb")
        lock = threading.Lock()

        def send(message: tuple) -> None:
            with lock:
                pickle.dump(message, out)
                out.flush()

        collect_messages(_Send(send))
        try:
            relay = Relay(send)
            made = make(relay, lambda slug, stage: send(("stage", slug, stage)))
            for path, future in made.items():
                number = relay.number(future)
                send(("made", path, None if number is not None else future.result(), number))
        except KzError as e:
            send(("error", e))
        except (MemoryError, RecursionError) as e:
            send(("error", e))
        except Exception as e:  # noqa: BLE001 — a bug: reported as the build would report it
            log.debug("", exc_info=True)
            send(("error", engine_failure("kzpublish", e, loc)))
        send(("done",))
        out.close()
    except BaseException:  # noqa: BLE001 — whatever happens, the child must not go on as the parent
        code = 1
    finally:
        os._exit(code)


class _Send(logging.Handler):
    def __init__(self, send: Callable[[tuple], None]) -> None:
        super().__init__()
        self._send_message = send

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.exc_info:  # KZPUBLISH_DEBUG's traceback
            message = "\n".join(filter(None, [message, logging.Formatter().formatException(record.exc_info)]))
        self._send_message(("log", record.levelno, message))


def _end(pid: int) -> None:
    """Wait for the forked process; stop it first if it is still at work (the build failed, or
    was stopped)."""
    try:
        if os.waitpid(pid, os.WNOHANG) == (0, 0):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except ChildProcessError:
        pass
