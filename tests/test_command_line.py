"""The command line as people expect it: help with no command, every command described with
examples, -q and -C after the command too, the project found from a subfolder, and shell
completion for bash, zsh and fish that completes for real."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from conftest import make_project, run_cli
from kzpublish.cli import parser

GOOD = "---\ntitle: Хороший документ\n---\n\nТекст документа.\n"


def commands() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_no_command_prints_the_help_and_succeeds():
    run = run_cli()
    assert run.code == 0 and run.err == ""
    assert run.out.startswith("usage: kzpublish") and "init" in run.out and "release" in run.out


@pytest.mark.parametrize("name", list(commands()))
def test_every_command_has_a_description_and_examples(name):
    run = run_cli(name, "--help")
    assert run.code == 0
    description = run.out.split("\n\n")[1]
    assert description.strip() and not description.startswith(("positional", "options")), run.out
    assert "\nexamples:\n  kzpublish " in run.out or "\nexamples:\n  git tag" in run.out, run.out


def test_global_options_after_the_command(tmp_path):
    root = make_project(tmp_path, {"sources/a/ru.md": GOOD})
    loud = run_cli("-C", str(root), "build", "--epub")
    assert loud.code == 0 and "a: " in loud.err
    quiet = run_cli("build", "--epub", "--force", "-C", str(root), "-q")
    assert quiet.code == 0 and quiet.err == "" and quiet.out == ""
    before = run_cli("-q", "-C", str(root), "build", "--epub", "--force")  # before the command, as ever
    assert before.code == 0 and before.err == ""
    assert run_cli("list", "-C", str(root)).out.startswith("a\tru\t")


def test_the_project_is_found_from_a_subfolder(tmp_path, monkeypatch):
    root = make_project(tmp_path / "p", {"sources/a/ru.md": GOOD})
    (root / "notes/drafts").mkdir(parents=True)
    monkeypatch.chdir(root / "notes/drafts")
    assert run_cli("list").out.startswith("a\tru\t")
    assert run_cli("-C", str(root / "sources/a"), "list").out.startswith("a\tru\t")


@pytest.mark.parametrize("shell, marker", [("bash", "complete "), ("zsh", "compdef"), ("fish", "complete ")])
def test_completion_scripts(shell, marker):
    run = run_cli("completion", shell)
    assert run.code == 0 and marker in run.out and "kzpublish" in run.out


def test_completion_completes(tmp_path):
    """What the shell scripts run on TAB: kzpublish itself, told by argcomplete's variables."""
    answers = tmp_path / "answers"
    for line, expected in (("kzpublish bu", "build"), ("kzpublish build --pa", "--paper"), ("kzpublish completion f", "fish")):
        env = {**os.environ, "_ARGCOMPLETE": "1", "_ARGCOMPLETE_STDOUT_FILENAME": str(answers),
               "COMP_LINE": line, "COMP_POINT": str(len(line)), "_ARGCOMPLETE_IFS": "\n"}
        subprocess.run([sys.executable, "-m", "kzpublish"], env=env, check=True, stdin=subprocess.DEVNULL)
        assert answers.read_text().split() == [expected], line
