"""Amending instructions in words, Russian and Kazakh, in the drafters' conventional forms, and
read back: `say` writes an `Instruction` as a sentence, `parse` reads the sentence (addresses
are looked up among the units of the version amended, so what `say` writes `parse` reads).

Each form is one template per language; `{loc}`, `{acc}`… are the addressed unit in the case
the form wants, `{old}`/`{new}` the quoted words, `{w…}` the noun for them (слово / слова /
цифры; сөз / сөздер / цифрлар)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kzpublish.amend import Instruction
from kzpublish.history.tokens import tokenize
from kzpublish.messages import _
from kzpublish.structure import (ARTICLE, POINT_IN_TEXT, SUBPOINT_IN_TEXT, Unit, kk_address, ru_address, ru_unit,
                                 KK_NOUNS, kk_number)

TEMPLATES = {
    "ru": {
        "replace": "в {loc} {w_acc} «{old}» заменить {w_inst} «{new}»",
        "insert": "в {loc} после {w_gen} «{old}» дополнить {w_inst} «{new}»",
        "delete-words": "в {loc} {w_acc} «{old}» исключить",
        "sentence": "{acc} дополнить предложением следующего содержания: «{new}»",
        "wording": "{acc} изложить в следующей редакции:",
        "delete": "{acc} исключить",
        "delete-article": "{acc} исключить",
        "add-article": "дополнить {added} следующего содержания:",
        "add": "{head}дополнить {added} следующего содержания:",
    },
    "kk": {
        "replace": "{loc} «{old}» деген {w_nom} «{new}» деген {w_inst} ауыстырылсын",
        "insert": "{loc} «{old}» деген {w_abl} кейін «{new}» деген {w_inst} толықтырылсын",
        "delete-words": "{loc} «{old}» деген {w_nom} алып тасталсын",
        "sentence": "{acc} мынадай мазмұндағы сөйлеммен толықтырылсын: «{new}»",
        "wording": "{acc} мынадай редакцияда жазылсын:",
        "delete": "{acc} алып тасталсын",
        "delete-article": "{acc} алып тасталсын",
        "add-article": "мынадай мазмұндағы {added} толықтырылсын:",
        "add": "{head}мынадай мазмұндағы {added} толықтырылсын:",
    },
}
# The noun for quoted words: (one word, several words, figures), per case.
WORDS = {
    "ru": {"acc": ("слово", "слова", "цифры"), "gen": ("слова", "слов", "цифр"),
           "inst": ("словом", "словами", "цифрами")},
    "kk": {"nom": ("сөз", "сөздер", "цифрлар"), "abl": ("сөзден", "сөздерден", "цифрлардан"),
           "inst": ("сөзбен", "сөздермен", "цифрлармен")},
}
ADDED_RU = {"article": ("статьёй", "статьями"), "point": ("пунктом", "пунктами"),
            "subpoint": ("подпунктом", "подпунктами"), "part": ("частью", "частями"),
            "paragraph": ("абзацем", "абзацами")}
ADDED_KK_PLURAL = {"article": "баптармен", "point": "тармақтармен", "subpoint": "тармақшалармен",
                   "part": "бөліктермен", "paragraph": "абзацтармен"}
KK_ABLATIVE = {"article": "баптан", "point": "тармақтан", "subpoint": "тармақшадан", "part": "бөліктен",
               "paragraph": "абзацтан"}
RU_HEADING = {"prep": "заголовке", "acc": "заголовок"}
KK_HEADING = {"loc": "тақырыбындағы", "nom": "тақырыбы"}


class ParseError(Exception):
    """A sentence that is not one of the supported forms."""


class UnitMissing(ParseError):
    """A sentence that names a unit the version amended does not have."""


# --- addresses ----------------------------------------------------------------------------------

def address(lang: str, unit: Unit, case: str) -> str:
    """The unit addressed in `case` (ru: prep, acc, gen; kk: loc, nom, abl). An article's heading
    is addressed as such unless the whole article is meant (`acc`/`nom` of `delete-article`)."""
    if lang == "ru":
        if unit.kind == "article" and case in RU_HEADING:
            return f"{RU_HEADING[case]} {ru_unit(unit, 'gen')}"
        return ru_address(unit, case)
    if unit.kind == "article" and case in KK_HEADING:
        return f"{kk_address(unit, 'gen')} {KK_HEADING[case]}"
    if case == "abl":
        own = f"{kk_number(unit)}{KK_ABLATIVE[unit.kind]}"
        if unit.kind == "subpoint" and unit.point:  # 3-тармағының 2) тармақшасынан
            own = f"{unit.point}-{KK_NOUNS['point'][3]} {kk_number(unit)}тармақшасынан"
        return own
    return kk_address(unit, case)


def _whole_article(lang: str, unit: Unit) -> str:
    return ru_address(unit, "acc") if lang == "ru" else kk_address(unit, "nom")


def _word_noun(lang: str, case: str, words: str) -> str:
    one, several, figures = WORDS[lang][case]
    tokens = [t.text for t in tokenize(words) if t.text[0].isalnum()]
    if tokens and all(t[0].isdigit() for t in tokens):
        return figures
    return one if len(tokens) == 1 else several


# --- saying -------------------------------------------------------------------------------------

def say(lang: str, ins: Instruction) -> tuple[str, tuple[str, ...]]:
    """The sentence of an instruction, and the blocks it quotes after it (a new wording, units
    added)."""
    t = TEMPLATES[lang][ins.action]
    ru = lang == "ru"
    fields: dict[str, str] = {"old": ins.old, "new": ins.new}
    if ins.action in ("replace", "insert", "delete-words"):
        fields["loc"] = address(lang, ins.unit, "prep" if ru else "loc")
        for case in WORDS[lang]:
            fields[f"w_{case}"] = _word_noun(lang, case, ins.new if case == "inst" else ins.old)
    elif ins.action == "delete-article":
        fields["acc"] = _whole_article(lang, ins.unit)
    elif ins.action in ("sentence", "wording", "delete"):
        fields["acc"] = address(lang, ins.unit, "acc" if ru else "nom")
    if ins.action in ("add", "add-article"):
        fields["added"] = _added(lang, ins.added)
        head = (_whole_article(lang, ins.unit) + " ") if ins.unit else ""
        if ins.anchor is not None:
            head += (f"после {address(lang, _alone(ins.anchor), 'gen')} " if ru
                     else f"{address(lang, _alone(ins.anchor), 'abl')} кейін ")
        fields["head"] = head
    return t.format(**fields), ins.blocks


WORD_LEVEL = ("replace", "insert", "delete-words", "sentence")
"""Instructions that may share one address: «в пункте 3 статьи 2: слова … исключить; …»."""


def group_address(lang: str, unit: Unit) -> str:
    """The head of instructions sharing a unit: `в пункте 3 статьи 2:` / `2-баптың 3-тармағында:`."""
    if lang == "ru":
        return f"в {address(lang, unit, 'prep')}:"
    return address(lang, unit, "loc")[:-2] + ":"  # тармағындағы → тармағында


def _prefix(lang: str, ins: Instruction) -> str:
    """What a sentence of `say` begins with that the group's head says once."""
    if ins.action == "sentence":
        return address(lang, ins.unit, "acc" if lang == "ru" else "nom") + " "
    return (f"в {address(lang, ins.unit, 'prep')} " if lang == "ru" else address(lang, ins.unit, "loc") + " ")


def say_member(lang: str, ins: Instruction) -> str:
    """An instruction of a group, without the address its head gives."""
    return say(lang, ins)[0].removeprefix(_prefix(lang, ins))


def parse_group(lang: str, head: str, members: list[str], addresses: Addresses) -> list[Instruction]:
    """Instructions sharing a unit, from the head and the members `say_member` wrote."""
    unit = next((u for u in set(addresses.names.values()) if group_address(lang, u) == head), None)
    if unit is None:
        raise UnitMissing(_("the version amended has no {unit!r}").format(unit=head.rstrip(":")))
    out = []
    for member in members:
        for action in ("replace", "sentence"):  # the two kinds of prefix
            try:
                out.append(parse(lang, _prefix(lang, Instruction(action, unit)) + member, (), addresses))
                break
            except ParseError:
                continue
        else:
            raise ParseError(_("not a supported form: {form}").format(form=member))
    return out


def _alone(unit: Unit) -> Unit:
    """An anchor is named without its article (the parent is named already)."""
    return Unit(unit.kind, unit.number, "", unit.point if unit.kind == "subpoint" else "", unit.labelled)


def _added(lang: str, units: tuple[Unit, ...]) -> str:
    kind = units[0].kind
    units = tuple(u for u in units if u.kind == kind)
    numbered = [u.number + (")" if u.kind == "subpoint" else "") for u in units if u.kind == kind
                and u.kind in ("article", "point", "subpoint")]
    if lang == "ru":
        one, many = ADDED_RU[kind]
        noun = one if len(units) == 1 else many
        return f"{noun} {', '.join(numbered)}" if numbered else noun
    if not numbered:
        return KK_NOUNS[kind][4] if len(units) == 1 else ADDED_KK_PLURAL[kind]
    sep = " " if kind == "subpoint" else "-"
    if len(units) == 1:
        return f"{numbered[0]}{sep}{KK_NOUNS[kind][4]}"
    return f"{', '.join(numbered)}{sep}{ADDED_KK_PLURAL[kind]}"


# --- reading ------------------------------------------------------------------------------------

def _pattern(template: str) -> re.Pattern[str]:
    out, pos = "", 0
    for m in re.finditer(r"\{(\w+)\}", template):
        out += re.escape(template[pos:m.start()])
        name = m[1]
        if name in ("old", "new"):
            out += f"(?P<{name}>.*)"
        elif name.startswith("w_"):
            out += "(?:" + "|".join(re.escape(w) for w in WORDS_ALL) + ")"
        elif name == "head":
            out += "(?P<head>.*?)"
        else:
            out += f"(?P<{name}>.+?)"
        pos = m.end()
    return re.compile("^" + out + re.escape(template[pos:]) + "$")


WORDS_ALL = sorted({w for lang in WORDS.values() for forms in lang.values() for w in forms}, key=len, reverse=True)
PATTERNS = {lang: [(action, _pattern(t)) for action, t in forms.items()] for lang, forms in TEMPLATES.items()}


@dataclass(frozen=True)
class Addresses:
    """Every way `say` can name a unit of the version amended, → the unit."""

    names: dict[tuple[str, str], Unit]

    @classmethod
    def of(cls, lang: str, units: tuple[Unit, ...]) -> Addresses:
        cases = ("prep", "acc", "gen") if lang == "ru" else ("loc", "nom", "abl")
        names: dict[tuple[str, str], Unit] = {}
        for u in units:
            for case in cases:
                names.setdefault((case, address(lang, u, case)), u)
                names.setdefault((case, address(lang, _alone(u), case)), u)
            if u.kind == "article":
                names.setdefault(("whole", _whole_article(lang, u)), u)
        return cls(names)

    def get(self, case: str, text: str, parent: Unit | None = None) -> Unit:
        unit = self.names.get((case, text))
        if unit is None:
            raise UnitMissing(_("the version amended has no {unit!r}").format(unit=text))
        if parent is not None and unit.article != parent.article:  # an anchor named without its article
            unit = Unit(unit.kind, unit.number, parent.article, unit.point, unit.labelled)
        return unit


def parse(lang: str, sentence: str, blocks: tuple[str, ...], addresses: Addresses) -> Instruction:
    ru = lang == "ru"
    missing: UnitMissing | None = None
    for action, pattern in PATTERNS[lang]:
        m = pattern.match(sentence)
        if not m:
            continue
        g = m.groupdict()
        try:
            if action in ("replace", "insert", "delete-words"):
                unit = addresses.get("prep" if ru else "loc", g["loc"])
                return Instruction(action, unit, old=g["old"], new=g.get("new") or "")
            if action == "sentence":
                return Instruction(action, addresses.get("acc" if ru else "nom", g["acc"]), new=g["new"])
            if action == "delete" and ("whole", g["acc"]) in addresses.names:
                return Instruction("delete-article", addresses.get("whole", g["acc"]))
            if action in ("wording", "delete"):
                return Instruction(action, addresses.get("acc" if ru else "nom", g["acc"]), blocks=blocks)
            if action == "add":
                parent, anchor = _head(lang, g["head"].strip(), addresses)
                added = tuple(_unit_of_text(text, parent) for text in blocks)
                return Instruction(action, parent, blocks=blocks, added=added, anchor=anchor)
            if action == "add-article":
                if not blocks or not ARTICLE.match(blocks[0]):
                    raise ParseError(_("not an article"))
                return Instruction(action, None, blocks=blocks, added=tuple(_unit_of_text(b, None) for b in blocks))
        except UnitMissing as e:
            missing = e
        except ParseError:
            continue
    if missing:
        raise missing
    raise ParseError(_("not a supported form: {form}").format(form=sentence))


def _head(lang: str, head: str, addresses: Addresses) -> tuple[Unit | None, Unit | None]:
    """`статью 2 после пункта 3` / `2-бап 3-тармақтан кейін`: the article added to (if named)
    and the unit after which (if named)."""
    words = head.split()
    for k in range(len(words) + 1):
        parent_words, rest = " ".join(words[:k]), " ".join(words[k:])
        try:
            parent = addresses.get("whole", parent_words) if parent_words else None
            if not rest:
                return parent, None
            if lang == "ru" and rest.startswith("после "):
                return parent, addresses.get("gen", rest.removeprefix("после "), parent)
            if lang == "kk" and rest.endswith(" кейін"):
                return parent, addresses.get("abl", rest.removesuffix(" кейін"), parent)
        except ParseError:
            continue
    raise UnitMissing(_("the version amended has no {unit!r}").format(unit=head))


def _unit_of_text(text: str, parent: Unit | None) -> Unit:
    """The unit a quoted block is, from its own text (`Статья 5-1.`, `3-1. …`, `2) …`)."""
    article = parent.article if parent else ""
    if m := ARTICLE.match(text):
        return Unit("article", m[1] or m[2], m[1] or m[2])
    if m := POINT_IN_TEXT.match(text):
        return Unit("point", m[1], article, labelled="-" in m[1])
    if m := SUBPOINT_IN_TEXT.match(text):
        return Unit("subpoint", m[1], article, labelled="-" in m[1])
    return Unit("part" if article else "paragraph", "0", article)
