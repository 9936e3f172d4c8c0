"""Golden extracts of what a build makes of the rich sample project (tests/projects/rich: notes,
tables, lists, quotes, code, divs with ids): the HTML page WeasyPrint lays out, the Kazakh EPUB
chapter, and the PDF's text page by page — each normalised (no version, no build time; PDF text
with its line-end hyphens joined and its lines as words) and kept under tests/golden/.

They hold a change of behaviour up to be seen: when one is meant, `make golden` writes the
extracts anew, and `git diff tests/golden` shows what changed in the output. Unlike the other
tests, the PDF extract is bound to the page breaks: that is what it is for."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import pypdf
import pytest

from conftest import PROJECTS, copy_project, run_cli
from kzpublish import __version__
from kzpublish.config import Config
from kzpublish.document import load_documents
from kzpublish.pipeline import html_parts
from kzpublish.render.page import print_html
from kzpublish.settings import resolve

GOLDEN = Path(__file__).resolve().parent / "golden"
PROJECT = PROJECTS / "rich"


def page_extract() -> str:
    doc = load_documents(PROJECT, Config()).documents[0]
    settings = resolve(Config(), doc)
    parts = html_parts(doc, settings, PROJECT, soft_hyphens=False)
    from kzpublish.align import align

    page = print_html(doc, parts, align(parts[0].typeset.blocks, parts[1].typeset.blocks), settings.head_chars)
    return page.replace(f"kzpublish {__version__}", "kzpublish VERSION")


def epub_extract(epub: Path) -> str:
    with zipfile.ZipFile(epub) as z:
        return z.read("EPUB/kk.xhtml").decode("utf-8")


def pdf_extract(pdf: Path) -> str:
    pages = []
    for n, page in enumerate(pypdf.PdfReader(pdf).pages, 1):
        text = re.sub(r"(\w)-\n(\w)", r"\1\2", page.extract_text())  # a line-end hyphen joins its word
        pages.append(f"--- page {n}\n" + " ".join(text.split()))
    return "\n".join(pages) + "\n"


def extracts(built: Path) -> dict[str, str]:
    return {
        "rich.page.html": page_extract(),
        "rich.kk.xhtml": epub_extract(built / "dist/rich.epub"),
        "rich.pdf.txt": pdf_extract(built / "dist/rich.pdf"),
    }


def build(folder: Path) -> Path:
    root = copy_project(PROJECT, folder)
    run = run_cli("-C", str(root), "-q", "build")
    assert run.code == 0, run.err
    return root


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, str]:
    return extracts(build(tmp_path_factory.mktemp("golden")))


@pytest.mark.parametrize("name", ["rich.page.html", "rich.kk.xhtml", "rich.pdf.txt"])
def test_golden_extract(made, name):
    expected = (GOLDEN / name).read_text("utf-8")
    assert made[name] == expected, f"{name} changed: if that is meant, `make golden` and read `git diff tests/golden`"


if __name__ == "__main__":  # `make golden`
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for name, text in extracts(build(Path(tmp))).items():
            (GOLDEN / name).write_text(text, "utf-8")
            print(f"tests/golden/{name}", file=sys.stderr)
