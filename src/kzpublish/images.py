"""Images are checked before they are embedded (the only Pillow import): a raster image must
decode, be the type its name says, and have no more pixels than `limits.MAX_IMAGE_PIXELS`; an
SVG must be plain drawing — no script, no event handler, no external reference, no DOCTYPE or
entity — or it is refused (an SVG is a program as much as a picture)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from kzpublish.errors import SourceError, SourceLocation
from kzpublish.limits import MAX_IMAGE_PIXELS

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".svg": "image/svg+xml", ".webp": "image/webp"}
_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
_SVG_REFUSED = [
    (re.compile(r"<!DOCTYPE|<!ENTITY", re.I), "a DOCTYPE or entity declaration"),
    (re.compile(r"<\s*script", re.I), "a script"),
    (re.compile(r"<\s*foreignObject", re.I), "a foreignObject (HTML inside the drawing)"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an event handler"),
    (re.compile(r"""(?:href|src)\s*=\s*["']\s*(?!#)""", re.I), "a reference to another file or a URL"),
    (re.compile(r"url\(\s*['\"]?\s*(?!#)", re.I), "a reference to another file or a URL"),
    (re.compile(r"@import", re.I), "a stylesheet import"),
]


def check_image(path: Path, name: str, loc: SourceLocation) -> None:
    """An error at `loc` (where the source names the image) unless the file is a sound image."""
    if path.suffix.lower() == ".svg":
        _check_svg(path, name, loc)
    else:
        _check_raster(path, name, loc)


def _check_svg(path: Path, name: str, loc: SourceLocation) -> None:
    hint = "export the drawing as plain SVG (or PNG) without scripts, links or embedded files"
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(f"image {name!r} is not a UTF-8 SVG file", loc, hint=hint) from None
    if "<svg" not in text:
        raise SourceError(f"image {name!r} is not an SVG drawing", loc, hint=hint)
    for pattern, what in _SVG_REFUSED:
        if pattern.search(text):
            raise SourceError(f"image {name!r} holds {what}: refused", loc, hint=hint)


def _check_raster(path: Path, name: str, loc: SourceLocation) -> None:
    from PIL import Image, UnidentifiedImageError

    expected = _FORMATS[path.suffix.lower()]
    hint = "open the image in an editor and save it again in the type its name says"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format != expected:
                    raise SourceError(f"image {name!r} is a {image.format} file, not the {expected} its name says",
                                      loc, hint=f"rename it to match its type, or save it as {expected}")
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise _too_large(name, width, height, loc)
                image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise SourceError(f"image {name!r} has more than {MAX_IMAGE_PIXELS:,} pixels".replace(",", " "), loc,
                          hint="scale it down: print needs about 300 pixels per inch") from None
    except UnidentifiedImageError:
        raise SourceError(f"image {name!r} is not a {expected} image (it cannot be read as one)", loc,
                          hint=hint) from None
    except (OSError, SyntaxError, ValueError) as e:
        raise SourceError(f"image {name!r} is broken: {e}", loc, hint=hint) from None


def _too_large(name: str, width: int, height: int, loc: SourceLocation) -> SourceError:
    return SourceError(f"image {name!r} is {width}×{height} pixels; the limit is {MAX_IMAGE_PIXELS:,} pixels"
                       .replace(",", " "), loc, hint="scale it down: print needs about 300 pixels per inch")
