"""The glyph coverage gate: every character of a source must be in every font that may set it.

A character a font lacks would silently come from a fallback font in the PDF, and from nothing
at all on an e-reader; so the build stops first, naming the file, line and column, the character
and its Unicode name, and the fonts that lack it.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from fontTools.ttLib import TTFont

from kzpublish.errors import SourceError
from kzpublish.fonts import FontFace, font_faces
from kzpublish.messages import _
from kzpublish.sources import SourceFile
from kzpublish.typography.spaces import DRAWN_OTHERWISE

NOT_DRAWN = set("\n\t\r")


@cache
def cmap(face: FontFace) -> frozenset[int]:
    with TTFont(face.path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def lacking(char: str) -> list[FontFace]:
    """The embedded faces that have no glyph for `char` (spaces drawn otherwise need none)."""
    if char in DRAWN_OTHERWISE:
        return []
    return [face for face in font_faces() if ord(char) not in cmap(face)]


def char_name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED CHARACTER')}"


def describe(faces: list[FontFace]) -> str:
    families: dict[str, list[str]] = {}
    for face in faces:
        families.setdefault(face.family, []).append(face.path.stem.split("-")[-1])
    total = {f.family: 0 for f in font_faces()}
    for f in font_faces():
        total[f.family] += 1
    return ", ".join(
        family if len(styles) == total[family] else f"{family} ({', '.join(styles)})"
        for family, styles in families.items()
    )


def glyph_problems(source: SourceFile) -> list[SourceError]:
    """One error per distinct missing character, at its first place in the file."""
    missing_chars = {c for c in set(source.text) - NOT_DRAWN if lacking(c)}
    if not missing_chars:
        return []
    seen: set[str] = set()
    problems = []
    for number, line in enumerate(source.text.split("\n"), 1):
        for column, char in enumerate(line, 1):
            if char in seen or char not in missing_chars:
                continue
            seen.add(char)
            if missing := lacking(char):
                problems.append(SourceError(
                    _("{name} ({char!r}) is not in the fonts: {fonts} lack(s) it").format(
                        name=char_name(char), char=char, fonts=describe(missing)),
                    source.loc(number, column),
                    hint=_("replace it with a character the fonts have, or write it out in words"),
                ))
    return problems
