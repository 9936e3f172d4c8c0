"""Releases from a tagged repository made in the test: names, manifest, checksums, refusal on a
dirty tree, draft marks, byte-identical rebuilds, EPUBCheck, print boxes, PDF/A markers."""

from __future__ import annotations

import hashlib
import json
import subprocess

import pypdf
import pytest

from conftest import SEEDS, run_cli
from gitrepo import ScriptedRepo
from readback import pdf_text
from test_epub import run_epubcheck

SLUG = "paris-resolution-2019"
RU = f"sources/{SLUG}/ru.md"
MM = 72 / 25.4


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    r = ScriptedRepo(tmp_path_factory.mktemp("release") / "project")
    files = {f"sources/{SLUG}/{lang}.md": (SEEDS / "sources" / SLUG / f"{lang}.md").read_text("utf-8") for lang in ("ru", "kk")}
    r.commit("Первая публикация", files, tag="v1.0")
    r.edit(RU, "в фарс и театральное", "в фарс и балаган")
    r.commit("Правка формулировки", tag="v1.1")
    run = run_cli("-C", str(r.root), "release")
    assert run.code == 0, run.err
    return r


def folder(r):
    return r.root / "dist" / "v1.1"


def test_file_names(released):
    assert sorted(p.name for p in folder(released).iterdir()) == sorted([
        "SHA256SUMS", "manifest.json", "index.html", "RELEASE-NOTES.md",
        f"{SLUG}-v1.1.pdf", f"{SLUG}-v1.1-print.pdf", f"{SLUG}-v1.1.epub", f"{SLUG}-v1.1.docx", f"{SLUG}-v1.1.html",
        f"{SLUG}-v1.1-changes.html", f"{SLUG}-v1.1-changes.pdf",
    ])


def test_manifest_describes_the_files(released):
    manifest = json.loads((folder(released) / "manifest.json").read_text("utf-8"))
    head = released.git("rev-parse", "HEAD").strip()
    assert manifest["version"] == "v1.1" and manifest["commit"] == head
    kinds = {f["kind"]: f for f in manifest["files"]}
    assert set(kinds) == {"reading-pdf", "print-pdf", "epub", "docx", "web", "changes-html", "changes-pdf"}
    for entry in manifest["files"]:
        data = (folder(released) / entry["file"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
        assert (entry["document"], entry["languages"], entry["version"], entry["commit"]) == (SLUG, ["ru", "kk"], "v1.1", head)
        if entry["file"].endswith(".pdf"):
            assert entry["pages"] == len(pypdf.PdfReader(folder(released) / entry["file"]).pages) >= 1
        else:
            assert entry["pages"] is None


def test_checksums(released):
    lines = (folder(released) / "SHA256SUMS").read_text().splitlines()
    names = sorted(p.name for p in folder(released).iterdir() if p.name != "SHA256SUMS")
    assert [line.split("  ")[1] for line in lines] == names
    check = subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=folder(released),
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_every_edition_carries_its_colophon(released):
    head = released.git("rev-parse", "HEAD").strip()
    for name in (f"{SLUG}-v1.1.pdf", f"{SLUG}-v1.1-print.pdf"):
        text = pdf_text(folder(released) / name)
        assert "Версия: v1.1" in text and "Нұсқа: v1.1" in text
        assert head[:12] in text and "Языки: ru, kk" in text
        assert "DRAFT" not in text
    epub = subprocess.run(["unzip", "-p", str(folder(released) / f"{SLUG}-v1.1.epub"), "EPUB/kk.xhtml"],
                          capture_output=True, text=True).stdout
    assert "Нұсқа: v1.1" in epub and head[:12] in epub


def test_changes_since_the_previous_tag(released):
    page = (folder(released) / f"{SLUG}-v1.1-changes.html").read_text("utf-8")
    assert "v1.0" in page and "<ins>балаган</ins>" in page


def test_print_edition_has_bleed_and_trim_boxes(released):
    page = pypdf.PdfReader(folder(released) / f"{SLUG}-v1.1-print.pdf").pages[0]
    trim, bleed = page.trimbox, page.bleedbox
    assert (round(trim.width / MM), round(trim.height / MM)) == (210, 297)
    assert round((bleed.width - trim.width) / 2 / MM, 1) == 3.0
    assert round((bleed.height - trim.height) / 2 / MM, 1) == 3.0
    reader = pypdf.PdfReader(folder(released) / f"{SLUG}-v1.1-print.pdf")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"PDF/X-4" in xmp
    assert reader.trailer["/Root"]["/OutputIntents"][0]["/S"] == "/GTS_PDFX"


def test_reading_edition_is_pdf_a_2u(released):
    reader = pypdf.PdfReader(folder(released) / f"{SLUG}-v1.1.pdf")
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="2"' in xmp and b'pdfaid:conformance="U"' in xmp
    assert root["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"
    assert root["/Lang"] == "ru"
    for page in reader.pages:  # every font embedded, and mapped back to Unicode (the "u")
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert "/ToUnicode" in font
            for desc in font["/DescendantFonts"]:
                assert "/FontFile2" in desc.get_object()["/FontDescriptor"]


def test_release_epub_passes_epubcheck(released):
    report = run_epubcheck(folder(released) / f"{SLUG}-v1.1.epub")
    assert report["messages"] == []


def test_rebuilding_the_same_commit_elsewhere_gives_the_same_bytes(released, tmp_path):
    clone = tmp_path / "elsewhere"
    subprocess.run(["git", "clone", "-q", str(released.root), str(clone)], check=True)
    env_free = run_cli("-C", str(clone), "release", "--version", "v1.1")
    assert env_free.code == 0, env_free.err
    for path in folder(released).iterdir():
        assert (clone / "dist" / "v1.1" / path.name).read_bytes() == path.read_bytes(), path.name


def test_ordinary_builds_of_a_commit_are_reproducible_too(released, tmp_path):
    clone = tmp_path / "again"
    subprocess.run(["git", "clone", "-q", str(released.root), str(clone)], check=True)
    for root in (released.root, clone):
        assert run_cli("-C", str(root), "-q", "build").code == 0
    for name in (f"{SLUG}.pdf", f"{SLUG}.epub"):
        assert (clone / "dist" / name).read_bytes() == (released.root / "dist" / name).read_bytes()


def test_refuses_a_dirty_tree_and_says_why(released):
    path = released.root / RU
    original = path.read_text("utf-8")
    path.write_text(original.replace("балаган", "цирк"), encoding="utf-8")
    try:
        run = run_cli("-C", str(released.root), "release")
        assert run.code == 1
        assert "refusing to release" in run.err and RU in run.err and "commit them" in run.err
    finally:
        path.write_text(original, encoding="utf-8")


def test_no_tag_no_version(released, tmp_path):
    clone = tmp_path / "untagged"
    subprocess.run(["git", "clone", "-q", str(released.root), str(clone)], check=True)
    subprocess.run(["git", "tag", "-d", "v1.1"], cwd=clone, check=True, capture_output=True)
    run = run_cli("-C", str(clone), "release")
    assert run.code == 1 and "HEAD has no tag" in run.err and "`kzpublish release --version v1.2`" in run.err  # no Makefile


def test_draft_mark_only_on_uncommitted_text(released):
    assert run_cli("-C", str(released.root), "-q", "build", "--pdf").code == 0
    clean = released.root / "dist" / f"{SLUG}.pdf"
    assert "DRAFT" not in pdf_text(clean)
    assert "/Subject" not in pypdf.PdfReader(clean).metadata
    path = released.root / RU
    original = path.read_text("utf-8")
    path.write_text(original.replace("балаган", "цирк"), encoding="utf-8")
    try:
        assert run_cli("-C", str(released.root), "-q", "build").code == 0
        reader = pypdf.PdfReader(clean)
        for page in reader.pages:
            text = page.extract_text()
            assert "DRAFT — uncommitted changes" in text
            assert "ЧЕРНОВИК — изменения не зафиксированы" in text and "ЖОБА — өзгерістер тіркелмеген" in text
        assert reader.metadata["/Subject"] == "DRAFT — uncommitted changes"
        opf = subprocess.run(["unzip", "-p", str(released.root / "dist" / f"{SLUG}.epub"), "EPUB/content.opf"],
                             capture_output=True, text=True).stdout
        assert "<dc:description>DRAFT — uncommitted changes</dc:description>" in opf
    finally:
        path.write_text(original, encoding="utf-8")
