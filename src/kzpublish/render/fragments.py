"""A typeset translation → HTML fragments: its title block and each block of its body, written
as pandoc's HTML5 writer writes them (plain blocks by `plain_html`, the rest in one pandoc run,
each in its wrapper div and cut out again). The PDF page and the EPUB chapters are both
assembled from these fragments, so the two editions cannot drift apart."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from kzpublish.pandoc import API_VERSION_KEY, write_html
from kzpublish.pandoc_ast import Node, plain, stringify
from kzpublish.render import plain_html
from kzpublish.typeset import UNIT_ID, TypesetTranslation
from kzpublish.typography import soft_hyphenate
from kzpublish.typography.spaces import draw_spaces


@dataclass(frozen=True)
class Heading:
    level: int
    """1 for the translation's title, 2 for a `#` heading of the body, and so on."""
    ident: str
    """The element id in the fragment."""
    text: str


@dataclass(frozen=True)
class Unit:
    """One block of a translation, as HTML: a `<div class="unit">` with the block inside."""

    ident: str
    """The element id of the div (`ru-kz-u3`)."""
    kind: str
    html: str
    reader_html: str | None
    """With soft hyphens, for e-readers (EPUB); None when not asked for."""

    @property
    def flow_html(self) -> str:
        """The block for a page where it simply follows the one before (a sequential PDF): without
        its div, which only costs layout time there — except for a list item, whose div carries
        the item's number (WeasyPrint ignores `<ol start>`)."""
        if self.kind == "item":
            return self.html
        start = self.html.index(">") + 1
        end = _closing_div(self.html)
        # What follows the div (pandoc's notes, after the last block) stays.
        return self.html[start:end].strip("\n") + "\n" + self.html[end + len("</div>"):].lstrip("\n")


@dataclass(frozen=True)
class Part:
    """One translation written as HTML."""

    typeset: TypesetTranslation
    title_html: str
    """The title block."""
    reader_title_html: str | None
    units: tuple[Unit, ...]
    """The body, block by block."""
    headings: tuple[Heading, ...]
    """The title first, then the body's headings, in order."""

    @property
    def lang(self) -> str:
        return self.typeset.lang

    @property
    def title(self) -> str:
        return self.typeset.title

    @property
    def running_head(self) -> str:
        return self.typeset.running_head

    @property
    def images(self) -> Mapping[str, Path]:
        return self.typeset.images

    @property
    def fragment(self) -> str:
        """HTML of the title block and the body."""
        return self.title_html + "".join(u.html for u in self.units)

    @property
    def reader_fragment(self) -> str | None:
        """The same with soft hyphens, if they were asked for."""
        if self.reader_title_html is None:
            return None
        return self.reader_title_html + "".join(u.reader_html or "" for u in self.units)


def write_part(t: TypesetTranslation, soft_hyphens: bool, submit) -> Part:
    """The typeset translation as HTML, and again with soft hyphens (for an EPUB) when asked;
    `submit` (an executor's, or `processes.run_here`) runs the two, at once or in turn."""
    prefix = f"{t.lang}-"

    def write(blocks: list[Node]) -> tuple[str, list[str]]:
        title, *units = draw_spaces(blocks)
        ours = [plain_html.unit_html(u, prefix) for u in units]
        rest = [title] + [u for u, h in zip(units, ours) if h is None]
        out = write_html({API_VERSION_KEY: t.api_version, "meta": {}, "blocks": rest}, t.loc, id_prefix=prefix)
        title_html, by_pandoc, notes = _cut(out, prefix)
        pandocs = iter(by_pandoc)
        written = [h if h is not None else next(pandocs) for h in ours]
        # pandoc's notes come after the last block of all.
        if written:
            written[-1] += notes
        else:
            title_html += notes
        return title_html, written

    blocks = [t.title_block, *t.units]
    reader = submit(write, soft_hyphenate(blocks, t.lang)) if soft_hyphens else None
    title_html, unit_html = write(blocks)
    reader_title, reader_units = reader.result() if reader else (None, [None] * len(t.blocks))
    units = tuple(Unit(f"{prefix}{UNIT_ID}{k + 1}", b.kind, h, r)
                  for k, (b, h, r) in enumerate(zip(t.blocks, unit_html, reader_units)))
    headings = (Heading(1, prefix + "title", t.bookmark),) + tuple(
        Heading(level, prefix + ident, plain(stringify(inlines)))
        for level, ident, inlines in _headers(list(t.units))
    )
    return Part(t, title_html, reader_title, units, headings)


def _closing_div(html_text: str) -> int:
    """Where the `</div>` that closes the div opening `html_text` starts."""
    depth = 0
    for m in re.finditer(r"<div\b|</div>", html_text):
        depth += 1 if m.group() == "<div" else -1
        if depth == 0:
            return m.start()
    raise ValueError("unclosed div")


def _cut(fragment: str, prefix: str) -> tuple[str, list[str], str]:
    """Split pandoc's HTML at the block wrappers: (title block, [one div per block], the notes
    section that follows them, or "")."""
    notes = fragment.find(f'<section id="{prefix}footnotes"')
    fragment, notes = (fragment, "") if notes < 0 else (fragment[:notes], fragment[notes:])
    starts = [m.start() for m in re.finditer(rf'<div id="{re.escape(prefix)}{UNIT_ID}\d+"', fragment)]
    title = fragment[:starts[0]] if starts else fragment
    return title, [fragment[a:b] for a, b in zip(starts, [*starts[1:], len(fragment)])], notes


def _headers(blocks: list[Node]):
    for b in blocks:
        if b.get("t") == "Header":
            level, (ident, _, _), inlines = b["c"]
            if ident:
                yield level, ident, inlines
        elif b.get("t") == "Div":
            yield from _headers(b["c"][1])
