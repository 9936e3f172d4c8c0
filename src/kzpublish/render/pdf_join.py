"""pypdf: PDFs laid out apart (`render.translations`) joined into one, and their page counts."""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NumberObject,
)

SUBSET_TAG = re.compile(r"/[A-Z]{6}\+")
"""The tag a font subset's name starts with (`/DROIWJ+PT-Serif`)."""


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def join(pdfs: list[bytes]) -> bytes:
    """The pages of `pdfs`, in order, in one PDF: the first's document information, XMP metadata,
    language and output intent (WeasyPrint made them all of the same <head> and options), every
    file's bookmarks and named destinations. Its identifier is a hash of theirs: the same PDFs
    give the same bytes. Each file's font subsets are named apart (`_retag_subsets`), and its
    closed bookmarks stay closed (`_close_as_they_were`)."""
    readers = [PdfReader(io.BytesIO(pdf)) for pdf in pdfs]
    with _no_false_alarm():
        writer = PdfWriter(clone_from=readers[0])
    for n, reader in enumerate(readers[1:], 1):
        _retag_subsets(reader, n)
        writer.append(reader, import_outline=True)
    _close_as_they_were(writer, [closed for reader in readers for closed in _closed(reader.trailer["/Root"])])
    # pypdf copies what each page refers to for that page: the printer profile of a PDF/X once a
    # page, and a font as often as pages use it.
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    digest = ByteStringObject(hashlib.sha256(b"".join(pdfs)).digest()[:16])
    writer._ID = ArrayObject([digest, digest])  # noqa: SLF001 — pypdf sets no other way but at random
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@contextmanager
def _no_false_alarm():
    """pypdf warns "Object count N exceeds defined trailer size M" when the objects its own
    cloning made outnumber the objects the file declares (a PDF/X with its bleed boxes: 224 for
    199). WeasyPrint's files are whole (their /Size is one more than their last object, which a
    test checks); that one message is dropped, any other of pypdf's is told."""
    def not_the_count(record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Object count ")

    writer_log = logging.getLogger("pypdf._writer")
    writer_log.addFilter(not_the_count)
    try:
        yield
    finally:
        writer_log.removeFilter(not_the_count)


def _retag_subsets(reader: PdfReader, n: int) -> None:
    """Give the font subsets of the `n`th PDF tags of their own. WeasyPrint tags a subset after
    its face alone, so each PDF has a `/DROIWJ+PT-Serif` of other glyphs; different subsets in
    one PDF must have different tags (ISO 32000-1, 9.6.4), as viewers and RIPs keep fonts by
    name. The new tag derives from the old one and `n`: the same PDFs give the same bytes."""
    for number in sorted({i for table in reader.xref.values() for i in table} | set(reader.xref_objStm)):
        font = reader.get_object(number)
        if not isinstance(font, DictionaryObject) or font.get("/Type") not in ("/Font", "/FontDescriptor"):
            continue
        for key in ("/BaseFont", "/FontName"):
            name = font.get(key)
            if isinstance(name, str) and SUBSET_TAG.match(name):
                digest = hashlib.sha256(f"{n}{name[:7]}".encode()).digest()
                font[NameObject(key)] = NameObject("/" + "".join(chr(65 + b % 26) for b in digest[:6]) + name[7:])


def _bookmarks(root: DictionaryObject) -> Iterator[DictionaryObject]:
    """The outline items under the catalog `root`, in order (each before those under it)."""
    def under(parent: DictionaryObject) -> Iterator[DictionaryObject]:
        item = parent.get("/First")
        while item is not None:
            item = item.get_object()
            yield item
            yield from under(item)
            item = item.get("/Next")

    if "/Outlines" in root:
        yield from under(root["/Outlines"].get_object())


def _closed(root: DictionaryObject) -> list[bool]:
    """Which bookmarks are closed (a negative /Count), in order."""
    return [item.get("/Count", 0) < 0 for item in _bookmarks(root)]


def _close_as_they_were(writer: PdfWriter, closed: list[bool]) -> None:
    """pypdf opens every bookmark it copies (`bookmark-state: closed` in a stylesheet closes
    them) and counts all below it as shown: each is closed again that was closed in its file,
    and counts what is shown below it (ISO 32000-1, 12.3.3). The joined outline holds each
    file's bookmarks in turn, in their order."""
    root = writer._root_object  # noqa: SLF001 — pypdf's catalog, no other way in
    if not closed or len(list(_bookmarks(root))) != len(closed):  # none, or not as pypdf is known to join them
        return
    shut = iter(closed)

    def shown_below(parent: DictionaryObject) -> int:
        shown = 0
        item = parent.get("/First")
        while item is not None:
            item = item.get_object()
            closed_here = next(shut)
            below = shown_below(item)
            if below:
                item[NameObject("/Count")] = NumberObject(-below if closed_here else below)
            shown += 1 + (0 if closed_here else below)
            item = item.get("/Next")
        return shown

    outlines = root["/Outlines"].get_object()
    outlines[NameObject("/Count")] = NumberObject(shown_below(outlines))
