"""DOCX editions, for officials who work in Word: the very page the PDF is laid out from (title
blocks, the parallel table or the translations one after the other, the colophon), written by
pandoc (`kzpublish.pandoc`) with a reference document that gives it the editions' look, then
finished here.

kzpublish's reference document is pandoc's own, restyled here, for each paper size: PT Serif for
the text and PT Sans for headings (the theme's fonts, which every style uses), its styles named
as a Russian Word names them ("Обычный", "Основной текст", "Заголовок 1"…; Kazakh names as
aliases) under the style IDs pandoc asks for, Russian as the default language and automatic
hyphenation on, the page size and margins of the PDF, and a footer with the page number.
A project can give its own as `styles/reference.docx`.

Finishing the DOCX pandoc wrote: every run's language as Word knows it (`ru-RU`, `kk-KZ`); in
the sequential layout each translation starting on a new page; with kzpublish's own reference
document, that page starts a section of its own, with a running head (the title, in its
language; both titles side by side over the parallel table; none on a title's page), and the
fonts are embedded (`render/docx_fonts.py`); with a project's own, it is a plain page break.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kzpublish.config import Paper
from kzpublish.errors import SourceLocation
from kzpublish.fonts import HEADING_FAMILY, TEXT_FAMILY
from kzpublish.i18n import DRAFT
from kzpublish.images import inline_images
from kzpublish.pandoc import default_reference_docx
from kzpublish.pandoc import write_docx as pandoc_docx
from kzpublish.render.docx_fonts import embed_fonts

TWIPS_PER_MM = 1440 / 25.4
MARGIN_MM = 20
WORDML = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml."
FOOTER_ID = "rIdKzFooter"
FIRST_HEADER_ID = "rIdKzHeaderFirst"
SMALL_SANS = f'<w:rFonts w:ascii="{HEADING_FAMILY}" w:hAnsi="{HEADING_FAMILY}" w:cs="{HEADING_FAMILY}" /><w:sz w:val="18" />'
FOOTER = (
    f'{XML_HEAD}<w:ftr {WORDML}><w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
    f'<w:r><w:rPr>{SMALL_SANS}</w:rPr><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    "</w:p></w:ftr>"
)
EMPTY_HEADER = f"{XML_HEAD}<w:hdr {WORDML}><w:p /></w:hdr>"

WORD_LANGUAGES = {"ru": "ru-RU", "kk": "kk-KZ", "en": "en-GB"}
"""The languages as Word knows them (its proofing tools and hyphenation go by language and country)."""

STYLE_NAMES = {
    "Normal": ("Обычный", "Қалыпты"),
    "BodyText": ("Основной текст", "Негізгі мәтін"),
    "FirstParagraph": ("Первый абзац", None),
    "Compact": ("Компактный", None),
    "Title": ("Название", None),
    "TitleChar": ("Название Знак", None),
    "Subtitle": ("Подзаголовок", None),
    "SubtitleChar": ("Подзаголовок Знак", None),
    "Author": ("Автор", None),
    "Date": ("Дата", None),
    "AbstractTitle": ("Заголовок аннотации", None),
    "Abstract": ("Аннотация", None),
    "Bibliography": ("Список литературы", None),
    **{f"Heading{n}": (f"Заголовок {n}", f"Тақырып {n}") for n in range(1, 10)},
    **{f"Heading{n}Char": (f"Заголовок {n} Знак", None) for n in range(1, 10)},
    "BlockText": ("Текст блока", None),
    "FootnoteText": ("Текст сноски", None),
    "FootnoteBlockText": ("Текст блока сноски", None),
    "DefaultParagraphFont": ("Основной шрифт абзаца", None),
    "Table": ("Таблица", None),
    "DefinitionTerm": ("Термин", None),
    "Definition": ("Определение", None),
    "Caption": ("Название объекта", None),
    "TableCaption": ("Название таблицы", None),
    "ImageCaption": ("Название рисунка", None),
    "Figure": ("Рисунок", None),
    "CaptionedFigure": ("Рисунок с названием", None),
    "BodyTextChar": ("Основной текст Знак", None),
    "VerbatimChar": ("Код Знак", None),
    "SectionNumber": ("Номер раздела", None),
    "FootnoteReference": ("Знак сноски", None),
    "Hyperlink": ("Гиперссылка", None),
    "TOCHeading": ("Заголовок оглавления", None),
}
"""Per style ID that pandoc uses (it finds a style by its name, and failing that by the ID the name
gives: "Heading 1" → Heading1), the name a Russian Word gives the style, and the Kazakh one
kept as its alias (Word lists both). Their names in English are pandoc's; the Russian ones are
those of Word's Russian interface where it has the style, else translations of pandoc's."""


@dataclass(frozen=True)
class Section:
    """A stretch of the page with its own running head: a translation (sequential layout) or the
    parallel table."""

    start: str
    """The id of the HTML element it starts at (the bookmark pandoc makes of it); "" for the
    first."""
    head: tuple[tuple[str, str], ...]
    """The running head, as (language, text) pieces set apart by a tab."""


def write_docx(page: str, paper: Paper, loc: SourceLocation, stamp: dt.datetime, reference: Path | None = None,
               font_cache: Path | None = None, images: dict[str, Path] | None = None) -> bytes:
    """The DOCX of a page of kzpublish's HTML, dated `stamp`; `reference`: the project's own
    reference document (then the DOCX keeps its headers and fonts); `font_cache`: where font
    subsets are kept between builds; `images`: the checked images the page names (pandoc, in its
    sandbox, gets them inside the page)."""
    sections = page_sections(page)
    page = inline_images(page, images or {})
    if reference is not None:
        return finish(pandoc_docx(for_word(page), loc, reference, stamp), sections)
    with tempfile.NamedTemporaryFile(prefix="kzpublish-reference-", suffix=".docx") as f:
        f.write(reference_docx(paper))
        f.flush()
        return finish(pandoc_docx(for_word(page), loc, Path(f.name), stamp), sections, paper, font_cache)


def for_word(page: str) -> str:
    """The page as Word should have it: the parallel table's two columns of equal width, each
    cell's language on a div inside it (pandoc gives a div's `lang` to its runs, not a cell's),
    languages with their country, the English draft mark in English, and no `<title>` (pandoc
    would set it once more above the title blocks). A Kazakh page loses its `lang` on `<html>`:
    pandoc knows no Kazakh names for its captions (it warns), and the text keeps its language
    from the section or cell around it."""
    page = re.sub(r"<title>.*?</title>", "", page, count=1, flags=re.S)
    page = page.replace('<html lang="kk">', "<html>", 1)
    page = page.replace(html.escape(DRAFT) + " · ", f'<span lang="en">{html.escape(DRAFT)}</span> · ')
    page = re.sub(r'<td lang="([\w-]+)">(.*?)</td>', r'<td lang="\1"><div lang="\1">\2</div></td>', page, flags=re.S)
    page = re.sub(r'\blang="(\w+)"', lambda m: f'lang="{WORD_LANGUAGES.get(m[1], m[1])}"', page)
    return page.replace("<col class=", '<col style="width: 50%" class=')


def page_sections(page: str) -> tuple[Section, ...]:
    """The running heads of a page (`render.page.print_html`): one per translation, or one for
    the parallel table, in both languages where it holds both titles."""
    table = re.search(r'<div class="running-head" data-running-head="([^"]*)"[^>]*></div>\s*<table class="parallel">'
                      r'\s*<colgroup><col class="([^"]+)"><col class="([^"]+)">', page)
    if table:
        titles = html.unescape(table[1]).split(" / ")
        langs = (table[2], table[3])
        return (Section("", tuple(zip(langs, titles)) if len(titles) == 2 else ((langs[0], html.unescape(table[1])),)),)
    found = re.findall(r'<section class="translation" id="([^"]+)" lang="([^"]+)">\s*'
                       r'<div class="running-head" data-running-head="([^"]*)"', page)
    return tuple(Section(start if n else "", ((lang, html.unescape(text)),)) for n, (start, lang, text) in enumerate(found))


def finish(docx: bytes, sections: tuple[Section, ...], paper: Paper | None = None, font_cache: Path | None = None) -> bytes:
    """pandoc's DOCX, finished: pandoc's own author lines dropped (the title blocks name the
    authors; the document's properties keep them), each translation after the first on a new
    page; with `paper` (kzpublish's reference document), a section per translation with its
    running head, and the fonts embedded."""
    parts, dates = _unzip(docx)
    document = parts["word/document.xml"].decode("utf-8")
    document = re.sub(r'<w:p>\s*<w:pPr>\s*<w:pStyle w:val="Author" />\s*</w:pPr>.*?</w:p>\s*', "", document, flags=re.S)
    if paper is None:
        for section in sections[1:]:
            document = _before_bookmark(document, section.start, '<w:p><w:r><w:br w:type="page" /></w:r></w:p>')
    else:
        document = _with_heads(parts, document, sections, paper)
    parts["word/document.xml"] = document.encode("utf-8")
    if paper is not None:
        embed_fonts(parts, font_cache)
    return _zip(parts, dates)


def _with_heads(parts: dict[str, bytes], document: str, sections: tuple[Section, ...], paper: Paper) -> str:
    """The document with a section per `sections`, each with its running head (a header part of
    its own; an empty one for the first page of each, which shows a title) and the page-number
    footer."""
    rels, types = [], []
    width = round(paper.width * TWIPS_PER_MM) - 2 * round(MARGIN_MM * TWIPS_PER_MM)
    for name, rid, content in ((f"header{n}.xml", f"rIdKzHeader{n}", _header(section, width))
                               for n, section in enumerate(sections, 1)):
        parts[f"word/{name}"] = content.encode("utf-8")
        rels.append((rid, name))
    parts["word/headerFirst.xml"] = EMPTY_HEADER.encode("utf-8")
    rels.append((FIRST_HEADER_ID, "headerFirst.xml"))
    for rid, name in rels:
        types.append(f'<Override PartName="/word/{name}" ContentType="{CONTENT_TYPE}header+xml" />')
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].decode("utf-8").replace(
        "</Relationships>", "".join(f'<Relationship Type="{RELATIONSHIP}header" Id="{rid}" Target="{name}" />'
                                    for rid, name in rels) + "</Relationships>").encode("utf-8")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].decode("utf-8").replace(
        "</Types>", "".join(types) + "</Types>").encode("utf-8")
    last = f"rIdKzHeader{len(sections)}" if sections else None
    document = re.sub(r"<w:sectPr>.*?</w:sectPr>(\s*</w:body>)", lambda m: _sect_pr(paper, last) + m[1], document,
                      count=1, flags=re.S)
    for n, section in enumerate(sections[1:], 1):  # a section ends with the paragraph that holds its properties
        document = _before_bookmark(document, section.start, f"<w:p><w:pPr>{_sect_pr(paper, f'rIdKzHeader{n}')}</w:pPr></w:p>")
    return document


def _header(section: Section, width: int) -> str:
    """A header part: the running head's pieces in their languages, the second set flush right."""
    runs = '<w:r><w:tab /></w:r>'.join(
        f'<w:r><w:rPr>{SMALL_SANS}<w:lang w:val="{WORD_LANGUAGES.get(lang, lang)}" /></w:rPr>'
        f'<w:t xml:space="preserve">{html.escape(text, quote=False)}</w:t></w:r>' for lang, text in section.head)
    return (f'{XML_HEAD}<w:hdr {WORDML}><w:p><w:pPr><w:tabs><w:tab w:val="right" w:pos="{width}" /></w:tabs></w:pPr>'
            f"{runs}</w:p></w:hdr>")


def _before_bookmark(document: str, name: str, xml: str) -> str:
    """`xml` set before the bookmark pandoc made of the HTML element `name` (at its first paragraph)."""
    mark = re.search(rf'<w:bookmarkStart w:id="\d+" w:name="{re.escape(name)}" />', document)
    if not mark:
        return document
    return document[:mark.start()] + xml + document[mark.start():]


@lru_cache(maxsize=8)
def reference_docx(paper: Paper) -> bytes:
    parts, _ = _unzip(default_reference_docx())
    parts["word/theme/theme1.xml"] = _theme_fonts(parts["word/theme/theme1.xml"].decode()).encode()
    parts["word/styles.xml"] = _styles(parts["word/styles.xml"].decode()).encode()
    parts["word/settings.xml"] = parts["word/settings.xml"].decode().replace(
        "<w:zoom ", "<w:autoHyphenation /><w:zoom ", 1).replace(
        '<w:themeFontLang w:val="en-US"', '<w:themeFontLang w:val="ru-RU"', 1).encode()
    parts["word/document.xml"] = re.sub(r"<w:sectPr>.*?</w:sectPr>", _sect_pr(paper), parts["word/document.xml"].decode(),
                                        count=1, flags=re.S).encode()
    parts["word/footer1.xml"] = FOOTER.encode()
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].decode().replace(
        "</Relationships>",
        f'<Relationship Type="{RELATIONSHIP}footer" Id="{FOOTER_ID}" Target="footer1.xml" /></Relationships>').encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].decode().replace(
        "</Types>", f'<Override PartName="/word/footer1.xml" ContentType="{CONTENT_TYPE}footer+xml" /></Types>').encode()
    return _zip(parts, {})


def _unzip(data: bytes) -> tuple[dict[str, bytes], dict[str, tuple[int, ...]]]:
    """The parts of a DOCX, in their order, and the dates of their entries."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i) for i in z.infolist()}, {i.filename: i.date_time for i in z.infolist()}


def _zip(parts: dict[str, bytes], dates: dict[str, tuple[int, ...]]) -> bytes:
    """A DOCX of `parts`, each entry with its date in `dates` (a new one with the first's; 1980
    without), so that the same parts give the same bytes."""
    default = next(iter(dates.values()), (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(zipfile.ZipInfo(name, dates.get(name, default)), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _theme_fonts(theme: str) -> str:
    for block, family in (("majorFont", HEADING_FAMILY), ("minorFont", TEXT_FAMILY)):
        theme = re.sub(rf'(<a:{block}>\s*<a:latin typeface=")[^"]*"( panose="[^"]*")?',
                       rf'\g<1>{family}"', theme, count=1)
    return theme


def _styles(styles: str) -> str:
    styles = re.sub(r'<w:lang w:val="[^"]*"', '<w:lang w:val="ru-RU"', styles, count=1)
    styles = re.sub(r'(<w:rPrDefault>.*?<w:sz w:val=")\d+(" />\s*<w:szCs w:val=")\d+', r"\g<1>22\g<2>22", styles,
                    count=1, flags=re.S)

    def rename(m: re.Match) -> str:
        ru, kk = STYLE_NAMES.get(m[2], (None, None))
        if ru is None:
            return m[0]
        return f'{m[1]}<w:name w:val="{ru}" />' + (f'<w:aliases w:val="{kk}" />' if kk else "")

    styles = re.sub(r'<w:style [^>]*w:styleId="Heading\d(?:Char)?".*?</w:style>', _heading_face, styles, flags=re.S)
    return re.sub(r'(<w:style [^>]*w:styleId="([^"]+)"[^>]*>\s*)<w:name w:val="[^"]*" ?/>', rename, styles)


def _heading_face(m: re.Match) -> str:
    """Every heading level in the theme's heading font: pandoc's reference document names it for
    levels 1 and 2 only, and the levels below took the text's font (an article under a section)."""
    return re.sub(r'<w:rFonts(?![^>]*w:asciiTheme)', '<w:rFonts w:asciiTheme="majorHAnsi" w:hAnsiTheme="majorHAnsi"', m[0])


def _sect_pr(paper: Paper, header: str | None = None) -> str:
    """A section's properties, in the schema's order: its running head (`header`, a relationship
    id; none on its first page), the page-number footer, footnotes numbered anew in each, the
    paper's size and margins."""
    width, height = round(paper.width * TWIPS_PER_MM), round(paper.height * TWIPS_PER_MM)
    margin = round(MARGIN_MM * TWIPS_PER_MM)
    heads = (f'<w:headerReference w:type="default" r:id="{header}" />'
             f'<w:headerReference w:type="first" r:id="{FIRST_HEADER_ID}" />') if header else ""
    return (f'<w:sectPr>{heads}<w:footerReference w:type="default" r:id="{FOOTER_ID}" />'
            + (f'<w:footerReference w:type="first" r:id="{FOOTER_ID}" />' if header else "")
            + '<w:footnotePr><w:numRestart w:val="eachSect" /></w:footnotePr>'
            f'<w:pgSz w:h="{height}" w:w="{width}" />'
            f'<w:pgMar w:bottom="{margin}" w:footer="{margin // 2}" w:gutter="0" w:header="{margin // 2}" '
            f'w:left="{margin}" w:right="{margin}" w:top="{margin}" />'
            + ("<w:titlePg />" if header else "") + "</w:sectPr>")
