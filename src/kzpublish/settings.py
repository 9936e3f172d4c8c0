"""The settings of one document's build, resolved once: the command line's choice first, then the
document's front matter, then the project's `[tool.kzpublish]`, then the defaults."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from kzpublish.config import Config, Paper
from kzpublish.document import Document


@dataclass(frozen=True)
class DocumentSettings:
    paper: Paper
    layout: str
    """`parallel` (two translations side by side) or `sequential`."""
    typography_off: Mapping[str, frozenset[str]]
    """Per language: the typographic rules switched off (the project's and the translation's)."""
    quotes: Mapping[str, str]
    """Per language: outer opening, outer closing, inner opening, inner closing quote."""

    @property
    def head_chars(self) -> int:
        """About how many characters of the running head's small sans fit across the text."""
        return int(self.paper.width * 0.78 / 1.65)


def resolve(config: Config, doc: Document, paper: Paper | None = None, layout: str | None = None) -> DocumentSettings:
    """`paper` and `layout`: the command line's overrides, if any."""
    return DocumentSettings(
        paper=paper or doc.primary.meta.paper or config.paper,
        layout=layout_of(doc, layout),
        typography_off=MappingProxyType({t.lang: config.typography_off | t.meta.typography_off
                                         for t in doc.translations}),
        quotes=config.quotes,
    )


def layout_of(doc: Document, requested: str | None) -> str:
    """The command line's choice, else the document's `layout:`, else parallel for two
    translations and sequential for one."""
    chosen = requested or next((t.meta.layout for t in doc.translations if t.meta.layout), None)
    if len(doc.translations) != 2:
        return "sequential"
    return chosen or "parallel"
