"""Pages assembled from the fragments of a document's translations (`fragments.Part`): the HTML
page WeasyPrint lays out (sequential sections, or the parallel table of aligned pairs), and the
colophon and draft mark that every edition carries."""

from __future__ import annotations

import datetime as dt
import html

from kzpublish import __version__
from kzpublish.align import Pair
from kzpublish.document import Document
from kzpublish.i18n import DRAFT, LANGUAGES
from kzpublish.pandoc_ast import plain
from kzpublish.provenance import UNTRACKED, Provenance
from kzpublish.render.fragments import Part


def document_title(parts: tuple[Part, ...]) -> str:
    """The title of a whole edition: each translation's, joined."""
    return " / ".join(dict.fromkeys(p.title for p in parts))


def running_head(text: str, max_chars: int) -> str:
    """A running head fits on one line: a long one is cut at a word, with an ellipsis."""
    if len(text) <= max_chars:
        return text
    return text[:max_chars - 1].rsplit(" ", 1)[0].rstrip(",;:—– ") + "…"


def _head_div(text: str, bookmark: str | None = None) -> str:
    e = html.escape
    mark = f' data-bookmark="{e(bookmark)}"' if bookmark else ""
    return f'<div class="running-head" data-running-head="{e(text)}"{mark}></div>\n'


def colophon_html(doc: Document, parts: tuple[Part, ...], prov: Provenance) -> str:
    """Title, version, commit, date of the commit and languages, in each language of the document."""
    e = html.escape
    langs = ", ".join(doc.langs)
    lines = [f'<p class="colophon-title">{e(document_title(parts))}</p>']
    for lang in doc.langs:
        version, commit, date, languages = LANGUAGES[lang].colophon
        fields = [f"{version}: {prov.version}", f"{commit}: {prov.commit[:12] if prov.commit else '—'}",
                  f"{date}: {prov.date.date().isoformat() if prov.date else '—'}", f"{languages}: {langs}"]
        lines.append(f'<p lang="{lang}">{e(" · ".join(fields))}</p>')
    if prov.draft:
        lines.append(f'<p class="draft">{draft_text(doc)}</p>')
    return '<div class="colophon">\n' + "\n".join(lines) + "\n</div>\n"


def draft_text(doc: Document) -> str:
    """`DRAFT — uncommitted changes`, and the same in each language of the document, as HTML."""
    e = html.escape
    return " · ".join([e(DRAFT)] + [f'<span lang="{lang}">{e(LANGUAGES[lang].draft)}</span>' for lang in doc.langs])


def print_html(doc: Document, parts: tuple[Part, ...], pairs: tuple[Pair, ...] | None = None,
               head_chars: int = 90, prov: Provenance = UNTRACKED, stamp: dt.datetime | None = None) -> str:
    """The complete HTML page that WeasyPrint lays out: metadata in <head>, then either one
    <section> per translation (sequential), or, given the aligned `pairs` of two translations,
    one table with a row per pair (parallel). Every part carries its language."""
    if pairs is not None and len(parts) == 2:
        return _page(doc, parts, "parallel", _parallel(parts, pairs, head_chars), prov, stamp)
    return _page(doc, parts, "sequential", "\n".join(_section(p, head_chars) for p in parts), prov, stamp)


def translation_pages(doc: Document, parts: tuple[Part, ...], head_chars: int = 90, prov: Provenance = UNTRACKED,
                      stamp: dt.datetime | None = None) -> tuple[str, ...]:
    """The sequential page (`print_html`) cut into a page per translation, each with the whole
    page's <head> and draft mark, the last with the colophon: laid out apart and joined, they
    make the same edition (`render.translations`). In the whole page, a translation but the
    first starts after a page break, in a <body> begun pages before, and one but the last ends
    before the break: that side of <html> and <body> (WeasyPrint gives <body> an 8px margin) is
    cut off, as a page break cuts it."""
    last = len(parts) - 1
    return tuple(_page(doc, parts, "sequential", _section(p, head_chars), prov, stamp, colophon=n == last,
                       cut=" ".join(f"margin-{side}: 0; padding-{side}: 0; border-{side}: none;"
                                    for side, cuts in (("top", n > 0), ("bottom", n < last)) if cuts))
                 for n, p in enumerate(parts))


def _section(part: Part, head_chars: int) -> str:
    return (f'<section class="translation" id="{part.lang}" lang="{part.lang}">\n'
            f"{_head_div(running_head(part.running_head, head_chars))}{part.title_html}"
            + "".join(u.flow_html for u in part.units) + "</section>")


def _page(doc: Document, parts: tuple[Part, ...], layout: str, body: str, prov: Provenance,
          stamp: dt.datetime | None, colophon: bool = True, cut: str = "") -> str:
    e = html.escape
    style = f' style="{cut}"' if cut else ""
    head = [
        '<meta charset="utf-8">',
        f"<title>{e(document_title(parts))}</title>",
        f'<meta name="generator" content="kzpublish {__version__}">',
    ]
    if doc.tags:
        head.append(f'<meta name="keywords" content="{e(", ".join(doc.tags))}">')
    head += [f'<meta name="author" content="{e(a)}">' for a in doc.authors]
    if doc.date:
        head.append(f'<meta name="dcterms.created" content="{doc.date.date.isoformat()}">')
    elif stamp:  # never left empty: WeasyPrint would date a PDF/X with the clock
        head.append(f'<meta name="dcterms.created" content="{stamp.strftime("%Y-%m-%dT%H:%M:%SZ")}">')
    if stamp:
        head.append(f'<meta name="dcterms.modified" content="{stamp.strftime("%Y-%m-%dT%H:%M:%SZ")}">')
    if prov.draft:
        head.append(f'<meta name="description" content="{e(DRAFT)}">')
    return (
        f'<!DOCTYPE html>\n<html lang="{doc.primary.lang}"{style}>\n<head>\n'
        + "\n".join(head)
        + f'\n</head>\n<body class="edition {layout}" data-slug="{e(doc.slug)}" data-version="{e(prov.version)}"{style}>\n'
        + (f'<div class="draft-mark">{draft_text(doc)}</div>\n' if prov.draft else "")
        + body
        + "\n" + (colophon_html(doc, parts, prov) if colophon else "")
        + "</body>\n</html>\n"
    )


def _parallel(parts: tuple[Part, ...], pairs: tuple[Pair, ...], head_chars: int) -> str:
    """Two columns, a row per aligned pair, so each pair starts at the same height; the table
    head, repeated on every page, names the languages. The PDF outline follows the first
    column, under one entry titled in both languages."""
    e = html.escape
    left, right = parts
    both = " / ".join(dict.fromkeys(p.running_head for p in parts))
    running = both if len(both) <= head_chars else running_head(left.running_head, head_chars)
    bookmark = " / ".join(dict.fromkeys(plain(p.running_head) for p in parts))

    def cell(part: Part, indices: tuple[int, ...], content: str | None = None) -> str:
        inner = content if content is not None else "".join(part.units[i].html for i in indices)
        return f'<td lang="{part.lang}">{inner}</td>'

    rows = [f'<tr class="pair titles">{cell(left, (), left.title_html)}{cell(right, (), right.title_html)}</tr>']
    held: list[Pair] = []  # heading pairs, set in the row of the pair they head
    for n, pair in enumerate(pairs, 1):
        if _headings_only(parts, pair) and n < len(pairs):
            held.append(pair)
            continue
        group = (*held, pair)
        rows.append(f'<tr class="pair" id="pair-{n - len(held)}">'
                    f'{cell(left, tuple(i for p in group for i in p.left))}'
                    f'{cell(right, tuple(i for p in group for i in p.right))}</tr>')
        held = []
    return (
        _head_div(running, bookmark)
        + '<table class="parallel">\n'
        f'<colgroup><col class="{left.lang}"><col class="{right.lang}"></colgroup>\n'
        f'<thead><tr><th lang="{left.lang}">{e(LANGUAGES[left.lang].name)}</th>'
        f'<th lang="{right.lang}">{e(LANGUAGES[right.lang].name)}</th></tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table>"
    )


def _headings_only(parts: tuple[Part, ...], pair: Pair) -> bool:
    """A pair of headings shares the row of the pair after it, so that no page or column ends
    with a heading: a cell breaks only where its blocks allow (`break-after: avoid`)."""
    return all(part.units[i].kind == "heading" for part, side in zip(parts, (pair.left, pair.right)) for i in side) \
        and bool(pair.left or pair.right)
