"""A build with nothing to do, known before the project is read.

After a build of a request that ended with no error and no warning, every file it made or found
up to date is listed in `dist/.stamps/builds/<request>.json`, with its stamp, under a key: a hash
of kzpublish itself (`stamps.tool_fingerprint`), the request, `SOURCE_DATE_EPOCH`, what git says
of HEAD (commit, `git describe`, the uncommitted paths under `sources/`, `styles/` and
`pyproject.toml`), and the bytes of every file under `sources/` and `styles/`, of
`pyproject.toml`, of the glossary and of kzpublish's own stylesheets. The next build of the same request with the
same key, whose files and stamps are all still there as listed, has nothing to do: it says so
without reading a document, importing YAML or the pipeline — everything else that plans a build
(`planning.plan`) reads only what the key covers.

Where the key cannot be made quickly and surely (a release, `--force`, another output folder, a
symbolic link under `sources/` or `styles/`, git refusing the repository), or the list is
unreadable, corrupt or from another key, the build runs as ever.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path
from typing import Callable

from kzpublish.errors import KzError
from kzpublish.glossary import TBX, TOML
from kzpublish.history.head import read_head
from kzpublish.output import remove_stale, write_atomic
from kzpublish.project import Project, builtin_styles
from kzpublish.provenance import SHARED_INPUTS
from kzpublish.request import DIST, BuildReport, BuildRequest
from kzpublish.stamps import STAMPS, stamp_path, tool_fingerprint

FOLDER = Path(DIST) / STAMPS / "builds"


def build(project: Project, request: BuildRequest, progress: Callable | None = None) -> BuildReport:
    """`pipeline.build`, unless the last build of this request left everything up to date and
    nothing it was made from has changed since."""
    before = build_key(project, request)
    listed = project.root / FOLDER / f"{_request_hash(request)}.json"
    if before is not None and (kept := _kept(project.root, listed, before)) is not None:
        remove_stale(project.root / DIST)
        return BuildReport(skipped=kept)
    from kzpublish.pipeline import build as full_build

    with _WarningsCounted() as warnings:
        report = full_build(project, request, progress)
    # Listed only when the inputs stayed the same while the build read them.
    if before is not None and not (report.errors or report.failed or warnings.count) and build_key(project, request) == before:
        _list(project.root, listed, before, [*report.written, *report.skipped])
    return report


def build_key(project: Project, request: BuildRequest) -> str | None:
    """The hash of everything a build of `request` is planned from; None where there is none to
    be had quickly and surely."""
    if request.release or request.force or request.out_dir or request.kinds:
        return None
    h = hashlib.sha256(f"{tool_fingerprint()}\0{_request_text(request)}\0".encode())
    h.update(f"SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH')}\0".encode())
    try:
        head = read_head(project.root)
    except KzError:
        return None  # the build says what git refuses
    if head is not None:
        shaping = sorted(p for p in head.changed if p.split("/")[0] in ("sources", *SHARED_INPUTS))
        h.update(f"{head.commit}\0{head.describe}\0{shaping}\0".encode())
    for top, path in ((project.root, "pyproject.toml"), (project.root, TOML), (project.root, TBX),
                      (project.root, "sources"), (project.root, "styles"), (builtin_styles(), ".")):
        if not _hash_tree(top, path, h):
            return None
    return h.hexdigest()


def _hash_tree(top: Path, path: str, h) -> bool:
    """Names and bytes of the file or folder `top/path`, folders in sorted order; False at a
    symbolic link (where it leads, and whether it is allowed, the full build decides)."""
    full = top / path
    if full.is_symlink():
        return False
    if full.is_file():
        h.update(f"{path}\0{full.stat().st_size}\0".encode())
        h.update(full.read_bytes())
        return True
    if not full.is_dir():
        h.update(f"{path}\0-\0".encode())
        return True
    return all(_hash_tree(top, f"{path}/{name}", h) for name in sorted(os.listdir(full)))


def _request_text(request: BuildRequest) -> str:
    return json.dumps([list(request.slugs), list(request.formats), request.paper and vars(request.paper), request.strict,
                       request.layout, request.shard])


def _request_hash(request: BuildRequest) -> str:
    return hashlib.sha256(_request_text(request).encode()).hexdigest()[:16]


def _kept(root: Path, listed: Path, key: str) -> list[Path] | None:
    """The files listed for `key`, if each is there with the stamp it was listed with."""
    try:
        digest, _, body = listed.read_bytes().partition(b"\n")
        if hashlib.sha256(body).hexdigest().encode() != digest:
            return None
        entry = json.loads(body)
        if entry["key"] != key:
            return None
        files = [(root / path, stamp) for path, stamp in entry["files"]]
        if not all(path.is_file() and stamp_path(path).read_text("utf-8") == stamp for path, stamp in files):
            return None
        return [path for path, _ in files]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # not listed yet, or not a whole list of this kzpublish: the full build decides


def _list(root: Path, listed: Path, key: str, files: list[Path]) -> None:
    """Not when a file's stamp records warnings: a document built in a worker process logs them
    there, where `_WarningsCounted` does not hear them."""
    try:
        stamps = [(path.relative_to(root).as_posix(), stamp_path(path).read_text("utf-8")) for path in sorted(files)]
        if any(not stamp.endswith(" warnings=0") for _, stamp in stamps):
            return
        body = json.dumps({"key": key, "files": [list(entry) for entry in stamps]}, ensure_ascii=False).encode()
        write_atomic(listed, hashlib.sha256(body).hexdigest().encode() + b"\n" + body, durable=False)
    except (OSError, ValueError):
        pass  # a read-only project, or a file gone meanwhile: the next build is only slower


class _WarningsCounted(logging.Handler):
    """Counts the warnings kzpublish logs while a build runs."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def __enter__(self) -> _WarningsCounted:
        logging.getLogger("kzpublish").addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        logging.getLogger("kzpublish").removeHandler(self)
