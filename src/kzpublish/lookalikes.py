"""Look-alike letters: Latin letters inside Cyrillic words (Бiз with a Latin i, əлем with a Latin
ə) and Cyrillic letters inside Latin words. They look right and break search, hyphenation,
spell-checking and diffs. Each finding names the intended letter; unambiguous ones can be fixed.

A fix never guesses. Latin `y`/`Y` in a Kazakh word may stand for у, ү or ұ (У, Ү, Ұ): ҮКІМЕТІ
and УАҚЫТ both come out of a Latin Y, and the letter inventory does not decide it (у follows
vowels of either row, and compounds mix the rows, so vowel harmony cannot rule ү or ұ out).
Such a word is fixed only when a word list decides: the words of the document's own sources
(both translations) typed wholly in Cyrillic. Exactly one candidate among them, and that one
is written; none or several, and the word is left to the editor with every candidate named. Latin `ə`/`Ə` in a
Kazakh word can only be ә/Ә (no other Cyrillic letter looks like it), and Latin `i`/`I` only
і/І, `h` only һ: those are certain in Kazakh; in Russian, which has none of these letters, they
are reported and left.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Iterable

from kzpublish.sources import SourceFile
from kzpublish.messages import _

# Latin → Cyrillic, as they look. i, ə and h are Kazakh letters (і, ә, һ): in Russian text
# nothing is sure about them, so they are reported but not fixed there.
LATIN_TO_CYRILLIC = {
    "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і", "ə": "ә", "h": "һ",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р",
    "T": "Т", "X": "Х", "Y": "У", "I": "І", "Ə": "Ә",
}
KAZAKH_ONLY = set("iəhIƏ")
KAZAKH_CHOICES = {"y": "уүұ", "Y": "УҮҰ"}
"""Latin letters that may stand for more than one Kazakh letter."""
CYRILLIC_TO_LATIN = {cyr: lat for lat, cyr in LATIN_TO_CYRILLIC.items() if lat != "H"} | {"Н": "H", "һ": "h"}

WORD = re.compile(r"[^\W\d_]+")


def script(char: str) -> str | None:
    code = ord(char)
    if 0x0400 <= code <= 0x052F:
        return "cyrillic"
    if char.isascii() and char.isalpha() or char in "əƏ" or 0x00C0 <= code <= 0x024F:
        return "latin"
    return None


@dataclass(frozen=True)
class Lookalike:
    """A word mixing scripts, where it is, and what it should read."""

    source: SourceFile
    line: int
    column: int
    word: str
    fixed: str | None
    """The word in one script; None when the intended letters are not certain."""
    letters: tuple[tuple[str, str], ...]
    """(found, intended) for each look-alike letter; intended may name several letters (`уүұ`)."""
    candidates: tuple[str, ...] = ()
    """When not certain but the letters are known: every word it could be."""

    def describe(self) -> str:
        parts = ", ".join(
            _("{script} {found!r} (U+{code:04X}) for {script_wanted} {wanted}").format(
                script=_script_name(found), found=found, code=ord(found), script_wanted=_script_name(want[0]),
                wanted=_(" or ").join(f"{w!r} (U+{ord(w):04X})" for w in want))
            if want else _("{script} {found!r} (U+{code:04X})").format(
                script=_script_name(found), found=found, code=ord(found))
            for found, want in self.letters
        )
        return _("look-alike letters in {word!r}: {letters}").format(word=self.word, letters=parts)

    def hint(self) -> str:
        if self.fixed:
            return _("it should read {word!r}: `kzpublish check --fix` rewrites it").format(word=self.fixed)
        if self.candidates:
            return _("it could read {words}: retype it as the one meant "
                     "(`kzpublish check --fix` leaves it, as it cannot tell which)").format(
                         words=_(" or ").join(map(repr, self.candidates)))
        return _("retype the word in one alphabet")


def _script_name(char: str) -> str:
    return {"cyrillic": _("Cyrillic"), "latin": _("Latin")}.get(script(char) or "", "")


_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u0259\u018f]")
_CYRILLIC = re.compile(r"[\u0400-\u052f]")


def known_words(sources: Iterable[SourceFile]) -> frozenset[str]:
    """The word list that decides between candidates: every word of `sources` typed wholly in
    Cyrillic, in lower case."""
    return frozenset(w.lower() for src in sources for w in WORD.findall(src.text)
                     if all(script(c) == "cyrillic" for c in w))


def find_lookalikes(source: SourceFile, words: frozenset[str] = frozenset()) -> list[Lookalike]:
    """Every word of `source` that mixes scripts; `words` (see `known_words`) decide where a
    Latin letter may stand for several Kazakh ones."""
    found = []
    for number, line in enumerate(source.text.split("\n"), 1):
        if not (_LATIN.search(line) and _CYRILLIC.search(line)):
            continue  # a line in one script cannot mix scripts within a word
        for m in WORD.finditer(line):
            if hit := _check(source, number, m.start() + 1, m.group(), words):
                found.append(hit)
    return found


def _candidates(word: str, choices: dict[str, str]) -> list[str]:
    """Every reading of `word`, each Latin letter replaced by each of its `choices`."""
    options = [choices.get(c, LATIN_TO_CYRILLIC.get(c, c)) if script(c) == "latin" else c for c in word]
    return ["".join(p) for p in itertools.product(*options)]


def _check(source: SourceFile, line: int, column: int, word: str, words: frozenset[str]) -> Lookalike | None:
    latin = [c for c in word if script(c) == "latin"]
    cyrillic = [c for c in word if script(c) == "cyrillic"]
    if not latin or not cyrillic:
        return None
    latin_sure = [c for c in latin if c not in LATIN_TO_CYRILLIC]  # letters only Latin has
    cyrillic_sure = [c for c in cyrillic if c not in CYRILLIC_TO_LATIN]
    if not latin_sure and (cyrillic_sure or len(cyrillic) >= len(latin)):
        if source.lang == "kk" and set(latin) & set(KAZAKH_CHOICES):
            letters = tuple((c, KAZAKH_CHOICES.get(c, LATIN_TO_CYRILLIC[c])) for c in dict.fromkeys(latin))
            candidates = _candidates(word, KAZAKH_CHOICES)
            listed = [w for w in candidates if w.lower() in words]
            if len(listed) == 1:
                return Lookalike(source, line, column, word, listed[0], letters)
            return Lookalike(source, line, column, word, None, letters, tuple(listed or candidates))
        wanted = {c: LATIN_TO_CYRILLIC[c] for c in latin}
        certain = source.lang == "kk" or not (set(latin) & KAZAKH_ONLY)
        letters = tuple((c, wanted[c]) for c in dict.fromkeys(latin))
        fixed = "".join(wanted.get(c, c) for c in word) if certain else None
        return Lookalike(source, line, column, word, fixed, letters)
    if not cyrillic_sure and latin_sure:
        wanted = {c: CYRILLIC_TO_LATIN[c] for c in cyrillic}
        letters = tuple((c, wanted[c]) for c in dict.fromkeys(cyrillic))
        return Lookalike(source, line, column, word, "".join(wanted.get(c, c) for c in word), letters)
    letters = tuple((c, "") for c in dict.fromkeys(latin if len(latin) <= len(cyrillic) else cyrillic))
    return Lookalike(source, line, column, word, None, letters)


def fix_text(text: str, hits: list[Lookalike]) -> str:
    """`text` with every fixable look-alike word replaced, at its place."""
    lines = text.split("\n")
    for hit in sorted(hits, key=lambda h: (h.line, -h.column)):
        if hit.fixed is None:
            continue
        line = lines[hit.line - 1]
        start = hit.column - 1
        assert line[start:start + len(hit.word)] == hit.word
        lines[hit.line - 1] = line[:start] + hit.fixed + line[start + len(hit.word):]
    return "\n".join(lines)
