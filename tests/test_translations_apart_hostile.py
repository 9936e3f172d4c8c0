"""A long sequential edition laid out a translation at a time (render/translations.py), against
what a hostile project or a stopped build does: the layout of a later translation in a forked
process ends with the build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_translations_apart import project


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2,
                    reason="the layout process and its fork: Linux, with a core to spare")
def test_a_build_stopped_leaves_no_translation_being_laid_out(tmp_path):
    root = project(tmp_path, articles=200)
    build_ = subprocess.Popen([sys.executable, "-m", "kzpublish", "-q", "-C", str(root), "build", "--pdf"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    forked = []
    deadline = time.monotonic() + 120
    while not forked and build_.poll() is None and time.monotonic() < deadline:
        forked = [grandchild for child in _children(build_.pid) for grandchild in _children(child)]
        time.sleep(0.05)
    assert forked, "the second translation was never laid out in a forked process"
    build_.send_signal(signal.SIGTERM)
    build_.wait(10)
    deadline = time.monotonic() + 3  # far less than the Kazakh translation's layout takes
    while any(map(_running, forked)) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in forked if _running(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "a forked layout outlived the build"
