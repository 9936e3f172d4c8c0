"""WeasyPrint, with render/hyphen_limits.py: a print HTML page and stylesheets → PDF bytes.

Resources come only from the project folder and the font packages, through `ProjectFetcher`:
no network, no file outside. WeasyPrint's own warnings are passed on, named after the document.
"""

from __future__ import annotations

import base64
import ctypes.util
import hashlib
import io
import logging
import re
import sys
import uuid
from contextlib import contextmanager
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit


@contextmanager
def _libraries_from_the_linker_cache():
    """WeasyPrint looks for each of its C libraries (Pango, HarfBuzz, fontconfig…) under several
    names through `ctypes.util.find_library`, which on Linux runs gcc and ld for each name it
    does not find: about a quarter of a second at every start. While WeasyPrint loads, names are
    looked up in the dynamic linker's cache alone (`ldconfig -p`); the names WeasyPrint tries
    after those are file names (`libpango-1.0.so.0`) that the dynamic linker finds by itself."""
    cache_only = getattr(ctypes.util, "_findSoname_ldconfig", None)
    if not sys.platform.startswith("linux") or cache_only is None:
        yield
        return
    find_library = ctypes.util.find_library
    ctypes.util.find_library = cache_only
    try:
        yield
    finally:
        ctypes.util.find_library = find_library


with _libraries_from_the_linker_cache():
    from weasyprint import CSS, HTML
    from weasyprint import html as weasy_html
    from weasyprint import layout as weasy_layout
    from weasyprint.css.counters import CounterStyle
    from weasyprint.pdf import metadata as weasy_metadata
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse, path2url

from kzpublish.config import Paper
from kzpublish.editions import BLEED_MM, SLUG_MM, PdfOptions
from kzpublish.errors import KzError, RenderError, SourceLocation, engine_failure
from kzpublish.fonts import fallback_css, fallback_font, fallbacks_for, font_dirs, font_face_css
from kzpublish.hyphenation import register as register_hyphenation
from kzpublish.icc import check_output_profile
from kzpublish.messages import _
from kzpublish.render import hyphen_limits, linebreaks
from kzpublish.render.css_scan import lean
from kzpublish.safety import IMAGE_TYPES

log = logging.getLogger("kzpublish")
CSS_POSITION = re.compile(r" at (\d+):(\d+)")


class RefusedResource(FatalURLFetchingError):
    """A URL outside the project: rendering stops."""


class ProjectFetcher(URLFetcher):
    """Serves the checked images, `file:` URLs inside the allowed folders and `data:` URLs;
    refuses everything else."""

    def __init__(self, allowed: tuple[Path, ...], root: Path | None = None, images: dict[str, Path] | None = None):
        super().__init__(allowed_protocols=("file", "data"))
        self.allowed = tuple(p.resolve() for p in allowed)
        self.images = {(root.resolve() / key): path for key, path in (images or {}).items()} if root else {}

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path))
            if path in self.images:
                return URLFetcherResponse(url, self.images[path].read_bytes(), {"Content-Type": _image_type(path)})
            path = path.resolve()
            if not any(path.is_relative_to(root) for root in self.allowed):
                raise RefusedResource(_("refused {url}: it is outside the project").format(url=url))
        elif scheme != "data":
            raise RefusedResource(_("refused {url}: documents may not use the network").format(url=url))
        return super().fetch(url, headers)


UNIVERSAL_PSEUDO = {"::marker {": "li::marker, summary::marker {", "::footnote-call {": None,
                    "::footnote-marker {": None, "::note-call {": None, "::note-marker {": None,
                    "::note-callback {": None}
"""Rules of WeasyPrint's HTML stylesheet (html5_ua.css) for a pseudo-element of every element,
and what they become when a page does not need them (None: dropped). WeasyPrint computes a style
for each pseudo-element of each element and keeps them until the PDF is written: about 50 MiB of
the 360 MiB a 330-page document's layout holds. Markers are then styled only on list items
(another element made a list item still gets its marker, in its parent's style)."""
class LeanHTML(HTML):
    """An HTML document laid out with `_lean_ua()` in place of WeasyPrint's HTML stylesheet."""

    def _ua_stylesheets(self, forms=False):
        return [_lean_ua(), *super()._ua_stylesheets(forms)[1:]]


@cache
def _lean_ua() -> CSS:
    lines = weasy_html.UA.split("\n")
    for rule, replacement in UNIVERSAL_PSEUDO.items():
        found = [n for n, line in enumerate(lines) if line.startswith(rule)]
        if len(found) != 1 or not lines[found[0]].rstrip().endswith("}"):
            raise RuntimeError(f"WeasyPrint's HTML stylesheet has no one-line rule {rule}…}}: not WeasyPrint 70?")
        lines[found[0]] = lines[found[0]].replace(rule, replacement, 1) if replacement else ""
    # Its counter styles are WeasyPrint's own already (`HTML._ua_counter_style`): parsed into
    # WeasyPrint's dictionary again, `disc` and `decimal` would be refused as taken.
    return CSS(string="\n".join(lines), counter_style=CounterStyle())


def _image_type(path: Path) -> str:
    return IMAGE_TYPES.get(path.suffix.lower(), "application/octet-stream")


JUSTIFY_EM = 45
"""Columns narrower than this many ems are set ragged right, with hyphens only where a line would
end more than 12% short: justified, they get word spaces wider than pagecheck's loose-line
threshold (figures in README, "Page quality", measured with bench/pages_bench.py)."""


def _column_ems(text_mm: float, size_pt: float, parallel: bool) -> float:
    """The width of a column of text in ems of its font: the text width, or half of it less the
    gutter (1.1em on each side of the rule, in the table's 0.92em text) side by side."""
    em_mm = size_pt * 25.4 / 72 * (0.92 if parallel else 1)
    return (text_mm / 2 / em_mm - 1.1) if parallel else text_mm / em_mm


def page_css(paper: Paper, bleed: bool = False, registration: bool = False) -> str:
    """Page size, margins and base font size for a paper size; the project stylesheet does the rest."""
    side = round(paper.width * 0.11)
    top = round(paper.height * 0.075)
    bottom = round(paper.height * 0.085)
    size = "10pt" if paper.width < 170 else "11pt"
    css = (
        f"@page {{ size: {paper.width:g}mm {paper.height:g}mm; "
        f"margin: {top}mm {side}mm {bottom}mm {side}mm; }}\n"
        f"html {{ font-size: {size}; }}\n"
    )
    ragged = "text-align: left; hyphenate-limit-zone: 12%;"
    if _column_ems(paper.width - 2 * side, float(size[:-2]), parallel=True) < JUSTIFY_EM:
        css += f"table.parallel > tbody > tr > td {{ {ragged} }}\n"
    if _column_ems(paper.width - 2 * side, float(size[:-2]), parallel=False) < JUSTIFY_EM:
        css += f"body.sequential {{ {ragged} }}\n"
    # In the top margin, above the running head; on one line, reaching into the side margins.
    css += (f"html .draft-mark {{ top: -{top - 5}mm; left: -{side - 8}mm; right: -{side - 8}mm; "
            f"font-size: {'6pt' if paper.width < 170 else '7pt'}; }}\n")
    if bleed:
        # The CSS bleed reaches to the edge of the sheet: bleed and slug area. WeasyPrint draws
        # the crop marks in its outer half, outside the 3 mm the print shop may cut into; the
        # PDF's BleedBox is set to those 3 mm afterwards (`_bleed_box`).
        marks = "crop cross" if registration else "crop"
        css += (f"@page {{ bleed: {BLEED_MM + SLUG_MM}mm; marks: {marks}; "
                f"@bottom-left {{ content: string(running-head) \" · \" string(version) \" · \" counter(page); "
                f"margin-bottom: -{BLEED_MM + SLUG_MM / 2 + 1}mm; padding-left: {SLUG_MM}mm; white-space: nowrap; "
                "vertical-align: bottom; font-family: \"PT Sans\"; font-size: 6pt; color: black; } }\n"
                "body { string-set: version attr(data-version); }\n")
    return css


def write_pdf(page: str, stylesheet: Path | None, options: PdfOptions | Paper, root: Path,
              loc: SourceLocation | None, images: dict[str, Path] | None = None,
              first_page: int | Callable[[], int] = 1, laid_out: Callable[[int], None] | None = None) -> bytes:
    """Lay out `page` (HTML) with the font faces, the page size and `stylesheet` (None: the page
    carries its own style); return the PDF. Its pages are numbered from `first_page`: a number, or
    a function that tells it once the body is laid out (`_numbered_from`). `laid_out` is told the
    page count as soon as it is known, before the PDF is written."""
    if isinstance(options, Paper):
        options = PdfOptions(options)
    paper = options.paper
    register_hyphenation()  # WeasyPrint hyphenates `lang="kk"` with kzpublish's Kazakh patterns
    profile_dirs = [options.output_profile.parent] if options.output_profile else []
    fetcher = ProjectFetcher((root, *([stylesheet.parent] if stylesheet else []), *font_dirs(), *profile_dirs),
                             root, images)
    fonts, sheets = _styles(stylesheet, options, fetcher, root, _fallback_faces(page, options))
    profiles: dict = {}
    if options.output_profile:
        if not options.output_profile.is_file():
            raise RenderError(_("the print edition needs a CMYK printer profile, and {path} is missing").format(
                              path=options.output_profile), loc,
                              hint=_("install Ghostscript's colour profiles (Debian: libgs-common, Fedora: ghostscript), "
                                     "or name another .icc file with `print-profile` in [tool.kzpublish]"))
        check_output_profile(options.output_profile, loc)
        sheets = [*sheets, CSS(string=f'@color-profile device-cmyk {{ src: url("{options.output_profile.as_uri()}"); components: cyan, magenta, yellow, black }}',
                               font_config=fonts, url_fetcher=fetcher, color_profiles=profiles)]
    style = stylesheet.read_text("utf-8") if stylesheet else ""
    identifier = hashlib.sha256((options.seed + page + style + page_css(paper, options.bleed, options.registration_marks)).encode()).hexdigest()
    try:
        with _weasyprint_warnings(loc), _fixed_uuid(uuid.UUID(identifier[:32])), _numbered_from(first_page):
            html = (LeanHTML if lean(page, style) else HTML)(string=page, base_url=str(root) + "/", url_fetcher=fetcher)
            settings = dict(stylesheets=sheets, pdf_identifier=identifier[:32].encode(),
                            pdf_variant=options.variant, full_fonts=options.full_fonts)
            document = _laid_out(html, fonts, profiles, settings)
            if laid_out:
                laid_out(len(document.pages))
            data = document.write_pdf(finisher=_bleed_box if options.bleed else None, **settings)
    except RefusedResource as e:
        raise RenderError(str(e), loc, hint=_("copy the file into the document's folder and link it by "
                                              "a relative path")) from e
    except KzError:
        raise
    except (MemoryError, RecursionError) as e:
        raise RenderError(_("the document is too large or too deeply nested to lay out ({kind})").format(
            kind=type(e).__name__), loc,
                          hint=_("split it, or nest less deeply")) from e
    except Exception as e:  # noqa: BLE001 — a WeasyPrint bug: this document fails, the others build
        raise engine_failure("WeasyPrint", e, loc) from e
    if options.output_profile and not _has_output_intent(data):
        raise RenderError(_("WeasyPrint made a PDF/X without its output intent: it is not shipped"), loc,
                          hint=_("check print-profile in [tool.kzpublish]"))
    return data


_FIRST_PAGE: list[Callable[[], int]] = []
"""The number the page being laid out starts from, asked for when its margin boxes are made."""


@contextmanager
def _numbered_from(first: int | Callable[[], int]):
    """Pages numbered from `first`. WeasyPrint lays out every page's body first and makes the
    margin boxes (running heads, page numbers) last (`weasyprint.layout.layout_document`): so a
    translation laid out apart can be numbered once the translations before it are laid out
    (render/translations.py), and nothing but its page numbers depends on where it starts."""
    if first == 1:
        yield
        return
    _FIRST_PAGE.append(cache(first if callable(first) else lambda: first))
    try:
        yield
    finally:
        _FIRST_PAGE.pop()


def _margin_boxes_numbered(context, page, state):
    """`weasyprint.layout.make_margin_boxes`, for the first page of a layout with another first
    number first adding it, less one, to every page's `page` counter."""
    if _FIRST_PAGE and not getattr(context, "kzpublish_numbered", False):
        context.kzpublish_numbered = True
        shift = _FIRST_PAGE[-1]() - 1
        counters = {id(entry[3][1]): entry[3][1] for entry in context.page_maker}
        for values in counters.values():
            if "page" in values:
                values["page"] = [number + shift for number in values["page"]]
    return _MAKE_MARGIN_BOXES(context, page, state)


_MAKE_MARGIN_BOXES = weasy_layout.make_margin_boxes
weasy_layout.make_margin_boxes = _margin_boxes_numbered


def _has_output_intent(data: bytes) -> bool:
    import io

    import pypdf

    return bool(pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"].get("/OutputIntents"))


def _fallback_faces(page: str, options: PdfOptions) -> str:
    """`@font-face` rules for the fallback faces the characters of `page` need (see fonts.py),
    with the fonts inside as `data:` URLs; empty when the PT faces have every character. In the
    print edition too these are cut down to the characters of the page: it embeds whole fonts,
    and a fallback face is whole for its document."""
    def url(face) -> str:
        return "data:font/ttf;base64," + base64.b64encode(fallback_font(face, page, options.font_cache)).decode("ascii")

    # WeasyPrint names the fonts of a PDF by family, weight, style and stretch: declared with the
    # same four as the PT face, a fallback face would be taken for it, and its glyphs drawn from
    # the PT font. A stretch of its own (one per place in the chain) keeps it apart; fontconfig still puts the PT face, of the
    # stretch asked for, first.
    return fallback_css(fallbacks_for(page), url, stretches=("semi-expanded", "expanded"))


def _bleed_box(document, pdf) -> None:
    """The BleedBox of every page: the trim box and the 3 mm bleed (WeasyPrint would put it
    anywhere up to 10 points out, or at the edge of the sheet)."""
    out = BLEED_MM * 72 / 25.4
    for number in pdf.pages["Kids"][::3]:
        page = pdf.objects[number]
        left, top, right, bottom = page["TrimBox"]
        page["BleedBox"] = type(page["TrimBox"])([left - out, top - out, right + out, bottom + out])


def _laid_out(html: HTML, fonts: FontConfiguration, profiles: dict, settings: dict):
    """The document laid out, then again while a word is hyphenated across a page or column
    break, ends a third hyphenated line in a row, or leaves only its end on a paragraph's last
    line: each such word is kept whole (`linebreaks`). WeasyPrint's line breaker is taught to avoid
    most of these as it goes (`hyphen_limits`)."""
    hyphen_limits.install()
    return linebreaks.laid_out(lambda: html.render(font_config=fonts, color_profiles=profiles, **settings))


_STYLES: dict[tuple, tuple[FontConfiguration, list[CSS], list[str]]] = {}


def _styles(stylesheet: Path | None, options: PdfOptions, fetcher: URLFetcher,
            root: Path, fallbacks: str = "") -> tuple[FontConfiguration, list[CSS]]:
    """The font faces, the page CSS and the stylesheet, parsed, with the fonts loaded (about a
    twentieth of a second); kept for the next document laid out with the same ones in this
    process (the next of a build, of a watch, or of a release). WeasyPrint's warnings about them
    are told again for every document, as if they were parsed anew. (A printer profile is read
    for each document: WeasyPrint keeps state in it.)"""
    text = stylesheet.read_bytes() if stylesheet else b""
    key = (stylesheet, text, options.paper, options.bleed, options.registration_marks,
           hashlib.sha256(fallbacks.encode()).digest())
    if key not in _STYLES:
        if len(_STYLES) >= 4:  # a watch whose stylesheet keeps changing
            _STYLES.clear()
        _STYLES[key] = _parse_styles(stylesheet, text, options, fetcher, root, fallbacks)
    fonts, sheets, warnings = _STYLES[key]
    for warning in warnings:
        log.warning("%s", warning)
    return fonts, sheets


def _parse_styles(stylesheet: Path | None, text: bytes, options: PdfOptions, fetcher: URLFetcher,
                  root: Path, fallbacks: str) -> tuple[FontConfiguration, list[CSS], list[str]]:
    fonts = FontConfiguration()
    warnings: list[str] = []
    with _weasyprint_warnings(SourceLocation("kzpublish's font faces and page setup"), warnings):
        sheets = [
            CSS(string=font_face_css(lambda face: face.path.as_uri()) + fallbacks, font_config=fonts,
                url_fetcher=fetcher),
            CSS(string=page_css(options.paper, options.bleed, options.registration_marks), font_config=fonts,
                url_fetcher=fetcher),
        ]
    if stylesheet:
        with _weasyprint_warnings(_place(stylesheet, root), warnings, stylesheet=True):
            sheets.append(CSS(file_obj=io.BytesIO(text), base_url=path2url(str(stylesheet)), font_config=fonts,
                              url_fetcher=fetcher))
    return fonts, sheets, warnings


def _place(stylesheet: Path, root: Path) -> SourceLocation:
    """Where WeasyPrint's messages about a stylesheet point: its path in the project (or its
    name, for kzpublish's own)."""
    path = stylesheet.resolve()
    return SourceLocation(path.relative_to(root.resolve()).as_posix() if path.is_relative_to(root.resolve())
                          else f"kzpublish's {path.name}")


@contextmanager
def _fixed_uuid(value: uuid.UUID):
    """WeasyPrint gives a PDF/X a random XMP DocumentID (uuid4); ours derives from the content,
    so the same input gives the same bytes."""
    original = weasy_metadata.uuid4
    weasy_metadata.uuid4 = lambda: value
    try:
        yield
    finally:
        weasy_metadata.uuid4 = original


@contextmanager
def _weasyprint_warnings(loc: SourceLocation | None, into: list[str] | None = None, stylesheet: bool = False):
    """Re-log WeasyPrint's warnings and errors as kzpublish warnings about this document, or keep
    them `into` a list. About a `stylesheet`, WeasyPrint's "at LINE:COLUMN" becomes the location."""
    weasy = logging.getLogger("weasyprint")
    told: set[str] = set()  # a document laid out more than once (`_laid_out`) tells each warning once

    class Forward(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message, where = record.getMessage(), loc
            if message in told:
                return
            told.add(message)
            if stylesheet and where and (at := CSS_POSITION.search(message)):
                where = replace(where, line=int(at[1]), column=int(at[2]))
                message = message[:at.start()] + message[at.end():]
            if into is None:
                log.warning("%s: weasyprint: %s", where, message)
            else:
                into.append(f"{where}: weasyprint: {message}")

    handler = Forward(level=logging.WARNING)
    weasy.addHandler(handler)
    try:
        yield
    finally:
        weasy.removeHandler(handler)
