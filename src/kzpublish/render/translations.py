"""A long sequential edition laid out a translation at a time, on a second core where there is one.

WeasyPrint lays out an HTML page on one core: a 300-page bilingual edition is 13 s of it. In
the sequential layout each translation starts a page, and with kzpublish's styles nothing
crosses from one to the next but the page numbers. So each translation is laid out as a page of
its own (`render.page.translation_pages`) and the PDFs are joined (`render.pdf_join`). WeasyPrint
lays out every page's body before it makes the margin boxes that hold the page numbers, so a
translation is numbered only then, from where it falls in the whole (`render.pdf.write_pdf`'s
`first_page`). In the layout process the second translation is laid out in a forked process at
the same time as the first, and waits, its body laid out, for the first's page count. The PDF is
the same whether on one core or two.

Translations are laid out apart only when it pays and changes nothing: each is long
(`SMALLEST`), no link points from one to another, and the stylesheet starts each on a page of its
own and has nothing that carries across or depends on where a translation starts
(`css_scan.CROSSES_TRANSLATIONS`).
"""

from __future__ import annotations

import html
import logging
import os
import pickle
import re
import signal
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from kzpublish.processes import collect_messages, die_with_parent, replayed, reply
from kzpublish.render.css_scan import crosses_translations, lean, starts_translations_apart

if TYPE_CHECKING:
    from kzpublish.errors import SourceLocation

log = logging.getLogger("kzpublish")

SMALLEST = 60_000
"""Characters of HTML each translation needs to be laid out apart, about ten A4 pages: below
that a second process saves less than it costs, and each PDF embeds its own font subsets."""
ANCHOR = re.compile(r'\sid="([^"]*)"')
LINK = re.compile(r'\shref="#([^"]*)"')


def separable(pages: tuple[str, ...], style: str) -> bool:
    """Whether the translations' pages (`render.page.translation_pages`) may be laid out apart
    and joined: see the module's text."""
    if len(pages) < 2 or min(map(len, pages)) < SMALLEST or crosses_translations(style) \
            or not starts_translations_apart(style) or not lean("", style):
        return False
    ids = [{html.unescape(i) for i in ANCHOR.findall(page)} for page in pages]
    return not any(target not in ids[n] and any(target in other for other in ids)
                   for n, page in enumerate(pages) for target in map(html.unescape, LINK.findall(page)))


def lay_out(pages: tuple[str, ...], stylesheet: Path | None, options, root: Path, loc: SourceLocation | None,
            images: dict[str, Path] | None = None, fork: bool = False) -> bytes:
    """The PDF of `pages`: one whole page, or a sequential edition's translations (`separable`),
    laid out apart and joined; with `fork`, all but the first in forked processes at once."""
    from kzpublish.render.pdf import write_pdf

    if len(pages) == 1:
        return write_pdf(pages[0], stylesheet, options, root, loc, images)
    from kzpublish.render.pdf_join import join, page_count

    def write(n: int, first: int | Callable[[], int], laid_out: Callable[[int], None] | None = None) -> bytes:
        return write_pdf(pages[n], stylesheet, options, root, loc, images, first, laid_out)

    with _each_warning_once():
        ahead = {n: _Forked(write, n, loc) for n in range(1, len(pages))} if fork else {}
        try:
            pdfs: list[bytes] = []
            first = 1
            for n in range(len(pages)):
                # The next translation, laid out meanwhile, is numbered as soon as this one's pages
                # are counted: it writes its PDF while this one writes its own.
                tell = ahead[n + 1].number if n == 0 and n + 1 in ahead else None
                pdf = ahead[n].result(first) if n in ahead else None
                pdfs.append(pdf if pdf is not None else write(n, first, tell and (lambda count: tell(1 + count))))
                first += page_count(pdfs[-1])
        finally:
            for child in ahead.values():
                child.close()
        return join(pdfs)


class _Forked:
    """`write(n, first)` in a forked process: it lays out the body, then waits to be told its
    first page number; its PDF (or error) and its warnings come back through a pipe. It ends
    with the process that forked it, killed too (the layout process is, when the build is
    stopped)."""

    def __init__(self, write: Callable[[int, Callable[[], int]], bytes], n: int, loc: SourceLocation | None) -> None:
        results, results_end = os.pipe()
        numbers_end, numbers = os.pipe()
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            die_with_parent(parent)
            os.close(results)
            os.close(numbers)
            _child(results_end, lambda: write(n, lambda: _read_number(numbers_end)), loc)
        os.close(results_end)
        os.close(numbers_end)
        self._results = os.fdopen(results, "rb")
        self._numbers = os.fdopen(numbers, "wb")
        self._told: int | None = None

    def number(self, first: int) -> None:
        """Tell the process its first page number (once)."""
        if self._told is None:
            self._told = first
            try:
                self._numbers.write(b"%d\n" % first)
                self._numbers.flush()
            except OSError:  # it died: `result` finds out
                pass

    def result(self, first: int) -> bytes | None:
        """The PDF, numbered from `first`; None if the process died or was told another number
        (to be laid out here). Its error is raised; its warnings are logged."""
        self.number(first)
        if self._told != first:
            return None
        try:
            reply = pickle.load(self._results)
        except (EOFError, OSError, pickle.UnpicklingError):  # killed (out of memory?): laid out here
            return None
        return replayed(*reply)

    def close(self) -> None:
        if self._results.closed:
            return
        for pipe in (self._results, self._numbers):
            try:
                pipe.close()
            except OSError:  # the child is gone: nothing to flush to
                pass
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)


def _read_number(pipe: int) -> int:
    """The first page number, when the parent tells it; the child ends if the parent never does."""
    text = b""
    while not text.endswith(b"\n"):
        chunk = os.read(pipe, 16)
        if not chunk:
            os._exit(1)
        text += chunk
    return int(text)


def _child(pipe: int, work: Callable[[], bytes], loc: SourceLocation | None) -> None:
    code = 0
    try:
        answer = reply(work, collect_messages().messages, "WeasyPrint", loc)
        with os.fdopen(pipe, "wb") as out:
            pickle.dump(answer, out)
    except BaseException:  # noqa: BLE001 — whatever happens, the child must not go on as the parent
        code = 1
    finally:
        os._exit(code)


@contextmanager
def _each_warning_once():
    """Each translation's layout tells the stylesheet's warnings again: the edition tells them once."""
    told: set[str] = set()

    def first_time(record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message in told:
            return False
        told.add(message)
        return True

    log.addFilter(first_time)
    try:
        yield
    finally:
        log.removeFilter(first_time)
