"""HTML for plain blocks without a pandoc run: paragraphs and headings made of words, emphasis,
line breaks and the spans that draw spaces, which is most of any document. Each comes out as
pandoc's HTML5 writer (`--wrap=none`) writes it, character for character (tests hold the two
writers to that). Anything else gets `None` and goes to pandoc, which writes it as before.

pandoc's writer costs about as much as its reader; for a long text this halves the time spent
in pandoc."""

from __future__ import annotations

from kzpublish.pandoc_ast import Node

_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_VALUE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
_TAGS = {"Emph": "em", "Strong": "strong"}


class _Unplain(Exception):
    """The node is not one this writer knows: pandoc writes it."""


def unit_html(div: Node, id_prefix: str) -> str | None:
    """A unit's wrapper div (`{"t": "Div"}`) with its blocks, as pandoc would write it, or None
    if pandoc must."""
    try:
        return _div(div, id_prefix) + "\n"
    except _Unplain:
        return None


def _div(node: Node, prefix: str) -> str:
    (ident, classes, kvs), blocks = node["c"]
    if not ident or not classes or kvs or not blocks:
        raise _Unplain  # pandoc merges some such divs with the heading inside
    opening = f'<div id="{_value(prefix + ident)}"{_classes(classes)}'
    return opening + ">\n" + "\n".join(_block(b, prefix) for b in blocks) + "\n</div>"


def _block(node: Node, prefix: str) -> str:
    kind = node["t"]
    if kind == "Para" and node["c"]:
        return "<p>" + _inlines(node["c"]) + "</p>"
    if kind == "Header" and node["c"][1][0]:
        level, (ident, classes, kvs), inlines = node["c"]
        attrs = _classes(classes) + _kvs(kvs)
        attrs += f' id="{_value(prefix + ident)}"'
        return f"<h{level}{attrs}>{_inlines(inlines)}</h{level}>"
    raise _Unplain


def _classes(classes: list[str]) -> str:
    if len(set(classes)) < len(classes):
        raise _Unplain  # pandoc drops repeated classes
    return f' class="{_value(" ".join(classes))}"' if classes else ""


def _kvs(kvs: list) -> str:
    keys = [key for key, _ in kvs]
    if len(set(keys)) < len(keys) or any(not key.startswith("data-") and key != "style" for key in keys):
        raise _Unplain  # pandoc renames some attributes and drops repeated ones; leave them to it
    return "".join(f' {key}="{_value(value)}"' for key, value in kvs)


def _inlines(nodes: list[Node]) -> str:
    out = []
    for node in nodes:
        kind = node["t"]
        if kind == "Str":
            out.append(node["c"].translate(_TEXT))
        elif kind in ("Space", "SoftBreak"):
            out.append(" ")
        elif kind == "LineBreak":
            out.append("<br />\n")
        elif kind in _TAGS:
            tag = _TAGS[kind]
            out.append(f"<{tag}>{_inlines(node['c'])}</{tag}>")
        elif kind == "Span":
            (ident, classes, kvs), inner = node["c"]
            if ident or not classes:
                raise _Unplain
            out.append(f'<span{_classes(classes)}{_kvs(kvs)}>{_inlines(inner)}</span>')
        else:
            raise _Unplain
    return "".join(out)


def _value(text: str) -> str:
    return text.translate(_VALUE)
