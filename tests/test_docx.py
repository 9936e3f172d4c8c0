"""DOCX editions, converted back by a real LibreOffice: every word of both translations in order,
the parallel table or the sequential layout, languages on the text, the reference document's
fonts, page size and page-number footer; the same bytes from the same commit; verified."""

from __future__ import annotations

import re
import zipfile

import pypdf
import pytest

from conftest import PROJECTS, SEEDS, built, run_cli
from office import convert
from readback import in_order, source_words, words

SLUG = "paris-resolution-2019"


@pytest.fixture(scope="module")
def parallel(tmp_path_factory):
    return built(tmp_path_factory, SEEDS, "--docx")


@pytest.fixture(scope="module")
def sequential(tmp_path_factory):
    return built(tmp_path_factory, PROJECTS / "alphabet", "--docx", "--layout", "sequential", "--paper", "A5")


def xml(docx, part="word/document.xml") -> str:
    with zipfile.ZipFile(docx) as z:
        return z.read(part).decode("utf-8")


def test_only_docx_is_built_when_asked(parallel):
    assert sorted(p.name for p in (parallel / "dist").iterdir() if p.is_file()) == sorted(
        f"{p.name}.docx" for p in (SEEDS / "sources").iterdir() if p.is_dir())


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_libreoffice_reads_every_word_in_order(parallel, tmp_path, lang):
    text, said = convert(parallel / "dist" / f"{SLUG}.docx", "txt:Text (encoded):UTF8", tmp_path)
    assert "error" not in said.lower()
    # In order; the other language's words come between (a table row).
    in_order(source_words(SEEDS / "sources" / SLUG / f"{lang}.md"), words(text.read_text("utf-8-sig")))


def test_parallel_is_a_two_column_table_with_languages(parallel):
    doc = xml(parallel / "dist" / f"{SLUG}.docx")
    assert doc.count("<w:tbl>") == 1 and doc.count("<w:gridCol ") == 2
    widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', doc)]
    assert abs(widths[0] - widths[1]) <= 1
    assert '<w:lang w:val="ru" />' in doc and '<w:lang w:val="kk" />' in doc
    assert "Версия:" in doc and "Нұсқа:" in doc  # the colophon


def test_sequential_and_paper(sequential, tmp_path):
    docx = next((sequential / "dist").glob("*.docx"))
    doc = xml(docx)
    assert "<w:tbl>" not in doc
    assert '<w:pgSz w:h="11906" w:w="8391" />' in doc  # A5, in twentieths of a point
    pdf, _ = convert(docx, "pdf", tmp_path)
    page = pypdf.PdfReader(pdf).pages[0]
    assert (round(float(page.mediabox.width) / 72 * 25.4), round(float(page.mediabox.height) / 72 * 25.4)) == (148, 210)


def test_reference_document_styles(parallel, tmp_path):
    docx = parallel / "dist" / f"{SLUG}.docx"
    theme = xml(docx, "word/theme/theme1.xml")
    assert re.search(r'<a:majorFont>\s*<a:latin typeface="PT Sans"', theme)
    assert re.search(r'<a:minorFont>\s*<a:latin typeface="PT Serif"', theme)
    assert '<w:pgSz w:h="16838" w:w="11906" />' in xml(docx)  # A4
    assert "PAGE" in xml(docx, "word/footer1.xml")
    pdf, _ = convert(docx, "pdf", tmp_path)
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) >= 2
    numbers = [page.extract_text().strip().splitlines()[-1].strip() for page in reader.pages]
    assert numbers == [str(n) for n in range(1, len(reader.pages) + 1)]  # the footer's page numbers


def test_same_commit_same_bytes_and_verified(tmp_path):
    from gitrepo import ScriptedRepo

    r = ScriptedRepo(tmp_path / "project")
    r.commit("Публикация", {f"sources/{SLUG}/{lang}.md": (SEEDS / "sources" / SLUG / f"{lang}.md").read_text("utf-8")
                            for lang in ("ru", "kk")}, tag="v1.0")
    assert run_cli("-C", str(r.root), "-q", "build", "--docx").code == 0
    first = (r.root / "dist" / f"{SLUG}.docx").read_bytes()
    assert run_cli("-C", str(r.root), "-q", "build", "--docx", "--force").code == 0
    assert (r.root / "dist" / f"{SLUG}.docx").read_bytes() == first
    run = run_cli("-C", str(r.root), "verify", "--json", str(r.root / "dist" / f"{SLUG}.docx"))
    assert run.code == 0 and '"kind": "docx"' in run.out and '"identical": true' in run.out
