"""Drift between languages: which aligned pairs had one side changed and the other not.

For each translation, every block of the current text is traced back through the file's history
(block diffs between consecutive versions), collecting the commits that changed its wording.
Then, per aligned pair, the two sides' changes are read in commit order:

- a commit that changes both sides, or that carries the trailer `Translation-checked: SLUG`,
  leaves the pair in step; `Translation-checked: SLUG#PART` does so for one part only: PART is
  an id (of a block, or of a heading — then everything under it) or a locator (`Статья 5`,
  `5-бап, 2-тармақ`). SLUG may be any name the document's folder had, so renaming it keeps
  what was checked;
- a change to one side puts that side ahead — unless the other side was ahead, in which case it
  is the follow-up that brings the pair back in step;
- a pair whose last state is "one side ahead" has drifted: reported with the commit since which,
  and the wording change on that side since then.

Uncommitted changes count as a last, uncommitted version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from kzpublish.align import Pair, align
from kzpublish.blocks import Block
from kzpublish.document import Document
from kzpublish.errors import SourceError
from kzpublish.history.diff import BlockChange, Span, diff_blocks, diff_words, equal_ends
from kzpublish.history.git import Repository
from kzpublish.history.parsed import ParsedVersions
from kzpublish.history.head import UNCOMMITTED
from kzpublish.locators import locators
from kzpublish.sources import SourceFile

TRAILER = "Translation-checked"


@dataclass(frozen=True)
class Version:
    commit: str | None
    """None: the working tree."""
    date: dt.datetime | None
    subject: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Change:
    """A commit that changed the wording of a block (or created it)."""

    version: int
    """Index into the translation's versions."""
    before: str
    """The block's text before that commit ("" where it was created)."""


@dataclass(frozen=True)
class Drift:
    pair_number: int
    pair: Pair
    lang: str
    """The side that changed."""
    other: str
    commit: str | None
    """Since which commit (None: uncommitted changes)."""
    date: dt.datetime | None
    subject: str
    spans: tuple[Span, ...]
    """The wording change on the changed side since then."""
    text: str
    other_text: str
    locator: str = ""
    """The pair's readable name on the changed side (`Статья 2, п. 3`)…"""
    other_locator: str = ""
    """…and on the other (`2-бап, 3-тармақ`)."""


def versions(root: Path, repo: Repository, source: SourceFile) -> list[Version]:
    """The translation at each commit that touched it, oldest first, then the working tree if it
    differs; each version parsed once, ever (`ParsedVersions`)."""
    cache = ParsedVersions(root)
    out: list[Version] = []
    for rev in reversed(repo.history(source.path) if repo.has_commits() else []):
        if rev.status == "D":
            out = []
            continue
        if rev.blob is None:
            continue
        try:
            parsed = cache.get(rev.blob, partial(repo.source_at, rev.commit, rev.path))
        except SourceError:
            continue  # a version that is not text, or past the limits, cannot be compared: skip it
        if parsed is not None:
            out.append(Version(rev.commit, rev.date, rev.subject, parsed.blocks))
    if not out or repo.dirty([source.path]):
        out.append(Version(None, None, UNCOMMITTED, cache.of_source(source).blocks))
    return out


def changes_of(history: list[Version]) -> list[list[Change]]:
    """For each block of the newest version, the changes to its wording, newest first."""
    newest = history[-1].blocks
    where = {u: u for u in range(len(newest))}  # block of the newest version → index in version k
    found: list[list[Change]] = [[] for _ in newest]
    for k in range(len(history) - 1, 0, -1):
        by_new = _changes_by_new(history[k - 1].blocks, history[k].blocks)
        for u, i in list(where.items()):
            change = by_new[i]
            before = " ".join(history[k - 1].blocks[o].text for o in change.old)
            if change.status in ("changed", "inserted", "split", "merged") or (change.status == "moved" and change.has_wording):
                found[u].append(Change(k, before))
            if change.old and change.status != "inserted":
                where[u] = change.old[0]
            else:
                del where[u]
    for u in where:  # blocks that were there from the first version on
        found[u].append(Change(0, ""))
    return found


def _changes_by_new(old: tuple[Block, ...], new: tuple[Block, ...]) -> dict[int, BlockChange]:
    """Each block of `new` → its change from `old` (`diff_blocks`). A commit changes a few
    blocks: the equal ones at either end are paired as they stand, and only the stretch between
    is diffed (a long history's drift is mostly this)."""
    head, tail = equal_ends(old, new)
    shift = len(old) - len(new)
    out = {j: BlockChange("equal", new[j].kind, (j,), (j,)) for j in range(head)}
    out.update({j: BlockChange("equal", new[j].kind, (j + shift,), (j,)) for j in range(len(new) - tail, len(new))})
    for change in diff_blocks(old[head:len(old) - tail], new[head:len(new) - tail]):
        moved = replace(change, old=tuple(i + head for i in change.old), new=tuple(j + head for j in change.new))
        for j in moved.new:
            out[j] = moved
    return out


def drift(root: Path, repo: Repository, doc: Document, slug: str) -> list[Drift]:
    left_tr, right_tr = doc.translations
    left_h = versions(root, repo, left_tr.source)
    right_h = versions(root, repo, right_tr.source)
    left_c, right_c = changes_of(left_h), changes_of(right_h)
    order = repo.commit_order
    names = _names(repo, doc, slug)
    whole: set[int] = set()
    parts: dict[int, set[str]] = {}
    for c, values in repo.trailer_values(TRAILER).items():
        if c not in order:
            continue
        for value in values:
            name, _, part = value.partition("#") if "#" in value else (value.split()[0], "", "")
            if name.strip() not in names:
                continue
            if part.strip():
                parts.setdefault(order[c], set()).add(_norm(part))
            else:
                whole.add(order[c])
    left_names = _part_names(left_h[-1].blocks, left_tr.lang)
    right_names = _part_names(right_h[-1].blocks, right_tr.lang)
    left_loc = locators(left_h[-1].blocks, left_tr.lang)
    right_loc = locators(right_h[-1].blocks, right_tr.lang)

    def when(history: list[Version], change: Change) -> int:
        commit = history[change.version].commit
        return order.get(commit, len(order)) if commit else len(order) + 1

    out = []
    for n, pair in enumerate(align(left_h[-1].blocks, right_h[-1].blocks), 1):
        if not pair.left or not pair.right:
            continue
        left = {when(left_h, c): c for i in pair.left for c in left_c[i]}
        right = {when(right_h, c): c for j in pair.right for c in right_c[j]}
        mine = set().union(*(left_names[i] for i in pair.left), *(right_names[j] for j in pair.right))
        checked = whole | {t for t, named in parts.items() if named & mine}
        state, since = None, None
        for t in sorted(set(left) | set(right) | checked):
            l, r = t in left, t in right
            if t in checked or (l and r):
                state = None
            elif state is None:
                state, since = ("left" if l else "right"), t
            elif (state == "left") != l:
                state = None  # the other side followed
        if state is None:
            continue
        if state == "left":
            history, changes, tr, idx, other_h, other_tr, other_idx = left_h, left, left_tr, pair.left, right_h, right_tr, pair.right
        else:
            history, changes, tr, idx, other_h, other_tr, other_idx = right_h, right, right_tr, pair.right, left_h, left_tr, pair.left
        first = changes[since]
        version = history[first.version]
        now = " ".join(history[-1].blocks[i].text for i in idx)
        other_now = " ".join(other_h[-1].blocks[i].text for i in other_idx)
        here, there = (left_loc, right_loc) if state == "left" else (right_loc, left_loc)
        out.append(Drift(n, pair, tr.lang, other_tr.lang, version.commit, version.date, version.subject,
                         diff_words(first.before, now), now, other_now,
                         here[idx[0]], there[other_idx[0]] if other_idx else ""))
    return out


def _names(repo: Repository, doc: Document, slug: str) -> set[str]:
    """The names a trailer may give the document: its slug and every name its folder had."""
    out = {slug}
    for tr in doc.translations:
        out.add(tr.source.path.rsplit("/", 2)[-2])
        if repo.has_commits():
            out |= {rev.path.rsplit("/", 2)[-2] for rev in repo.history(tr.source.path) if "/" in rev.path}
    return out


def _part_names(blocks: tuple[Block, ...], lang: str) -> list[set[str]]:
    """For each block, the names a `Translation-checked: SLUG#PART` may give it: its id, the ids
    of the headings it stands under, its locator and its heading's locator."""
    names: list[set[str]] = []
    open_headings: list[tuple[int, str, str]] = []  # (level, id, locator)
    for block, loc in zip(blocks, locators(blocks, lang)):
        if block.kind == "heading":
            open_headings = [h for h in open_headings if h[0] < block.level] + [(block.level, block.ident, loc)]
        own = {_norm(block.ident), _norm(loc), _norm(loc.split(",")[0])}
        own |= {_norm(h[1]) for h in open_headings} | {_norm(h[2]) for h in open_headings}
        names.append(own - {""})
    return names


def _norm(name: str) -> str:
    return " ".join(name.replace("\u00a0", " ").split()).casefold()
