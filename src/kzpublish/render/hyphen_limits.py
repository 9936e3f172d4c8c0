"""Three limits on hyphenation that CSS names and WeasyPrint's line breaker does not know, taught
to it: it breaks lines greedily, one at a time, and hyphenates wherever a word does not fit.

- `hyphenate-limit-lines: 2`: after two hyphenated lines in a row, the next line is set without
  hyphenation (its words move whole to the line after) — or, when that line cannot do without
  its hyphen, the second line is set without its own;
- a narrow form of `hyphenate-limit-last`: a line is not hyphenated when the rest of its
  paragraph is only the end of the word it would split (the last line would be a word's tail);
- and for pages and columns: when a paragraph breaks across a page or a column (a table cell of
  the parallel layout), and the last line before the break is hyphenated, that line is set again
  without hyphenation, so the word goes on to the next page whole.

A line set without hyphenation also ends before a compound that would break at its own hyphen
(`ар-` / `ождан`), where a space on the line allows. It is set so only if it still fills `FILL`
of its column; otherwise the hyphen stays.

These are the faults `linebreaks` finds in a laid-out document. Before, each was fixed by laying
the whole document out again (a 330-page parallel document: seven layouts, and faults left, as
each fix moved the page breaks after it); now the line breaker avoids them as it goes, and
`linebreaks` lays a document out again only for what is left: a line under `FILL` without its
hyphen, a paragraph's first line on a page, a paragraph that is not `plain`, a compound at the
start of an inline element.

Only a `plain` paragraph's lines are set again: text in inline boxes, nothing that laying a line
out twice would leave behind (a footnote or note registered twice, a running element, a float,
an inline block, a positioned box), and not a line with `::first-letter` or `::first-line`.
This module and render/pdf.py are the only ones that import WeasyPrint; `install()` wraps three
of its functions (layout/inline.py and layout/block.py of WeasyPrint 70), once.
"""

from __future__ import annotations

import math
from contextlib import contextmanager

from weasyprint.formatting_structure import boxes
from weasyprint.layout import block, inline

from kzpublish.render.linebreaks import MAX_HYPHENS, WORD_AT_END

UTF8 = "_kzpublish_utf8"
"""Kept on a text box of the box tree: its text and the text in UTF-8 (`_utf8`)."""
PLAIN = "_kzpublish_plain"
"""Kept on a paragraph's line box: `plain` of it, once known."""
UNHYPHENATED = "_kzpublish_unhyphenated"
"""The layout context's flag: set while a line is laid out that must not be hyphenated."""
MANUAL = "_kzpublish_manual_styles"
"""The layout context's styles with `hyphens: manual` in place of `auto`, by the `id` of the
original (kept with it, so that the `id` is not reused)."""

ACTIVE = True
"""Off: WeasyPrint's own line breaker (the tests turn it off to see the faults it makes)."""

FILL = 0.42
"""A line set again without hyphenation fills at least this share of its column, or the hyphen
stays: a word so long that moving it on would leave half the line empty is a gap a reader sees
more than a hyphen (and more than the page checker's short line, 40 %, with room to spare)."""

_originals: dict[str, object] = {}


def install() -> None:
    if _originals:
        return
    _originals.update(split_first_line=inline.split_first_line, iter_line_boxes=block.iter_line_boxes,
                      break_line=block._break_line)
    inline.split_first_line = _split_first_line
    block.iter_line_boxes = _iter_line_boxes
    block._break_line = _break_line


def _split_first_line(text, style, context, *args, **kwargs):
    """WeasyPrint's first line of `text`; while a line is not to be hyphenated, without
    hyphenation, and ended before a compound that would break at its own hyphen (`ар-` /
    `ождан`), when a space before it on the line allows. A word longer than the line is
    hyphenated all the same."""
    split = _originals["split_first_line"]
    if not getattr(context, UNHYPHENATED, False):
        return split(text, style, context, *args, **kwargs)
    manual = _manual(context, style) if style["hyphens"] == "auto" else style
    first = split(text, manual, context, *args, **kwargs)
    data, resume = text.encode(), first[2]
    if resume is None:
        return first
    line, after = data[:resume].decode("utf-8", "ignore"), data[resume:resume + 4].decode("utf-8", "ignore")[:1]
    if line[-1:].isalnum() and after.isalnum():
        # Broken inside a word, with no hyphen: a word longer than the line (`overflow-wrap`).
        # Hyphenated, as WeasyPrint would, rather than cut where a reader sees two words.
        return split(text, style, context, *args, **kwargs)
    if not WORD_AT_END.search(line) or not after.isalpha():
        return first
    space = line.rfind(" ")
    if space <= 0:
        return first  # the compound begins the text: only a break before this box would help
    cut = len(line[:space + 1].encode())
    shorter = split(data[:cut].decode(), manual, context, *args, **kwargs)
    return first if shorter[2] is not None else (*shorter[:2], cut, *shorter[3:])


def _manual(context, style):
    styles = context.__dict__.setdefault(MANUAL, {})
    if id(style) not in styles:
        manual = style.copy()
        manual["hyphens"] = "manual"
        styles[id(style)] = (style, manual)
    return styles[id(style)][1]


@contextmanager
def _unhyphenated(context):
    before = getattr(context, UNHYPHENATED, False)
    setattr(context, UNHYPHENATED, True)
    try:
        yield
    finally:
        setattr(context, UNHYPHENATED, before)


def _iter_line_boxes(context, box, position_y, bottom_space, skip_stack, containing_block,
                     absolute_boxes, fixed_boxes, first_letter_style, first_line_style):
    """WeasyPrint's `iter_line_boxes` (layout/inline.py, BSD licence), with the two limits
    within a paragraph. Each line is given only once the next is made: a third hyphenated line
    in a row that cannot be set without its hyphen (`FILL`) may be avoided by setting the second
    without its own. A paragraph that is not `plain` is left to WeasyPrint."""
    if not ACTIVE or not plain(box):
        yield from _originals["iter_line_boxes"](context, box, position_y, bottom_space, skip_stack, containing_block,
                                                 absolute_boxes, fixed_boxes, first_letter_style, first_line_style)
        return
    inline.resolve_percentages(box, containing_block)
    if skip_stack is None:
        inline.resolve_one_percentage(box, "text_indent", containing_block.width)
    else:
        box.text_indent = 0
    run, pending = 0, None  # the hyphenated lines in a row; the line made, not yet given, and its `args`
    while True:
        args = (context, box, position_y, bottom_space, skip_stack, containing_block)
        line, resume_at = inline.get_next_linebox(*args, absolute_boxes, fixed_boxes, first_letter_style,
                                                  first_line_style)
        if _limited(line, resume_at, run, box) and first_letter_style is None and first_line_style is None:
            again = _unhyphenated_line(args)
            if again is None and run >= MAX_HYPHENS and pending is not None and pending[2] is not None \
                    and (earlier := _unhyphenated_line(pending[2])) is not None:
                pending, run = (*earlier, pending[2]), 0  # the second line without its hyphen; this one anew
                position_y, skip_stack = earlier[0].position_y + earlier[0].height, earlier[1]
                continue
            if again is not None:
                line, resume_at = again
        if pending is not None:
            yield pending[:2]
        if line is None:
            return
        inline.handle_leader(context, line, containing_block)
        position_y = line.position_y + line.height
        run = run + 1 if hyphenated(line) else 0
        # The first line is not set again: the indent and first-line styles are gone after it.
        pending = (line, resume_at, args if first_letter_style is None and first_line_style is None
                   and box.text_indent == 0 else None)
        if resume_at is None:
            yield pending[:2]
            return
        skip_stack = resume_at
        box.text_indent = 0
        first_letter_style = first_line_style = None


def _limited(line, resume_at, run: int, linebox) -> bool:
    """The line is hyphenated where a limit says it may not be: a third in a row, or leaving only
    the word's end to the paragraph's last line; and may be laid out again (`plain`)."""
    return line is not None and resume_at is not None and hyphenated(line) and plain(linebox) \
        and (run >= MAX_HYPHENS or _one_word(linebox, resume_at))


def _break_line(context, box, line, new_children, needed, page_is_empty, index, skip_stack, resume_at,
                absolute_boxes, fixed_boxes):
    """WeasyPrint's page (or column) break inside a paragraph; then, if the last line before the
    break is hyphenated, that line set again without hyphenation. Not the paragraph's first line
    on the page: its indent and `::first-line` style are gone from the line box by now."""
    abort, stop, resume = _originals["break_line"](context, box, line, new_children, needed, page_is_empty, index,
                                                   skip_stack, resume_at, absolute_boxes, fixed_boxes)
    if not ACTIVE or abort or not stop or len(new_children) < 2:
        return abort, stop, resume
    last, linebox = new_children[-1], box.children[0]
    if not hyphenated(last) or not plain(linebox):
        return abort, stop, resume
    again = _unhyphenated_line((context, linebox, last.position_y, -math.inf, new_children[-2].resume_at, box))
    if again is None:
        return abort, stop, resume
    again, after = again
    again.resume_at = after
    new_children[-1] = again
    return abort, stop, {index: after}


def _unhyphenated_line(args: tuple):
    """The line laid out again from the same place (`args` of `get_next_linebox`) without
    hyphenation: `(line, resume_at)`, or None when it ends the paragraph, fills less than `FILL`
    of the column, or more than the column (a project's styles without `overflow-wrap`)."""
    context, linebox, containing_block = args[0], args[1], args[5]
    with _unhyphenated(context):
        again, after = inline.get_next_linebox(*args, [], [], None, None)
    # `get_next_linebox` leaves the line's own width, before it is aligned, on the line box.
    if again is None or after is None or not FILL * containing_block.width <= linebox.width <= containing_block.width:
        return None
    return again, after


def hyphenated(line) -> bool:
    """The line ends with a hyphen after a letter: hyphenated, or broken at a compound's hyphen."""
    last = _last_text(line)
    return last is not None and bool(WORD_AT_END.search(last.text))


def plain(linebox) -> bool:
    """The paragraph (its line box in the box tree, before layout) is only text in inline boxes:
    laying one of its lines out again leaves nothing behind — no footnote or note registered
    twice, no running element, float, inline block or positioned box. Looked at once per
    paragraph."""
    known = linebox.__dict__
    if PLAIN not in known:
        known[PLAIN] = all(isinstance(child, boxes.TextBox) or (
            type(child) is boxes.InlineBox and child.style["position"] == "static" and child.style["float"] == "none"
            and getattr(child, "footnote", None) is None and getattr(child, "note", None) is None
            and not child.is_running() and not child.is_note() and plain(child)) for child in linebox.children)
    return known[PLAIN]


def _last_text(box):
    for child in reversed(getattr(box, "children", ())):
        if isinstance(child, boxes.TextBox):
            return child
        if (found := _last_text(child)) is not None:
            return found
    return None


def _utf8(text_box) -> bytes:
    """The text box's text in UTF-8, as WeasyPrint's skip stacks count it; kept on the box (a
    paragraph of 200,000 characters is asked about at each hyphenated line)."""
    known = text_box.__dict__
    if UTF8 not in known or known[UTF8][0] is not text_box.text:
        known[UTF8] = (text_box.text, text_box.text.encode())
    return known[UTF8][1]


def _one_word(linebox, skip_stack, limit: int = 120) -> bool:
    """The paragraph's text from `skip_stack` on is one word (with its punctuation): nothing but
    text after it, no space, no no-break space."""
    rest: list[str] = []

    def walk(box, skip) -> bool:
        if isinstance(box, boxes.TextBox):
            start = (next(iter(skip)) if skip else 0) or 0
            rest.append(_utf8(box)[start:start + 4 * limit].decode("utf-8", "ignore"))
            return True
        if type(box) not in (boxes.LineBox, boxes.InlineBox):
            return False
        index, child_skip = next(iter(skip.items())) if skip else (0, None)
        for n, child in enumerate(box.children[index:]):
            if not walk(child, child_skip if n == 0 else None) or sum(map(len, rest)) > limit:
                return False
        return True

    return walk(linebox, skip_stack) and len("".join(rest).split()) == 1
