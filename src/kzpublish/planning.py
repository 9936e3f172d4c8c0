"""Planning a build: which documents (named ones, a shard of them), the settings of each,
resolved once, and which of its editions are out of date, with the paths they go to."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

from kzpublish import stamps
from kzpublish.document import Document, no_document
from kzpublish.editions import Edition, editions
from kzpublish.errors import KzError
from kzpublish.project import Project
from kzpublish.provenance import Provenance
from kzpublish.request import DIST, BuildRequest
from kzpublish.settings import DocumentSettings, resolve

ENGINES = {"pdf": "pdf", "epub": "epub", "docx": "docx", "html": "web"}
"""Format (`build --html`) → the module of `render` that writes it."""


@dataclass(frozen=True)
class Target:
    """One edition of a document to make."""

    edition: Edition
    path: Path
    key: str
    """What it is made from, hashed (`stamps.input_key`)."""


@dataclass(frozen=True)
class Job:
    """One document to build: its settings, and the editions of it that are out of date."""

    doc: Document
    prov: Provenance
    settings: DocumentSettings
    todo: tuple[Target, ...]
    skipped: tuple[Path, ...]
    """Its editions that are up to date."""


def select(documents: tuple[Document, ...], failed: tuple[str, ...], slugs: tuple[str, ...]
           ) -> tuple[list[Document], list[KzError]]:
    """The documents named by `slugs` (all when empty), and an error for each unknown name."""
    if not slugs:
        return list(documents), []
    by_slug = {d.slug: d for d in documents}
    errors = [no_document(slug) for slug in slugs if slug not in by_slug and slug not in failed]
    return [by_slug[s] for s in dict.fromkeys(slugs) if s in by_slug], errors


def shard(documents: list[Document], which: tuple[int, int] | None) -> list[Document]:
    """The K-th of N shares, by a hash of the slug: a document stays in its share whatever else
    is added or removed."""
    if which is None:
        return documents
    k, n = which
    return [d for d in documents if zlib.crc32(d.slug.encode()) % n == k - 1]


def plan(project: Project, doc: Document, request: BuildRequest, prov: Provenance) -> Job:
    """The editions of `doc` whose inputs changed since they were built (all of them for a
    release, or with `force`)."""
    settings = resolve(project.config, doc, request.paper, request.layout)
    todo, skipped = [], []
    for edition in editions(request.formats, request.release is not None, settings.paper, project.config):
        if request.kinds and edition.kind not in request.kinds:
            continue
        path = output_path(project, doc, edition, request)
        sheet = project.stylesheet({"epub": "epub.css", "web": "web.css"}.get(edition.kind, "print.css"))
        if edition.kind == "docx" and (reference := reference_docx(project)):
            sheet = reference
        key = stamps.input_key(doc, project.root, sheet, project.config, edition, settings.layout, prov)
        if request.force or request.release or not stamps.up_to_date(path, key, request.strict):
            todo.append(Target(edition, path, key))
        else:
            skipped.append(path)
    return Job(doc, prov, settings, tuple(todo), tuple(skipped))


def output_path(project: Project, doc: Document, edition: Edition, request: BuildRequest) -> Path:
    folder = request.out_dir or project.root / DIST
    if request.release:
        return folder / f"{doc.slug}-{request.release.version}{edition.suffix}"
    return folder / f"{doc.slug}{edition.suffix}"


def reference_docx(project: Project) -> Path | None:
    """The project's own reference document for DOCX editions (`styles/reference.docx`), if any
    (a link to somewhere outside the project does not count)."""
    path = project.root / "styles" / "reference.docx"
    return path if path.is_file() and path.resolve().is_relative_to(project.root.resolve()) else None
