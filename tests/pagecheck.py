"""The page-quality checker: reads a laid-out PDF back (pdfplumber) and counts what a typesetter
would send back, per document and layout. Independent of kzpublish: it sees only the pages.

What it reads. On each page, the text inside the trim box between the top and bottom margins
(the running head, the page number and the draft mark are outside), split into one column
(sequential layout) or two (parallel: left and right of the page's middle). Characters become
lines (same baseline), lines become blocks: a heading is a run of lines in the bold heading face
(PT Sans Bold); a paragraph starts after a vertical gap larger than the line spacing, at a
first-line indent, or after a heading. Lines in the regular sans face (the table head, the
colophon) are furniture: they are counted as "something after a heading" but not as text. At a
page break a paragraph is taken to go on when the last line before the break ends with a hyphen,
or when the first word after it would not have fitted on that line (the line breaker would have
put it there).

What it counts (each per column, so a heading alone at the foot of both columns counts twice):

- `heading_at_end`: a heading that is the last thing in its column on a page (the body follows
  on the next page).
- `split_words`: a word hyphenated across a page or column break.
- `hyphen_runs`: runs of more than `MAX_HYPHENS` consecutive lines ending with a hyphen;
  `longest_hyphen_run` the longest run of all.
- `loose_lines`: lines whose word spaces (their median) exceed `LOOSE_EM` of the em;
  `loosest` the widest word space, in em, and where it is.
- `widows`: a paragraph's last line alone at the top of a page; `orphans`: its first line alone
  at the foot of one.
- `short_last_lines`: paragraphs of two lines or more whose last line is a single word of at
  most `SHORT_WORD` letters.
- `tail_last_lines`: paragraphs whose last line is only the end of a word hyphenated on the
  line before (not counted at the foot of a page, where the paragraph may go on).
- `dangling`: lines inside a paragraph that end in a one-letter word (`в`, `и`, `о`): the
  typography binds such a word to the next with a no-break space, so one at a line's end is a
  binding lost.
- `short_lines`: lines inside a paragraph (not its last) that fill less than `SHORT_LINE` of
  the column: a greedy line breaker never leaves so much room unless the next word is longer
  than that, so such a line is a breaker gone wrong (one word to a line, `не- / льзя / гово- /
  рить`).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber

MARKER = re.compile(r"\d+[.)]|[–•◦▪]")
"""A list item's number or bullet, ahead of its text."""
HYPHENATED = re.compile(r"\w-$")
LETTERS = re.compile(r"\w")
ONE_LETTER = re.compile(r"[^\W\d_]")

MAX_HYPHENS = 2
"""Consecutive hyphenated line ends allowed."""
LOOSE_EM = 0.5
"""A line whose word spaces are wider than this share of the em is loose (PT Serif's own space
is 0.25 em: a loose line has doubled it)."""
SHORT_LINE = 0.4
"""The share of the column a line inside a paragraph fills at least."""
SHORT_WORD = 5
"""A paragraph's last line holding one word of at most this many letters is a fault."""

TOP_MARGIN, BOTTOM_MARGIN = 0.075, 0.085
"""The share of the page height above and below the text area (as kzpublish's page setup)."""


@dataclass
class Line:
    """A line of text as the PDF shows it: its words, where they are, what they are set in."""

    page: int
    """Counted from 1."""
    column: int
    """0 in one column, 1 and 2 side by side."""
    text: str
    x0: float
    """Where the text starts (after a list marker)."""
    x1: float
    top: float
    bottom: float
    size: float
    kind: str
    """"heading", "text" or "furniture"."""
    first_word: float
    """Width of the first word."""
    spaces: list[float]
    """Gaps between the words, in points."""
    marked: bool = False
    """Starts with a list item's number or bullet: a paragraph of its own starts."""

    @property
    def hyphenated(self) -> bool:
        return bool(HYPHENATED.search(self.text))

    def where(self) -> str:
        side = ("", " left", " right")[self.column] if self.column else ""
        return f"p. {self.page}{side}: {self.text[:40]!r}"


@dataclass
class Block:
    kind: str
    lines: list[Line] = field(default_factory=list)


COUNTS = ("heading_at_end", "split_words", "hyphen_runs", "loose_lines", "widows", "orphans", "short_last_lines",
          "tail_last_lines", "short_lines", "dangling")
"""The faults counted, each per column: a heading alone at the foot of both columns counts twice.
They read as attributes of `Figures` too (`figures.widows`)."""


@dataclass
class Figures:
    """The checker's counts for one PDF (see the module's docstring), and where each fault is."""

    pages: int = 0
    longest_hyphen_run: int = 0
    """In lines, over the whole document."""
    loosest: float = 0.0
    """The widest word space of any line, in em; `loosest_at` where it is."""
    loosest_at: str = ""
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    faults: list[str] = field(default_factory=list)
    """Where each fault is, for a human to look at."""

    def __getattr__(self, name: str) -> int:
        if name in COUNTS:
            return self.counts[name]
        raise AttributeError(name)

    def fault(self, name: str, line: Line) -> None:
        self.counts[name] += 1
        self.faults.append(f"{name}: {line.where()}")


def check(pdf: Path | str, columns: int) -> Figures:
    """The figures of a PDF laid out in one column (sequential) or two (parallel)."""
    figures = Figures()
    with pdfplumber.open(pdf) as doc:
        figures.pages = len(doc.pages)
        lines = [line for n, page in enumerate(doc.pages, 1) for line in _lines(page, n, columns)]
    for column in range(1, columns + 1) if columns > 1 else (0,):
        _check_column([ln for ln in lines if ln.column == column], figures)
    return figures


def _lines(page, number: int, columns: int) -> list[Line]:
    x0, top, x1, bottom = _trim(page)
    height = bottom - top
    body = page.crop((x0, top + height * TOP_MARGIN - 2, x1, bottom - height * BOTTOM_MARGIN + 2))
    middle = (x0 + x1) / 2
    words = body.extract_words(x_tolerance=1, y_tolerance=2, extra_attrs=["fontname", "size"])
    rows: dict[tuple[int, float], list[dict]] = {}
    for w in words:
        column = 0 if columns == 1 else (1 if w["x1"] <= middle else 2)
        key = next((k for k in rows if k[0] == column and abs(k[1] - w["bottom"]) < 2), (column, w["bottom"]))
        rows.setdefault(key, []).append(w)
    out = []
    for (column, _), ws in sorted(rows.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        ws.sort(key=lambda w: w["x0"])
        marked = len(ws) > 1 and bool(MARKER.fullmatch(ws[0]["text"]))
        text_words = ws[1:] if marked else ws
        font = max(ws, key=lambda w: len(w["text"]))["fontname"]
        kind = "heading" if "Sans-Bold" in font or "Sans,Bold" in font else (
            "furniture" if "Sans" in font else "text")
        size = statistics.median(w["size"] for w in ws)
        out.append(Line(number, column, " ".join(w["text"] for w in ws), text_words[0]["x0"], ws[-1]["x1"],
                        min(w["top"] for w in ws), max(w["bottom"] for w in ws), size, kind,
                        text_words[0]["x1"] - text_words[0]["x0"],
                        [b["x0"] - a["x1"] for a, b in zip(text_words, text_words[1:])], marked))
    return out


def _trim(page) -> tuple[float, float, float, float]:
    """The trim box in pdfplumber's coordinates (top down)."""
    box = page.page_obj.attrs.get("TrimBox")
    if not box:
        return page.bbox
    media = page.page_obj.attrs.get("MediaBox")
    height = float(media[3]) - float(media[1])
    tx0, ty0, tx1, ty1 = (float(v.resolve() if hasattr(v, "resolve") else v) for v in box)
    return tx0, height - ty1, tx1, height - ty0


def _check_column(lines: list[Line], figures: Figures) -> None:
    texts = [ln for ln in lines if ln.kind == "text"]
    if not texts:
        return
    left, right = min(ln.x0 for ln in texts), max(ln.x1 for ln in texts)
    leading = statistics.median(b.top - a.top for a, b in zip(texts, texts[1:])
                                if a.page == b.page and 0 < b.top - a.top) if len(texts) > 1 else 0
    blocks = _blocks(lines, left, right, leading)
    _count_page_ends(lines, figures)
    page_ends = {id(line) for line, after in zip(lines, lines[1:] + [None]) if after is None or after.page != line.page}
    _count_blocks(blocks, figures, left, right, page_ends)


def _blocks(lines: list[Line], left: float, right: float, leading: float) -> list[Block]:
    blocks: list[Block] = []
    previous: Line | None = None
    for line in lines:
        if line.kind == "furniture":
            previous = None
            blocks.append(Block("furniture", [line]))
            continue
        current = blocks[-1] if blocks and previous is not None else None
        starts = (current is None or current.kind != line.kind
                  or (line.page == previous.page and _paragraph_starts(previous, line, leading))
                  or _indented_twice(current, previous, line, left)
                  or (line.page != previous.page and not _goes_on(previous, line, right)))
        if starts:
            blocks.append(Block(line.kind, [line]))
        else:
            current.lines.append(line)
        previous = line
    return blocks


def _paragraph_starts(previous: Line, line: Line, leading: float) -> bool:
    gap = line.top - previous.top
    return line.marked or gap > leading * 1.25 or line.x0 > previous.x0 + 0.5 * line.size


def _indented_twice(block: Block | None, previous: Line, line: Line, left: float) -> bool:
    """A paragraph of one line indented, then another line at the same indent: a paragraph's
    lines after its first go back to the left edge, so this is a second paragraph."""
    return (block is not None and len(block.lines) == 1 and not previous.marked
            and previous.x0 > left + 0.5 * line.size and abs(line.x0 - previous.x0) < 0.5)


def _goes_on(previous: Line, line: Line, right: float) -> bool:
    """Across a page break: the paragraph goes on if its line ended with a hyphen, or if the
    next word would not have fitted."""
    if previous.kind != "text" or line.marked:
        return False
    return previous.hyphenated or previous.x1 + 0.3 * line.size + line.first_word > right + 0.5


def _count_page_ends(lines: list[Line], figures: Figures) -> None:
    for line, after in zip(lines, lines[1:] + [None]):
        if after is not None and after.page == line.page:
            continue
        if line.kind == "heading" and after is not None:
            figures.fault("heading_at_end", line)
        if line.kind == "text" and line.hyphenated and after is not None:
            figures.fault("split_words", line)


def _count_blocks(blocks: list[Block], figures: Figures, left: float, right: float, page_ends: set[int]) -> None:
    """`page_ends`: the `id`s of the lines that end a page (a paragraph may go on after them)."""
    for block in blocks:
        if block.kind != "text":
            continue
        lines = block.lines
        run = 0
        for line in lines:
            run = run + 1 if line.hyphenated else 0
            figures.longest_hyphen_run = max(figures.longest_hyphen_run, run)
            if run == MAX_HYPHENS + 1:
                figures.fault("hyphen_runs", line)
            if line.spaces and len(line.spaces) >= 2:
                space = statistics.median(line.spaces) / line.size
                if space > figures.loosest:
                    figures.loosest, figures.loosest_at = round(space, 3), line.where()
                if space > LOOSE_EM:
                    figures.fault("loose_lines", line)
        for line in lines[:-1]:
            if ONE_LETTER.fullmatch(line.text.split()[-1]):
                figures.fault("dangling", line)
            centred = line.x0 - left > line.size and abs((line.x0 - left) - (right - line.x1)) < line.size
            if line.x1 - line.x0 < SHORT_LINE * (right - left) and not centred:
                figures.fault("short_lines", line)
        pages = [ln.page for ln in lines]
        if len(set(pages)) > 1:
            if pages.count(pages[0]) == 1:
                figures.fault("orphans", lines[0])
            if pages.count(pages[-1]) == 1:
                figures.fault("widows", lines[-1])
        last = lines[-1]
        if len(lines) > 1 and not last.spaces and len(LETTERS.findall(last.text)) <= SHORT_WORD:
            figures.fault("short_last_lines", last)
        if len(lines) > 1 and not last.spaces and lines[-2].hyphenated and id(last) not in page_ends:
            figures.fault("tail_last_lines", last)
