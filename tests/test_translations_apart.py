"""A long sequential edition laid out a translation at a time and joined (render/translations.py):
the same edition, numbered through, with every bookmark, link and word, the same bytes whether
the second translation was laid out in a forked process or here, and whatever its first page
was guessed to be; and laid out whole where a translation is short, a link crosses, or the
styles carry something from one translation to the next."""

from __future__ import annotations

import io
import logging
import random
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from conftest import make_project, run_cli
from readback import missing_in_order, page_text, source_words, words

from kzpublish.editions import PdfOptions
from kzpublish.render import translations
from kzpublish.render.css_scan import crosses_translations

RU = ("гражданин право закон государство республика парламент правительство суд решение порядок "
      "депутат избирательный комиссия постановление исполнение обязанность свобода общество").split()
KK = ("азамат құқық заң мемлекет республика парламент үкімет сот шешім тәртіп депутат сайлау "
      "комиссия қаулы орындау міндет бостандық қоғам").split()


def text(lang: str, articles: int, seed: int, link: str = "") -> str:
    rng = random.Random(seed)
    vocabulary, article, title = (RU, "Статья", "Закон о выборах") if lang == "ru" else \
        (KK, "бап", "Сайлау туралы заң")
    out = [f"---\ntitle: {title}\nlayout: sequential\n---\n"]
    for n in range(1, articles + 1):
        if n % 10 == 1:
            out.append(f"## {'Глава' if lang == 'ru' else 'Тарау'} {n // 10 + 1}\n")
        out.append(f"### {article} {n}\n" if lang == "ru" else f"### {n}-{article}\n")
        for _ in range(3):
            sentence = " ".join(rng.choice(vocabulary) for _ in range(60))
            out.append(sentence[0].upper() + sentence[1:] + ".\n")
        if n == 2:
            out.append(f"Сноска к статье[^n{n}].\n\n[^n{n}]: Примечание {n}.\n" if lang == "ru"
                       else f"Бапқа ескерту[^n{n}].\n\n[^n{n}]: Ескерту {n}.\n")
        if n == 3 and link:
            out.append(link + "\n")
    return "\n".join(out)


def project(tmp: Path, articles: int = 48, ru_link: str = "", style: str | None = None) -> Path:
    files = {"sources/law/ru.md": text("ru", articles, 1, ru_link), "sources/law/kk.md": text("kk", articles, 2)}
    if style is not None:
        files["styles/print.css"] = style
    return make_project(tmp, files)


def build(root: Path, *options: str) -> Path:
    run = run_cli("-C", str(root), "-q", "build", "--pdf", "--force", *options)
    assert run.code == 0, run.err
    assert run.err == "", run.err
    return root / "dist" / "law.pdf"


def counts(root: Path, messages: list[str] | None = None) -> list[int] | None:
    """Built (again): the page counts of the translations laid out apart and joined, or None if
    the edition was laid out whole. With `messages`, what the build said goes there; without, it
    must say nothing."""
    import kzpublish.render.pdf  # noqa: F401 — loaded here: the build lays out here, with no layout process
    from kzpublish.render import pdf_join

    joined = []
    real = pdf_join.join

    def spy(pdfs):
        joined.append([pdf_join.page_count(pdf) for pdf in pdfs])
        return real(pdfs)

    pdf_join.join = spy
    try:
        run = run_cli("-C", str(root), "build", "--pdf", "--force")
    finally:
        pdf_join.join = real
    assert run.code == 0, run.err
    if messages is None:
        assert run.err.count("warning") == 0, run.err
    else:
        messages.append(run.err)
    return joined[-1] if joined else None


@dataclass(frozen=True)
class Built:
    root: Path
    counts: list[int] | None


def footer_numbers(pdf: Path) -> list[str]:
    """The last word printed in each page's bottom margin."""
    numbers = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            foot = [w["text"] for w in page.extract_words() if w["top"] > page.height * 0.9]
            numbers.append(foot[-1] if foot else "")
    return numbers


def outline(reader: pypdf.PdfReader, items=None, depth: int = 0) -> list[tuple[int, str, int]]:
    out = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            out += outline(reader, item, depth + 1)
        else:
            out.append((depth, item.title, reader.get_destination_page_number(item)))
    return out


@pytest.fixture(scope="module")
def apart(tmp_path_factory) -> Built:
    root = project(tmp_path_factory.mktemp("apart"))
    return Built(root, counts(root))


def test_a_long_sequential_edition_is_laid_out_a_translation_at_a_time(apart):
    pdf = apart.root / "dist" / "law.pdf"
    reader = pypdf.PdfReader(pdf)
    kept = apart.counts
    assert kept and len(kept) == 2 and sum(kept) == len(reader.pages)  # laid out apart
    # Numbered through: the Kazakh translation goes on from the Russian one's last page.
    assert footer_numbers(pdf) == [str(n) for n in range(1, len(reader.pages) + 1)]
    kk_first = next(i for i, page in enumerate(reader.pages)
                    if "Сайлау туралы заң" in page_text(page).replace("\n", " "))
    assert kk_first == kept[0]
    # Every word of both translations, in order.
    letters = "".join(words(" ".join(page_text(page) for page in reader.pages)))
    for lang, note in (("ru", "Примечание 2"), ("kk", "Ескерту 2")):
        source = apart.root / f"sources/law/{lang}.md"
        without_notes = apart.root / f"{lang}-text.md"  # the notes are printed at the end of their translation
        without_notes.write_text(re.sub(r"\[\^n\d+\](?::[^\n]*)?", "", source.read_text("utf-8")), "utf-8")
        assert missing_in_order(source_words(without_notes), letters) == []
        assert "".join(words(note)) in letters


def test_the_joined_edition_keeps_its_bookmarks_links_and_metadata(apart):
    reader = pypdf.PdfReader(apart.root / "dist" / "law.pdf")
    marks = outline(reader)
    titles = [(depth, title) for depth, title, _ in marks]
    assert titles[0] == (0, "Русский: Закон о выборах") and titles[1] == (1, "Глава 1")
    assert (0, "Қазақша: Сайлау туралы заң") in titles and (2, "48-бап") in titles
    assert len([t for t in titles if t[0] == 0]) == 2
    for depth, title, page in marks:  # each bookmark leads to the page with its heading
        heading = title.split(": ", 1)[-1]
        assert heading in page_text(reader.pages[page]).replace("\n", " "), title
    links = [annotation.get_object() for page in reader.pages for annotation in page.get("/Annots", [])]
    internal = [a for a in links if a.get("/Subtype") == "/Link" and ("/Dest" in a or "/A" in a)]
    assert len(internal) >= 4  # the notes' calls and their way back, in each translation
    for link in internal:
        target = link["/Dest"] if "/Dest" in link else link["/A"].get("/D")
        if isinstance(target, (str, bytes)) or hasattr(target, "encode"):
            assert str(target) in reader.named_destinations, target
        else:
            assert reader.get_destination_page_number(reader._build_destination("", target)) >= 0
    assert reader.metadata.title == "Закон о выборах / Сайлау туралы заң"
    assert reader.trailer["/Root"]["/Lang"] == "ru"
    ids = reader.trailer["/ID"]
    assert len(ids) == 2 and len(ids[0]) == 16


def test_forked_or_here_the_bytes_are_the_same(apart):
    """Forked, the Kazakh translation is laid out at once and numbered when the Russian one's page
    count is known; here, numbered from the start: the same bytes."""
    made = (apart.root / "dist" / "law.pdf").read_bytes()
    pages, options = _pages(apart.root)
    for fork in (True, False):
        assert translations.lay_out(pages, _style(apart.root), options, apart.root, None, fork=fork) == made, fork


def test_reading_and_print_editions_keep_what_pdf_a_and_pdf_x_need(apart, caplog):
    from kzpublish.project import Project
    from kzpublish.render.pdf import write_pdf

    pages, options = _pages(apart.root)
    profile = Project.open(apart.root).config.print_profile
    reading = replace(options, variant="pdf/a-2u")
    printed = replace(options, variant="pdf/x-4", bleed=True, full_fonts=True, output_profile=profile)
    for edition in (reading, printed):
        # WeasyPrint's part declares all its objects (pypdf's count of its own clones is dropped)
        part = pypdf.PdfReader(io.BytesIO(write_pdf(pages[1], _style(apart.root), edition, apart.root, None)))
        assert part.trailer["/Size"] == 1 + max([*part.xref.get(0, {}), *part.xref_objStm])
        with caplog.at_level(logging.WARNING, "pypdf"):
            joined = translations.lay_out(pages, _style(apart.root), edition, apart.root, None)
        assert [r for r in caplog.records if r.name.startswith("pypdf")] == []
        reader = pypdf.PdfReader(io.BytesIO(joined), strict=True)
        root = reader.trailer["/Root"]
        xmp = root["/Metadata"].get_object().get_data()
        if edition is reading:
            assert b'pdfaid:part="2"' in xmp and b'pdfaid:conformance="U"' in xmp
            assert root["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"
        else:
            assert b"PDF/X-4" in xmp and root["/OutputIntents"][0]["/S"] == "/GTS_PDFX"
            assert all("/BleedBox" in page and "/TrimBox" in page for page in reader.pages)
        assert reader.metadata.producer == "WeasyPrint 70.0"  # as its XMP says, not pypdf
        assert len(reader.pages) == sum(apart.counts)
        for page in reader.pages:  # every font embedded, and mapped back to Unicode
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                assert "/ToUnicode" in font
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font \
                    else font["/FontDescriptor"]
                assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_short_translations_links_across_and_styles_that_carry_over_are_laid_out_whole(tmp_path):
    short = project(tmp_path / "short", articles=4)
    assert counts(short) is None
    # Sources cannot link across (each translation's anchors are its own: `#kk` is `#ru-kk`), but
    # a page whose link crosses is laid out whole.
    long = "<p>" + "слово " * translations.SMALLEST + "</p>"
    alone = ('<section id="ru"><a href="#ru-1">1</a><h2 id="ru-1">1</h2>' + long, '<section id="kk">' + long)
    builtin = _style(short).read_text("utf-8")
    assert translations.separable(alone, builtin)
    assert not translations.separable(alone, "")  # nothing starts the second translation on a page
    assert not translations.separable((alone[0].replace('href="#ru-1"', 'href="#kk"'), alone[1]), builtin)
    assert not translations.separable((alone[0], "<p>short</p>"), builtin)
    pages = footer_numbers(short / "dist" / "law.pdf")
    assert pages == [str(n) for n in range(1, len(pages) + 1)]
    style = _style(short).read_text("utf-8") + "\n@page { @bottom-right { content: counter(page) \" of \" counter(pages) } }\n"
    total = project(tmp_path / "total", style=style)
    assert counts(total) is None
    reader = pypdf.PdfReader(total / "dist" / "law.pdf")
    assert all(f"of {len(reader.pages)}" in page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("css", ["@page :first { margin-top: 5cm }", "@page :left { margin-left: 3cm }",
                                 "h3 { counter-increment: article }", "h2 { string-set: chapter content() }",
                                 "a::after { content: target-counter(attr(href), page) }",
                                 "section { break-before: right }", "h1 { page: wide }", "@import 'x.css';",
                                 "p { page-break-before: verso }", "h2 { COUNTER-RESET: x }",
                                 "/* */ @page :\\66 irst { }", "h2::before { content: counter(page) }",
                                 "@page { margin: 1cm } h1 { bookmark-label: counter(page) }"])
def test_styles_that_carry_across_translations_are_seen(css):
    assert crosses_translations(css)


@pytest.mark.parametrize("css", ["li { counter-reset: none }", "h1 { string-set: running-head attr(x) }",
                                 "@page { @bottom-center { content: counter(page) } }",
                                 "section + section { break-before: page }", "/* counter(pages) */ p { }"])
def test_styles_that_do_not_carry_over_are_not_refused(css):
    assert not crosses_translations(css)


def test_each_stylesheet_warning_is_told_once(tmp_path):
    root = project(tmp_path)
    (root / "styles").mkdir()
    (root / "styles" / "print.css").write_text(_style(root).read_text("utf-8") + "\np { frobnicate: 1 }\n", "utf-8")
    said: list[str] = []
    assert counts(root, said)
    assert len(re.findall(r"frobnicate", said[0])) == 1, said[0]


def _style(root: Path) -> Path:
    from kzpublish.project import Project

    return Project.open(root).stylesheet("print.css")


def _pages(root: Path) -> tuple[tuple[str, ...], PdfOptions]:
    """The pages and options the build laid out, asked of the build itself."""
    import kzpublish.render.pdf  # noqa: F401 — loaded here: the build lays out here, with no layout process
    from kzpublish.render import translations as module

    seen = []
    real = module.lay_out

    def spy(pages, stylesheet, options, *args, **kwargs):
        seen.append((pages, options))
        return real(pages, stylesheet, options, *args, **kwargs)

    module.lay_out = spy
    try:
        build(root)
    finally:
        module.lay_out = real
    return seen[-1]


def test_the_same_bytes_from_another_process_with_other_hashes(apart):
    """Built again as a command (on two cores, the second translation in a forked process), with
    Python's hashes seeded otherwise: pypdf's joining must not depend on them."""
    import os
    import subprocess
    import sys

    made = (apart.root / "dist" / "law.pdf").read_bytes()
    run = subprocess.run([sys.executable, "-m", "kzpublish", "-q", "-C", str(apart.root), "build", "--pdf", "--force"],
                         env={**os.environ, "PYTHONHASHSEED": "7"}, capture_output=True, text=True)
    assert run.returncode == 0 and run.stderr == "", run.stderr
    assert (apart.root / "dist" / "law.pdf").read_bytes() == made
