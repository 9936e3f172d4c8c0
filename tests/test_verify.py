"""`kzpublish verify` on real files: a genuine build, a release, a copy rebuilt elsewhere, a copy
with the same text in other bytes, an EPUB edited by hand, a forgery built from altered
sources that names a commit of its own, the web edition (genuine, edited, rebuilt elsewhere)
— and a file that is no edition at all."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile

import pypdf
import pytest

from conftest import SEEDS, run_cli
from gitrepo import ScriptedRepo

SLUG = "paris-resolution-2019"
RU = f"sources/{SLUG}/ru.md"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """Three commits (v1.0, v1.1, one after), every edition of the last one built, and the
    v1.1 release."""
    r = ScriptedRepo(tmp_path_factory.mktemp("verify") / "project")
    r.commit("Первая публикация", {f"sources/{SLUG}/{lang}.md": (SEEDS / "sources" / SLUG / f"{lang}.md").read_text("utf-8")
                                   for lang in ("ru", "kk")}, tag="v1.0")
    r.edit(RU, "в фарс и театральное", "в фарс и балаган")
    r.v11 = r.commit("Правка формулировки", tag="v1.1")
    assert run_cli("-C", str(r.root), "release").code == 0
    r.edit(RU, "балаган", "цирк")
    r.head = r.commit("Ещё одна правка")
    assert run_cli("-C", str(r.root), "-q", "build").code == 0
    return r


def verify(r, path, *options):
    run = run_cli("-C", str(r.root), "verify", "--json", *options, str(path))
    return run.code, (json.loads(run.out) if run.out else None), run.err


def test_a_genuine_build_is_identified_and_identical(project):
    for name in (f"{SLUG}.pdf", f"{SLUG}.epub"):
        code, v, _ = verify(project, project.root / "dist" / name)
        assert code == 0
        assert (v["document"], v["commit"], v["identical"], v["same_text"]) == (SLUG, project.head, True, True)
        assert v["claimed"] == {"commit": project.head[:12], "version": v["version"], "holds": True}
        assert v["version"].startswith("v1.1-1-g") and v["differences"] == []


def test_release_editions_are_rebuilt_as_release_editions(project):
    folder = project.root / "dist" / "v1.1"
    for name, kind in ((f"{SLUG}-v1.1.pdf", "reading-pdf"), (f"{SLUG}-v1.1-print.pdf", "print-pdf"),
                       (f"{SLUG}-v1.1.epub", "epub")):
        code, v, _ = verify(project, folder / name)
        assert code == 0, json.dumps(v, ensure_ascii=False)
        assert (v["kind"], v["version"], v["commit"], v["tags"], v["identical"]) == (kind, "v1.1", project.v11, ["v1.1"], True)


def test_a_copy_rebuilt_elsewhere_is_identical(project, tmp_path):
    clone = tmp_path / "elsewhere"
    subprocess.run(["git", "clone", "-q", str(project.root), str(clone)], check=True)
    subprocess.run(["git", "checkout", "-q", "v1.1"], cwd=clone, check=True)
    assert run_cli("-C", str(clone), "release").code == 0
    code, v, _ = verify(project, clone / "dist" / "v1.1" / f"{SLUG}-v1.1.pdf")
    assert code == 0 and v["identical"] and v["commit"] == project.v11


def test_same_text_in_other_bytes(project, tmp_path):
    """A PDF written again by another program: not the bytes of the release, the same text."""
    writer = pypdf.PdfWriter(clone_from=project.root / "dist" / "v1.1" / f"{SLUG}-v1.1.pdf")
    writer.add_metadata({"/Producer": "another program"})
    copy = tmp_path / "resaved.pdf"
    with open(copy, "wb") as f:
        writer.write(f)
    code, v, _ = verify(project, copy)
    assert code == 4
    assert (v["identical"], v["same_text"], v["same_wording"], v["commit"]) == (False, True, True, project.v11)
    run = run_cli("-C", str(project.root), "verify", str(copy))
    assert "the same text" in run.out and "version v1.1" in run.out


def edited_epub(project, dest, chapters: str, edit):
    """A copy of the v1.1 EPUB with `edit` applied to the text of the chapters ending in `chapters`."""
    with zipfile.ZipFile(project.root / "dist" / "v1.1" / f"{SLUG}-v1.1.epub") as src, zipfile.ZipFile(dest, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, edit(data.decode()).encode() if info.filename.endswith(chapters) else data)
    return dest


def test_an_edited_epub_shows_the_changed_words(project, tmp_path):
    def edit(text: str) -> str:
        word = "\u00ad?".join("балаган")  # soft hyphens between syllables
        text, n = re.subn(word, "спектакль", text, count=1)
        assert n == 1
        return text

    edited = edited_epub(project, tmp_path / "edited.epub", "ru.xhtml", edit)
    code, v, _ = verify(project, edited)
    assert code == 1
    assert (v["commit"], v["claimed"]["holds"], v["identical"], v["same_text"]) == (project.v11, True, False, False)
    assert [(d["kind"], d["expected"], d["found"]) for d in v["differences"]] == [("changed", "балаган", "спектакль")]
    assert v["differences"][0]["before"].endswith("в фарс и")
    run = run_cli("-C", str(project.root), "verify", str(edited))
    assert run.code == 1 and "NOT what that commit says" in run.out and "[балаган → спектакль]" in run.out


def test_a_forgery_naming_its_own_commit_is_caught(project, tmp_path):
    """Built by kzpublish from altered sources, committed and tagged v1.1 in another clone: its
    colophon names a commit this repository does not have, and it is compared with v1.1."""
    forge = tmp_path / "forge"
    subprocess.run(["git", "clone", "-q", str(project.root), str(forge)], check=True)
    git = ["git", "-c", "user.name=F", "-c", "user.email=f@example.org"]
    subprocess.run(["git", "checkout", "-q", "v1.1"], cwd=forge, check=True)
    path = forge / RU
    path.write_text(path.read_text("utf-8").replace("балаган", "спектакль"), encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "forged"], cwd=forge, check=True)
    subprocess.run(["git", "tag", "-f", "v1.1"], cwd=forge, check=True, capture_output=True)
    assert run_cli("-C", str(forge), "release").code == 0
    forged_commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=forge, capture_output=True, text=True).stdout.strip()
    code, v, _ = verify(project, forge / "dist" / "v1.1" / f"{SLUG}-v1.1.pdf")
    assert code == 1
    assert v["claimed"] == {"commit": forged_commit[:12], "version": "v1.1", "holds": False}
    assert v["commit"] == project.v11 and v["version"] == "v1.1"
    assert [(d["expected"], d["found"]) for d in v["differences"]] == [("балаган", "спектакль")]
    run = run_cli("-C", str(project.root), "verify", str(forge / "dist" / "v1.1" / f"{SLUG}-v1.1.pdf"))
    assert f"its colophon names commit {forged_commit[:12]}" in run.out


def test_the_commit_is_found_even_when_the_colophon_is_removed(project, tmp_path):
    """Without its colophon's claim, the text alone leads to the commit of v1.1."""
    stripped = edited_epub(project, tmp_path / "stripped.epub", ".xhtml",
                           lambda text: text.replace(project.v11[:12], "000000000000"))
    code, v, _ = verify(project, stripped)
    assert v["commit"] == project.v11 and v["claimed"]["holds"] is False
    assert code == 4 and v["same_wording"]  # only the commit of the colophon differs


def test_not_an_edition(project, tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("просто текст", encoding="utf-8")
    run = run_cli("-C", str(project.root), "verify", str(other))
    assert run.code == 1 and "not a PDF, EPUB, DOCX or web edition" in run.err and "Traceback" not in run.err
    shutil.copy(project.root / "dist" / f"{SLUG}.pdf", tmp_path / "x.pdf")
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.7\n garbage")
    run = run_cli("-C", str(project.root), "verify", str(tmp_path / "x.pdf"))
    assert run.code == 1 and "not a readable PDF" in run.err


def test_an_edition_dated_otherwise_than_its_commit(project, tmp_path, monkeypatch):
    """Built with a SOURCE_DATE_EPOCH of its own (make sets the time of the last commit): the
    date it carries is tried, and the bytes decide."""
    clone = tmp_path / "dated"
    subprocess.run(["git", "clone", "-q", str(project.root), str(clone)], check=True)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    assert run_cli("-C", str(clone), "-q", "build", "--docx", "--epub").code == 0
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    for name in (f"{SLUG}.docx", f"{SLUG}.epub"):
        code, v, _ = verify(project, clone / "dist" / name)
        assert code == 0 and v["identical"] and v["commit"] == project.head, name


def test_web_editions_genuine_edited_and_rebuilt_elsewhere(project, tmp_path):
    assert run_cli("-C", str(project.root), "-q", "build", "--html").code == 0
    genuine = project.root / "dist" / f"{SLUG}.html"
    code, v, _ = verify(project, genuine)
    assert code == 0
    assert (v["format"], v["kind"], v["commit"], v["identical"], v["claimed"]["holds"]) == ("html", "web", project.head, True, True)
    released = project.root / "dist" / "v1.1" / f"{SLUG}-v1.1.html"
    code, v, _ = verify(project, released)
    assert code == 0 and (v["version"], v["commit"], v["identical"]) == ("v1.1", project.v11, True)

    word = "\u00ad?".join("цирк")  # soft hyphens between syllables, if any
    page, n = re.subn(word, "театр", genuine.read_text("utf-8"), count=1)
    assert n == 1
    edited = tmp_path / "edited.html"
    edited.write_text(page, encoding="utf-8")
    code, v, _ = verify(project, edited)
    assert code == 1 and (v["commit"], v["identical"], v["same_wording"]) == (project.head, False, False)
    assert [(d["kind"], d["expected"], d["found"]) for d in v["differences"]] == [("changed", "цирк", "театр")]

    clone = tmp_path / "elsewhere"
    subprocess.run(["git", "clone", "-q", str(project.root), str(clone)], check=True)
    subprocess.run(["git", "checkout", "-q", "v1.1"], cwd=clone, check=True)
    assert run_cli("-C", str(clone), "-q", "build", "--html").code == 0
    code, v, _ = verify(project, clone / "dist" / f"{SLUG}.html")
    assert code == 0 and (v["commit"], v["identical"]) == (project.v11, True)
