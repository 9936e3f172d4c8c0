"""Where an edition comes from: its version, commit, the commit's date, and whether the text
has uncommitted changes (a draft). Every edition prints this in its colophon; a draft says so
on every page and in its metadata."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kzpublish.errors import ConfigError
from kzpublish.history.head import read_head
from kzpublish.messages import _

if TYPE_CHECKING:
    from kzpublish.document import Document

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
    source_date: dt.datetime | None = None
    """`SOURCE_DATE_EPOCH`, when it is set (`source_date_epoch`)."""

    def stamp(self, doc: Document) -> dt.datetime:
        """The time the edition carries: SOURCE_DATE_EPOCH when set, else the commit's date, else
        the document's date; never the clock, so the same commit gives the same bytes."""
        if self.source_date:
            return self.source_date
        if self.date:
            return self.date.astimezone(dt.timezone.utc)
        if doc.date:
            return dt.datetime.combine(doc.date.date, dt.time(), dt.timezone.utc)
        return dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)


EPOCH_RANGE = (315532800, 4102444799)
"""1980-01-01 (the earliest time a zip entry, and so an EPUB, can carry) to 2099-12-31."""


def source_date_epoch() -> dt.datetime | None:
    """`SOURCE_DATE_EPOCH` of the environment (the reproducible-builds convention), read here
    only, and carried in the provenance from then on: None when unset; an error when it is not
    a usable time."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    if not (epoch.isascii() and epoch.isdigit() and len(epoch) < 12 and EPOCH_RANGE[0] <= int(epoch) <= EPOCH_RANGE[1]):
        raise ConfigError(_("SOURCE_DATE_EPOCH={epoch!r} is not a time between 1980 and 2099 in "
                            "seconds since 1970").format(epoch=epoch[:30]),
                          hint=_("set it to a commit's time (`git log -1 --format=%ct`), or unset it"))
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)


UNTRACKED = Provenance("—", None, None, True)


@dataclass(frozen=True)
class ProjectState:
    """HEAD and the uncommitted files, read from git once per build."""

    head: Provenance
    """HEAD's version, commit and date (draft: False)."""
    changed: frozenset[str]
    """Project paths that differ from HEAD (untracked ones included)."""

    def of(self, doc: Document) -> Provenance:
        """A document's provenance: a draft when its folder or a shared input has changed."""
        folder = doc.primary.source.path.rsplit("/", 1)[0] + "/"
        draft = any(p.startswith(folder) or p.split("/")[0] in SHARED_INPUTS for p in self.changed)
        return replace(self.head, draft=draft)


@dataclass(frozen=True)
class _Untracked:
    untracked: Provenance

    def of(self, doc: Document) -> Provenance:
        return self.untracked


def project_state(root: Path) -> ProjectState | _Untracked:
    head, epoch = read_head(root), source_date_epoch()
    if head is None:
        return _Untracked(replace(UNTRACKED, source_date=epoch))
    return ProjectState(Provenance(head.describe, head.commit, head.date, False, epoch), head.changed)
