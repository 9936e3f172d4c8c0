"""The structural units of a legal text — article, point, subpoint, part, paragraph — and where
each block of a translation stands among them, so a block can be addressed the way drafters do:
«пункт 3 статьи 2», «2-баптың 3-тармағы».

What counts as what, in a translation's blocks (`blocks.Block`):

- a heading `Статья 5`, `Статья 5-1. Title`, `5-бап`, `5-1-бап. Title` is article 5 (5-1);
- an item of a list numbered `1.` (or a paragraph opening with `3-1.`) is a point of the
  article it stands in; an item of a list numbered `1)` (or a paragraph opening with `2-1)`) is a
  subpoint of the point before it in the same article, else of the article;
- any other paragraph is, in an article, one of its parts (часть / бөлік), counted in order;
  outside any article, a paragraph (абзац) of the text, counted in order — and so is an item
  whose number its article (or the text) has used already (a second list starting at 1).

Pure functions on blocks; nothing here reads files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from kzpublish.blocks import Block

ARTICLE = re.compile(r"^(?:Статья\s+(\d+(?:-\d+)?)|(\d+(?:-\d+)?)-бап)\b\.?\s*(.*)$")
POINT_IN_TEXT = re.compile(r"^(\d+(?:-\d+)?)\.\s")
SUBPOINT_IN_TEXT = re.compile(r"^(\d+(?:-\d+)?)\)\s")
KINDS = ("article", "point", "subpoint", "part", "paragraph")


@dataclass(frozen=True)
class Unit:
    """Where one block stands: its article (if any) and its own kind and number."""

    kind: str
    """`article` (the heading), `point`, `subpoint`, `part`, `paragraph`."""
    number: str
    """`3`, `3-1`; parts and paragraphs: their place among their siblings, from 1."""
    article: str = ""
    point: str = ""
    """For a subpoint: the point it belongs to (may be empty: a subpoint of the article)."""
    labelled: bool = False
    """The number is written in the block's text (`3-1. …`), not given by a list."""

    @property
    def path(self) -> tuple[str, str, str, str]:
        return (self.article, self.point if self.kind == "subpoint" else "", self.kind, self.number)


def list_number(block: Block) -> tuple[str, str] | None:
    """(`3`, `.` or `)`) for an item of an ordered list."""
    node = block.nodes[0] if block.nodes else {}
    if block.kind != "item" or node.get("t") != "OrderedList":
        return None
    start, _style, delim = node["c"][0]
    return str(start), (")" if delim.get("t") in ("OneParen", "TwoParens") else ".")


def units_of(blocks: Sequence[Block]) -> tuple[Unit, ...]:
    out: list[Unit] = []
    article = point = ""
    parts = 0
    seen: set[tuple[str, str, str, str]] = set()
    for b in blocks:
        m = ARTICLE.match(b.text) if b.kind == "heading" else None
        if m:
            article, point, parts = m[1] or m[2], "", 0
            out.append(Unit("article", article, article))
            seen.add(out[-1].path)
            continue
        numbered = list_number(b)
        labelled = False
        if numbered is None and b.kind == "paragraph":
            if t := POINT_IN_TEXT.match(b.text):
                numbered, labelled = (t[1], "."), True
            elif t := SUBPOINT_IN_TEXT.match(b.text):
                numbered, labelled = (t[1], ")"), True
        unit = None
        if numbered and numbered[1] == ".":
            unit = Unit("point", numbered[0], article, labelled=labelled)
        elif numbered:
            unit = Unit("subpoint", numbered[0], article, point, labelled)
        if unit is not None and unit.path not in seen:
            point = unit.number if unit.kind == "point" else point
        else:  # not numbered, or a number used already (a second list starting at 1): by place
            parts += 1
            unit = Unit("part" if article else "paragraph", str(parts), article)
        seen.add(unit.path)
        out.append(unit)
    return tuple(out)


def label(unit: Unit) -> str:
    """How the block's number is written in front of its text: `3. `, `1) `, or nothing."""
    if unit.labelled:
        return ""
    return {"point": f"{unit.number}. ", "subpoint": f"{unit.number}) "}.get(unit.kind, "")


def without_label(unit: Unit, text: str) -> str:
    """A unit's text as a block holds it, from its text as an amendment quotes it (`3. …`): a
    list item's number is the list's, whatever number the quote gives it (a list renumbers
    itself when an item before goes)."""
    if not label(unit):
        return text
    lead = (POINT_IN_TEXT if unit.kind == "point" else SUBPOINT_IN_TEXT).match(text)
    return text[lead.end():] if lead else text


def number_key(number: str) -> tuple[int, ...]:
    """`3-1` → (3, 1): the order of inserted numbers."""
    return tuple(int(x) for x in number.split("-"))


# --- addresses in words -------------------------------------------------------------------------

RU_ORDINALS = ("перв", "втор", "трет", "четверт", "пят", "шест", "седьм", "восьм", "девят", "десят",
               "одиннадцат", "двенадцат", "тринадцат", "четырнадцат", "пятнадцат", "шестнадцат",
               "семнадцат", "восемнадцат", "девятнадцат", "двадцат")
KK_ORDINALS = ("бірінші", "екінші", "үшінші", "төртінші", "бесінші", "алтыншы", "жетінші", "сегізінші",
               "тоғызыншы", "оныншы", "он бірінші", "он екінші", "он үшінші", "он төртінші", "он бесінші",
               "он алтыншы", "он жетінші", "он сегізінші", "он тоғызыншы", "жиырмасыншы")

# Russian ordinal endings (feminine for часть; masculine for абзац), by case.
_RU_FEM = {"nom": "ая", "gen": "ой", "acc": "ую", "prep": "ой"}
_RU_MASC = {"nom": "ый", "gen": "ого", "acc": "ый", "prep": "ом"}
_RU_SOFT = {"трет": {"ая": "ья", "ой": "ьей", "ую": "ью", "ый": "ий", "ого": "ьего", "ом": "ьем"}}
_RU_STRESSED = {"втор", "шест", "седьм", "восьм"}  # -ой, not -ый, in the masculine nominative


def ru_ordinal(n: int, case: str, feminine: bool) -> str:
    stem = RU_ORDINALS[n - 1]
    ending = (_RU_FEM if feminine else _RU_MASC)[case]
    if stem in _RU_SOFT:
        return stem + _RU_SOFT[stem][ending]
    if ending == "ый" and stem in _RU_STRESSED:
        ending = "ой"
    return stem + ending


_RU_NOUNS = {
    "article": {"nom": "статья", "gen": "статьи", "acc": "статью", "prep": "статье", "inst": "статьёй"},
    "point": {"nom": "пункт", "gen": "пункта", "acc": "пункт", "prep": "пункте", "inst": "пунктом"},
    "subpoint": {"nom": "подпункт", "gen": "подпункта", "acc": "подпункт", "prep": "подпункте", "inst": "подпунктом"},
    "part": {"nom": "часть", "gen": "части", "acc": "часть", "prep": "части", "inst": "частью"},
    "paragraph": {"nom": "абзац", "gen": "абзаца", "acc": "абзац", "prep": "абзаце", "inst": "абзацем"},
}


def ru_unit(unit: Unit, case: str) -> str:
    """`пункт 3`, `подпункт 1)`, `часть вторая`, `абзац третий`, in `case`, with no parent."""
    noun = _RU_NOUNS[unit.kind][case]
    if unit.kind in ("part", "paragraph"):
        return f"{noun} {ru_ordinal(int(unit.number), case if case != 'inst' else 'prep', unit.kind == 'part')}"
    if unit.kind == "subpoint":
        return f"{noun} {unit.number})"
    return f"{noun} {unit.number}"


def ru_address(unit: Unit, case: str) -> str:
    """The unit with its parents in the genitive: `пункте 3 статьи 2`, `подпункт 1) пункта 3 статьи 2`."""
    words = [ru_unit(unit, case)]
    if unit.kind == "subpoint" and unit.point:
        words.append(ru_unit(Unit("point", unit.point), "gen"))
    if unit.kind != "article" and unit.article:
        words.append(ru_unit(Unit("article", unit.article), "gen"))
    return " ".join(words)


# Kazakh: the noun with its number in front (`3-тармақ`), its possessive form after a genitive
# parent (`2-баптың 3-тармағы`), and the cases drafters use.
KK_NOUNS = {
    #           bare         possessive      possessive locative      genitive        instrumental
    "article": ("бап", "бабы", "бабындағы", "баптың", "баппен"),
    "point": ("тармақ", "тармағы", "тармағындағы", "тармағының", "тармақпен"),
    "subpoint": ("тармақша", "тармақшасы", "тармақшасындағы", "тармақшасының", "тармақшамен"),
    "part": ("бөлік", "бөлігі", "бөлігіндегі", "бөлігінің", "бөлікпен"),
    "paragraph": ("абзац", "абзацы", "абзацындағы", "абзацының", "абзацпен"),
}
_KK_BARE_GEN = {"article": "баптың", "point": "тармақтың", "subpoint": "тармақшаның", "part": "бөліктің",
                "paragraph": "абзацтың"}
_KK_BARE_LOC = {"article": "баптағы", "point": "тармақтағы", "subpoint": "тармақшадағы", "part": "бөліктегі",
                "paragraph": "абзацтағы"}


def kk_number(unit: Unit) -> str:
    if unit.kind in ("part", "paragraph"):
        return KK_ORDINALS[int(unit.number) - 1] + " "
    if unit.kind == "subpoint":
        return f"{unit.number}) "
    return f"{unit.number}-"


def kk_address(unit: Unit, form: str) -> str:
    """`form`: `nom` (2-баптың 3-тармағы), `loc` (2-баптың 3-тармағындағы), `gen`, `inst`
    (for a unit added: 3-1-тармақпен)."""
    parents = []
    if unit.kind != "article" and unit.article:
        parents.append(Unit("article", unit.article))
    if unit.kind == "subpoint" and unit.point:
        parents.append(Unit("point", unit.point))
    bare, poss, poss_loc, poss_gen, inst = KK_NOUNS[unit.kind]
    number = kk_number(unit)
    if form == "inst":
        return f"{number}{inst}"
    words = []
    for k, p in enumerate(parents):
        pn = kk_number(p)
        words.append(f"{pn}{_KK_BARE_GEN[p.kind] if k == 0 else KK_NOUNS[p.kind][3]}")
    if not parents:
        own = {"nom": bare, "loc": _KK_BARE_LOC[unit.kind], "gen": _KK_BARE_GEN[unit.kind]}[form]
    else:
        own = {"nom": poss, "loc": poss_loc, "gen": poss_gen}[form]
    words.append(f"{number}{own}")
    return " ".join(words)


def ru_short(unit: Unit) -> str:
    """A locator for reports: `ст. 2, п. 3`, `абз. 4`."""
    abbr = {"article": "ст.", "point": "п.", "subpoint": "пп.", "part": "ч.", "paragraph": "абз."}
    out = []
    if unit.article and unit.kind != "article":
        out.append(f"ст. {unit.article}")
    if unit.kind == "subpoint" and unit.point:
        out.append(f"п. {unit.point}")
    out.append(f"{abbr[unit.kind]} {unit.number}{')' if unit.kind == 'subpoint' else ''}")
    return ", ".join(out)
