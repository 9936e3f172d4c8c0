"""`kzpublish check`: everything that can be wrong in the sources, without building — front
matter and file names, characters the fonts lack, look-alike letters — and, with `fix`, the
unambiguous look-alike letters rewritten in place (atomically; nothing else in the file moves)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from kzpublish.document import Document, load_documents
from kzpublish.errors import KzError, SourceError
from kzpublish.glyphs import glyph_problems
from kzpublish.lookalikes import Lookalike, find_lookalikes, fix_text
from kzpublish.messages import _
from kzpublish.output import write_atomic
from kzpublish.project import Project
from kzpublish.sources import find_sources, read_source


log = logging.getLogger("kzpublish")


@dataclass
class CheckReport:
    problems: list[KzError] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)
    """One line per rewritten word: `file:line:col: 'Бiз' → 'Біз'`."""


def check(project: Project, folders: tuple[str, ...] = (), fix: bool = False) -> CheckReport:
    loaded = load_documents(project.root, project.config)
    wanted = set(folders)
    for doc in loaded.documents:  # a slug names its folder too
        if doc.slug in wanted:
            wanted.add(doc.primary.source.folder)

    def chosen(path: Path) -> bool:
        return not folders or path.parent.name in wanted

    report = CheckReport(problems=[e for e in loaded.errors if e.loc is None or chosen(project.root / e.loc.path)])
    for path in filter(chosen, find_sources(project.root)):
        try:
            source = read_source(project.root, path)
        except KzError:
            continue  # already reported by load_documents
        hits = find_lookalikes(source)
        if fix and any(h.fixed for h in hits):
            _rewrite(path, hits)
            report.fixed += [f"{h.source.loc(h.line, h.column)}: {h.word!r} → {h.fixed!r}" for h in hits if h.fixed]
            hits = [h for h in hits if not h.fixed]
            source = read_source(project.root, path)
        report.problems += glyph_problems(source)
        report.problems += [_problem(h) for h in hits]
    return report


def _problem(hit: Lookalike) -> SourceError:
    hint = (_("it should read {word!r}: `kzpublish check --fix` rewrites it").format(word=hit.fixed) if hit.fixed
            else _("retype the word in one alphabet"))
    return SourceError(hit.describe(), hit.source.loc(hit.line, hit.column), hint=hint)


def _rewrite(path: Path, hits: list[Lookalike]) -> None:
    """Fix the words in the file's own text: its BOM and line ends stay as they were."""
    raw = path.read_bytes().decode("utf-8")
    bom = "\ufeff" if raw.startswith("\ufeff") else ""
    write_atomic(path, (bom + fix_text(raw.removeprefix(bom), hits)).encode("utf-8"))


def check_sources(doc: Document) -> None:
    """The checks a build makes before it renders: stop on a character the fonts lack; warn about
    look-alike letters."""
    for tr in doc.translations:
        if problems := glyph_problems(tr.source):
            first = problems[0]
            if len(problems) > 1:
                first.message += " " + _("(and {n} more character(s): `kzpublish check` lists them)").format(n=len(problems) - 1)
            raise first
        for hit in find_lookalikes(tr.source):
            log.warning(_("{where}: {problem}; `kzpublish check --fix` corrects it").format(
                where=hit.source.loc(hit.line, hit.column), problem=hit.describe()))
