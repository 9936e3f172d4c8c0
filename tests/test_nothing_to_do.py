"""A build with nothing to do is known before the project is read (`unchanged`): the list of
what the last build left up to date is trusted only under the same key — kzpublish, the request,
SOURCE_DATE_EPOCH, git's HEAD and uncommitted paths, the bytes of the sources, styles and
settings — and only whole and with every listed file and stamp still there."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest

from conftest import run_cli
from gitrepo import ScriptedRepo
from kzpublish import unchanged
from kzpublish.project import Project
from kzpublish.request import BuildRequest

DOC = "---\ntitle: Документ {n}\n---\n\nТекст документа номер {n}.\n"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    r = ScriptedRepo(tmp_path / "p")
    r.commit("first", {"sources/a/ru.md": DOC.format(n=1), "sources/b/ru.md": DOC.format(n=2),
                       "styles/print.css": "p { color: #111; }\n", ".gitignore": "dist/\n"})
    assert built(r) == ["dist/a.pdf", "dist/b.pdf"]
    return r


def built(r: ScriptedRepo) -> list[str]:
    run = run_cli("-C", str(r.root), "build", "--pdf", "-j", "1")
    assert run.code == 0, run.err
    return sorted(run.out.split())


def listed(r: ScriptedRepo):
    (path,) = (r.root / unchanged.FOLDER).iterdir()
    return path


def test_a_build_with_nothing_to_do_reads_no_document_and_loads_no_engine(repo):
    script = ("import sys; from kzpublish.cli import main; code = main(sys.argv[1:]); "
              "print(sorted(m for m in ('yaml', 'git', 'weasyprint', 'pypandoc', 'kzpublish.document', "
              "'kzpublish.pipeline', 'kzpublish.typography') if m in sys.modules)); sys.exit(code)")
    run = subprocess.run([sys.executable, "-c", script, "-C", str(repo.root), "build", "--pdf"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "[]\n" and "2 file(s) up to date" in run.stderr


def test_whatever_a_build_is_made_from_makes_it_build_again(repo, monkeypatch):
    assert built(repo) == []
    repo.edit("sources/a/ru.md", "номер", "под номером")  # a source, uncommitted: a draft
    assert built(repo) == ["dist/a.pdf"]
    assert built(repo) == []
    repo.commit("edit")  # committed: every edition names the new commit
    assert built(repo) == ["dist/a.pdf", "dist/b.pdf"]
    repo.git("tag", "v1.0")  # `git describe` says v1.0 now
    assert built(repo) == ["dist/a.pdf", "dist/b.pdf"]
    (repo.root / "dist/b.pdf").unlink()
    assert built(repo) == ["dist/b.pdf"]
    repo.write({"styles/print.css": "p { color: #222; }\n"})
    assert built(repo) == ["dist/a.pdf", "dist/b.pdf"]
    repo.write({"pyproject.toml": '[tool.kzpublish]\npaper = "A5"\n'})
    assert built(repo) == ["dist/a.pdf", "dist/b.pdf"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert built(repo) == ["dist/a.pdf", "dist/b.pdf"]
    assert built(repo) == []
    repo.write({"sources/b/image.txt": "beside the source"})
    assert built(repo) == ["dist/b.pdf"]
    repo.write({"terms.toml": '[[term]]\nru = "документ"\nkk = "құжат"\n'})  # the glossary: its warnings
    assert built(repo) == ["dist/a.pdf", "dist/b.pdf"]
    assert run_cli("-C", str(repo.root), "build", "--pdf", "--paper", "A4").out.split() == ["dist/a.pdf", "dist/b.pdf"]


def current_key(r: ScriptedRepo) -> str:
    return unchanged.build_key(Project.open(r.root), BuildRequest(formats=("pdf",), jobs=1))


def entry_of(data: bytes) -> dict:
    digest, _, body = data.partition(b"\n")
    assert hashlib.sha256(body).hexdigest().encode() == digest
    return json.loads(body)


def claiming_all_up_to_date(r: ScriptedRepo, whole: bytes, digest_holds: bool) -> bytes:
    body = json.dumps(entry_of(whole) | {"key": current_key(r)}).encode()
    return (hashlib.sha256(body).hexdigest().encode() if digest_holds else b"0" * 64) + b"\n" + body


def test_a_list_cut_short_altered_or_of_another_kzpublish_is_not_trusted_and_made_anew(repo, monkeypatch):
    path = listed(repo)
    whole = path.read_bytes()
    damages = (lambda: claiming_all_up_to_date(repo, whole, digest_holds=False), lambda: whole[: len(whole) // 2],
               lambda: b"", lambda: b"\xff\xfe not a list")
    for n, damage in enumerate(damages, 10):
        repo.write({"sources/a/ru.md": DOC.format(n=n)})  # a.pdf is due
        path.write_bytes(damage())
        assert built(repo) == ["dist/a.pdf"]
        assert entry_of(path.read_bytes())["key"] == current_key(repo)  # whole again
    last = path.read_bytes()
    repo.write({"sources/a/ru.md": DOC.format(n=99)})
    path.write_bytes(claiming_all_up_to_date(repo, whole, digest_holds=True))
    assert built(repo) == ["dist/a.pdf"]  # whole, but a.pdf's stamp is not the one listed
    repo.write({"sources/a/ru.md": DOC.format(n=98)})
    path.write_bytes(claiming_all_up_to_date(repo, path.read_bytes(), digest_holds=True))
    assert built(repo) == []  # the control: a whole list with the stamps as they are is trusted
    assert last != path.read_bytes()
    monkeypatch.setattr(unchanged, "tool_fingerprint", lambda: "another kzpublish")
    before = entry_of(path.read_bytes())["key"]
    assert built(repo) == ["dist/a.pdf"]  # the list trusted just now is another kzpublish's: the stamps decide
    assert entry_of(path.read_bytes())["key"] == current_key(repo) != before


def test_a_build_with_warnings_or_errors_is_not_listed(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    r = ScriptedRepo(tmp_path / "p")
    r.commit("first", {"sources/a/ru.md": DOC.format(n=1), "sources/bad/ru.md": "---\ntitle: [unclosed\n---\n\nТекст.\n"})
    run = run_cli("-C", str(r.root), "build", "--pdf")
    assert run.code == 1
    assert not (r.root / unchanged.FOLDER).exists()
    again = run_cli("-C", str(r.root), "build", "--pdf")
    assert again.code == 1 and "error" in again.err  # said again, every time


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_build_that_warned_is_not_listed_also_when_documents_build_in_workers(tmp_path, monkeypatch, jobs):
    """A document built in a worker process (`-j 2`) logs its warnings there; its stamp keeps them."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    r = ScriptedRepo(tmp_path / "p")
    r.commit("first", {"sources/a/ru.md": DOC.format(n=1),
                       "sources/b/ru.md": DOC.format(n=2) + "\n<script>alert(1)</script>\n"})
    run = run_cli("-C", str(r.root), "build", "--epub", "-j", jobs)
    assert run.code == 0, run.err
    assert (r.root / "dist" / "b.epub").exists()
    if jobs == "1":  # a worker writes to its own copy of the captured stream
        assert "script" in run.err, run.err
    assert not (r.root / unchanged.FOLDER).exists()
