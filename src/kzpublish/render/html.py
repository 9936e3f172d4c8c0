"""Translations → HTML. Each translation becomes a `Part`: one HTML fragment holding its title
block and its body, written by pandoc from the AST. The PDF page and the EPUB chapters are both
made from these fragments, so the two editions cannot drift apart."""

from __future__ import annotations

import datetime as dt
import html
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from kzpublish import __version__
from kzpublish.align import Pair
from kzpublish.blocks import Block, blocks_of
from kzpublish.config import Config
from kzpublish.document import Document, Translation
from kzpublish.errors import SourceLocation
from kzpublish.i18n import DRAFT, LANGUAGES
from kzpublish.processes import run_here
from kzpublish.provenance import UNTRACKED, Provenance
from kzpublish.pandoc_ast import (
    Node, div, header, meta_inlines, para, plain, shift_headings, stringify, text_inlines,
)
from kzpublish.render.pandoc import API_VERSION_KEY, read_markdown, write_html
from kzpublish.render import plain_html
from kzpublish.safety import check_resources
from kzpublish.typography import Settings, soft_hyphenate, typeset, typeset_inlines
from kzpublish.typography.spaces import draw_spaces


LONG_TITLE = 90
"""Titles longer than this (in characters) are set smaller."""


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
    """One translation rendered to HTML."""

    lang: str
    title: str
    """The title as plain text (for metadata)."""
    running_head: str
    """Plain text for page heads and short labels: `short-title`, else the title."""
    title_html: str
    """The title block."""
    reader_title_html: str | None
    units: tuple[Unit, ...]
    """The body, block by block, typeset; `reader_html` has soft hyphens for e-readers (EPUB)."""
    blocks: tuple[Block, ...]
    """The same blocks as text, for aligning the translations."""
    headings: tuple[Heading, ...]
    """The title first, then the body's headings, in order."""
    images: Mapping[str, Path] = field(default_factory=dict)
    """`images/<key>` (as the HTML names them) → the checked file."""

    @property
    def fragment(self) -> str:
        """HTML of the title block and the body."""
        return self.title_html + "".join(u.html for u in self.units)

    @property
    def reader_fragment(self) -> str | None:
        if self.reader_title_html is None:
            return None
        return self.reader_title_html + "".join(u.reader_html or "" for u in self.units)


UNIT_ID = "kz-u"


def render_part(tr: Translation, bilingual: bool, config: Config = Config(),
                soft_hyphens: bool = False, root: Path | None = None) -> Part:
    """Read one translation with pandoc, check what it pulls in, typeset it, and write it as
    HTML, block by block: plain blocks by kzpublish (`plain_html`), the others in one pandoc run
    (each wrapped in a div that is cut out again). `root` is the project folder, which images
    must not leave (default: the current folder)."""
    ast = read_markdown(tr.source.text, tr.source.loc())
    return _write(_typeset(tr, ast, bilingual, config, root), soft_hyphens, run_here)


def render_parts(doc: Document, config: Config = Config(), soft_hyphens: bool = False,
                 root: Path | None = None) -> tuple[Part, ...]:
    """`render_part` for each translation. pandoc runs in processes of its own, so they go on
    at once: all the reads first, then each translation's writes while the next one is typeset."""
    bilingual = len(doc.translations) > 1
    # Each translation: a read, a write and the soft-hyphenated write that the write waits for.
    with ThreadPoolExecutor(max_workers=3 * len(doc.translations)) as pool:
        reads = [pool.submit(read_markdown, tr.source.text, tr.source.loc()) for tr in doc.translations]
        writes = [pool.submit(_write, _typeset(tr, read.result(), bilingual, config, root), soft_hyphens, pool.submit)
                  for tr, read in zip(doc.translations, reads)]
        return tuple(w.result() for w in writes)


@dataclass(frozen=True)
class _Typeset:
    """A translation read and typeset, not yet written as HTML."""

    lang: str
    loc: SourceLocation
    api_version: list
    wrapped: list[Node]
    """The title block, then each block in its wrapper div."""
    blocks: tuple[Block, ...]
    title: str
    running_head: str
    bookmark: str
    images: Mapping[str, Path]


def _typeset(tr: Translation, ast: dict[str, Node], bilingual: bool, config: Config, root: Path | None) -> _Typeset:
    checked = check_resources(ast["blocks"], tr.source, root or Path.cwd())
    meta = ast.get("meta", {})
    off = config.typography_off | tr.meta.typography_off
    settings = Settings(quotes=dict(config.quotes))
    title_inlines = meta_inlines(meta, "title") or text_inlines(tr.meta.title)
    title = stringify(typeset_inlines(title_inlines, tr.lang, off, settings))
    running_head = stringify(typeset_inlines(meta_inlines(meta, "short-title") or [], tr.lang, off, settings)) or title
    bookmark = plain(f"{LANGUAGES[tr.lang].name}: {running_head}" if bilingual else running_head)
    blocks = blocks_of(shift_headings(checked.blocks, 1))
    wrapped = [_title_block(tr, meta, title_inlines, running_head, bookmark)]
    for k, block in enumerate(blocks):
        follows = "after-heading" if k == 0 or blocks[k - 1].kind == "heading" else "after-text"
        wrapped.append(div(("unit", block.kind, follows), list(block.nodes), ident=f"{UNIT_ID}{k + 1}",
                           **_list_start(block)))
    wrapped = _with_bookmark_labels(typeset(wrapped, tr.lang, off, settings))
    return _Typeset(tr.lang, tr.source.loc(), ast[API_VERSION_KEY], wrapped, tuple(blocks), title, running_head,
                    bookmark, MappingProxyType(checked.images))


def _write(t: _Typeset, soft_hyphens: bool, submit) -> Part:
    """The typeset blocks as HTML, and again with soft hyphens (for an EPUB); `submit` runs the
    two, at once or in turn."""
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

    reader = submit(write, soft_hyphenate(t.wrapped, t.lang)) if soft_hyphens else None
    title_html, unit_html = write(t.wrapped)
    reader_title, reader_units = reader.result() if reader else (None, [None] * len(t.blocks))
    units = tuple(Unit(f"{prefix}{UNIT_ID}{k + 1}", b.kind, h, r)
                  for k, (b, h, r) in enumerate(zip(t.blocks, unit_html, reader_units)))
    headings = (Heading(1, prefix + "title", t.bookmark),) + tuple(
        Heading(level, prefix + ident, plain(stringify(inlines)))
        for level, ident, inlines in _headers(t.wrapped[1:])
    )
    return Part(t.lang, plain(t.title), t.running_head, title_html, reader_title, units, t.blocks, headings, t.images)


def _closing_div(html_text: str) -> int:
    """Where the `</div>` that closes the div opening `html_text` starts."""
    depth = 0
    for m in re.finditer(r"<div\b|</div>", html_text):
        depth += 1 if m.group() == "<div" else -1
        if depth == 0:
            return m.start()
    raise ValueError("unclosed div")


def _list_start(block: Block) -> dict[str, str]:
    """A list item set on its own keeps its number: WeasyPrint ignores `<ol start>`, so the
    wrapper starts the counter (and print.css keeps the list from resetting it)."""
    node = block.nodes[0] if block.nodes else {}
    if node.get("t") == "OrderedList":
        return {"style": f"counter-reset: list-item {node['c'][0][0] - 1}"}
    return {}


def _cut(fragment: str, prefix: str) -> tuple[str, list[str], str]:
    """Split pandoc's HTML at the block wrappers: (title block, [one div per block], the notes
    section that follows them, or "")."""
    notes = fragment.find(f'<section id="{prefix}footnotes"')
    fragment, notes = (fragment, "") if notes < 0 else (fragment[:notes], fragment[notes:])
    starts = [m.start() for m in re.finditer(rf'<div id="{re.escape(prefix)}{UNIT_ID}\d+"', fragment)]
    title = fragment[:starts[0]] if starts else fragment
    return title, [fragment[a:b] for a, b in zip(starts, [*starts[1:], len(fragment)])], notes


def _title_block(tr: Translation, meta: dict, title: list[Node], running_head: str, bookmark: str) -> Node:
    classes = ("title", "title-long") if len(stringify(title)) > LONG_TITLE else ("title",)
    blocks = [header(1, title, classes, "title", data_running_head=running_head, data_bookmark=bookmark)]
    if subtitle := meta_inlines(meta, "subtitle"):
        blocks.append(div(("subtitle",), [para(subtitle)]))
    if tr.meta.authors:
        blocks.append(div(("authors",), [para(text_inlines(", ".join(tr.meta.authors)))]))
    if tr.meta.date:
        written = meta_inlines(meta, "date") if tr.meta.date.written else None
        blocks.append(div(("date",), [para(written or text_inlines(tr.meta.date.display(tr.lang)))]))
    # The div needs an id of its own, or pandoc merges it with the heading into one <section>.
    return div(("title-block",), blocks, ident="title-block")


def _with_bookmark_labels(blocks: list[Node]) -> list[Node]:
    """Each body heading gets `data-bookmark`, its plain text: PDF bookmarks have no use for the
    no-break spaces of the laid-out line."""
    out = []
    for b in blocks:
        if b.get("t") == "Header":
            level, (ident, classes, kvs), inlines = b["c"]
            if not any(k == "data-bookmark" for k, _ in kvs):
                kvs = [*kvs, ["data-bookmark", plain(stringify(inlines))]]
            b = {"t": "Header", "c": [level, [ident, classes, kvs], inlines]}
        elif b.get("t") == "Div":
            b = {"t": "Div", "c": [b["c"][0], _with_bookmark_labels(b["c"][1])]}
        out.append(b)
    return out


def _headers(blocks: list[Node]):
    for b in blocks:
        if b.get("t") == "Header":
            level, (ident, _, _), inlines = b["c"]
            if ident:
                yield level, ident, inlines
        elif b.get("t") == "Div":
            yield from _headers(b["c"][1])


def document_title(parts: tuple[Part, ...]) -> str:
    """The title of a whole edition: each translation's, joined."""
    return " / ".join(dict.fromkeys(p.title for p in parts))


def running_head(text: str, max_chars: int) -> str:
    """A running head fits on one line: a long one is cut at a word, with an ellipsis."""
    if len(text) <= max_chars:
        return text
    return text[:max_chars - 1].rsplit(" ", 1)[0].rstrip(",;:—– ") + "…"


def _head_div(text: str, bookmark: str | None = None) -> str:
    e = html.escape
    mark = f' data-bookmark="{e(bookmark)}"' if bookmark else ""
    return f'<div class="running-head" data-running-head="{e(text)}"{mark}></div>\n'


def colophon_html(doc: Document, parts: tuple[Part, ...], prov: Provenance) -> str:
    """Title, version, commit, date of the commit and languages, in each language of the document."""
    e = html.escape
    langs = ", ".join(doc.langs)
    lines = [f'<p class="colophon-title">{e(document_title(parts))}</p>']
    for lang in doc.langs:
        version, commit, date, languages = LANGUAGES[lang].colophon
        fields = [f"{version}: {prov.version}", f"{commit}: {prov.commit[:12] if prov.commit else '—'}",
                  f"{date}: {prov.date.date().isoformat() if prov.date else '—'}", f"{languages}: {langs}"]
        lines.append(f'<p lang="{lang}">{e(" · ".join(fields))}</p>')
    if prov.draft:
        lines.append(f'<p class="draft">{draft_text(doc)}</p>')
    return '<div class="colophon">\n' + "\n".join(lines) + "\n</div>\n"


def draft_text(doc: Document) -> str:
    """`DRAFT — uncommitted changes`, and the same in each language of the document, as HTML."""
    e = html.escape
    return " · ".join([e(DRAFT)] + [f'<span lang="{lang}">{e(LANGUAGES[lang].draft)}</span>' for lang in doc.langs])


def print_html(doc: Document, parts: tuple[Part, ...], pairs: tuple[Pair, ...] | None = None,
               head_chars: int = 90, prov: Provenance = UNTRACKED, stamp: dt.datetime | None = None) -> str:
    """The complete HTML page that WeasyPrint lays out: metadata in <head>, then either one
    <section> per translation (sequential), or, given the aligned `pairs` of two translations,
    one table with a row per pair (parallel). Every part carries its language."""
    e = html.escape
    head = [
        '<meta charset="utf-8">',
        f"<title>{e(document_title(parts))}</title>",
        f'<meta name="generator" content="kzpublish {__version__}">',
    ]
    if doc.tags:
        head.append(f'<meta name="keywords" content="{e(", ".join(doc.tags))}">')
    head += [f'<meta name="author" content="{e(a)}">' for a in doc.authors]
    if doc.date:
        head.append(f'<meta name="dcterms.created" content="{doc.date.date.isoformat()}">')
    if stamp:
        head.append(f'<meta name="dcterms.modified" content="{stamp.strftime("%Y-%m-%dT%H:%M:%SZ")}">')
    if prov.draft:
        head.append(f'<meta name="description" content="{e(DRAFT)}">')
    if pairs is not None and len(parts) == 2:
        layout, body = "parallel", _parallel(parts, pairs, head_chars)
    else:
        layout = "sequential"
        body = "\n".join(f'<section class="translation" id="{p.lang}" lang="{p.lang}">\n'
                         f"{_head_div(running_head(p.running_head, head_chars))}{p.title_html}"
                         + "".join(u.flow_html for u in p.units) + "</section>"
                         for p in parts)
    return (
        f'<!DOCTYPE html>\n<html lang="{doc.primary.lang}">\n<head>\n'
        + "\n".join(head)
        + f'\n</head>\n<body class="edition {layout}" data-slug="{e(doc.slug)}" data-version="{e(prov.version)}">\n'
        + (f'<div class="draft-mark">{draft_text(doc)}</div>\n' if prov.draft else "")
        + body
        + "\n" + colophon_html(doc, parts, prov)
        + "</body>\n</html>\n"
    )


def _parallel(parts: tuple[Part, ...], pairs: tuple[Pair, ...], head_chars: int) -> str:
    """Two columns, a row per aligned pair, so each pair starts at the same height; the table
    head, repeated on every page, names the languages. The PDF outline follows the first
    column, under one entry titled in both languages."""
    e = html.escape
    left, right = parts
    both = " / ".join(dict.fromkeys(p.running_head for p in parts))
    running = both if len(both) <= head_chars else running_head(left.running_head, head_chars)
    bookmark = " / ".join(dict.fromkeys(plain(p.running_head) for p in parts))

    def cell(part: Part, indices: tuple[int, ...], content: str | None = None) -> str:
        inner = content if content is not None else "".join(part.units[i].html for i in indices)
        return f'<td lang="{part.lang}">{inner}</td>'

    rows = [f'<tr class="pair titles">{cell(left, (), left.title_html)}{cell(right, (), right.title_html)}</tr>']
    held: list[Pair] = []  # heading pairs, set in the row of the pair they head
    for n, pair in enumerate(pairs, 1):
        if _headings_only(parts, pair) and n < len(pairs):
            held.append(pair)
            continue
        group = (*held, pair)
        rows.append(f'<tr class="pair" id="pair-{n - len(held)}">'
                    f'{cell(left, tuple(i for p in group for i in p.left))}'
                    f'{cell(right, tuple(i for p in group for i in p.right))}</tr>')
        held = []
    return (
        _head_div(running, bookmark)
        + '<table class="parallel">\n'
        f'<colgroup><col class="{left.lang}"><col class="{right.lang}"></colgroup>\n'
        f'<thead><tr><th lang="{left.lang}">{e(LANGUAGES[left.lang].name)}</th>'
        f'<th lang="{right.lang}">{e(LANGUAGES[right.lang].name)}</th></tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table>"
    )


def _headings_only(parts: tuple[Part, ...], pair: Pair) -> bool:
    """A pair of headings shares the row of the pair after it, so that no page or column ends
    with a heading: a cell breaks only where its blocks allow (`break-after: avoid`)."""
    return all(part.units[i].kind == "heading" for part, side in zip(parts, (pair.left, pair.right)) for i in side) \
        and bool(pair.left or pair.right)
