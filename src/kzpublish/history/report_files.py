"""A wording-change report written to files: the self-contained HTML page and, laid out from the
same page, the PDF redline, each written atomically; and the comparison table as HTML, landscape
PDF and DOCX. The one place `diff` and `release` write reports; WeasyPrint and pandoc are
imported only here, when a report is written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from kzpublish.config import Paper
from kzpublish.editions import PdfOptions
from kzpublish.errors import SourceLocation
from kzpublish.history.compare import DocumentDiff
from kzpublish.history.report import to_html
from kzpublish.output import write_atomic
from kzpublish.paths import written_inside
from kzpublish.project import Project
from kzpublish.system import require_pdf_libraries

if TYPE_CHECKING:
    from kzpublish.render.pdf_process import PdfProcess


def write_reports(project: Project, diff: DocumentDiff, base: Path, show_typography: bool = False,
                  layout: PdfProcess | None = None) -> tuple[Path, Path]:
    """`<base>.html` and `<base>.pdf`; `layout`: a process to lay out the PDF in (it may have
    imported WeasyPrint while the versions were compared), else WeasyPrint runs here."""
    require_pdf_libraries()
    written_inside(project.root, project.root / "dist")
    if layout is not None:
        write_pdf = layout.write_pdf
    else:
        from kzpublish.render.pdf import write_pdf

    stylesheet = project.stylesheet("diff.css")
    html_path, pdf_path = base.with_name(base.name + ".html"), base.with_name(base.name + ".pdf")
    write_atomic(html_path, to_html(diff, stylesheet, show_typography, font_cache=project.font_cache).encode("utf-8"))
    page = to_html(diff, stylesheet, show_typography=show_typography, embed_fonts=False)
    options = PdfOptions(project.config.paper, font_cache=project.font_cache)
    write_atomic(pdf_path, write_pdf(page, None, options, project.root, None))
    return html_path, pdf_path


LANDSCAPE_A4 = Paper("A4", 297, 210)


def write_table(project: Project, screen: str, page: str, base: Path, loc: SourceLocation) -> tuple[Path, Path, Path]:
    """`<base>.table.html` (the `screen` page, fonts inside), `.table.pdf` (landscape A4) and
    `.table.docx`, laid out and converted from `page`."""
    from kzpublish.pandoc import write_docx
    from kzpublish.render.pdf import write_pdf

    written_inside(project.root, project.root / "dist")
    paths = tuple(base.with_name(f"{base.name}.table.{ext}") for ext in ("html", "pdf", "docx"))
    write_atomic(paths[0], screen.encode("utf-8"))
    write_atomic(paths[1], write_pdf(page, None, PdfOptions(LANDSCAPE_A4, font_cache=project.font_cache), project.root, loc))
    write_atomic(paths[2], _landscape(write_docx(page, loc)))
    return paths


# A4 turned, in twentieths of a point, with 15 mm margins: Word's own way of saying it.
_LANDSCAPE = ('<w:pgSz w:w="16838" w:h="11906" w:orient="landscape" />'
              '<w:pgMar w:top="850" w:right="850" w:bottom="850" w:left="850" w:header="425" w:footer="425" w:gutter="0" />')


def _landscape(docx: bytes) -> bytes:
    """The DOCX with its page turned to landscape A4 (pandoc writes its reference document's
    portrait page); every other entry as it was, in the same order, with the same dates."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:sectPr>", _LANDSCAPE.encode() + b"</w:sectPr>", 1)  # after footnotePr, as the schema orders
            dst.writestr(info, data)
    return out.getvalue()
