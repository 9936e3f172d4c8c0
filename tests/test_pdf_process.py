"""WeasyPrint in a process of its own (`render.pdf_process`): the same bytes as here, its warnings
and errors come back with the document's location, and a layout process that dies is reported."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys

import pytest
from readback import pdf_text

from conftest import make_project
from kzpublish import pipeline, planning, provenance
from kzpublish.document import load_documents
from kzpublish.config import Paper
from kzpublish.errors import RenderError, SourceLocation
from kzpublish.project import Project
from kzpublish.render import pdf
from kzpublish.render.pdf_process import PdfProcess
from kzpublish.request import BuildRequest

A5 = Paper("A5", 148, 210)
LOC = SourceLocation("sources/x/kk.md")
PAGE = ('<!DOCTYPE html><html lang="kk"><head><meta charset="utf-8"><title>Құжат</title></head>'
        "<body><p>Әділ сот, құқық және еңбек — қоғамның негізі.</p>{}</body></html>")


def test_the_same_bytes_as_here(tmp_path):
    here = pdf.write_pdf(PAGE.format(""), None, A5, tmp_path, LOC)
    with PdfProcess() as process:
        there = process.write_pdf(PAGE.format(""), None, A5, tmp_path, LOC)
    assert there == here
    (tmp_path / "x.pdf").write_bytes(there)
    assert "Әділ сот, құқық және еңбек" in pdf_text(tmp_path / "x.pdf")


def test_weasyprints_warnings_come_back_named_after_the_document(tmp_path, caplog):
    with PdfProcess() as process, caplog.at_level(logging.WARNING, "kzpublish"):
        data = process.write_pdf(PAGE.format('<p style="colour: red">Қызыл</p>'), None, A5, tmp_path, LOC)
    assert data.startswith(b"%PDF")
    assert [r.getMessage() for r in caplog.records if "colour" in r.getMessage()] == [
        f"{LOC}: weasyprint: Ignored `colour: red` at 1:1, unknown property."]


def test_an_error_comes_back_with_its_location_and_hint(tmp_path):
    with PdfProcess() as process:
        with pytest.raises(RenderError) as caught:
            process.write_pdf(PAGE.format('<img src="https://example.org/x.png">'), None, A5, tmp_path, LOC)
        assert caught.value.loc == LOC and "network" in caught.value.message and "copy the file" in caught.value.hint
        # and the process goes on with the next page
        assert process.write_pdf(PAGE.format(""), None, A5, tmp_path, LOC).startswith(b"%PDF")


def test_a_layout_process_that_dies_is_reported(tmp_path):
    process = PdfProcess()
    os.kill(process._process.pid, signal.SIGKILL)
    with pytest.raises(RenderError, match=r"the layout process stopped \(exit code -9\)") as caught:
        process.write_pdf(PAGE.format(""), None, A5, tmp_path, LOC)
    assert caught.value.loc == LOC
    process.close()


def test_closing_stops_the_process(tmp_path):
    with PdfProcess() as process:
        process.write_pdf(PAGE.format(""), None, A5, tmp_path, LOC)
    assert not process._process.is_alive()


def test_a_document_built_through_the_layout_process_is_the_same(tmp_path):
    root = make_project(tmp_path, {
        "sources/doc/ru.md": "---\ntitle: Документ\n---\n\nВыборы — это «голос» народа.\n",
        "sources/doc/kk.md": "---\ntitle: Құжат\n---\n\nСайлау — халықтың «дауысы».\n",
    })
    project = Project.open(root)
    request = BuildRequest(formats=("pdf", "epub"), force=True)
    state = provenance.project_state(root)
    doc = load_documents(root, project.config).documents[0]
    job = planning.plan(project, doc, request, state.of(doc))

    def build(layout):
        written = pipeline.build_document(project, job, request, lambda s, t: None, layout)
        return {p.name: p.read_bytes() for p in written}

    here = build(None)
    with PdfProcess() as process:
        there = build(process)
    assert sorted(there) == ["doc.epub", "doc.pdf"] and there == here


def test_weasyprint_finds_the_same_libraries_through_the_linker_cache():
    """`render.pdf` loads WeasyPrint with `find_library` limited to the linker's cache: the same
    C libraries are loaded as when WeasyPrint finds them alone, and `find_library` is put back."""
    found = ("import ctypes.util, sys; find = ctypes.util.find_library; {}; from weasyprint.text import ffi; "
             "print([n for n in ('gobject', 'pango', 'harfbuzz', 'harfbuzz_subset', 'harfbuzz_vector', 'fontconfig',"
             " 'pangoft2') if getattr(ffi, n) is not None], ctypes.util.find_library is find)")
    alone = subprocess.run([sys.executable, "-c", found.format("import weasyprint")], capture_output=True, text=True)
    ours = subprocess.run([sys.executable, "-c", found.format("import kzpublish.render.pdf")], capture_output=True,
                          text=True)
    assert alone.returncode == 0 and ours.returncode == 0, alone.stderr + ours.stderr
    assert ours.stdout == alone.stdout and "'pango'" in ours.stdout and ours.stdout.strip().endswith("True")
    assert ours.stderr == alone.stderr == ""
