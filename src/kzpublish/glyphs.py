"""The glyph coverage gate: every character of a source must be drawable by every face that may
set it — the PT face itself, or the fallback face that completes it (`fonts.py`).

A character no font of the chain has would silently come from a system font in the PDF, and
from nothing at all on an e-reader; so the build stops first, naming every place (file, line
and column), the character and its Unicode name, and the fonts that lack it.
"""

from __future__ import annotations

import unicodedata

from kzpublish.errors import SourceError
from kzpublish.fonts import FallbackFace, cmap, fallback_faces
from kzpublish.lookalikes import CYRILLIC_TO_LATIN, LATIN_TO_CYRILLIC
from kzpublish.sources import SourceFile
from kzpublish.typography.spaces import DRAWN_OTHERWISE

NOT_DRAWN = set("\n\t\r")


def lacking(char: str) -> list[FallbackFace]:
    """The faces (each with its fallback) that cannot draw `char`; spaces drawn otherwise need
    no glyph."""
    if char in DRAWN_OTHERWISE:
        return []
    code = ord(char)
    return [f for f in fallback_faces() if code not in cmap(f.primary) and code not in f.covers()]


def char_name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED CHARACTER')}"


def describe(faces: list[FallbackFace]) -> str:
    """`PT Serif + Noto Serif, PT Sans (Bold) + Noto Sans (Bold)`: the chains lacking a character,
    with the styles when not all of a family's."""
    chains: dict[tuple[str, str], list[str]] = {}
    for face in faces:
        chains.setdefault((face.primary.family, face.family), []).append(face.primary.path.stem.split("-")[-1])
    total: dict[str, int] = {}
    for f in fallback_faces():
        total[f.primary.family] = total.get(f.primary.family, 0) + 1
    return ", ".join(
        f"{primary} + {fallback}" + ("" if len(styles) == total[primary] else f" ({', '.join(styles)})")
        for (primary, fallback), styles in chains.items()
    )


class GlyphProblem(SourceError):
    """A character no font of the chain has, at one place."""

    def __init__(self, message: str, loc=None, hint: str | None = None, char: str = ""):
        super().__init__(message, loc, hint)
        self.char = char

    def __reduce__(self):
        return type(self), (self.message, self.loc, self.hint, self.char)


def glyph_problems(source: SourceFile) -> list[GlyphProblem]:
    """One error for every place of a character no font of the chain has, in reading order."""
    missing = {c: faces for c in set(source.text) - NOT_DRAWN if (faces := lacking(c))}
    if not missing:
        return []
    problems = []
    for number, line in enumerate(source.text.split("\n"), 1):
        for column, char in enumerate(line, 1):
            if char in missing:
                problems.append(GlyphProblem(
                    f"{char_name(char)} ({char!r}) is in no font: {describe(missing[char])} lack(s) it",
                    source.loc(number, column), hint=_hint(char), char=char,
                ))
    return problems


def _hint(char: str) -> str:
    if char in LATIN_TO_CYRILLIC or char in CYRILLIC_TO_LATIN:
        return "it is a look-alike letter: `kzpublish check --fix` rewrites it where the intended letter is certain"
    return "replace it with a character the fonts have, or write it out in words"
