"""The fonts every edition embeds, found in the fontpkg packages (PT Serif for text, PT Sans for
headings), and the `@font-face` rules that name them. Both cover Russian and Kazakh Cyrillic.

What they lack (the tenge sign, U+2010 HYPHEN, primes, the Latin schwa…) comes from a fallback
family of the same style: Noto Serif for PT Serif, Noto Sans for PT Sans. The Noto fonts are
variable; each fallback face is an instance of the weight and slant of the face it completes,
cut down to the characters a document uses that the PT face lacks, and declared under the PT
family's own name with a `unicode-range` of exactly those characters, so any stylesheet that
names PT Serif gets it, and it never draws a character PT has."""

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
FALLBACK_FAMILIES = {TEXT_FAMILY: ("Noto Serif", "Inter"), HEADING_FAMILY: ("Noto Sans", "Inter")}
"""Per PT family, its fallback families in order: Noto of the same style for letters and
punctuation, then Inter for symbols (check marks, arrows, geometric shapes, Roman numerals)."""
FALLBACK_SPACES = " \u00a0"


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


@dataclass(frozen=True)
class FallbackFace:
    """A face of a fallback family standing in for `primary`'s missing characters: the variable
    font at `path`, instanced at the primary's weight (and slant: `path` is the italic file for
    an italic face)."""

    primary: FontFace
    family: str
    path: Path
    tier: int = 0
    """Its place in the chain after the primary: 0 first."""
    before: tuple[Path, ...] = ()
    """The fonts of the fallback faces before it."""

    @property
    def filename(self) -> str:
        return f"{self.primary.path.stem}-{self.family.replace(' ', '')}.ttf"

    def covers(self) -> frozenset[int]:
        """The characters this face draws: the fallback's, less those of the primary and of the
        fallback faces before it."""
        return _covers(self.path, (self.primary.path, *self.before))


@cache
def _covers(path: Path, before: tuple[Path, ...]) -> frozenset[int]:
    return _cmap(path).difference(*(_cmap(p) for p in before))


@cache
def fallback_faces() -> tuple[FallbackFace, ...]:
    """The fallback faces of every face of `font_faces()`, in the same order, each face's in the
    order of its chain."""
    out = []
    for face in font_faces():
        before: tuple[Path, ...] = ()
        for tier, family in enumerate(FALLBACK_FAMILIES[face.family]):
            files = {f.style: Path(f.path) for f in fontpkg.family(family).files}
            path = files.get(face.style, files["normal"])
            out.append(FallbackFace(face, family, path, tier, before))
            before += (path,)
    return tuple(out)


def chain(face: FontFace) -> tuple[FallbackFace, ...]:
    """The fallback faces of `face`, in order."""
    return tuple(f for f in fallback_faces() if f.primary == face)


@cache
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def cmap(face: FontFace) -> frozenset[int]:
    """The characters `face` has a glyph for."""
    return _cmap(face.path)


def fallback_chars(face: FallbackFace, text: str | set[str]) -> str:
    """The characters of `text` that `face` is to draw, sorted."""
    covers = face.covers()
    return "".join(sorted(c for c in set(text) if ord(c) in covers))


def fallbacks_for(text: str | set[str]) -> dict[FallbackFace, str]:
    """The fallback faces `text` needs, each with the characters it is to draw; empty (and
    quick: the Noto fonts are not opened) when the PT faces have every character."""
    common = _common_cmap()
    if all(ord(c) in common for c in set(text)):
        return {}
    found = {face: fallback_chars(face, text) for face in fallback_faces()}
    return {face: chars for face, chars in found.items() if chars}


@cache
def _common_cmap() -> frozenset[int]:
    """The characters every PT face has."""
    return frozenset.intersection(*(cmap(face) for face in font_faces()))


def unicode_range(chars: str) -> str:
    return ", ".join(f"U+{ord(c):X}" for c in chars)


def plain_faces() -> tuple[FontFace, ...]:
    """The upright faces: enough for a report, which has no italics."""
    return tuple(f for f in font_faces() if f.style == "normal")


def font_dirs() -> tuple[Path, ...]:
    return tuple(sorted({face.path.parent for face in font_faces()}))


def font_face_css(url: Callable[[FontFace], str], faces: tuple[FontFace, ...] | None = None) -> str:
    """`@font-face` rules for `faces` (default: all); `url` says where each file is for this output."""
    return "".join(_rule(face.family, url(face), face.weight, face.style) for face in faces or font_faces())


def fallback_css(fallbacks: dict[FallbackFace, str], url: Callable[[FallbackFace], str],
                 stretches: tuple[str, ...] = ()) -> str:
    """`@font-face` rules declaring each fallback face under its primary's family, for the
    characters given (its `unicode-range`), the last of a chain first (CSS tries the faces of a
    family from the last declared); `url` says where its file is for this output. `stretches`,
    one per place in the chain, other than the PT faces', tell the faces apart where only the
    family, weight, style and stretch name a face (WeasyPrint's PDF writer)."""
    return "".join(
        _rule(face.primary.family, url(face), face.primary.weight, face.primary.style,
              f"  unicode-range: {unicode_range(chars)};\n"
              + (f"  font-stretch: {stretches[face.tier]};\n" if stretches else ""))
        for face, chars in sorted(fallbacks.items(), key=lambda item: -item[0].tier) if chars
    )


def _rule(family: str, url: str, weight: int, style: str, more: str = "") -> str:
    return (
        "@font-face {\n"
        f'  font-family: "{family}";\n'
        f'  src: url("{url}");\n'
        f"  font-weight: {weight};\n"
        f"  font-style: {style};\n"
        f"{more}"
        "}\n"
    )


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
    return _cached(face.path, face.path.stem, chars, cache, lambda: _subset(face.path, chars))


def fallback_font(face: FallbackFace, text: str | set[str], cache: Path | None = None) -> bytes:
    """The fallback face as a static font for the characters of `text` it may draw: the variable
    font cut down to them (once for all the faces that share its file), then instanced at the
    primary face's weight and normal width, so that no variation tables reach a PDF/A or PDF/X.
    With a `cache` folder, kept there for the next build."""
    chars = _cut_chars(face.path, text)
    name = f"{face.path.stem.split('[')[0]}-{face.primary.weight}"
    return _cached(face.path, name, chars, cache, lambda: _instance(_subset(face.path, chars), face.primary.weight))


def _cut_chars(path: Path, text: str | set[str]) -> str:
    """The characters of `text` the variable font at `path` has and some primary face lacks, and
    the spaces: Pango sets a space after a fallback character in the fallback font, whatever its
    `unicode-range` says."""
    have = _cmap(path) - _common_cmap()
    return "".join(sorted({c for c in set(text) if ord(c) in have} | set(FALLBACK_SPACES)))


def _cached(font: Path, name: str, chars: str, cache: Path | None, make: Callable[[], bytes]) -> bytes:
    """`make()`, or what it made before for the same font and characters. Each file ends with the
    SHA-256 of the font before it: a file cut short or altered is made anew."""
    if cache is None:
        return make()
    key = hashlib.sha256(_font_digest(font) + name.encode() + chars.encode()).hexdigest()[:32]
    path = cache / f"{name}-{key}.font"
    try:
        kept = path.read_bytes()
        if len(kept) > 32 and hashlib.sha256(kept[:-32]).digest() == kept[-32:]:
            return kept[:-32]
    except OSError:
        pass  # not made yet
    data = make()
    try:
        write_atomic(path, data + hashlib.sha256(data).digest())
    except OSError:
        pass  # a read-only project: it is only slower
    return data


@cache
def _font_digest(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


@lru_cache(maxsize=64)
def _subset(path: Path, chars: str) -> bytes:
    """The font at `path` reduced to `chars`."""
    from io import BytesIO

    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.name_IDs = ["*"]  # keep the copyright and licence strings (OFL)
    options.hinting = False  # e-readers do not use TrueType hints; halves the size
    options.notdef_outline = True
    with TTFont(path, recalcTimestamp=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=chars)
        subsetter.subset(font)
        out = BytesIO()
        font.save(out)
    return out.getvalue()


def _instance(variable: bytes, weight: int) -> bytes:
    """The variable font `variable` as a static one: `weight`, every other axis at its default."""
    from io import BytesIO

    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    with TTFont(BytesIO(variable), recalcTimestamp=False) as font:
        axes = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes} | {"wght": weight}
        static = instancer.instantiateVariableFont(font, axes, updateFontNames=True)
        out = BytesIO()
        static.save(out)
    return out.getvalue()
