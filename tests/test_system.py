"""The system libraries PDFs need: found as WeasyPrint finds them, or one message saying what to
install on this machine, never a traceback."""

from __future__ import annotations

import pytest

from conftest import make_project, run_cli
from kzpublish import system


def test_the_libraries_of_this_machine_are_found():
    assert system.missing() == []


def test_a_missing_library_is_one_message_with_what_to_install(tmp_path, monkeypatch):
    absent = system.Library("Pango", ("libpango-that-is-not-there.so.0",))
    monkeypatch.setattr(system, "PDF_LIBRARIES", (absent, *system.PDF_LIBRARIES[1:]))
    root = make_project(tmp_path, {"sources/d/ru.md": "---\ntitle: Т\n---\n\nТекст.\n"})
    run = run_cli("-C", str(root), "-q", "build", "--pdf")
    assert run.code == 1 and "Traceback" not in run.err
    assert run.err.startswith("error: PDFs need Pango, not installed on this machine"), run.err
    assert "hint: install them: `sudo apt-get install libpango-1.0-0" in run.err  # Debian, as here
    assert not (root / "dist/d.pdf").exists()
    assert run_cli("-C", str(root), "-q", "build", "--epub").code == 0  # an EPUB needs none of them


@pytest.mark.parametrize("tool, command", [("dnf", "sudo dnf install pango"), ("brew", "brew install pango")])
def test_the_hint_names_the_package_manager_there_is(monkeypatch, tool, command):
    monkeypatch.setattr(system.shutil, "which", lambda name: f"/usr/bin/{name}" if name == tool else None)
    assert command in system.install_hint()
