"""Translations → HTML. Each translation becomes a `Part`: one HTML fragment holding its title
block and its body, written by pandoc from the AST. The PDF page and the EPUB chapters are both
made from these fragments, so the two editions cannot drift apart."""

from __future__ import annotations

import html
from dataclasses import dataclass

from kzpublish import __version__
from kzpublish.config import Config
from kzpublish.document import Document, Translation
from kzpublish.i18n import LANGUAGES
from kzpublish.pandoc_ast import (
    Node, div, header, meta_inlines, para, plain, shift_headings, stringify, text_inlines,
)
from kzpublish.render.pandoc import API_VERSION_KEY, read_markdown, write_html
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
class Part:
    """One translation rendered to HTML."""

    lang: str
    title: str
    """The title as plain text (for metadata)."""
    running_head: str
    """Plain text for page heads and short labels: `short-title`, else the title."""
    fragment: str
    """HTML of the title block and the body, typeset."""
    reader_fragment: str | None
    """The same with soft hyphens at every allowed break, for e-readers (EPUB); None if not asked."""
    headings: tuple[Heading, ...]
    """The title first, then the body's headings, in order."""


def render_part(tr: Translation, bilingual: bool, config: Config = Config(),
                soft_hyphens: bool = False) -> Part:
    """Read one translation with pandoc, typeset it, and write it as HTML fragments."""
    loc = tr.source.loc()
    ast = read_markdown(tr.source.text, loc)
    meta = ast.get("meta", {})
    off = config.typography_off | tr.meta.typography_off
    settings = Settings(quotes=dict(config.quotes))
    title_inlines = meta_inlines(meta, "title") or text_inlines(tr.meta.title)
    title = stringify(typeset_inlines(title_inlines, tr.lang, off, settings))
    running_head = stringify(typeset_inlines(meta_inlines(meta, "short-title") or [], tr.lang, off, settings)) or title
    bookmark = plain(f"{LANGUAGES[tr.lang].name}: {running_head}" if bilingual else running_head)
    prefix = f"{tr.lang}-"
    block = _title_block(tr, meta, title_inlines, running_head, bookmark)
    body = shift_headings(ast["blocks"], 1)
    blocks = _with_bookmark_labels(typeset([block, *body], tr.lang, off, settings))

    def html(blocks: list[Node]) -> str:
        blocks = draw_spaces(blocks)
        return write_html({API_VERSION_KEY: ast[API_VERSION_KEY], "meta": {}, "blocks": blocks}, loc, id_prefix=prefix)

    headings = (Heading(1, prefix + "title", bookmark),) + tuple(
        Heading(level, prefix + ident, plain(stringify(inlines)))
        for level, ident, inlines in _headers(blocks[1:])
    )
    reader = html(soft_hyphenate(blocks, tr.lang)) if soft_hyphens else None
    return Part(tr.lang, plain(title), running_head, html(blocks), reader, headings)


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


def render_parts(doc: Document, config: Config = Config(), soft_hyphens: bool = False) -> tuple[Part, ...]:
    bilingual = len(doc.translations) > 1
    return tuple(render_part(tr, bilingual, config, soft_hyphens) for tr in doc.translations)


def document_title(parts: tuple[Part, ...]) -> str:
    """The title of a whole edition: each translation's, joined."""
    return " / ".join(dict.fromkeys(p.title for p in parts))


def print_html(doc: Document, parts: tuple[Part, ...]) -> str:
    """The complete HTML page that WeasyPrint lays out: metadata in <head>, one <section> per
    translation, each carrying its language."""
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
    sections = [
        f'<section class="translation" id="{p.lang}" lang="{p.lang}">\n{p.fragment}</section>'
        for p in parts
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{doc.primary.lang}">\n<head>\n'
        + "\n".join(head)
        + f'\n</head>\n<body class="edition" data-slug="{e(doc.slug)}">\n'
        + "\n".join(sections)
        + "\n</body>\n</html>\n"
    )
