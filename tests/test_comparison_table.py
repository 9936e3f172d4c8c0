"""`kzpublish diff --table`: the comparison table of the Constitution's 2022 amendments, in HTML,
landscape A4 PDF and DOCX, read back."""

from __future__ import annotations

import re
import zipfile

import pypdf
import pytest

from conftest import run_cli
from gitrepo import ScriptedRepo
from test_wording_cases import KK, RU, fixture

RU_UNITS = ["Статья 2, п. 3", "Статья 2, п. 3-1", "Статья 4, п. 1", "Статья 15, п. 2", "Статья 26, п. 3"]
KK_UNITS = ["2-бап, 3-тармақ", "2-бап, 3-1-тармақ", "4-бап, 1-тармақ", "15-бап, 2-тармақ", "26-бап, 3-тармақ"]


@pytest.fixture(scope="module")
def amended(tmp_path_factory):
    r = ScriptedRepo(tmp_path_factory.mktemp("table") / "project")
    r.commit("Редакция 2019 года", {RU: fixture("ru-2019.md"), KK: fixture("kk-2019.md")}, tag="v2019")
    r.commit("Столица — Астана\n\nЗакон от 17 сентября 2022 года.", {
        RU: fixture("ru-2019.md").replace("город Нур-Султан.", "город Астана.").replace("города Нур-Султана", "города Астаны"),
        KK: fixture("kk-2019.md").replace("Нұр-Сұлтан", "Астана")})
    r.commit("Поправки, принятые на референдуме 5 июня 2022 года", {RU: fixture("ru-2022.md"), KK: fixture("kk-2022.md")})
    run = run_cli("-C", str(r.root), "diff", "konst", "--table", "--justify")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0].startswith("konst: v2019 → ")
    return r, [r.root / line for line in lines[1:]]


def rows(page: str, lang: str) -> list[list[str]]:
    section = page[page.index(f'<section class="comparison" lang="{lang}"'):]
    section = section[:section.index("</section>")]
    return [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", section) if "<td>" in row]


def test_one_table_per_language_with_the_changed_units_only(amended):
    _, (html_path, pdf_path, docx_path) = amended
    assert [p.name.rsplit(".", 2)[-2:] for p in (html_path, pdf_path, docx_path)] == [["table", "html"], ["table", "pdf"], ["table", "docx"]]
    page = html_path.read_text("utf-8")
    assert "<th>Структурная единица</th><th>Действующая редакция</th><th>Предлагаемая редакция</th><th>Обоснование</th>" in page
    assert "<th>Құрылымдық элемент</th><th>Қолданыстағы редакция</th><th>Ұсынылып отырған редакция</th><th>Негіздеме</th>" in page
    ru, kk = rows(page, "ru"), rows(page, "kk")
    assert [r[1] for r in ru] == RU_UNITS and [r[1] for r in kk] == KK_UNITS
    assert [r[0] for r in ru] == ["1", "2", "3", "4", "5"]
    assert ru[0][2].endswith("является город <del><strong>Нур-Султан</strong></del>.")
    assert ru[0][3].endswith("является город <strong>Астана</strong>.")
    assert "нормативных постановлений Конституционного <del><strong>Совета</strong></del> и Верховного Суда" in ru[2][2]
    assert ru[3][3] == "Никто не вправе произвольно лишать человека жизни. Смертная казнь <strong>запрещается</strong>."
    assert "<del><strong>Кеңесінің</strong></del>" in kk[2][2] and "<strong>Сотының</strong>" in kk[2][3]
    # The justification: the commits that changed each unit, between the two revisions.
    assert ru[0][4] == "Столица — Астана" and ru[1][4] == "Столица — Астана"
    assert ru[2][4] == "Поправки, принятые на референдуме 5 июня 2022 года"
    assert kk[0][4] == "Столица — Астана"
    assert '<h1>Сравнительная таблица</h1>\n<p class="doc-title">Конституция Республики Казахстан</p>' in page
    assert '<h1>Салыстырмалы кесте</h1>\n<p class="doc-title">Қазақстан Республикасының Конституциясы</p>' in page


def test_the_pdf_is_landscape_a4_with_both_tables(amended):
    _, (_, pdf_path, _) = amended
    pdf = pypdf.PdfReader(pdf_path)
    box = pdf.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (297, 210)
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())  # wherever the lines break
    for label in ("Сравнительная таблица", "Действующая редакция", "Салыстырмалы кесте", "Қолданыстағы редакция",
                  "Статья 15, п. 2", "15-бап, 2-тармақ", "Смертная казнь запрещается", "Өлім жазасына тыйым салынады"):
        assert label in text, label
    kk_page = next(n for n, p in enumerate(pdf.pages) if "Салыстырмалы кесте" in p.extract_text())
    assert kk_page > 0 and "Сравнительная таблица" not in pdf.pages[kk_page].extract_text()  # each table from a new page


def test_the_docx_keeps_the_table_and_the_marks(amended):
    _, (_, _, docx_path) = amended
    with zipfile.ZipFile(docx_path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert xml.count("<w:tbl>") == 2
    assert '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape" />' in xml  # landscape A4, as the PDF
    assert "Предлагаемая редакция" in xml and "Ұсынылып отырған редакция" in xml
    runs = re.findall(r"<w:r>(.*?)</w:r>", xml)
    astana = next(r for r in runs if "<w:t xml:space=\"preserve\">Астана</w:t>" in r or "<w:t>Астана</w:t>" in r)
    assert "<w:b />" in astana or "<w:b/>" in astana
    nur = next(r for r in runs if ">Нур-Султан<" in r)
    assert "<w:strike" in nur and ("<w:b />" in nur or "<w:b/>" in nur)


def test_an_unchanged_translation_gets_a_line_saying_so(tmp_path):
    r = ScriptedRepo(tmp_path / "project")
    r.commit("Редакция 2019 года", {RU: fixture("ru-2019.md"), KK: fixture("kk-2019.md")}, tag="v2019")
    r.commit("Только русский текст", {RU: fixture("ru-2022.md")})
    run = run_cli("-C", str(r.root), "diff", "konst", "--table")
    assert run.code == 0, run.err
    page = (r.root / run.out.splitlines()[1]).read_text("utf-8")
    assert [row[1] for row in rows(page, "ru")] == RU_UNITS
    assert '<p class="no-changes">Өзгерістер жоқ.</p>' in page and "Изменений нет." not in page
    assert "<th>Обоснование</th>" not in page  # no --justify: no such column
