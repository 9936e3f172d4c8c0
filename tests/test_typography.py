"""Typography: one fixture per rule and language (tests/fixtures/typography.txt), the rules
never touching code or links, and never changing a word: on fixtures and on every source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import PROJECTS, SEEDS
from kzpublish.errors import SourceLocation
from kzpublish.pandoc_ast import stringify
from kzpublish.pandoc import read_markdown
from kzpublish.typography import RULE_NAMES, RULES, soft_hyphenate, typeset

FIXTURES = Path(__file__).parent / "fixtures" / "typography.txt"
VISIBLE = {"⍽": "\u00a0", "⌴": "\u202f"}


def fixtures():
    text = re.sub(r"(?m)^#(?!#).*\n", "", FIXTURES.read_text("utf-8"))
    for block in text.strip().split("\n\n"):
        head, given, expected = block.strip().split("\n")
        rule, lang = head.removeprefix("## ").split()
        yield pytest.param(rule, lang, given, expected, id=f"{rule}-{lang}-{given[:12]}")


def render(markdown: str, lang: str, only: str | None = None) -> str:
    off = frozenset(RULE_NAMES) - {only} if only else frozenset()
    blocks = read_markdown(markdown, SourceLocation("fixture"))["blocks"]
    return stringify(typeset(blocks, lang, off))


@pytest.mark.parametrize("rule, lang, given, expected", list(fixtures()))
def test_rule(rule, lang, given, expected):
    for mark, char in VISIBLE.items():
        expected = expected.replace(mark, char)
    assert render(given, lang, only=rule) == expected


def test_every_rule_has_a_fixture_for_each_of_its_languages():
    covered = {(f.values[0], f.values[1]) for f in fixtures()}
    assert {(r.name, lang) for r in RULES for lang in r.langs} <= covered


def test_code_urls_and_attributes_are_never_touched():
    md = 'Текст - `код - "x"` и [ссылка - "да"](http://a-b.kz/x--y "t - t"){#id-1 .a-b}\n'
    blocks = read_markdown(md, SourceLocation("fixture"))["blocks"]
    out = typeset(blocks, "ru")
    flat = str(out)
    assert "'код - \"x\"'" in flat
    assert "http://a-b.kz/x--y" in flat and "t - t" in flat and "id-1" in flat and "a-b" in flat
    assert stringify(out) == "Текст\u00a0— код - \"x\" и\u00a0ссылка\u00a0—\u00a0«да»"


def test_a_quote_may_open_outside_emphasis_and_close_inside():
    assert render('Он сказал "*да*" и "да *тоже"*.', "ru") == "Он\u00a0сказал «да» и\u00a0«да\u00a0тоже»."


def test_input_is_not_changed():
    blocks = read_markdown('Он - "да"', SourceLocation("fixture"))["blocks"]
    before = repr(blocks)
    typeset(blocks, "ru")
    assert repr(blocks) == before


TYPOGRAPHY = str.maketrans({
    "«": " ", "»": " ", "„": " ", "“": " ", "”": " ", '"': " ", "—": " ", "–": " ", "-": " ",
    "\u2011": " ", "\u00a0": " ", "\u202f": " ", "\u00ad": "", "…": "...",
})
WORDS = re.compile(r"\d+|[^\W\d_]+")


def words_without_typography(text: str) -> list[str]:
    return WORDS.findall(text.translate(TYPOGRAPHY))


def sources():
    for root in (SEEDS, PROJECTS / "alphabet"):
        yield from sorted((root / "sources").glob("*/*.md"))


@pytest.mark.parametrize("path", list(sources()), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sources_keep_every_word(path):
    text = path.read_text("utf-8")
    lang = path.stem
    blocks = read_markdown(text, SourceLocation(path.name))["blocks"]
    before = words_without_typography(stringify(blocks))
    after = words_without_typography(stringify(typeset(blocks, lang)))
    assert after == before and len(before) > 20
    soft = words_without_typography(stringify(soft_hyphenate(typeset(blocks, lang), lang)))
    assert soft == before


@pytest.mark.parametrize("rule, lang, given, expected", list(fixtures()))
def test_fixtures_keep_every_word(rule, lang, given, expected):
    assert words_without_typography(render(given, lang)) == words_without_typography(given)


def test_soft_hyphens_are_put_where_the_dictionaries_allow():
    blocks = read_markdown("Тәуелсіздік және демократия.", SourceLocation("x"))["blocks"]
    assert stringify(soft_hyphenate(blocks, "kk")) == "Тә\u00adуел\u00adсіз\u00adдік және де\u00adмо\u00adкра\u00adтия."
