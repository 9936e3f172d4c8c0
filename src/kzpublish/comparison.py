"""`kzpublish diff --table`: the comparison tables of documents between two revisions, written to
`dist/diff/<slug>.<from>..<to>.table.{html,pdf,docx}` atomically; the justification column is
filled from the messages of the commits between the two revisions that changed each unit."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from kzpublish.config import Paper
from kzpublish.document import find_document
from kzpublish.errors import SourceError
from kzpublish.fonts import font_face_css, plain_faces, subset_font
from kzpublish.history.compare import DocumentDiff, TranslationDiff, read_blocks
from kzpublish.history.diff import diff_blocks
from kzpublish.history.git import Repository
from kzpublish.history.table import SHOWN, tables, text_of, to_html
from kzpublish.locators import locators
from kzpublish.output import write_atomic
from kzpublish.project import Project
from kzpublish.revisions import DIFF_DIR, report_name
from kzpublish.sources import SourceFile, decode_source

LANDSCAPE_A4 = Paper("A4", 297, 210)


@dataclass(frozen=True)
class TableFiles:
    html: Path
    pdf: Path
    docx: Path


def write_tables(project: Project, diff: DocumentDiff, justify: bool) -> TableFiles:
    from kzpublish.render.pandoc import html_to_docx
    from kzpublish.render.pdf import write_pdf

    name = report_name(diff)
    doc = find_document(project.root, project.config, diff.slug)
    titles = {t.lang: t.meta.title.replace("\n", " ") for t in doc.translations}
    reasons = None
    if justify and diff.old.commit:
        with Repository(project.root) as repo:
            reasons = _Reasons(repo, diff).of
    found = tables(diff, titles, reasons)
    style = project.stylesheet("table.css").read_text("utf-8")
    text = "".join(titles.values()) + "".join(text_of((*t.old_blocks, *t.new_blocks)) for t in diff.translations)
    fonts = font_face_css(lambda face: "data:font/ttf;base64," + base64.b64encode(subset_font(face, text)).decode("ascii"),
                          plain_faces())
    out = project.root / DIFF_DIR
    files = TableFiles(out / f"{name}.table.html", out / f"{name}.table.pdf", out / f"{name}.table.docx")
    write_atomic(files.html, to_html(diff, found, style, fonts).encode("utf-8"))
    page = to_html(diff, found, style)
    loc = doc.primary.source.loc()
    write_atomic(files.pdf, write_pdf(page, None, LANDSCAPE_A4, project.root, loc))
    write_atomic(files.docx, html_to_docx(page, loc))
    return files


class _Reasons:
    """For each unit of a translation, the subjects of the commits between the two ends that
    changed it (found by diffing each such commit's version with the one before)."""

    def __init__(self, repo: Repository, diff: DocumentDiff):
        self.repo, self.diff = repo, diff
        self.found: dict[str, dict[str, list[str]]] = {}

    def of(self, t: TranslationDiff, unit: str) -> tuple[str, ...]:
        if t.lang not in self.found:
            self.found[t.lang] = self._read(t)
        return tuple(self.found[t.lang].get(unit.split(" (")[0], ()))

    def _read(self, t: TranslationDiff) -> dict[str, list[str]]:
        path = t.new_path or t.old_path
        if not path or not self.repo.has_commits():
            return {}
        before = self.repo.ancestors(self.diff.old.commit)
        until = self.diff.new.commit or "HEAD"
        revisions = [r for r in reversed(self.repo.history(path, until)) if r.commit not in before]
        previous = t.old_blocks
        out: dict[str, list[str]] = {}
        for rev in revisions:
            blocks = () if rev.status == "D" else self._blocks(rev.commit, rev.path, t.lang)
            if blocks is None:
                continue
            names = locators(blocks, t.lang)
            for change in diff_blocks(previous, blocks):
                if change.status in SHOWN and change.new:
                    subjects = out.setdefault(names[change.new[0]], [])
                    if rev.subject not in subjects:
                        subjects.append(rev.subject)
            previous = blocks
        return out

    def _blocks(self, commit: str, path: str, lang: str):
        data = self.repo.read(commit, path)
        if data is None:
            return None
        try:
            return read_blocks(SourceFile(path, lang, decode_source(data, path), commit))
        except SourceError:
            return None

