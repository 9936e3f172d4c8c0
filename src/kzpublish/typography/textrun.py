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

from kzpublish.pandoc_ast import text_inlines

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
    """The characters of one inline sequence, each with the node it belongs to."""

    def __init__(self, inlines: list[Node]):
        self.inlines = inlines
        self.chars: list[str] = []
        self.origins: list[Node | None] = []  # None: opaque, never edited
        self.changed = False
        self._collect(inlines)

    def _collect(self, inlines: list[Node]) -> None:
        for node in inlines:
            kind = node["t"]
            if kind == "Str":
                self.chars.extend(node["c"])
                self.origins.extend([node] * len(node["c"]))
            elif kind in ("Space", "SoftBreak"):
                self._add(" ", node)
            elif kind == "LineBreak":
                self._add(LINE_BREAK, None)
            elif kind in _CONTAINERS:
                self._collect(_CONTAINERS[kind](node["c"]))
            else:  # Code, Math, RawInline, Image, Note
                self._add(OPAQUE, None)

    def _add(self, ch: str, origin: Node | None) -> None:
        self.chars.append(ch)
        self.origins.append(origin)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def apply(self, rule: Rule) -> None:
        """Apply one rule's edits; an edit that would touch an opaque character is dropped."""
        text = self.text
        edits = sorted(rule(text), key=lambda e: e.start)
        if not edits:
            return
        self.changed = True
        chars: list[str] = []
        origins: list[Node | None] = []
        pos = 0
        for edit in edits:
            if edit.start < pos or any(self.origins[i] is None for i in range(edit.start, edit.end)):
                continue
            chars += self.chars[pos:edit.start]
            origins += self.origins[pos:edit.start]
            chars += list(edit.text)
            origins += self._origins_for(edit)
            pos = edit.end
        chars += self.chars[pos:]
        origins += self.origins[pos:]
        self.chars, self.origins = chars, origins

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
        texts: dict[int, list[str]] = {}
        for ch, origin in zip(self.chars, self.origins):
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
