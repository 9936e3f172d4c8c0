"""The fonts every edition embeds, found in the fontpkg packages (PT Serif for text, PT Sans for
headings), and the `@font-face` rules that name them. Both cover Russian and Kazakh Cyrillic."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Callable

import fontpkg

from kzpublish.output import write_atomic

TEXT_FAMILY = "PT Serif"
HEADING_FAMILY = "PT Sans"


@dataclass(frozen=True)
class FontFace:
    family: str
    path: Path
    weight: int
    style: str

    @property
    def filename(self) -> str:
        return self.path.name


@cache
def font_faces() -> tuple[FontFace, ...]:
    """Every face of the text and heading families, from the installed font packages."""
    faces = []
    for name in (TEXT_FAMILY, HEADING_FAMILY):
        for f in fontpkg.family(name).files:
            faces.append(FontFace(name, Path(f.path), f.weight or 400, f.style))
    return tuple(faces)


def plain_faces() -> tuple[FontFace, ...]:
    """The upright faces: enough for a report, which has no italics."""
    return tuple(f for f in font_faces() if f.style == "normal")


def font_dirs() -> tuple[Path, ...]:
    return tuple(sorted({face.path.parent for face in font_faces()}))


def font_face_css(url: Callable[[FontFace], str], faces: tuple[FontFace, ...] | None = None) -> str:
    """`@font-face` rules for `faces` (default: all); `url` says where each file is for this output."""
    rules = []
    for face in faces or font_faces():
        rules.append(
            "@font-face {\n"
            f'  font-family: "{face.family}";\n'
            f'  src: url("{url(face)}");\n'
            f"  font-weight: {face.weight};\n"
            f"  font-style: {face.style};\n"
            "}\n"
        )
    return "".join(rules)


def embedded_font_css(text: str, faces: tuple[FontFace, ...] | None = None, cache: Path | None = None) -> str:
    """`@font-face` rules with the fonts inside, as data URLs, subset to `text`: for pages that
    must not fetch anything."""
    def url(face: FontFace) -> str:
        return "data:font/ttf;base64," + base64.b64encode(subset_font(face, text, cache)).decode("ascii")

    return font_face_css(url, faces)


# Always kept in an embedded subset: every Russian and Kazakh letter, digits and punctuation,
# so that a reader's search box or a later edit never meets a missing glyph.
BASE_CHARS = (
    "".join(chr(c) for c in range(0x20, 0x7F))
    + "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"
    + "ӘҒҚҢӨҰҮҺІәғқңөұүһі"
    + "«»„“”‘’—–‑…№\u00a0\u00ad"
)


def subset_font(face: FontFace, text: str | set[str], cache: Path | None = None) -> bytes:
    """The face reduced to the glyphs of `text` (or of a set of characters) and BASE_CHARS, with
    the usual layout features.
    Subsetting takes a fifth of a second a face: with a `cache` folder, a subset once made is
    kept there (by a hash of the font and the characters) for the next build."""
    chars = "".join(sorted(set(text) | set(BASE_CHARS)))
    if cache is None:
        return _subset(face, chars)
    key = hashlib.sha256(_font_digest(face) + chars.encode()).hexdigest()[:32]
    path = cache / f"{face.path.stem}-{key}.ttf"
    if path.is_file():
        return path.read_bytes()
    data = _subset(face, chars)
    write_atomic(path, data)
    return data


@cache
def _font_digest(face: FontFace) -> bytes:
    return hashlib.sha256(face.path.read_bytes()).digest()


@lru_cache(maxsize=64)
def _subset(face: FontFace, chars: str) -> bytes:
    from io import BytesIO

    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.name_IDs = ["*"]  # keep the copyright and licence strings (OFL)
    options.hinting = False  # e-readers do not use TrueType hints; halves the size
    options.notdef_outline = True
    with TTFont(face.path, recalcTimestamp=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=chars)
        subsetter.subset(font)
        out = BytesIO()
        font.save(out)
    return out.getvalue()
