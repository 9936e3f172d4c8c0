"""Alignment an editor can rely on: numbered headings and points as fixed points, the banded
length aligner, warnings naming both lines; drift named by locators; checking one part."""

from __future__ import annotations

import json
import random

import pytest

from conftest import make_project, run_cli
from gitrepo import ScriptedRepo
from kzpublish.align import align, mismatches
from kzpublish.blocks import Block, blocks_of
from kzpublish.errors import SourceLocation
from kzpublish.locators import heading_number, locators
from kzpublish.pandoc import read_markdown
from test_wording_cases import KK, RU, fixture


def blocks(text: str):
    return blocks_of(read_markdown(text, SourceLocation("x"))["blocks"])


def test_headings_are_read_as_numbered_units():
    assert [(n.unit, n.value, lang) for n, lang in map(heading_number, [
        "Статья 4", "4-бап", "4 бап", "Раздел II. Человек и гражданин", "II бөлім", "Глава 3", "3-тарау", "I БӨЛІМ"])] == [
        ("article", "4", "ru"), ("article", "4", "kk"), ("article", "4", "kk"), ("section", "2", "ru"),
        ("section", "2", "kk"), ("chapter", "3", "ru"), ("chapter", "3", "kk"), ("section", "1", "kk")]
    assert heading_number("Общие положения") is None


def test_the_constitution_pairs_unit_by_unit():
    ru, kk = blocks(fixture("ru-2022.md")), blocks(fixture("kk-2022.md"))
    pairs = align(ru, kk)
    assert [(p.left, p.right) for p in pairs] == [((k,), (k,)) for k in range(len(ru))]
    assert {p.method for p in pairs} == {"number"} and mismatches(ru, kk, pairs) == []
    names = list(zip(locators(ru, "ru"), locators(kk, "kk")))
    assert names[:4] == [("Раздел I", "I бөлім"), ("Статья 1", "1-бап"), ("Статья 1, п. 1", "1-бап, 1-тармақ"),
                         ("Статья 1, п. 2", "1-бап, 2-тармақ")]
    assert ("Статья 2, п. 3-1", "2-бап, 3-1-тармақ") in names


def test_other_spellings_of_the_numbers_pair_too():
    ru = blocks("## Глава 3\n\nТекст главы.\n\n## Статья 4\n\nКороткая статья.\n\n1. пункт один\n2. пункт два\n")
    kk = blocks("## 3-тарау\n\nТараудың мәтіні, ұзынырақ жазылған.\n\nҚосымша абзац.\n\n## 4 бап\n\nҚысқа бап.\n\n"
                "1. бірінші тармақ\n2. екінші тармақ\n")
    pairs = align(ru, kk)
    named = [(p.method, [ru[i].text for i in p.left], [kk[j].text for j in p.right]) for p in pairs]
    assert ("number", ["Глава 3"], ["3-тарау"]) in named and ("number", ["Статья 4"], ["4 бап"]) in named
    assert ("number", ["пункт два"], ["екінші тармақ"]) in named


def test_an_article_moved_in_one_translation_is_never_paired_silently():
    kk = fixture("kk-2022.md")
    a, b, c = kk.index("## 3-бап"), kk.index("## 4-бап"), kk.index("# II бөлім")
    moved = kk[:a] + kk[b:c] + kk[a:b] + kk[c:]
    ru, kk_blocks = blocks(fixture("ru-2022.md")), blocks(moved)
    pairs = align(ru, kk_blocks)
    headings = [([ru[i].text for i in p.left if ru[i].kind == "heading"], [kk_blocks[j].text for j in p.right if kk_blocks[j].kind == "heading"])
                for p in pairs]
    assert (["Статья 4"], ["4-бап"]) in headings
    assert not any("Статья 3" in a and "3-бап" not in b and b for a, b in headings)  # never with another article
    flagged = {(tuple(ru[i].text for i in p.left), tuple(kk_blocks[j].text for j in p.right)): why
               for p, why in mismatches(ru, kk_blocks, pairs)}
    assert flagged[(("Статья 3",), ())] == "check that the translation has it"
    assert flagged[((), ("3-бап",))] == "check that the translation has it"


def test_a_parallel_build_warns_naming_both_lines_and_strict_fails(tmp_path):
    kk = fixture("kk-2022.md")
    kk = kk.replace("## 4-бап", "## 5-бап")  # a wrong number in the translation
    root = make_project(tmp_path, {RU: fixture("ru-2022.md"), KK: kk})
    run = run_cli("-C", str(root), "build", "--pdf", "konst")
    assert run.code == 0, run.err
    line_ru = fixture("ru-2022.md").splitlines().index("## Статья 4") + 1
    line_kk = kk.splitlines().index("## 5-бап") + 1
    assert (f"warning: {RU}:{line_ru}: «Статья 4» is paired with «5-бап» ({KK}:{line_kk}): "
            "the numbers of the headings disagree") in run.err
    strict = run_cli("-C", str(root), "build", "--pdf", "--strict", "--force", "konst")
    assert strict.code == 1 and f"{RU}:{line_ru}" in strict.err


def long_text(count: int):
    rng = random.Random(3)
    left, right, truth = [], [], []
    for k in range(count):
        words = rng.randint(10, 80)
        left.append(Block("paragraph", " ".join("сөз" for _ in range(words))))
        kk = " ".join("word" for _ in range(words))
        if k % 97 == 96:
            truth.append(((k,), ()))
            continue
        if k % 41 == 40:
            half = len(kk) // 2
            right += [Block("paragraph", kk[:half]), Block("paragraph", kk[half:])]
            truth.append(((k,), (len(right) - 2, len(right) - 1)))
        else:
            right.append(Block("paragraph", kk))
            truth.append(((k,), (len(right) - 1,)))
    return left, right, truth


def test_the_band_finds_what_the_whole_table_finds(monkeypatch):
    left, right, truth = long_text(400)
    banded = [(p.left, p.right) for p in align(left, right)]
    monkeypatch.setattr("kzpublish.align.BAND", 10_000)
    assert banded == [(p.left, p.right) for p in align(left, right)]
    assert len(set(banded) & set(truth)) >= 0.95 * len(truth)


def test_the_banded_aligner_keeps_every_block_once_in_a_long_text():
    left, right, truth = long_text(3000)
    found = [(p.left, p.right) for p in align(left, right)]
    assert len(set(found) & set(truth)) >= 0.95 * len(truth)
    assert [i for p, _ in found for i in p] == list(range(3000))  # every block once, in order
    assert [j for _, q in found for j in q] == list(range(len(right)))


# --- drift --------------------------------------------------------------------------------------

@pytest.fixture
def konst(tmp_path):
    r = ScriptedRepo(tmp_path / "p")
    r.commit("Обе версии", {RU: fixture("ru-2019.md"), KK: fixture("kk-2019.md")})
    return r


def drift(repo) -> list[dict]:
    run = run_cli("-C", str(repo.root), "drift", "konst", "--json")
    assert run.code == 0, run.err
    return json.loads(run.out)["konst"]


def test_drift_names_pairs_by_locator_and_shows_both_texts(konst):
    konst.edit(KK, "Кеңесінің", "Сотының")
    konst.commit("4-бап: Конституциялық Сот")
    (d,) = drift(konst)
    assert (d["locator"], d["other_locator"], d["changed"]) == ("4-бап, 1-тармақ", "Статья 4, п. 1", "kk")
    assert d["changes"] == [{"kind": "changed", "old": "Кеңесінің", "new": "Сотының"}]
    run = run_cli("-C", str(konst.root), "drift", "konst")
    lines = run.out.splitlines()
    assert lines[1].startswith("  4-бап, 1-тармақ · Статья 4, п. 1: kk changed in ")
    assert lines[2] == "    Кеңесінің → Сотының"
    assert lines[3].startswith("    kk: Қазақстан Республикасында қолданылатын құқық") and "Сотының" in lines[3]
    assert lines[4].startswith("    ru: Действующим правом") and "Конституционного Совета" in lines[4]


def test_drift_sees_a_word_boundary(konst):
    konst.edit(KK, "қол сұғылмаушылығын", "қолсұғылмаушылығын")
    konst.commit("Слитно")
    (d,) = drift(konst)
    assert d["changes"] == [{"kind": "boundary", "old": "қол сұғылмаушылығын", "new": "қолсұғылмаушылығын"}]


@pytest.mark.parametrize("part", ["konst#4-бап", "konst#4-бап, 1-тармақ", "konst#Статья 4", "konst#статья-4"])
def test_checking_one_part_clears_only_that_part(konst, part):
    konst.edit(KK, "Кеңесінің", "Сотының")
    konst.commit("4-бап")
    assert [d["locator"] for d in drift(konst)] == ["4-бап, 1-тармақ"]
    konst.edit(KK, "Нұр-Сұлтан қаласы болып", "Астана қаласы болып")
    konst.commit(f"2-бап; 4-бап проверена\n\nTranslation-checked: {part}")
    assert [d["locator"] for d in drift(konst)] == ["2-бап, 3-тармақ"]


def test_renaming_the_folder_keeps_what_was_checked(konst):
    konst.edit(KK, "Кеңесінің", "Сотының")
    konst.commit("4-бап\n\nTranslation-checked: konst")
    konst.git("mv", "sources/konst", "sources/constitution")
    konst.commit("Папка переименована")
    run = run_cli("-C", str(konst.root), "drift", "constitution", "--json")
    assert run.code == 0, run.err
    assert json.loads(run.out) == {"constitution": []}


def test_align_names_the_units_and_the_pairs_to_check(tmp_path):
    kk = fixture("kk-2022.md").replace("## 4-бап", "## 5-бап")
    root = make_project(tmp_path, {RU: fixture("ru-2022.md"), KK: kk})
    run = run_cli("-C", str(root), "align", "konst", "--json")
    assert run.code == 0, run.err
    pairs = json.loads(run.out)["pairs"]
    point = next(p for p in pairs if p["ru_locator"] == "Статья 2, п. 3-1")
    assert (point["kk_locator"], point["method"], point["check"]) == ("2-бап, 3-1-тармақ", "number", None)
    flagged = [(p["ru_locator"], p["kk_locator"], p["check"]) for p in pairs if p["check"]]
    assert flagged == [("Статья 4", "5-бап", "the numbers of the headings disagree")]
    table = run_cli("-C", str(root), "align", "konst").out
    assert "Статья 4" in table and "← check: the numbers of the headings disagree" in table


def test_checking_a_part_by_its_heading_id(tmp_path):
    ru = "---\ntitle: Декларация\n---\n\n## Статья 4 {#article-4}\n\nНикто не должен содержаться в рабстве.\n\n" \
         "## Статья 5 {#article-5}\n\nНикто не должен подвергаться пыткам.\n"
    kk = "---\ntitle: Декларация\n---\n\n## 4-бап {#article-4}\n\nЕшкім де құлдықта ұсталмауға тиіс.\n\n" \
         "## 5-бап {#article-5}\n\nЕшкім де азаптауға ұшырамауға тиіс.\n"
    r = ScriptedRepo(tmp_path / "p")
    r.commit("Обе версии", {"sources/udhr/ru.md": ru, "sources/udhr/kk.md": kk})
    r.edit("sources/udhr/kk.md", "азаптауға", "азаптауға немесе қатыгездікке")
    r.edit("sources/udhr/kk.md", "құлдықта", "құлдықта немесе күңдікте")
    r.commit("kk: 4-бап, 5-бап\n\nTranslation-checked: udhr#article-5")
    run = run_cli("-C", str(r.root), "drift", "udhr", "--json")
    assert run.code == 0, run.err
    assert [(d["locator"], d["other_locator"]) for d in json.loads(run.out)["udhr"]] == [("4-бап, 1-абзац", "Статья 4, абзац 1")]
