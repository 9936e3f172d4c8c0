"""The HTML stage: what pandoc's fragments and the print page carry."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from conftest import PROJECTS
from kzpublish.config import Config
from kzpublish.document import Document, load_documents, parse_translation
from kzpublish.pipeline import html_parts
from kzpublish.render.page import print_html
from kzpublish.settings import resolve
from kzpublish.sources import SourceFile


def alphabet():
    loaded = load_documents(PROJECTS / "alphabet", Config())
    assert loaded.errors == ()
    return loaded.documents[0]


def render_parts(doc: Document):
    """The build's HTML stage, as `build` runs it."""
    return html_parts(doc, resolve(Config(), doc), PROJECTS / "alphabet", soft_hyphens=False)


def fragment(path: str, text: str) -> str:
    """The HTML fragment of a one-translation document made of `text`."""
    tr = parse_translation(SourceFile(path, path[-5:-3], text))
    return render_parts(Document("x", (tr,)))[0].fragment


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
    tree = ET.fromstring(f"<root>{kk.fragment}</root>")
    block = tree.find("div[@class='title-block']")
    assert block.find("h1").get("id") == "kk-title"
    assert "".join(block.find("div[@class='date']").itertext()).strip() == "2024\u00a0жылғы\u00a03\u00a0наурыз"
    assert "".join(block.find("div[@class='authors']").itertext()).strip() == "Әсел Ғалымқызы, Һарун\u00a0Іңкәрұлы"
    assert tree.find(".//h2").text == "Бірінші\u00a0бөлім"  # `#` in the body is below the title
    assert tree.find(".//h2").get("data-bookmark") == "Бірінші бөлім"


def test_iso_date_is_written_in_the_language():
    kk = fragment("sources/x/kk.md", "---\ntitle: Т\ndate: 2019-06-18\n---\n\nМәтін.\n")
    assert "2019\u00a0жылғы\u00a018\u00a0маусым" in kk
    ru = fragment("sources/x/ru.md", "---\ntitle: Т\ndate: 2019-06-18\n---\n\nТекст.\n")
    assert "18\u00a0июня\u00a02019\u00a0г." in ru


def test_quotes_and_dashes_are_russian_not_pandocs_english_ones():
    ru = fragment("sources/x/ru.md", '---\ntitle: Т\n---\n\nОн сказал "да" -- и ушёл...\n')
    assert "“" not in ru and "–" not in ru
    assert "<p>Он\u00a0сказал «да»\u00a0—\u00a0и\u00a0ушёл…</p>" in ru
