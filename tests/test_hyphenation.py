"""Kazakh hyphenation from the spelling rules, and Russian through pyphen's ru_RU.

Each word is written with every break the rules allow (at least two letters on either side).
A break kzpublish finds that is not in the table is wrong and fails the test; the share of the
table's breaks that it finds is reported."""

from __future__ import annotations

import pytest
from readback import break_points

from kzpublish import kk_patterns
from kzpublish.hyphenation import hyphenate, kk_dictionary_path

KAZAKH = """
бал-шық құ-мырс-қа мек-теп ор-на-лас-ты-ру жаң-ғырт-ты да-уыс са-уат жа-уап қа-йың ке-йін
бу-ын су-ық қи-ын ти-ын ки-ім ала-қан ар-мия про-ект ро-лін-де съез-дің Қа-зақ-стан
Қа-зақ-стан-ның ор-фо-гра-фия қа-ла мұ-ға-лім ба-ла-лар кі-тап мек-теп-ке сай-лау
сай-лау-лар аза-мат-тар бос-тан-дық құ-қық мем-ле-кет де-мо-кра-тия пар-ла-мент пре-зи-дент
жү-йе жү-йе-сі қо-ғам ха-лық ел-дің бі-лім ке-ле-ше-гі тә-уел-сіз-дік ау-ру сұ-рақ
жа-уап-кер-ші-лік ең-бек те-ңіз ұйым-дас-ты-ру қа-ты-су-шы оқу-шы бас-шы-лық ке-ңес
жыл-дар мә-се-ле ай-мақ үкі-мет тұр-ғын-дар То-қа-ев ше-тел-дік ба-ғыт сот-тал-ған
мұ-най-шы-лар ав-то-мат пі-кір бей-біт-ші-лік көз-қа-рас оқу-лық та-уар
""".split()

UNBREAKABLE = """
атом ақыл отын ауыл ұйым ҚР БҰҰ ҚазҰУ ҚазМУ оян ата әке ою ине үйір өмір ерік ойын оқу ішу
айт тұр жол құс шөп үкім
""".split()

RUSSIAN = {
    "подъезд": "подъ-езд",
    "чрезвычайный": "чрез-вы-чай-ный",
    "конференции": "кон-фе-рен-ции",
}


def breaks(entry: str) -> set[int]:
    out, pos = set(), 0
    for part in entry.split("-")[:-1]:
        pos += len(part)
        out.add(pos)
    return out


def test_the_tables_are_big_enough():
    assert len(KAZAKH) >= 60 and len(UNBREAKABLE) >= 20


@pytest.mark.parametrize("entry", KAZAKH)
def test_no_wrong_kazakh_break(entry):
    word = entry.replace("-", "")
    assert set(break_points(word, "kk")) <= breaks(entry), hyphenate(word, "kk", "-")


@pytest.mark.parametrize("word", UNBREAKABLE)
def test_words_that_must_not_break(word):
    assert break_points(word, "kk") == []


def test_share_of_correct_breaks_found(capsys):
    wanted = sum(len(breaks(e)) for e in KAZAKH)
    found = sum(len(set(break_points(e.replace("-", ""), "kk")) & breaks(e)) for e in KAZAKH)
    with capsys.disabled():
        print(f"\nKazakh hyphenation: {found}/{wanted} breaks found ({found / wanted:.0%}), none wrong")
    assert found / wanted >= 0.95


@pytest.mark.parametrize("word, expected", RUSSIAN.items())
def test_russian(word, expected):
    assert hyphenate(word, "ru", "-") == expected


def test_shipped_dictionary_is_the_generated_one():
    """`data/hyph_kk_KZ.dic` must be regenerated whenever the rules change."""
    assert kk_dictionary_path().read_text("utf-8") == kk_patterns.dictionary()


def test_patterns_with_the_same_letters_are_merged():
    assert kk_patterns.merge({"1гр", "г2р"}) == ["1г2р"]
    assert kk_patterns.merge({"а1у", "у2ы", "а1у2ы"}) == ["а1у", "а1у2ы", "у2ы"]
