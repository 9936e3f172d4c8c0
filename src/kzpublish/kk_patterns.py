"""Kazakh hyphenation patterns, generated from the Kazakh spelling rules (Liang patterns, as
pyphen and TeX read them). The shipped `data/hyph_kk_KZ.dic` is this module's output:
regenerate it with `python -m kzpublish.kk_patterns > src/kzpublish/data/hyph_kk_KZ.dic`
(a test checks that the two agree).

The rules (odd digits allow a break, even digits forbid it; the highest digit wins):
1. Break only between syllables; a syllable never starts with two consonants, so a consonant
   followed by a vowel starts a syllable: бал-шық, мек-теп, құмырс-қа (`1шы`).
2. й and у standing between two vowels start the next syllable: да-уыс, қа-йың (`а1у2ы`).
3. у and и after a consonant and before a vowel are vowels (ұу/үу, ый/ій): бу-ын, қи-ын (`у1ы`).
4. Two vowels meet only in loans, and a syllable may then start with a vowel: про-ект, по-эма.
5. ь and ъ stay with the consonant before them: nothing breaks before them.
6. Consonant + р/л clusters of Russian loans stay together: орфо-гра-фия (`1гр`, `г2р`).
7. Single letters are never left or carried: that is the minimum of 2 on either side, set by
   the caller (pyphen's left/right, CSS hyphenate-limit-chars).
8. Compounds and abbreviations that the rules get wrong are listed in EXCEPTIONS.
"""

from __future__ import annotations

VOWELS = "аәеёиоөуұүыіэюя"
SEMIVOWELS = "уи"  # vowel or consonant by context (rules 2 and 3)
CONSONANTS = "бвгғджзйкқлмнңпрстфхһцчшщ"  # ь and ъ are neither: rule 5
LOAN_CLUSTERS = [c + r for c in "бвгдкптфх" for r in "р"] + [c + "л" for c in "бвгкпф"]

# Words the rules break wrongly, written with every allowed break as a hyphen. A trailing `*`
# means the entry is a stem: it also governs longer words that start with it (Қазақстанның).
EXCEPTIONS = (
    "қа-зақ-стан*",
    "ҚазҰУ",
    "ҚазМУ",
    "ҚазГЗУ",
    "ҚазТАГ",
)


def rule_patterns() -> list[str]:
    pats: set[str] = set()
    for c in CONSONANTS:
        for v in VOWELS:
            pats.add(f"1{c}{v}")  # rule 1
    for v1 in VOWELS:
        for v2 in VOWELS:
            if v1 not in SEMIVOWELS:
                if v2 not in SEMIVOWELS:  # after a vowel, у and и close the syllable: сай-лау-лар
                    pats.add(f"{v1}1{v2}")  # rule 4
                pats.add(f"{v1}1у2{v2}")  # rule 2 (й is a consonant: rule 1 covers it)
    for s in SEMIVOWELS:
        for v in VOWELS:
            pats.add(f"{s}1{v}")  # rule 3
    for cluster in LOAN_CLUSTERS:
        pats.add(f"1{cluster[0]}2{cluster[1]}")  # rule 6
    return merge(pats)


def merge(patterns: set[str]) -> list[str]:
    """One pattern per letter sequence, keeping the highest digit at each place: pyphen (like
    TeX) keys patterns by their letters, so a second pattern with the same letters would
    silently replace the first."""
    by_letters: dict[str, list[int]] = {}
    for pat in patterns:
        letters = "".join(ch for ch in pat if not ch.isdigit())
        values = [0] * (len(letters) + 1)
        i = 0
        for ch in pat:
            if ch.isdigit():
                values[i] = int(ch)
            else:
                i += 1
        old = by_letters.setdefault(letters, values)
        by_letters[letters] = [max(a, b) for a, b in zip(old, values)]
    return sorted(
        "".join(f"{v or ''}{ch}" for v, ch in zip(values, letters)) + (str(values[-1]) if values[-1] else "")
        for letters, values in by_letters.items()
    )


def exception_pattern(entry: str) -> str:
    """`қа-зақ-стан*` → `.қ8а9з8а8қ9с8т8а8н`: 9 where the entry breaks, 8 everywhere else."""
    parts = entry.rstrip("*").lower().split("-")
    return "." + "9".join("8".join(part) for part in parts) + ("" if entry.endswith("*") else "8.")


def dictionary() -> str:
    lines = ["UTF-8", "LEFTHYPHENMIN 2", "RIGHTHYPHENMIN 2"]
    lines += rule_patterns()
    lines += [exception_pattern(e) for e in EXCEPTIONS]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(dictionary(), end="")
