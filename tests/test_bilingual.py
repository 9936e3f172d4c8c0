"""Bilingual editions: alignment, the parallel PDF, EPUB links between translations, drift."""

from __future__ import annotations

import json
import zipfile
from xml.etree import ElementTree as ET

import pypdf
import pytest

from conftest import SEEDS, copy_project, make_project, run_cli
from gitrepo import ScriptedRepo
from kzpublish.align import align
from kzpublish.blocks import blocks_of
from kzpublish.errors import SourceLocation
from kzpublish.pandoc import read_markdown
from readback import page_text, words

XHTML = "{http://www.w3.org/1999/xhtml}"


def blocks(text: str):
    return blocks_of(read_markdown(text, SourceLocation("x"))["blocks"])


def test_seed_resolution_aligns_paragraph_by_paragraph():
    run = run_cli("-C", str(SEEDS), "align", "paris-resolution-2019", "--json")
    assert run.code == 0, run.err
    pairs = json.loads(run.out)["pairs"]
    assert [(p["ru"], p["kk"]) for p in pairs] == [([n], [n]) for n in range(1, 9)]
    assert all(p["method"] == "structure" and p["confidence"] >= 0.7 for p in pairs)
    assert pairs[5]["ru_text"].startswith("Мы, делегаты конференции")
    assert pairs[5]["kk_text"].startswith("Біздер, конференция делегаттары")
    table = run_cli("-C", str(SEEDS), "align", "paris-resolution-2019").out.splitlines()
    assert len(table) == 9 and "Мы, делегаты конференции" in table[6] and "Біздер, конференция" in table[6]


RU = """Первый абзац о выборах и о том, как власть взяла под контроль весь выборный процесс в стране.

Второй абзац длиннее: инакомыслие преследуется по законам антинародной власти, и это стало настолько обыденным, что людей сажают в тюрьму за мнение. За мнение не должны судить.

Третий абзац о требованиях: освободить всех политзаключенных.
"""
KK = """Бірінші абзац сайлау туралы және биліктің бүкіл сайлау процесін қалай бақылауға алғаны туралы.

Екінші абзац: ой еркіндігі халыққа қарсы билік тарапынан заңмен қудаланады, бұл соншалық әдеттегі нәрсеге айналды.

Адамдарды пікірі үшін түрмеге қамайды. Пікір үшін соттауға болмайды.

Үшінші абзац талаптар туралы: барлық саяси тұтқындарды босату.
"""


def test_a_paragraph_split_in_the_translation_aligns_one_to_two():
    pairs = align(blocks(RU), blocks(KK))
    assert [(p.left, p.right) for p in pairs] == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]
    assert pairs[1].method == "length"


def test_the_same_id_pairs_blocks_whatever_their_lengths():
    ru = "::: {#a}\nКоротко.\n:::\n\nОчень длинный абзац " + "слово " * 80 + "\n\n::: {#b}\nЕщё.\n:::\n"
    kk = "::: {#a}\nҚысқа.\n:::\n\n::: {#b}\nТағы.\n:::\n\nҰзын абзац " + "сөз " * 80 + "\n"
    pairs = align(blocks(ru), blocks(kk))
    assert [(p.left, p.right, p.method) for p in pairs if p.method == "id"] == [((0,), (0,), "id"), ((2,), (1,), "id")]


def pair_pages(pdf, left: list[str], right: list[str]):
    """For each pair, the pages its left and its right text start on (letters only, so a line-end
    hyphen does not matter). Three words: the first two lines of a paragraph stay together
    (`orphans: 2`), so they are on the page the pair starts on, wherever that page breaks."""
    pages = ["".join(words(page_text(p))) for p in pypdf.PdfReader(pdf).pages]
    for a, b in zip(left, right):
        a3, b3 = "".join(words(a)[:3]), "".join(words(b)[:3])
        yield [i for i, t in enumerate(pages) if a3 in t], [i for i, t in enumerate(pages) if b3 in t]


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_parallel_pdf_puts_each_pair_on_the_same_page(tmp_path, paper):
    root = copy_project(SEEDS, tmp_path)
    assert run_cli("-C", str(root), "-q", "build", "--pdf", "--paper", paper, "paris-resolution-2019").code == 0
    pairs = json.loads(run_cli("-C", str(root), "align", "paris-resolution-2019", "--json").out)["pairs"]
    pdf = root / "dist" / "paris-resolution-2019.pdf"
    for left_pages, right_pages in pair_pages(pdf, [p["ru_text"] for p in pairs], [p["kk_text"] for p in pairs]):
        assert left_pages and left_pages == right_pages
    first = page_text(pypdf.PdfReader(pdf).pages[0])
    assert "РУССКИЙ" in first and "ҚАЗАҚША" in first  # the head names the languages


def test_layout_from_front_matter_and_command_line(tmp_path):
    files = {"sources/d/ru.md": "---\ntitle: Тест\nlayout: sequential\n---\n\nТекст.\n",
             "sources/d/kk.md": "---\ntitle: Тест\n---\n\nМәтін.\n"}
    root = make_project(tmp_path, files)
    assert run_cli("-C", str(root), "-q", "build", "--pdf").code == 0
    assert len(pypdf.PdfReader(root / "dist" / "d.pdf").pages) == 2  # one language per page
    assert run_cli("-C", str(root), "-q", "build", "--pdf", "--layout", "parallel").code == 0
    assert len(pypdf.PdfReader(root / "dist" / "d.pdf").pages) == 1


def test_epub_blocks_link_to_their_counterparts_and_back(seed_build):
    with zipfile.ZipFile(seed_build / "dist" / "paris-resolution-2019.epub") as z:
        chapters = {lang: ET.fromstring(z.read(f"EPUB/{lang}.xhtml")) for lang in ("ru", "kk")}
    for lang, other in (("ru", "kk"), ("kk", "ru")):
        units = [d for d in chapters[lang].iter(f"{XHTML}div") if "unit" in (d.get("class") or "")]
        assert len(units) == 8
        for unit in units:
            link = unit.find(f"{XHTML}a")
            assert link.get("class") == "counterpart" and link.get("lang") == other
            target_file, target_id = link.get("href").split("#")
            assert target_file == f"{other}.xhtml"
            target = next(d for d in chapters[other].iter(f"{XHTML}div") if d.get("id") == target_id)
            back = target.find(f"{XHTML}a").get("href")
            assert back == f"{lang}.xhtml#{unit.get('id')}"


# --- drift ------------------------------------------------------------------------------------

DRU = "---\ntitle: Заявление\n---\n\nМы требуем честных выборов.\n\nМы требуем свободы слова.\n"
DKK = "---\ntitle: Мәлімдеме\n---\n\nБіз адал сайлау талап етеміз.\n\nБіз сөз бостандығын талап етеміз.\n"


@pytest.fixture
def bilingual(tmp_path):
    r = ScriptedRepo(tmp_path / "p")
    r.commit("Обе версии", {"sources/s/ru.md": DRU, "sources/s/kk.md": DKK})
    return r


def drift_json(repo, *args):
    run = run_cli("-C", str(repo.root), "drift", "s", "--json", *args)
    assert run.code == 0, run.err
    return json.loads(run.out)["s"]


def test_no_drift_when_both_sides_are_as_they_were(bilingual):
    assert drift_json(bilingual) == []
    assert run_cli("-C", str(bilingual.root), "drift", "--strict").code == 0


def test_ru_changed_kk_not(bilingual):
    bilingual.edit("sources/s/ru.md", "честных выборов", "свободных выборов")
    commit = bilingual.commit("Правка ru")
    (d,) = drift_json(bilingual)
    assert (d["pair"], d["changed"], d["other"]) == (1, "ru", "kk")
    assert d["since"]["commit"] == commit and d["since"]["subject"] == "Правка ru"
    assert d["changes"] == [{"kind": "changed", "old": "честных", "new": "свободных"}]
    assert d["other_text"] == "Біз адал сайлау талап етеміз."
    run = run_cli("-C", str(bilingual.root), "drift", "--strict")
    assert run.code == 1 and "абзац 1 · 1-абзац: ru changed in" in run.out and "честных → свободных" in run.out
    assert "    ru: Мы требуем свободных выборов.\n    kk: Біз адал сайлау талап етеміз.\n" in run.out


def test_both_sides_changed_together(bilingual):
    bilingual.edit("sources/s/ru.md", "свободы слова", "свободы слова и собраний")
    bilingual.edit("sources/s/kk.md", "сөз бостандығын", "сөз бен жиналыс бостандығын")
    bilingual.commit("Обе правки")
    assert drift_json(bilingual) == []


def test_kk_fixed_later(bilingual):
    bilingual.edit("sources/s/ru.md", "свободы слова", "свободы слова и собраний")
    bilingual.commit("ru")
    assert [d["pair"] for d in drift_json(bilingual)] == [2]
    bilingual.edit("sources/s/kk.md", "сөз бостандығын", "сөз бен жиналыс бостандығын")
    bilingual.commit("kk догоняет")
    assert drift_json(bilingual) == []


def test_kk_changed_alone_is_drift_of_kk(bilingual):
    bilingual.edit("sources/s/kk.md", "адал сайлау", "әділ сайлау")
    bilingual.commit("kk typo")
    (d,) = drift_json(bilingual)
    assert (d["changed"], d["other"], d["changes"]) == ("kk", "ru", [{"kind": "changed", "old": "адал", "new": "әділ"}])


def test_checked_mark_ends_a_deliberate_one_sided_fix(bilingual):
    bilingual.edit("sources/s/kk.md", "адал сайлау", "әділ сайлау")
    bilingual.commit("Опечатка в kk\n\nTranslation-checked: s")
    assert drift_json(bilingual) == []
    bilingual.edit("sources/s/kk.md", "әділ сайлау", "шынайы сайлау")
    bilingual.commit("Ещё одна правка kk")
    assert [d["changed"] for d in drift_json(bilingual)] == ["kk"]


def test_uncommitted_changes_count(bilingual):
    bilingual.edit("sources/s/ru.md", "честных", "прозрачных")
    (d,) = drift_json(bilingual)
    assert d["since"]["commit"] is None and d["changes"][0]["new"] == "прозрачных"


def test_typography_only_change_is_no_drift(bilingual):
    bilingual.edit("sources/s/ru.md", "Мы требуем честных выборов.", "Мы\u00a0требуем честных выборов.")
    bilingual.commit("Неразрывный пробел")
    assert drift_json(bilingual) == []
