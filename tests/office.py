"""LibreOffice, headless, for the tests: converts a DOCX back to PDF or plain text, as an
official's Word would open it (Debian's libreoffice-writer-nogui)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        if found := shutil.which(name):
            return found
    pytest.fail("no LibreOffice: `make test` installs it (Debian's libreoffice-writer-nogui)")


def convert(docx: Path, to: str, out: Path) -> tuple[Path, str]:
    """(the converted file, what LibreOffice said on stderr)."""
    out.mkdir(parents=True, exist_ok=True)
    run = subprocess.run([soffice(), f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless", "--norestore",
                          "--convert-to", to, "--outdir", str(out), str(docx)],
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    ext = to.split(":")[0]
    made = out / f"{docx.stem}.{ext}"
    assert made.exists(), run.stdout + run.stderr
    return made, run.stderr
