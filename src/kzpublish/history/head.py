"""What a build needs to know of the repository — HEAD, its date, `git describe`, and the files
that differ from it — read with four short runs of the git command itself (and `git init` for a
new project).

History and diffs go through GitPython (`history.git`), but GitPython takes a tenth of a second
to import, and a build that has nothing to do should not wait for it.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from kzpublish.errors import GitError, SourceLocation
from kzpublish.messages import N_, _

HINT = N_("fix what git says (for dubious ownership: `git config --global --add safe.directory <folder>`, if you "
           "trust it); editions are never made from a repository git cannot read")


UNCOMMITTED = "uncommitted"
"""The label of the working tree where it differs from HEAD (`changed_paths`)."""


@dataclass(frozen=True)
class Head:
    commit: str
    date: dt.datetime
    """The commit date, in the committer's own time zone."""
    describe: str
    """`v1.2`, `v1.2-3-gabc1234`, or a short commit id where there is no tag."""
    changed: frozenset[str]
    """Project paths that differ from HEAD in the working tree or index, untracked ones too."""


def read_head(root: Path) -> Head | None:
    """HEAD of the repository holding `root`; None if there is no repository or no commit yet.
    A repository git refuses to read (dubious ownership, a bare one, `sources/` a submodule) is
    an error with git's own reason: such a tree is neither committed nor a draft."""
    root = root.resolve()
    top = _git(root, "rev-parse", "--show-toplevel", refuse=True)
    if top:
        check_not_submodule(root)
    last = _git(root, "log", "-1", "--format=%H%x00%cI") if top else None
    if not last:
        return None
    commit, date = last.split("\0")
    top_path = Path(top).resolve()
    describe = _git(root, "describe", "--tags", "--always", commit) or commit
    return Head(commit, dt.datetime.fromisoformat(date), describe, _changed(top_path, root))


def changed_paths(root: Path) -> frozenset[str]:
    """The one definition of "uncommitted": the project paths (relative to `root`) that differ
    from HEAD in the working tree or the index, untracked files included."""
    root = root.resolve()
    top = _git(root, "rev-parse", "--show-toplevel")
    return _changed(Path(top).resolve(), root) if top else frozenset()


def _changed(top: Path, root: Path) -> frozenset[str]:
    status = _git(top, "status", "--porcelain", "-uall", "-z", "--", str(root), strip=False) or ""
    return frozenset(_changed_paths(status, top, root))


def _changed_paths(porcelain: str, top: Path, root: Path) -> list[str]:
    """The project paths (relative to `root`) in `git status --porcelain -z` output."""
    paths = []
    entries = porcelain.split("\0")
    i = 0
    while i < len(entries):
        entry = entries[i]
        i += 1
        if len(entry) < 4:
            continue
        if entry[0] in "RC":
            i += 1  # the rename's source follows
        try:
            paths.append((top / entry[3:]).relative_to(root).as_posix())
        except ValueError:
            continue  # outside the project folder
    return paths


def start_repository(root: Path) -> bool:
    """`git init` in `root` unless it is in a repository already; True if one was made."""
    if _git(root, "rev-parse", "--show-toplevel"):
        return False
    return _git(root, "init", "--quiet") is not None


def check_not_submodule(root: Path) -> None:
    """`sources/` in a repository of its own (a submodule) hides its changes from the project's:
    refused, rather than building drafts as releases."""
    if (root / "sources" / ".git").exists():
        raise GitError(_("sources/ is a git repository of its own (a submodule): kzpublish reads the "
                         "history of the project's repository, which sees only the submodule's commit"), SourceLocation("sources"),
                       hint=_("keep the sources in the project's own repository (`git submodule deinit "
                              "sources`, then add the files)"))


def refusal(stderr: str) -> str | None:
    """git's reason for refusing a repository, from its message; None when it simply is not one."""
    lines = [line.split("fatal: ", 1)[1].strip() for line in stderr.splitlines() if "fatal: " in line]
    if not lines or "not a git repository" in lines[0]:
        return None
    return lines[0]


class GitFailed(GitError):
    """git ended with an error; `stderr` is what it said. Where no caller makes more of it, it is
    reported as it is: git's first line, and the hint."""

    def __init__(self, stderr: str):
        said = next((line.strip() for line in stderr.splitlines() if line.strip()), "")
        super().__init__(_("git failed: {error}").format(error=said.removeprefix("fatal: ")), hint=_(HINT))
        self.stderr = stderr

    def __reduce__(self):
        return type(self), (self.stderr,)


def git_bytes(cwd: Path, *args: str) -> bytes:
    """What `git ARGS` prints, run in `cwd`: the one place git is run. `GitFailed` when it fails;
    an `OSError` when there is no git at all."""
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    if proc.returncode != 0:
        raise GitFailed(proc.stderr.decode("utf-8", "replace"))
    return proc.stdout


def _git(cwd: Path, *args: str, strip: bool = True, refuse: bool = False) -> str | None:
    """git's output, or None if git failed (or is not installed); with `refuse`, a repository
    git will not read is a `GitError` with git's reason."""
    try:
        out = git_bytes(cwd, *args).decode("utf-8", "surrogateescape")
    except OSError:
        return None
    except GitFailed as e:
        if refuse and (reason := refusal(e.stderr)):
            raise GitError(_("git refuses to read the repository: {reason}").format(reason=reason), hint=_(HINT)) from None
        return None
    return out.strip() if strip else out
