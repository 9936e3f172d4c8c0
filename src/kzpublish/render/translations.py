"""A long sequential edition laid out a translation at a time, on a second core where there is one.

WeasyPrint lays out an HTML page on one core: a 300-page bilingual edition is 13 s of it. In
the sequential layout each translation starts a page, and with kzpublish's styles nothing
crosses from one to the next but the page numbers. So each translation is laid out as a page of
its own (`render.page.translation_pages`), numbered from where it falls in the whole, and the
PDFs are joined (`render.pdf_join`). In the layout process the second translation is laid out in
a forked process meanwhile, numbered from a guess: the first translation's page count at the last
build, kept beside the PDF's stamp (at the first build, a guess from its length). A wrong guess
changes only the page numbers: that translation is laid out again, here, with the right ones. The
PDF is the same whether on one core or two, and whatever was guessed.

Translations are laid out apart only when it pays and changes nothing: each is long
(`SMALLEST`), no link points from one to another, and the stylesheet starts each on a page of its
own and has nothing that carries across or depends on where a translation starts
(`css_scan.CROSSES_TRANSLATIONS`).
"""

from __future__ import annotations

import html
import json
import logging
import os
import pickle
import re
import signal
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from kzpublish.errors import KzError, engine_failure
from kzpublish.output import write_atomic
from kzpublish.processes import collect_messages, die_with_parent
from kzpublish.render.css_scan import crosses_translations, lean, starts_translations_apart

if TYPE_CHECKING:
    from kzpublish.errors import SourceLocation

log = logging.getLogger("kzpublish")

SMALLEST = 60_000
"""Characters of HTML each translation needs to be laid out apart, about ten A4 pages: below
that a second process saves less than it costs, and each PDF embeds its own font subsets."""
CHARS_PER_PAGE = 4_500
"""Characters of HTML a page holds, for a first guess at where a translation starts (the 309-page
benchmark document has about 5,800 a page on A4, 3,300 on A5)."""
ANCHOR = re.compile(r'\sid="([^"]*)"')
LINK = re.compile(r'\shref="#([^"]*)"')
KEPT_BYTES = 4096
"""The most of the kept page counts read: a few numbers."""


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

    def write(n: int, first: int) -> bytes:
        return write_pdf(pages[n], stylesheet, options, root, loc, images, first)

    kept = _inside(options.page_counts, root)
    guesses = _guessed_firsts(kept, pages)
    with _each_warning_once():
        ahead = {n: _Forked(write, n, guesses[n], loc) for n in range(1, len(pages))} if fork else {}
        try:
            pdfs: list[bytes] = []
            first = 1
            for n in range(len(pages)):
                pdf = ahead[n].result(first) if n in ahead else None
                pdfs.append(pdf if pdf is not None else write(n, first))
                first += page_count(pdfs[-1])
        finally:
            for child in ahead.values():
                child.close()
        _keep_counts(kept, [page_count(pdf) for pdf in pdfs])
        return join(pdfs)


def _inside(kept: Path | None, root: Path) -> Path | None:
    """`kept`, unless a symlink leads it out of the project: the counts are then neither read
    nor written."""
    try:
        return kept if kept and kept.resolve().is_relative_to(root.resolve()) else None
    except (OSError, RuntimeError):  # a symlink loop
        return None


def _guessed_firsts(kept: Path | None, pages: tuple[str, ...]) -> list[int]:
    """Where each translation starts: from the page counts kept at the last build, when there
    are as many; else from the length of each."""
    counts = None
    try:
        if kept and kept.is_file():  # not a pipe, which would keep the build waiting
            with kept.open("rb") as f:
                counts = json.loads(f.read(KEPT_BYTES))["pages"]
    except (OSError, ValueError, TypeError, KeyError):  # none yet, or damaged: a guess
        pass
    if not (isinstance(counts, list) and len(counts) == len(pages) and all(type(c) is int and c > 0 for c in counts)):
        counts = [max(1, round(len(page) / CHARS_PER_PAGE)) for page in pages]
    return [1 + sum(counts[:n]) for n in range(len(pages))]


def _keep_counts(kept: Path | None, counts: list[int]) -> None:
    if kept is None:
        return
    try:
        write_atomic(kept, json.dumps({"pages": counts}).encode(), durable=False)
    except OSError:  # a read-only dist/, a folder in the way: the next build guesses again
        pass


class _Forked:
    """`write(n, first)` in a forked process, its PDF (or error) and its warnings sent back
    through a pipe. It ends with the process that forked it, killed too (the layout process
    is, when the build is stopped)."""

    def __init__(self, write: Callable[[int, int], bytes], n: int, first: int, loc: SourceLocation | None) -> None:
        self.first = first
        parent = os.getpid()
        read, written = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the child: never returns
            die_with_parent(parent)
            os.close(read)
            _child(written, lambda: write(n, first), loc)
        os.close(written)
        self._pipe = os.fdopen(read, "rb")

    def result(self, first: int) -> bytes | None:
        """The PDF, if it is numbered from `first` and the process lives to send it; None
        otherwise (to be laid out here). Its error is raised; its warnings are logged."""
        if first != self.first:  # wrong numbers: stopped at once, laid out again, its warnings told then
            self.close()
            return None
        try:
            ok, value, messages = pickle.load(self._pipe)
        except (EOFError, OSError, pickle.UnpicklingError):  # killed (out of memory?): laid out here
            return None
        for level, message in messages:
            log.log(level, "%s", message)
        if not ok:
            raise value
        return value

    def close(self) -> None:
        if self._pipe.closed:
            return
        self._pipe.close()
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)


def _child(pipe: int, work: Callable[[], bytes], loc: SourceLocation | None) -> None:
    code = 0
    try:
        messages = collect_messages().messages
        try:
            reply = (True, work(), messages)
        except KzError as e:
            reply = (False, e, messages)
        except Exception as e:  # noqa: BLE001 — a WeasyPrint bug, reported as the parent would
            reply = (False, engine_failure("WeasyPrint", e, loc), messages)
        with os.fdopen(pipe, "wb") as out:
            pickle.dump(reply, out)
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
