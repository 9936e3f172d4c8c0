"""Incremental builds: each artifact records a hash of everything it was made from — its
sources and the files beside them, the stylesheet, the glossary (whose warnings a build gives),
the settings, the edition's options, its
provenance (commit, draft state), SOURCE_DATE_EPOCH, and kzpublish itself (its code, its
engines' versions). A build skips an artifact whose hash has not changed.

Stamps live in `dist/.stamps/<artifact>.key`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from kzpublish.glossary import TBX, TOML
from kzpublish.output import write_atomic
from kzpublish.paths import hash_file

if TYPE_CHECKING:
    from kzpublish.document import Document

STAMPS = ".stamps"
ENGINES = ("weasyprint", "pypandoc-binary", "ebooklib", "pyphen", "fonttools", "fontpkg-pt-serif",
           "fontpkg-pt-sans", "fontpkg-noto-serif", "fontpkg-noto-sans", "fontpkg-inter", "pypdf")


@cache
def tool_fingerprint() -> str:
    """kzpublish's own files and its engines' versions."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".dic") and "__pycache__" not in path.parts:
            h.update(path.relative_to(package).as_posix().encode())
            h.update(path.read_bytes())
    installed = _installed()
    for name in ENGINES:
        h.update(f"{name}={installed.get(_normal(name)) or _version(name)}".encode())
    return h.hexdigest()


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _installed() -> dict[str, str]:
    """Installed distributions → their versions, from the names of their `<name>-<version>.dist-info`
    folders on the import path: what `importlib.metadata` finds first, without reading and parsing
    every METADATA file (a tenth of the time of a build with nothing to do)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = sorted(n for n in os.listdir(entry or ".") if n.endswith(".dist-info"))
        except OSError:
            continue
        for folder in names:
            name, _, version = folder.removesuffix(".dist-info").partition("-")
            found.setdefault(_normal(name), version)
    return found


def _version(name: str) -> str:
    """A distribution not found as a dist-info folder (an egg, say): as `importlib.metadata` says."""
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def input_key(doc: Document, root: Path, stylesheet: Path, *settings: object) -> str:
    h = hashlib.sha256(tool_fingerprint().encode())
    for value in settings:
        h.update(_stable(value).encode())
    if stylesheet.is_relative_to(root):
        hash_file(root, stylesheet, h)
    else:  # kzpublish's own
        h.update(stylesheet.read_bytes())
    for name in (TOML, TBX):  # the build warns of terms against the glossary (and --strict fails)
        if (root / name).is_file() or (root / name).is_symlink():
            h.update(name.encode())
            hash_file(root, root / name, h)
    folders = sorted({(root / t.source.path).parent for t in doc.translations})
    for tr in doc.translations:
        h.update(tr.source.path.encode())
        h.update(tr.source.text.encode())
    for folder in folders:  # images and anything else beside the sources
        for path in sorted(folder.iterdir()):
            if path.suffix != ".md" and (path.is_file() or path.is_symlink()):
                h.update(path.name.encode())
                hash_file(root, path, h)
    return h.hexdigest()


def _stable(value: object) -> str:
    """A text for `value` that is the same in every process (a repr may hold memory addresses)."""
    def plain(v):
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            return {f.name: plain(getattr(v, f.name)) for f in dataclasses.fields(v)}
        if isinstance(v, Mapping):
            return {str(k): plain(x) for k, x in sorted(v.items())}
        if isinstance(v, (frozenset, set)):
            return sorted(plain(x) for x in v)
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        if isinstance(v, dt.datetime):
            return v.isoformat()
        if isinstance(v, (str, int, float, bool)) or v is None:
            return v
        return str(v)

    return json.dumps(plain(value), sort_keys=True, ensure_ascii=False)


def stamp_path(artifact: Path) -> Path:
    return artifact.parent / STAMPS / f"{artifact.name}.key"


def up_to_date(artifact: Path, key: str, strict: bool = False) -> bool:
    """Whether `artifact` was built from these inputs (and, for a strict build, without warnings:
    those must be shown again)."""
    stamp = stamp_path(artifact)
    if not (artifact.is_file() and stamp.is_file()):
        return False
    recorded, _, warnings = stamp.read_text().partition(" ")
    return recorded == key and not (strict and warnings != "warnings=0")


def record(artifact: Path, key: str, warnings: int) -> None:
    write_atomic(stamp_path(artifact), f"{key} warnings={warnings}".encode())
