"""The document model: a `Document` is one folder of `sources/`, holding one `Translation` per
language. Built from `SourceFile`s, so it can be made from the working tree or from any commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kzpublish.config import Config
from kzpublish.errors import KzError, SourceError
from kzpublish.messages import _
from kzpublish.metadata import SLUG, DocDate, Metadata, read_metadata
from kzpublish.sources import SOURCES_DIR, SourceFile, find_sources, read_source, split_front_matter


@dataclass(frozen=True)
class Translation:
    """One language of a document: its source and its checked front matter."""

    source: SourceFile
    meta: Metadata

    @property
    def lang(self) -> str:
        return self.source.lang


@dataclass(frozen=True)
class Document:
    """One statement in one or more languages."""

    slug: str
    """Names the outputs: `dist/<slug>.pdf`."""
    translations: tuple[Translation, ...]
    """In the project's language order."""

    @property
    def langs(self) -> tuple[str, ...]:
        return tuple(t.lang for t in self.translations)

    @property
    def primary(self) -> Translation:
        return self.translations[0]

    @property
    def date(self) -> DocDate | None:
        return next((t.meta.date for t in self.translations if t.meta.date), None)

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(tag for t in self.translations for tag in t.meta.tags))

    @property
    def authors(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for t in self.translations for a in t.meta.authors))


def parse_translation(source: SourceFile) -> Translation:
    return Translation(source, read_metadata(source, split_front_matter(source)))


def assemble(folder: str, translations: list[Translation], config: Config) -> Document:
    """Group the translations of one folder into a Document, checking they agree on the slug."""
    slugs = {t.meta.slug for t in translations if t.meta.slug}
    if len(slugs) > 1:
        t = next(t for t in translations if t.meta.slug)
        raise SourceError(
            _("the translations of {folder!r} name different slugs: {slugs}").format(
                folder=folder, slugs=", ".join(sorted(slugs))),
            t.source.loc(),
            hint=_("give every translation the same `slug:`, or none (the folder name is used)"),
        )
    if not slugs and not SLUG.match(folder):
        raise SourceError(
            _("the folder name {folder!r} is not a valid slug, and no translation gives one").format(
                folder=folder), translations[0].source.loc(),
            hint=_("rename the folder with lower-case Latin letters, digits and single hyphens (e.g. "
                   "`paris-2019`), or give a `slug:` in the front matter"),
        )
    order = {lang: i for i, lang in enumerate(config.languages)}
    ordered = sorted(translations, key=lambda t: order.get(t.lang, len(order)))
    return Document(slug=slugs.pop() if slugs else folder, translations=tuple(ordered))


@dataclass(frozen=True)
class Loaded:
    """The documents that could be read, and the errors of those that could not."""

    documents: tuple[Document, ...]
    errors: tuple[KzError, ...]
    failed: tuple[str, ...] = ()
    """Folders of the documents that could not be read."""

    def find(self, slug: str) -> Document:
        """The document called `slug`; the error of its folder if it could not be read."""
        for doc in self.documents:
            if doc.slug == slug:
                return doc
        errors, _failed = self.concerning((slug,))
        for error in errors:
            if error.loc:
                raise error
        raise no_document(slug)

    def folders(self, names: tuple[str, ...]) -> set[str]:
        """The folders of sources named by `names`: each name itself (a folder), and the folder
        of the document that has it as its slug."""
        return set(names) | {doc.primary.source.folder for doc in self.documents if doc.slug in names}

    def concerning(self, names: tuple[str, ...]) -> tuple[list[KzError], list[str]]:
        """The errors and failed folders of the documents named by `names` (slugs or folders; all
        when empty), as `check` and a build report them: another document's problem is not
        theirs. An error of no file concerns every document."""
        if not names:
            return list(self.errors), list(self.failed)
        folders = self.folders(names)
        return ([e for e in self.errors if e.loc is None or _folder_of(e.loc.path) in folders],
                [f for f in self.failed if f in folders])


def no_document(slug: str) -> KzError:
    """The error of a name that is no document's slug."""
    return KzError(_("no document {slug!r}").format(
        slug=slug), hint=_("`kzpublish list` shows the documents of this project"))


def _folder_of(path: str) -> str | None:
    """The folder of sources a project path is, or is in (`sources/<folder>/ru.md`)."""
    parts = path.split("/")
    return parts[1] if len(parts) > 1 and parts[0] == SOURCES_DIR else None


def load_documents(root: Path, config: Config) -> Loaded:
    """Read every document under `root/sources`. A bad file costs only its own document."""
    by_folder: dict[str, list[Translation]] = {}
    failed: dict[str, list[KzError]] = {}
    for path in find_sources(root):
        folder = path.parent.name
        try:
            by_folder.setdefault(folder, []).append(parse_translation(read_source(root, path)))
        except KzError as e:
            failed.setdefault(folder, []).append(e)
    documents: list[Document] = []
    errors = [e for errs in failed.values() for e in errs]
    for folder, translations in sorted(by_folder.items()):
        if folder in failed:
            continue
        try:
            documents.append(assemble(folder, translations, config))
        except KzError as e:
            errors.append(e)
    return Loaded(*_without_duplicate_slugs(documents, errors), failed=tuple(sorted(failed)))


def _without_duplicate_slugs(documents: list[Document], errors: list[KzError]):
    seen: dict[str, Document] = {}
    clashing: set[str] = set()
    for doc in documents:
        if doc.slug in seen:
            clashing.add(doc.slug)
        seen.setdefault(doc.slug, doc)
    for doc in documents:
        if doc.slug in clashing:
            others = [d.primary.source.folder for d in documents if d.slug == doc.slug and d is not doc]
            errors.append(SourceError(
                _("slug {slug!r} is also used by sources/{folder}/").format(slug=doc.slug, folder=others[0]),
                doc.primary.source.loc(),
                hint=_("every document needs its own slug: rename a folder or change `slug:`"),
            ))
    return tuple(d for d in documents if d.slug not in clashing), tuple(errors)


def find_document(root: Path, config: Config, slug: str) -> Document:
    """The document called `slug` (`Loaded.find`)."""
    return load_documents(root, config).find(slug)
