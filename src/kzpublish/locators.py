"""Readable names of the blocks of a translation, in the form lawmakers cite them: `Статья 2, п. 3`,
`2-бап, 3-тармақ`, `Глава 3`, `II бөлім` — the nearest numbered heading and the point number —
and the numbers themselves, which pair the two translations' structural units (`Статья 4` is
`4-бап`, `Раздел II` is `II бөлім`).

Pure functions on blocks' text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from kzpublish.blocks import Block

_NUMBER = r"(\d+(?:-\d+)?|[IVXLC]+)"
# (unit, language, pattern): the heading's number is group 1.
_HEADINGS = (
    ("article", "ru", re.compile(rf"^Стать[яи]\s+{_NUMBER}\b", re.I)),
    ("chapter", "ru", re.compile(rf"^Глава\s+{_NUMBER}\b", re.I)),
    ("section", "ru", re.compile(rf"^Раздел\s+{_NUMBER}\b", re.I)),
    ("article", "kk", re.compile(rf"^{_NUMBER}[-\u2010\u2011 ]?ба[пб]\w*", re.I)),
    ("chapter", "kk", re.compile(rf"^{_NUMBER}[-\u2010\u2011 ]?тарау\w*", re.I)),
    ("section", "kk", re.compile(rf"^{_NUMBER}[-\u2010\u2011 ]?бөлім\w*", re.I)),
)
_POINT = re.compile(r"^(\d+(?:-\d+)?)[.)]\s")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_UNIT_NAMES = {
    "ru": {"article": "Статья {}", "chapter": "Глава {}", "section": "Раздел {}", "point": "п. {}", "block": "абзац {}"},
    "kk": {"article": "{}-бап", "chapter": "{}-тарау", "section": "{} бөлім", "point": "{}-тармақ", "block": "{}-абзац"},
}


@dataclass(frozen=True)
class Number:
    """The number of a structural unit: `("article", "4")`; roman numerals read as numbers."""

    unit: str
    """`article`, `chapter`, `section`, `point` (a numbered paragraph) or `item` (of a list)."""
    value: str


def heading_number(text: str) -> tuple[Number, str] | None:
    """The unit and number of a numbered heading, and its language: `4-бап` → article 4, kk."""
    for unit, lang, pattern in _HEADINGS:
        m = pattern.match(text.strip())
        if m:
            return Number(unit, _arabic(m.group(1))), lang
    return None


def number_of(block: Block) -> Number | None:
    """The number of a block's structural unit, if it has one."""
    if block.kind == "heading":
        found = heading_number(block.text)
        return found[0] if found else None
    if block.kind == "item" and block.number:
        return Number("item", str(block.number))
    m = _POINT.match(block.text)
    if m and block.kind in ("paragraph", "item"):
        return Number("point", m.group(1))
    return None


def _arabic(number: str) -> str:
    roman = number.upper()
    if not roman or any(c not in _ROMAN for c in roman):
        return number
    total = 0
    for i, c in enumerate(roman):
        value = _ROMAN[c]
        total += -value if i + 1 < len(roman) and _ROMAN[roman[i + 1]] > value else value
    return str(total)


def _roman(number: str) -> str:
    if not number.isdigit():
        return number
    n, out = int(number), ""
    for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def unit_name(number: Number, lang: str) -> str:
    value = _roman(number.value) if number.unit == "section" else number.value
    return _UNIT_NAMES.get(lang, _UNIT_NAMES["ru"])[number.unit if number.unit != "item" else "point"].format(value)


def locators(blocks: Sequence[Block], lang: str) -> tuple[str, ...]:
    """For each block, its name: the nearest heading (by its number where it has one, else its
    first words), then the point or item number, else the paragraph's number under the heading."""
    out: list[str] = []
    heading, under = "", 0
    for k, block in enumerate(blocks):
        if block.kind == "heading":
            found = heading_number(block.text)
            heading = unit_name(found[0], lang) if found else _short(block.text)
            under = 0
            out.append(heading)
            continue
        under += 1
        number = number_of(block)
        if number is not None and number.unit in ("point", "item"):
            part = unit_name(number, lang)
        else:
            part = _UNIT_NAMES.get(lang, _UNIT_NAMES["ru"])["block"].format(under if heading else k + 1)
        out.append(f"{heading}, {part}" if heading else part)
    return tuple(out)


def _short(text: str, words: int = 6) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def line_of(source_text: str, block: Block) -> int:
    """The line of a source where a block begins (found by its first words; 1 when not found)."""
    probe = block.text.split()[:4]
    if not probe:
        return 1
    for n, line in enumerate(source_text.splitlines(), 1):
        words = line.replace("\\", " ").replace("#", " ").split()
        if words[:len(probe)] == probe or " ".join(probe) in " ".join(words):
            return n
    return 1
