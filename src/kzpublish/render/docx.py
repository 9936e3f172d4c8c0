"""DOCX editions, for officials who work in Word: the very page the PDF is laid out from (title
blocks, the parallel table or the translations one after the other, the colophon), written by
pandoc (`kzpublish.pandoc`) with a reference document that gives it the editions' look.

kzpublish's reference document is pandoc's own, restyled here, for each paper size: PT Serif for
the text and PT Sans for headings (the theme's fonts, which every style uses), Russian as the
default language and automatic hyphenation on, the page size and margins of the PDF, and a
footer with the page number. A project can give its own as `styles/reference.docx`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path

from kzpublish.config import Paper
from kzpublish.errors import SourceLocation
from kzpublish.fonts import HEADING_FAMILY, TEXT_FAMILY
from kzpublish.pandoc import default_reference_docx
from kzpublish.pandoc import write_docx as pandoc_docx

TWIPS_PER_MM = 1440 / 25.4
MARGIN_MM = 20
FOOTER_ID = "rIdKzFooter"
FOOTER = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
    f'<w:r><w:rPr><w:rFonts w:ascii="{HEADING_FAMILY}" w:hAnsi="{HEADING_FAMILY}"/><w:sz w:val="18"/></w:rPr>'
    '<w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    "</w:p></w:ftr>"
)


def write_docx(page: str, paper: Paper, loc: SourceLocation, stamp: dt.datetime, reference: Path | None = None) -> bytes:
    """The DOCX of a page of kzpublish's HTML, dated `stamp`; `reference`: the project's own
    reference document."""
    page = for_word(page)
    if reference is not None:
        return pandoc_docx(page, loc, reference, stamp)
    with tempfile.NamedTemporaryFile(prefix="kzpublish-reference-", suffix=".docx") as f:
        f.write(reference_docx(paper))
        f.flush()
        return pandoc_docx(page, loc, Path(f.name), stamp)


def for_word(page: str) -> str:
    """The page as Word should have it: the parallel table's two columns of equal width, each
    cell's language on a div inside it (pandoc gives a div's `lang` to its runs, not a cell's),
    and no `<title>` (pandoc would set it once more above the title blocks). A Kazakh page loses
    its `lang` on `<html>`: pandoc knows no Kazakh names for its captions (it warns), and the text
    keeps its language from the section or cell around it."""
    page = re.sub(r"<title>.*?</title>", "", page, count=1, flags=re.S)
    page = page.replace('<html lang="kk">', "<html>", 1)
    page = re.sub(r'<td lang="([\w-]+)">(.*?)</td>', r'<td lang="\1"><div lang="\1">\2</div></td>', page, flags=re.S)
    return page.replace("<col class=", '<col style="width: 50%" class=')


@lru_cache(maxsize=8)
def reference_docx(paper: Paper) -> bytes:
    parts = {}
    with zipfile.ZipFile(io.BytesIO(default_reference_docx())) as z:
        for name in z.namelist():
            parts[name] = z.read(name)
    parts["word/theme/theme1.xml"] = _theme_fonts(parts["word/theme/theme1.xml"].decode()).encode()
    parts["word/styles.xml"] = _styles(parts["word/styles.xml"].decode()).encode()
    parts["word/settings.xml"] = parts["word/settings.xml"].decode().replace(
        "<w:zoom ", "<w:autoHyphenation /><w:zoom ", 1).encode()
    parts["word/document.xml"] = _section(parts["word/document.xml"].decode(), paper).encode()
    parts["word/footer1.xml"] = FOOTER.encode()
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].decode().replace(
        "</Relationships>",
        '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" '
        f'Id="{FOOTER_ID}" Target="footer1.xml" /></Relationships>').encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].decode().replace(
        "</Types>", '<Override PartName="/word/footer1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml" /></Types>').encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _theme_fonts(theme: str) -> str:
    for block, family in (("majorFont", HEADING_FAMILY), ("minorFont", TEXT_FAMILY)):
        theme = re.sub(rf'(<a:{block}>\s*<a:latin typeface=")[^"]*"( panose="[^"]*")?',
                       rf'\g<1>{family}"', theme, count=1)
    return theme


def _styles(styles: str) -> str:
    styles = re.sub(r'<w:lang w:val="[^"]*"', '<w:lang w:val="ru-RU"', styles, count=1)
    return re.sub(r'(<w:rPrDefault>.*?<w:sz w:val=")\d+(" />\s*<w:szCs w:val=")\d+', r"\g<1>22\g<2>22", styles,
                  count=1, flags=re.S)


def _section(document: str, paper: Paper) -> str:
    width, height = round(paper.width * TWIPS_PER_MM), round(paper.height * TWIPS_PER_MM)
    margin = round(MARGIN_MM * TWIPS_PER_MM)
    section = (f'<w:sectPr><w:footerReference w:type="default" r:id="{FOOTER_ID}" />'
               f'<w:pgSz w:w="{width}" w:h="{height}" />'
               f'<w:pgMar w:top="{margin}" w:right="{margin}" w:bottom="{margin}" w:left="{margin}" '
               f'w:header="{margin // 2}" w:footer="{margin // 2}" w:gutter="0" />')
    return re.sub(r"<w:sectPr>", section, document, count=1)
