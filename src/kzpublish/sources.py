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
from kzpublish.limits import (
    MAX_FILE_BYTES, MAX_FRONT_MATTER_BYTES, MAX_YAML_ALIASES, MAX_YAML_DEPTH, MAX_YAML_NODES, check_size, check_text,
)
from kzpublish.messages import N_, _, grouped
from kzpublish.paths import decode_utf8, resolve_inside

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


MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
# Names people give a Kazakh or Russian file that are not the language codes kzpublish uses.
_ALIASES = {"kz": "kk", "kaz": "kk", "qq": "kk", "rus": "ru"}


def find_sources(root: Path) -> list[Path]:
    """All Markdown files directly inside `sources/<slug>/` (and files that look like they were
    meant to be: `kk.markdown`, `KK.md`), sorted, as absolute paths."""
    base = root / SOURCES_DIR
    if not base.is_dir():
        return []
    # Links and special files too: each is refused with its name rather than passed over.
    return sorted(p for p in base.glob("*/*") if p.suffix.lower() in MARKDOWN_SUFFIXES and not p.is_dir())


def read_source(root: Path, path: Path) -> SourceFile:
    """Read one source file of the working tree."""
    rel = path.relative_to(root).as_posix()
    lang = _language_of(path.name, rel)
    real = resolve_inside(root, rel, what=N_("source"))
    if not real.is_file():
        raise SourceError(_("not a regular file (a pipe, a device or a broken link?)"), SourceLocation(rel),
                          hint=_("a source is a text file: replace it with one"))
    check_size(rel, real.stat().st_size)
    with open(real, "rb") as f:  # read no more than the limit, whatever the file turns out to be
        data = f.read(MAX_FILE_BYTES + 1)
    source = source_from_bytes(rel, lang, data)
    if not source.text.strip():
        raise SourceError(_("the file is empty"), source.loc(1),
                          hint=_("write the front matter (--- title: … ---) and the text, or delete the file"))
    return source


def _language_of(name: str, rel: str) -> str:
    """The language a file's name stands for; an error naming the right name for one that is
    nearly right (`kk.markdown`, `KK.md`, `kz.md`)."""
    stem, _dot, suffix = name.partition(".")
    code = _ALIASES.get(stem.lower(), stem.lower())
    if name == f"{stem}.md" and stem in LANGUAGES:
        return stem
    known = ", ".join(f"{c}.md" for c in LANGUAGES)
    if code in LANGUAGES:
        raise SourceError(_("a translation must be named {code}.md, not {name}").format(
            code=code, name=name), SourceLocation(rel, 1),
                          hint=_("rename the file: git mv {rel} {folder}/{code}.md").format(
                              rel=rel, folder=rel.rsplit("/", 1)[0], code=code))
    raise SourceError(_("unknown language {stem!r} in file name").format(stem=stem), SourceLocation(rel, 1),
                      hint=_("name each translation after its language: {known}").format(known=known))


def source_from_bytes(path: str, lang: str, data: bytes, rev: str | None = None) -> SourceFile:
    """The one way a source's bytes become a `SourceFile`, from the working tree or from git
    (`rev`): decoded (`decode_source`), within the limits (`limits`)."""
    check_size(path, len(data))
    text = decode_source(data, path)
    check_text(path, text)
    return SourceFile(path, lang, text, rev)


def decode_source(data: bytes, rel: str) -> str:
    """Bytes → text: strict UTF-8, no NUL bytes; a BOM is dropped and CRLF becomes LF."""
    text = decode_utf8(data, rel, _("save the file as UTF-8"))
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise SourceError(_("contains a NUL byte: is this a text file?"), SourceLocation(rel, line),
                          hint=_("save it as plain UTF-8 text (a word processor's file is not a source)"))
    if control := _CONTROL.search(text):
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        raise SourceError(_("contains the control character U+{code:04X}").format(
            code=ord(control.group())), SourceLocation(rel, line, column),
                          hint=_("delete it: it is invisible, and no edition can carry it"))
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


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
    if len(yaml_text.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise SourceError(_("the front matter is longer than {limit} KiB").format(
            limit=MAX_FRONT_MATTER_BYTES // 1024), source.loc(1),
                          hint=_("front matter holds the title and a few facts; the text goes below "
                                 "the closing ---"))
    try:
        check_yaml_bounds(yaml_text, source)
        node = yaml.compose(yaml_text, Loader=_Loader)
        data = _Loader(yaml_text).get_single_data() if node is not None else None
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


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, except that a date that does not exist (`2019-02-30`) stays text,
    for the metadata check to report at its line."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def check_yaml_bounds(text: str, source: SourceFile) -> None:
    """Walk the YAML's parse events — a stream, so nothing grows — and stop at the first place
    where nesting or aliases (`*name`, each standing for all of what it names) go past the
    limits: an alias bomb fails here, before anything is built from it."""
    sizes: dict[str, int] = {}
    stack: list[list] = [[0, None]]  # per open collection: nodes so far, anchor
    aliases = 0

    def stop(message: str, event) -> None:
        raise SourceError(message, source.loc(event.start_mark.line + 2, event.start_mark.column + 1),
                          hint=_("front matter holds a title and a few facts: write them out plainly"))

    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.ScalarEvent):
            stack[-1][0] += 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_YAML_ALIASES:
                stop(_("more than {limit} aliases (*name) in the front matter").format(limit=MAX_YAML_ALIASES), event)
            stack[-1][0] += sizes.get(event.anchor, 1)
        elif isinstance(event, yaml.CollectionStartEvent):
            if len(stack) > MAX_YAML_DEPTH:
                stop(_("the front matter is nested more than {limit} levels deep").format(limit=MAX_YAML_DEPTH), event)
            stack.append([1, event.anchor])
        elif isinstance(event, yaml.CollectionEndEvent):
            count, anchor = stack.pop()
            if anchor:
                sizes[anchor] = count
            stack[-1][0] += count
        if sum(c for c, _ in stack) > MAX_YAML_NODES:
            stop((_("the front matter stands for more than {limit} values (its aliases repeat what they name)") if aliases
                  else _("the front matter stands for more than {limit} values")).format(
                      limit=grouped(MAX_YAML_NODES)), event)


def _plain(data: dict) -> dict:
    """Keys as strings (YAML allows `1: x`); values untouched."""
    return {str(k): v for k, v in data.items()}


def _yaml_kind(value: Any) -> str:
    if isinstance(value, list):
        return _("a list")
    shown = value if isinstance(value, (dt.date, int, float, bool)) else str(value)[:30]
    return _("a single value ({value!r})").format(value=shown)
