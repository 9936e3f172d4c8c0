"""`kzpublish diff --table`: the comparison tables of documents between two revisions, written to
`dist/diff/<slug>.<from>..<to>.table.{html,pdf,docx}` atomically; the justification column is
filled from the messages of the commits between the two revisions that changed each unit."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from kzpublish.document import find_document
from kzpublish.errors import SourceError
from kzpublish.history.compare import DocumentDiff, TranslationDiff
from kzpublish.history.diff import diff_blocks
from kzpublish.history.git import Repository
from kzpublish.history.parsed import ParsedVersions
from kzpublish.history.report import report_fonts
from kzpublish.history.report_files import write_table
from kzpublish.history.table import SHOWN, tables, text_of, to_html
from kzpublish.locators import locators
from kzpublish.project import Project
from kzpublish.revisions import DIFF_DIR, report_name


def write_tables(project: Project, diff: DocumentDiff, justify: bool) -> tuple[Path, Path, Path]:
    """The comparison table of `diff`: the paths of its HTML, PDF and DOCX."""
    doc = find_document(project.root, project.config, diff.slug)
    titles = {t.lang: t.meta.title.replace("\n", " ") for t in doc.translations}
    reasons = None
    if justify and diff.old.commit:
        with Repository(project.root) as repo:
            reasons = _Reasons(project.root, repo, diff).of
    found = tables(diff, titles, reasons)
    style = project.stylesheet("table.css").read_text("utf-8")
    text = "".join(titles.values()) + "".join(text_of((*t.old_blocks, *t.new_blocks)) for t in diff.translations)
    fonts = report_fonts(text, project.font_cache)
    return write_table(project, to_html(diff, found, style, fonts), to_html(diff, found, style),
                       project.root / DIFF_DIR / report_name(diff), doc.primary.source.loc())


class _Reasons:
    """For each unit of a translation, the subjects of the commits between the two ends that
    changed it (found by diffing each such commit's version with the one before)."""

    def __init__(self, root: Path, repo: Repository, diff: DocumentDiff):
        self.repo, self.diff = repo, diff
        self.cache = ParsedVersions(root)
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
            blocks = () if rev.status == "D" else self._blocks(rev)
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

    def _blocks(self, rev):
        if rev.blob is None:
            return None
        try:
            parsed = self.cache.get(rev.blob, partial(self.repo.source_at, rev.commit, rev.path))
        except SourceError:
            return None  # a version that is not text, or past the limits: no reasons from it
        return parsed.blocks if parsed is not None else None
