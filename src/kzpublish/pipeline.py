"""The build, top to bottom: load the documents → render each translation to HTML (pandoc) →
lay out the PDF (WeasyPrint) and pack the EPUB (ebooklib) → write them atomically to `dist/`.

A document that fails is reported and the others still build (unless `strict`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from kzpublish import provenance
from kzpublish.align import Pair, align
from kzpublish.config import Config, Paper
from kzpublish.document import Document, load_documents
from kzpublish.errors import KzError, RenderError
from kzpublish.glyphs import glyph_problems
from kzpublish.lookalikes import find_lookalikes
from kzpublish.output import write_atomic
from kzpublish.project import Project
from kzpublish.provenance import Provenance
from kzpublish.render import epub, pdf
from kzpublish.render.html import Part, print_html, render_parts
from kzpublish.render.pdf import PdfOptions

log = logging.getLogger("kzpublish")

DIST = "dist"
FORMATS = ("pdf", "epub")


@dataclass(frozen=True)
class BuildRequest:
    """What to build."""

    slugs: tuple[str, ...] = ()
    """Empty: every document."""
    formats: tuple[str, ...] = FORMATS
    paper: Paper | None = None
    """Overrides the documents' and the project's paper size."""
    strict: bool = False
    """Warnings fail the document, and any failure stops the build."""
    layout: str | None = None
    """`parallel` or `sequential`: overrides the documents' `layout:`."""
    release: Provenance | None = None
    """A release: its provenance; its editions are named `<slug>-<version>…`."""
    out_dir: Path | None = None
    """Where the files go; default `dist/`."""


@dataclass
class BuildReport:
    """What a build wrote, and what failed."""

    written: list[Path] = field(default_factory=list)
    errors: list[KzError] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    """Documents (slugs, or folders of unreadable ones) that were not built."""


Progress = Callable[[str, str], None]
"""Called with (slug, stage) as a build goes on."""


def build(project: Project, request: BuildRequest, progress: Progress | None = None) -> BuildReport:
    loaded = load_documents(project.root, project.config)
    report = BuildReport(errors=list(loaded.errors), failed=list(loaded.failed))
    documents = select(loaded.documents, loaded.failed, request.slugs, report)
    if request.strict and report.errors:
        return report
    for doc in documents:
        try:
            report.written += build_document(project, doc, request, progress or (lambda s, t: None))
        except KzError as e:
            report.errors.append(e)
            report.failed.append(doc.slug)
            if request.strict:
                break
    return report


def select(documents: tuple[Document, ...], failed: tuple[str, ...], slugs: tuple[str, ...],
           report: BuildReport) -> list[Document]:
    """The documents named by `slugs` (all when empty); an unknown name is an error."""
    if not slugs:
        return list(documents)
    by_slug = {d.slug: d for d in documents}
    for slug in slugs:
        if slug not in by_slug and slug not in failed:
            report.errors.append(KzError(
                f"no document {slug!r}", hint="`kzpublish list` shows the documents of this project",
            ))
    return [by_slug[s] for s in dict.fromkeys(slugs) if s in by_slug]


@dataclass(frozen=True)
class Edition:
    """One kind of file made of a document."""

    kind: str
    """`pdf`, `epub` (ordinary builds); `reading-pdf`, `print-pdf`, `epub` (releases)."""
    suffix: str
    pdf: PdfOptions | None = None


def editions(request: BuildRequest, paper: Paper, config: Config) -> list[Edition]:
    if request.release:
        return [
            Edition("reading-pdf", ".pdf", PdfOptions(paper, variant="pdf/a-2u")),
            Edition("print-pdf", "-print.pdf", PdfOptions(paper, variant="pdf/x-4", bleed=True, full_fonts=True,
                                                          output_profile=config.print_profile)),
            Edition("epub", ".epub"),
        ]
    out = []
    if "pdf" in request.formats:
        out.append(Edition("pdf", ".pdf", PdfOptions(paper)))
    if "epub" in request.formats:
        out.append(Edition("epub", ".epub"))
    return out


def output_path(project: Project, doc: Document, edition: Edition, request: BuildRequest) -> Path:
    folder = request.out_dir or project.root / DIST
    if request.release:
        return folder / f"{doc.slug}-{request.release.version}{edition.suffix}"
    return folder / f"{doc.slug}{edition.suffix}"


def build_document(project: Project, doc: Document, request: BuildRequest, progress: Progress) -> list[Path]:
    loc = doc.primary.source.loc()
    paper = request.paper or doc.primary.meta.paper or project.config.paper
    wanted = editions(request, paper, project.config)
    prov = request.release or provenance.of_document(project.root, doc)
    stamp = prov.stamp(doc)
    with _warnings_counted() as warnings:
        progress(doc.slug, "check")
        check_sources(doc)
        progress(doc.slug, "html")
        parts = render_parts(doc, project.config, soft_hyphens=any(e.kind == "epub" for e in wanted),
                             root=project.root)
        pairs = align_parts(parts) if len(parts) == 2 else None
        outputs: dict[Path, bytes] = {}
        for edition in wanted:
            progress(doc.slug, edition.kind)
            path = output_path(project, doc, edition, request)
            if edition.pdf:
                parallel = pairs if layout_of(doc, request.layout) == "parallel" else None
                page = print_html(doc, parts, parallel, head_chars(paper), prov, stamp)
                options = replace(edition.pdf, seed=f"{doc.slug}{edition.suffix}{prov.version}")
                images = {k: v for p in parts for k, v in p.images.items()}
                outputs[path] = pdf.write_pdf(page, project.stylesheet("print.css"), options, project.root, loc, images)
            else:
                outputs[path] = epub.write_epub(doc, parts, project.stylesheet("epub.css"), stamp, pairs, prov)
    if request.strict and warnings:
        raise RenderError(f"{len(warnings)} warning(s), and --strict is on", loc)
    for path, data in outputs.items():
        write_atomic(path, data)
    return list(outputs)


@dataclass(frozen=True)
class Alignment:
    parts: tuple[Part, Part]
    pairs: tuple[Pair, ...]


def alignment(project: Project, slug: str) -> Alignment:
    """The aligned blocks of a document's two translations."""
    loaded = load_documents(project.root, project.config)
    doc = next((d for d in loaded.documents if d.slug == slug), None)
    if doc is None:
        raise next((e for e in loaded.errors if e.loc and e.loc.path.split("/")[1:2] == [slug]), None) or KzError(
            f"no document {slug!r}", hint="`kzpublish list` shows the documents of this project")
    if len(doc.translations) != 2:
        raise KzError(f"{slug} has one translation ({doc.primary.lang}): there is nothing to align",
                      doc.primary.source.loc())
    parts = render_parts(doc, project.config, root=project.root)
    return Alignment(parts, align_parts(parts))


def head_chars(paper: Paper) -> int:
    """About how many characters of the running head's small sans fit across the text."""
    return int(paper.width * 0.78 / 1.65)


def layout_of(doc: Document, requested: str | None) -> str:
    """The command line's choice, else the document's `layout:`, else parallel for two
    translations and sequential for one."""
    chosen = requested or next((t.meta.layout for t in doc.translations if t.meta.layout), None)
    if len(doc.translations) != 2:
        return "sequential"
    return chosen or "parallel"


def align_parts(parts: tuple[Part, ...]) -> tuple[Pair, ...]:
    left, right = parts
    return align(left.blocks, right.blocks)


def check_sources(doc: Document) -> None:
    """Stop on a character the fonts lack; warn about look-alike letters."""
    for tr in doc.translations:
        if problems := glyph_problems(tr.source):
            first = problems[0]
            if len(problems) > 1:
                first.message += f" (and {len(problems) - 1} more character(s): `kzpublish check` lists them)"
            raise first
        for hit in find_lookalikes(tr.source):
            log.warning("%s: %s; `kzpublish check --fix` corrects it", hit.source.loc(hit.line, hit.column), hit.describe())


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class _warnings_counted:
    """Collects the warnings logged while one document builds."""

    def __enter__(self) -> list[logging.LogRecord]:
        self.handler = _Counter()
        log.addHandler(self.handler)
        return self.handler.records

    def __exit__(self, *exc) -> None:
        log.removeHandler(self.handler)
