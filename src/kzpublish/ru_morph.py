"""The only pymorphy3 import: Russian words to their dictionary forms, so that a glossary term
matches in any inflected form (вправе, гражданин → граждан, гражданами…). The analyser loads its
dictionary (the `pymorphy3-dicts-ru` package) once, on first use."""

from __future__ import annotations

from functools import cache, lru_cache


@cache
def _analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=65536)
def lemmas(word: str) -> frozenset[str]:
    """Every dictionary form the word can be a form of (ambiguity kept: стали → стать, сталь)."""
    word = word.lower().replace("ё", "е")
    return frozenset(p.normal_form.replace("ё", "е") for p in _analyzer().parse(word)) | {word}


@lru_cache(maxsize=4096)
def lemma(word: str) -> str:
    """The dictionary form of a word as a glossary writes it (its most likely analysis)."""
    word = word.lower().replace("ё", "е")
    return _analyzer().parse(word)[0].normal_form.replace("ё", "е")
