"""`kzpublish check`: everything that can be wrong in the sources, without building — front
matter and file names, characters the fonts lack, look-alike letters — and, with `fix`, the
unambiguous look-alike letters rewritten in place (atomically; nothing else in the file moves)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from kzpublish.document import Document, load_documents
from kzpublish.errors import KzError, Problems, SourceError
from kzpublish.glyphs import GlyphProblem, glyph_problems
from kzpublish.lookalikes import Lookalike, find_lookalikes, fix_text, known_words
from kzpublish.output import write_atomic
from kzpublish.project import Project
from kzpublish.sources import find_sources, read_source


log = logging.getLogger("kzpublish")


@dataclass
class CheckReport:
    problems: list[KzError] = field(default_factory=list)
    fixed: list[Lookalike] = field(default_factory=list)
    """The rewritten words, where they were."""

    def fixed_lines(self) -> list[str]:
        """One line per rewritten word: `file:line:col: 'Бiз' → 'Біз'`."""
        return [f"{h.source.loc(h.line, h.column)}: {h.word!r} → {h.fixed!r}" for h in self.fixed]

    def to_json(self) -> dict:
        """For scripts (`kzpublish check --json`): every problem and every fix with its place."""
        return {
            "problems": [_problem_json(e) for e in self.problems],
            "fixed": [{"file": h.source.path, "line": h.line, "column": h.column, "word": h.word, "fixed": h.fixed}
                      for h in self.fixed],
        }


class LookalikeProblem(SourceError):
    """A word mixing scripts, with the finding behind it."""

    def __init__(self, hit: Lookalike):
        super().__init__(hit.describe(), hit.source.loc(hit.line, hit.column), hint=hit.hint())
        self.hit = hit

    def __reduce__(self):
        return type(self), (self.hit,)


def _problem_json(e: KzError) -> dict:
    out = {"file": e.loc.path if e.loc else None, "line": e.loc.line if e.loc else None,
           "column": e.loc.column if e.loc else None, "message": e.message, "hint": e.hint}
    if isinstance(e, LookalikeProblem):
        out |= {"kind": "lookalike", "word": e.hit.word, "fixed": e.hit.fixed, "candidates": list(e.hit.candidates)}
    elif isinstance(e, GlyphProblem):
        out |= {"kind": "glyph", "character": e.char, "codepoint": f"U+{ord(e.char):04X}"}
    else:
        out["kind"] = "source"
    return out


def check(project: Project, folders: tuple[str, ...] = (), fix: bool = False) -> CheckReport:
    loaded = load_documents(project.root, project.config)
    wanted = loaded.folders(folders)  # a slug names its folder too

    def chosen(path: Path) -> bool:
        return not folders or path.parent.name in wanted

    report = CheckReport(problems=loaded.concerning(folders)[0])
    sources = {}
    for path in filter(chosen, find_sources(project.root)):
        try:
            sources[path] = read_source(project.root, path)
        except KzError:
            continue  # already reported by load_documents
    for path, source in sources.items():
        # The document's own words decide between candidates, as in a build.
        words = known_words(s for p, s in sources.items() if p.parent == path.parent)
        hits = find_lookalikes(source, words)
        if fix and any(h.fixed for h in hits):
            _rewrite(path, hits)
            report.fixed += [h for h in hits if h.fixed]
            hits = [h for h in hits if not h.fixed]
            source = read_source(project.root, path)
        report.problems += glyph_problems(source)
        report.problems += [LookalikeProblem(h) for h in hits]
    return report


def _rewrite(path: Path, hits: list[Lookalike]) -> None:
    """Fix the words in the file's own text: its BOM and line ends stay as they were."""
    raw = path.read_bytes().decode("utf-8")
    bom = "\ufeff" if raw.startswith("\ufeff") else ""
    # The hits count lines as the source reader does (CRLF, CR and LF each end one); each line
    # keeps its own end, whatever the mix.
    pieces = re.split(r"(\r\n|\r|\n)", raw.removeprefix(bom))
    lines, ends = pieces[0::2], pieces[1::2] + [""]
    fixed = fix_text("\n".join(lines), hits).split("\n")
    write_atomic(path, (bom + "".join(line + end for line, end in zip(fixed, ends))).encode("utf-8"))



def check_sources(doc: Document) -> None:
    """The checks a build makes before it renders: stop on a character the fonts lack; warn about
    look-alike letters."""
    problems = [p for tr in doc.translations for p in glyph_problems(tr.source)]
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise Problems(problems)  # every place at once, not one per build
    words = known_words(tr.source for tr in doc.translations)
    for tr in doc.translations:
        for hit in find_lookalikes(tr.source, words):
            log.warning("%s: %s; %s", hit.source.loc(hit.line, hit.column), hit.describe(), hit.hint())
