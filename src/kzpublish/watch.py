"""`kzpublish build --watch`: build, then build again whenever an input changes, in the same
process. The engines stay loaded between builds, so after a one-word change the PDF comes back
in the time its document takes to lay out, without a second of start-up.

Inputs are polled (no file-system events: nothing to install, works on every file system): the
size and modification time of every file under `sources/` and `styles/`, and `pyproject.toml`.
Each build is the ordinary incremental one, so only what changed is rebuilt."""

from __future__ import annotations

import stat
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterator

from kzpublish.config import Config
from kzpublish.errors import KzError
from kzpublish.pipeline import Progress, build, load_engines
from kzpublish.planning import ENGINES
from kzpublish.project import Project
from kzpublish.provenance import SHARED_INPUTS
from kzpublish.request import BuildReport, BuildRequest

WATCHED = ("sources", *SHARED_INPUTS)
INTERVAL = 0.2
"""Seconds between two looks at the inputs."""
SETTLE = 0.1
"""Seconds to wait after a change for another look: an editor may still be saving."""


def snapshot(root: Path) -> frozenset[tuple[str, int, int]]:
    """(path, size, modification time) of every input file."""
    found = set()
    for name in WATCHED:
        top = root / name
        for path in (top.rglob("*") if top.is_dir() else [top]):
            try:
                info = path.stat()
            except OSError:  # gone since it was listed
                continue
            if stat.S_ISREG(info.st_mode):
                found.add((str(path.relative_to(root)), info.st_size, info.st_mtime_ns))
    return frozenset(found)


def changes(root: Path, interval: float = INTERVAL) -> Iterator[None]:
    """Yields once at once, then each time the inputs have changed (and stopped changing)."""
    state = snapshot(root)
    yield
    while True:
        time.sleep(interval)
        now = snapshot(root)
        if now == state:
            continue
        while True:  # an editor may still be saving: wait until a look finds nothing new
            time.sleep(min(interval, SETTLE))
            settled = snapshot(root)
            if settled == now:
                break
            now = settled
        state = now
        yield


def watch(root: Path, request: BuildRequest, done: Callable[[Project, BuildReport], None],
          progress: Progress | None = None, interval: float = INTERVAL) -> None:
    """Build now and after each change, calling `done` with each build's report; runs until
    interrupted (Ctrl-C). The request's `force` holds for the first build only."""
    load_engines({ENGINES[f] for f in request.formats})
    for n, _ in enumerate(changes(root, interval)):
        try:
            project = Project.open(root)  # the settings may have changed too
            report = build(project, request if n == 0 else replace(request, force=False), progress)
        except KzError as e:  # broken settings, an unreadable repository: told, and the watch goes on
            project, report = Project(root.resolve(), Config()), BuildReport(errors=[e])
        done(project, report)
