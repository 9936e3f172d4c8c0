"""A wording-change report written to files: the self-contained HTML page and, laid out from the
same page, the PDF redline, each written atomically. The one place `diff` and `release` write
reports; WeasyPrint is imported only here, when a report is written."""

from __future__ import annotations

from pathlib import Path

from kzpublish.history.compare import DocumentDiff
from kzpublish.history.report import to_html
from kzpublish.output import write_atomic
from kzpublish.project import Project
from kzpublish.system import require_pdf_libraries


def write_reports(project: Project, diff: DocumentDiff, base: Path, show_typography: bool = False) -> tuple[Path, Path]:
    """`<base>.html` and `<base>.pdf`."""
    require_pdf_libraries()
    from kzpublish.render.pdf import write_pdf

    stylesheet = project.stylesheet("diff.css")
    html_path, pdf_path = base.with_name(base.name + ".html"), base.with_name(base.name + ".pdf")
    write_atomic(html_path, to_html(diff, stylesheet, show_typography).encode("utf-8"))
    page = to_html(diff, stylesheet, show_typography=show_typography, embed_fonts=False)
    write_atomic(pdf_path, write_pdf(page, None, project.config.paper, project.root, None))
    return html_path, pdf_path
