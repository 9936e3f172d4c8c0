"""Amending texts: the instructions that turn one version of a translation into another, drafted
from the diff's blocks and word spans (`history.diff`), addressed by structural unit
(`structure`), and applied back (`apply`), so that the tests can hold every amendment to the
version it was drafted from: applied to the older version it gives the newer, word for word.

    diff_blocks → primitive pairs (changed / deleted / inserted) → Instruction… → words (`amend_words`)
    words → Instruction… (`amend_words.parse`) → apply → blocks → Markdown

A change of a block is drafted word by word («слова … заменить словами …») when a few edits
express it and applying them gives the new text exactly; otherwise the unit is set out in a new
wording, as drafters do."""

from __future__ import annotations

from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Sequence

from kzpublish.blocks import Block
from kzpublish.history.diff import WORDING, diff_blocks, diff_words
from kzpublish.history.tokens import Token, tokenize
from kzpublish.messages import _
from kzpublish.structure import ARTICLE, Unit, label, number_key, units_of, without_label

MAX_EDITS = 4
"""More word edits than this in one unit: a new wording."""
MAX_CHANGED = 0.5
"""More than this share of a unit's words changed: a new wording."""
SENTENCE_END = (".", "!", "?", "…")


@dataclass(frozen=True)
class Instruction:
    action: str
    """`replace` (words), `insert` (words after words), `delete-words`, `sentence` (added at the
    end), `wording` (a unit set out anew), `delete` (a unit), `add` (units after a unit),
    `delete-article`, `add-article`."""
    unit: Unit | None
    """The unit addressed (old numbering); `add`: the article added to (None: the text)."""
    old: str = ""
    """`replace`/`delete-words`: the words replaced or deleted; `insert`: the words after which."""
    new: str = ""
    """`replace`/`insert`/`sentence`: the new words."""
    blocks: tuple[str, ...] = ()
    """`wording`/`add`/`add-article`: the text of each block, numbered as in the new version."""
    added: tuple[Unit, ...] = ()
    """`add`/`add-article`: the units added (new numbering)."""
    anchor: Unit | None = None
    """`add`: the unit after which (None: first in its article, or of the text)."""


@dataclass(frozen=True)
class Entry:
    """A block while an amendment is applied: its text, and which old unit it was."""

    block: Block
    unit: Unit
    old: int | None
    """Index in the old version; None for an added block."""


# --- drafting -----------------------------------------------------------------------------------

def draft(old: Sequence[Block], new: Sequence[Block], words: bool = True) -> tuple[Instruction, ...]:
    """The instructions that turn `old` into `new`, in the order of the text; `words`: a changed
    unit word by word where that works (else every changed unit in a new wording)."""
    ou, nu = units_of(old), units_of(new)
    pairs, deleted, inserted = _primitive(old, new, ou, nu)
    mapped = {j: i for i, j in pairs}
    out: list[tuple[tuple[int, int], Instruction]] = []  # (place in the old text, order) → instruction
    for i, j in pairs:
        for k, ins in enumerate(_change(old[i], new[j], ou[i], nu[j], words)):
            out.append(((i, k), ins))
    out += [((i, 0), ins) for i, ins in _deletions(deleted, ou)]
    out += [((i, 0), ins) for i, ins in _additions(inserted, new, nu, ou, mapped)]
    return tuple(ins for _, ins in sorted(out, key=lambda p: p[0]))


def _primitive(old, new, ou, nu):
    """Pairs (old i, new j) of blocks that stay where they are, in the same article and kind; the
    old blocks deleted; the new blocks inserted (moved blocks are deleted and inserted)."""
    pairs, deleted, inserted = [], [], []
    for c in diff_blocks(old, new):
        if c.status in ("equal", "typography", "changed"):
            cand = [(c.old[0], c.new[0])]
        elif c.status == "split":
            cand, inserted = [(c.old[0], c.new[0])], inserted + list(c.new[1:])
        elif c.status == "merged":
            cand, deleted = [(c.old[0], c.new[0])], deleted + list(c.old[1:])
        else:  # moved, inserted, deleted
            deleted += list(c.old)
            inserted += list(c.new)
            continue
        for i, j in cand:
            if (ou[i].kind, ou[i].article) == (nu[j].kind, nu[j].article) and old[i].kind == new[j].kind:
                pairs.append((i, j))
            else:
                deleted.append(i)
                inserted.append(j)
    return _rewordings(sorted(pairs), sorted(deleted), sorted(inserted), old, new, ou, nu)


def _rewordings(pairs, deleted, inserted, old, new, ou, nu):
    """A block deleted where a block of the same kind was inserted, between the same neighbours:
    one unit in a new wording, as drafters put it."""
    mapped = dict(pairs)
    for i in list(deleted):
        before = mapped.get(i - 1, -1) if i else -1
        j = before + 1
        if (j in inserted and (i == 0 or i - 1 in mapped) and old[i].kind == new[j].kind and ou[i].kind != "article"
                and (ou[i].kind, ou[i].article, ou[i].labelled) == (nu[j].kind, nu[j].article, nu[j].labelled)):
            deleted.remove(i)
            inserted.remove(j)
            pairs.append((i, j))
            mapped[i] = j
    return sorted(pairs), deleted, inserted


def _change(a: Block, b: Block, ua: Unit, ub: Unit, words: bool) -> list[Instruction]:
    edits = word_edits(a.text, b.text)
    if edits == []:
        return []
    if not words:
        edits = None
    if edits is not None and _tokens_equal(apply_words(a.text, edits), b.text):
        return [replace(e, unit=ua) for e in edits]
    return [Instruction("wording", ua, blocks=(label(ub) + b.text,))]


def word_edits(old: str, new: str) -> list[Instruction] | None:
    """The word-level edits from `old` to `new` (unit not set), each quoting words found once in
    the text as it stands when it is applied; None when a new wording says it better."""
    a, b = tokenize(old), tokenize(new)
    ops = _token_ops(old, new, a, b)
    if not ops:
        return []
    def sentence(i1: int, i2: int, j1: int, j2: int) -> bool:  # whole sentences added at the end
        return i1 == i2 == len(a) and j1 > 0 and b[j1 - 1].text in SENTENCE_END and b[j1].text[:1].isupper()

    changed = sum(max(i2 - i1, j2 - j1) for i1, i2, j1, j2 in ops if not sentence(i1, i2, j1, j2))
    if len(ops) > MAX_EDITS or changed > MAX_CHANGED * max(len(a), 1):
        return None
    out = []
    for i1, i2, j1, j2 in ops:
        current = b[:j1] + a[i1:]
        at = j1  # where the old words start in `current`
        if sentence(i1, i2, j1, j2):
            out.append(Instruction("sentence", None, new=_join(b[j1:j2])))
            continue
        left = right = 0
        while True:
            phrase = current[at - left:at + (i2 - i1) + right]
            if _count(current, phrase) == 1 and any(t.text[0].isalnum() for t in phrase):
                break
            room = len(current) - at - (i2 - i1)
            if left < at and (right >= room or left <= right or not current[at - left].text[0].isalnum()):
                left += 1
            elif right < room:
                right += 1
            else:
                return None
        new_words = b[j1 - left:j2] + a[i2:i2 + right]
        if i1 == i2 and right == 0:
            out.append(Instruction("insert", None, old=_join(phrase), new=_join(b[j1:j2])))
        elif j1 == j2 and left == right == 0:
            out.append(Instruction("delete-words", None, old=_join(phrase)))
        else:
            out.append(Instruction("replace", None, old=_join(phrase), new=_join(new_words)))
    return out


def _token_ops(old: str, new: str, a: list[Token], b: list[Token]) -> list[tuple[int, int, int, int]]:
    """The wording spans of `diff_words`, as ranges of tokens (old i1:i2 → new j1:j2)."""
    ops, i, j = [], 0, 0
    for s in diff_words(old, new):
        n_old, n_new = len(tokenize(s.old)), len(tokenize(s.new))
        if s.kind in WORDING:
            if ops and ops[-1][1] == i and ops[-1][3] == j:  # adjacent: one edit
                i1, _i2, j1, _j2 = ops.pop()
                ops.append((i1, i + n_old, j1, j + n_new))
            else:
                ops.append((i, i + n_old, j, j + n_new))
        i, j = i + n_old, j + n_new
    assert i == len(a) and j == len(b), (old, new)
    return ops


def _count(tokens: Sequence[Token], phrase: Sequence[Token]) -> int:
    keys, want = [t.norm for t in tokens], [t.norm for t in phrase]
    return sum(keys[k:k + len(want)] == want for k in range(len(keys) - len(want) + 1))


def _find(tokens: Sequence[Token], phrase: Sequence[Token]) -> int | None:
    keys, want = [t.norm for t in tokens], [t.norm for t in phrase]
    hits = [k for k in range(len(keys) - len(want) + 1) if keys[k:k + len(want)] == want]
    return hits[0] if len(hits) == 1 and want else None


def _join(tokens: Sequence[Token]) -> str:
    return "".join(t.gap + t.text for t in tokens).strip()


def _deletions(deleted: list[int], ou: Sequence[Unit]):
    gone = set(deleted)
    whole = {u.article for i, u in enumerate(ou) if u.kind == "article"
             and all(k in gone for k, v in enumerate(ou) if v.article == u.article)}
    for i in deleted:
        u = ou[i]
        if u.article in whole:
            if u.kind == "article":
                yield i, Instruction("delete-article", u)
            continue
        yield i, Instruction("delete", u)


def _additions(inserted: list[int], new, nu, ou, mapped: dict[int, int]):
    """Runs of inserted blocks, one instruction per run in one article (a new article: one
    instruction with all its blocks), placed after the old unit before them."""
    runs: list[list[int]] = []
    for j in inserted:
        if runs and runs[-1][-1] == j - 1 and not (nu[j].kind == "article") and nu[j].article == nu[runs[-1][0]].article:
            runs[-1].append(j)
        else:
            runs.append([j])
    for run in runs:
        first = nu[run[0]]
        prev = next((mapped[k] for k in range(run[0] - 1, -1, -1) if k in mapped), None)
        place = prev + 0.5 if prev is not None else -0.5
        texts = tuple(label(nu[j]) + new[j].text for j in run)
        if first.kind == "article":
            yield place, Instruction("add-article", None, blocks=texts, added=tuple(nu[j] for j in run))
            continue
        anchor = ou[prev] if prev is not None and ou[prev].article == first.article else None
        if anchor is not None and anchor.kind == "article":
            anchor = None
        parent = Unit("article", first.article, first.article) if first.article else None
        yield place, Instruction("add", parent, blocks=texts, added=tuple(nu[j] for j in run), anchor=anchor)


# --- applying -----------------------------------------------------------------------------------

def apply_words(text: str, edits: Sequence[Instruction]) -> str:
    """Word-level edits applied in order to a block's text."""
    for e in edits:
        text = _apply_word(text, e)
    return text


class ApplyError(Exception):
    """An instruction does not fit the text it is applied to."""


def _apply_word(text: str, e: Instruction) -> str:
    tokens = tokenize(text)
    if e.action == "sentence":
        return f"{text} {e.new}".strip()
    phrase = tokenize(e.old)
    at = _find(tokens, phrase)
    if at is None:
        raise ApplyError(_("the words «{old}» are not found exactly once").format(old=e.old))
    before, after = tokens[:at], tokens[at + len(phrase):]
    if e.action == "delete-words":
        middle: list[Token] = []
        if not before and after:
            after = [Token(after[0].text, "", after[0].norm)] + after[1:]
    elif e.action == "insert":
        middle = tokens[at:at + len(phrase)] + _spaced(tokenize(e.new))
    else:
        middle = _spaced(tokenize(e.new), first_gap=tokens[at].gap)
    return _join(before + middle + after)


def _spaced(tokens: list[Token], first_gap: str | None = None) -> list[Token]:
    """Tokens of a quoted phrase, with a space before the first unless it is punctuation."""
    if not tokens:
        return tokens
    head = tokens[0]
    gap = first_gap if first_gap is not None else ("" if head.text in ",.;:)»!?…" else " ")
    return [Token(head.text, gap, head.norm)] + tokens[1:]


def _tokens_equal(a: str, b: str) -> bool:
    return [t.norm for t in tokenize(a)] == [t.norm for t in tokenize(b)]


def apply(old: Sequence[Block], instructions: Sequence[Instruction]) -> tuple[Entry, ...]:
    """The old version with the instructions applied, in order; addresses name old units."""
    entries = [Entry(b, u, i) for i, (b, u) in enumerate(zip(old, units_of(old)))]
    after: dict[object, int] = {}  # an anchor → how many blocks were added after it so far
    for ins in instructions:
        if ins.action in ("add", "add-article"):
            at = _insertion_point(entries, ins, after)
            for k, (text, unit) in enumerate(zip(ins.blocks, ins.added)):
                entries.insert(at + k, Entry(_new_block(text, unit, old), unit, None))
            continue
        if ins.action == "delete-article":
            entries = [e for e in entries if e.old is None or e.unit.article != ins.unit.article]
            continue
        k = _entry(entries, ins.unit)
        e = entries[k]
        if ins.action == "delete":
            del entries[k]
        elif ins.action == "wording":
            text = without_label(e.unit, ins.blocks[0])
            entries[k] = replace(e, block=replace(e.block, text=text))
        else:
            entries[k] = replace(e, block=replace(e.block, text=_apply_word(e.block.text, ins)))
    return tuple(entries)


def _entry(entries: list[Entry], unit: Unit) -> int:
    for k, e in enumerate(entries):
        if e.old is not None and e.unit == unit:
            return k
    raise ApplyError(_("no such unit: {unit}").format(unit=unit))


def _insertion_point(entries: list[Entry], ins: Instruction, after: dict) -> int:
    if ins.action == "add-article":
        new = number_key(ins.added[0].number)
        before = [k for k, e in enumerate(entries) if e.unit.article and number_key(e.unit.article) < new]
        return before[-1] + 1 if before else next((k for k, e in enumerate(entries) if e.unit.article), len(entries))
    key: object
    if ins.anchor is not None:
        k = _entry(entries, ins.anchor)
        key = ins.anchor
    elif ins.unit is not None:
        k = _entry(entries, Unit("article", ins.unit.article, ins.unit.article))
        key = ins.unit
    else:
        k, key = -1, None
    k += 1 + after.get(key, 0)
    after[key] = after.get(key, 0) + len(ins.blocks)
    return k


def _new_block(text: str, unit: Unit, old: Sequence[Block]) -> Block:
    if unit.kind == "article" or ARTICLE.match(text):
        level = next((b.level for b in old if b.kind == "heading" and ARTICLE.match(b.text)), 2)
        return Block("heading", text, level=level)
    if unit.kind in ("point", "subpoint") and not unit.labelled:
        delim = "Period" if unit.kind == "point" else "OneParen"
        node = {"t": "OrderedList", "c": [[int(unit.number), {"t": "Decimal"}, {"t": delim}], []]}
        return Block("item", without_label(unit, text), nodes=(node,))
    return Block("paragraph", text)


def same_words(a: Sequence[Block], b: Sequence[Block]) -> bool:
    """Whether two versions have the same blocks, word for word (typography aside)."""
    return len(a) == len(b) and all(x.kind == y.kind and _tokens_equal(x.text, y.text) for x, y in zip(a, b))


def differences(a: Sequence[Block], b: Sequence[Block]) -> list[str]:
    """What differs between two versions' words: for messages and tests."""
    ka = [f"{x.kind}: {' '.join(t.norm for t in tokenize(x.text))}" for x in a]
    kb = [f"{x.kind}: {' '.join(t.norm for t in tokenize(x.text))}" for x in b]
    out = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
        if tag != "equal":
            out += [f"- {s}" for s in ka[i1:i2]] + [f"+ {s}" for s in kb[j1:j2]]
    return out

