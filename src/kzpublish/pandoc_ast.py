"""Small pure helpers over pandoc's JSON AST (https://pandoc.org/filters.html): read text out of
it and build the few nodes kzpublish adds. No pandoc process here."""

from __future__ import annotations

import re
from typing import Any, Iterator

Node = dict[str, Any]

PLAIN_INLINES = frozenset(("Str", "Space", "SoftBreak"))
"""Inline nodes of plain text: words and the spaces between them."""


def attr(ident: str = "", classes: tuple[str, ...] = (), **kv: str) -> list:
    return [ident, list(classes), [[k.replace("_", "-"), v] for k, v in kv.items()]]


def div(classes: tuple[str, ...], blocks: list[Node], ident: str = "", **kv: str) -> Node:
    return {"t": "Div", "c": [attr(ident, classes, **kv), blocks]}


def header(level: int, inlines: list[Node], classes: tuple[str, ...] = (), ident: str = "", **kv: str) -> Node:
    return {"t": "Header", "c": [level, attr(ident, classes, **kv), inlines]}


def para(inlines: list[Node]) -> Node:
    return {"t": "Para", "c": inlines}


def text_inlines(text: str) -> list[Node]:
    """Plain text → Str and Space nodes (no-break spaces stay inside Str, as pandoc does)."""
    out: list[Node] = []
    for i, word in enumerate(text.split(" ")):
        if i:
            out.append({"t": "Space"})
        if word:
            out.append({"t": "Str", "c": word})
    return out


def meta_inlines(meta: dict[str, Node], key: str) -> list[Node] | None:
    """The inlines of a metadata value (MetaInlines, or the first paragraph of MetaBlocks)."""
    value = meta.get(key)
    if value is None:
        return None
    if value["t"] == "MetaInlines":
        return value["c"]
    if value["t"] == "MetaBlocks" and value["c"]:
        first = value["c"][0]
        if first["t"] in ("Para", "Plain"):
            return first["c"]
    if value["t"] == "MetaString":
        return text_inlines(value["c"])
    return None


def stringify(nodes: Any) -> str:
    """The plain text of any AST fragment; line breaks and spaces become single spaces (no-break
    spaces stay what they are)."""
    return re.sub(r"[ \t\n]+", " ", "".join(_text(nodes))).strip(" ")


def _text(node: Any) -> Iterator[str]:
    if isinstance(node, list):
        for item in node:
            kind = item.get("t") if isinstance(item, dict) else None
            if kind == "Str":
                yield item["c"]
            elif kind in ("Space", "SoftBreak"):
                yield " "
            else:
                yield from _text(item)
        return
    if not isinstance(node, dict) or "t" not in node:
        return
    kind, content = node["t"], node.get("c")
    if kind == "Str":
        yield content
    elif kind in ("Code", "Math", "RawInline"):
        yield content[-1]
    elif kind in ("Space", "SoftBreak", "LineBreak"):
        yield " "
    elif kind == "Note":
        return
    elif kind in ("CodeBlock", "RawBlock"):
        yield content[-1] + " "
    elif isinstance(content, list):
        yield from _text(content)
        if kind in ("Para", "Plain", "Header"):
            yield " "


def plain(text: str) -> str:
    """Text for metadata, bookmarks and tables of contents: no-break spaces and hyphens become
    ordinary ones (they only matter in a laid-out line)."""
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2011", "-")


def shift_headings(blocks: list[Node], by: int) -> list[Node]:
    """A copy of `blocks` with every Header `by` levels deeper (capped at 6)."""
    return [_shift(b, by) for b in blocks]


def _shift(node: Any, by: int) -> Any:
    if isinstance(node, list):
        return [_shift(n, by) for n in node]
    if isinstance(node, dict) and "t" in node:
        if node["t"] in PLAIN_INLINES:
            return node
        if node["t"] == "Header":
            level, a, inlines = node["c"]
            return {"t": "Header", "c": [min(level + by, 6), a, inlines]}
        if "c" in node:
            return {"t": node["t"], "c": _shift(node["c"], by)}
    return node
