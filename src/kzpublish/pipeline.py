"""The build, top to bottom: load the documents → decide what is out of date → for each document
(in parallel processes when asked): check the sources → render each translation to HTML
(pandoc) → lay out the PDF (WeasyPrint) and pack the EPUB (ebooklib) → write them atomically.
One document at a time, on a machine with a core to spare, WeasyPrint runs in a layout process
forked as the build starts, so that its import does not wait for the rest.

A document that fails is reported and the others still build (unless `strict`). The engines are
imported only when something has to be rendered, so a build with nothing to do is quick.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import time
import zlib
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from kzpublish import provenance, stamps
from kzpublish.config import Paper
from kzpublish.document import Document, find_document, load_documents
from kzpublish.editions import Edition, editions
from kzpublish.errors import KzError, RenderError
from kzpublish.memory import fewer_collections
from kzpublish.output import remove_stale, write_atomic
from kzpublish.processes import die_with_parent, run_here
from kzpublish.project import Project
from kzpublish.provenance import Provenance

if TYPE_CHECKING:
    from kzpublish.render.pdf_process import PdfProcess

log = logging.getLogger("kzpublish")

DIST = "dist"
FORMATS = ("pdf", "epub", "docx", "html")
DEFAULT_FORMATS = ("pdf", "epub")


@dataclass(frozen=True)
class BuildRequest:
    """What to build."""

    slugs: tuple[str, ...] = ()
    """Empty: every document."""
    formats: tuple[str, ...] = DEFAULT_FORMATS
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
    force: bool = False
    """Rebuild even what is up to date."""
    jobs: int = 1
    """Documents built at once, each in its own process."""
    shard: tuple[int, int] | None = None
    """(K, N): build only the K-th of N stable shares of the documents (for a CI matrix)."""
    kinds: tuple[str, ...] = ()
    """Only these kinds of edition (`print-pdf`…); empty: every kind of `formats`."""


@dataclass
class BuildReport:
    """What a build wrote, skipped and failed, and how long each document took."""

    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    """Up to date: not rebuilt."""
    errors: list[KzError] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    """Documents (slugs, or folders of unreadable ones) that were not built."""
    seconds: dict[str, float] = field(default_factory=dict)


Progress = Callable[[str, str, tuple[int, int]], None]
"""Called with (slug, stage, (documents finished, documents to build)) as a build goes on."""
Stage = Callable[[str, str], None]
"""Called with (slug, stage) as a document is built."""


@dataclass(frozen=True)
class Job:
    """One document to build, and the editions of it that are out of date."""

    doc: Document
    prov: Provenance
    todo: tuple[tuple[Edition, Path, str], ...]
    """(edition, output path, input key)."""


def build(project: Project, request: BuildRequest, progress: Progress | None = None) -> BuildReport:
    loaded = load_documents(project.root, project.config)
    report = BuildReport(errors=list(loaded.errors), failed=list(loaded.failed))
    documents = shard(select(loaded.documents, loaded.failed, request.slugs, report), request.shard)
    if request.strict and report.errors:
        return report
    remove_stale(request.out_dir or project.root / DIST)
    state = None if request.release else provenance.project_state(project.root)
    jobs = []
    for doc in documents:
        job = plan(project, doc, request, request.release or state.of(doc))
        report.skipped += [p for p in _outputs(project, doc, request) if p not in {t[1] for t in job.todo}]
        if job.todo:
            jobs.append(job)
    for slug, written, error, seconds in run(project, request, jobs, progress or (lambda s, t, at: None)):
        report.seconds[slug] = seconds
        report.written += written
        if error:
            report.errors.append(error)
            report.failed.append(slug)
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


def shard(documents: list[Document], which: tuple[int, int] | None) -> list[Document]:
    """The K-th of N shares, by a hash of the slug: a document stays in its share whatever else
    is added or removed."""
    if which is None:
        return documents
    k, n = which
    return [d for d in documents if zlib.crc32(d.slug.encode()) % n == k - 1]


def paper_of(project: Project, doc: Document, request: BuildRequest) -> Paper:
    return request.paper or doc.primary.meta.paper or project.config.paper


def _editions(project: Project, doc: Document, request: BuildRequest) -> list[Edition]:
    wanted = editions(request.formats, request.release is not None, paper_of(project, doc, request), project.config)
    return [e for e in wanted if not request.kinds or e.kind in request.kinds]


def _outputs(project: Project, doc: Document, request: BuildRequest) -> list[Path]:
    return [output_path(project, doc, e, request) for e in _editions(project, doc, request)]


def plan(project: Project, doc: Document, request: BuildRequest, prov: Provenance) -> Job:
    """The editions of `doc` whose inputs changed since they were built (all of them for a
    release, or with `force`)."""
    todo = []
    for edition in _editions(project, doc, request):
        path = output_path(project, doc, edition, request)
        sheet = project.stylesheet({"epub": "epub.css", "web": "web.css"}.get(edition.kind, "print.css"))
        if edition.kind == "docx" and (reference := reference_docx(project)):
            sheet = reference
        key = stamps.input_key(doc, project.root, sheet, project.config, edition, layout_of(doc, request.layout), prov)
        if request.force or request.release or not stamps.up_to_date(path, key, request.strict):
            todo.append((edition, path, key))
    return Job(doc, prov, tuple(todo))


def output_path(project: Project, doc: Document, edition: Edition, request: BuildRequest) -> Path:
    folder = request.out_dir or project.root / DIST
    if request.release:
        return folder / f"{doc.slug}-{request.release.version}{edition.suffix}"
    return folder / f"{doc.slug}{edition.suffix}"


# --- running the jobs -------------------------------------------------------------------------

_POOL_JOBS: list[tuple[Project, BuildRequest, Job]] = []


def run(project: Project, request: BuildRequest, jobs: list[Job], progress: Progress):
    """Yield (slug, written, error, seconds) per job: here, or in `request.jobs` processes.
    Each document is independent, and the bytes do not depend on where it was built."""
    if request.jobs <= 1 or len(jobs) <= 1:
        with _layout_process(jobs) as layout:
            for finished, job in enumerate(jobs):
                yield _timed(project, request, job, _stage(progress, finished, len(jobs)), layout)
        return
    _POOL_JOBS[:] = [(project, request, job) for job in jobs]  # inherited by the forked workers
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(request.jobs, len(jobs)), mp_context=context,
                             initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        for finished, (slug, written, error, seconds) in enumerate(pool.map(_pool_job, range(len(jobs))), 1):
            progress(slug, f"done in {seconds:.1f} s", (finished, len(jobs)))
            yield slug, written, error, seconds


def _stage(progress: Progress, finished: int, total: int) -> Stage:
    return lambda slug, stage: progress(slug, stage, (finished, total))


def _pool_job(index: int):
    project, request, job = _POOL_JOBS[index]
    return _timed(project, request, job, lambda s, t: None)


@contextmanager
def _layout_process(jobs: list[Job]):
    """A process that lays out the PDFs (`render.pdf_process`), started now, when there are PDFs
    to make and a core to spare for importing WeasyPrint while this one typesets; else None,
    and WeasyPrint runs here (also where it is loaded already, as in `build --watch`)."""
    wanted = any(edition.pdf for job in jobs for edition, _, _ in job.todo)
    if not wanted or usable_cores() < 2 or "kzpublish.render.pdf" in sys.modules:
        yield None
        return
    from kzpublish.render.pdf_process import PdfProcess

    try:
        process = PdfProcess()
    except OSError:  # no process to be had (a container's limit): WeasyPrint runs here
        yield None
        return
    with process:
        yield process


def _timed(project: Project, request: BuildRequest, job: Job, progress: Stage, layout: PdfProcess | None = None):
    start = time.perf_counter()
    try:
        written = build_document(project, job, request, progress, layout)
        error = None
    except KzError as e:
        written, error = [], e
    return job.doc.slug, written, error, time.perf_counter() - start


def build_document(project: Project, job: Job, request: BuildRequest, progress: Stage,
                   layout: PdfProcess | None = None) -> list[Path]:
    """Build the out-of-date editions of one document; `layout`: a `PdfProcess` to lay out the
    PDFs in, else WeasyPrint runs here."""
    from kzpublish.align import align
    from kzpublish.render.html import print_html, render_parts

    doc, prov = job.doc, job.prov
    loc = doc.primary.source.loc()
    paper = paper_of(project, doc, request)
    stamp = prov.stamp(doc)
    with _warnings_counted() as warnings, fewer_collections(), ThreadPoolExecutor(max_workers=1) as loader:
        # The engines take most of a second to import: they load while pandoc reads the sources.
        kinds = {edition.engine for edition, _, _ in job.todo}
        engines = loader.submit(load_engines, kinds - {"pdf"} if layout else kinds)
        progress(doc.slug, "check")
        check_sources(doc)
        progress(doc.slug, "html")
        parts = render_parts(doc, project.config, soft_hyphens=bool(kinds & {"epub", "web"}), root=project.root)
        engine = engines.result()
        pairs = align(parts[0].blocks, parts[1].blocks) if len(parts) == 2 else None
        made: dict[Path, Future] = {}
        # PDFs first: in a layout process, they are laid out while the EPUBs are packed here.
        for edition, path, _ in sorted(job.todo, key=lambda todo: not todo[0].pdf):
            progress(doc.slug, edition.kind)
            parallel = pairs if layout_of(doc, request.layout) == "parallel" else None
            if edition.pdf:
                page = print_html(doc, parts, parallel, head_chars(paper), prov, stamp)
                options = replace(edition.pdf, seed=f"{doc.slug}{edition.suffix}{prov.version}")
                images = {k: v for p in parts for k, v in p.images.items()}
                lay_out = layout.submit if layout else partial(run_here, engine["pdf"].write_pdf)
                made[path] = lay_out(page, project.stylesheet("print.css"), options, project.root, loc, images)
            elif edition.engine == "web":
                made[path] = run_here(engine["web"].write_web, doc, parts, project.stylesheet("web.css"), parallel, prov,
                                      font_cache=project.root / DIST / stamps.STAMPS / "fonts")
            elif edition.engine == "docx":
                page = print_html(doc, parts, parallel, head_chars(paper), prov, stamp)
                made[path] = run_here(engine["docx"].write_docx, page, paper, loc, stamp, reference_docx(project))
            else:
                made[path] = run_here(engine["epub"].write_epub, doc, parts, project.stylesheet("epub.css"), stamp,
                                      pairs, prov, font_cache=project.root / DIST / stamps.STAMPS / "fonts")
        outputs = {path: (made[path].result(), key) for _, path, key in job.todo}
    if request.strict and warnings:
        raise RenderError(f"{len(warnings)} warning(s), and --strict is on", loc)
    for path, (data, key) in outputs.items():
        write_atomic(path, data)
        if not request.release:
            stamps.record(path, key, len(warnings))
    return list(outputs)


@dataclass(frozen=True)
class Alignment:
    parts: tuple
    pairs: tuple


def alignment(project: Project, slug: str) -> Alignment:
    """The aligned blocks of a document's two translations (`kzpublish align`)."""
    from kzpublish.align import align
    from kzpublish.render.html import render_parts

    doc = find_document(project.root, project.config, slug)
    if len(doc.translations) != 2:
        raise KzError(f"{slug} has one translation ({doc.primary.lang}): there is nothing to align",
                      doc.primary.source.loc())
    parts = render_parts(doc, project.config, root=project.root)
    return Alignment(parts, align(parts[0].blocks, parts[1].blocks))


def reference_docx(project: Project) -> Path | None:
    """The project's own reference document for DOCX editions (`styles/reference.docx`), if any
    (a link to somewhere outside the project does not count)."""
    path = project.root / "styles" / "reference.docx"
    return path if path.is_file() and path.resolve().is_relative_to(project.root.resolve()) else None


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


def load_engines(kinds: set[str]) -> dict:
    """The modules of the engines that these kinds of file need: WeasyPrint (`pdf`), ebooklib (`epub`),
    pandoc (`docx`), none (`web`)."""
    return {kind: importlib.import_module(f"kzpublish.render.{kind}") for kind in sorted(kinds)}


def check_sources(doc: Document) -> None:
    """Stop on a character the fonts lack; warn about look-alike letters."""
    from kzpublish.glyphs import glyph_problems
    from kzpublish.lookalikes import find_lookalikes

    for tr in doc.translations:
        if problems := glyph_problems(tr.source):
            first = problems[0]
            if len(problems) > 1:
                first.message += f" (and {len(problems) - 1} more character(s): `kzpublish check` lists them)"
            raise first
        for hit in find_lookalikes(tr.source):
            log.warning("%s: %s; `kzpublish check --fix` corrects it", hit.source.loc(hit.line, hit.column), hit.describe())


def usable_cores() -> int:
    """The cores this process may run on (fewer than the machine's under `taskset` or a CPU quota)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_jobs() -> int:
    return usable_cores()


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
