"""pypdf: PDFs laid out apart (`render.translations`) joined into one, and their page counts."""

from __future__ import annotations

import hashlib
import io
import logging

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def join(pdfs: list[bytes]) -> bytes:
    """The pages of `pdfs`, in order, in one PDF: the first's document information, XMP metadata,
    language and output intent (WeasyPrint made them all of the same <head> and options), every
    file's bookmarks and named destinations. Its identifier is a hash of theirs: the same PDFs
    give the same bytes."""
    pypdf = logging.getLogger("pypdf._writer")
    pypdf.addFilter(_not_its_own_copies)
    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdfs[0])))
    finally:
        pypdf.removeFilter(_not_its_own_copies)
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


def _not_its_own_copies(record: logging.LogRecord) -> bool:
    """pypdf, cloning a PDF/X, copies its printer profile once a page (merged again in `join`),
    then counts its copies and warns that the PDF has more objects than it declares: the PDF is
    sound, and the warning would be printed bare, with no location."""
    return not record.getMessage().startswith("Object count")
