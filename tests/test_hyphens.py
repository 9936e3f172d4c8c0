"""Hyphen and dash variants are hyphens and dashes everywhere: a word written with U+2010 HYPHEN
(or U+2011) is the same word as with `-` to the diff tokens, the word counts and hyphenation."""

from __future__ import annotations

import pytest

from kzpublish.history.diff import diff_words
from kzpublish.history.tokens import tokenize
from kzpublish.typography import soft_hyphenate

from test_typography import render


@pytest.mark.parametrize("hyphen", ["-", "\u2010", "\u2011"])
def test_a_hyphenated_word_is_one_token_whatever_the_hyphen(hyphen):
    tokens = tokenize(f"әлеуметтік{hyphen}экономикалық даму, қадір{hyphen}қасиеті")
    assert [t.text for t in tokens] == [f"әлеуметтік{hyphen}экономикалық", "даму", ",", f"қадір{hyphen}қасиеті"]
    assert tokens[0].norm == "әлеуметтік-экономикалық"


def test_a_hyphen_changed_to_u2010_is_typography_not_wording():
    spans = [s for s in diff_words("қадір-қасиеті мен құқықтары", "қадір‐қасиеті мен құқықтары")
             if s.kind != "equal"]
    assert spans and all(s.kind == "typography" for s in spans), spans


def test_words_are_counted_alike_with_either_hyphen():
    assert len(tokenize("наным-сенім бостандығы")) == len(tokenize("наным‐сенім бостандығы")) == 2


@pytest.mark.parametrize("hyphen", ["-", "\u2010"])
def test_soft_hyphens_in_words_with_a_unicode_hyphen(hyphen):
    text = render(f"Әлеуметтік{hyphen}экономикалық", "kk")
    hyphenated = soft_hyphenate([{"t": "Para", "c": [{"t": "Str", "c": text}]}], "kk")[0]["c"][0]["c"]
    assert hyphenated.replace("\u00ad", "") == text
    plain = soft_hyphenate([{"t": "Para", "c": [{"t": "Str", "c": "Әлеуметтік-экономикалық"}]}], "kk")[0]["c"][0]["c"]
    assert hyphenated.replace(hyphen, "-") == plain  # the same breaks, on both sides of the hyphen
