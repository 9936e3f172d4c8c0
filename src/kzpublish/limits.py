"""Limits on what one source may ask of the machine — checked on the text before pandoc sees it,
on the front matter's YAML events before it is built, and on pandoc's AST (`safety.py`) — so
that a hostile or broken file fails with a message instead of hanging a build:

| limit | value |
|---|---|
| size of a source file | 5 MiB |
| one paragraph (a run of non-blank lines) | 200,000 characters |
| nesting of lists, quotes and fenced divs | 32 levels (on the text, and again on the AST) |
| square brackets open at once in a paragraph (links, spans) | 6 levels |
| one pandoc run | 120 s and 2 GiB of memory |
| front matter | 64 KiB, 20 levels of nesting, 50 aliases (`*name`), 10,000 values with aliases expanded |
| inline nesting (emphasis, spans, quotes, links in any mix) | 32 levels, on pandoc's AST |
| notes in one source | 2,000 |
| cells of one table | 20,000 |
| a stylesheet | 1 MiB |
| a file beside a source (an image, or anything else) | 64 MiB, hashed a megabyte at a time |
| an image | 50 million pixels (a raster image must decode and be the type its name says) |
| a tag, an author | 200 characters; a release version 64 |

Fenced divs (`:::`) must be closed: an unclosed one is reported at the line that opens it.
"""

from __future__ import annotations

import re

from kzpublish.errors import SourceError, SourceLocation
from kzpublish.messages import _, grouped

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_BLOCK_CHARS = 200_000
MAX_DEPTH = 32
MAX_BRACKETS = 6
"""Square brackets open at once in one paragraph: pandoc's time grows threefold with each level
(12 levels: seconds and half a gigabyte), so this is checked before pandoc runs."""
PANDOC_SECONDS = 120
PANDOC_MEMORY = "2g"
MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_YAML_DEPTH = 20
MAX_YAML_ALIASES = 50
MAX_YAML_NODES = 10_000
MAX_NOTES = 2_000
MAX_TABLE_CELLS = 20_000
MAX_STYLESHEET_BYTES = 1024 * 1024
MAX_BESIDE_BYTES = 64 * 1024 * 1024
MAX_IMAGE_PIXELS = 50_000_000
MAX_TAG_CHARS = 200
MAX_VERSION_CHARS = 64

_LIST = re.compile(r"^(\s*)([-*+]|\d+[.)])\s")
_QUOTE = re.compile(r"^\s*((?:>\s*)+)")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_BRACKET = re.compile(r"(?<!\\)[\[\]]")
_DIV = re.compile(r"^\s*(:{3,})\s*(\S)?")


def check_size(path: str, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise SourceError(_("the file is {size:.1f} MiB; the limit for one source is {limit} MiB").format(
                          size=size / 2**20, limit=MAX_FILE_BYTES // 2**20),
                          SourceLocation(path), hint=_("split the document, or keep data files out of sources/"))


def check_text(path: str, text: str) -> None:
    """Paragraph length, nesting depth, unclosed fenced divs of the source at `path`."""

    def loc(line: int) -> SourceLocation:
        return SourceLocation(path, line)

    block_start, block_chars, brackets = 0, 0, 0
    divs: list[int] = []
    code_fence = None
    for number, line in enumerate(text.split("\n"), 1):
        if fence := _FENCE.match(line):
            mark = fence.group(1)[0]
            code_fence = None if code_fence == mark else (code_fence or mark)
            continue
        if code_fence:
            continue
        if line.strip():
            if not block_chars:
                block_start = number
                brackets = 0
            for m in _BRACKET.finditer(line):
                brackets = max(brackets + (1 if m.group() == "[" else -1), 0)
                if brackets > MAX_BRACKETS:
                    raise SourceError(_("square brackets nested more than {limit} levels deep").format(
                        limit=MAX_BRACKETS), loc(number),
                                      hint=_("links and spans ([…]) may nest at most that deep"))
            block_chars += len(line) + 1
            if block_chars > MAX_BLOCK_CHARS:
                raise SourceError(_("a paragraph longer than {limit} characters").format(
                    limit=grouped(MAX_BLOCK_CHARS)),
                                  loc(block_start), hint=_("break it into paragraphs with blank lines"))
        else:
            block_chars = 0
        depth = _depth(line) + len(divs)
        if depth > MAX_DEPTH:
            raise SourceError(_("nested {depth} levels deep; the limit is {limit}").format(depth=depth, limit=MAX_DEPTH),
                              loc(number), hint=_("lists, quotes and fenced divs may nest at most that deep"))
        if div := _DIV.match(line):
            if div.group(2):
                divs.append(number)
            elif divs:
                divs.pop()
    if divs:
        raise SourceError(_("this fenced div (:::) is never closed"), loc(divs[-1]),
                          hint=_("end it with a line of three colons: :::"))


def _depth(line: str) -> int:
    depth = 0
    if quote := _QUOTE.match(line):
        depth += quote.group(1).count(">")
    if item := _LIST.match(line):
        depth += len(item.group(1).expandtabs(4)) // 2 + 1
    return depth
