"""What a build is asked to make (`BuildRequest`) and what it made (`BuildReport`): plain data,
importable without the pipeline, so that a build with nothing to do (`unchanged`) starts quickly."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kzpublish.config import Paper
from kzpublish.errors import KzError

if TYPE_CHECKING:
    from kzpublish.provenance import Provenance

DIST = "dist"
"""Where the editions go, in the project."""
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
