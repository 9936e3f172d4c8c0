"""The release page and notes, read back: what a headless browser shows in each language, every
file it links with its true size and SHA-256, no request to anything outside the folder; the
history of versions; and a release of one document by a tag `<slug>/v1.2`."""

from __future__ import annotations

import hashlib
import re
import subprocess

import pytest

from browser import print_to_pdf, screenshot
from conftest import SEEDS, run_cli
from gitrepo import ScriptedRepo
from readback import pdf_text

SLUG = "paris-resolution-2019"
RU = f"sources/{SLUG}/ru.md"
NOTE = "sources/note/ru.md"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    r = ScriptedRepo(tmp_path_factory.mktemp("page") / "project")
    files = {f"sources/{SLUG}/{lang}.md": (SEEDS / "sources" / SLUG / f"{lang}.md").read_text("utf-8") for lang in ("ru", "kk")}
    files[NOTE] = "---\ntitle: Заметка\ndate: 2020-01-02\n---\n\nКороткая заметка редакции.\n"
    r.commit("Первая публикация", files, tag="v1.0")
    r.edit(RU, "в фарс и театральное", "в фарс и балаган")
    r.commit("Правка формулировки", tag="v1.1")
    assert run_cli("-C", str(r.root), "release").code == 0
    r.edit(RU, "балаган", "цирк")
    r.commit("Ещё одна правка", tag=f"{SLUG}/v1.2")
    run = run_cli("-C", str(r.root), "release")
    assert run.code == 0, run.err
    return r


def page(r, folder="v1.1"):
    return (r.root / "dist" / folder / "index.html").read_text("utf-8")


def test_the_page_lists_every_file_with_its_size_and_checksum(project):
    folder = project.root / "dist" / "v1.1"
    html = page(project)
    linked = set(re.findall(r'href="([^"#]+)"', html))
    expected = {p.name for p in folder.iterdir()
                if p.name.startswith((SLUG, "note")) and p.suffix in (".pdf", ".epub", ".docx", ".html")}
    assert linked == expected
    for name in linked:
        data = (folder / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() in html
        assert f'<data value="{len(data)}">' in html
    assert "index.html" in (folder / "SHA256SUMS").read_text() and "RELEASE-NOTES.md" in (folder / "SHA256SUMS").read_text()


def test_the_page_is_self_contained(project):
    html = page(project)
    assert "<script" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert not re.search(r"url\((?!\"?data:)", html)  # fonts inside, as data URLs
    assert '<html lang="ru">' in html and '<section id="ru" lang="ru">' in html and '<section id="kk" lang="kk">' in html


def test_a_browser_shows_one_language_at_a_time(project, tmp_path):
    url = (project.root / "dist" / "v1.1" / "index.html").as_uri()
    russian = pdf_text(print_to_pdf(url, tmp_path))
    assert "Выпуск v1.1" in russian and "Изменения с версии v1.0" in russian
    assert "РЕЗОЛЮЦИЯ" in russian and "Заметка" in russian
    assert "шығарылымы" not in russian and "Нұсқалар тарихы" not in russian
    kazakh = pdf_text(print_to_pdf(url + "#kk", tmp_path))
    assert "v1.1 шығарылымы" in kazakh and "v1.0 нұсқасынан бергі өзгерістер" in kazakh
    assert "Выпуск" not in kazakh
    assert screenshot(url + "#kk", tmp_path, "kk").stat().st_size > 10_000


def test_changes_and_history(project, tmp_path):
    russian = pdf_text(print_to_pdf((project.root / "dist" / "v1.1" / "index.html").as_uri(), tmp_path))
    assert "Русский: вставлено слов 0, удалено 0, изменено 1" in russian
    assert "История версий" in russian and "первая версия" in russian


def test_one_document_released_by_its_own_tag(project):
    folder = project.root / "dist" / SLUG / "v1.2"
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(["RELEASE-NOTES.md", "SHA256SUMS", "index.html", "manifest.json",
                            f"{SLUG}-v1.2.pdf", f"{SLUG}-v1.2-print.pdf", f"{SLUG}-v1.2.epub", f"{SLUG}-v1.2.docx", f"{SLUG}-v1.2.html",
                            f"{SLUG}-v1.2-changes.html", f"{SLUG}-v1.2-changes.pdf"])
    assert "Версия: v1.2" in pdf_text(folder / f"{SLUG}-v1.2.pdf")
    html = page(project, f"{SLUG}/v1.2")
    assert "Заметка" not in html
    history = re.findall(r"<li><p><b>(v[\d.]+)</b>", html.split('id="ru"')[1])
    assert history == ["v1.2", "v1.1", "v1.0"]
    report = (folder / f"{SLUG}-v1.2-changes.html").read_text("utf-8")
    assert "v1.1" in report and "<ins>цирк</ins>" in report
    run = run_cli("-C", str(project.root), "verify", "--json", str(folder / f"{SLUG}-v1.2.pdf"))
    assert run.code == 0 and '"version": "v1.2"' in run.out


def test_release_notes_in_markdown(project):
    notes = (project.root / "dist" / "v1.1" / "RELEASE-NOTES.md").read_text("utf-8")
    assert notes.startswith("## Выпуск v1.1\n") and "## v1.1 шығарылымы" in notes
    sums = dict(line.split("  ")[::-1] for line in (project.root / "dist" / "v1.1" / "SHA256SUMS").read_text().splitlines())
    assert f"| {SLUG}-v1.1.pdf | PDF для чтения (PDF/A) |" in notes
    assert f"`{sums[f'{SLUG}-v1.1.pdf']}`" in notes
    assert "- Русский: вставлено слов 0, удалено 0, изменено 1" in notes


def test_a_wrong_release_name(project):
    clone = project.root.parent / "clone"
    subprocess.run(["git", "clone", "-q", str(project.root), str(clone)], check=True)
    run = run_cli("-C", str(clone), "release", "--version", "a/b/../v1")
    assert run.code == 1 and "not a usable version" in run.err
