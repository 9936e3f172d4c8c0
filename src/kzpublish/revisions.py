"""The revisions commands as library functions: `history()` and `diff()` — read the project,
resolve the revisions, compare, and write the reports to `dist/diff/` atomically."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kzpublish.document import Document, find_document, load_documents
from kzpublish.history.compare import DocumentDiff, compare, default_sides
from kzpublish.history.git import Repository, Revision
from kzpublish.processes import layout_process
from kzpublish.project import Project

if TYPE_CHECKING:  # imported when used: `diff --json` needs neither the drift nor the report writer
    from kzpublish.history.drift import Drift

DIFF_DIR = "dist/diff"


def history(project: Project, slug: str, lang: str | None = None) -> dict[str, list[Revision]]:
    """Per language, the commits that touched the translation, newest first."""
    doc = find_document(project.root, project.config, slug)
    with Repository(project.root) as repo:
        if not repo.has_commits():
            return {t.lang: [] for t in doc.translations if lang in (None, t.lang)}
        return {t.lang: repo.history(t.source.path) for t in doc.translations if lang in (None, t.lang)}


@dataclass(frozen=True)
class DiffResult:
    diff: DocumentDiff
    html: Path | None
    pdf: Path | None


def diff(project: Project, slugs: tuple[str, ...], from_rev: str | None, to_rev: str | None,
         show_typography: bool = False, write: bool = True) -> list[DiffResult]:
    if write:
        from kzpublish.history.report_files import write_reports
    # With reports to write, WeasyPrint loads in a layout process while the versions are compared.
    with layout_process(write) as layout, Repository(project.root) as repo:
        results = []
        for doc in _documents(project, slugs, strict=True):
            old, new = default_sides(repo, doc, from_rev, to_rev)
            result = compare(project.root, repo, doc, old, new)
            html_path = pdf_path = None
            if write:
                html_path, pdf_path = write_reports(project, result, project.root / DIFF_DIR / report_name(result),
                                                    show_typography, layout)
            results.append(DiffResult(result, html_path, pdf_path))
        return results


def drift(project: Project, slugs: tuple[str, ...]) -> dict[str, list[Drift]]:
    """Per document with two translations, the pairs out of step."""
    from kzpublish.history.drift import drift as find_drift

    with Repository(project.root) as repo:
        return {doc.slug: find_drift(project.root, repo, doc, doc.slug)
                for doc in _documents(project, slugs) if len(doc.translations) == 2}


def _documents(project: Project, slugs: tuple[str, ...], strict: bool = False) -> list[Document]:
    """The documents named (all when none is), the project read once; `strict`: with none named,
    any document that cannot be read is an error."""
    loaded = load_documents(project.root, project.config)
    if strict and loaded.errors and not slugs:
        raise loaded.errors[0]
    return [loaded.find(s) for s in slugs] if slugs else list(loaded.documents)


def report_name(result: DocumentDiff) -> str:
    """`<slug>.<from>..<to>`: the name of a comparison's reports in `dist/diff/`."""
    return f"{result.slug}.{_safe(result.old.label)}..{_safe(result.new.label)}"


def _safe(label: str) -> str:
    return re.sub(r"[^\w.+-]+", "_", label)
