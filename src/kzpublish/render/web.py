"""The web edition: one self-contained HTML page per document (style, fonts and images inside, no
script, no request to anything else), for reading in any browser.

Two translations are set as aligned pairs: side by side on a wide screen (a grid row per pair,
so each pair starts at the same height), one under the other on a narrow one. A switch at the
top shows both, or one language alone, with the CSS `:target` rule (no JavaScript): the page is
wrapped in `#only-ru` and `#only-kk`, and linking to either hides the other language. Every
block carries a small link to its counterpart. The text is the same typeset text as the EPUB's,
with the same soft hyphens (browsers know no Kazakh hyphenation; the patterns are kzpublish's).
"""

from __future__ import annotations

import html
from pathlib import Path

from kzpublish.align import Pair
from kzpublish.document import Document
from kzpublish.fonts import embedded_font_css
from kzpublish.i18n import LANGUAGES
from kzpublish.provenance import Provenance
from kzpublish.render.counterparts import counterparts
from kzpublish.render.fragments import Part
from kzpublish.render.page import colophon_html, document_title, draft_text
from kzpublish.images import inline_images

e = html.escape
BOTH = {"ru": "Оба языка", "kk": "Екі тіл"}


def write_web(doc: Document, parts: tuple[Part, ...], stylesheet: Path, pairs: tuple[Pair, ...] | None,
              prov: Provenance, font_cache: Path | None = None) -> bytes:
    """The page of `doc`; `font_cache`: where font subsets are kept between builds."""
    links = counterparts(parts, pairs) if pairs is not None and len(parts) == 2 else {}
    if links:
        body = _parallel(parts, pairs, links)
    else:
        body = "".join(f'<section class="translation" lang="{p.lang}">{_title(p)}'
                       + "".join(_unit(p, u, None) for u in p.units) + "</section>\n" for p in parts)
    draft = f'<p class="draft-mark">{draft_text(doc)}</p>\n' if prov.draft else ""
    colophon = colophon_html(doc, parts, prov)
    text = body + colophon
    images = {k: v for p in parts for k, v in p.images.items()}
    body = inline_images(body, images)
    page = (
        f'<!DOCTYPE html>\n<html lang="{doc.primary.lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(document_title(parts))}</title>\n"
        f"<style>\n{embedded_font_css(text + draft, cache=font_cache)}{stylesheet.read_text('utf-8')}</style>\n</head>\n<body>\n"
        '<div id="only-ru"><div id="only-kk">\n'
        f"{_switch(parts)}{draft}<main>\n{body}</main>\n<footer>{colophon}</footer>\n"
        "</div></div>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


def _switch(parts: tuple[Part, ...]) -> str:
    if len(parts) < 2:
        return ""
    first = parts[0].lang
    links = [f'<a href="#" lang="{first}">{e(BOTH.get(first, "ru · kk"))}</a>']
    links += [f'<a href="#only-{p.lang}" hreflang="{p.lang}" lang="{p.lang}">{e(LANGUAGES[p.lang].name)}</a>' for p in parts]
    return f'<nav class="switch" aria-label="{e(" / ".join(LANGUAGES[p.lang].name for p in parts))}">{" ".join(links)}</nav>\n'


def _title(part: Part) -> str:
    return part.reader_title_html or part.title_html


def _unit(part: Part, unit, link: tuple[str, str] | None) -> str:
    content = unit.reader_html or unit.html
    if not link:
        return content
    lang, target = link
    anchor = (f'<a class="counterpart" href="#{target}" hreflang="{lang}" lang="{lang}" '
              f'title="{e(LANGUAGES[lang].name)}">{e(LANGUAGES[lang].short)}</a>')
    end = content.index(">") + 1  # first inside the unit's div
    return content[:end] + anchor + content[end:]


def _parallel(parts: tuple[Part, ...], pairs: tuple[Pair, ...], links: dict[str, tuple[str, str]]) -> str:
    left, right = parts

    def cell(part: Part, indices: tuple[int, ...], content: str | None = None) -> str:
        inner = content if content is not None else "".join(_unit(part, part.units[i], links.get(part.units[i].ident))
                                                            for i in indices)
        return f'<div class="col" lang="{part.lang}">{inner}</div>'

    rows = [f'<div class="pair titles">{cell(left, (), _title(left))}{cell(right, (), _title(right))}</div>']
    rows += [f'<div class="pair" id="pair-{n}">{cell(left, p.left)}{cell(right, p.right)}</div>'
             for n, p in enumerate(pairs, 1)]
    return '<div class="parallel">\n' + "\n".join(rows) + "\n</div>\n"
