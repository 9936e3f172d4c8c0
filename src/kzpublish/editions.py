"""The kinds of file made of a document, and how each PDF is written: plain data, no engine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kzpublish.config import Config, Paper

BLEED_MM = 3
SLUG_MM = 10
"""Beyond the bleed, on every side of a print page: the crop marks, the registration marks and
the slug line, where the print shop's knife never reaches."""


@dataclass(frozen=True)
class PdfOptions:
    """How to write one PDF."""

    paper: Paper
    variant: str | None = None
    """`pdf/a-2u` (reading edition), `pdf/x-4` (print edition), or None."""
    bleed: bool = False
    """3 mm bleed, and beyond it a slug area with crop marks and a slug line, for the print shop."""
    registration_marks: bool = False
    """Registration marks in the slug area too (with `bleed`)."""
    full_fonts: bool = False
    """Embed whole fonts rather than subsets."""
    output_profile: Path | None = None
    """An ICC printer profile (CMYK) for the output intent of a PDF/X."""
    seed: str = ""
    """Makes the PDF's identifiers: the same seed, the same bytes."""
    font_cache: Path | None = None
    """A folder keeping the fallback fonts made for earlier PDFs (`fonts.fallback_font`)."""


@dataclass(frozen=True)
class Edition:
    """One kind of file made of a document."""

    kind: str
    """`pdf`, `epub`, `docx`, `web` (ordinary builds); `reading-pdf`, `print-pdf`, `epub`, `docx`, `web`
    (releases)."""
    suffix: str
    pdf: PdfOptions | None = None

    @property
    def engine(self) -> str:
        """The module of `render` that makes it: `pdf`, `epub`, `docx`, `web`."""
        return "pdf" if self.pdf else self.kind


def editions(formats: tuple[str, ...], release: bool, paper: Paper, config: Config) -> list[Edition]:
    if release:
        return [
            Edition("reading-pdf", ".pdf", PdfOptions(paper, variant="pdf/a-2u")),
            Edition("print-pdf", "-print.pdf", PdfOptions(paper, variant="pdf/x-4", bleed=True, full_fonts=True,
                                                          output_profile=config.print_profile,
                                                          registration_marks=config.registration_marks)),
            Edition("epub", ".epub"),
            Edition("docx", ".docx"),
            Edition("web", ".html"),
        ]
    out = []
    if "pdf" in formats:
        out.append(Edition("pdf", ".pdf", PdfOptions(paper)))
    if "epub" in formats:
        out.append(Edition("epub", ".epub"))
    if "docx" in formats:
        out.append(Edition("docx", ".docx"))
    if "html" in formats:
        out.append(Edition("web", ".html"))
    return out
