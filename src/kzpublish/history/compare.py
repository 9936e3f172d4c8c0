"""Compare a document between two revisions: read each translation at each side (a commit, or
the working tree), cut it into blocks, and diff them, front matter included.

`--from` defaults to the latest tag before `--to`, else the document's first commit; `--to` to
the working tree ("uncommitted" when it differs from HEAD).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from kzpublish.blocks import Block
from kzpublish.document import Document
from kzpublish.errors import GitError, SourceError
from kzpublish.history.diff import BlockChange, Counts, Span, count, diff_blocks, diff_words
from kzpublish.history.git import Repository
from kzpublish.history.head import UNCOMMITTED
from kzpublish.messages import _
from kzpublish.i18n import LANGUAGES
from kzpublish.history.parsed import Parsed, ParsedVersions
from kzpublish.sources import source_from_bytes
from kzpublish.versions import version_of

SHOWN_KEYS = ("title", "subtitle", "short-title", "date", "authors", "tags", "slug")


@dataclass(frozen=True)
class Side:
    """One end of a comparison."""

    label: str
    """A tag, a short commit id, or `uncommitted`."""
    commit: str | None
    """None: the working tree."""
    date: dt.datetime | None


@dataclass(frozen=True)
class FieldChange:
    key: str
    old: str | None
    new: str | None
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class TranslationDiff:
    lang: str
    status: str
    """`changed`, `unchanged`, `added`, `removed`."""
    old_path: str | None
    new_path: str | None
    meta: tuple[FieldChange, ...]
    changes: tuple[BlockChange, ...]
    old_blocks: tuple[Block, ...]
    new_blocks: tuple[Block, ...]
    counts: Counts


@dataclass(frozen=True)
class DocumentDiff:
    slug: str
    title: str
    old: Side
    new: Side
    translations: tuple[TranslationDiff, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Version:
    path: str | None
    parsed: Parsed | None


def default_sides(repo: Repository, doc: Document, from_rev: str | None, to_rev: str | None) -> tuple[Side, Side]:
    paths = [t.source.path for t in doc.translations]
    if to_rev is None:
        if repo.has_commits() and not repo.dirty(paths):
            head = repo.resolve("HEAD")
            new = _side(repo, head, doc.slug)
        else:
            new = Side(UNCOMMITTED, None, None)
    else:
        new = _side(repo, repo.resolve(to_rev), doc.slug)
    if from_rev is not None:
        return _side(repo, repo.resolve(from_rev), doc.slug), new
    if not repo.has_commits():
        raise GitError(_("the repository has no commits yet"), hint=_("commit the sources, then compare"))
    base = new.commit or repo.resolve("HEAD")
    tags = [t for t in repo.tags_before(base, include_self=new.commit is None) if version_of(t, doc.slug)]
    if tags:  # the latest version of this document: `v…` or `<slug>/v…`, never another's
        return _side(repo, repo.resolve(tags[0]), doc.slug), new
    first = repo.first_commit(paths)
    if first is None:
        raise GitError(_("{slug} has no commits yet").format(slug=doc.slug), hint=_("commit its sources, then compare"))
    return _side(repo, first, doc.slug), new


def _side(repo: Repository, commit: str, slug: str) -> Side:
    """A commit, named by its tag as a version of `slug` if it has one, else by its short id."""
    tags = [t for t in repo.tags_by_commit.get(commit, ()) if version_of(t, slug)]
    date, _author, _subject = repo.commit_info(commit)
    return Side(tags[-1] if tags else repo.short(commit), commit, date)


def compare(root: Path, repo: Repository, doc: Document, old: Side, new: Side) -> DocumentDiff:
    notes = []
    if repo.shallow:
        notes.append("this is a shallow clone: history older than "
                     f"{', '.join(c[:10] for c in repo.shallow_roots())} is not available")
    langs = [t.lang for t in doc.translations] + [lang for lang in LANGUAGES if lang not in doc.langs]
    cache = ParsedVersions(root)
    translations = []
    for lang in langs:
        current = next((t.source.path for t in doc.translations if t.lang == lang),
                       f"{doc.primary.source.path.rsplit('/', 1)[0]}/{lang}.md")
        a = _version(root, repo, cache, current, old)
        b = _version(root, repo, cache, current, new)
        if a.parsed is None and b.parsed is None:
            continue
        translations.append(_compare(lang, a, b))
    return DocumentDiff(doc.slug, doc.primary.meta.title, old, new, tuple(translations), tuple(notes))


def _version(root: Path, repo: Repository, cache: ParsedVersions, current: str, side: Side) -> _Version:
    lang = current.rsplit("/", 1)[-1].removesuffix(".md")
    if side.commit is None:
        path = root / current
        if not path.is_file():
            return _Version(None, None)
        return _Version(current, cache.of_source(source_from_bytes(current, lang, path.read_bytes())))
    path, blob = _path_at(repo, current, side.commit)
    if path is None or blob is None:
        return _Version(None, None)
    try:
        return _Version(path, cache.get(blob, lambda: repo.source_at(side.commit, path)))
    except SourceError as e:
        raise SourceError(_("{problem} in commit {commit}").format(problem=e.message, commit=side.commit[:10]), e.loc,
                          hint=_("this version cannot be compared; pick another revision with --from/--to")) from e


def _path_at(repo: Repository, current: str, commit: str) -> tuple[str | None, str | None]:
    """Where the file now at `current` was at `commit` (it may have been renamed since), and its
    blob there; (None, None) where it did not exist."""
    try:
        history = repo.history(current)
    except GitError:
        history = []
    if not history:
        return current, repo.blob_id(commit, current)
    for rev in history:
        if rev.commit == commit:  # the commit touched the file itself: no need to walk its ancestry
            return (None, None) if rev.status == "D" else (rev.path, rev.blob)
    before = repo.ancestors(commit)
    for rev in history:
        if rev.commit in before:
            return (None, None) if rev.status == "D" else (rev.path, repo.blob_id(commit, rev.path))
    return None, None


def _compare(lang: str, a: _Version, b: _Version) -> TranslationDiff:
    old = a.parsed or Parsed({}, ())
    new = b.parsed or Parsed({}, ())
    if a.parsed is None:
        status = "added"
    elif b.parsed is None:
        status = "removed"
    else:
        status = "changed"
    changes = diff_blocks(old.blocks, new.blocks)
    meta = _meta_changes(old.meta, new.meta)
    counts = count(changes)
    if status == "changed" and not meta and all(c.status == "equal" for c in changes):
        status = "unchanged"
    return TranslationDiff(lang, status, a.path, b.path, meta, changes, old.blocks, new.blocks, counts)


def _meta_changes(old: Mapping[str, str | None], new: Mapping[str, str | None]) -> tuple[FieldChange, ...]:
    out = []
    for key in [k for k in SHOWN_KEYS if k in old or k in new] + sorted((set(old) | set(new)) - set(SHOWN_KEYS)):
        a, b = old.get(key), new.get(key)
        if a != b:
            out.append(FieldChange(key, a, b, diff_words(a or "", b or "")))
    return tuple(out)
