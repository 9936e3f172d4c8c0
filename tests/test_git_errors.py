"""When git itself fails or is missing: one line and a hint, exit 1, never a traceback."""

from __future__ import annotations

from conftest import run_cli
from gitrepo import ScriptedRepo

from kzpublish.errors import KzError
from kzpublish.history.head import GitFailed

DOC = "---\ntitle: Документ\n---\n\nТекст.\n"


def test_a_git_failure_no_caller_foresaw_is_reported_as_git_said_it():
    failed = GitFailed("error: unable to read\nfatal: bad object 1234abcd\n")
    assert isinstance(failed, KzError)
    assert failed.message == "git failed: error: unable to read" and failed.hint
    assert "bad object" in failed.stderr


def test_history_without_git_says_to_install_it(tmp_path, monkeypatch):
    r = ScriptedRepo(tmp_path / "p")
    r.commit("first", {"sources/a/ru.md": DOC})
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    run = run_cli("-C", str(r.root), "history", "a")
    assert run.code == 1
    lines = run.err.strip().splitlines()
    assert lines[0].startswith("error: git failed:") and "install" in lines[1], run.err
    assert "Traceback" not in run.err
