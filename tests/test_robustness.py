"""Whatever it is given, the pipeline builds or fails with its own error; interrupted and
concurrent builds never leave a truncated file."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_project, run_cli
from kzpublish.config import Config
from kzpublish.document import load_documents
from kzpublish.pipeline import build
from kzpublish.project import Project
from kzpublish.request import BuildRequest

PIECES = [
    "Біз", "Қазақстан", "мы", "требуем", "2019", "№", "-", "—", "--", '"', "«", "»", "...", "*", "**", "_",
    "`", "#", "##", "> ", "- ", "1. ", "[", "]", "(", ")", "{", "}", "{#id}", ":::", "::: {.note}", "<b>", "</b>",
    "<script>", "</script>", "<span onclick='x'>", "</span>", "&amp;", "&#x20B8;", "\\", "|", "---", "\t", "  ",
    "\n", "\n\n", "![x](nope.png)", "[a](https://example.org)", "[^1]", "[^1]: сноска", "$x$", "Бiз", "i", "ə",
    "\u00a0", "\u202f", "\u2011", "\u200b", "₸", "😀", "\ufeff", "\r\n", "К.-Ж. Токаев", "qазақ",
]


@st.composite
def sources(draw):
    body = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40)))
    title = draw(st.sampled_from(["Заголовок", "Тақырып", '"Кавычки"', "[ссылка]", "*акцент*", "a: b", ""]))
    fm = f"---\ntitle: {title}\n---\n\n" if draw(st.booleans()) else ""
    return fm + body


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=sources())
def test_any_markdown_builds_or_fails_with_our_error(tmp_path_factory, text):
    root = make_project(tmp_path_factory.mktemp("fuzz"), {"sources/d/kk.md": text.encode("utf-8")})
    project = Project.open(root)
    report = build(project, BuildRequest(formats=("pdf",)))  # anything but a KzError escapes and fails
    # Each problem is told at the source it is in, and stops only that document.
    assert [e.loc.path if e.loc else None for e in report.errors] in ([], ["sources/d/kk.md"]), report.errors
    assert report.failed == (["d"] if report.errors else [])
    if not report.errors:
        assert len(pypdf.PdfReader(root / "dist" / "d.pdf").pages) >= 1


def project_of(tmp_path: Path, documents: int) -> Path:
    text = "---\ntitle: Документ\n---\n\n" + "\n\n".join(
        "Мы, участники конференции, требуем освободить всех политзаключенных. " * 12 for _ in range(25))
    return make_project(tmp_path, {f"sources/doc{n}/ru.md": text for n in range(documents)})


def valid_outputs(dist: Path) -> list[str]:
    """Every visible file in dist/ is a whole PDF or EPUB (temporary files are hidden)."""
    names = []
    for path in sorted(dist.glob("*")):
        if path.name.startswith("."):
            continue
        data = path.read_bytes()
        if path.suffix == ".pdf":
            assert data.rstrip().endswith(b"%%EOF"), path.name
            assert len(pypdf.PdfReader(path).pages) >= 1
        else:
            assert data.startswith(b"PK") and b"mimetype" in data[:60], path.name
        names.append(path.name)
    return names


def running_in_group(group: int) -> list[str]:
    """The processes of a process group that still run (zombies left to a careless init do not)."""
    running = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, rest = stat.read_text().rsplit(")", 1)
        except OSError:  # gone meanwhile
            continue
        state, _, pgrp = rest.split()[:3]
        if int(pgrp) == group and state != "Z":
            running.append(name.split("(", 1)[1])
    return running


def gone(group: int, seconds: float = 5) -> bool:
    """Whether every process of the group has ended within `seconds`."""
    deadline = time.monotonic() + seconds
    while running_in_group(group):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_a_killed_build_leaves_old_or_new_files_never_half_ones(tmp_path):
    root = project_of(tmp_path, 4)
    assert run_cli("-C", str(root), "-q", "build").code == 0
    before = {p.name: p.read_bytes() for p in (root / "dist").iterdir() if not p.name.startswith(".")}
    (root / "sources/doc0/ru.md").write_text("---\ntitle: Новый\n---\n\nНовый текст.\n", encoding="utf-8")
    rng = random.Random(4)
    for n in range(4):  # workers in parallel (-j 2), or one document at a time (with a layout process)
        proc = subprocess.Popen([sys.executable, "-m", "kzpublish", "-C", str(root), "-q", "build", "--force",
                                 "-j", str(2 - n % 2)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0.8, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert gone(proc.pid)  # its workers end with it (a pandoc they started may finish first)
        names = valid_outputs(root / "dist")
        assert set(names) == set(before)  # nothing lost
    run = run_cli("-C", str(root), "-q", "build")
    assert run.code == 0
    assert "Новый\u00a0текст" in "".join(p.extract_text() for p in pypdf.PdfReader(root / "dist/doc0.pdf").pages)


def test_ctrl_c_stops_a_build_at_once_and_leaves_no_process(tmp_path):
    root = project_of(tmp_path, 1)
    (root / "sources/doc0/kk.md").write_text((root / "sources/doc0/ru.md").read_text("utf-8") * 8, encoding="utf-8")
    for stage in (": html", ": pdf"):  # in the HTML stage; laying out (in the layout process, on two cores)
        proc = subprocess.Popen([sys.executable, "-m", "kzpublish", "-C", str(root), "build", "--pdf"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        seen = ""
        while stage not in seen:  # the build says when it reaches the stage (a loaded machine may be slow)
            line = proc.stderr.readline()
            assert line, f"the build ended before {stage!r}: {seen}"
            seen += line
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the signal goes to the whole group
        _, err = proc.communicate(timeout=10)
        err = seen + err
        assert proc.returncode == 130, err
        assert err.endswith("stopped; no file was left half-written\n") and "Traceback" not in err
        assert gone(proc.pid)  # no process of the build is left
        assert not (root / "dist/doc0.pdf").exists()


def test_two_builds_at_once_do_not_corrupt_each_other(tmp_path):
    root = project_of(tmp_path, 3)
    procs = [subprocess.Popen([sys.executable, "-m", "kzpublish", "-C", str(root), "-q", "build"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err.decode()
    assert sorted(valid_outputs(root / "dist")) == sorted(f"doc{n}.{ext}" for n in range(3) for ext in ("pdf", "epub"))


def test_no_build_touches_the_sources(tmp_path):
    root = project_of(tmp_path, 2)
    before = {p: p.read_bytes() for p in (root / "sources").rglob("*") if p.is_file()}
    for argv in (["build"], ["list"], ["check"]):
        run_cli("-C", str(root), "-q", *argv)
    assert {p: p.read_bytes() for p in (root / "sources").rglob("*") if p.is_file()} == before
    assert load_documents(root, Config()).errors == ()


def test_a_build_clears_what_killed_builds_left_and_nothing_younger(tmp_path):
    root = project_of(tmp_path, 1)
    assert run_cli("-C", str(root), "-q", "build", "--pdf").code == 0
    old = [root / "dist/.doc0.pdf.k1ll3d.tmp", root / "dist/.stamps/.doc0.pdf.stamp.k1ll3d.tmp"]
    young = root / "dist/.doc0.epub.wr1t1ng.tmp"  # another build's, being written
    for path in (*old, young):
        path.write_bytes(b"%PDF-1.7 half")
    for path in old:
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    assert run_cli("-C", str(root), "-q", "build", "--pdf").code == 0
    assert [p.exists() for p in old] == [False, False] and young.exists()
