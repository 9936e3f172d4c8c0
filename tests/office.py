"""LibreOffice, headless, for the tests: converts a DOCX back to PDF or plain text, as an
official's Word would open it (Debian's libreoffice-writer-nogui)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        if found := shutil.which(name):
            return found
    pytest.fail("no LibreOffice: `make test` installs it (Debian's libreoffice-writer-nogui)")


def convert(docx: Path, to: str, out: Path, fonts: Path | None = None) -> tuple[Path, str]:
    """(the converted file, what LibreOffice said on stderr); `fonts`: a fontconfig file to use
    instead of the system's (`without_fonts`)."""
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts)} if fonts else None
    run = subprocess.run([soffice(), f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless", "--norestore",
                          "--convert-to", to, "--outdir", str(out), str(docx)],
                         capture_output=True, text=True, timeout=180, env=env)
    assert run.returncode == 0, run.stderr
    ext = to.split(":")[0]
    made = out / f"{docx.stem}.{ext}"
    assert made.exists(), run.stdout + run.stderr
    return made, run.stderr


def without_fonts(families: tuple[str, ...], tmp: Path) -> Path:
    """A fontconfig file that gives only the system's DejaVu fonts, checked to hold none of
    `families`: what LibreOffice draws in those families then comes from the document itself."""
    listed = subprocess.run(["fc-list", ":", "file", "family"], capture_output=True, text=True, check=True).stdout
    folders = sorted({str(Path(line.split(":")[0]).parent) for line in listed.splitlines() if "DejaVu" in line})
    conf = tmp / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
                    + "".join(f"<dir>{f}</dir>" for f in folders)
                    + f"<cachedir>{tmp / 'fontcache'}</cachedir></fontconfig>\n", "utf-8")
    seen = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True,
                          env={**os.environ, "FONTCONFIG_FILE": str(conf)}).stdout
    assert seen.strip() and not any(f in seen for f in families), seen
    return conf
