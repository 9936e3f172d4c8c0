"""The PDF editions, read back: every word, the fonts, the letters, metadata, bookmarks, paper."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from conftest import PROJECTS, SEEDS, copy_project, make_project, run_cli
from kzpublish.project import builtin_styles
from readback import missing_in_order, page_letters, page_text, pdf_letters, pdf_text, source_words

KAZAKH = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"


def documents(root: Path):
    for folder in sorted((root / "sources").iterdir()):
        yield folder.name, sorted(folder.glob("*.md"))


@pytest.mark.parametrize("build", ["seed_sequential", "alphabet_sequential"])
def test_every_source_word_is_in_the_pdf_in_order(build, request):
    root = request.getfixturevalue(build)
    for slug, sources in documents(root):
        letters = pdf_letters(root / "dist" / f"{slug}.pdf")
        for src in sources:
            expected = source_words(src)
            assert len(expected) > 10
            assert missing_in_order(expected, letters) == [], src.name


@pytest.mark.parametrize("build", ["seed_build", "alphabet_build"])
def test_every_source_word_is_in_the_parallel_pdf_in_order(build, request):
    """Side by side, the text of the two columns alternates pair by pair: each translation's
    words are still all there, in order."""
    root = request.getfixturevalue(build)
    for slug, sources in documents(root):
        letters = pdf_letters(root / "dist" / f"{slug}.pdf")
        for src in sources:
            assert missing_in_order(source_words(src), letters, max_gap=10**9) == [], src.name


def test_a_lost_word_is_noticed(seed_sequential):
    """The check above can fail: drop a word from the PDF's letters and it says so."""
    pdf = seed_sequential / "dist" / "paris-resolution-2019.pdf"
    letters = pdf_letters(pdf).replace("Жанаозена", "", 1)
    expected = source_words(seed_sequential / "sources" / "paris-resolution-2019" / "ru.md")
    assert missing_in_order(expected, letters) == ["Жанаозена"]


def test_a_word_broken_at_a_page_end_is_read_as_one_word():
    """Wherever the pages break, the furniture between the halves of a word (draft mark, list
    markers, running head, page number) is not read as text."""
    pages = ["Заявление\nМы, граждане Казах-\nDRAFT — uncommitted changes · ЧЕРНОВИК\n1. \n1",
             "стана, требуем\nDRAFT — uncommitted changes · ЧЕРНОВИК\nЗаявление\n2",
             "честных выбо-\nЗаявление\n3", "ров.\nЗаявление\n4"]
    assert page_letters(pages) == "ЗаявлениеМыгражданеКазахстанатребуемчестныхвыборов"


@pytest.mark.parametrize("build", ["seed_build", "alphabet_build", "rich_build"])
def test_only_pt_fonts_are_embedded(build, request):
    root = request.getfixturevalue(build)
    for pdf in (root / "dist").glob("*.pdf"):
        names = set()
        for page in pypdf.PdfReader(pdf).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                names.add(str(font["/BaseFont"]).split("+")[-1])
                for desc in font.get("/DescendantFonts", []):
                    assert "/FontFile2" in desc.get_object()["/FontDescriptor"], "font not embedded"
        assert names and all(n.startswith(("PT-Serif", "PT-Sans")) for n in names), names


def test_every_kazakh_letter_survives_text_extraction(alphabet_build):
    text = pdf_text(alphabet_build / "dist" / "alphabet.pdf")
    assert [c for c in KAZAKH if c not in text] == []


def test_ordered_lists_keep_their_numbers(seed_build):
    text = pdf_text(seed_build / "dist" / "oyan-manifesto.pdf")
    assert all(f"{n}." in text.split() for n in range(1, 10))


def test_seed_kazakh_letters_survive(seed_build):
    letters = pdf_letters(seed_build / "dist" / "oyan-manifesto.pdf")  # a word broken at a page end too
    for word in ("Қазақстандықтар", "бейбітшілікті", "құқықтарымыз", "Мәслихаттар", "Оян"):
        assert word in letters


def test_metadata(alphabet_build):
    reader = pypdf.PdfReader(alphabet_build / "dist" / "alphabet.pdf")
    info = reader.metadata
    assert info["/Title"] == "Заявление об алфавите / Әліпби туралы мәлімдеме"
    assert info["/Keywords"] == "алфавит, язык, әліпби, тіл"
    assert info["/CreationDate"].startswith("D:20240303")
    assert "Асель Галымкызы" in info["/Author"]
    assert reader.trailer["/Root"]["/Lang"] == "ru"


def test_sequential_edition_opens_each_language_with_its_title(alphabet_sequential):
    reader = pypdf.PdfReader(alphabet_sequential / "dist" / "alphabet.pdf")
    pages = [page_text(p) for p in reader.pages]
    assert pages[0].lstrip().startswith("Заявление об алфавите")
    kk_start = next(i for i, t in enumerate(pages) if "Әліпби туралы мәлімдеме" in t)
    assert kk_start > 0 and pages[kk_start].lstrip().startswith("Әліпби туралы мәлімдеме")
    assert "2024 жылғы 3 наурыз" in pages[kk_start]


def outline(path: Path):
    def tree(items):
        out = []
        for item in items:
            if isinstance(item, list):
                out[-1] = (out[-1], tree(item))
            else:
                out.append(item.title)
        return out

    return tree(pypdf.PdfReader(path).outline)


def test_bookmarks_per_language_and_heading(alphabet_sequential):
    assert outline(alphabet_sequential / "dist" / "alphabet.pdf") == [
        ("Русский: Заявление об алфавите", [("Первый раздел", ["Дополнение"])]),
        ("Қазақша: Әліпби туралы мәлімдеме", [("Бірінші бөлім", ["Қосымша"])]),
    ]


def test_parallel_bookmarks_follow_the_first_column_under_both_titles(alphabet_build):
    assert outline(alphabet_build / "dist" / "alphabet.pdf") == [
        ("Заявление об алфавите / Әліпби туралы мәлімдеме", [("Первый раздел", ["Дополнение"])]),
    ]


def test_running_head_names_the_document_except_on_its_title_page(seed_build):
    pages = [page_text(p) for p in pypdf.PdfReader(seed_build / "dist" / "oyan-manifesto.pdf").pages]
    assert len(pages) >= 2
    assert pages[0].count("A very simple post") == 1  # the title itself, no head above it
    lines = pages[1].strip().splitlines()
    assert "A very simple post" in lines
    assert lines[-1] == "2"  # the page number


def test_page_size_a4_by_default_a5_by_configuration(tmp_path, alphabet_build):
    a4 = pypdf.PdfReader(alphabet_build / "dist" / "alphabet.pdf").pages[0].mediabox
    assert (round(a4.width), round(a4.height)) == (595, 842)
    root = copy_project(PROJECTS / "alphabet", tmp_path)
    (root / "pyproject.toml").write_text('[tool.kzpublish]\npaper = "A5"\n')
    assert run_cli("-C", str(root), "-q", "build", "--pdf").code == 0
    reader = pypdf.PdfReader(root / "dist" / "alphabet.pdf")
    assert (round(reader.pages[0].mediabox.width), round(reader.pages[0].mediabox.height)) == (420, 595)
    assert len(reader.pages) >= len(pypdf.PdfReader(alphabet_build / "dist" / "alphabet.pdf").pages)


def test_paper_from_front_matter_and_command_line(tmp_path):
    root = make_project(tmp_path, {"sources/d/ru.md": "---\ntitle: Тест\npaper: A5\n---\n\nТекст.\n"})
    assert run_cli("-C", str(root), "-q", "build", "--pdf").code == 0
    box = pypdf.PdfReader(root / "dist" / "d.pdf").pages[0].mediabox
    assert round(box.width) == 420
    assert run_cli("-C", str(root), "-q", "build", "--pdf", "--paper", "170mm x 240mm").code == 0
    box = pypdf.PdfReader(root / "dist" / "d.pdf").pages[0].mediabox
    assert (round(box.width / 72 * 25.4), round(box.height / 72 * 25.4)) == (170, 240)


def test_kazakh_and_russian_lines_are_hyphenated_only_where_the_rules_allow(tmp_path):
    """Line-end hyphens in the PDF (drawn with the text font: only PT fonts are embedded) fall
    only on breaks the language's dictionary allows. A narrow page makes many of them."""
    from readback import break_points

    root = copy_project(SEEDS, tmp_path)
    assert run_cli("-C", str(root), "-q", "build", "--pdf", "--paper", "A6", "--layout", "sequential").code == 0
    sources = " ".join(p.read_text("utf-8") for p in (root / "sources").glob("*/*.md"))
    checked = {"ru": 0, "kk": 0}
    for slug in ("oyan-manifesto", "paris-resolution-2019"):
        lang = "kk" if slug == "oyan-manifesto" else "ru"
        for page in pypdf.PdfReader(root / "dist" / f"{slug}.pdf").pages:
            text = page_text(page)
            if "РЕЗОЛЮЦИЯСЫ" in text:
                lang = "kk"  # the Kazakh half of the resolution starts here
            for head, tail in re.findall(r"([^\W\d_]+)-\n([^\W\d_]+)", text):
                if f"{head}-{tail}" in sources or not tail[0].islower():
                    continue  # a hyphen of the text itself, not a line-end break
                assert len(head) in break_points(head + tail, lang), f"{head}-{tail} ({lang})"
                checked[lang] += 1
    assert checked["ru"] >= 10 and checked["kk"] >= 10, checked


def test_a_stylesheet_problem_is_told_at_its_line_for_every_document(tmp_path):
    files = {f"sources/d{n}/ru.md": f"---\ntitle: Документ {n}\n---\n\nТекст.\n" for n in (1, 2)}
    files["styles/print.css"] = "p { color: #111; }\n\np {\n  colour: red;\n}\n"
    root = make_project(tmp_path, files)
    run = run_cli("-C", str(root), "-q", "build", "--pdf", "-j", "1")
    assert run.code == 0
    told = "warning: styles/print.css:4:3: weasyprint: Ignored `colour: red`, unknown property.\n"
    assert run.err == told * 2  # once for each document, though the stylesheet is read once
    strict = run_cli("-C", str(root), "-q", "build", "--pdf", "-j", "1", "--strict")
    assert strict.code == 1 and "1 warning(s), and --strict is on" in strict.err


def test_a_stylesheet_read_once_lays_out_the_same_bytes(tmp_path):
    """Every edition, the print one (PDF/X, with a printer profile) included, comes out the same
    from the parsed stylesheet kept in the process as from a fresh one."""
    from kzpublish.config import Config, Paper
    from kzpublish.editions import editions
    from kzpublish.render import pdf

    page = ('<html lang="ru"><head><meta name="dcterms.created" content="2020-09-13">'
            '<meta name="dcterms.modified" content="2020-09-13T12:26:40Z"></head>'
            "<body><h1>Резолюция</h1><p>Мы, участники — «граждане».</p></body></html>")
    sheet = builtin_styles() / "print.css"
    a5 = Paper("A5", 148, 210)
    for edition in [e for e in editions(("pdf",), True, a5, Config()) + editions(("pdf",), False, a5, Config()) if e.pdf]:
        pdf._STYLES.clear()
        fresh = pdf.write_pdf(page, sheet, edition.pdf, tmp_path, None)
        assert len(pdf._STYLES) == 1
        again = pdf.write_pdf(page, sheet, edition.pdf, tmp_path, None)
        assert again == fresh and fresh.startswith(b"%PDF"), edition.kind
