"""`kzpublish build --watch`: one process that builds again after each change, and only what
changed."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf

from conftest import make_project

WAIT = 180  # seconds: generous for a slow machine; the test never measures time


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.2)


def pdf_text(path: Path) -> str:
    try:
        return "".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    except (OSError, pypdf.errors.PdfReadError):
        return ""


def test_watch_rebuilds_what_changed_and_stops_on_ctrl_c(tmp_path):
    root = make_project(tmp_path, {
        "sources/first/ru.md": "---\ntitle: Первый\n---\n\nСвобода слова.\n",
        "sources/second/kk.md": "---\ntitle: Екінші\n---\n\nСөз бостандығы.\n",
    })
    # Started with SIGINT ignored, as a background job of a script is: Ctrl-C must still stop it.
    proc = subprocess.Popen([sys.executable, "-m", "kzpublish", "-C", str(root), "build", "--pdf", "--watch"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        first, second = root / "dist/first.pdf", root / "dist/second.pdf"
        wait_for(lambda: "Свобода" in pdf_text(first) and "бостандығы" in pdf_text(second), "the first build")
        untouched = second.stat().st_mtime_ns

        (root / "sources/first/ru.md").write_text("---\ntitle: Первый\n---\n\nСвобода собраний.\n", encoding="utf-8")
        wait_for(lambda: "собраний" in pdf_text(first), "the rebuild after a change")
        assert second.stat().st_mtime_ns == untouched  # the other document was not built again

        # A broken source is reported, and the watch goes on.
        (root / "sources/second/kk.md").write_text("---\ntitle: [\n---\n\nСөз.\n", encoding="utf-8")
        (root / "sources/first/ru.md").write_text("---\ntitle: Первый\n---\n\nСвобода мысли.\n", encoding="utf-8")
        wait_for(lambda: "мысли" in pdf_text(first), "a rebuild beside a broken document")
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "sources/second/kk.md:2" in err
    assert out.splitlines().count("dist/first.pdf") == 3
    assert out.splitlines().count("dist/second.pdf") == 1


def test_watch_goes_on_when_the_settings_break(tmp_path):
    root = make_project(tmp_path, {"sources/first/ru.md": "---\ntitle: Первый\n---\n\nСвобода слова.\n"})
    proc = subprocess.Popen([sys.executable, "-m", "kzpublish", "-C", str(root), "build", "--pdf", "--watch"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = root / "dist/first.pdf"
        wait_for(lambda: "слова" in pdf_text(first), "the first build")
        (root / "pyproject.toml").write_text('[tool.kzpublish]\nlanguages = ["ru", ["kk"]]\n', encoding="utf-8")
        time.sleep(1)  # a look at the broken settings
        (root / "pyproject.toml").write_text('[tool.kzpublish]\nlanguages = ["ru", "kk"]\n', encoding="utf-8")
        (root / "sources/first/ru.md").write_text("---\ntitle: Первый\n---\n\nСвобода мысли.\n", encoding="utf-8")
        wait_for(lambda: "мысли" in pdf_text(first), "a rebuild after the settings were mended")
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "error: pyproject.toml:2: languages must list each of ru, kk at most once" in err
    assert "Traceback" not in err
