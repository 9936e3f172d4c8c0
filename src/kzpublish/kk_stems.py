"""Kazakh word forms by rule: is a word a form of a given stem? Kazakh is agglutinative — one noun
has dozens of forms (тармақ, тармағы, тармағындағы, тармақтарының…) — and no maintained
morphological analyser for it is on PyPI, so kzpublish keeps this small inventory of the
inflectional suffixes of nouns and adjectives:

    stem + [plural] + [possessive] + [case] + [-ғы/-гі (attributive, after the locative)]

- plural: -лар/-лер, -дар/-дер, -тар/-тер;
- possessive: -(ы)м/-(і)м, -(ы)ң/-(і)ң, -(с)ы/-(с)і, -(ы)мыз/-(і)міз, -(ы)ңыз/-(і)ңіз;
- case: genitive -ның/-нің/-дың/-дің/-тың/-тің; dative -ға/-ге/-қа/-ке/-на/-не/-а/-е;
  accusative -ны/-ні/-ды/-ді/-ты/-ті/-н; locative -да/-де/-та/-те/-нда/-нде; ablative
  -дан/-ден/-тан/-тен/-нан/-нен/-ндан/-нден; instrumental -мен/-бен/-пен (and -менен…);
- vowel harmony: the suffixes' vowels are back (а, ы) after a back-vowel stem and front (е, і)
  after a front-vowel one (a stem whose last vowel is neutral — и, у, э, ю in loanwords — takes
  either);
- a stem's final к, қ, п voice to г, ғ, б before a vowel (тармақ → тармағы, кітап → кітабы).

Derivational suffixes (-лық/-лік, -шы/-ші, -сыз/-сіз) are left out on purpose: they make another
word (құқық «право» → құқықтық «правовой»), and a glossary entry names the word it means.
Verbs are matched by their form as written in the glossary, and any case endings after it."""

from __future__ import annotations

from functools import lru_cache

BACK, FRONT = set("аоұыя"), set("әөүіе")
NEUTRAL = set("иуэю")
VOWELS = BACK | FRONT | NEUTRAL | {"ё"}
VOICING = {"к": "г", "қ": "ғ", "п": "б"}
UNVOICING = {v: k for k, v in VOICING.items()}

VOICELESS = set("кқпстфхцчшщ")
NASAL = set("мнң")

# Each slot: (allomorph, what may stand before it). V: a vowel; VL: a voiceless consonant; C: any
# consonant; N: м н ң; LZ: л з ж; R: р й у; BG: б в г д; P3: the possessive of the third person
# just before (тармағы|на, тармағы|нда); P1: of the first or second (тілім|е); LOC: a locative.
PLURAL = [("лар", "V R"), ("лер", "V R"), ("дар", "LZ N"), ("дер", "LZ N"), ("тар", "VL BG"), ("тер", "VL BG")]
POSSESSIVE = [("м", "V"), ("ң", "V"), ("сы", "V"), ("сі", "V"), ("мыз", "V"), ("міз", "V"), ("ңыз", "V"),
              ("ңіз", "V"), ("ым", "C"), ("ім", "C"), ("ың", "C"), ("ің", "C"), ("ы", "C"), ("і", "C"),
              ("ымыз", "C"), ("іміз", "C"), ("ыңыз", "C"), ("іңіз", "C")]
CASE = [("ның", "V N"), ("нің", "V N"), ("дың", "LZ R"), ("дің", "LZ R"), ("тың", "VL BG"), ("тің", "VL BG"),
        ("ға", "V R LZ N"), ("ге", "V R LZ N"), ("қа", "VL BG"), ("ке", "VL BG"), ("на", "P3"), ("не", "P3"),
        ("а", "P1"), ("е", "P1"),
        ("ны", "V"), ("ні", "V"), ("ды", "LZ N R"), ("ді", "LZ N R"), ("ты", "VL BG"), ("ті", "VL BG"), ("н", "P3"),
        ("да", "V R LZ N"), ("де", "V R LZ N"), ("та", "VL BG"), ("те", "VL BG"), ("нда", "P3"), ("нде", "P3"),
        ("дан", "V R LZ"), ("ден", "V R LZ"), ("нан", "N"), ("нен", "N"), ("тан", "VL BG"), ("тен", "VL BG"),
        ("ндан", "P3"), ("нден", "P3"),
        ("мен", "V R N л"), ("бен", "зж"), ("пен", "VL BG"), ("менен", "V R N л"), ("бенен", "зж"), ("пенен", "VL BG")]
INSTRUMENTAL = ("менен", "бенен", "пенен", "мен", "бен", "пен")
"""The instrumental keeps its е after any stem (заңмен, тілмен)."""
ATTRIBUTIVE = [("ғы", "LOC"), ("гі", "LOC"), ("қы", "LOC"), ("кі", "LOC")]
SLOTS = (PLURAL, POSSESSIVE, CASE, ATTRIBUTIVE)


def _fits(before: str, last_morph: str, condition: str) -> bool:
    ch = before[-1]
    classes = {"V": ch in VOWELS, "C": ch not in VOWELS, "VL": ch in VOICELESS, "N": ch in NASAL,
               "LZ": ch in "лзж", "R": ch in "рйу", "BG": ch in "бвгд", "л": ch == "л", "зж": ch in "зж",
               "P3": last_morph in ("ы", "і", "сы", "сі"), "P1": last_morph in ("м", "ң", "ым", "ім", "ың", "ің"),
               "LOC": last_morph in ("да", "де", "та", "те", "нда", "нде")}
    return any(classes[c] for c in condition.split())


def endings(before: str, rest: str, slot: int = 0, last: str = "") -> bool:
    """Whether `rest` is a chain of endings that may follow `before`."""
    if not rest:
        return True
    for k in range(slot, len(SLOTS)):
        for morph, condition in SLOTS[k]:
            if rest.startswith(morph) and _fits(before, last, condition):
                if endings(before + morph, rest[len(morph):], k + 1, morph):
                    return True
    return False


def _harmony(stem: str) -> set[str] | None:
    """The vowels a suffix may have after `stem`: None for any."""
    for ch in reversed(stem):
        if ch in BACK:
            return {"а", "ы"}
        if ch in FRONT:
            return {"е", "і"}
        if ch in NEUTRAL:
            return None
    return None


@lru_cache(maxsize=65536)
def is_form(word: str, stem: str) -> bool:
    """Whether `word` is `stem` with inflectional endings (both lower case)."""
    if word == stem:
        return True
    for base in _bases(stem):
        if word.startswith(base) and len(word) > len(base):
            rest = word[len(base):]
            if (base != stem) != (rest[0] in VOWELS and stem[-1] in VOICING):
                continue  # тармағ- before a vowel, тармақ- before a consonant
            if endings(base, rest) and _agrees(stem, rest):
                return True
    return False


def _bases(stem: str) -> tuple[str, ...]:
    last = stem[-1:]
    return (stem, stem[:-1] + VOICING[last]) if last in VOICING else (stem,)


def _agrees(stem: str, rest: str) -> bool:
    for ending in INSTRUMENTAL:
        if rest.endswith(ending):
            rest = rest[:-len(ending)]
            break
    allowed = _harmony(stem)
    return allowed is None or all(ch in allowed for ch in rest if ch in VOWELS)


def stem_of(word: str, shortest: int = 3) -> str:
    """The stem of `word` for grouping its forms (the consistency report): the shortest one of
    at least `shortest` letters, with a vowel, of which `word` is a form, ending in a consonant
    where one does (адамның → адам, not ада + мның)."""
    found = []
    for k in range(shortest, len(word) + 1):
        stem, rest = word[:k], word[k:]
        if any(ch in VOWELS for ch in stem) and endings(stem, rest) and _agrees(stem, rest):
            if stem[-1] in UNVOICING and rest[:1] in VOWELS:
                stem = stem[:-1] + UNVOICING[stem[-1]]
            found.append(stem)
    consonant = [s for s in found if s[-1] not in VOWELS]
    return (consonant or found or [word])[0]
