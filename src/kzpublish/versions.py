"""Release names: a tag `v1.2` releases every document; a tag `<slug>/v1.2` releases that
document alone, as its version `v1.2`. Which tags are versions of which document."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kzpublish.errors import KzError
from kzpublish.limits import MAX_VERSION_CHARS
from kzpublish.messages import _

VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")


@dataclass(frozen=True)
class ReleaseName:
    version: str
    """`v1.2`: what the editions and their file names carry."""
    slug: str | None = None
    """The one document released, or None for every document."""

    @property
    def tag(self) -> str:
        """`v1.2` or `<slug>/v1.2`; also the folder of the release under `dist/`."""
        return f"{self.slug}/{self.version}" if self.slug else self.version


def parse_release_name(text: str) -> ReleaseName:
    slug, _slash, version = text.rpartition("/")
    if not VERSION.match(version) or (slug and not VERSION.match(slug)) or len(text) > MAX_VERSION_CHARS:
        shown = text if len(text) <= 40 else text[:39] + "…"
        raise KzError(_("{shown!r} is not a usable version").format(shown=shown),
                      hint=_("use something like v1.2 (every document) or <slug>/v1.2 (one document), "
                             "at most {limit} characters").format(limit=MAX_VERSION_CHARS))
    return ReleaseName(version, slug or None)


def version_of(tag: str, slug: str) -> str | None:
    """The version `tag` gives the document `slug`, or None when it is another document's tag
    (or no version at all)."""
    try:
        name = parse_release_name(tag)
    except KzError:
        return None
    return name.version if name.slug in (None, slug) else None
