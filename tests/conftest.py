"""Shared fixtures: throwaway projects on disk, real builds, and readers for what was built."""

from __future__ import annotations

import io
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from kzpublish import cli

PROJECTS = Path(__file__).resolve().parent / "projects"
# The two sample documents, copied from the repository's sources/ once: the tests never read
# sources/, which an editor replaces with their own documents.
SEEDS = PROJECTS / "seeds"
REPO = Path(__file__).resolve().parents[1]
REPOSITORY_SOURCES = REPO / "sources"


def _refuse_repository_sources(event: str, args: tuple) -> None:
    """No test may read the repository's own sources/: an editor replaces them with their own
    documents, and the tests must pass all the same. Opening or listing anything there fails."""
    if event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes, Path)):
        path = os.fsdecode(args[0])
        if path == str(REPOSITORY_SOURCES) or path.startswith(str(REPOSITORY_SOURCES) + os.sep):
            raise PermissionError(f"a test read {path}: tests use their own projects under tests/projects/")


sys.addaudithook(_refuse_repository_sources)

# The tests read what kzpublish says in English, whatever the locale of the machine running them;
# tests of the other languages ask for theirs.
os.environ["KZPUBLISH_LANG"] = "en"


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*argv: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), stdout=out, stderr=err)
    return Run(code, out.getvalue(), err.getvalue())


def make_project(tmp: Path, files: dict[str, str | bytes], pyproject: str | None = None) -> Path:
    """A project folder holding `files` (paths relative to it)."""
    (tmp / "sources").mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        path = tmp / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    if pyproject is not None:
        (tmp / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return tmp


def copy_project(src: Path, dst: Path) -> Path:
    shutil.copytree(src / "sources", dst / "sources")
    if (src / "pyproject.toml").exists():
        shutil.copy(src / "pyproject.toml", dst / "pyproject.toml")
    return dst


def built(tmp_path_factory, source: Path, *options: str) -> Path:
    """A copy of a project, built: returns the copy's root."""
    root = copy_project(source, tmp_path_factory.mktemp(source.name))
    run = run_cli("-C", str(root), "-q", "build", *options)
    assert run.code == 0, run.err
    assert run.err == "", run.err  # no warning from pandoc or WeasyPrint
    return root


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """The two sample documents, built as `make pdf` and `make epub` do (bilingual: parallel)."""
    return built(tmp_path_factory, SEEDS)


@pytest.fixture(scope="session")
def seed_sequential(tmp_path_factory) -> Path:
    return built(tmp_path_factory, SEEDS, "--pdf", "--layout", "sequential")


@pytest.fixture(scope="session")
def alphabet_build(tmp_path_factory) -> Path:
    return built(tmp_path_factory, PROJECTS / "alphabet")


@pytest.fixture(scope="session")
def alphabet_sequential(tmp_path_factory) -> Path:
    return built(tmp_path_factory, PROJECTS / "alphabet", "--pdf", "--layout", "sequential")


@pytest.fixture(scope="session")
def rich_build(tmp_path_factory) -> Path:
    """Every kind of block pandoc knows: notes, tables, code, quotes, divs with ids, lists."""
    return built(tmp_path_factory, PROJECTS / "rich")
