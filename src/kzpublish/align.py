"""Aligning the blocks of two translations of one document.

Structure and order first: blocks that carry the same id in both translations (a fenced div
or a heading with `{#id}`) are fixed points; between them, when both sides have the same number
of blocks of the same kinds, they pair one to one. Where they do not, a length-based aligner in
the manner of Gale & Church (1993) pairs them, allowing 1–1, 1–2, 2–1, 2–2, 1–0 and 0–1.

Each pair has a confidence between 0 and 1: 1 for a shared id; for the others, how well the
lengths agree with the document's own length ratio between the languages (lower where a heading
faces a paragraph), raised to at least 0.6 where the structure agrees."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from kzpublish.blocks import Block
from kzpublish.document import Document
from kzpublish.errors import KzError
from kzpublish.messages import _

VARIANCE = 6.8  # Gale & Church's variance of the length difference, per character
PRIORS = {(1, 1): 0.89, (1, 0): 0.005, (0, 1): 0.005, (2, 1): 0.0445, (1, 2): 0.0445, (2, 2): 0.011}
KIND_MISMATCH = 0.05


@dataclass(frozen=True)
class Pair:
    left: tuple[int, ...]
    """Indices of the blocks of the first translation (may be empty)."""
    right: tuple[int, ...]
    confidence: float
    method: str
    """`id`, `structure` or `length`."""


def align(left: Sequence[Block], right: Sequence[Block]) -> tuple[Pair, ...]:
    ratio = _ratio(left, right)
    pairs: list[Pair] = []
    li = ri = 0
    for lj, rj in _anchors(left, right):
        pairs += _segment(left, right, li, lj, ri, rj, ratio)
        pairs.append(Pair((lj,), (rj,), 1.0, "id"))
        li, ri = lj + 1, rj + 1
    pairs += _segment(left, right, li, len(left), ri, len(right), ratio)
    return tuple(pairs)


def _ratio(left: Sequence[Block], right: Sequence[Block]) -> float:
    a = sum(len(b.text) for b in left)
    b = sum(len(b.text) for b in right)
    return b / a if a and b else 1.0


def _anchors(left: Sequence[Block], right: Sequence[Block]) -> list[tuple[int, int]]:
    """Blocks with the same id on both sides, in an order both sides agree on."""
    def unique(blocks):
        seen: dict[str, int] = {}
        dup = set()
        for i, b in enumerate(blocks):
            if b.ident:
                if b.ident in seen:
                    dup.add(b.ident)
                seen[b.ident] = i
        return {k: v for k, v in seen.items() if k not in dup}

    lids, rids = unique(left), unique(right)
    common = sorted((lids[k], rids[k]) for k in lids.keys() & rids.keys())
    out, last_r = [], -1
    for lj, rj in common:
        if rj > last_r:
            out.append((lj, rj))
            last_r = rj
    return out


def _segment(left, right, l0: int, l1: int, r0: int, r1: int, ratio: float) -> list[Pair]:
    ls, rs = list(range(l0, l1)), list(range(r0, r1))
    if not ls and not rs:
        return []
    if len(ls) == len(rs) and [left[i].kind for i in ls] == [right[j].kind for j in rs]:
        # The structure agrees: the lengths can only make that surer.
        return [Pair((i,), (j,), round(0.6 + 0.4 * _confidence(left, right, (i,), (j,), ratio), 2), "structure")
                for i, j in zip(ls, rs)]
    return _gale_church(left, right, ls, rs, ratio)


def _gale_church(left, right, ls: list[int], rs: list[int], ratio: float) -> list[Pair]:
    n, m = len(ls), len(rs)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == inf:
                continue
            for (di, dj), prior in PRIORS.items():
                if i + di > n or j + dj > m:
                    continue
                a = tuple(ls[i:i + di])
                b = tuple(rs[j:j + dj])
                c = cost[i][j] - math.log(max(prior * _match(left, right, a, b, ratio), 1e-300))
                if c < cost[i + di][j + dj]:
                    cost[i + di][j + dj] = c
                    back[i + di][j + dj] = (di, dj)
    out: list[Pair] = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        a, b = tuple(ls[i - di:i]), tuple(rs[j - dj:j])
        out.append(Pair(a, b, _confidence(left, right, a, b, ratio), "length"))
        i, j = i - di, j - dj
    return out[::-1]


def _length_probability(l1: int, l2: int, ratio: float) -> float:
    if l1 == 0 and l2 == 0:
        return 1.0
    mean = (l1 + l2 / ratio) / 2
    delta = (l2 - l1 * ratio) / math.sqrt(max(mean, 1) * VARIANCE)
    return math.erfc(abs(delta) / math.sqrt(2))  # two-tailed: 2 * (1 - Φ(|δ|))


def _match(left, right, a: tuple[int, ...], b: tuple[int, ...], ratio: float) -> float:
    l1 = sum(len(left[i].text) + 1 for i in a)
    l2 = sum(len(right[j].text) + 1 for j in b)
    p = _length_probability(l1, l2, ratio)
    kinds_a = {left[i].kind for i in a}
    kinds_b = {right[j].kind for j in b}
    if a and b and (("heading" in kinds_a) != ("heading" in kinds_b)):
        p *= KIND_MISMATCH
    return p


def _confidence(left, right, a: tuple[int, ...], b: tuple[int, ...], ratio: float) -> float:
    if not a or not b:
        return 0.0
    return round(_match(left, right, a, b, ratio), 2)


@dataclass(frozen=True)
class Alignment:
    """The blocks of a document's two translations and how they pair (`kzpublish align`)."""

    langs: tuple[str, str]
    blocks: tuple[tuple[Block, ...], tuple[Block, ...]]
    pairs: tuple[Pair, ...]


def align_document(doc: Document, root: Path) -> Alignment:
    """Read both translations of `doc` as far as their blocks (`typeset.translation_blocks`), and
    align them."""
    from kzpublish.typeset import translation_blocks

    if len(doc.translations) != 2:
        raise KzError(_("{slug} has one translation ({lang}): there is nothing to align").format(slug=doc.slug, lang=doc.primary.lang),
                      doc.primary.source.loc())
    left, right = (translation_blocks(tr, root) for tr in doc.translations)
    return Alignment((doc.translations[0].lang, doc.translations[1].lang), (left, right), align(left, right))
