"""The glyph coverage gate: every character of a source must be drawable by every face that may
set it — the PT face itself, or the fallback face that completes it (`fonts.py`).

A character no font of the chain has would silently come from a system font in the PDF, and
from nothing at all on an e-reader; so the build stops first, naming every place (file, line
and column), the character and its Unicode name, and the fonts that lack it. (Look-alike
letters never stop here: every one, the Latin schwa included, is in the chain; they are warned
about, with `kzpublish check --fix` named where the intended letter is certain.)
"""

from __future__ import annotations

import unicodedata

from kzpublish.errors import SourceError
from kzpublish.fonts import FALLBACK_FAMILIES, FontFace, chain, cmap, font_faces
from kzpublish.messages import N_, _
from kzpublish.sources import SourceFile
from kzpublish.typography.spaces import DRAWN_OTHERWISE

NOT_DRAWN = set("\n\t\r")
HINT = N_("replace it with a character the fonts have, or write it out in words")


def lacking(char: str) -> list[FontFace]:
    """The faces whose whole chain (the face and its fallback faces) cannot draw `char`; spaces
    drawn otherwise need no glyph."""
    if char in DRAWN_OTHERWISE:
        return []
    code = ord(char)
    return [face for face in font_faces()
            if code not in cmap(face) and not any(code in f.covers() for f in chain(face))]


def char_name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED CHARACTER')}"


def describe(faces: list[FontFace]) -> str:
    """`PT Serif + Noto Serif + Inter, PT Sans (Bold) + Noto Sans + Inter`: the chains lacking a
    character, with the styles when not all of a family's."""
    styles: dict[str, list[str]] = {}
    for face in faces:
        styles.setdefault(face.family, []).append(face.path.stem.split("-")[-1])
    total: dict[str, int] = {}
    for f in font_faces():
        total[f.family] = total.get(f.family, 0) + 1
    return ", ".join(
        " + ".join((family + ("" if len(names) == total[family] else f" ({', '.join(names)})"),
                    *FALLBACK_FAMILIES[family]))
        for family, names in styles.items()
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
                    _("{name} ({char!r}) is in no font: {fonts} lack(s) it").format(
                        name=char_name(char), char=char, fonts=describe(missing[char])),
                    source.loc(number, column), hint=_(HINT), char=char,
                ))
    return problems
