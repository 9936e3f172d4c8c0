"""The only ebooklib import: the HTML parts of a document → EPUB 3 bytes.

One chapter per translation (with `lang` and `xml:lang`), a nav document, the text and heading
fonts embedded as subsets (with their fallback faces, when the text needs them), a `dc:language` per language, and an identifier derived from the
slug. The zip is normalised (fixed entry times, fixed order) so the same input gives the same
bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import uuid
import zipfile
from pathlib import Path

from ebooklib import epub

from kzpublish.align import Pair
from kzpublish.document import Document
from kzpublish.errors import engine_failure
from kzpublish.fonts import fallback_css, fallback_font, fallbacks_for, font_face_css, font_faces, subset_font
from kzpublish.i18n import DRAFT, LANGUAGES
from kzpublish.provenance import UNTRACKED, Provenance
from kzpublish.safety import IMAGE_TYPES
from kzpublish.render.counterparts import counterparts
from kzpublish.render.fragments import Part
from kzpublish.render.page import colophon_html, document_title, draft_text

NAMESPACE = uuid.UUID("6f1c7d0e-5a7b-4f3e-9a51-6b7a2d0c4e11")
"""kzpublish's own UUID namespace: identifiers depend only on the slug."""


def identifier(slug: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, slug)}"


def chapter_name(lang: str) -> str:
    return f"{lang}.xhtml"


def write_epub(doc: Document, parts: tuple[Part, ...], stylesheet: Path, modified: dt.datetime,
               pairs: tuple[Pair, ...] | None = None, prov: Provenance = UNTRACKED,
               font_cache: Path | None = None) -> bytes:
    """Build the EPUB of `doc` from its rendered parts; `modified` is its dcterms:modified. With
    the aligned `pairs` of two translations, each block links to its counterpart and back."""
    book = epub.EpubBook()
    book.set_identifier(identifier(doc.slug))
    book.set_title(document_title(parts))
    book.set_language(doc.primary.lang)
    for lang in doc.langs[1:]:
        book.add_metadata("DC", "language", lang)
    for number, author in enumerate(doc.authors, 1):
        book.add_author(author, uid=f"creator-{number}")
    for tag in doc.tags:
        book.add_metadata("DC", "subject", tag)
    if doc.date:
        book.add_metadata("DC", "date", doc.date.date.isoformat())
    if prov.draft:
        book.add_metadata("DC", "description", DRAFT)

    chars = set("".join(p.reader_fragment or p.fragment for p in parts))  # once, not once a face
    for face in font_faces():
        book.add_item(epub.EpubItem(
            uid=f"font-{face.path.stem}", file_name=f"fonts/{face.filename}",
            media_type="font/ttf", content=subset_font(face, chars, font_cache),
        ))
    # What the PT faces lack, from their fallback faces, declared first: where unicode-range is
    # not understood, the faces declared last (PT) are still tried first.
    fallbacks = fallbacks_for(chars)
    for face in fallbacks:
        book.add_item(epub.EpubItem(
            uid=f"font-{face.filename.removesuffix('.ttf')}", file_name=f"fonts/{face.filename}",
            media_type="font/ttf", content=fallback_font(face, chars, font_cache),
        ))
    images = {k: v for p in parts for k, v in p.images.items()}
    for key, path in sorted(images.items()):
        book.add_item(epub.EpubItem(uid=f"img-{key.split('/')[-1].split('-')[0]}", file_name=key,
                                    media_type=IMAGE_TYPES[path.suffix.lower()], content=path.read_bytes()))
    css = epub.EpubItem(
        uid="style", file_name="style/edition.css", media_type="text/css",
        content=(fallback_css(fallbacks, lambda face: f"../fonts/{face.filename}")
                 + font_face_css(lambda face: f"../fonts/{face.filename}") + stylesheet.read_text("utf-8")).encode(),
    )
    book.add_item(css)

    links = counterpart_links(parts, pairs) if pairs is not None and len(parts) == 2 else {}
    chapters = []
    for n, part in enumerate(parts):
        chapter = epub.EpubHtml(
            uid=f"text-{part.lang}", title=part.running_head,
            file_name=chapter_name(part.lang), lang=part.lang,
        )
        body = (part.reader_title_html or part.title_html) + "".join(
            _with_link(u.reader_html or u.html, links.get(u.ident)) for u in part.units)
        if prov.draft:
            body = f'<p class="draft-mark">{draft_text(doc)}</p>' + body
        if n == len(parts) - 1:
            body += colophon_html(doc, parts, prov)
        chapter.content = f'<section class="translation" lang="{part.lang}">{body}</section>'
        chapter.add_item(css)
        book.add_item(chapter)
        chapters.append(chapter)

    book.toc = [_toc_entry(p) for p in parts]
    book.add_item(_Nav(nav_document(doc.primary.lang, parts)))
    book.add_item(epub.EpubNcx())
    book.spine = [*chapters]

    out = io.BytesIO()
    try:
        epub.write_epub(out, book, {"mtime": modified, "epub3_pages": False, "raise_exceptions": True})
    except Exception as e:  # noqa: BLE001 — ebooklib (or lxml under it) refused: this document fails alone
        raise engine_failure("ebooklib", e, doc.primary.source.loc()) from e
    return normalise_zip(out.getvalue(), modified)


def counterpart_links(parts: tuple[Part, ...], pairs: tuple[Pair, ...]) -> dict[str, str]:
    """Unit id → the link that leads to its counterpart in the other translation."""
    return {unit: f'<a class="counterpart" href="{chapter_name(lang)}#{target}" lang="{lang}" '
                  f'xml:lang="{lang}">{html.escape(LANGUAGES[lang].short)}</a>'
            for unit, (lang, target) in counterparts(parts, pairs).items()}


def _with_link(unit_html: str, link: str | None) -> str:
    """The link goes first inside the unit's div (the end of its opening tag is the first `>`)."""
    if not link:
        return unit_html
    end = unit_html.index(">") + 1
    return unit_html[:end] + link + unit_html[end:]


def _toc_entry(part: Part):
    href = chapter_name(part.lang)
    title, *body = part.headings
    label = html.unescape(title.text)
    if not body:
        return epub.Link(href, label, f"toc-{part.lang}")
    links = tuple(epub.Link(f"{href}#{h.ident}", h.text, f"toc-{h.ident}") for h in body)
    return (epub.Section(label, href), links)


class _Nav(epub.EpubHtml):
    """The EPUB 3 navigation document, written by kzpublish so each entry carries its language."""

    def __init__(self, content: str):
        super().__init__(uid="nav", file_name="nav.xhtml")
        self.properties = ["nav"]
        self.content = content

    def get_content(self, default=None) -> bytes:
        return self.content.encode("utf-8")

    def is_chapter(self) -> bool:
        return False


def nav_document(lang: str, parts: tuple[Part, ...]) -> str:
    e = html.escape
    title = e(LANGUAGES[lang].contents)
    items = []
    for part in parts:
        href = chapter_name(part.lang)
        top, *body = part.headings
        sub = "".join(f'<li><a href="{href}#{h.ident}">{e(h.text)}</a></li>' for h in body)
        items.append(
            f'<li lang="{part.lang}" xml:lang="{part.lang}"><a href="{href}">{e(top.text)}</a>'
            + (f"<ol>{sub}</ol>" if sub else "") + "</li>"
        )
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n<!DOCTYPE html>\n"
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{lang}" xml:lang="{lang}">\n'
        f"<head><title>{title}</title></head>\n<body>\n"
        f'<nav epub:type="toc" id="toc"><h1>{title}</h1><ol>{"".join(items)}</ol></nav>\n'
        "</body>\n</html>\n"
    )


def normalise_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same zip with every entry dated `when` and `mimetype` first, stored: same input,
    same bytes."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        names = src.namelist()
        for name in ["mimetype"] + [n for n in names if n != "mimetype"]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(name), compresslevel=9)
    return out.getvalue()
