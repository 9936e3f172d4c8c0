"""The only pyphen import: hyphenation dictionaries for Russian (pyphen's ru_RU) and Kazakh
(kzpublish's own patterns, see `kk_patterns`), registered so that WeasyPrint finds the Kazakh
one for `lang="kk"`, and soft hyphens for editions whose readers know no Kazakh (EPUB)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import pyphen

KK_DICTIONARY = "hyph_kk_KZ.dic"
MIN_LEFT = MIN_RIGHT = 2
SOFT_HYPHEN = "\u00ad"


def kk_dictionary_path() -> Path:
    return Path(str(resources.files("kzpublish") / "data" / KK_DICTIONARY))


def register() -> None:
    """Make `kk` known to pyphen (and so to WeasyPrint): it looks a language up in both tables."""
    path = kk_dictionary_path()
    for name in ("kk_KZ", "kk"):
        pyphen.LANGUAGES[name] = path
        pyphen.LANGUAGES_LOWERCASE[name.lower()] = name


@cache
def _dictionary(lang: str) -> pyphen.Pyphen:
    register()
    return pyphen.Pyphen(lang={"kk": "kk_KZ", "ru": "ru_RU"}[lang], left=MIN_LEFT, right=MIN_RIGHT)


def hyphenate(word: str, lang: str, mark: str = SOFT_HYPHEN) -> str:
    """`word` with `mark` at each allowed break."""
    return _dictionary(lang).inserted(word, hyphen=mark)
