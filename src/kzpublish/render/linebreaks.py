"""Line breaks a typesetter would not let through, found in a laid-out document and kept from
happening again. WeasyPrint breaks lines greedily and knows neither `hyphenate-limit-lines` nor
`hyphenate-limit-last`. `hyphen_limits` teaches its line breaker to avoid most of these as it
goes; this module reads the laid-out line boxes (by duck typing — it imports nothing of
WeasyPrint) and finds what is left:

- a word hyphenated across a page or column break (the last line of a column ends with a
  hyphen, and its text goes on on a later page);
- the third hyphenated line end in a row within a paragraph (`MAX_HYPHENS`);
- a paragraph whose last line is only the end of a word hyphenated on the line before.

Each such word is then wrapped, in the page's element tree, in a span that is not hyphenated
(`hyphens: manual`; a compound broken at its own hyphen, in one that does not wrap), and the page
is laid out again: the word moves whole to the next line and the paragraph reflows. Nothing of
the text changes, only where lines end. Not in a table whose columns are as wide as their
content (a table of the text, not the parallel layout's): a word kept whole there would widen
its column and the table, out of its own column.
"""

from __future__ import annotations

import copy
import gc
import re
from dataclasses import dataclass

WORD_AT_END = re.compile(r"(\w[\w\u00ad-]*)[-\u2010]\Z")
"""The part of a word before the hyphen that ends a line (WeasyPrint's default hyphen too); not
a hyphen before a line break of the text itself (in a code block: `$` would take it)."""
WORD_AT_START = re.compile(r"^([\w\u00ad-]+)")
SHORT_LINE = 0.4
"""A line inside a paragraph filling less of its column than this is one the breaker got wrong."""
MAX_HYPHENS = 2
"""Consecutive hyphenated line ends allowed in a paragraph."""
ROUNDS = 6
"""Layouts at most: each fixes what the one before showed; a fix can push a fault further on."""
GLUE = "\u00a0\u202f"
"""No-break spaces (the typography binds short words and numbers with them)."""
SHORT_WORD_LETTERS = 2
"""A word of at most this many letters (в, и, на, по) stays bound to the next: never undone."""
LONE_LETTERS = 6
"""A paragraph's last word of at least this many letters may stand alone on its last line."""
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
    fill: float = 1.0
    """The share of the column's width its text takes."""
    start: str = ""
    """The text of its first text box: a word's end, without the note call that follows it."""
    fixed: bool = True
    """False in a table whose columns are as wide as their content asks (not the parallel
    layout's): a word kept whole there widens its column, and the table runs out of its own."""


def laid_out(render):
    """`render()`'s document, laid out again while it has a word to keep whole (`faults`), up
    to `ROUNDS` layouts. A paragraph whose words kept whole left a line of it short (less than
    `SHORT_LINE` of its column, more such lines than in the first layout: WeasyPrint's line
    breaker can go wrong around inline boxes) gets its text back as it was, and is set without
    hyphenation instead; if a line is short even so, it is left as it was."""
    before: dict[object, tuple] = {}
    """Each paragraph touched: its text and children before its first word was kept whole."""
    alone: set = set()
    whole: set = set()
    first = None
    for n in range(ROUNDS):
        document = render()
        lines = _read(document.pages)
        short = _short_lines(lines)
        first = short if first is None else first
        stalled = [block for block in before if short.get(block, 0) > first.get(block, 0)]
        for block in stalled:
            _restore(block, before[block])
            alone.add(block)
            if block in whole:  # short lines even so: as it was
                del before[block]
            else:  # no inline box: the paragraph set without hyphenation
                whole.add(block)
                block.set("style", f"{block.get('style')}; {KEEP}" if block.get("style") else KEEP)
        kept = False
        for split in faults(lines) if n < ROUNDS - 1 else ():  # the last round only restores
            if split.block in alone:
                continue
            snapshot = before.get(split.block) or _snapshot(split.block)
            if keep_whole(split):
                before.setdefault(split.block, snapshot)
                kept = True
        if not kept and not stalled:
            return document
        # One layout in memory at a time: the boxes of a layout hold reference cycles, and a
        # build collects them rarely (`memory.fewer_collections`); left to the collector, every
        # round's layout stayed (1.6 GiB for a 300-page parallel document; 0.65 GiB since).
        del document
        gc.collect()
    return render()  # what the last round restored


def _snapshot(block) -> tuple:
    return block.text, [copy.deepcopy(child) for child in block], block.get("style")


def _restore(block, snapshot: tuple) -> None:
    block.text, block[:] = snapshot[0], [copy.deepcopy(child) for child in snapshot[1]]
    if snapshot[2] is None:
        block.attrib.pop("style", None)
    else:
        block.set("style", snapshot[2])


def _read(pages) -> list[_Line]:
    lines: list[_Line] = []
    for number, page in enumerate(pages):
        _collect(page._page_box, number, None, None, lines)
    return lines


def _short_lines(lines: list[_Line]) -> dict[object, int]:
    """Per paragraph, its lines before the last that fill less than `SHORT_LINE` of the column."""
    short: dict[object, int] = {}
    for line, after in zip(lines, lines[1:]):
        if after.block is line.block and line.fill < SHORT_LINE:
            short[line.block] = short.get(line.block, 0) + 1
    return short


def faults(lines: list[_Line]) -> list[Split]:
    """Every word to keep whole, in WeasyPrint's laid-out lines."""
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
            alone = last and len(after.text.split()) == 1  # no-break spaces count: `ческой\xa0свободе.` is two words
            if line.fixed and (run > MAX_HYPHENS or after.page != line.page or alone):
                word = _split_word(line, after, alone)
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
    last: bool = False
    """The word ends its paragraph, and its end alone made the last line: kept whole, it may
    stand alone on that line — the no-break space that bound it to the word before is undone."""
    block: object = None
    """The element of its paragraph."""
    room: int = 0
    """The characters of the line it broke on (0: not known): a word bound to others in a group
    longer than that is left as it is — the line can break nowhere but inside the group, and each
    word kept whole there only made the next layout slower (a paragraph of 20,000 characters all
    bound by no-break spaces: 4,700 words wrapped in 6 layouts, ten times the time of one)."""


def _split_word(line: _Line, after: _Line, last: bool) -> Split | None:
    head = WORD_AT_END.search(line.text)
    tail = WORD_AT_START.search(after.start or after.text)  # `исполнительную³⁴`: not `нительную34`
    if not head or not tail:
        return None
    words = line.text[:head.start()].split()
    return Split(line.element, head.group(1).replace("\u00ad", ""), tail.group(1).replace("\u00ad", ""),
                 re.sub(r"\W", "", words[-1]) if words else "", last, line.block, len(line.text))


def _collect(box, page: int, flow, block, lines: list[_Line], column: tuple = (0.0, 0.0), fixed: bool = True) -> None:
    """`column`: where the block's text starts, and its width; `fixed`: see `_Line.fixed`."""
    kind = type(box).__name__
    if kind == "MarginBox" or getattr(box, "is_header", False) or getattr(box, "is_footer", False) \
            or (getattr(box, "style", None) and box.style["position"] in ("fixed", "absolute")):
        return  # page furniture: running heads, page numbers, the repeated table head, the draft mark
    if kind == "TableBox":
        fixed = fixed and box.style["table_layout"] == "fixed"
    if kind == "TableCellBox":
        flow = ("cell", getattr(box, "grid_x", 0))
    if kind == "LineBox":
        texts = list(_text_boxes(box))
        if texts:
            lines.append(_Line(page, flow, block, texts[-1].element, "".join(t.text for t in texts),
                               _fill(texts, *column), texts[0].text, fixed))
        return
    if kind in ("BlockBox", "TableCellBox", "ListItemBox") and getattr(box, "element", None) is not None:
        block, column = box.element, (box.content_box_x(), box.width)
    for child in getattr(box, "children", ()):
        _collect(child, page, flow, block, lines, column, fixed)


def _fill(texts: list, left: float, width: float) -> float:
    """The share of the column from `left`, `width` wide, that a line's text boxes take."""
    return (max(t.position_x + t.margin_width() for t in texts) - left) / width if width else 1.0


def _text_boxes(box):
    if type(box).__name__ == "TextBox":
        yield box
        return
    for child in getattr(box, "children", ()):
        yield from _text_boxes(child)


def keep_whole(split: Split) -> bool:
    """Wrap the broken word in a span that is not hyphenated, in its element's own text; True if
    it was found. The word after `before` first, then anywhere. A word broken twice shows only
    its middle and end: the word that holds them is wrapped."""
    head, tail = (re.escape(part.rstrip("-\u2010")) for part in (split.head, split.tail))
    candidates = [(head + tail, KEEP), (rf"\w*{head}{tail}\w*", KEEP), (rf"{head}-{tail}", NOWRAP)]
    context = [rf"(?<={re.escape(split.before)}\W){word}" for word, _ in candidates] if split.before else []
    return any(_wrap(split.element, word, style, split.last, split.room)
               for word, style in [*zip(context, (s for _, s in candidates)), *candidates]) \
        or _wrap_across(split)


def _wrap_across(split: Split) -> bool:
    """A word begun in an inline element and ended after it (`**бесп**репятственно`, a link's
    text and its ending), wherever it broke: the element and the word's end go into a span that
    is not hyphenated."""
    word = split.head.rstrip("-\u2010").replace("\u00ad", "") + split.tail
    root = split.block if split.block is not None else split.element
    for parent in root.iter():
        for element in list(parent):
            text, tail = element.text or "", element.tail or ""
            if len(element) or not text or not tail:
                continue
            at = (text + tail).find(word, max(0, len(text) - len(word) + 1))
            if not 0 <= at < len(text) < at + len(word):
                continue
            cut = at + len(word) - len(text)  # where the word ends in the tail
            end = cut + re.match(r"[\w\u00ad-]*[^\s\w]*", tail[cut:]).end()  # with its punctuation
            span = _span(element, KEEP)
            index = [id(child) for child in parent].index(id(element))
            parent.remove(element)
            span.append(element)
            span.tail, element.tail = tail[end:], tail[:end]
            parent.insert(index, span)
            return True
    return False


def _wrap(element, word: str, style: str, unbind: bool = False, room: int = 0) -> bool:
    """Wrap the first match of the pattern `word`, with the punctuation around it; `unbind`: the
    no-break space just before it becomes a space; not if the words bound to it are more than
    `room` characters (see `Split.room`)."""
    # With what sticks to it (punctuation): a span followed by a comma could still be broken.
    # Words bound to it by no-break spaces (`о\xa0развитии`) go into an outer span of no style:
    # a span starting inside a bound group has no break before it, and WeasyPrint then sets the
    # rest of the paragraph a word or a syllable to a line. The bound words stay hyphenated.
    pattern = re.compile(rf"(?<![\w-]){word}(?![\w-])")
    # The element's own text, then the text after each of its children.
    slots = [(None, element.text)] + [(child, child.tail) for child in list(element)]
    for child, text in slots:
        if not text or not (m := pattern.search(text)):
            continue
        start, end = _widened(text, m.start(), m.end(), _punctuation)
        bound_start, bound_end = _bound(text, start, end)
        if room and bound_end - bound_start > room:
            return False
        head, before, kept, after = text[:bound_start], text[bound_start:start], text[start:end], text[end:bound_end]
        if unbind and before and not after and len(re.findall(r"\w", kept)) >= LONE_LETTERS \
                and len(re.findall(r"\w", (before.split() or [""])[-1])) > SHORT_WORD_LETTERS:
            head, before = head + before[:-1] + " ", ""
        span = _span(element, style)
        span.text, span.tail = kept, after
        outer = span
        if before or after:
            outer = _span(element, None)
            outer.text = before
            outer.append(span)
        outer.tail = text[bound_end:]
        if child is None:
            element.text = head
            element.insert(0, outer)
        else:
            child.tail = head
            element.insert(list(element).index(child) + 1, outer)
        return True
    return False


def _span(like, style: str | None):
    """A new <span> of `like`'s tree (its kind of element, its namespace), with `style`."""
    namespace = like.tag[:like.tag.index("}") + 1] if like.tag.startswith("{") else ""
    return type(like)(namespace + "span", {"style": style} if style else {})


def _punctuation(char: str) -> bool:
    return not char.isspace() and not re.match(r"\w", char)


def _widened(text: str, start: int, end: int, sticks) -> tuple[int, int]:
    """[start, end) widened over the characters around it for which `sticks` is true."""
    while start > 0 and sticks(text[start - 1]):
        start -= 1
    while end < len(text) and sticks(text[end]):
        end += 1
    return start, end


def _bound(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened over the words bound to it by no-break spaces (in linear time: a
    block may hold 200,000 characters)."""
    while start > 0 and text[start - 1] in GLUE:
        start, _ = _widened(text, start - 1, start - 1, lambda c: not c.isspace())
    while end < len(text) and text[end] in GLUE:
        _, end = _widened(text, end + 1, end + 1, lambda c: not c.isspace())
    return start, end
