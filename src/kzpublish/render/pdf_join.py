"""pypdf: PDFs laid out apart (`render.translations`) joined into one, and their page counts."""

from __future__ import annotations

import hashlib
import io
import logging
import re

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, NameObject

SUBSET_TAG = re.compile(r"/[A-Z]{6}\+")
"""The tag a font subset's name starts with (`/DROIWJ+PT-Serif`)."""


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def join(pdfs: list[bytes]) -> bytes:
    """The pages of `pdfs`, in order, in one PDF: the first's document information, XMP metadata,
    language and output intent (WeasyPrint made them all of the same <head> and options), every
    file's bookmarks and named destinations. Its identifier is a hash of theirs: the same PDFs
    give the same bytes. Each file's font subsets are named apart (`_retag_subsets`)."""
    pypdf = logging.getLogger("pypdf._writer")
    pypdf.addFilter(_not_its_own_copies)
    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdfs[0])))
    finally:
        pypdf.removeFilter(_not_its_own_copies)
    for n, pdf in enumerate(pdfs[1:], 1):
        reader = PdfReader(io.BytesIO(pdf))
        _retag_subsets(reader, n)
        writer.append(reader, import_outline=True)
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
