"""The web edition, read back: every word of both translations in order, pairs side by side, each
block's link to its counterpart followed to a block of the other language, nothing fetched from
anywhere, and what a headless browser shows: both languages, or one alone after the switch."""

from __future__ import annotations

import re

import lxml.html
import pytest

from browser import print_to_pdf, screenshot
from conftest import PROJECTS, SEEDS, built
from readback import in_order, pdf_text, source_words, words

SLUG = "paris-resolution-2019"


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    return built(tmp_path_factory, SEEDS, "--html")


def page(root, slug=SLUG):
    return (root / "dist" / f"{slug}.html").read_text("utf-8")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_word_in_order_in_its_column(web, lang):
    tree = lxml.html.fromstring(page(web))
    column = " ".join(e.text_content() for e in tree.xpath(f'//*[@class="col"][@lang="{lang}"]'))
    in_order(source_words(SEEDS / "sources" / SLUG / f"{lang}.md"), words(column))
    assert "\u00ad" in column  # hyphenation points, Kazakh included


def test_self_contained(web, tmp_path_factory):
    rich = built(tmp_path_factory, PROJECTS / "rich", "--html")  # images, links, notes, tables
    for root, slug in ((web, SLUG), (rich, "rich")):
        html = page(root, slug)
        assert "<script" not in html
        # Nothing is fetched: no external source, stylesheet or font (a link in the text is no request).
        assert not re.search(r"""src\s*=\s*["']?(https?:|//|file:)""", html) and "<link" not in html
        assert not re.search(r"url\((?!\"?data:)", html)
        for src in re.findall(r'<img[^>]*\ssrc="([^"]+)"', html):
            assert src.startswith("data:image/")


def test_links_lead_to_the_counterpart(web):
    tree = lxml.html.fromstring(page(web))
    ids = {e.get("id"): e for e in tree.xpath("//*[@id]")}
    links = tree.xpath('//a[@class="counterpart"]')
    assert len(links) >= 10
    for a in links:
        target = ids[a.get("href")[1:]]
        own = a.xpath("ancestor::*[@lang][1]")[0].get("lang")
        there = target.xpath("ancestor-or-self::*[@lang][1]")[0].get("lang")
        assert {own, there} == {"ru", "kk"} and a.get("hreflang") == there
        back = target.xpath('.//a[@class="counterpart"]')[0]
        assert ids[back.get("href")[1:]].xpath("ancestor-or-self::*[@lang][1]")[0].get("lang") == own
    for a in tree.xpath('//nav[@class="switch"]/a'):
        assert a.get("href") == "#" or a.get("href")[1:] in ids


def shown(pdf) -> str:
    """The printed page's text without white space: the browser's PDF breaks words at their soft
    hyphens."""
    return re.sub(r"\s+", "", pdf_text(pdf))


def test_a_browser_shows_both_or_one(web, tmp_path):
    url = (web / "dist" / f"{SLUG}.html").as_uri()
    ru, kk = "Мы,участникиКонференции", "Біздер,Париж"
    both = shown(print_to_pdf(url, tmp_path, width=1300))
    assert ru in both and kk in both
    kazakh = shown(print_to_pdf(url + "#only-kk", tmp_path, width=420))
    assert kk in kazakh and ru not in kazakh
    russian = shown(print_to_pdf(url + "#only-ru", tmp_path, width=420))
    assert ru in russian and kk not in russian
    assert screenshot(url, tmp_path, "wide", width=1300).stat().st_size > 10_000


def test_sequential_layout(tmp_path_factory, tmp_path):
    root = built(tmp_path_factory, PROJECTS / "alphabet", "--html", "--layout", "sequential")
    path = next((root / "dist").glob("*.html"))
    html = path.read_text("utf-8")
    assert 'class="pair' not in html and 'a class="counterpart"' not in html
    assert '<section class="translation" lang="ru">' in html and '<section class="translation" lang="kk">' in html
    tree = lxml.html.fromstring(html)
    first = {lang: "".join(tree.xpath(f'//section[@lang="{lang}"]//*[contains(@class, "unit")]')[0].text_content().split())
             .replace("\u00ad", "")[:20] for lang in ("ru", "kk")}
    russian = shown(print_to_pdf(path.as_uri() + "#only-ru", tmp_path))
    assert first["ru"] in russian and first["kk"] not in russian
