"""The build, top to bottom:

    load the documents → plan (`planning`: what is out of date, with each document's settings)
    → for each document, here or in worker processes (`processes`):
        check the sources (`check`) → read, check resources, cut into blocks, typeset (`typeset`)
        → write HTML fragments (`render.fragments`) → align the translations (`align`)
        → lay out the PDFs (`render.page`, `render.pdf`), pack the EPUB (`render.epub`), write
          the DOCX (`render.docx`) and the web page (`render.web`)
        → write the files atomically and stamp them (`output`, `stamps`)

A document that fails is reported and the others still build (unless `strict`). The engines are
imported only when something has to be rendered, so a build with nothing to do is quick; one
document at a time, on a machine with a core to spare, WeasyPrint runs in a layout process forked
as the build starts, so that its import does not wait for the rest.
"""

from __future__ import annotations

import importlib
import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from kzpublish import provenance, stamps
from kzpublish.document import Document, Loaded, load_documents
from kzpublish.errors import Problems, KzError, RenderError, SourceLocation, engine_failure, strict_failure
from kzpublish.memory import fewer_collections
from kzpublish.messages import _
from kzpublish.output import remove_stale, write_output
from kzpublish.paths import written_inside
from kzpublish.planning import Job, plan, reference_docx, select, shard
from kzpublish.processes import in_processes, layout_process, run_here
from kzpublish.project import Project
from kzpublish.request import DIST, BuildReport, BuildRequest
from kzpublish.settings import DocumentSettings
from kzpublish.system import require_pdf_libraries

if TYPE_CHECKING:
    from kzpublish.render.fragments import Part
    from kzpublish.render.pdf_process import PdfProcess

log = logging.getLogger("kzpublish")


@dataclass(frozen=True)
class DocumentResult:
    """What building one document gave."""

    slug: str
    written: tuple[Path, ...]
    error: KzError | None
    seconds: float


Progress = Callable[[str, str, tuple[int, int]], None]
"""Called with (slug, stage, (documents finished, documents to build)) as a build goes on."""
Stage = Callable[[str, str], None]
"""Called with (slug, stage) as a document is built."""


def build(project: Project, request: BuildRequest, progress: Progress | None = None,
          loaded: Loaded | None = None) -> BuildReport:
    """`loaded`: the project's documents, when the caller has read them already."""
    loaded = loaded or load_documents(project.root, project.config)
    chosen, unknown = select(loaded.documents, loaded.failed, request.slugs)
    errors, failed = loaded.concerning(request.slugs)
    report = BuildReport(errors=[*errors, *unknown], failed=failed)
    if request.strict and report.errors:
        return report
    provenance.source_date_epoch()  # a bad SOURCE_DATE_EPOCH stops the build before anything is made
    out_dir = request.out_dir or project.root / DIST
    if out_dir.exists() and not out_dir.is_dir():
        raise KzError(_("{name} is a file, and the editions go into a folder of that name").format(name=out_dir.name),
                      SourceLocation(out_dir.name), hint=_("move the file away (or delete it), then "
                                                           "build again"))
    written_inside(project.root, project.root / DIST)
    remove_stale(out_dir)
    state = None if request.release else provenance.project_state(project.root)
    jobs = []
    for doc in shard(chosen, request.shard):
        try:
            jobs.append(plan(project, doc, request, request.release or state.of(doc)))
        except KzError as e:  # a file beside its sources that may not be read
            report.errors.append(e)
            report.failed.append(doc.slug)
    report.skipped += [path for job in jobs for path in job.skipped]
    if any(t.edition.pdf for job in jobs for t in job.todo):
        require_pdf_libraries()  # before any work: one message saying what to install
    for result in run(project, request, [job for job in jobs if job.todo], progress or (lambda s, t, at: None)):
        report.seconds[result.slug] = result.seconds
        report.written += result.written
        if result.error:
            report.errors += result.error.errors if isinstance(result.error, Problems) else [result.error]
            report.failed.append(result.slug)
            if request.strict:
                break
    return report


def run(project: Project, request: BuildRequest, jobs: list[Job], progress: Progress):
    """Yield a `DocumentResult` per job: here, or in `request.jobs` processes. Each document is
    independent, and the bytes do not depend on where it was built."""
    if request.jobs <= 1 or len(jobs) <= 1:
        with layout_process(any(t.edition.pdf for job in jobs for t in job.todo)) as layout:
            for finished, job in enumerate(jobs):
                stage = partial(_stage, progress, (finished, len(jobs)))
                yield build_timed(project, request, job, stage, layout)
        return
    quiet = partial(build_timed, project, request, progress=lambda slug, stage: None)
    for finished, result in enumerate(in_processes(quiet, jobs, request.jobs), 1):
        progress(result.slug, _("done in {seconds:.1f} s").format(seconds=result.seconds), (finished, len(jobs)))
        yield result


def _stage(progress: Progress, at: tuple[int, int], slug: str, stage: str) -> None:
    progress(slug, stage, at)


def build_timed(project: Project, request: BuildRequest, job: Job, progress: Stage,
                layout: PdfProcess | None = None) -> DocumentResult:
    start = time.perf_counter()
    try:
        written, error = tuple(build_document(project, job, request, progress, layout)), None
    except KzError as e:
        written, error = (), e
    except (MemoryError, RecursionError) as e:
        written, error = (), RenderError(_("the document is too large or too deeply nested to build "
                                           "({kind})").format(kind=type(e).__name__),
                                         job.doc.primary.source.loc(), hint=_("split it, or nest less "
                                                                              "deeply"))
    except Exception as e:  # noqa: BLE001 — a bug: this document fails, the others still build
        log.debug("", exc_info=True)
        written, error = (), engine_failure("kzpublish", e, job.doc.primary.source.loc())
    return DocumentResult(job.doc.slug, written, error, time.perf_counter() - start)


TYPESET_APART = 200_000
"""Characters of source from which a document is typeset in a process of its own while its PDFs
are laid out (`typeset_process`: about 30 pages; the memory it frees goes back to the system). A
smaller one is typeset here, keeping what its modules and caches loaded for the next."""


def build_document(project: Project, job: Job, request: BuildRequest, progress: Stage,
                   layout: PdfProcess | None = None) -> list[Path]:
    """Build the out-of-date editions of one document; `layout`: a `PdfProcess` to lay out the
    PDFs in (for a long document the rest is then made in a process forked for it:
    `typeset_process`), else everything runs here."""
    doc = job.doc
    with _warnings_counted() as warnings:
        if layout is not None and sum(len(t.source.text) for t in doc.translations) >= TYPESET_APART:
            from kzpublish.typeset_process import typeset_apart

            made = typeset_apart(partial(_made, project, job), layout, progress, doc.primary.source.loc())
        else:
            made = {path: future.result() for path, future in _made(project, job, layout, progress).items()}
        outputs = {t.path: (made[t.path], t.key) for t in job.todo}
    if request.strict and warnings:
        raise strict_failure([w.getMessage() for w in warnings], doc.primary.source.loc())
    for path, (data, key) in outputs.items():
        write_output(path, data, project.root)
        if not request.release:
            stamps.record(path, key, len(warnings))
    return list(outputs)


def _made(project: Project, job: Job, layout, progress: Stage) -> dict[Path, Future]:
    """Each edition of one document, as a Future: checked, read, typeset, aligned; the PDFs laid
    out by `layout` (a `PdfProcess`, or its `typeset_process.Relay`), else here."""
    from kzpublish.align import align, pairing_warnings
    from kzpublish.check import check_sources
    from kzpublish.terms import warn as warn_terms

    doc, kinds = job.doc, {t.edition.engine for t in job.todo}
    with fewer_collections(), ThreadPoolExecutor(max_workers=1) as loader:
        # The engines take most of a second to import: they load while pandoc reads the sources.
        engines = loader.submit(load_engines, kinds - {"pdf"} if layout else kinds)
        progress(doc.slug, _("check"))
        check_sources(doc)
        progress(doc.slug, "html")
        parts = html_parts(doc, job.settings, project.root, soft_hyphens=bool(kinds & {"epub", "web"}))
        pairs = align(parts[0].typeset.blocks, parts[1].typeset.blocks) if len(parts) == 2 else None
        if pairs is not None and job.settings.layout == "parallel" and "pdf" in kinds:
            for message in pairing_warnings(tuple(t.source for t in doc.translations), parts[0].typeset.blocks,
                                            parts[1].typeset.blocks, pairs):
                log.warning("%s", message)
        if pairs:
            warn_terms(project.root, doc.slug, [(t.lang, t.source.path, t.source.text) for t in doc.translations],
                       [p.typeset.blocks for p in parts], pairs)
        return _editions(project, job, parts, pairs, engines.result(), layout, progress)


def html_parts(doc: Document, settings: DocumentSettings, root: Path, soft_hyphens: bool) -> tuple[Part, ...]:
    """Each translation read, typeset and written as HTML fragments. pandoc runs in processes of
    its own, so they go on at once: all the reads first, then each translation's writes while the
    next one is typeset."""
    from kzpublish.render.fragments import write_part
    from kzpublish.typeset import read, typeset_translation

    bilingual = len(doc.translations) > 1
    # Each translation: a read, a write and the soft-hyphenated write that the write waits for.
    with ThreadPoolExecutor(max_workers=3 * len(doc.translations)) as pool:
        asts = [pool.submit(read, tr) for tr in doc.translations]
        writes = [pool.submit(write_part, typeset_translation(tr, ast.result(), settings, bilingual, root),
                              soft_hyphens, pool.submit)
                  for tr, ast in zip(doc.translations, asts)]
        return tuple(w.result() for w in writes)


def _editions(project: Project, job: Job, parts, pairs, engine: dict, layout: PdfProcess | None,
              progress: Stage) -> dict[Path, Future]:
    """Each edition's bytes, as a Future. PDFs first: in a layout process, they are laid out while
    the EPUBs are packed here."""
    from kzpublish.render.page import print_html
    from kzpublish.render.translations import lay_out as lay_out_here

    doc, prov, settings = job.doc, job.prov, job.settings
    stamp = prov.stamp(doc)
    font_cache = project.font_cache
    images = {k: v for p in parts for k, v in p.images.items()}
    made: dict[Path, Future] = {}
    for target in sorted(job.todo, key=lambda t: not t.edition.pdf):
        edition = target.edition
        progress(doc.slug, edition.kind)
        parallel = pairs if settings.layout == "parallel" else None
        if edition.pdf:
            stylesheet = project.stylesheet("print.css")
            options = replace(edition.pdf, seed=f"{doc.slug}{edition.suffix}{prov.version}", font_cache=font_cache)
            lay_out = layout.submit if layout else partial(run_here, lay_out_here)
            made[target.path] = lay_out(_print_pages(job, parts, parallel, stylesheet, stamp), stylesheet, options,
                                        project.root, doc.primary.source.loc(), images)
        elif edition.engine == "web":
            made[target.path] = run_here(engine["web"].write_web, doc, parts, project.stylesheet("web.css"), parallel,
                                         prov, font_cache=font_cache)
        elif edition.engine == "docx":
            page = print_html(doc, parts, parallel, settings.head_chars, prov, stamp)
            made[target.path] = run_here(engine["docx"].write_docx, page, settings.paper, doc.primary.source.loc(),
                                         stamp, reference_docx(project), font_cache=font_cache, images=images)
        else:
            made[target.path] = run_here(engine["epub"].write_epub, doc, parts, project.stylesheet("epub.css"), stamp,
                                         pairs, prov, font_cache=font_cache)
    return made


def _print_pages(job: Job, parts: tuple[Part, ...], pairs, stylesheet: Path, stamp) -> tuple[str, ...]:
    """The page WeasyPrint lays out, or a long sequential edition's translations, to be laid out
    apart and joined (`render.translations`)."""
    from kzpublish.render.page import print_html, translation_pages
    from kzpublish.render.translations import separable

    doc, prov, head_chars = job.doc, job.prov, job.settings.head_chars
    if pairs is None and len(parts) > 1:
        pages = translation_pages(doc, parts, head_chars, prov, stamp)
        if separable(pages, stylesheet.read_text("utf-8")):
            return pages
    return (print_html(doc, parts, pairs, head_chars, prov, stamp),)


def load_engines(kinds: set[str]) -> dict:
    """The modules of the engines that these kinds of file need: WeasyPrint (`pdf`), ebooklib (`epub`),
    pandoc (`docx`), none of its own (`web`)."""
    return {kind: importlib.import_module(f"kzpublish.render.{kind}") for kind in sorted(kinds)}


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
