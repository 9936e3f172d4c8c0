"""Spaces the text fonts lack. PT Serif and PT Sans have the ordinary and the no-break space
but none of the Unicode spaces of other widths (U+2002–U+200A, U+202F, U+205F): each is drawn
as a space the fonts do have, in a span that gives it its width, so no fallback font is ever
needed. Zero-width characters become what they mean: a break opportunity, or nothing.

This pass runs on the AST last, just before HTML is written."""

from __future__ import annotations

import re

from kzpublish.typography.textrun import Node, map_inline_sequences

# char → (no-break?, width in per cent of a normal space's font size)
WIDTHS: dict[str, tuple[bool, int]] = {
    "\u2002": (False, 200),  # en space
    "\u2003": (False, 400),  # em space
    "\u2004": (False, 130),  # three-per-em
    "\u2005": (False, 100),  # four-per-em
    "\u2006": (False, 65),   # six-per-em
    "\u2007": (True, 200),   # figure space
    "\u2008": (False, 100),  # punctuation space
    "\u2009": (False, 70),   # thin space
    "\u200a": (False, 40),   # hair space
    "\u202f": (True, 70),    # narrow no-break space
    "\u205f": (False, 90),   # medium mathematical space
}
BREAK_OPPORTUNITY = "\u200b"  # zero width space → <wbr>
INVISIBLE = "\u2060\ufeff"  # word joiner, zero width no-break space: no glyph, nothing to draw

DRAWN_OTHERWISE = frozenset(WIDTHS) | set(BREAK_OPPORTUNITY + INVISIBLE)
_DRAWN = re.compile("[" + "".join(sorted(DRAWN_OTHERWISE)) + "]")


def draw_spaces(blocks: list[Node]) -> list[Node]:
    return map_inline_sequences(blocks, _inlines)


def _inlines(inlines: list[Node]) -> list[Node]:
    out: list[Node] = []
    for node in inlines:
        if node["t"] == "Str" and _DRAWN.search(node["c"]):
            out += _split(node["c"])
        elif node["t"] in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            out.append({"t": node["t"], "c": _inlines(node["c"])})
        elif node["t"] in ("Span", "Link", "Quoted", "Cite"):
            c = node["c"]
            out.append({"t": node["t"], "c": [c[0], _inlines(c[1]), *c[2:]]})
        else:
            out.append(node)
    return out


def _split(text: str) -> list[Node]:
    out: list[Node] = []
    word = ""
    for ch in text:
        if ch not in DRAWN_OTHERWISE:
            word += ch
            continue
        if word:
            out.append({"t": "Str", "c": word})
            word = ""
        if ch in WIDTHS:
            nobreak, width = WIDTHS[ch]
            inner = {"t": "Str", "c": "\u00a0"} if nobreak else {"t": "Space"}
            out.append({"t": "Span", "c": [["", ["space"], [["style", f"font-size: {width}%"]]], [inner]]})
        elif ch == BREAK_OPPORTUNITY:
            out.append({"t": "RawInline", "c": ["html", "<wbr />"]})
    if word:
        out.append({"t": "Str", "c": word})
    return out
