"""The only GitPython import: revisions of source files, file contents at a revision, tags.

Everything that can go wrong with a repository — not a repository, an unknown revision, a
shallow clone that stops too early, a blob that is not text — becomes a `GitError` that says
what happened and what to do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import git

from kzpublish.errors import GitError
from kzpublish.history.head import HINT, changed_paths, check_not_submodule, refusal
from kzpublish.messages import _
from kzpublish.sources import SourceFile, source_from_bytes


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
            self.repo = git.Repo(root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError) as e:
            raise GitError(_("{path} is not in a git repository").format(path=root),
                           hint=_("history and diffs need the project in git: `git init` and commit "
                                  "the sources")) from e
        if self.repo.bare or self.repo.working_tree_dir is None:
            raise GitError(_("{name}/ is inside a bare git repository, which has no files to read").format(name=root.name),
                           hint=_("clone it (`git clone`) and run kzpublish in the clone"))
        try:
            self.repo.git.rev_parse("--show-toplevel")
        except git.GitCommandError as e:
            reason = refusal(e.stderr or "") or "git failed"
            raise GitError(_("git refuses to read the repository: {reason}").format(reason=reason), hint=_(HINT)) from e
        check_not_submodule(root.resolve())
        self.top = Path(self.repo.working_tree_dir).resolve()
        self.root = root.resolve()
        self._history: dict[tuple[str, str], list[Revision]] = {}
        self._ancestors: dict[str, frozenset[str]] = {}

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop the git processes GitPython keeps running for this repository (`cat-file`)."""
        self.repo.close()

    def rel(self, path: str) -> str:
        """A project path (sources/x/kk.md) as a path in the repository."""
        return (self.root / path).relative_to(self.top).as_posix()

    def project_path(self, repo_path: str) -> str:
        return (self.top / repo_path).relative_to(self.root).as_posix()

    @property
    def shallow(self) -> bool:
        return (Path(self.repo.git_dir) / "shallow").exists()

    def has_commits(self) -> bool:
        try:
            self.repo.head.commit
            return True
        except ValueError:
            return False

    def resolve(self, rev: str) -> str:
        """A full commit id for anything git understands (commit, tag, HEAD~3)."""
        try:
            return self.repo.git.rev_parse("--verify", "--quiet", f"{rev}^{{commit}}")
        except git.GitCommandError as e:
            if self.shallow:
                raise GitError(
                    _("revision {rev!r} is not in this clone: it is shallow, and its history stops at {commits}").format(
                        rev=rev, commits=", ".join(c[:10] for c in self.shallow_roots())),
                    hint=_("fetch the full history with `git fetch --unshallow` (or `git fetch --deepen=N`)"),
                ) from e
            raise GitError(_("unknown revision {rev!r}").format(rev=rev),
                           hint=_("name a commit, a tag or something like HEAD~3; `git log` and `git tag` show them")) from e

    def shallow_roots(self) -> list[str]:
        path = Path(self.repo.git_dir) / "shallow"
        return path.read_text().split() if path.exists() else []

    def short(self, commit: str) -> str:
        return commit[:10]

    @cached_property
    def tags_by_commit(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for tag in self.repo.tags:
            try:
                out.setdefault(tag.commit.hexsha, []).append(tag.name)
            except ValueError:
                continue  # a tag of a tree or blob
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
            out = self.repo.git.log(until, "--follow", "-M", "--raw", "--no-abbrev", f"--format={fmt}", "--",
                                    self.rel(path))
        except git.GitCommandError as e:
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
        try:
            blob = self.repo.commit(commit).tree / self.rel(path)
        except KeyError:
            return None
        return blob.hexsha if blob.type == "blob" else None

    def read(self, commit: str, path: str) -> bytes | None:
        """The content of a project path at `commit`, or None where it does not exist."""
        try:
            blob = self.repo.commit(commit).tree / self.rel(path)
        except KeyError:
            return None
        if blob.type != "blob":
            return None
        return blob.data_stream.read()

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
            self._ancestors[commit] = frozenset(self.repo.git.rev_list(commit).split())
        return self._ancestors[commit]

    def tags_before(self, commit: str, include_self: bool) -> list[str]:
        """Tags on `commit`'s history, newest first (by commit date); every tag of a commit (its
        last-sorted first), as one commit can be `v2` and `<slug>/v3` at once."""
        seen = self.ancestors(commit) - (set() if include_self else {commit})
        tagged = [(self.repo.commit(c).committed_date, c, names) for c, names in self.tags_by_commit.items() if c in seen]
        return [name for _, _, names in sorted(tagged, reverse=True) for name in reversed(names)]

    def changed(self, paths: list[str]) -> list[str]:
        """The files under `paths` (project paths, files or folders) that differ from HEAD
        (`head.changed_paths`)."""
        return sorted(c for c in changed_paths(self.root) if any(c == p or c.startswith(p.rstrip("/") + "/") for p in paths))

    def dirty(self, paths: list[str]) -> bool:
        """Whether any of `paths` differs in the working tree from HEAD (untracked counts), or
        there is no commit at all."""
        return not self.has_commits() or bool(self.changed(paths))

    def commit_info(self, commit: str) -> tuple[dt.datetime, str, str]:
        c = self.repo.commit(commit)
        return c.committed_datetime, c.author.name, c.summary

    def first_commit(self, paths: list[str]) -> str | None:
        """The oldest commit that touched any of `paths` (following renames)."""
        oldest = None
        for path in paths:
            revs = self.history(path)
            if revs:
                c = revs[-1]
                if oldest is None or self.repo.commit(c.commit).committed_date < self.repo.commit(oldest).committed_date:
                    oldest = c.commit
        return oldest

    @cached_property
    def commit_order(self) -> dict[str, int]:
        """Every commit of HEAD's history → its place, oldest first (parents before children)."""
        if not self.has_commits():
            return {}
        return {c: n for n, c in enumerate(self.repo.git.rev_list("--reverse", "--topo-order", "HEAD").split())}

    def trailer_values(self, key: str) -> dict[str, list[str]]:
        """Commit → the values of a trailer (`Translation-checked: paris-2019`) in its message."""
        if not self.has_commits():
            return {}
        out = self.repo.git.log("HEAD", f"--format=%H%x1f%(trailers:key={key},valueonly,separator=%x1d)%x1e")
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
        return self.repo.git.rev_list("--all", "--date-order").split()

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
        clone = git.Repo.clone_from(str(self.top), str(dest), no_checkout=True, shared=True)
        try:
            clone.git.checkout("--quiet", "--detach", commit)
        finally:
            clone.close()
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
