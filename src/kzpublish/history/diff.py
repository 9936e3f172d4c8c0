"""The prose diff: two versions of one translation → block changes with word spans.

1. Blocks are aligned first: equal blocks by an LCS over their normal forms; then, inside each
   changed stretch, the most similar blocks are paired (changed); then blocks that went elsewhere
   are found (moved, with their own word changes); then one block that became two (split) or two
   that became one (merged); what is left was inserted or deleted.
   A changed stretch pairs its blocks on shared words and position, not on one similarity
   threshold: an article with half its words rewritten is still that article, amended.
2. Inside an aligned pair, words are compared by their normal forms, so a change of quote
   style, dash (an ASCII `--` included), no-break space, look-alike letter or `е`/`ё` is never a
   wording change: it is reported apart, as `typography`, `lookalike` or `yo`. Splitting or
   joining words (`за то` → `зато`) is a change of wording of its own kind, `boundary`. A changed
   word shows its common beginning and ending, so Токаева → Токаевым reads as a changed ending.
3. Two neighbouring blocks that were one sentence and trade words across their boundary are a
   `reflow`, not a deletion and an insertion; a link whose target changed is a `link` change.

Pure functions on text; no git, no pandoc.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Sequence

from kzpublish.blocks import Block
from kzpublish.history.tokens import Token, is_lookalike_only, normal, tokenize
from kzpublish.locators import number_of

WORDING = ("insert", "delete", "replace", "boundary")
"""Span kinds that change the wording (drift follows them)."""
SIMILAR = 0.5
SHARED = 0.5
"""Blocks in a changed stretch that share this part of the shorter one's words are one block amended…"""
SHARED_IN_PLACE = 0.25
"""…and this part when they stand in the same place (same number, or alone in their stretch)."""
MOVED = 0.6
SPLIT = 0.8
SENTENCE_END = (".", "!", "?", "…", ":", ";")


@dataclass(frozen=True)
class Span:
    """A piece of a block's text in both versions."""

    kind: str
    """`equal`, `insert`, `delete`, `replace` (wording), `boundary` (words split or joined: wording
    too), `typography`, `lookalike`, `yo` (е/ё), `reflow` (words moved between two blocks that
    were one sentence), `link` (old and new: the link targets)."""
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
    """`equal`, `typography` (only typography, look-alikes or е/ё changed), `changed`, `moved`,
    `split`, `merged`, `inserted`, `deleted`, `reflow`, `link` (only link targets changed)."""
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
    yo: int = 0
    boundary: int = 0
    """Spans where words were split or joined."""
    reflow: int = 0
    """Words moved across a block boundary."""
    links: int = 0
    """Changed link targets."""

    @property
    def wording(self) -> int:
        return self.inserted + self.deleted + self.changed + self.boundary


# --- words --------------------------------------------------------------------------------------

def _fold_yo(text: str) -> str:
    return text.replace("ё", "е").replace("Ё", "Е")


def tokens(text: str) -> list[Token]:
    """The tokens of `text` for comparing: `е` and `ё` alike, and an ASCII `--` or `---` one dash
    (the typography prints it as one)."""
    out: list[Token] = []
    yo = "ё" in text or "Ё" in text
    for t in tokenize(text):
        if t.norm == "-" and out and out[-1].norm == "-" and not t.gap and set(out[-1].text) == {"-"}:
            out[-1] = Token(out[-1].text + t.text, out[-1].gap, "-")
        else:
            out.append(Token(t.text, t.gap, _fold_yo(t.norm)) if yo else t)
    return out


def diff_words(old: str, new: str) -> tuple[Span, ...]:
    if old == new:
        return (Span("equal", old, new),) if old else ()
    a, b = tokens(old), tokens(new)
    matcher = SequenceMatcher(None, [t.norm for t in a], [t.norm for t in b], autojunk=False)
    spans: list[Span] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for ta, tb in zip(a[i1:i2], b[j1:j2]):  # white space at a block's start is no change
                spans += _equal_token(ta, tb, first=not spans or ta is a[0] or tb is b[0])
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
    elif _fold_yo(ta.text) == _fold_yo(tb.text):
        kind = "yo"
    else:
        kind = "typography"
    out.append(Span(kind, ta.text, tb.text, gap))
    return out


def _text(tokens: Sequence[Token]) -> str:
    return "".join(t.gap + t.text for t in tokens).lstrip()


def _changed(a: Sequence[Token], b: Sequence[Token]) -> list[Span]:
    gap = (b[0].gap if b else a[0].gap)
    if a and b and "".join(t.norm for t in a) == "".join(t.norm for t in b):
        kind = "boundary" if _word_breaks(a) != _word_breaks(b) else "typography"  # за то / зато; кез-келген / кез - келген
        return [Span(kind, _text(a), _text(b), gap, words=(len(a), len(b)) if kind == "boundary" else (0, 0))]
    if len(a) == len(b) and (len(a) == 1 or all(_related(ta, tb) for ta, tb in zip(a, b))):
        # word for word: show each pair, so a changed ending reads as one
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


def _related(ta: Token, tb: Token) -> bool:
    """Whether two words are forms of one another (a shared beginning of at least three letters,
    or half the shorter), or the same mark: then a stretch of them is shown word for word."""
    if ta.norm == tb.norm:
        return True
    shared = 0
    for x, y in zip(ta.norm.casefold(), tb.norm.casefold()):
        if x != y:
            break
        shared += 1
    return shared >= min(3, max(1, min(len(ta.norm), len(tb.norm)) // 2))


def _word_breaks(tokens_: Sequence[Token]) -> set[int]:
    """Where, counted in letters, white space stands between two letters: the word boundaries."""
    out, at = set(), 0
    for k, t in enumerate(tokens_):
        if k and t.gap and tokens_[k - 1].norm[-1:].isalnum() and t.norm[:1].isalnum():
            out.add(at)
        at += len(t.norm)
    return out


def _replace(ta: Token, tb: Token) -> Span:
    prefix, suffix = equal_ends(ta.text, tb.text)
    return Span("replace", ta.text, tb.text, tb.gap, prefix, suffix, (1, 1))


def equal_ends(old: Sequence, new: Sequence) -> tuple[int, int]:
    """How many items `old` and `new` share at their start, and then at their end (the two never
    overlap): `статья` and `статьи` → (5, 0), `2-бап` and `3-бап` → (0, 4)."""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return head, tail


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
    return _fold_yo(" ".join(normal(block.text).split()))


class _Keys:
    """The normal forms of one version's blocks, with what similarity needs precomputed."""

    def __init__(self, blocks: Sequence[Block]):
        self.keys = [block_key(b) for b in blocks]
        self.words = [k.split() for k in self.keys]
        self.sets = [set(w) for w in self.words]
        self.numbers = [number_of(b) for b in blocks]


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
    ok = _Keys(old)
    nk = _Keys(new)
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
    changes = [_change(status, o, n, old, new) for status, o, n in _in_reading_order(pairs)]
    return tuple(_reflows(changes, old, new))


def _sim(ok: _Keys, i: int, nk: _Keys, j: int) -> float:
    return similarity(ok.words[i], nk.words[j], ok.sets[i], nk.sets[j])


def _shared(ok: _Keys, i: int, nk: _Keys, j: int) -> float:
    """The part of the shorter block's words that the other block has too."""
    smaller = min(len(ok.sets[i]), len(nk.sets[j]))
    return len(ok.sets[i] & nk.sets[j]) / smaller if smaller else 0.0


def _amended(ok: _Keys, i: int, nk: _Keys, j: int, sim: float, alone: bool) -> bool:
    """Whether new block `j` is old block `i` amended: alike as a whole, or sharing enough words —
    fewer where both stand in the same place (the same number, or alone in their stretch)."""
    if sim > SIMILAR:
        return True
    shared = _shared(ok, i, nk, j)
    same_number = ok.numbers[i] is not None and ok.numbers[i] == nk.numbers[j]
    return shared >= SHARED or ((same_number or alone) and shared >= SHARED_IN_PLACE)


def _score(ok: _Keys, i: int, nk: _Keys, j: int) -> float:
    same_number = ok.numbers[i] is not None and ok.numbers[i] == nk.numbers[j]
    return max(_sim(ok, i, nk, j), 0.9 * _shared(ok, i, nk, j)) + (0.2 if same_number else 0.0)


def _pair_in_order(ok: _Keys, nk: _Keys, free_old: list[int], free_new: list[int]):
    """Inside a changed stretch: each old block with the most similar new one after the last
    pair, so the order is kept — or with two new neighbours that together explain it much
    better (split), or, with the next old block, with one new block (merged). Paired blocks
    leave the free lists."""
    out = []
    last = -1
    alone = len(free_old) == len(free_new) == 1
    for i in list(free_old):
        if i not in free_old:
            continue  # merged with the block before
        scored = [(_score(ok, i, nk, j), -j) for j in free_new if j > last]
        _, minus_j = max(scored, default=(0.0, None))
        if minus_j is None:
            continue
        j = -minus_j
        best = _sim(ok, i, nk, j)
        if j + 1 in free_new and _explains(ok.words[i], nk.words[j], nk.words[j + 1], best):
            out.append(("split", (i,), (j, j + 1)))
            free_new.remove(j + 1)
        elif j - 1 in free_new and j - 1 > last and _explains(ok.words[i], nk.words[j - 1], nk.words[j], best):
            out.append(("split", (i,), (j - 1, j)))
            free_new.remove(j - 1)
        elif i + 1 in free_old and _explains(nk.words[j], ok.words[i], ok.words[i + 1], best):
            out.append(("merged", (i, i + 1), (j,)))
            free_old.remove(i + 1)
        elif _amended(ok, i, nk, j, best, alone):
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


def _reflows(changes: list[BlockChange], old: Sequence[Block], new: Sequence[Block]) -> list[BlockChange]:
    """Two neighbouring changed blocks that were one sentence, with the same words between them
    before and after: the words only moved across the boundary."""
    out = list(changes)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if not (a.status == b.status == "changed" and len(a.old) == len(a.new) == len(b.old) == len(b.new) == 1
                and b.old[0] == a.old[0] + 1 and b.new[0] == a.new[0] + 1):
            continue
        first_old, first_new = old[a.old[0]].text, new[a.new[0]].text
        if first_old.rstrip().endswith(SENTENCE_END):
            continue  # two sentences: moving words between them changes both
        before = [t.norm for t in tokens(first_old + " " + old[b.old[0]].text)]
        after = [t.norm for t in tokens(first_new + " " + new[b.new[0]].text)]
        if before != after:
            continue
        for m, c in ((k, a), (k + 1, b)):
            spans = tuple(Span("reflow", s.old, s.new, s.gap, words=s.words) if s.kind in ("insert", "delete") else s
                          for s in c.spans)
            out[m] = BlockChange("reflow" if not any(s.kind in WORDING for s in spans) else c.status, c.kind, c.old, c.new, spans)
    return out


def _link_spans(o: tuple[int, ...], n: tuple[int, ...], old: Sequence[Block], new: Sequence[Block]) -> list[Span]:
    before = [t for i in o for t in old[i].links]
    after = [t for j in n for t in new[j].links]
    if before == after:
        return []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    return [Span("link", " ".join(before[i1:i2]), " ".join(after[j1:j2]), " ")
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _change(status: str, o: tuple[int, ...], n: tuple[int, ...], old: Sequence[Block], new: Sequence[Block]) -> BlockChange:
    old_text = " ".join(old[i].text for i in o)
    new_text = " ".join(new[j].text for j in n)
    kind = (new[n[0]] if n else old[o[0]]).kind
    if status == "inserted":
        return BlockChange(status, kind, o, n, (Span("insert", "", new_text, words=(0, len(tokenize(new_text)))),))
    if status == "deleted":
        return BlockChange(status, kind, o, n, (Span("delete", old_text, "", words=(len(tokenize(old_text)), 0)),))
    links = _link_spans(o, n, old, new)
    spans = diff_words(old_text, new_text) + tuple(links)
    if status in ("same", "changed"):
        if any(s.kind in WORDING for s in spans):
            status = "changed"
        elif links:
            status = "link"
        elif all(s.kind == "equal" for s in spans):
            status = "equal"
        else:
            status = "typography"
    return BlockChange(status, kind, o, n, spans)


def count(changes: Sequence[BlockChange]) -> Counts:
    ins = dele = chg = moved = 0
    spans = {"typography": 0, "lookalike": 0, "yo": 0, "boundary": 0, "reflow": 0, "link": 0}
    for c in changes:
        moved += c.status == "moved"
        for s in c.spans:
            if s.kind in ("insert", "delete", "replace"):
                o, n = s.words
                chg += min(o, n)
                ins += max(n - o, 0)
                dele += max(o - n, 0)
            elif s.kind == "reflow":
                spans["reflow"] += s.words[1]  # counted once: on the side the words went to
            elif s.kind in spans:
                spans[s.kind] += 1
    return Counts(ins, dele, chg, moved, spans["typography"], spans["lookalike"], spans["yo"], spans["boundary"],
                  spans["reflow"], spans["link"])
