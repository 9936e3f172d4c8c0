"""Where an edition comes from: its version, commit, the commit's date, and whether the text
has uncommitted changes (a draft). Every edition prints this in its colophon; a draft says so
on every page and in its metadata."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from kzpublish.document import Document
from kzpublish.errors import GitError
from kzpublish.history.git import Repository

# What, besides a document's own sources, shapes its editions.
SHARED_INPUTS = ("styles", "pyproject.toml")


@dataclass(frozen=True)
class Provenance:
    version: str
    """A release version (`v1.2`), else what `git describe` says of HEAD, else `—`."""
    commit: str | None
    date: dt.datetime | None
    """The commit's date."""
    draft: bool
    """The sources or styles differ from the commit (or there is no commit at all)."""

    def stamp(self, doc: Document) -> dt.datetime:
        """The time the edition carries: SOURCE_DATE_EPOCH when set, else the commit's date, else
        the document's date; never the clock, so the same commit gives the same bytes."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if epoch.isdigit():
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        if self.date:
            return self.date.astimezone(dt.timezone.utc)
        if doc.date:
            return dt.datetime.combine(doc.date.date, dt.time(), dt.timezone.utc)
        return dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)


UNTRACKED = Provenance("—", None, None, True)


def of_document(root: Path, doc: Document) -> Provenance:
    """An ordinary build's provenance: HEAD, and whether this document's inputs changed since."""
    try:
        repo = Repository(root)
    except GitError:
        return UNTRACKED
    if not repo.has_commits():
        return UNTRACKED
    head = repo.resolve("HEAD")
    date, _, _ = repo.commit_info(head)
    inputs = [t.source.path for t in doc.translations] + [p for p in SHARED_INPUTS if (root / p).exists()]
    return Provenance(repo.describe(head), head, date, repo.dirty(inputs))
