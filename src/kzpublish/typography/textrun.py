"""Text runs: the visible text of one pandoc block as a single string, so that typographic rules
can be regular expressions over it, and a way to write the edited string back into the AST.

Each character remembers the AST node it came from (`Str`, `Space`, `SoftBreak`). Formatting
(emphasis, links, spans) is transparent: a quote may open outside `*…*` and close inside it.
Code, math, raw HTML, images and notes are opaque: each stands in the string as one U+FFFC that
no rule may touch, and URLs and attributes are never part of a run at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from kzpublish.pandoc_ast import PLAIN_INLINES, text_inlines

OPAQUE = "\ufffc"
LINE_BREAK = "\n"

Node = dict[str, Any]

# Inline containers whose content is visible text, and where that content is in `c`.
_CONTAINERS: dict[str, Callable[[Any], list]] = {
    "Emph": lambda c: c, "Strong": lambda c: c, "Underline": lambda c: c,
    "Strikeout": lambda c: c, "Superscript": lambda c: c, "Subscript": lambda c: c,
    "SmallCaps": lambda c: c, "Quoted": lambda c: c[1], "Span": lambda c: c[1],
    "Link": lambda c: c[1], "Cite": lambda c: c[1],
}
# Blocks holding inlines directly.
_INLINE_BLOCKS = {"Para", "Plain"}


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] by `text`."""

    start: int
    end: int
    text: str


Rule = Callable[[str], Iterable[Edit]]


class TextRun:
    """The characters of one inline sequence, each with the node it belongs to. A sequence of
    plain words (`Str`, `Space`, `SoftBreak` only: most paragraphs) needs no such bookkeeping:
    its text alone is written back."""

    def __init__(self, inlines: list[Node]):
        self.inlines = inlines
        self.changed = False
        self.origins: list[Node | None] | None  # None: a plain sequence; an entry None: opaque, never edited
        if all(node["t"] in PLAIN_INLINES for node in inlines):
            self.text = "".join(node["c"] if node["t"] == "Str" else " " for node in inlines)
            self.origins = None
        else:
            chars: list[str] = []
            self.origins = []
            self._collect(inlines, chars)
            self.text = "".join(chars)

    def _collect(self, inlines: list[Node], chars: list[str]) -> None:
        for node in inlines:
            kind = node["t"]
            if kind == "Str":
                chars.append(node["c"])
                self.origins.extend([node] * len(node["c"]))
            elif kind in ("Space", "SoftBreak"):
                chars.append(" ")
                self.origins.append(node)
            elif kind == "LineBreak":
                chars.append(LINE_BREAK)
                self.origins.append(None)
            elif kind in _CONTAINERS:
                self._collect(_CONTAINERS[kind](node["c"]), chars)
            else:  # Code, Math, RawInline, Image, Note
                chars.append(OPAQUE)
                self.origins.append(None)

    def apply(self, rule: Rule) -> None:
        """Apply one rule's edits; an edit that would touch an opaque character is dropped."""
        edits = sorted(rule(self.text), key=lambda e: e.start)
        if not edits:
            return
        self.changed = True
        text, old = self.text, self.origins
        pieces: list[str] = []
        origins: list[Node | None] | None = None if old is None else []
        pos = 0
        for edit in edits:
            if edit.start < pos or (old is not None and None in old[edit.start:edit.end]):
                continue
            pieces += (text[pos:edit.start], edit.text)
            if origins is not None:
                origins += old[pos:edit.start]
                origins += self._origins_for(edit)
            pos = edit.end
        pieces.append(text[pos:])
        if origins is not None:
            origins += old[pos:]
        self.text, self.origins = "".join(pieces), origins

    def _origins_for(self, edit: Edit) -> list[Node | None]:
        span = self.origins[edit.start:edit.end]
        if len(span) == len(edit.text):
            return list(span)
        if span:
            return [span[0]] * len(edit.text)
        # A pure insertion belongs to the character before it (or after, at the start).
        near = [o for o in self.origins[max(edit.start - 1, 0):edit.start + 1] if o is not None]
        return [near[0] if near else None] * len(edit.text)

    def write_back(self) -> list[Node]:
        """The inline list with the edited text put back into its nodes."""
        if not self.changed:
            return self.inlines
        if self.origins is None:
            return text_inlines(self.text)
        texts: dict[int, list[str]] = {}
        for ch, origin in zip(self.text, self.origins):
            if origin is not None:
                texts.setdefault(id(origin), []).append(ch)
        return _rebuild(self.inlines, texts)


def _rebuild(inlines: list[Node], texts: dict[int, list[str]]) -> list[Node]:
    out: list[Node] = []
    for node in inlines:
        kind = node["t"]
        if kind in ("Str", "Space", "SoftBreak"):
            text = "".join(texts.get(id(node), []))
            if kind == "SoftBreak" and text == " ":
                out.append(node)
            else:
                out += text_inlines(text)
        elif kind in _CONTAINERS:
            out.append(_rebuild_container(node, texts))
        else:
            out.append(node)
    return _merge_str(out)


def _rebuild_container(node: Node, texts: dict[int, list[str]]) -> Node:
    kind, c = node["t"], node["c"]
    if kind in ("Quoted", "Span", "Link", "Cite"):
        return {"t": kind, "c": [c[0], _rebuild(c[1], texts), *c[2:]]}
    return {"t": kind, "c": _rebuild(c, texts)}


def _merge_str(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for node in nodes:
        if node["t"] == "Str" and out and out[-1]["t"] == "Str":
            out[-1] = {"t": "Str", "c": out[-1]["c"] + node["c"]}
        else:
            out.append(node)
    return out


def map_inline_sequences(blocks: list[Node], fn: Callable[[list[Node]], list[Node]]) -> list[Node]:
    """Apply `fn` to every top-level inline sequence of `blocks` (paragraphs, headings, table
    cells, footnotes, captions…), returning new blocks. Code blocks and raw blocks are left alone."""
    return [_map_block(b, fn) for b in blocks]


def _map_block(block: Node, fn) -> Node:
    kind, c = block["t"], block.get("c")
    if kind in _INLINE_BLOCKS:
        return {"t": kind, "c": fn(_map_notes(c, fn))}
    if kind == "Header":
        return {"t": kind, "c": [c[0], c[1], fn(_map_notes(c[2], fn))]}
    if kind == "LineBlock":
        return {"t": kind, "c": [fn(_map_notes(line, fn)) for line in c]}
    if kind in ("CodeBlock", "RawBlock", "HorizontalRule"):
        return block
    return {"t": kind, "c": _map_any(c, fn)} if c is not None else block


def _map_any(value: Any, fn) -> Any:
    """Descend through lists and nodes until blocks are found (lists, quotes, divs, tables)."""
    if isinstance(value, list):
        return [_map_any(v, fn) for v in value]
    if isinstance(value, dict) and "t" in value:
        if value["t"] in _INLINE_BLOCKS or value["t"] in ("Header", "LineBlock", "CodeBlock", "RawBlock",
                                                          "HorizontalRule", "Div", "BlockQuote",
                                                          "BulletList", "OrderedList", "DefinitionList",
                                                          "Table", "Figure"):
            return _map_block(value, fn)
        return value
    return value


def _map_notes(inlines: list[Node], fn) -> list[Node]:
    """Footnotes sit inside inlines but hold blocks of their own."""
    out = []
    for node in inlines:
        if node["t"] == "Note":
            out.append({"t": "Note", "c": map_inline_sequences(node["c"], fn)})
        elif node["t"] in _CONTAINERS:
            kind, c = node["t"], node["c"]
            if kind in ("Quoted", "Span", "Link", "Cite"):
                out.append({"t": kind, "c": [c[0], _map_notes(c[1], fn), *c[2:]]})
            else:
                out.append({"t": kind, "c": _map_notes(c, fn)})
        else:
            out.append(node)
    return out
