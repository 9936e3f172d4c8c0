"""A translation as a sequence of blocks — headings, paragraphs, list items, quotes — the unit
that revisions are diffed by and that translations are aligned by.

Blocks come from pandoc's AST, so line wrapping and re-flowing never matter: a paragraph is its
text, with single spaces."""

from __future__ import annotations

from dataclasses import dataclass

from kzpublish.pandoc_ast import Node, stringify


@dataclass(frozen=True)
class Block:
    kind: str
    """`heading`, `paragraph`, `item` (the first paragraph of a list item), `quote`, `code`,
    `table`, `lines`."""
    text: str
    """The visible text, as written (typography included), single-spaced."""
    ident: str = ""
    """The id of the fenced div around the block, or of the heading (pandoc gives every heading
    one; the same id in two translations pairs their blocks)."""
    level: int = 0
    """Heading level, or list depth for items."""


def blocks_of(ast_blocks: list[Node]) -> tuple[Block, ...]:
    out: list[Block] = []
    _walk(ast_blocks, out, context="", ident="", depth=0)
    return tuple(b for b in out if b.text)


def _walk(blocks: list[Node], out: list[Block], context: str, ident: str, depth: int) -> None:
    for i, b in enumerate(blocks):
        kind, c = b["t"], b.get("c")
        own = ident if i == 0 else ""
        if kind in ("Para", "Plain"):
            out.append(Block(context or "paragraph", stringify(c), own, depth))
            context = "paragraph" if context == "item" else context
        elif kind == "Header":
            out.append(Block("heading", stringify(c[2]), own or c[1][0], c[0]))
        elif kind in ("BulletList", "OrderedList"):
            items = c if kind == "BulletList" else c[1]
            for item in items:
                _walk(item, out, "item", "", depth + 1)
        elif kind == "BlockQuote":
            _walk(c, out, "quote", own, depth)
        elif kind == "Div":
            div_id = c[0][0]
            _walk(c[1], out, context, div_id or own, depth)
        elif kind == "CodeBlock":
            out.append(Block("code", c[1], own, depth))
        elif kind == "LineBlock":
            out.append(Block("lines", " ".join(stringify(line) for line in c), own, depth))
        elif kind in ("Table", "Figure", "DefinitionList"):
            out.append(Block("table" if kind == "Table" else kind.lower(), stringify(c), own, depth))
