"""The typographic rules, per language, after TYPOGRAPHY.md §3 (in the manner of `typograf`).

Each rule has a name, the languages it serves, and a function from a run's text to edits. Rules
change only typography — quotes, dashes, spaces, the ellipsis — never a word; rules that would
change content (date formats, decimal commas, added commas) are deliberately absent.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Callable, Iterable

from kzpublish.hyphens import HYPHENS
from kzpublish.typography.textrun import Edit, Rule

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space
NBHYPHEN = "\u2011"
HYPHEN = f"[{HYPHENS}]"  # `-` and the Unicode hyphens, all the same to the rules
RANGE_DASH = f"[{HYPHENS}\u2012–]"  # between two numbers

UPPER = "".join(chr(c) for c in range(0x41, 0x530) if chr(c).isupper() and chr(c).isalpha())
LOWER = "".join(chr(c) for c in range(0x61, 0x530) if chr(c).islower() and chr(c).isalpha())
U = f"[{re.escape(UPPER)}]"
L = f"[{re.escape(LOWER)}]"
NOT_AFTER_WORD = r"(?<![^\W_])"
NOT_BEFORE_WORD = r"(?![^\W_])"

RU_MONTHS = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
KK_MONTHS = "(?:қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан)[^\\W\\d_]*"
RU_UNITS = r"гг?\.|год[а-я]*|тыс\.|млн|млрд|руб\.|тг|тенге|₸|кг|км|см|мм|м|т|л|га|%|‰|°"
KK_UNITS = r"жыл[^\W\d_]*|ж\.|тг|теңге|₸|мың|млн|млрд|кг|км|см|мм|м|т|л|га|%|‰|°"


@dataclass(frozen=True)
class TypoRule:
    name: str
    langs: tuple[str, ...]
    doc: str
    make: Callable[[str, "Settings"], Rule]
    """Builds the rule for a language and the settings."""


@dataclass(frozen=True)
class Settings:
    quotes: dict[str, str]
    """Per language, four characters: outer open/close, inner open/close."""


def regex(pattern: str, repl: str | Callable[[re.Match], str], flags: int = 0) -> Rule:
    compiled = re.compile(pattern, flags)

    def rule(text: str) -> Iterable[Edit]:
        for m in compiled.finditer(text):
            yield Edit(m.start(), m.end(), m.expand(repl) if isinstance(repl, str) else repl(m))

    return rule


# --- quotes -----------------------------------------------------------------------------------

_OPENERS_BEFORE = set(" \u00a0\u202f\n([{—–\ufffc" + HYPHENS) | {""}
_STRAIGHT = {'"', "“", "”"}


def quotes_rule(lang: str, settings: Settings) -> Rule:
    outer_open, outer_close, inner_open, inner_close = settings.quotes[lang]

    def rule(text: str) -> Iterable[Edit]:
        if not any(q in text for q in _STRAIGHT):
            return
        depth = 0
        for i, ch in enumerate(text):
            if ch == outer_open:
                depth += 1
                continue
            if ch == outer_close:
                depth = max(depth - 1, 0)
                continue
            if ch not in _STRAIGHT:
                continue
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            opening = (before in _OPENERS_BEFORE or before in (outer_open, inner_open)) and after not in (" ", "")
            if opening:
                yield Edit(i, i + 1, outer_open if depth == 0 else inner_open)
                depth += 1
            elif depth > 0:
                depth -= 1
                yield Edit(i, i + 1, outer_close if depth == 0 else inner_close)

    return rule


# --- the table of rules -----------------------------------------------------------------------

def _units(units: str) -> Rule:
    return regex(rf"(\d) (?={units}{NOT_BEFORE_WORD}|(?:{units})(?=[\s.,;:!?)]|$))", rf"\1{NBSP}")


def _ranges() -> Rule:
    """Two numbers joined by a hyphen or a dash, the second greater than the first (or than the
    last two digits of a year: 2019-20): a range, set with an en dash. A second number no greater is
    no range but the number of a unit an amendment inserted (пункт 3-1, статья 10-1, 5-1-бап)."""
    pattern = re.compile(rf"(?<![\d.,/]|{RANGE_DASH})(\d{{1,4}}) ?{RANGE_DASH} ?(\d{{1,4}})(?![\d/]|{RANGE_DASH}|[.,]\d)")

    def rule(text: str) -> Iterable[Edit]:
        for m in pattern.finditer(text):
            first, last = m.group(1), m.group(2)
            if int(last) > int(first[-2:] if (len(first), len(last)) == (4, 2) else first):
                yield Edit(m.start(), m.end(), f"{first}–{last}")

    return rule


INITIAL = rf"{U}\.(?:{HYPHEN}{U}\.)?|{U}{HYPHEN}{U}\.?"
SURNAME = rf"{U}{L}+"


def _initials() -> Rule:
    before = re.compile(rf"{NOT_AFTER_WORD}((?:{INITIAL})(?: (?:{INITIAL}))?) (?={SURNAME})")
    after = re.compile(rf"(?<={L}) ((?:{INITIAL})(?: (?:{INITIAL}))?){NOT_BEFORE_WORD}")
    hyphen = re.compile(rf"(?<={U})\.?{HYPHEN}(?={U}\.)|(?<={U}\.){HYPHEN}(?={U})")
    any_hyphen = re.compile(HYPHEN)

    def bound(initials: str) -> str:
        return any_hyphen.sub(NBHYPHEN, initials.replace(" ", NBSP))

    def rule(text: str) -> Iterable[Edit]:
        # In order of preference: `Парижа К.-Ж. Токаев` binds the initials to Токаев.
        for m in before.finditer(text):
            yield Edit(m.start(1), m.end(), bound(m.group(1)) + NBSP)
        for m in after.finditer(text):
            yield Edit(m.start(), m.end(), NBSP + bound(m.group(1)))
        for m in hyphen.finditer(text):
            yield Edit(m.start(), m.end(), bound(m.group()))

    return _first_wins(rule)


def _first_wins(rule: Rule) -> Rule:
    """Drop every edit that overlaps one produced before it."""
    def wrapped(text: str) -> Iterable[Edit]:
        taken: list[Edit] = []
        for edit in rule(text):
            if all(edit.start >= t.end or edit.end <= t.start for t in taken):
                taken.append(edit)
        return taken

    return wrapped


RULES: tuple[TypoRule, ...] = (
    TypoRule("ellipsis", ("ru", "kk"), "three dots → …",
             lambda lang, s: regex(r"(?<!\.)\.\.\.(?!\.)", "…")),
    TypoRule("quotes", ("ru", "kk"), '"…" → «…», nested „…“',
             quotes_rule),
    TypoRule("ranges", ("ru", "kk"), "1990-2000 → 1990–2000; 3-1 (an inserted unit's number) left alone",
             lambda lang, s: _ranges()),
    TypoRule("dashes", ("ru", "kk"), "word - word → word\u00a0— word",
             lambda lang, s: regex(rf"(?<=\S) (?:{HYPHEN}{{1,3}}|[\u2012–—\u2015])(?= )", f"{NBSP}—")),
    TypoRule("numero", ("ru", "kk"), "№5, № 5 → №\u202f5",
             lambda lang, s: regex(r"№ ?(?=\d)", f"№{NNBSP}")),
    TypoRule("units", ("ru", "kk"), "15 см, 2019 г., 2019 жыл, 21 мая: number bound to its word",
             lambda lang, s: _units(RU_UNITS if lang == "ru" else KK_UNITS)),
    TypoRule("year-letter", ("ru",), "2019г. → 2019\u00a0г.",
             lambda lang, s: regex(r"(?<=\d)(?=гг?\.)", NBSP)),
    TypoRule("dates", ("ru", "kk"), "21 мая, 9 маусым: day bound to its month",
             lambda lang, s: regex(rf"{NOT_AFTER_WORD}(\d{{1,2}}) (?=(?:{RU_MONTHS if lang == 'ru' else KK_MONTHS}){NOT_BEFORE_WORD})", f"\\1{NBSP}")),
    TypoRule("initials", ("ru", "kk"), "К.-Ж. Токаев, Қ. И. Сәтбаев: initials bound to the surname",
             lambda lang, s: _initials()),
    TypoRule("short-words", ("ru", "kk"), "в, и, на, по… (kk: one-letter words) bound to the next word",
             lambda lang, s: regex(rf"{NOT_AFTER_WORD}([^\W\d_]{{1,{2 if lang == 'ru' else 1}}}) (?=\S)", f"\\1{NBSP}")),
    TypoRule("particles", ("ru", "kk"), "ли, же, бы (kk: ба, ма, да, ғой, ғана…) bound to the word before",
             lambda lang, s: regex(
                 rf"(?<=\S) ((?:{'ли|ль|же|ж|бы|б' if lang == 'ru' else 'ба|бе|па|пе|ма|ме|да|де|та|те|ғой|ғана'}){NOT_BEFORE_WORD})",
                 f"{NBSP}\\1")),
    TypoRule("last-word", ("ru", "kk"), "a short last word bound to the one before: no lone word on a last line",
             lambda lang, s: regex(r"(?<=\S) (?=[^ \n\ufffc]{1,10}$)", NBSP)),
)

RULE_NAMES = tuple(r.name for r in RULES)


def rules_for(lang: str, off: frozenset[str], settings: Settings) -> list[Rule]:
    return [r.make(lang, settings) for r in RULES if lang in r.langs and r.name not in off]


if __name__ == "__main__":  # list the rules
    for r in RULES:
        sys.stdout.write(f"{r.name:12} {','.join(r.langs):6} {r.doc}\n")
