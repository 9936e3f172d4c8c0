"""pypdf: PDFs laid out apart (`render.translations`) joined into one, and their page counts."""

from __future__ import annotations

import hashlib
import io
import logging
from contextlib import contextmanager

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def join(pdfs: list[bytes]) -> bytes:
    """The pages of `pdfs`, in order, in one PDF: the first's document information, XMP metadata,
    language and output intent (WeasyPrint made them all of the same <head> and options), every
    file's bookmarks and named destinations. Its identifier is a hash of theirs: the same PDFs
    give the same bytes."""
    with _no_false_alarm():
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdfs[0])))
    for pdf in pdfs[1:]:
        writer.append(PdfReader(io.BytesIO(pdf)), import_outline=True)
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
