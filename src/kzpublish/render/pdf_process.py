"""WeasyPrint in a process of its own, for a build that has a spare core.

Importing WeasyPrint takes most of a second: on a small document, as long as all of kzpublish's
own work before the layout. A layout process forked when the build starts imports it on another
core meanwhile; the build sends it each page (`render.translations.lay_out`'s arguments) and gets the
PDF's bytes back. What WeasyPrint logs comes back with the bytes and is logged here; an error
is raised here with its location and hint, as if WeasyPrint had run in this process. The bytes
are the same either way.
"""

from __future__ import annotations

import os
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from kzpublish.errors import RenderError, SourceLocation
from kzpublish.memory import fewer_collections
from kzpublish.messages import _
from kzpublish.processes import Collected, collect_messages, die_with_parent, replayed, reply

if TYPE_CHECKING:
    from kzpublish.config import Paper
    from kzpublish.editions import PdfOptions


class PdfProcess:
    """A forked process that lays out PDFs; use as a context manager (leaving it stops the process)."""

    def __init__(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, self._conn, os.getpid()), name="kzpublish-layout",
                                        daemon=True)
        self._process.start()
        child.close()
        self._sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kzpublish-layout")
        self._lost = False

    def submit(self, *args) -> Future:
        """`lay_out` on a thread of this process: the build goes on meanwhile."""
        return self._sender.submit(self.lay_out, *args)

    def write_pdf(self, page: str, stylesheet: Path | None, options: PdfOptions | Paper, root: Path,
                  loc: SourceLocation | None, images: dict[str, Path] | None = None) -> bytes:
        """`render.pdf.write_pdf`, in the layout process."""
        return self.lay_out((page,), stylesheet, options, root, loc, images)

    def lay_out(self, pages: tuple[str, ...], stylesheet: Path | None, options: PdfOptions | Paper, root: Path,
                loc: SourceLocation | None, images: dict[str, Path] | None = None) -> bytes:
        """`render.translations.lay_out`, in the layout process, which forks to lay out
        translations at once."""
        if self._lost:  # the process died on an earlier document: the others are laid out here
            from kzpublish.render.translations import lay_out

            return lay_out(pages, stylesheet, options, root, loc, images)
        try:
            self._conn.send((pages, stylesheet, options, root, loc, images))
            reply = self._conn.recv()
        except (EOFError, OSError) as e:
            self._process.join(1)
            self._lost = True
            raise RenderError(_("the layout process stopped (exit code {code}) before the PDF was made").format(
                              code=self._process.exitcode), loc,
                              hint=_("it was killed, perhaps for want of memory: build again, with other programs closed")) from e
        return replayed(*reply)

    def close(self) -> None:
        """Stop the process, also while it is still importing or laying out (Ctrl-C, or a
        document that failed)."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._sender.shutdown(cancel_futures=True)  # a page being sent or laid out fails with EOF now
        self._conn.close()

    def __enter__(self) -> PdfProcess:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _serve(conn, parents_end, parent: int) -> None:
    """The layout process: import WeasyPrint, then lay out each page that comes until the build
    closes its end."""
    die_with_parent(parent)
    parents_end.close()
    collect = collect_messages()  # the build's own handlers print; here, messages go back to it
    try:
        import kzpublish.render.pdf  # noqa: F401 — WeasyPrint, imported before the first page comes
        from kzpublish.render.translations import lay_out

        with fewer_collections():
            while True:
                _lay_out(conn, collect, partial(lay_out, fork=True))
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        return  # the build is over, or was stopped (Ctrl-C reaches this process too)


def _lay_out(conn, collect: Collected, lay_out) -> None:
    """Receive one page, send back its PDF (or the error) and what was logged meanwhile."""
    args = conn.recv()
    collect.messages = []
    conn.send(reply(lambda: lay_out(*args), collect.messages, "WeasyPrint", args[4]))
