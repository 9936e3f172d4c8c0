"""A translation as a sequence of blocks — headings, paragraphs, list items, quotes — the unit
that revisions are diffed by, that translations are aligned by, and that the parallel layout
sets side by side.

Blocks come from pandoc's AST, so line wrapping and re-flowing never matter: a block is its
text, with single spaces. Each block keeps its AST, so it can be rendered on its own (a list
item becomes a one-item list that keeps its number)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from kzpublish.pandoc_ast import Node, stringify


@dataclass(frozen=True)
class Block:
    kind: str
    """`heading`, `paragraph`, `item`, `quote`, `code`, `lines`, `table`, `division` (a fenced div
    with an id), …"""
    text: str
    """The visible text, as written (typography included), single-spaced."""
    ident: str = ""
    """The id of a fenced div or heading: the same id in two translations pairs their blocks."""
    level: int = 0
    """Heading level."""
    nodes: tuple[Any, ...] = field(default=(), compare=False, repr=False)
    """The AST blocks that make this block."""
    links: tuple[str, ...] = ()
    """The targets of its links, in order (a changed target is a change of its own kind)."""
    number: int = 0
    """A numbered list item's number (0: none)."""


def blocks_of(ast_blocks: list[Node]) -> tuple[Block, ...]:
    out: list[Block] = []
    for b in ast_blocks:
        out += _units(b)
    return tuple(u for u in out if u.text or u.kind == "code")


def _visible(node: Any) -> Any:
    """`node` without raw HTML tags (`<a id="st1"></a>` is an anchor, not text)."""
    if isinstance(node, list):
        return [_visible(n) for n in node
                if not (isinstance(n, dict) and n.get("t") == "RawInline" and n["c"][0] == "html")]
    if isinstance(node, dict) and "c" in node:
        return {**node, "c": _visible(node["c"])}
    return node


def _units(b: Node) -> list[Block]:
    """The blocks an AST block makes, each with the targets of its links."""
    return [replace(u, links=tuple(_targets(u.nodes))) for u in _bare_units(b)]


def _targets(node: Any) -> list[str]:
    if isinstance(node, (list, tuple)):
        return [t for n in node for t in _targets(n)]
    if isinstance(node, dict):
        return ([node["c"][2][0]] if node.get("t") == "Link" else []) + _targets(node.get("c"))
    return []


def _bare_units(b: Node) -> list[Block]:
    """The blocks an AST block makes (links not yet gathered)."""
    kind, c = b["t"], _visible(b.get("c"))
    if kind in ("Para", "Plain"):
        return [Block("paragraph", stringify(c), nodes=(b,))]
    if kind == "Header":
        return [Block("heading", stringify(c[2]), c[1][0], c[0], (b,))]
    if kind == "BulletList":
        return [Block("item", stringify(item), nodes=({"t": "BulletList", "c": [item]},)) for item in c]
    if kind == "OrderedList":
        (start, style, delim), items = c
        return [Block("item", stringify(item), nodes=({"t": "OrderedList", "c": [[start + k, style, delim], [item]]},),
                      number=start + k)
                for k, item in enumerate(items)]
    if kind == "Div":
        ident = c[0][0]
        if not ident:  # a div without an id is only grouping: look inside
            return [u for inner in c[1] for u in _bare_units(inner)]
        return [Block("division", stringify(c[1]), ident, nodes=(b,))]
    if kind == "BlockQuote":
        return [Block("quote", stringify(c), nodes=(b,))]
    if kind == "CodeBlock":
        return [Block("code", c[1], nodes=(b,))]
    if kind == "LineBlock":
        return [Block("lines", " ".join(stringify(line) for line in c), nodes=(b,))]
    if kind == "Figure":  # the caption once: the image's alt text repeats it
        caption = stringify(c[1][1])
        return [Block("figure", caption or stringify(c[2]), c[0][0], nodes=(b,))]
    if kind == "HorizontalRule":
        return [Block("rule", "", nodes=(b,))]
    return [Block(kind.lower(), stringify(c), nodes=(b,))]
