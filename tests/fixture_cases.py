"""Plain-text fixture files for the pure algorithms, in the manner of markdown-it-py's: each case
is a `# title` line, then its three parts (two inputs, the expected output), each ended by a line
holding one `.`:

    # A changed ending shows what it shares
    Президент Токаева подписал
    .
    Президент Токаевым подписал
    .
    replace: Токаева → Токаевым
    .

For block-level cases each line of a part is one block: `# text` a heading, `- text` a list item,
`text {#id}` a block with an id, anything else a paragraph. `make fixtures` writes the expected
parts anew from what the code does now (then read the change in `git diff` before committing)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kzpublish.blocks import Block

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass(frozen=True)
class Case:
    title: str
    parts: tuple[str, ...]
    """The inputs, then the expected output last."""


def read_cases(name: str) -> list[Case]:
    """Every case has three parts: two inputs and the expected output. Lines between cases
    (blank ones, comments) are skipped."""
    cases, title, parts, lines = [], None, [], []
    for line in (FIXTURES / name).read_text("utf-8").split("\n"):
        if title is None:
            if line.startswith("# "):
                title, parts, lines = line[2:], [], []
        elif line == ".":
            parts.append("\n".join(lines))
            lines = []
            if len(parts) == 3:
                cases.append(Case(title, tuple(parts)))
                title = None
        else:
            lines.append(line)
    return cases


def write_cases(name: str, cases: list[Case]) -> None:
    text = "\n".join(f"# {c.title}\n" + "".join(f"{p}\n.\n" for p in c.parts) for c in cases)  # a blank line between
    (FIXTURES / name).write_text(text, "utf-8")


def blocks(part: str) -> tuple[Block, ...]:
    out = []
    for line in filter(None, part.split("\n")):
        ident = ""
        if m := re.fullmatch(r"(.*?)\s*\{#([\w-]+)\}", line):
            line, ident = m[1], m[2]
        if line.startswith("# "):
            out.append(Block("heading", line[2:], ident, 1))
        elif line.startswith("- "):
            out.append(Block("item", line[2:], ident))
        else:
            out.append(Block("division" if ident else "paragraph", line, ident))
    return tuple(out)
