"""DOCX editions, converted back by a real LibreOffice: every word of both translations in order,
the parallel table or the sequential layout (each translation on a new page), languages on the
text, the reference document's Russian style names, fonts (embedded: drawn where they are not
installed), page size, running heads and page-number footer; the same bytes from the same
commit; verified."""

from __future__ import annotations

import re
import zipfile

import pdfplumber
import pypdf
import pytest

from conftest import PROJECTS, REPO, SEEDS, built, copy_project, make_project, run_cli
from office import convert, without_fonts
from readback import in_order, source_words, words

SLUG = "paris-resolution-2019"
KK_TITLE = "21 мамыр 2019 жылы Қазақстан оппозициясының"  # its start
RU_TITLE = "РЕЗОЛЮЦИЯ Парижской конференции представителей гражданского общества"


@pytest.fixture(scope="module")
def parallel(tmp_path_factory):
    return built(tmp_path_factory, SEEDS, "--docx")


@pytest.fixture(scope="module")
def sequential(tmp_path_factory):
    return built(tmp_path_factory, PROJECTS / "alphabet", "--docx", "--layout", "sequential", "--paper", "A5")


@pytest.fixture(scope="module")
def sequential_a4(tmp_path_factory):
    return built(tmp_path_factory, SEEDS, "--docx", "--layout", "sequential")


def xml(docx, part="word/document.xml") -> str:
    with zipfile.ZipFile(docx) as z:
        return z.read(part).decode("utf-8")


def test_only_docx_is_built_when_asked(parallel):
    assert sorted(p.name for p in (parallel / "dist").iterdir() if p.is_file()) == sorted(
        f"{p.name}.docx" for p in (SEEDS / "sources").iterdir() if p.is_dir())


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_libreoffice_reads_every_word_in_order(parallel, tmp_path, lang):
    text, said = convert(parallel / "dist" / f"{SLUG}.docx", "txt:Text (encoded):UTF8", tmp_path)
    assert "error" not in said.lower()
    # In order; the other language's words come between (a table row).
    in_order(source_words(SEEDS / "sources" / SLUG / f"{lang}.md"), words(text.read_text("utf-8-sig")))


def test_parallel_is_a_two_column_table_with_languages(parallel):
    doc = xml(parallel / "dist" / f"{SLUG}.docx")
    assert doc.count("<w:tbl>") == 1 and doc.count("<w:gridCol ") == 2
    widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', doc)]
    assert abs(widths[0] - widths[1]) <= 1
    assert '<w:lang w:val="ru-RU" />' in doc and '<w:lang w:val="kk-KZ" />' in doc
    assert "Версия:" in doc and "Нұсқа:" in doc  # the colophon


def test_sequential_and_paper(sequential, tmp_path):
    docx = next((sequential / "dist").glob("*.docx"))
    doc = xml(docx)
    assert "<w:tbl>" not in doc
    assert '<w:pgSz w:h="11906" w:w="8391" />' in doc  # A5, in twentieths of a point
    pdf, _ = convert(docx, "pdf", tmp_path)
    page = pypdf.PdfReader(pdf).pages[0]
    assert (round(float(page.mediabox.width) / 72 * 25.4), round(float(page.mediabox.height) / 72 * 25.4)) == (148, 210)


def test_reference_document_styles(parallel, tmp_path):
    docx = parallel / "dist" / f"{SLUG}.docx"
    theme = xml(docx, "word/theme/theme1.xml")
    assert re.search(r'<a:majorFont>\s*<a:latin typeface="PT Sans"', theme)
    assert re.search(r'<a:minorFont>\s*<a:latin typeface="PT Serif"', theme)
    assert '<w:pgSz w:h="16838" w:w="11906" />' in xml(docx)  # A4
    assert "PAGE" in xml(docx, "word/footer1.xml")
    pdf, _ = convert(docx, "pdf", tmp_path)
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) >= 2
    numbers = [page.extract_text().strip().splitlines()[-1].strip() for page in reader.pages]
    assert numbers == [str(n) for n in range(1, len(reader.pages) + 1)]  # the footer's page numbers


def test_same_commit_same_bytes_and_verified(tmp_path):
    from gitrepo import ScriptedRepo

    r = ScriptedRepo(tmp_path / "project")
    r.commit("Публикация", {f"sources/{SLUG}/{lang}.md": (SEEDS / "sources" / SLUG / f"{lang}.md").read_text("utf-8")
                            for lang in ("ru", "kk")}, tag="v1.0")
    assert run_cli("-C", str(r.root), "-q", "build", "--docx").code == 0
    first = (r.root / "dist" / f"{SLUG}.docx").read_bytes()
    assert run_cli("-C", str(r.root), "-q", "build", "--docx", "--force").code == 0
    assert (r.root / "dist" / f"{SLUG}.docx").read_bytes() == first
    run = run_cli("-C", str(r.root), "verify", "--json", str(r.root / "dist" / f"{SLUG}.docx"))
    assert run.code == 0 and '"kind": "docx"' in run.out and '"identical": true' in run.out


def pdf_pages(docx, tmp_path, fonts=None) -> list[str]:
    pdf, said = convert(docx, "pdf", tmp_path, fonts)
    assert "error" not in said.lower()
    return [page.extract_text().replace("\u00a0", " ") for page in pypdf.PdfReader(pdf).pages]


def fonts_drawn(pdf) -> set[str]:
    with pdfplumber.open(pdf) as doc:
        return {c["fontname"].split("+")[-1] for page in doc.pages for c in page.chars}


def test_styles_have_russian_names_under_pandocs_ids(parallel, tmp_path):
    docx = parallel / "dist" / f"{SLUG}.docx"
    styles = xml(docx, "word/styles.xml")
    names = dict(re.findall(r'<w:style [^>]*w:styleId="([^"]+)"[^>]*>\s*<w:name w:val="([^"]+)"', styles))
    used = set(re.findall(r'<w:pStyle w:val="([^"]+)"', xml(docx)))
    assert {"Heading1", "BodyText"} <= used
    for style in used:  # every paragraph style pandoc applied is defined, under a Russian name
        assert re.search("[А-Яа-я]", names[style]), (style, names.get(style))
    assert names["Heading1"] == "Заголовок 1" and names["BodyText"] == "Основной текст" and names["Normal"] == "Обычный"
    assert re.search(r'w:styleId="Heading1"[^>]*>\s*<w:name w:val="Заголовок 1" />\s*<w:aliases w:val="Тақырып 1" />', styles)
    assert len(re.findall(r'w:styleId="Heading1"', styles)) == 1  # pandoc added no English twin
    # LibreOffice reads them: the titles are in the style "Заголовок 1".
    flat, _ = convert(docx, "fodt", tmp_path)
    office = flat.read_text("utf-8")
    assert re.search(r'style:display-name="Заголовок 1"', office) or re.search(r'style:name="Заголовок 1"', office)
    assert re.search(r'<text:h [^>]*text:style-name="(P\d+|Заголовок_20_1)"', office)


def test_each_language_declared_with_its_country(sequential_a4):
    doc = xml(sequential_a4 / "dist" / f"{SLUG}.docx")
    # and English: the draft mark (this copy of the project is not a git repository)
    assert set(re.findall(r'<w:lang w:val="([^"]+)" />', doc)) == {"ru-RU", "kk-KZ", "en-GB"}
    for lang, code in (("ru", "ru-RU"), ("kk", "kk-KZ")):
        runs = re.findall(rf'<w:r><w:rPr>(?:(?!</w:rPr>).)*<w:lang w:val="{code}" />.*?<w:t xml:space="preserve">([^<]*)</w:t>',
                          doc)
        in_order(source_words(SEEDS / "sources" / SLUG / f"{lang}.md"), words(" ".join(runs)))
    assert re.search(r'<w:lang [^>]*w:val="ru-RU"', xml(sequential_a4 / "dist" / f"{SLUG}.docx", "word/styles.xml"))


def test_sequential_translations_start_on_new_pages_under_their_running_heads(sequential_a4, tmp_path):
    docx = sequential_a4 / "dist" / f"{SLUG}.docx"
    heads = ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml(docx, f"word/header{n}.xml"))).replace("\u00a0", " ")
             for n in (1, 2)]
    assert heads[0] == RU_TITLE and heads[1].startswith(KK_TITLE) and heads[1].endswith("…")  # the short title; cut
    pages = pdf_pages(docx, tmp_path)
    lines = [[line.strip() for line in page.splitlines() if line.strip()] for page in pages]
    kk_start = next(n for n, page in enumerate(lines) if KK_TITLE in " ".join(page) and heads[1] not in page)
    assert 0 < kk_start < len(pages) - 1
    assert " ".join(lines[kk_start]).startswith(KK_TITLE)  # a new page, no running head above the title
    assert lines[0][0] != heads[0]  # nor above the first (the draft mark, then the title)
    for n, page in enumerate(lines):
        if n not in (0, kk_start):
            assert page[0] == heads[n > kk_start], (n, page[:2])
        assert page[-1] == str(n + 1)  # the footer


def test_parallel_running_head_not_on_the_title_page(parallel, tmp_path):
    pages = pdf_pages(parallel / "dist" / f"{SLUG}.docx", tmp_path)
    assert len(pages) >= 2
    header = xml(parallel / "dist" / f"{SLUG}.docx", "word/header1.xml")
    assert '<w:lang w:val="ru-RU" />' in header
    for n, page in enumerate(pages):
        first = page.strip().splitlines()[0].strip()
        assert (first == RU_TITLE) == (n > 0), (n, first)  # the whole head is too long: its first title


def test_fonts_embedded_and_drawn_where_not_installed(sequential, tmp_path):
    docx = next((sequential / "dist").glob("*.docx"))
    with zipfile.ZipFile(docx) as z:
        fonts = sorted(n for n in z.namelist() if n.startswith("word/fonts/"))
        table = z.read("word/fontTable.xml").decode()
        regular = z.read("word/fonts/PTSerif-Regular.odttf")
    assert len(fonts) == 8 and all(n.endswith(".odttf") for n in fonts)
    assert regular[:4] != b"\x00\x01\x00\x00" and regular[32:] != b""  # obfuscated, as Word wants
    assert re.search(r'<w:font w:name="PT Serif">.*<w:embedRegular r:id="[^"]+" w:fontKey="\{[0-9A-F-]{36}\}" />', table)
    assert "<w:embedTrueTypeFonts />" in xml(docx, "word/settings.xml")
    conf = without_fonts(("PT Serif", "PT Sans"), tmp_path)
    drawn = fonts_drawn(convert(docx, "pdf", tmp_path / "embedded", conf)[0])
    assert {"PTSerif-Regular", "PTSans-Regular"} <= drawn, drawn
    # The same DOCX without its fonts: on this machine, nothing draws PT Serif then.
    bare = tmp_path / "bare" / docx.name
    bare.parent.mkdir()
    with zipfile.ZipFile(docx) as z, zipfile.ZipFile(bare, "w") as out:
        for item in z.infolist():
            data = z.read(item)
            if item.filename == "word/fontTable.xml":
                data = re.sub(rb"<w:embed\w+ [^>]*/>", b"", data)
            out.writestr(item, data)
    drawn = fonts_drawn(convert(bare, "pdf", tmp_path / "bare", conf)[0])
    assert not any(name.startswith("PT") for name in drawn), drawn


def test_a_projects_own_reference_document_is_used_as_it_is(tmp_path):
    """A project's `styles/reference.docx` (here pandoc's own) keeps its styles, headers and
    fonts; kzpublish still starts each translation on a new page."""
    from kzpublish.pandoc import default_reference_docx

    root = copy_project(PROJECTS / "alphabet", tmp_path / "project")
    (root / "styles").mkdir()
    (root / "styles" / "reference.docx").write_bytes(default_reference_docx())
    run = run_cli("-C", str(root), "-q", "build", "--docx", "--layout", "sequential")
    assert run.code == 0 and run.err == "", run.err
    docx = root / "dist" / "alphabet.docx"
    with zipfile.ZipFile(docx) as z:
        names = z.namelist()
    assert not any(n.startswith(("word/fonts/", "word/header")) for n in names)
    assert re.search(r'<w:name w:val="heading 1" />', xml(docx, "word/styles.xml"))
    doc = xml(docx)
    assert re.search(r'<w:br w:type="page" /></w:r></w:p>\s*<w:bookmarkStart w:id="\d+" w:name="kk" />', doc)
    pages = pdf_pages(docx, tmp_path / "office")
    assert len(pages) == 2 and pages[1].strip().startswith("Әліпби туралы мәлімдеме")


def test_every_heading_level_is_set_in_the_heading_face(tmp_path):
    """The Constitution: its articles (`## Статья 1`, `## 1-бап`) are the third level under the
    title and the sections; Word and LibreOffice draw them in PT Sans, as the levels above and
    as the PDF (pandoc's reference document gives no font of their own to levels 3 to 9, which
    then took the text's PT Serif)."""
    fixture = REPO / "tests" / "fixtures" / "constitution"
    root = make_project(tmp_path / "project", {f"sources/constitution/{lang}.md": (fixture / f"{lang}-2022.md").read_text("utf-8")
                                               for lang in ("ru", "kk")})
    run = run_cli("-C", str(root), "-q", "build", "--docx", "--layout", "sequential")
    assert run.code == 0 and run.err == "", run.err
    pdf, _ = convert(root / "dist" / "constitution.docx", "pdf", tmp_path / "office")
    with pdfplumber.open(pdf) as doc:
        articles = [line for page in doc.pages for line in page.extract_text_lines()
                    if re.fullmatch(r"Статья \d+|\d+-бап", line["text"].strip())]
    assert len(articles) == 12
    faces = {c["fontname"].split("+")[-1] for line in articles for c in line["chars"] if not c["text"].isspace()}
    assert faces == {"PTSans-Regular"}, faces


def test_images_are_inside_the_docx(tmp_path):
    """pandoc writes the DOCX in its sandbox, reading no file: the checked images reach it inside
    the page. A PNG and an SVG, each in the document where its paragraph put it, no warning."""
    from PIL import Image

    root = make_project(tmp_path, {
        "sources/law/ru.md": "---\ntitle: Закон\n---\n\nТекст со схемой.\n\n![Схема](images/scheme.png)\n\n"
                             "После схемы.\n\n![Вектор](images/vector.svg)\n",
        "sources/law/images/vector.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30">'
                                         '<rect width="40" height="30" fill="#c33"/></svg>'})
    Image.new("RGB", (40, 30), (200, 50, 50)).save(root / "sources/law/images/scheme.png")
    run = run_cli("-C", str(root), "build", "--docx")
    assert run.code == 0 and "warning" not in run.err, run.err
    with zipfile.ZipFile(root / "dist" / "law.docx") as docx:
        media = sorted(n for n in docx.namelist() if n.startswith("word/media/"))
        assert [n.rsplit(".", 1)[1] for n in media] == ["png", "svg"]
        with Image.open(docx.open(media[0])) as image:
            assert image.size == (40, 30) and image.getpixel((5, 5)) == (200, 50, 50)
        assert b"#c33" in docx.read(media[1])
    body = xml(root / "dist" / "law.docx")
    assert body.index("Текст") < body.index("<w:drawing>") < body.index("После")
