"""The wording diff on a real text of real length: the Constitution of Kazakhstan (Section I,
articles 15 and 26) in Russian and Kazakh, in its 2019 edition and as amended in 2022
(tests/fixtures/constitution). Each case asserts the exact spans, their kinds and locators."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdf
import pytest

from conftest import run_cli
from gitrepo import ScriptedRepo

FIXTURES = Path(__file__).parent / "fixtures" / "constitution"
RU, KK = "sources/konst/ru.md", "sources/konst/kk.md"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text("utf-8")


@pytest.fixture
def repo(tmp_path):
    r = ScriptedRepo(tmp_path / "project")
    r.commit("Редакция 2019 года", {RU: fixture("ru-2019.md"), KK: fixture("kk-2019.md")}, tag="v2019")
    return r


def diff_json(repo, *args) -> dict:
    run = run_cli("-C", str(repo.root), "diff", "konst", "--json", *args)
    assert run.code == 0, run.err
    return json.loads(run.out)


def spans(data, lang="ru", kinds=None, keys=("kind", "old", "new")):
    return [tuple(s[k] for k in keys) for s in data["languages"][lang]["spans"] if kinds is None or s["kind"] in kinds]


def test_the_2022_amendments_are_diffed_word_by_word_in_both_languages(repo):
    repo.commit("Поправки 2022 года", {RU: fixture("ru-2022.md"), KK: fixture("kk-2022.md")})
    data = diff_json(repo)
    assert spans(data, keys=("locator", "block_kind", "kind", "old", "new")) == [
        ("Статья 2, п. 3", "item", "changed", "Нур-Султан", "Астана"),
        ("Статья 2, п. 3-1", "paragraph", "changed", "Нур-Султана", "Астаны"),
        ("Статья 4, п. 1", "item", "changed", "Совета", "Суда"),
        ("Статья 15, п. 2", "item", "changed",
         "устанавливается законом как исключительная мера наказания за террористические преступления, сопряженные "
         "с гибелью людей, а также за особо тяжкие преступления, совершенные в военное время, с предоставлением "
         "приговоренному права просить о помиловании", "запрещается"),
        ("Статья 26, п. 3", "item", "changed", "находятся в государственной", "принадлежат народу. От имени народа право"),
        ("Статья 26, п. 3", "item", "inserted", "", "осуществляет государство"),
    ]
    # Article 15's second point lost most of its words, and is still that point, amended.
    kk = data["languages"]["kk"]
    assert kk["structure"] == [] and data["languages"]["ru"]["structure"] == []
    assert spans(data, "kk", keys=("locator", "kind", "old", "new")) == [
        ("2-бап, 3-тармақ", "changed", "Нұр-Сұлтан", "Астана"),
        ("2-бап, 3-1-тармақ", "changed", "Нұр-Сұлтан", "Астана"),
        ("4-бап, 1-тармақ", "changed", "Кеңесінің", "Сотының"),
        ("15-бап, 2-тармақ", "changed",
         "жазасы адамдардың қаза болуымен байланысты террористік қылмыстар жасағаны үшін, сондай-ақ соғыс уақытында "
         "ерекше ауыр қылмыстар жасағаны үшін ең ауыр жаза ретінде заңмен белгіленеді, ондай жазаға кесілген адамға "
         "кешірім жасау туралы өтініш ету құқығы беріледі", "жазасына тыйым салынады"),
        ("26-бап, 3-тармақ", "inserted", "", "халыққа тиесілі. Халық атынан меншік құқығын"),
        ("26-бап, 3-тармақ", "changed", "меншігінде болады", "жүзеге асырады"),  # unrelated words: one span
    ]
    assert {s["block_status"] for s in kk["spans"]} == {"changed"}


def test_a_kazakh_point_half_rewritten_keeps_its_lookalike_fix(repo):
    # The 2022 wording of 26-бап 3-тармақ, with a Latin i of the earlier text put right in the same commit.
    repo.commit("Латинская i", {KK: fixture("kk-2019.md").replace("жануарлар дүниесі", "жануарлар дүниесi")})
    repo.commit("26-бап", {KK: fixture("kk-2022.md")})
    data = diff_json(repo, "--from", "HEAD~1")
    point = [s for s in data["languages"]["kk"]["spans"] if s["locator"] == "26-бап, 3-тармақ"]
    assert [(s["kind"], s["old"], s["new"]) for s in point] == [
        ("lookalike", "дүниесi", "дүниесі"),
        ("inserted", "", "халыққа тиесілі. Халық атынан меншік құқығын"),
        ("changed", "меншігінде болады", "жүзеге асырады"),
    ]
    assert data["languages"]["kk"]["counts"]["lookalike"] == 1
    run = run_cli("-C", str(repo.root), "diff", "konst", "--from", "HEAD~1")
    assert run.out.splitlines()[0].endswith("kk: +7 −33 ~8 words, 1 look-alike")  # named as what it is


def test_splitting_and_joining_words_is_a_change_of_wording(repo):
    repo.commit("Слитно", {RU: fixture("ru-2019.md").replace("Никто не может", "Никто неможет"),
                           KK: fixture("kk-2019.md").replace("қол сұғылмаушылығын", "қолсұғылмаушылығын")})
    repo.commit("Раздельно", {RU: fixture("ru-2019.md"), KK: fixture("kk-2019.md")})
    data = diff_json(repo, "--from", "HEAD~1")
    assert spans(data, keys=("locator", "kind", "old", "new")) == [("Статья 3, п. 3", "boundary", "неможет", "не может")]
    assert spans(data, "kk", keys=("locator", "kind", "old", "new")) == [
        ("2-бап, 2-тармақ", "boundary", "қолсұғылмаушылығын", "қол сұғылмаушылығын")]
    assert data["languages"]["kk"]["counts"]["boundary"] == 1
    assert data["languages"]["kk"]["spans"][0]["block_status"] == "changed"
    run = run_cli("-C", str(repo.root), "diff", "konst", "--from", "HEAD~1")
    assert "kk: +0 −0 ~0 words, 1 spacing/word boundary" in run.out.splitlines()[0]


def test_yo_restorations_are_a_class_of_their_own(repo):
    repo.commit("Ё", {RU: fixture("ru-2019.md").replace("на всю ее территорию", "на всю её территорию")
                      .replace("перед ее законами", "перед её законами")})
    data = diff_json(repo)
    ru = data["languages"]["ru"]
    assert spans(data, keys=("locator", "kind", "old", "new")) == [
        ("Статья 2, п. 2", "yo", "ее", "её"), ("Статья 4, п. 3", "yo", "ее", "её")]
    assert ru["counts"]["yo"] == 2 and ru["counts"]["wording"] == {"inserted": 0, "deleted": 0, "changed": 0}
    assert {s["block_status"] for s in ru["spans"]} == {"typography"}
    run = run_cli("-C", str(repo.root), "diff", "konst")
    assert "ru: +0 −0 ~0 words, 2 е/ё" in run.out.splitlines()[0]
    page = (repo.root / run.out.splitlines()[1]).read_text("utf-8")
    assert '<span class="look yo" title="&#x27;ее&#x27; → &#x27;её&#x27;"><del>ее</del><ins>её</ins></span>' in page


@pytest.mark.parametrize("dash", ["--", "-"])
def test_an_ascii_dash_printed_as_a_dash_is_typography(repo, dash):
    repo.commit("ASCII", {KK: fixture("kk-2019.md").replace("бастауы – халық", f"бастауы {dash} халық")})
    repo.commit("Тире", {KK: fixture("kk-2019.md")})
    data = diff_json(repo, "--from", "HEAD~1")
    assert spans(data, "kk") == [("typography", dash, "–")]
    assert data["languages"]["kk"]["counts"]["wording"] == {"inserted": 0, "deleted": 0, "changed": 0}


PREAMBLE = ("Мы, народ Казахстана, объединенный общей исторической судьбой, созидая государственность на исконной "
            "казахской земле, сознавая себя миролюбивым гражданским обществом, приверженным идеалам свободы, "
            "равенства и согласия,\n\nжелая занять достойное место в мировом сообществе, осознавая свою высокую "
            "ответственность перед нынешним и будущими поколениями, исходя из своего суверенного права, принимаем "
            "настоящую Конституцию.\n\n")


def test_a_word_moved_across_a_paragraph_boundary_of_one_sentence_is_a_reflow(repo):
    start = fixture("ru-2019.md").replace("# Раздел I.", PREAMBLE + "# Раздел I.")
    repo.commit("Преамбула", {RU: start})
    repo.commit("Перенос", {RU: start.replace("согласия,\n\nжелая занять", "согласия, желая\n\nзанять")})
    data = diff_json(repo, "--from", "HEAD~1")
    ru = data["languages"]["ru"]
    assert spans(data, keys=("block", "kind", "old", "new")) == [(1, "reflow", "", "желая"), (2, "reflow", "желая", "")]
    assert ru["counts"]["reflow"] == 1
    assert ru["counts"]["wording"] == {"inserted": 0, "deleted": 0, "changed": 0}
    assert {s["block_status"] for s in ru["spans"]} == {"reflow"}


def test_moving_a_word_between_two_sentences_is_wording(repo):
    start = fixture("ru-2019.md").replace("# Раздел I.", PREAMBLE.replace("согласия,\n\n", "согласия.\n\n") + "# Раздел I.")
    repo.commit("Преамбула", {RU: start})
    repo.commit("Перенос", {RU: start.replace("согласия.\n\nжелая занять", "согласия. желая\n\nзанять")})
    data = diff_json(repo, "--from", "HEAD~1")
    assert spans(data) == [("inserted", "", "желая"), ("deleted", "желая", "")]


def test_figures_anchors_and_links(repo):
    base = fixture("ru-2019.md").replace(
        "## Статья 1\n", '## Статья 1\n\n<a id="st1"></a>Текст Конституции: [закон](https://adilet.zan.kz/rus/docs/K950001000_).\n')
    repo.commit("Ссылка", {RU: base})
    repo.commit("Новая ссылка и герб", {RU: base.replace("K950001000_)", "K950001000_/compare)").replace(
        "## Статья 2\n", "## Статья 2\n\n![Герб Республики Казахстан](images/gerb.png)\n")})
    data = diff_json(repo, "--from", "HEAD~1")
    assert spans(data, keys=("locator", "block_kind", "block_status", "kind", "old", "new")) == [
        ("Статья 1, абзац 1", "paragraph", "link", "link",
         "https://adilet.zan.kz/rus/docs/K950001000_", "https://adilet.zan.kz/rus/docs/K950001000_/compare"),
        ("Статья 2, абзац 1", "figure", "inserted", "inserted", "", "Герб Республики Казахстан"),
    ]
    ru = data["languages"]["ru"]
    assert ru["counts"]["links"] == 1 and ru["counts"]["wording"]["inserted"] == 3  # the caption once
    run = run_cli("-C", str(repo.root), "diff", "konst", "--from", "HEAD~1")
    page = (repo.root / run.out.splitlines()[1]).read_text("utf-8")
    assert "&lt;a id" not in page and "<a id=" not in page
    assert "K950001000_/compare" in page


def test_the_redline_collapses_what_did_not_change(repo):
    repo.commit("Поправки 2022 года", {RU: fixture("ru-2022.md"), KK: fixture("kk-2022.md")})
    run = run_cli("-C", str(repo.root), "diff", "konst")
    assert run.code == 0, run.err
    html_path, pdf_path = run.out.splitlines()[1:3]
    page = (repo.root / html_path).read_text("utf-8")
    # Раздел I … Статья 2, п. 1 (6 blocks) collapsed; п. 2 shown as the context of п. 3
    assert page.index('<details class="unchanged"><summary>Блоков без изменений: 6 · Өзгеріссіз блоктар: 6</summary>') \
        < page.index("</details>") < page.index("Суверенитет Республики")
    summaries = re.findall(r'<details class="unchanged"><summary>Блоков без изменений: (\d+)', page)
    assert summaries == ["6", "5", "3", "6", "5", "3"]  # in each language: before п. 3, before ст. 4, before ст. 15
    assert page.count('class="block changed') == 10
    pdf = pypdf.PdfReader(repo.root / pdf_path)
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Блоков без изменений: 6" in text and "Суверенитет Республики" in text
    assert "Единственным источником" not in text  # article 3, unchanged, is only counted
    assert len(pdf.pages) <= 4


def test_the_parsed_cache_keeps_link_targets_and_item_numbers(repo):
    base = fixture("ru-2019.md").replace("## Статья 1\n", "## Статья 1\n\nСм. [закон](https://adilet.zan.kz/rus/docs/K950001000_).\n")
    repo.commit("Ссылка", {RU: base})
    repo.commit("Поправки", {RU: fixture("ru-2022.md").replace("## Статья 1\n", "## Статья 1\n\nСм. [закон](https://adilet.zan.kz/rus/docs/K950001000_/compare).\n")})
    cold = diff_json(repo, "--from", "HEAD~1")
    assert list((repo.root / "dist/.stamps/parsed").iterdir())  # the versions were kept…
    warm = diff_json(repo, "--from", "HEAD~1")  # …and read back: the same diff, links and numbers included
    assert warm == cold
    assert spans(warm, keys=("locator", "kind"))[:3] == [("Статья 1, абзац 1", "link"), ("Статья 2, п. 3", "changed"),
                                                         ("Статья 2, п. 3-1", "changed")]
