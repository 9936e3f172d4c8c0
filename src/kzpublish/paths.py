"""The one way a path of the project is read: `resolve_inside` follows symlinks and refuses
anything that ends up outside the project folder (a source, a document folder, a stylesheet, a
file beside a source, the printer profile, an image), naming where the link stands;
`written_inside` refuses a `dist/` that a link leads out of. `hash_file`
hashes a file by streaming it, with a size limit, so that no file beside a source is ever loaded
whole."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from kzpublish.errors import KzError, OutputError, SourceError, SourceLocation
from kzpublish.limits import MAX_BESIDE_BYTES
from kzpublish.messages import N_, _

_CHUNK = 1 << 20


def relative(root: Path, path: Path) -> str:
    """`path` as the project names it (forward slashes), or as given when it is elsewhere."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def resolve_inside(root: Path, path: Path | str, loc: SourceLocation | None = None, what: str = N_("file"),
                   error: type[KzError] = SourceError) -> Path:
    """`root / path` with every symlink followed; an error at `loc` (else at the path itself)
    when the result leaves the project."""
    root = root.resolve()
    given = root / path
    real = given.resolve()
    if real == root or real.is_relative_to(root):
        return real
    rel = relative(root, given)
    # Name the link that leaves: the path itself, or the folder on the way.
    link = next((p for p in [given, *given.parents] if p.is_symlink() and p.is_relative_to(root)), given)
    where = relative(root, link)
    raise error((_("{what} {path!r} leads outside the project (through the link {link})") if where != rel
                 else _("{what} {path!r} leads outside the project")).format(what=_(what), path=rel, link=where),
                loc or SourceLocation(where),
                hint=_("copy the file into the project instead of linking to it: nothing outside the "
                       "project is read"))


def written_inside(root: Path, folder: Path) -> None:
    """Refuse to write into `folder` (the project's `dist/`) when it, or a folder in it (the
    stamps, the caches, a release's), is a link that leads outside the project."""
    root = root.resolve()
    links = [folder] if folder.is_symlink() else []
    for parent, folders, _files in os.walk(folder):
        links += [Path(parent) / name for name in folders if (Path(parent) / name).is_symlink()]
    for link in links:
        if not link.resolve().is_relative_to(root):
            where = relative(root, link)
            raise OutputError(_("a link that leads outside the project, and nothing is written outside it"),
                              SourceLocation(where),
                              hint=_("remove the link: kzpublish makes the folder itself"))


def decode_utf8(data: bytes, rel: str, hint: str, error: type[KzError] = SourceError) -> str:
    """Strict UTF-8; an error at the line and column of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise error(_("not valid UTF-8 (byte 0x{byte:02x})").format(byte=data[e.start]), SourceLocation(rel, line, column),
                    hint=hint) from e


def hash_file(root: Path, path: Path, into: "hashlib._Hash", limit: int = MAX_BESIDE_BYTES) -> None:
    """Add `path`'s bytes to `into`, a megabyte at a time; a file over `limit` is an error. A
    link that leads outside the project is not followed: what it says is hashed instead (an
    image that uses it is refused at its line by the image check)."""
    try:
        real = resolve_inside(root, path.relative_to(root) if path.is_relative_to(root) else path)
    except SourceError:
        into.update(os.readlink(path).encode() if path.is_symlink() else b"?")
        return
    if not real.is_file():  # a folder, a pipe, a device: nothing to hash, nothing to read
        into.update(b"-")
        return
    size = real.stat().st_size
    if size > limit:
        raise SourceError(_("the file is {size:.1f} MiB; the limit for a file beside a source is "
                            "{limit} MiB").format(size=size / 2**20, limit=limit // 2**20), SourceLocation(relative(root.resolve(), path)),
                          hint=_("keep large files out of the document's folder"))
    read = 0
    with open(real, "rb") as f:
        while chunk := f.read(_CHUNK):
            read += len(chunk)
            if read > limit:  # it grew meanwhile, or is not what stat says (a device)
                raise SourceError(_("the file is larger than {limit} MiB").format(
                    limit=limit // 2**20), SourceLocation(relative(root, path)))
            into.update(chunk)
