"""Stage 1, sources: find `sources/<slug>/<lang>.md` and read each into a `SourceFile`,
then split its YAML front matter from its body (`FrontMatter`).

Parsing takes text, not paths, so the same code reads the working tree and git blobs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import yaml

from kzpublish.errors import SourceError, SourceLocation
from kzpublish.i18n import LANGUAGES
from kzpublish.limits import check_size, check_text
from kzpublish.messages import _

SOURCES_DIR = "sources"


@dataclass(frozen=True)
class SourceFile:
    """One translation of one document, as text."""

    path: str
    """Relative to the project root, e.g. `sources/paris-resolution-2019/kk.md`."""
    lang: str
    """Language code, from the file name."""
    text: str
    """The file's text: BOM removed, line ends normalised to LF; nothing else touched."""
    rev: str | None = None
    """The git commit the text was read from; None for the working tree."""

    @property
    def folder(self) -> str:
        """The document folder name: the default slug."""
        return self.path.split("/")[-2]

    def loc(self, line: int | None = None, column: int | None = None) -> SourceLocation:
        return SourceLocation(self.path, line, column, self.rev)


@dataclass(frozen=True)
class FrontMatter:
    """The YAML front matter of a source, with the line of each top-level key."""

    data: Mapping[str, Any]
    lines: Mapping[str, int] = field(default_factory=dict)
    """Key → 1-based line in the source file."""
    end_line: int = 0
    """Line of the closing `---` (0 when there is no front matter)."""


def find_sources(root: Path) -> list[Path]:
    """All Markdown files directly inside `sources/<slug>/`, sorted, as absolute paths."""
    base = root / SOURCES_DIR
    if not base.is_dir():
        return []
    return sorted(p for p in base.glob("*/*.md") if p.is_file())


def read_source(root: Path, path: Path) -> SourceFile:
    """Read one source file of the working tree."""
    rel = path.relative_to(root).as_posix()
    lang = path.stem
    if lang not in LANGUAGES:
        known = ", ".join(f"{code}.md" for code in LANGUAGES)
        raise SourceError(
            _("unknown language {lang!r} in file name").format(lang=lang),
            SourceLocation(rel, 1),
            hint=_("name each translation after its language: {known}").format(known=known),
        )
    check_size(rel, path.stat().st_size)
    source = source_from_bytes(rel, lang, path.read_bytes())
    if not source.text.strip():
        raise SourceError(_("the file is empty"), source.loc(1),
                          hint=_("write the front matter (--- title: … ---) and the text, or delete the file"))
    return source


def source_from_bytes(path: str, lang: str, data: bytes, rev: str | None = None) -> SourceFile:
    """The one way a source's bytes become a `SourceFile`, from the working tree or from git
    (`rev`): decoded (`decode_source`), within the limits (`limits`)."""
    check_size(path, len(data))
    text = decode_source(data, path)
    check_text(path, text)
    return SourceFile(path, lang, text, rev)


def decode_source(data: bytes, rel: str) -> str:
    """Bytes → text: strict UTF-8, no NUL bytes; a BOM is dropped and CRLF becomes LF."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise SourceError(
            _("not valid UTF-8 (byte 0x{byte:02x})").format(byte=data[e.start]),
            SourceLocation(rel, line, column),
            hint=_("save the file as UTF-8"),
        ) from e
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise SourceError(_("contains a NUL byte: is this a text file?"), SourceLocation(rel, line),
                          hint=_("save it as plain UTF-8 text (a word processor's file is not a source)"))
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")


def split_front_matter(source: SourceFile) -> FrontMatter:
    """Parse the YAML block that opens the file. A file without one has empty front matter."""
    lines = source.text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return FrontMatter(MappingProxyType({}))
    end = next((i for i in range(1, len(lines)) if _CLOSE.match(lines[i])), None)
    if end is None:
        raise SourceError(
            _("front matter is not closed"),
            source.loc(1),
            hint=_("end the YAML block with a line of three dashes: ---"),
        )
    yaml_text = "\n".join(lines[1:end])
    try:
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(yaml_text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        column = mark.column + 1 if mark is not None else None
        problem = getattr(e, "problem", None) or str(e)
        raise SourceError(
            _("front matter is not valid YAML: {problem}").format(problem=problem),
            source.loc(line, column),
            hint=_("check quotes and indentation; quote values that contain ': '"),
        ) from e
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError(
            _("front matter must be a mapping of keys to values, not {kind}").format(kind=_yaml_kind(data)),
            source.loc(2),
            hint=_("write it as `key: value` lines, e.g. `title: …`"),
        )
    key_lines = {}
    if isinstance(node, yaml.MappingNode):
        key_lines = {str(k.value): k.start_mark.line + 2 for k, _ in node.value}
    return FrontMatter(MappingProxyType(_plain(data)), MappingProxyType(key_lines), end + 1)


def _plain(data: dict) -> dict:
    """Keys as strings (YAML allows `1: x`); values untouched."""
    return {str(k): v for k, v in data.items()}


def _yaml_kind(value: Any) -> str:
    if isinstance(value, list):
        return _("a list")
    shown = value if isinstance(value, (dt.date, int, float, bool)) else str(value)[:30]
    return _("a single value ({value!r})").format(value=shown)
