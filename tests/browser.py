"""A real headless browser for the tests: Debian's chromium (or the Chrome of a CI image),
without network, sandbox or GPU. It prints a page to PDF, so a test reads what a reader sees
(hidden parts are not printed), or takes a screenshot to look at."""

from __future__ import annotations

import fcntl
import json
import os
import select
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


class DevTools:
    """A headless chromium driven through the DevTools protocol on a pipe
    (`--remote-debugging-pipe`: JSON messages ended by NUL on its file descriptors 3 and 4), so no
    port and no client library: one page, whose script results the test reads while the page
    lives on (reloads included)."""

    def __init__(self, tmp: Path):
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()

        def descriptors() -> None:  # in the child: its ends as 3 and 4, whatever numbers they had
            ends = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser, from_browser)]
            for target, fd in zip((3, 4), ends):
                os.dup2(fd, target)

        self.proc = subprocess.Popen([browser(), *FLAGS, f"--user-data-dir={tmp / 'profile'}", "--remote-debugging-pipe",
                                      "--window-size=1100,1400", "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=False,
                                     preexec_fn=descriptors)
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next = 0
        self.session = None

    def open(self, url: str) -> None:
        target = self.call("Target.createTarget", url=url)["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def evaluate(self, expression: str):
        """The value of `expression` in the page; None while the page is between two documents."""
        reply = self.call("Runtime.evaluate", expression=expression, returnByValue=True, raw=True)
        return reply.get("result", {}).get("result", {}).get("value")

    def call(self, method: str, raw: bool = False, **params):
        self._next += 1
        message = {"id": self._next, "method": method, "params": params}
        if self.session and not method.startswith("Target."):
            message["sessionId"] = self.session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            reply = json.loads(self._message())
            if reply.get("id") == self._next:
                if raw:
                    return reply
                assert "error" not in reply, reply
                return reply["result"]

    def _message(self) -> bytes:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._read], [], [], 60)
            assert ready, "chromium did not answer"
            chunk = os.read(self._read, 1 << 16)
            assert chunk, "chromium ended"
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return message

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except AssertionError:
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._write)
        os.close(self._read)
