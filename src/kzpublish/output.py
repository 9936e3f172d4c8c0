"""Writing artifacts: always to a temporary file beside the target, then renamed into place, so
an interrupted build leaves the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from kzpublish.errors import OutputError, SourceLocation
from kzpublish.messages import _


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """`path` holds the old bytes or `data`, never a part; `durable`: on disk before the rename
    (not needed for a cache, which can be made again)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_output(path: Path, data: bytes, root: Path) -> None:
    """`write_atomic`, with the system's refusal (a read-only or full disk, a file where a
    folder should be) told as an error at the output's path in the project."""
    try:
        write_atomic(path, data)
    except OSError as e:
        rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        raise OutputError(_("cannot write {path}: {reason}").format(path=rel, reason=e.strerror or e), SourceLocation(rel),
                          hint=_("make the folder writable, or free some space, then build again")) from e


STALE = 600
"""Seconds after which a temporary file is taken as left by a build that was killed (a write
takes milliseconds; another build's file, still being written, is younger)."""


def remove_stale(folder: Path) -> None:
    """Delete the temporary files that killed builds left in `folder` and its subfolders."""
    if not folder.is_dir():
        return
    now = time.time()
    for path in folder.rglob(".*.tmp"):
        try:
            if now - path.stat().st_mtime > STALE:
                path.unlink()
        except OSError:  # gone meanwhile
            continue
