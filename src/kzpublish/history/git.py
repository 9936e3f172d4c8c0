"""The only GitPython import: revisions of source files, file contents at a revision, tags.

What one short run of the git command answers (revisions, history, tags, a commit's date, a
blob's id) is asked of git itself; GitPython, a tenth of a second to import and two more runs of
git when it loads, is imported only to read many trees and blobs in one go (drift, `verify`,
versions not parsed before). `diff --json` and `history` never load it.

Everything that can go wrong with a repository — not a repository, an unknown revision, a
shallow clone that stops too early, a blob that is not text — becomes a `GitError` that says
what happened and what to do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from kzpublish.errors import GitError
from kzpublish.history.head import (
    HINT,
    GitFailed,
    changed_paths,
    check_not_submodule,
    git_bytes,
    refusal,
)
from kzpublish.messages import _
from kzpublish.sources import SourceFile, source_from_bytes


def _run(cwd: Path, *args: str) -> str:
    return git_bytes(cwd, *args).decode("utf-8", "replace")


@dataclass(frozen=True)
class Revision:
    """One commit that touched a file."""

    commit: str
    date: dt.datetime
    """The commit date, in the committer's own time zone."""
    author: str
    subject: str
    path: str
    """The file's path in that commit (it follows renames)."""
    status: str
    """`A` added, `M` modified, `R` renamed (from `old_path`), `D` deleted."""
    old_path: str | None = None
    tags: tuple[str, ...] = ()
    blob: str | None = None
    """The git object id of the file's content in that commit (None where it was deleted)."""


class Repository:
    def __init__(self, root: Path):
        try:
            git_dir, top = _run(root, "rev-parse", "--absolute-git-dir", "--show-toplevel").split("\n")[:2]
        except OSError as e:  # no git to run
            raise GitError(_("git failed: {error}").format(error=e.strerror or e),
                           hint=_("history and diffs need git: install it (Debian: `apt install git`)")) from None
        except GitFailed as e:
            if "must be run in a work tree" in e.stderr:
                raise GitError(_("{name}/ is inside a bare git repository, which has no files to read").format(name=root.name),
                               hint=_("clone it (`git clone`) and run kzpublish in the clone")) from None
            if reason := refusal(e.stderr):
                raise GitError(_("git refuses to read the repository: {reason}").format(reason=reason), hint=_(HINT)) from None
            raise GitError(_("{path} is not in a git repository").format(path=root),
                           hint=_("history and diffs need the project in git: `git init` and commit "
                                  "the sources")) from None
        check_not_submodule(root.resolve())
        self.top = Path(top).resolve()
        self.git_dir = Path(git_dir)
        self.root = root.resolve()
        self._history: dict[tuple[str, str], list[Revision]] = {}
        self._ancestors: dict[str, frozenset[str]] = {}

    @cached_property
    def repo(self):
        """GitPython's view of the repository, for reading many trees and blobs in one go."""
        import git

        return git.Repo(self.top)

    def git(self, *args: str) -> str:
        """What git prints (`GitFailed` when it fails), run at the top of the work tree."""
        return _run(self.top, *args)

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop the git processes GitPython keeps running for this repository (`cat-file`)."""
        if "repo" in self.__dict__:
            self.repo.close()

    def rel(self, path: str) -> str:
        """A project path (sources/x/kk.md) as a path in the repository."""
        return (self.root / path).relative_to(self.top).as_posix()

    def project_path(self, repo_path: str) -> str:
        return (self.top / repo_path).relative_to(self.root).as_posix()

    @property
    def shallow(self) -> bool:
        return (self.git_dir / "shallow").exists()

    def has_commits(self) -> bool:
        try:
            self.git("rev-parse", "--verify", "--quiet", "HEAD^{commit}")
            return True
        except GitFailed:
            return False

    def resolve(self, rev: str) -> str:
        """A full commit id for anything git understands (commit, tag, HEAD~3)."""
        try:
            return self.git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip()
        except GitFailed as e:
            if self.shallow:
                raise GitError(
                    _("revision {rev!r} is not in this clone: it is shallow, and its history stops at {commits}").format(
                        rev=rev, commits=", ".join(c[:10] for c in self.shallow_roots())),
                    hint=_("fetch the full history with `git fetch --unshallow` (or `git fetch --deepen=N`)"),
                ) from e
            raise GitError(_("unknown revision {rev!r}").format(rev=rev),
                           hint=_("name a commit, a tag or something like HEAD~3; `git log` and `git tag` show them")) from e

    def shallow_roots(self) -> list[str]:
        path = self.git_dir / "shallow"
        return path.read_text().split() if path.exists() else []

    def short(self, commit: str) -> str:
        return commit[:10]

    @cached_property
    def tags_by_commit(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        listing = self.git("for-each-ref", "--format=%(objecttype) %(objectname) %(*objecttype) %(*objectname) "
                           "%(refname:strip=2)", "refs/tags")
        for line in listing.splitlines():
            kind, sha, target_kind, target, name = line.split(" ", 4)
            if kind == "commit":
                out.setdefault(sha, []).append(name)
            elif kind == "tag" and target_kind == "commit":
                out.setdefault(target, []).append(name)
            # a tag of a tree or blob names no commit
        return {c: tuple(sorted(t)) for c, t in out.items()}

    def history(self, path: str, until: str = "HEAD") -> list[Revision]:
        """The commits that touched `path` (a project path), newest first, following renames."""
        key = (path, until)
        if key not in self._history:
            self._history[key] = self._read_history(path, until)
        return self._history[key]

    def _read_history(self, path: str, until: str) -> list[Revision]:
        fmt = "%x1e%H%x1f%aI%x1f%an%x1f%s"
        try:
            out = self.git("log", until, "--follow", "-M", "--raw", "--no-abbrev", f"--format={fmt}", "--", self.rel(path))
        except GitFailed as e:
            raise GitError(_("cannot read the history of {path}: {error}").format(path=path, error=e.stderr.strip())) from e
        revisions = []
        for record in out.split("\x1e")[1:]:
            head, _sep, body = record.partition("\n")
            commit, date, author, subject = head.split("\x1f", 3)
            status, old, new, blob = _raw_change(body)
            revisions.append(Revision(
                commit, dt.datetime.fromisoformat(date), author, subject,
                self.project_path(new), status, self.project_path(old) if old else None,
                self.tags_by_commit.get(commit, ()), blob,
            ))
        return revisions

    def blob_id(self, commit: str, path: str) -> str | None:
        """The object id of a project path's content at `commit` (what a cache of parsed versions
        is keyed by), or None where it does not exist."""
        entry = self.git("ls-tree", "-z", commit, "--", self.rel(path)).split("\0")[0]
        if not entry:
            return None
        _mode, kind, sha = entry.split("\t", 1)[0].split(" ")
        return sha if kind == "blob" else None

    def read(self, commit: str, path: str) -> bytes | None:
        """The content of a project path at `commit`, or None where it does not exist."""
        sha = self.blob_id(commit, path)
        return None if sha is None else git_bytes(self.top, "cat-file", "blob", sha)

    def source_at(self, commit: str, path: str) -> SourceFile | None:
        """The source at project path `path` as it was at `commit` (None where it did not exist),
        read as the working tree is (`sources.source_from_bytes`: the same decoding and limits)."""
        data = self.read(commit, path)
        if data is None:
            return None
        return source_from_bytes(path, path.rsplit("/", 1)[-1].removesuffix(".md"), data, commit)

    def ancestors(self, commit: str) -> frozenset[str]:
        """`commit` and every commit before it."""
        if commit not in self._ancestors:
            self._ancestors[commit] = frozenset(self.git("rev-list", commit).split())
        return self._ancestors[commit]

    def tags_before(self, commit: str, include_self: bool) -> list[str]:
        """Tags on `commit`'s history, newest first (by commit date); every tag of a commit (its
        last-sorted first), as one commit can be `v2` and `<slug>/v3` at once."""
        seen = self.ancestors(commit) - (set() if include_self else {commit})
        tagged = [(c, names) for c, names in self.tags_by_commit.items() if c in seen]
        dates = self._commit_dates([c for c, _ in tagged])
        return [name for _date, _commit, names in sorted(((dates[c], c, names) for c, names in tagged), reverse=True)
                for name in reversed(names)]

    def _commit_dates(self, commits: list[str]) -> dict[str, int]:
        """Commit → its commit date, in seconds since 1970."""
        if not commits:
            return {}
        out = self.git("show", "-s", "--format=%H %ct", *commits)
        return {c: int(t) for c, t in (line.split() for line in out.splitlines() if line.strip())}

    def changed(self, paths: list[str]) -> list[str]:
        """The files under `paths` (project paths, files or folders) that differ from HEAD
        (`head.changed_paths`)."""
        return sorted(c for c in changed_paths(self.root) if any(c == p or c.startswith(p.rstrip("/") + "/") for p in paths))

    def dirty(self, paths: list[str]) -> bool:
        """Whether any of `paths` differs in the working tree from HEAD (untracked counts), or
        there is no commit at all."""
        return not self.has_commits() or bool(self.changed(paths))

    def commit_info(self, commit: str) -> tuple[dt.datetime, str, str]:
        """The commit's date (in the committer's time zone), its author, and its message's first line."""
        date, author, message = self.git("show", "-s", "--format=%cI%x1f%an%x1f%B", commit).split("\x1f", 2)
        return dt.datetime.fromisoformat(date), author, message.split("\n", 1)[0]

    def first_commit(self, paths: list[str]) -> str | None:
        """The oldest commit that touched any of `paths` (following renames)."""
        oldest = [revs[-1].commit for revs in map(self.history, paths) if revs]
        dates = self._commit_dates(oldest)
        return min(oldest, key=lambda c: dates[c], default=None)

    @cached_property
    def commit_order(self) -> dict[str, int]:
        """Every commit of HEAD's history → its place, oldest first (parents before children)."""
        if not self.has_commits():
            return {}
        return {c: n for n, c in enumerate(self.git("rev-list", "--reverse", "--topo-order", "HEAD").split())}

    def trailer_values(self, key: str) -> dict[str, list[str]]:
        """Commit → the values of a trailer (`Translation-checked: paris-2019`) in its message."""
        if not self.has_commits():
            return {}
        out = self.git("log", "HEAD", f"--format=%H%x1f%(trailers:key={key},valueonly,separator=%x1d)%x1e")
        values = {}
        for record in out.split("\x1e"):
            commit, _sep, found = record.strip().partition("\x1f")
            if found.strip():
                values[commit] = [v.strip() for v in found.split("\x1d") if v.strip()]
        return values

    def commits(self) -> list[str]:
        """Every commit reachable from a branch or a tag, newest first."""
        if not self.has_commits():
            return []
        return self.git("rev-list", "--all", "--date-order").split()

    def source_blobs(self, commit: str) -> dict[str, str]:
        """The translations under `sources/` at `commit`: project path → blob id."""
        try:
            folder = self.repo.commit(commit).tree / self.rel("sources")
        except KeyError:
            return {}
        return {self.project_path(blob.path): blob.hexsha
                for tree in folder.trees for blob in tree.blobs if blob.name.endswith(".md")}

    def blob(self, sha: str) -> bytes:
        return self.repo.odb.stream(bytes.fromhex(sha)).read()

    def checkout_copy(self, commit: str, dest: Path) -> Path:
        """A clone of the repository at `commit` in `dest` (sharing its objects: quick, offline);
        returns the project folder in it."""
        _run(self.top, "clone", "--quiet", "--no-checkout", "--shared", str(self.top), str(dest))
        _run(dest, "checkout", "--quiet", "--detach", commit)
        return dest / self.root.relative_to(self.top)


def _raw_change(body: str) -> tuple[str, str | None, str, str | None]:
    """(status, old path, path, blob) from `git log --raw --no-abbrev`: lines such as
    `:100644 100644 <old blob> <new blob> M<TAB>path` or `… R100<TAB>old<TAB>new`."""
    for line in body.strip().splitlines():
        if not line.startswith(":"):
            continue
        fields, *paths = line.split("\t")
        *_rest, blob, code = fields.split(" ")
        code = code[0]
        new_blob = None if code == "D" or set(blob) == {"0"} else blob
        if code in ("R", "C") and len(paths) == 2:
            return code, paths[0], paths[1], new_blob
        return code, None, paths[-1], new_blob
    return "M", None, "", None
