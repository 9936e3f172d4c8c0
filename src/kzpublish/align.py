"""Aligning the blocks of two translations of one document.

Structure and order first: blocks that carry the same id in both translations (a fenced div
or a heading with `{#id}`) and numbered headings with the same number (`Статья 4` and `4-бап`,
`Раздел II` and `II бөлім`, `Глава 3` and `3-тарау`) are fixed points — the longest run of them
both sides agree on the order of; between those, numbered points and list items with the same
number. Between fixed points, when both sides have the same number of blocks of the same kinds,
they pair one to one. Where they do not, a length-based aligner in the manner of Gale & Church
(1993) pairs them, allowing 1–1, 1–2, 2–1, 2–2, 1–0 and 0–1, in a band along the diagonal (a
banded dynamic programme: time linear in the length, 10,000 paragraphs a side in about a second).

Each pair has a confidence between 0 and 1: 1 for a fixed point; for the others, how well the
lengths agree with the document's own length ratio between the languages (lower where a heading
faces a paragraph), raised to at least 0.6 where the structure agrees. `mismatches` finds the
pairs an editor must look at: numbers that disagree (`Статья 4` with `3-бап`), low confidence."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from kzpublish.blocks import Block
from kzpublish.document import Document
from kzpublish.errors import KzError
from kzpublish.locators import line_of, number_of
from kzpublish.messages import _
from kzpublish.sources import SourceFile

VARIANCE = 6.8  # Gale & Church's variance of the length difference, per character
PRIORS = {(1, 1): 0.89, (1, 0): 0.005, (0, 1): 0.005, (2, 1): 0.0445, (1, 2): 0.0445, (2, 2): 0.011}
KIND_MISMATCH = 0.05
BAND = 16
"""How far (in blocks) the length aligner looks off the diagonal of a stretch."""
LOW_CONFIDENCE = 0.05
HEADINGS = ("article", "chapter", "section")


@dataclass(frozen=True)
class Pair:
    left: tuple[int, ...]
    """Indices of the blocks of the first translation (may be empty)."""
    right: tuple[int, ...]
    confidence: float
    method: str
    """`id`, `number`, `structure` or `length`."""


def align(left: Sequence[Block], right: Sequence[Block]) -> tuple[Pair, ...]:
    ratio = _ratio(left, right)
    lnum, rnum = [number_of(b) for b in left], [number_of(b) for b in right]
    pairs: list[Pair] = []
    li = ri = 0
    for lj, rj, method in _anchors(left, right, lnum, rnum):
        pairs += _points(left, right, li, lj, ri, rj, ratio, lnum, rnum)
        pairs.append(Pair((lj,), (rj,), 1.0, method))
        li, ri = lj + 1, rj + 1
    pairs += _points(left, right, li, len(left), ri, len(right), ratio, lnum, rnum)
    return tuple(pairs)


def _points(left, right, l0: int, l1: int, r0: int, r1: int, ratio: float, lnum, rnum) -> list[Pair]:
    """Between two fixed points: numbered points and items with the same number are fixed too."""
    keys_l = _unique((k, lnum[k]) for k in range(l0, l1) if lnum[k] and lnum[k].unit in ("point", "item"))
    keys_r = _unique((k, rnum[k]) for k in range(r0, r1) if rnum[k] and rnum[k].unit in ("point", "item"))
    pairs: list[Pair] = []
    li, ri = l0, r0
    for lj, rj in _in_order(keys_l, keys_r):
        pairs += _segment(left, right, li, lj, ri, rj, ratio)
        pairs.append(Pair((lj,), (rj,), 1.0, "number"))
        li, ri = lj + 1, rj + 1
    return pairs + _segment(left, right, li, l1, ri, r1, ratio)


def mismatches(left: Sequence[Block], right: Sequence[Block], pairs: Sequence[Pair]) -> list[tuple[Pair, str]]:
    """The pairs an editor must check, each with the reason: numbered units whose numbers
    disagree, a numbered heading facing an unnumbered block, a numbered unit without
    counterpart, a pair of low confidence. (An unnumbered paragraph without counterpart is a
    translator's freedom, not a doubt of the aligner's.)"""
    out = []
    for pair in pairs:
        a = [number_of(left[i]) for i in pair.left]
        b = [number_of(right[j]) for j in pair.right]
        heads_a = [n for n in a if n and n.unit in HEADINGS]
        heads_b = [n for n in b if n and n.unit in HEADINGS]
        if not pair.left or not pair.right:
            if any(a) or any(b):
                out.append((pair, _("check that the translation has it")))
        elif heads_a != heads_b and (heads_a or heads_b):
            out.append((pair, _("the numbers of the headings disagree")))
        elif len(a) == len(b) == 1 and a[0] and b[0] and a[0].unit == b[0].unit and a[0] != b[0]:
            out.append((pair, _("the numbers disagree")))
        elif pair.confidence < LOW_CONFIDENCE:
            out.append((pair, _("low confidence ({confidence:.2f})").format(confidence=pair.confidence)))
    return out


def _ratio(left: Sequence[Block], right: Sequence[Block]) -> float:
    a = sum(len(b.text) for b in left)
    b = sum(len(b.text) for b in right)
    return b / a if a and b else 1.0


def _anchors(left: Sequence[Block], right: Sequence[Block], lnum, rnum) -> list[tuple[int, int, str]]:
    """Blocks with the same id, and numbered headings with the same number, on both sides: the
    longest run of them in an order both sides agree on."""
    ids = _in_order(_unique((i, b.ident) for i, b in enumerate(left) if b.ident),
                    _unique((j, b.ident) for j, b in enumerate(right) if b.ident))
    used_l, used_r = {i for i, _ in ids}, {j for _, j in ids}
    numbers = _in_order(
        _unique((i, lnum[i]) for i in range(len(left)) if i not in used_l and lnum[i] and lnum[i].unit in HEADINGS),
        _unique((j, rnum[j]) for j in range(len(right)) if j not in used_r and rnum[j] and rnum[j].unit in HEADINGS))
    both = sorted([(i, j, "id") for i, j in ids] + [(i, j, "number") for i, j in numbers])
    keep = _increasing([j for _, j, _ in both])
    return [both[k] for k in keep]


def _unique(items) -> dict:
    """key → index, for the keys that occur once."""
    seen: dict = {}
    dup = set()
    for index, key in items:
        if key in seen:
            dup.add(key)
        seen[key] = index
    return {k: v for k, v in seen.items() if k not in dup}


def _in_order(lkeys: dict, rkeys: dict) -> list[tuple[int, int]]:
    """The pairs of indices of the keys both sides have, the longest run in the same order."""
    common = sorted((lkeys[k], rkeys[k]) for k in lkeys.keys() & rkeys.keys())
    return [common[k] for k in _increasing([j for _, j in common])]


def _increasing(values: list[int]) -> list[int]:
    """Positions of a longest strictly increasing subsequence of `values` (O(n log n))."""
    tails: list[int] = []   # tails[k]: position of the smallest tail of an increasing run of length k + 1
    before = [-1] * len(values)
    for pos, v in enumerate(values):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if values[tails[mid]] < v:
                lo = mid + 1
            else:
                hi = mid
        before[pos] = tails[lo - 1] if lo else -1
        if lo == len(tails):
            tails.append(pos)
        else:
            tails[lo] = pos
    out, pos = [], tails[-1] if tails else -1
    while pos >= 0:
        out.append(pos)
        pos = before[pos]
    return out[::-1]


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
    """The most probable pairing, computed only in a band of `BAND` blocks around the straight
    line from the stretch's start to its end."""
    n, m = len(ls), len(rs)
    len_a = _prefix([len(left[i].text) + 1 for i in ls])  # prefix sums: a run's length in one step
    len_b = _prefix([len(right[j].text) + 1 for j in rs])
    head_a = _prefix([left[i].kind == "heading" for i in ls])
    head_b = _prefix([right[j].kind == "heading" for j in rs])
    steps = [(di, dj, -math.log(prior)) for (di, dj), prior in PRIORS.items() if di and dj]
    scale = math.sqrt(VARIANCE)
    inv_sqrt2 = 1 / math.sqrt(2)
    sqrt, erfc, log = math.sqrt, math.erfc, math.log
    # A block without counterpart costs the same wherever it stands: once per block.
    alone_a = [-math.log(PRIORS[1, 0] * max(_length_probability(len_a[i + 1] - len_a[i], 0, ratio), 1e-300)) for i in range(n)]
    alone_b = [-math.log(PRIORS[0, 1] * max(_length_probability(0, len_b[j + 1] - len_b[j], ratio), 1e-300)) for j in range(m)]

    def lo_hi(i: int) -> tuple[int, int]:
        """From the line's column at row i to its column at row i + 1, widened by the band: each
        row reaches the next, however steep the line."""
        if not n:
            return 0, m
        return max(0, i * m // n - BAND), min(m, -(-(i + 1) * m // n) + BAND)

    bounds = [lo_hi(i) for i in range(n + 1)]
    bounds[n] = (bounds[n][0], m)
    bounds[0] = (0, bounds[0][1])
    inf = float("inf")
    cost = [[inf] * (hi - lo + 1) for lo, hi in bounds]
    back: list[list[tuple[int, int] | None]] = [[None] * (hi - lo + 1) for lo, hi in bounds]
    cost[0][0] = 0.0
    for i in range(n + 1):
        lo, hi = bounds[i]
        row = cost[i]
        for j in range(lo, hi + 1):
            here = row[j - lo]
            if here == inf:
                continue
            if j < hi:  # (0, 1): the next block of the right side alone
                total = here + alone_b[j]
                if total < row[j + 1 - lo]:
                    row[j + 1 - lo] = total
                    back[i][j + 1 - lo] = (0, 1)
            if i < n and bounds[i + 1][0] <= j <= bounds[i + 1][1]:  # (1, 0)
                below = i + 1
                total = here + alone_a[i]
                if total < cost[below][j - bounds[below][0]]:
                    cost[below][j - bounds[below][0]] = total
                    back[below][j - bounds[below][0]] = (1, 0)
            for di, dj, prior_cost in steps:
                ti, tj = i + di, j + dj
                if ti > n or tj > m:
                    continue
                tlo, thi = bounds[ti]
                if not tlo <= tj <= thi:
                    continue
                l1 = len_a[ti] - len_a[i]
                l2 = len_b[tj] - len_b[j]
                mean = (l1 + l2 / ratio) / 2
                delta = (l2 - l1 * ratio) / (sqrt(mean if mean > 1 else 1) * scale)
                p = erfc((delta if delta > 0 else -delta) * inv_sqrt2)
                if di and dj and ((head_a[ti] > head_a[i]) != (head_b[tj] > head_b[j])):
                    p *= KIND_MISMATCH
                total = here + prior_cost - log(p if p > 1e-300 else 1e-300)
                target = cost[ti]
                if total < target[tj - tlo]:
                    target[tj - tlo] = total
                    back[ti][tj - tlo] = (di, dj)
    out: list[Pair] = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j - bounds[i][0]]
        a, b = tuple(ls[i - di:i]), tuple(rs[j - dj:j])
        out.append(Pair(a, b, _confidence(left, right, a, b, ratio), "length"))
        i, j = i - di, j - dj
    return out[::-1]


def _prefix(values: list) -> list[int]:
    out = [0]
    for v in values:
        out.append(out[-1] + v)
    return out


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


def pairing_warnings(sources: tuple[SourceFile, SourceFile], left: Sequence[Block], right: Sequence[Block],
                     pairs: Sequence[Pair]) -> list[str]:
    """One message per pair to check, naming both lines: `sources/x/ru.md:12: «Статья 4» is
    paired with «3-бап» (sources/x/kk.md:14): the numbers of the headings disagree`."""
    out = []
    for pair, reason in mismatches(left, right, pairs):
        a = left[pair.left[0]] if pair.left else None
        b = right[pair.right[0]] if pair.right else None
        first, other = (sources[0], a), (sources[1], b)
        if a is None:
            first, other = other, first
        source, block = first
        where = source.loc(line_of(source.text, block))
        if other[1] is None:
            out.append(_("{where}: «{head}» has no counterpart in {path}: {reason}").format(
                where=where, head=_head(block), path=other[0].path, reason=reason))
        else:
            there = other[0].loc(line_of(other[0].text, other[1]))
            out.append(_("{where}: «{head}» is paired with «{other}» ({there}): {reason}").format(
                where=where, head=_head(block), other=_head(other[1]), there=there, reason=reason))
    return out


def _head(block: Block, words: int = 6) -> str:
    parts = block.text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


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
        raise KzError(_("{slug} has one translation ({lang}): there is nothing to align").format(
            slug=doc.slug, lang=doc.primary.lang),
                      doc.primary.source.loc())
    left, right = (translation_blocks(tr, root) for tr in doc.translations)
    return Alignment((doc.translations[0].lang, doc.translations[1].lang), (left, right), align(left, right))
