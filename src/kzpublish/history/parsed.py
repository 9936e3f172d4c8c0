"""A version of a translation parsed for comparing — its front matter as text and its blocks —
and the cache that parses each version once, ever.

Entries are keyed by content: a git blob id for a committed version, the hash of the bytes for
the working tree's text; and by kzpublish's own fingerprint (its code and its engines' versions), so a
new kzpublish never reads an old one's entries. They live in `dist/.stamps/parsed/`, one JSON
file each; an entry that is unreadable, corrupt or made for other content is ignored and written
anew. Blocks come back without their AST (`Block.nodes`): comparing needs their text, link
targets and item numbers alone.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Mapping

from kzpublish.blocks import Block, blocks_of
from kzpublish.errors import KzError
from kzpublish.output import write_atomic
from kzpublish.sources import SourceFile, split_front_matter
from kzpublish.stamps import STAMPS, tool_fingerprint

FOLDER = Path("dist") / STAMPS / "parsed"


@dataclass(frozen=True)
class Parsed:
    meta: Mapping[str, str | None]
    """The front matter, each value as text (lists joined with commas); empty where it cannot be read."""
    blocks: tuple[Block, ...]


def parse(source: SourceFile) -> Parsed:
    """pandoc reads the version (line wrapping disappears); its front matter is read as text."""
    try:
        meta = {key: meta_text(value) for key, value in split_front_matter(source).data.items()}
    except KzError:
        meta = {}
    return Parsed(MappingProxyType(meta), read_blocks(source))


def read_blocks(source: SourceFile) -> tuple[Block, ...]:
    """A version of a translation as blocks."""
    from kzpublish.pandoc import read_markdown  # here: a version found in the cache needs no pandoc

    return blocks_of(read_markdown(source.text, source.loc())["blocks"])


def meta_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


class ParsedVersions:
    """The cache of a project (`root`)."""

    def __init__(self, root: Path):
        self.folder = root / FOLDER

    def get(self, key: str, source: Callable[[], SourceFile | None]) -> Parsed | None:
        """The version whose content `key` names, parsed: from the cache, else `source()` parsed
        (and kept). None where `source()` is None; its errors are raised, never cached."""
        path = self.folder / f"{hashlib.sha256(f'{tool_fingerprint()}:{key}'.encode()).hexdigest()}.json"
        if found := _load(path, key):
            return found
        text = source()
        if text is None:
            return None
        parsed = parse(text)
        _store(path, key, parsed)
        return parsed

    def of_source(self, source: SourceFile) -> Parsed:
        """A version read already (the working tree's), keyed by the hash of its text."""
        return self.get("text-sha256:" + hashlib.sha256(source.text.encode()).hexdigest(), lambda: source)


def _load(path: Path, key: str) -> Parsed | None:
    try:
        entry = json.loads(path.read_bytes())
        if entry["tool"] != tool_fingerprint() or entry["key"] != key:
            return None
        blocks = tuple(Block(kind, text, ident, level, links=tuple(links), number=number)
                       for kind, text, ident, level, links, number in entry["blocks"])
        meta = {str(k): (None if v is None else str(v)) for k, v in entry["meta"].items()}
        return Parsed(MappingProxyType(meta), blocks)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # not there, or not a whole entry of this kzpublish: parsed anew


def _store(path: Path, key: str, parsed: Parsed) -> None:
    entry = {"tool": tool_fingerprint(), "key": key, "meta": dict(parsed.meta),
             "blocks": [[b.kind, b.text, b.ident, b.level, list(b.links), b.number] for b in parsed.blocks]}
    try:
        write_atomic(path, json.dumps(entry, ensure_ascii=False).encode(), durable=False)
    except OSError:
        pass  # a read-only project: it is only slower
