"""The command line: build and list, -C, and the errors users meet, each with file:line."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import make_project, run_cli
from kzpublish.config import load_config

GOOD = "---\ntitle: Хороший документ\n---\n\nТекст документа.\n"


def test_list_names_slug_languages_and_title(tmp_path):
    root = make_project(tmp_path, {
        "sources/b/kk.md": "---\ntitle: Құжат\n---\n\nМәтін.\n",
        "sources/b/ru.md": GOOD,
        "sources/a/ru.md": "---\ntitle: Первый\nslug: first-doc\n---\n\nТекст.\n",
    })
    run = run_cli("-C", str(root), "list")
    assert run.code == 0, run.err
    assert run.out.splitlines() == ["first-doc\tru\tПервый", "b\tru,kk\tХороший документ"]


def test_build_writes_only_what_was_asked(tmp_path):
    root = make_project(tmp_path, {"sources/a/ru.md": GOOD, "sources/b/ru.md": GOOD})
    run = run_cli("-C", str(root), "build", "--pdf", "b")
    assert run.code == 0, run.err
    assert run.out.split() == ["dist/b.pdf"]
    assert sorted(p.name for p in (root / "dist").iterdir() if not p.name.startswith(".")) == ["b.pdf"]
    assert "b: pdf" in run.err  # progress


def test_works_in_the_current_directory_like_git(tmp_path):
    root = make_project(tmp_path, {"sources/a/ru.md": GOOD})
    proc = subprocess.run([sys.executable, "-m", "kzpublish", "build", "--epub"], cwd=root,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (root / "dist" / "a.epub").is_file()


@pytest.mark.parametrize("files, expected", [
    ({"sources/d/ru.md": "---\ndate: 2020-01-01\n---\n\nТекст.\n"},
     "sources/d/ru.md:1: front matter has no 'title'"),
    ({"sources/d/ru.md": "Просто текст без заголовка.\n"},
     "sources/d/ru.md:1: front matter has no 'title'"),
    ({"sources/d/ru.md": "---\ntitle: Да\ntags: [a, b\n---\n\nТекст.\n"},
     "sources/d/ru.md:3:12: front matter is not valid YAML"),
    ({"sources/d/ru.md": "---\ntitle: \"Не закрыто\n---\n\nТекст.\n"},
     "sources/d/ru.md:"),
    ({"sources/d/ru.md": "---\ntitle: Нет конца\n\nТекст.\n"},
     "sources/d/ru.md:1: front matter is not closed"),
    ({"sources/d/ru.md": "---\n- один\n- два\n---\n\nТекст.\n"},
     "sources/d/ru.md:2: front matter must be a mapping of keys to values, not a list"),
    ({"sources/d/en.md": GOOD},
     "sources/d/en.md:1: unknown language 'en' in file name"),
    ({"sources/d/ru.md": "---\ntitle: Т\n\ndate: позавчера\n---\n\nТекст.\n"},
     "sources/d/ru.md:4: cannot read the date 'позавчера'"),
    ({"sources/d/ru.md": "---\ntitle: Т\nslug: Плохой Слаг\n---\n\nТекст.\n"},
     "sources/d/ru.md:3: slug 'Плохой Слаг' is not a valid slug"),
    ({"sources/d/ru.md": "---\ntitle: Т\npaper: B52\n---\n\nТекст.\n"},
     "sources/d/ru.md:3: unknown paper size 'B52'"),
    ({"sources/d/ru.md": b"---\ntitle: \xd0\xa2\n---\n\n\xff\xfe text\n"},
     "sources/d/ru.md:5:1: not valid UTF-8"),
    ({"sources/d/ru.md": GOOD, "sources/e/ru.md": "---\ntitle: Т\nslug: d\n---\n\nТекст.\n"},
     "sources/d/ru.md: slug 'd' is also used by sources/e/"),
])
def test_bad_input_is_named_with_file_and_line(tmp_path, files, expected):
    root = make_project(tmp_path, files)
    for argv in (["build"], ["list"]):
        run = run_cli("-C", str(root), *argv)
        assert run.code == 1
        assert f"error: {expected}" in run.err, run.err
        assert "Traceback" not in run.err
        assert "hint:" in run.err 
    assert not any((root / "dist").glob("d.*"))


def test_one_bad_document_does_not_stop_the_others(tmp_path):
    root = make_project(tmp_path, {"sources/bad/ru.md": "---\ndate: 2020-01-01\n---\n", "sources/good/ru.md": GOOD})
    run = run_cli("-C", str(root), "build", "--pdf")
    assert run.code == 1
    assert (root / "dist" / "good.pdf").is_file()
    assert "1 problem(s); 1 file(s) written; not built: bad" in run.err
    strict = run_cli("-C", str(root), "build", "--pdf", "--strict")
    assert strict.code == 1


def test_bom_and_crlf_are_accepted(tmp_path):
    root = make_project(tmp_path, {"sources/d/ru.md": ("\ufeff" + GOOD).replace("\n", "\r\n").encode()})
    run = run_cli("-C", str(root), "-q", "build", "--pdf")
    assert run.code == 0, run.err


def test_unknown_slug_and_not_a_project(tmp_path):
    root = make_project(tmp_path / "p", {"sources/a/ru.md": GOOD})
    run = run_cli("-C", str(root), "build", "nope")
    assert run.code == 1 and "error: no document 'nope'" in run.err
    empty = tmp_path / "empty"
    empty.mkdir()
    run = run_cli("-C", str(empty), "list")
    assert run.code == 1 and "is not in a kzpublish project: no sources/ folder here or above" in run.err


def test_usage_errors_exit_2(tmp_path):
    assert run_cli("frobnicate").code == 2
    root = make_project(tmp_path, {"sources/a/ru.md": GOOD})
    run = run_cli("-C", str(root), "build", "--paper", "Z9")
    assert run.code == 2 and "unknown paper size 'Z9'" in run.err


def test_bad_project_settings(tmp_path):
    root = make_project(tmp_path, {"sources/a/ru.md": GOOD}, pyproject='[tool.kzpublish]\npaper = "A4"\npapr = "A5"\n')
    run = run_cli("-C", str(root), "list")
    assert run.code == 1 and "pyproject.toml:3: unknown setting 'papr'" in run.err


def test_registration_marks_must_be_true_or_false(tmp_path):
    root = make_project(tmp_path, {"sources/a/ru.md": GOOD}, pyproject='[tool.kzpublish]\nregistration-marks = "yes"\n')
    run = run_cli("-C", str(root), "list")
    assert run.code == 1 and "pyproject.toml:2: registration-marks must be true or false" in run.err
    assert "hint: registration-marks = true" in run.err
    (root / "pyproject.toml").write_text("[tool.kzpublish]\nregistration-marks = true\n", "utf-8")
    assert load_config(root).registration_marks


def test_no_traceback_from_the_real_command(tmp_path):
    root = make_project(tmp_path, {"sources/d/ru.md": "---\ntitle: [\n---\n"})
    env = dict(os.environ)
    proc = subprocess.run([sys.executable, "-m", "kzpublish", "-C", str(root), "build"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: sources/d/ru.md:")
    assert "Traceback" not in proc.stderr


def test_progress_names_each_document_its_stage_and_how_many_are_done(tmp_path):
    root = make_project(tmp_path, {"sources/a/ru.md": GOOD, "sources/b/ru.md": GOOD})
    serial = run_cli("-C", str(root), "build", "--pdf", "-j", "1")
    assert serial.code == 0, serial.err
    lines = serial.err.splitlines()
    assert lines[:3] == ["a: check (0/2 done)", "a: html (0/2 done)", "a: pdf (0/2 done)"]
    assert lines[3:6] == ["b: check (1/2 done)", "b: html (1/2 done)", "b: pdf (1/2 done)"]
    parallel = run_cli("-C", str(root), "build", "--pdf", "--force", "-j", "2")
    assert parallel.code == 0, parallel.err
    assert re.findall(r"^(\w+): done in [\d.]+ s \((\d/\d) done\)$", parallel.err, re.M) == [("a", "1/2"), ("b", "2/2")]
