"""A document typeset in a forked process while the layout process lays out its PDFs
(typeset_process.py): the child's pages reach the real layout process, its messages and stages
come back in order, its errors are raised here as if made here, and a child that dies is an
error with a hint, not a hang."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from concurrent.futures import Future
from pathlib import Path

import pypdf
import pytest
from conftest import make_project

from kzpublish.config import Paper
from kzpublish.errors import KzError, RenderError, SourceLocation
from kzpublish.pipeline import TYPESET_APART
from kzpublish.processes import run_here
from kzpublish.render.pdf_process import PdfProcess
from kzpublish.typeset_process import typeset_apart

PAGE = '<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>т</title></head><body><p>{}</p></body></html>'
LOC = SourceLocation("sources/law/ru.md")


def test_pages_messages_and_editions_come_back_in_order(tmp_path, caplog):
    stages = []

    def make(relay, stage) -> dict[Path, Future]:
        stage("law", "html")
        logging.getLogger("kzpublish").warning("первое предупреждение")
        pdf = relay.submit((PAGE.format("Статья первая"),), None, Paper("A5", 148, 210), tmp_path, LOC)
        logging.getLogger("kzpublish").warning("второе предупреждение")
        stage("law", "epub")
        return {tmp_path / "law.pdf": pdf, tmp_path / "law.epub": run_here(lambda: b"epub bytes")}

    with PdfProcess() as layout, caplog.at_level(logging.WARNING, "kzpublish"):
        made = typeset_apart(make, layout, lambda slug, stage: stages.append((slug, stage)), LOC)
    assert stages == [("law", "html"), ("law", "epub")]
    assert [r.getMessage() for r in caplog.records] == ["первое предупреждение", "второе предупреждение"]
    assert made[tmp_path / "law.epub"] == b"epub bytes"
    reader = pypdf.PdfReader(__import__("io").BytesIO(made[tmp_path / "law.pdf"]))
    assert "Статья первая" in reader.pages[0].extract_text()


def test_an_error_in_the_child_is_raised_here(tmp_path):
    def make(relay, stage):
        raise KzError("в источнике ошибка", SourceLocation("sources/law/ru.md", 7), hint="исправьте")

    with PdfProcess() as layout, pytest.raises(KzError) as raised:
        typeset_apart(make, layout, lambda *a: None, LOC)
    assert str(raised.value.loc) == "sources/law/ru.md:7" and raised.value.hint == "исправьте"


def test_a_bug_in_the_child_is_reported_as_kzpublish_failing(tmp_path):
    def make(relay, stage):
        return {tmp_path / "x": run_here(lambda: 1 / 0)}

    with PdfProcess() as layout, pytest.raises(KzError, match="ZeroDivisionError"):
        typeset_apart(make, layout, lambda *a: None, LOC)


def test_a_child_that_dies_is_an_error_with_a_hint(tmp_path):
    def make(relay, stage):
        os.kill(os.getpid(), signal.SIGKILL)

    with PdfProcess() as layout, pytest.raises(RenderError, match="stopped") as raised:
        typeset_apart(make, layout, lambda *a: None, LOC)
    assert "memory" in raised.value.hint


def _two_cores() -> bool:
    return len(os.sched_getaffinity(0)) >= 2


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity") or not _two_cores(), reason="needs a spare core")
def test_a_build_with_a_layout_process_tells_each_warning_once_and_fails_on_errors(tmp_path):
    """As a command on two cores, a long document is typeset in a forked process: its warning
    (a pairing of unequal articles) is printed once, and `--strict` fails on it; a source that
    cannot be read fails with its location."""
    long = "\n\n".join(["Текст статьи о порядке выборов и о правах граждан."] * (TYPESET_APART // 50))
    root = make_project(tmp_path, {
        "sources/law/ru.md": f"---\ntitle: Закон\n---\n\n## Статья 1\n\n{long}\n\n## Статья 2\n\nЕщё.\n",
        "sources/law/kk.md": "---\ntitle: Заң\n---\n\n## 1-бап\n\nМәтін.\n",
        "sources/bad/ru.md": "---\ntitle: [не закрыта\n---\n\nТекст.\n",
    })
    command = [sys.executable, "-m", "kzpublish", "-C", str(root), "build", "--pdf", "-j", "1"]
    run = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "KZPUBLISH_LANG": "en"})
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "sources/bad/ru.md:2" in run.stderr
    warnings = [line for line in run.stderr.splitlines() if line.startswith("warning:")]
    assert warnings and len(warnings) == len(set(warnings))
    assert (root / "dist" / "law.pdf").exists()
    strict = subprocess.run([*command, "--strict", "law"], capture_output=True, text=True,
                            env={**os.environ, "KZPUBLISH_LANG": "en"})
    assert strict.returncode == 1 and "Traceback" not in strict.stderr
