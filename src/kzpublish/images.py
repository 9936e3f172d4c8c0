"""Images are checked before they are embedded (the only Pillow import): a raster image must
decode, be the type its name says, and have no more pixels than `limits.MAX_IMAGE_PIXELS`; an
SVG must be plain drawing — no script, no event handler, no external reference, no DOCTYPE or
entity — or it is refused (an SVG is a program as much as a picture)."""

from __future__ import annotations

import base64
import re
import warnings
from pathlib import Path

from kzpublish.errors import SourceError, SourceLocation
from kzpublish.limits import MAX_IMAGE_PIXELS
from kzpublish.messages import N_, _, grouped

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".svg": "image/svg+xml", ".webp": "image/webp"}
_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
_SVG_REFUSED = [
    (re.compile(r"<!DOCTYPE|<!ENTITY", re.I), N_("a DOCTYPE or entity declaration")),
    (re.compile(r"<\s*script", re.I), N_("a script")),
    (re.compile(r"<\s*foreignObject", re.I), N_("a foreignObject (HTML inside the drawing)")),
    (re.compile(r"\son[a-z]+\s*=", re.I), N_("an event handler")),
    (re.compile(r"""(?:href|src)\s*=\s*["']\s*(?!#)""", re.I), N_("a reference to another file or a URL")),
    (re.compile(r"url\(\s*['\"]?\s*(?!#)", re.I), N_("a reference to another file or a URL")),
    (re.compile(r"@import", re.I), N_("a stylesheet import")),
]


def check_image(path: Path, name: str, loc: SourceLocation) -> None:
    """An error at `loc` (where the source names the image) unless the file is a sound image."""
    if path.suffix.lower() == ".svg":
        _check_svg(path, name, loc)
    else:
        _check_raster(path, name, loc)


def _check_svg(path: Path, name: str, loc: SourceLocation) -> None:
    hint = _("export the drawing as plain SVG (or PNG) without scripts, links or embedded files")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(_("image {name!r} is not a UTF-8 SVG file").format(name=name), loc, hint=hint) from None
    if "<svg" not in text:
        raise SourceError(_("image {name!r} is not an SVG drawing").format(name=name), loc, hint=hint)
    for pattern, what in _SVG_REFUSED:
        if pattern.search(text):
            raise SourceError(_("image {name!r} holds {what}: refused").format(name=name, what=_(what)), loc, hint=hint)


def _check_raster(path: Path, name: str, loc: SourceLocation) -> None:
    from PIL import Image, UnidentifiedImageError

    expected = _FORMATS[path.suffix.lower()]
    hint = _("open the image in an editor and save it again in the type its name says")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format != expected:
                    raise SourceError(_("image {name!r} is a {format} file, not the {expected} its "
                                        "name says").format(name=name, format=image.format, expected=expected),
                                      loc, hint=_("rename it to match its type, or save it as "
                                                  "{expected}").format(expected=expected))
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise _too_large(name, width, height, loc)
                image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise SourceError(_("image {name!r} has more than {limit} pixels").format(
            name=name, limit=grouped(MAX_IMAGE_PIXELS)), loc,
                          hint=_("scale it down: print needs about 300 pixels per inch")) from None
    except UnidentifiedImageError:
        raise SourceError(_("image {name!r} is not a {expected} image (it cannot be read as one)").format(
            name=name, expected=expected), loc,
                          hint=hint) from None
    except (OSError, SyntaxError, ValueError) as e:
        raise SourceError(_("image {name!r} is broken: {error}").format(name=name, error=e), loc, hint=hint) from None


def _too_large(name: str, width: int, height: int, loc: SourceLocation) -> SourceError:
    return SourceError(_("image {name!r} is {width}×{height} pixels; the limit is {limit} pixels").format(
                       name=name, width=width, height=height, limit=grouped(MAX_IMAGE_PIXELS)), loc, hint=_("scale it down: print needs about 300 pixels "
                                                       "per inch"))


def inline_images(page: str, images: dict[str, Path]) -> str:
    """`page` (HTML) with each checked image (`images/<key>` → its file) inside it as a `data:`
    URL: for an edition that carries its images (the web page), or an engine that may read no
    file (pandoc, in its sandbox, writing the DOCX)."""
    def data_url(m: re.Match) -> str:
        path = images.get(m.group(2))
        if path is None:
            return m.group(0)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f'{m.group(1)}"data:{IMAGE_TYPES[path.suffix.lower()]};base64,{data}"'

    return re.sub(r'(<img[^>]*?\ssrc=)"([^"]+)"', data_url, page)
