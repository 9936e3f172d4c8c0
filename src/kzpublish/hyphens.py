"""The hyphen and dash characters, and what each counts as. Word processors write U+2010 HYPHEN
and U+2011 NON-BREAKING HYPHEN for `-` inside words, U+2012 FIGURE DASH between digits, U+2015
HORIZONTAL BAR for a dash: the typography rules, the diff tokens and word counts treat each as
the plain mark it stands for, so `әлеуметтік‐экономикалық` is one word, the same as with `-`."""

from __future__ import annotations

HYPHENS = "-\u2010\u2011"
"""Hyphens that may join the parts of a word: hyphen-minus, hyphen, non-breaking hyphen."""
DASHES = "\u2012\u2013\u2014\u2015\u2212"
"""Figure dash, en dash, em dash, horizontal bar, minus sign."""
