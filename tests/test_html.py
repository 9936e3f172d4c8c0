"""The HTML stage: what pandoc's fragments and the print page carry."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from conftest import PROJECTS
from kzpublish.config import Config
from kzpublish.document import load_documents
from kzpublish.render.html import print_html, render_parts


def alphabet():
    loaded = load_documents(PROJECTS / "alphabet", Config())
    assert loaded.errors == ()
    return loaded.documents[0]


def test_every_translation_section_carries_its_language():
    doc = alphabet()
    page = print_html(doc, render_parts(doc))
    assert '<html lang="ru">' in page
    assert page.count('<section class="translation"') == 2
    assert '<section class="translation" id="ru" lang="ru">' in page
    assert '<section class="translation" id="kk" lang="kk">' in page


def test_title_block_and_headings():
    ru, kk = render_parts(alphabet())
    assert ru.title == "Заявление об алфавите"
    assert [(h.level, h.ident, h.text) for h in kk.headings] == [
        (1, "kk-title", "Қазақша: Әліпби туралы мәлімдеме"),
        (2, "kk-бірінші-бөлім", "Бірінші бөлім"),
        (3, "kk-қосымша", "Қосымша"),
    ]
    fragment = ET.fromstring(f"<root>{kk.fragment}</root>")
    block = fragment.find("div[@class='title-block']")
    assert block.find("h1").get("id") == "kk-title"
    assert "".join(block.find("div[@class='date']").itertext()).strip() == "2024\u00a0жылғы\u00a03\u00a0наурыз"
    assert "".join(block.find("div[@class='authors']").itertext()).strip() == "Әсел Ғалымқызы, Һарун\u00a0Іңкәрұлы"
    assert fragment.find(".//h2").text == "Бірінші\u00a0бөлім"  # `#` in the body is below the title
    assert fragment.find(".//h2").get("data-bookmark") == "Бірінші бөлім"


def test_iso_date_is_written_in_the_language():
    from kzpublish.document import parse_translation
    from kzpublish.render.html import render_part
    from kzpublish.sources import SourceFile

    tr = parse_translation(SourceFile("sources/x/kk.md", "kk", "---\ntitle: Т\ndate: 2019-06-18\n---\n\nМәтін.\n"))
    assert "2019\u00a0жылғы\u00a018\u00a0маусым" in render_part(tr, bilingual=False).fragment
    tr = parse_translation(SourceFile("sources/x/ru.md", "ru", "---\ntitle: Т\ndate: 2019-06-18\n---\n\nТекст.\n"))
    assert "18\u00a0июня\u00a02019\u00a0г." in render_part(tr, bilingual=False).fragment


def test_quotes_and_dashes_are_russian_not_pandocs_english_ones():
    from kzpublish.document import parse_translation
    from kzpublish.render.html import render_part
    from kzpublish.sources import SourceFile

    tr = parse_translation(SourceFile("sources/x/ru.md", "ru", '---\ntitle: Т\n---\n\nОн сказал "да" -- и ушёл...\n'))
    fragment = render_part(tr, bilingual=False).fragment
    assert "“" not in fragment and "–" not in fragment
    assert "<p>Он\u00a0сказал «да»\u00a0—\u00a0и\u00a0ушёл…</p>" in fragment
