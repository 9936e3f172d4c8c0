"""Terms that agree across languages (`kzpublish terms`, and the build's warnings): over the
aligned pairs of a document (`align.align_document`), each glossary term (`glossary`) found in the
Russian block (in any inflected form, through `ru_morph`) must have its approved Kazakh term in
the Kazakh block (in any form, through `kk_stems`), and no forbidden variant may stand in either.

Precision first: a pair aligned with low confidence is not checked for a missing term (a false
alarm there would be the aligner's); a forbidden variant is reported wherever it stands.

The consistency report says, for each Russian term, which Kazakh renderings the document uses and
where: the glossary's approved and forbidden variants, and, where neither is found, the Kazakh
word most associated with the term over the whole document (Dice's coefficient over the pairs),
to help build a glossary from an existing text."""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Sequence

from kzpublish.align import Pair
from kzpublish.blocks import Block
from kzpublish.errors import SourceLocation
from kzpublish.glossary import Glossary, Term
from kzpublish.history.tokens import tokenize
from kzpublish.kk_stems import is_form, stem_of
from kzpublish.messages import _
from kzpublish.structure import Unit, ru_short, units_of

log = logging.getLogger("kzpublish")

MIN_CONFIDENCE = 0.5
"""Pairs aligned with less confidence are not checked for missing terms."""
MIN_ASSOCIATION = 0.6
"""Dice's coefficient a Kazakh word needs to be shown as a rendering of a term…"""
MIN_PAIRS = 3
"""…and the pairs it must share with the term: one pair proves nothing."""


@dataclass(frozen=True)
class Place:
    loc: SourceLocation
    unit: str
    """`ст. 2, п. 3`."""
    word: str
    """The form found, as written ("" where nothing was found)."""

    def __str__(self) -> str:
        return f"{self.loc} ({self.unit})" if self.unit else str(self.loc)


@dataclass(frozen=True)
class Problem:
    kind: str
    """`missing` (the approved Kazakh term is not in the pair), `forbidden` (a forbidden variant)."""
    term: Term
    lang: str
    """The side at fault: `kk` for a missing term, the variant's language for a forbidden one."""
    ru: Place
    kk: Place
    pair: int
    """1-based number of the pair (as `kzpublish align` shows)."""

    def message(self) -> str:
        if self.kind == "missing":
            return _("{where}: the approved term «{term}» is missing for «{word}» at {place}").format(
                where=self.kk.loc, term=self.term.kk, word=self.ru.word, place=self.ru)
        at, other = (self.kk, self.ru) if self.lang == "kk" else (self.ru, self.kk)
        approved = self.term.kk if self.lang == "kk" else self.term.ru
        return _("{where}: «{word}» is a forbidden variant of «{approved}»{unit}; the other language: {other}").format(
            where=at.loc, word=at.word, approved=approved, unit=f" ({at.unit})" if at.unit else "", other=other)


@dataclass(frozen=True)
class Rendering:
    text: str
    status: str
    """`approved`, `forbidden`, `other` (associated by the text, not in the glossary), `none`."""
    places: tuple[tuple[Place, Place], ...]


@dataclass
class TermsReport:
    slug: str
    problems: list[Problem] = field(default_factory=list)
    renderings: dict[str, list[Rendering]] = field(default_factory=dict)
    unchecked: int = 0
    """Pairs not checked for missing terms (low alignment confidence)."""
    occurrences: int = 0
    """(pair, term) with the Russian term in the pair: what was checked."""


# --- matching -----------------------------------------------------------------------------------

SENTENCE_START = set(".!?…:;«\"„“(")


@dataclass(frozen=True)
class Words:
    """A block's words: as written, in lower case, and which are names (a capital letter inside a
    sentence: Астана the city is not астана the capital; a lower-case glossary term does not
    match it)."""

    text: tuple[str, ...]
    lower: tuple[str, ...]
    names: tuple[bool, ...]

    @classmethod
    def of(cls, text: str, known_names: frozenset[str] = frozenset()) -> Words:
        """`known_names`: words (lower case) written as names elsewhere in the document, so that
        at the start of a sentence too they are names."""
        words, names, before = [], [], "."
        for t in tokenize(text):
            if t.text[0].isalpha():
                words.append(t.text)
                capital = t.text[0].isupper()
                names.append(capital and (before not in SENTENCE_START or t.text.lower() in known_names))
            before = t.text
        return cls(tuple(words), tuple(w.lower().replace("ё", "е") for w in words), tuple(names))

    def may_be(self, k: int, term: str) -> bool:
        """Whether word `k` may be the first word of `term` (not a name, if `term` is lower case)."""
        return not (self.names[k] and term[:1].islower())


def names_in(texts: Sequence[str]) -> frozenset[str]:
    """The words written with a capital inside a sentence somewhere in `texts`, in lower case."""
    out = set()
    for text in texts:
        w = Words.of(text)
        out.update(low for low, name in zip(w.lower, w.names) if name)
    return frozenset(out)


def find_ru(term: str, words: Words) -> str | None:
    """The form of `term` (one or more words) in `words`, as written, or None."""
    from kzpublish.ru_morph import lemma, lemmas

    want = [lemma(w) for w in term.split()]
    n = len(want)
    for k in range(len(words.lower) - n + 1):
        if words.may_be(k, term) and all(want[i] in lemmas(words.lower[k + i]) for i in range(n)):
            return " ".join(words.text[k:k + n])
    return None


def find_kk(term: str, words: Words) -> str | None:
    """The form of `term` in `words`: the words before the last as written, the last with any
    inflectional endings (Kazakh inflects the last word of a phrase)."""
    want = term.lower().split()
    n = len(want)
    for k in range(len(words.lower) - n + 1):
        if (words.may_be(k, term) and words.lower[k:k + n - 1] == tuple(want[:-1])
                and is_form(words.lower[k + n - 1], want[-1])):
            return " ".join(words.text[k:k + n])
    return None


FIND = {"ru": find_ru, "kk": find_kk}


# --- checking -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Side:
    """One translation as the checker needs it: its source text and blocks; the blocks' units,
    and where in the text each block's first word stands (best effort)."""

    lang: str
    path: str
    text: str
    blocks: tuple[Block, ...]

    @cached_property
    def units(self) -> tuple[Unit, ...]:
        return units_of(self.blocks)

    @cached_property
    def starts(self) -> tuple[int, ...]:
        return _starts(self.text, self.blocks)

    @classmethod
    def of(cls, lang: str, path: str, text: str, blocks: Sequence[Block]) -> Side:
        return cls(lang, path, text, tuple(blocks))

    def place(self, indices: tuple[int, ...], word: str) -> Place:
        if not indices:
            return Place(SourceLocation(self.path), "", word)
        first = indices[0]
        at = self.starts[first]
        if word and at >= 0:
            m = re.search(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in word.split()) + r"(?!\w)", self.text[at:])
            if m:
                at += m.start()
        line = self.text.count("\n", 0, at) + 1 if at >= 0 else None
        column = at - (self.text.rfind("\n", 0, at) + 1) + 1 if at >= 0 else None
        return Place(SourceLocation(self.path, line, column), ru_short(self.units[first]), word)


def _starts(text: str, blocks: Sequence[Block]) -> tuple[int, ...]:
    out, pos = [], 0
    if text.startswith("---"):  # past the front matter
        close = re.search(r"\n(?:---|\.\.\.)[ \t]*(?:\n|$)", text[3:])
        pos = 3 + close.end() if close else 0
    for b in blocks:
        words = [t.text for t in tokenize(b.text) if t.text[0].isalnum()]
        m = re.search(r"(?<!\w)" + re.escape(words[0]) + r"(?!\w)", text[pos:]) if words else None
        if m:
            out.append(pos + m.start())
            pos += m.end()
        else:
            out.append(-1)
    return tuple(out)


def check(slug: str, glossary: Glossary, ru: Side, kk: Side, pairs: Sequence[Pair]) -> TermsReport:
    """`pairs` as `align` gives them, with `ru` the left side (swap before calling otherwise)."""
    report = TermsReport(slug)
    texts = [(" ".join(ru.blocks[i].text for i in p.left), " ".join(kk.blocks[j].text for j in p.right))
             for p in pairs]
    ru_names, kk_names = names_in([a for a, _ in texts]), names_in([b for _, b in texts])
    words = [(Words.of(a, ru_names), Words.of(b, kk_names)) for a, b in texts]
    report.unchecked = sum(1 for p in pairs if p.confidence < MIN_CONFIDENCE and p.left and p.right)
    for term in glossary.terms:
        found: dict[str, list[tuple[Place, Place]]] = defaultdict(list)
        status: dict[str, str] = {}
        ru_pairs = []
        for n, (p, (rw, kw)) in enumerate(zip(pairs, words), 1):
            ru_word = find_ru(term.ru, rw)
            for lang, side, w in (("ru", ru, rw), ("kk", kk, kw)):
                for variant in term.forbidden(lang):
                    if hit := FIND[lang](variant, w):
                        here = side.place(p.left if lang == "ru" else p.right, hit)
                        other = (kk if lang == "ru" else ru).place(p.right if lang == "ru" else p.left, "")
                        ru_place, kk_place = (here, other) if lang == "ru" else (other, here)
                        report.problems.append(Problem("forbidden", term, lang, ru_place, kk_place, n))
                        if lang == "kk" and ru_word:
                            found[variant].append((ru.place(p.left, ru_word), here))
                            status[variant] = "forbidden"
            if not ru_word:
                continue
            ru_pairs.append((n, p, ru_word))
            report.occurrences += 1
            kk_word = find_kk(term.kk, kw) if term.kk else None
            if kk_word:
                found[term.kk].append((ru.place(p.left, ru_word), kk.place(p.right, kk_word)))
                status[term.kk] = "approved"
            elif term.kk and p.right and p.confidence >= MIN_CONFIDENCE and not any(
                    FIND["kk"](v, kw) for v in term.forbidden_kk):
                report.problems.append(Problem("missing", term, "kk", ru.place(p.left, ru_word),
                                               kk.place(p.right, ""), n))
        _associate(ru, kk, words, ru_pairs, found, status)
        report.renderings[term.ru] = [Rendering(text, status[text], tuple(places))
                                      for text, places in sorted(found.items(), key=lambda kv: -len(kv[1]))]
    report.problems.sort(key=lambda pr: (pr.pair, pr.kind, pr.term.ru))
    return report


def _associate(ru: Side, kk: Side, words, ru_pairs, found, status) -> None:
    """For the pairs where no glossary variant was found: the Kazakh word (by stem) most associated
    with the term over the document."""
    rest = [(n, p, w) for n, p, w in ru_pairs if not any(
        pl[0].loc == ru.place(p.left, w).loc for places in found.values() for pl in places)]
    if not rest:
        return
    stems_per_pair = [{stem_of(x) for x in kw.lower if len(x) > 2} for _, kw in words]
    everywhere = Counter(s for stems in stems_per_pair for s in stems)
    with_term = Counter(s for n, _, _ in ru_pairs for s in stems_per_pair[n - 1])
    score = {s: 2 * c / (len(ru_pairs) + everywhere[s]) for s, c in with_term.items()}
    for n, p, w in rest:
        best = max(stems_per_pair[n - 1], key=lambda s: (score.get(s, 0), s), default=None)
        if best is None or score.get(best, 0) < MIN_ASSOCIATION or with_term[best] < MIN_PAIRS:
            key, st, kk_place = "—", "none", kk.place(p.right, "")
        else:
            form = next(x for x in words[n - 1][1].text if stem_of(x.lower()) == best)
            key, st, kk_place = best + "…", "other", kk.place(p.right, form)
        found[key].append((ru.place(p.left, w), kk_place))
        status[key] = st


# --- the build ----------------------------------------------------------------------------------

def warn(root: Path, slug: str, sources: Sequence[tuple[str, str, str]], blocks: Sequence[Sequence[Block]],
         pairs: Sequence[Pair]) -> int:
    """The build's hook: log a warning per problem (`sources`: (lang, path, text) of the two
    translations, in the order `blocks` and `pairs` have them). Returns how many."""
    from kzpublish.glossary import load

    glossary = load(root)
    if glossary is None or len(sources) != 2:
        return 0
    report = check_translations(slug, glossary, sources, blocks, pairs)
    for problem in report.problems:
        log.warning(_("%s; `kzpublish terms %s` lists them all"), problem.message(), slug)
    return len(report.problems)


def check_translations(slug: str, glossary: Glossary, sources, blocks, pairs: Sequence[Pair]) -> TermsReport:
    """`check` with the translations in whichever order the document has them."""
    sides = [Side.of(lang, path, text, b) for (lang, path, text), b in zip(sources, blocks)]
    if sides[0].lang != "ru":
        sides.reverse()
        pairs = [Pair(p.right, p.left, p.confidence, p.method) for p in pairs]
    return check(slug, glossary, sides[0], sides[1], pairs)


def document_report(root: Path, doc, glossary: Glossary) -> TermsReport:
    """`kzpublish terms SLUG`: the document aligned (`align.align_document`) and checked."""
    from kzpublish.align import align_document

    aligned = align_document(doc, root)
    sources = [(t.lang, t.source.path, t.source.text) for t in doc.translations]
    return check_translations(doc.slug, glossary, sources, aligned.blocks, aligned.pairs)


def to_json(report: TermsReport) -> dict:
    def place(p: Place) -> dict:
        return {"path": p.loc.path, "line": p.loc.line, "column": p.loc.column, "unit": p.unit, "word": p.word}

    return {
        "slug": report.slug,
        "problems": [{"kind": p.kind, "lang": p.lang, "pair": p.pair, "ru_term": p.term.ru, "kk_term": p.term.kk,
                      "message": p.message(), "ru": place(p.ru), "kk": place(p.kk)} for p in report.problems],
        "renderings": {term: [{"rendering": r.text, "status": r.status, "count": len(r.places),
                               "where": [{"ru": place(a), "kk": place(b)} for a, b in r.places]}
                              for r in rs] for term, rs in report.renderings.items()},
        "unchecked_pairs": report.unchecked,
    }
