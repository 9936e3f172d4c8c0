"""Tokens for comparing Russian and Kazakh prose: words (with inner hyphens and apostrophes),
numbers, punctuation; each with the white space before it, and a normal form in which
typography (quote style, hyphen and dash kind, no-break spaces) and look-alike letters vanish."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kzpublish.hyphens import DASHES, HYPHENS
from kzpublish.lookalikes import LATIN_TO_CYRILLIC

TOKEN = re.compile(
    r"(\s*)("
    r"\d+(?:[.,:]\d+)*"                                   # numbers: 2019, 10,5, 12:30
    rf"|[^\W\d_]+(?:[{HYPHENS}'’][^\W\d_]+)*"                  # words: кез-келген, кез‐келген, Қ‑Ж
    r"|\.\.\.|[^\s]"                                      # punctuation, one mark at a time
    r")"
)
_PUNCT = str.maketrans({
    "«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "‘": "'", "’": "'", "…": "...",
} | {c: "-" for c in HYPHENS[1:] + DASHES})


@dataclass(frozen=True)
class Token:
    text: str
    """As written."""
    gap: str
    """The white space before it, as written."""
    norm: str
    """Typography and look-alike letters folded away."""


_CYRILLIC = re.compile("[\u0400-\u052f]")
_TO_CYRILLIC = str.maketrans(LATIN_TO_CYRILLIC)
# `str.translate` with a table looks up every character: costly on a long text that, as most,
# holds nothing to fold. A regular expression finds out first.
_HAS_PUNCT = re.compile(f"[{re.escape(''.join(map(chr, _PUNCT)))}]")
_HAS_LATIN = re.compile(f"[{re.escape(''.join(LATIN_TO_CYRILLIC))}]")


def normal(text: str) -> str:
    """`text` with typography folded, and in a word with Cyrillic letters, look-alikes too."""
    if _HAS_PUNCT.search(text):
        text = text.translate(_PUNCT)
    if _HAS_LATIN.search(text) and _CYRILLIC.search(text):
        text = text.translate(_TO_CYRILLIC)
    return text


def tokenize(text: str) -> list[Token]:
    if _HAS_PUNCT.search(text) or _HAS_LATIN.search(text):
        return [Token(m.group(2), m.group(1), normal(m.group(2))) for m in TOKEN.finditer(text)]
    return [Token(word, gap, word) for gap, word in TOKEN.findall(text)]  # nothing to fold: each is its normal form


def is_lookalike_only(a: str, b: str) -> bool:
    """Whether two spellings differ only by look-alike letters (Бiз / Біз)."""
    return len(a) == len(b) and a != b and all(
        x == y or LATIN_TO_CYRILLIC.get(x) == y or LATIN_TO_CYRILLIC.get(y) == x for x, y in zip(a, b)
    )
