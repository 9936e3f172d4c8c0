"""A real headless browser for the tests: Debian's chromium (or the Chrome of a CI image),
without network, sandbox or GPU. It prints a page to PDF, so a test reads what a reader sees
(hidden parts are not printed), or takes a screenshot to look at."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--no-first-run", "--disable-extensions", "--disable-sync", "--proxy-server=127.0.0.1:9",
         "--hide-scrollbars")


def browser() -> str:
    for name in NAMES:
        if found := shutil.which(name):
            return found
    pytest.fail("no chromium: `make test` installs it (Debian's chromium)")


def _run(url: str, *options: str, tmp: Path) -> None:
    run = subprocess.run([browser(), *FLAGS, f"--user-data-dir={tmp / 'profile'}", *options, url],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]


def print_to_pdf(url: str, tmp: Path, width: int = 1100) -> Path:
    out = tmp / "printed.pdf"
    out.unlink(missing_ok=True)
    _run(url, "--no-pdf-header-footer", f"--window-size={width},1400", f"--print-to-pdf={out}", tmp=tmp)
    return out


def screenshot(url: str, tmp: Path, name: str, width: int = 1100, height: int = 1400) -> Path:
    out = tmp / f"{name}.png"
    _run(url, f"--window-size={width},{height}", f"--screenshot={out}", tmp=tmp)
    return out
