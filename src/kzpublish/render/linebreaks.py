"""Line breaks a typesetter would not let through, found in a laid-out document and kept from
happening again. WeasyPrint breaks lines greedily and knows neither `hyphenate-limit-lines` nor
`hyphenate-limit-last`: this module reads its line boxes (by duck typing — it imports nothing of
WeasyPrint, which only render/pdf.py does) and finds

- a word hyphenated across a page or column break (the last line of a column ends with a
  hyphen, and its text goes on on a later page);
- the third hyphenated line end in a row within a paragraph (`MAX_HYPHENS`);
- a paragraph whose last line is only the end of a word hyphenated on the line before.

Each such word is then wrapped, in the page's element tree, in a span that is not hyphenated
(`hyphens: manual`; a compound broken at its own hyphen, in one that does not wrap), and the page
is laid out again: the word moves whole to the next line and the paragraph reflows. Nothing of
the text changes, only where lines end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD_AT_END = re.compile(r"(\w[\w\u00ad-]*)[-\u2010]$")
"""The part of a word before the hyphen that ends a line (WeasyPrint's default hyphen too)."""
WORD_AT_START = re.compile(r"^([\w\u00ad-]+)")
MAX_HYPHENS = 2
"""Consecutive hyphenated line ends allowed in a paragraph."""
ROUNDS = 6
"""Layouts at most: each fixes what the one before showed; a fix can push a fault further on."""
KEEP = "hyphens: manual"
NOWRAP = "white-space: nowrap"
"""For a compound broken at its own hyphen (`ар-ождан`): the hyphen is a character of the text."""


@dataclass
class _Line:
    """One of WeasyPrint's line boxes, as far as breaks go."""

    page: int
    flow: object
    """The column it belongs to: the table cell's index in its row, or None outside a table."""
    block: object
    """The element of the paragraph (block) holding the line."""
    element: object
    """The element whose text ends the line."""
    text: str


def faults(pages) -> list[Split]:
    """Every word to keep whole, in WeasyPrint's laid-out `pages`."""
    lines: list[_Line] = []
    for number, page in enumerate(pages):
        _collect(page._page_box, number, None, None, lines)
    found: list[Split] = []
    by_flow: dict[object, list[_Line]] = {}
    for line in lines:
        by_flow.setdefault(line.flow, []).append(line)
    for flow_lines in by_flow.values():
        run, block = 0, None
        for n, (line, after) in enumerate(zip(flow_lines, flow_lines[1:]), 1):
            hyphenated = bool(WORD_AT_END.search(line.text))
            run = (run + 1 if run and line.block is block else 1) if hyphenated else 0
            block = line.block
            if not hyphenated:
                continue
            last = n + 1 == len(flow_lines) or flow_lines[n + 1].block is not after.block
            if run > MAX_HYPHENS or after.page != line.page or (last and " " not in after.text.strip()):
                word = _split_word(line, after)
                if word:
                    found.append(word)
    return found


@dataclass(frozen=True)
class Split:
    """A word broken at the end of a line: `head` before the hyphen, `tail` on the next line,
    `before` the word before it on the line (to tell it from the same word elsewhere)."""

    element: object
    head: str
    tail: str
    before: str


def _split_word(line: _Line, after: _Line) -> Split | None:
    head = WORD_AT_END.search(line.text)
    tail = WORD_AT_START.search(after.text)
    if not head or not tail:
        return None
    words = line.text[:head.start()].split()
    return Split(line.element, head.group(1).replace("\u00ad", ""), tail.group(1).replace("\u00ad", ""),
                 re.sub(r"\W", "", words[-1]) if words else "")


def _collect(box, page: int, flow, block, lines: list[_Line]) -> None:
    kind = type(box).__name__
    if kind == "MarginBox" or getattr(box, "is_header", False) or getattr(box, "is_footer", False) \
            or (getattr(box, "style", None) and box.style["position"] in ("fixed", "absolute")):
        return  # page furniture: running heads, page numbers, the repeated table head, the draft mark
    if kind == "TableCellBox":
        flow = ("cell", getattr(box, "grid_x", 0))
    if kind == "LineBox":
        texts = list(_texts(box))
        if texts:
            lines.append(_Line(page, flow, block, texts[-1][0], "".join(t for _, t in texts)))
        return
    if kind in ("BlockBox", "TableCellBox", "ListItemBox") and getattr(box, "element", None) is not None:
        block = box.element
    for child in getattr(box, "children", ()):
        _collect(child, page, flow, block, lines)


def _texts(box):
    if type(box).__name__ == "TextBox":
        yield box.element, box.text
        return
    for child in getattr(box, "children", ()):
        yield from _texts(child)


def keep_whole(split: Split) -> bool:
    """Wrap the broken word in a span that is not hyphenated, in its element's own text; True if
    it was found. The word after `before` first, then anywhere. A word broken twice shows only
    its middle and end: the word that holds them is wrapped."""
    head, tail = (re.escape(part.rstrip("-\u2010")) for part in (split.head, split.tail))
    candidates = [(head + tail, KEEP), (rf"\w*{head}{tail}\w*", KEEP), (rf"{head}-{tail}", NOWRAP)]
    context = [rf"(?<={re.escape(split.before)}\W){word}" for word, _ in candidates] if split.before else []
    return any(_wrap(split.element, word, style)
               for word, style in [*zip(context, (s for _, s in candidates)), *candidates])


def _wrap(element, word: str, style: str) -> bool:
    """Wrap the first match of the pattern `word`, with the punctuation around it."""
    # With what sticks to it (punctuation): a span followed by a comma could still be broken.
    pattern = re.compile(rf"[^\s\w]*(?<![\w-]){word}(?![\w-])[^\s\w]*")
    namespace = element.tag[:element.tag.index("}") + 1] if element.tag.startswith("{") else ""
    make = type(element)
    # The element's own text, then the text after each of its children.
    slots = [(None, element.text)] + [(child, child.tail) for child in list(element)]
    for child, text in slots:
        if not text or not (m := pattern.search(text)):
            continue
        span = make(namespace + "span", {"style": style})
        span.text, span.tail = m.group(), text[m.end():]
        if child is None:
            element.text = text[:m.start()]
            element.insert(0, span)
        else:
            child.tail = text[:m.start()]
            element.insert(list(element).index(child) + 1, span)
        return True
    return False
