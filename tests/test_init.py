"""An editor's own project, end to end: `kzpublish init` → build with the project's Makefile →
commit, tag → `make release`, with kzpublish from this checkout; `kzpublish new`; nothing is
ever overwritten."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pypdf

from conftest import run_cli
from gitrepo import ScriptedRepo
from readback import missing_in_order, pdf_letters, source_words

CHECKOUT = Path(__file__).resolve().parents[1]
FILES = ["Makefile", ".gitignore", "pyproject.toml", ".github/workflows/release.yml",
         "sources/example/ru.md", "sources/example/kk.md"]
KZ = f"KZ={sys.executable} -m kzpublish"  # the project's Makefile, run with this checkout's kzpublish


def make(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return subprocess.run(["make", "-s", *args, KZ], cwd=root, capture_output=True, text=True, env=env)


def test_init_makes_a_project_that_builds_and_releases(tmp_path):
    root = tmp_path / "mystatements"
    run = run_cli("init", str(root), "--source", str(CHECKOUT))
    assert run.code == 0, run.err
    assert [Path(line).relative_to(os.path.relpath(root)).as_posix() for line in run.out.splitlines()] == FILES
    assert "made a git repository" in run.err and (root / ".git").is_dir()
    makefile = (root / "Makefile").read_text()
    assert f"KZPUBLISH ?= {CHECKOUT}\n" in makefile and "define apt" in makefile and "@SYSTEM@" not in makefile
    assert {"/dist/", "/.venv/"} <= set((root / ".gitignore").read_text().split())
    workflow = (root / ".github/workflows/release.yml").read_text()
    assert "make check" in workflow and 'make release VERSION="${GITHUB_REF_NAME}"' in workflow
    assert "make test" not in workflow and "# - name: Translations in step" in workflow  # drift: on request
    assert '"*/v*"' in workflow and 'dist/${GITHUB_REF_NAME}/RELEASE-NOTES.md' in workflow  # as `make release` writes
    assert "ПРИМЕР" in (root / "sources/example/ru.md").read_text() and "ҮЛГІ" in (root / "sources/example/kk.md").read_text()

    built = make(root, "pdf")
    assert built.returncode == 0, built.stdout + built.stderr
    letters = pdf_letters(root / "dist/example.pdf")
    for lang in ("ru", "kk"):
        assert missing_in_order(source_words(root / f"sources/example/{lang}.md"), letters, max_gap=10**9) == []
    assert make(root, "check").returncode == 0

    repo = ScriptedRepo(root)  # the same repository, with an author for the test
    repo.commit("Первый документ", tag="v1.0")
    assert not subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True).stdout
    released = make(root, "release")
    assert released.returncode == 0, released.stdout + released.stderr
    folder = root / "dist/v1.0"
    assert {p.name for p in folder.iterdir()} >= {"example-v1.0.pdf", "example-v1.0-print.pdf", "example-v1.0.epub",
                                                  "SHA256SUMS", "manifest.json", "RELEASE-NOTES.md"}
    assert "Версия: v1.0" in "".join(p.extract_text() for p in pypdf.PdfReader(folder / "example-v1.0.pdf").pages)
    assert {f["document"] for f in json.loads((folder / "manifest.json").read_text())["files"]} == {"example"}


def test_init_never_overwrites_and_says_what_it_kept(tmp_path):
    (tmp_path / "Makefile").write_text("all:\n\techo mine\n")
    (tmp_path / "sources").mkdir()
    run = run_cli("init", str(tmp_path), "--source", "kzpublish==0.1.0")
    assert run.code == 0
    assert f"kept {os.path.relpath(tmp_path / 'Makefile')}: it exists already" in run.err
    assert (tmp_path / "Makefile").read_text() == "all:\n\techo mine\n"
    assert len(run.out.splitlines()) == len(FILES) - 1
    again = run_cli("init", str(tmp_path))
    assert again.code == 0 and again.out == "" and again.err.count("it exists already") == len(FILES)
    assert "made a git repository" not in again.err


def test_init_without_a_source_names_where_this_kzpublish_came_from(tmp_path):
    from kzpublish.scaffold import installed_from

    assert run_cli("-q", "init", str(tmp_path)).code == 0
    assert f"KZPUBLISH ?= {installed_from()}\n" in (tmp_path / "Makefile").read_text()
    assert installed_from() == str(CHECKOUT)  # an editable install: this checkout


def test_a_kzpublish_installed_from_a_folder_makes_projects_that_install_it_from_there(tmp_path):
    """`pip install <folder>` (not editable, as from a wheel built there): the project's Makefile
    installs kzpublish from that folder, so nothing but PyPI's dependencies is fetched."""
    site = tmp_path / "site"
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
                          str(CHECKOUT)], capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr
    assert json.loads(next(site.glob("kzpublish-*.dist-info")).joinpath("direct_url.json").read_text())["url"] \
        == CHECKOUT.as_uri()
    project = tmp_path / "mine"
    init = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); import kzpublish.cli as c; "
                           "sys.exit(c.main(['init', sys.argv[2]]))", str(site), str(project)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    assert f"KZPUBLISH ?= {CHECKOUT}\n" in (project / "Makefile").read_text()
    dry = subprocess.run(["make", "-n", ".venv/.installed"], cwd=project, capture_output=True, text=True)
    assert f"pip install --quiet --upgrade '{CHECKOUT}'" in dry.stdout


def test_new_adds_a_document_in_both_languages_from_a_subfolder(tmp_path, monkeypatch):
    assert run_cli("-q", "init", str(tmp_path)).code == 0
    monkeypatch.chdir(tmp_path / "sources" / "example")  # found from below, as git finds its repository
    run = run_cli("new", "statement-2025")
    assert run.code == 0, run.err
    assert run.out.splitlines() == [os.path.join("..", "statement-2025", "ru.md"), os.path.join("..", "statement-2025", "kk.md")]
    listed = run_cli("list").out
    assert "statement-2025\tru,kk\tНазвание документа" in listed
    assert run_cli("-q", "check").code == 0
    again = run_cli("new", "statement-2025")
    assert again.code == 1 and "error: sources/statement-2025/ exists already" in again.err
    bad = run_cli("new", "Заявление")
    assert bad.code == 1 and "is not a valid slug" in bad.err and "hint:" in bad.err


def test_hints_name_the_command_the_project_has(tmp_path):
    for makefile in (True, False):
        repo = ScriptedRepo(tmp_path / str(makefile))
        files = {"sources/d/ru.md": "---\ntitle: Т\n---\n\nТекст.\n"}
        if makefile:
            files["Makefile"] = "release:\n\tkzpublish release\n"
        repo.commit("Документ", files)
        run = run_cli("-C", str(repo.root), "release")
        assert run.code == 1 and "HEAD has no tag" in run.err
        expected = "`make release VERSION=v1.2`" if makefile else "`kzpublish release --version v1.2`"
        assert expected in run.err, run.err
