"""The text stages of one translation, between reading it and writing it:

    read (pandoc's AST) → check resources (`safety`) → cut into blocks (`blocks`) → typeset

Out comes a frozen `TypesetTranslation`: the title block and each block of the body typeset in
its wrapper div, the blocks as text (which `align` and `drift` pair up), and the images the text
may show. `render/` only writes it as HTML and lays it out; nothing here knows of HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from kzpublish.blocks import Block, blocks_of
from kzpublish.document import Translation
from kzpublish.errors import SourceLocation
from kzpublish.i18n import LANGUAGES
from kzpublish.pandoc import API_VERSION_KEY, read_markdown
from kzpublish.pandoc_ast import Node, div, header, meta_inlines, para, plain, shift_headings, stringify, text_inlines
from kzpublish.safety import Checked, check_resources
from kzpublish.settings import DocumentSettings
from kzpublish.typography import Settings, typeset, typeset_inlines

LONG_TITLE = 90
"""Titles longer than this (in characters) are set smaller."""
UNIT_ID = "kz-u"
"""The wrapper div of the n-th block is `<lang>-kz-u<n>` in the HTML."""


@dataclass(frozen=True)
class TypesetTranslation:
    """One translation, checked and typeset, ready to be written."""

    lang: str
    loc: SourceLocation
    api_version: tuple[int, ...]
    """pandoc's API version of the AST, which its writer wants back."""
    title: str
    """The title as plain text (metadata, document titles)."""
    running_head: str
    """For page heads and short labels: `short-title`, else the title."""
    bookmark: str
    """The title's PDF bookmark (named after the language in a bilingual edition)."""
    title_block: Node
    """The title, subtitle, authors and date, typeset, in a `title-block` div."""
    units: tuple[Node, ...]
    """Each block of the body, typeset, in its wrapper div (`unit <kind> after-…`, id `kz-u<n>`)."""
    blocks: tuple[Block, ...]
    """The same blocks as text, as written (before typography)."""
    images: Mapping[str, Path]
    """`images/<key>` (as the text names them) → the checked file."""


def read(tr: Translation) -> dict[str, Node]:
    """Stage 1: the translation's Markdown as pandoc's AST."""
    return read_markdown(tr.source.text, tr.source.loc())


def checked(tr: Translation, ast: dict[str, Node], root: Path) -> Checked:
    """Stage 2: images and raw HTML checked, in the body and in the front matter (`root`: the
    project folder, which they must not leave); the body's headings one level below the title."""
    found = check_resources(ast["blocks"], tr.source, root, ast.get("meta", {}))
    return Checked(shift_headings(found.blocks, 1), found.images, found.meta)


def translation_blocks(tr: Translation, root: Path) -> tuple[Block, ...]:
    """Stages 1–3 alone: the blocks of a translation, for aligning it with another."""
    return blocks_of(checked(tr, read(tr), root).blocks)


def typeset_translation(tr: Translation, ast: dict[str, Node], settings: DocumentSettings,
                        bilingual: bool, root: Path) -> TypesetTranslation:
    """Stages 2–4 of a translation read by pandoc (`read`)."""
    found = checked(tr, ast, root)
    blocks = blocks_of(found.blocks)
    meta = found.meta
    off = settings.typography_off[tr.lang]
    rules = Settings(quotes=dict(settings.quotes))
    title_inlines = meta_inlines(meta, "title") or text_inlines(tr.meta.title)
    # The plain title (metadata, colophon, bookmarks) is the words, not the tags of raw HTML.
    title = stringify(_without_raw(typeset_inlines(title_inlines, tr.lang, off, rules)))
    running_head = stringify(_without_raw(typeset_inlines(meta_inlines(meta, "short-title") or [], tr.lang, off,
                                                          rules))) or title
    bookmark = plain(f"{LANGUAGES[tr.lang].name}: {running_head}" if bilingual else running_head)
    wrapped = [_title_block(tr, meta, title_inlines, running_head, bookmark)]
    for k, block in enumerate(blocks):
        follows = "after-heading" if k == 0 or blocks[k - 1].kind == "heading" else "after-text"
        wrapped.append(div(("unit", block.kind, follows), list(block.nodes), ident=f"{UNIT_ID}{k + 1}",
                           **_list_start(block)))
    title_block, *units = _with_bookmark_labels(typeset(wrapped, tr.lang, off, rules))
    return TypesetTranslation(tr.lang, tr.source.loc(), tuple(ast[API_VERSION_KEY]), plain(title), running_head,
                              bookmark, title_block, tuple(units), blocks, MappingProxyType(found.images))


def _without_raw(value):
    """An AST fragment without its raw HTML."""
    if isinstance(value, list):
        return [_without_raw(v) for v in value if not (isinstance(v, dict) and v.get("t") == "RawInline")]
    if isinstance(value, dict) and "c" in value:
        return {**value, "c": _without_raw(value["c"])}
    return value


def _list_start(block: Block) -> dict[str, str]:
    """A list item set on its own keeps its number: WeasyPrint ignores `<ol start>`, so the
    wrapper starts the counter (and print.css keeps the list from resetting it)."""
    node = block.nodes[0] if block.nodes else {}
    if node.get("t") == "OrderedList":
        return {"style": f"counter-reset: list-item {node['c'][0][0] - 1}"}
    return {}


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
