"""The prose diff: two versions of one translation → block changes with word spans.

1. Blocks are aligned first: equal blocks by an LCS over their normal forms; then, inside each
   changed stretch, the most similar blocks are paired (changed); then blocks that went elsewhere
   are found (moved, with their own word changes); then one block that became two (split) or two
   that became one (merged); what is left was inserted or deleted.
2. Inside an aligned pair, words are compared by their normal forms, so a change of quote
   style, dash, no-break space or look-alike letter is never a wording change: it is reported
   apart, as `typography` or `lookalike`. A changed word shows its common beginning and ending, so
   Токаева → Токаевым reads as a changed ending.

Pure functions on text; no git, no pandoc.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Sequence

from kzpublish.blocks import Block
from kzpublish.history.tokens import Token, is_lookalike_only, normal, tokenize

WORDING = ("insert", "delete", "replace")
SIMILAR = 0.5
MOVED = 0.6
SPLIT = 0.8


@dataclass(frozen=True)
class Span:
    """A piece of a block's text in both versions."""

    kind: str
    """`equal`, `insert`, `delete`, `replace` (wording), `typography`, `lookalike`."""
    old: str
    new: str
    gap: str = ""
    """White space before the span (as in the new text; the old one for deletions)."""
    prefix: int = 0
    """For a one-word replacement: letters old and new share at the start…"""
    suffix: int = 0
    """…and at the end (Токаев|а → Токаев|ым: prefix 6, suffix 0)."""
    words: tuple[int, int] = (0, 0)
    """(old, new) counts of words and punctuation marks in a wording span: a comma matters."""


@dataclass(frozen=True)
class BlockChange:
    status: str
    """`equal`, `typography` (only typography or look-alikes changed), `changed`, `moved`,
    `split`, `merged`, `inserted`, `deleted`."""
    kind: str
    old: tuple[int, ...]
    """Indices of the old blocks (none for an insertion)."""
    new: tuple[int, ...]
    spans: tuple[Span, ...] = ()

    @property
    def has_wording(self) -> bool:
        return any(s.kind in WORDING for s in self.spans)


@dataclass(frozen=True)
class Counts:
    inserted: int = 0
    """Words and punctuation marks."""
    deleted: int = 0
    changed: int = 0
    moved: int = 0
    """Blocks."""
    typography: int = 0
    """Spans."""
    lookalike: int = 0

    @property
    def wording(self) -> int:
        return self.inserted + self.deleted + self.changed


# --- words --------------------------------------------------------------------------------------

def diff_words(old: str, new: str) -> tuple[Span, ...]:
    if old == new:
        return (Span("equal", old, new),) if old else ()
    a, b = tokenize(old), tokenize(new)
    matcher = SequenceMatcher(None, [t.norm for t in a], [t.norm for t in b], autojunk=False)
    spans: list[Span] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for ta, tb in zip(a[i1:i2], b[j1:j2]):
                spans += _equal_token(ta, tb, first=not spans)
        else:
            spans += _changed(a[i1:i2], b[j1:j2])
    return tuple(_merge(spans))


def _equal_token(ta: Token, tb: Token, first: bool) -> list[Span]:
    out = []
    gap = tb.gap
    if ta.gap != tb.gap and not first:
        out.append(Span("typography", ta.gap, tb.gap))
        gap = ""
    if ta.text == tb.text:
        kind = "equal"
    elif is_lookalike_only(ta.text, tb.text):
        kind = "lookalike"
    else:
        kind = "typography"
    out.append(Span(kind, ta.text, tb.text, gap))
    return out


def _text(tokens: Sequence[Token]) -> str:
    return "".join(t.gap + t.text for t in tokens).lstrip()


def _changed(a: Sequence[Token], b: Sequence[Token]) -> list[Span]:
    gap = (b[0].gap if b else a[0].gap)
    if a and b and "".join(t.norm for t in a) == "".join(t.norm for t in b):
        return [Span("typography", _text(a), _text(b), gap)]  # кез-келген / кез - келген
    if len(a) == len(b):  # word for word: show each pair, so a changed ending reads as one
        out = []
        for ta, tb in zip(a, b):
            if ta.norm == tb.norm:
                out += _equal_token(ta, tb, first=False)
            else:
                out.append(_replace(ta, tb))
        return out
    words = (len(a), len(b))
    kind = "replace" if a and b else "insert" if b else "delete"
    return [Span(kind, _text(a), _text(b), gap, words=words)]


def _replace(ta: Token, tb: Token) -> Span:
    old, new = ta.text, tb.text
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return Span("replace", old, new, tb.gap, prefix, suffix, (1, 1))


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s in spans:
        if out and s.kind == "equal" and out[-1].kind == "equal":
            last = out[-1]
            out[-1] = Span("equal", last.old + s.gap + s.old, last.new + s.gap + s.new, last.gap)
        else:
            out.append(s)
    return out


# --- blocks -------------------------------------------------------------------------------------

def block_key(block: Block) -> str:
    return " ".join(normal(block.text).split())


class _Keys:
    """The normal forms of one version's blocks, with what similarity needs precomputed."""

    def __init__(self, keys: list[str]):
        self.keys = keys
        self.words = [k.split() for k in keys]
        self.sets = [set(w) for w in self.words]


def similarity(a: list[str], b: list[str], sa: set[str] | None = None, sb: set[str] | None = None) -> float:
    """How alike two blocks are (0–1), by their words in order."""
    if not a or not b:
        return 0.0
    if sa is not None and sb is not None and len(sa & sb) < SIMILAR * 0.5 * min(len(sa), len(sb)):
        return 0.0  # too few words in common to be worth the exact measure
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR * 0.8:
        return 0.0
    return matcher.ratio()


def diff_blocks(old: Sequence[Block], new: Sequence[Block]) -> tuple[BlockChange, ...]:
    ok = _Keys([block_key(b) for b in old])
    nk = _Keys([block_key(b) for b in new])
    matcher = SequenceMatcher(None, ok.keys, nk.keys, autojunk=False)
    pairs: list[tuple[str, tuple[int, ...], tuple[int, ...]]] = []
    free_old: list[int] = []
    free_new: list[int] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += [("same", (i,), (j,)) for i, j in zip(range(i1, i2), range(j1, j2))]
            continue
        region_old, region_new = list(range(i1, i2)), list(range(j1, j2))
        pairs += _pair_in_order(ok, nk, region_old, region_new)
        free_old += region_old
        free_new += region_new
    pairs += _moves(ok, nk, free_old, free_new)
    pairs += [("deleted", (i,), ()) for i in free_old]
    pairs += [("inserted", (), (j,)) for j in free_new]
    return tuple(_change(status, o, n, old, new) for status, o, n in _in_reading_order(pairs))


def _sim(ok: _Keys, i: int, nk: _Keys, j: int) -> float:
    return similarity(ok.words[i], nk.words[j], ok.sets[i], nk.sets[j])


def _pair_in_order(ok: _Keys, nk: _Keys, free_old: list[int], free_new: list[int]):
    """Inside a changed stretch: each old block with the most similar new one after the last
    pair, so the order is kept — or with two new neighbours that together explain it much
    better (split), or, with the next old block, with one new block (merged). Paired blocks
    leave the free lists."""
    out = []
    last = -1
    for i in list(free_old):
        if i not in free_old:
            continue  # merged with the block before
        scored = [(_sim(ok, i, nk, j), j) for j in free_new if j > last]
        best, j = max(scored, default=(0.0, None))
        if j is None:
            continue
        if j + 1 in free_new and _explains(ok.words[i], nk.words[j], nk.words[j + 1], best):
            out.append(("split", (i,), (j, j + 1)))
            free_new.remove(j + 1)
        elif j - 1 in free_new and j - 1 > last and _explains(ok.words[i], nk.words[j - 1], nk.words[j], best):
            out.append(("split", (i,), (j - 1, j)))
            free_new.remove(j - 1)
        elif i + 1 in free_old and _explains(nk.words[j], ok.words[i], ok.words[i + 1], best):
            out.append(("merged", (i, i + 1), (j,)))
            free_old.remove(i + 1)
        elif best > SIMILAR:
            out.append(("changed", (i,), (j,)))
        else:
            continue
        free_old.remove(i)
        free_new.remove(j)
        last = j
    return out


def _explains(whole: list[str], first: list[str], second: list[str], alone: float) -> bool:
    """Whether two blocks together are the one block, much more than the better one alone."""
    if not 0.6 <= (len(first) + len(second)) / max(len(whole), 1) <= 1.6:
        return False
    together = similarity(whole, first + second)
    return together >= SPLIT and together > max(alone, similarity(whole, second)) + 0.15


def _moves(ok: _Keys, nk: _Keys, free_old: list[int], free_new: list[int]):
    out = []
    for i in list(free_old):
        best = max(((_sim(ok, i, nk, j), j) for j in free_new), default=(0.0, None))
        if best[0] >= MOVED:
            out.append(("moved", (i,), (best[1],)))
            free_old.remove(i)
            free_new.remove(best[1])
    return out


def _in_reading_order(pairs):
    """New order; a deleted block goes where it stood, after what came before it."""
    def key(p):
        status, o, n = p
        if n:
            return (n[0], 1, o[0] if o else -1)
        anchor = max((q[2][-1] for q in pairs if q[2] and q[1] and q[1][-1] < o[0] and q[0] != "moved"), default=-1)
        return (anchor, 2, o[0])
    return sorted(pairs, key=key)


def _change(status: str, o: tuple[int, ...], n: tuple[int, ...], old: Sequence[Block], new: Sequence[Block]) -> BlockChange:
    old_text = " ".join(old[i].text for i in o)
    new_text = " ".join(new[j].text for j in n)
    kind = (new[n[0]] if n else old[o[0]]).kind
    if status == "inserted":
        return BlockChange(status, kind, o, n, (Span("insert", "", new_text, words=(0, len(tokenize(new_text)))),))
    if status == "deleted":
        return BlockChange(status, kind, o, n, (Span("delete", old_text, "", words=(len(tokenize(old_text)), 0)),))
    spans = diff_words(old_text, new_text)
    if status in ("same", "changed"):
        if all(s.kind == "equal" for s in spans):
            status = "equal"
        elif not any(s.kind in WORDING for s in spans):
            status = "typography"
        else:
            status = "changed"
    return BlockChange(status, kind, o, n, spans)


def count(changes: Sequence[BlockChange]) -> Counts:
    ins = dele = chg = moved = typo = look = 0
    for c in changes:
        moved += c.status == "moved"
        for s in c.spans:
            if s.kind == "typography":
                typo += 1
            elif s.kind == "lookalike":
                look += 1
            elif s.kind in WORDING:
                o, n = s.words
                chg += min(o, n)
                ins += max(n - o, 0)
                dele += max(o - n, 0)
    return Counts(ins, dele, chg, moved, typo, look)
