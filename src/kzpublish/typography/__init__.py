"""Typography for Russian and Kazakh: named rules over the text of pandoc's AST (never over
HTML, never inside code, URLs or attributes), and soft hyphens for e-readers.

`typeset(blocks, lang, off)` returns new blocks; the input is not changed."""

from __future__ import annotations

from kzpublish.config import DEFAULT_QUOTES
from kzpublish.hyphenation import hyphenate
from kzpublish.typography.rules import RULE_NAMES, RULES, Settings, rules_for
from kzpublish.typography.textrun import OPAQUE, Node, TextRun, map_inline_sequences

__all__ = ["RULES", "RULE_NAMES", "Settings", "typeset", "typeset_inlines", "soft_hyphenate", "DEFAULT_SETTINGS"]

DEFAULT_SETTINGS = Settings(quotes=dict(DEFAULT_QUOTES))


def typeset_inlines(inlines: list[Node], lang: str, off: frozenset[str] = frozenset(),
                    settings: Settings = DEFAULT_SETTINGS) -> list[Node]:
    run = TextRun(inlines)
    for rule in rules_for(lang, off, settings):
        run.apply(rule)
    return run.write_back()


def typeset(blocks: list[Node], lang: str, off: frozenset[str] = frozenset(),
            settings: Settings = DEFAULT_SETTINGS) -> list[Node]:
    return map_inline_sequences(blocks, lambda inl: typeset_inlines(inl, lang, off, settings))


def soft_hyphenate(blocks: list[Node], lang: str) -> list[Node]:
    """Soft hyphens (U+00AD) at every allowed break of every word: e-readers know no Kazakh."""
    return map_inline_sequences(blocks, lambda inl: _soft_inlines(inl, lang))


def _soft_inlines(inlines: list[Node], lang: str) -> list[Node]:
    run = TextRun(inlines)
    run.apply(lambda text: _word_edits(text, lang))
    return run.write_back()


def _word_edits(text: str, lang: str):
    import re

    from kzpublish.typography.textrun import Edit

    for m in re.finditer(r"[^\W\d_]{5,}", text):
        word = m.group()
        if OPAQUE in word:
            continue
        hyphenated = hyphenate(word, lang)
        if hyphenated != word:
            yield Edit(m.start(), m.end(), hyphenated)
