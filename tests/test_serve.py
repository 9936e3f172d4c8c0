"""`kzpublish serve`, run for real: it listens on the loopback address, shows every document's
web edition, PDF and changes since the last tag, refuses paths outside `dist/`, and after a
source is saved, builds again and the page open in a real headless chromium shows the new word
by itself."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from browser import DevTools, screenshot
from conftest import SEEDS
from gitrepo import ScriptedRepo

SLUG = "paris-resolution-2019"
RU = f"sources/{SLUG}/ru.md"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    r = ScriptedRepo(tmp_path_factory.mktemp("serve") / "project")
    r.commit("Публикация", {f"sources/{SLUG}/{lang}.md": (SEEDS / "sources" / SLUG / f"{lang}.md").read_text("utf-8")
                            for lang in ("ru", "kk")}, tag="v1.0")
    proc = subprocess.Popen([sys.executable, "-m", "kzpublish", "-C", str(r.root), "serve", "--port", "0"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONWARNINGS": "error"})
    try:
        line = proc.stderr.readline()
        url = re.search(r"http://\S+", line)
        assert url, line + proc.stderr.read()
        r.url = url.group(0)
        r.proc = proc
        wait_for(lambda: get(r.url + "_generation") != b"0")
        yield r
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stderr.close()


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def wait_for(condition, seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail("timed out")


def test_loopback_only(server):
    assert server.url.startswith("http://127.0.0.1:")


def test_index_web_edition_pdf_and_changes(server):
    index = get(server.url).decode()
    for href in (f"/{SLUG}.html", f"/{SLUG}.pdf", f"/changes/{SLUG}"):
        assert f'href="{href}"' in index
    web = get(server.url + f"{SLUG}.html").decode()
    assert 'class="pair' in web and "/_generation" in web  # the page, and the lines that reload it
    assert not (server.root / "dist" / f"{SLUG}.html").read_text("utf-8").count("<script")  # not in the file
    assert get(server.url + f"{SLUG}.pdf").startswith(b"%PDF")
    changes = get(server.url + f"changes/{SLUG}").decode()
    assert "v1.0" in changes


def test_nothing_outside_dist(server):
    for path in ("..%2fsources%2f" + SLUG + "%2fru.md", "%2e%2e/pyproject.toml", ".stamps/x", "nothing.pdf"):
        with pytest.raises(urllib.error.HTTPError) as caught:
            get(server.url + path)
        assert caught.value.code == 404
        caught.value.close()


def test_a_saved_change_is_built_and_pages_reload(server):
    before = int(get(server.url + "_generation"))
    server.edit(RU, "в фарс и театральное", "в фарс и балаган")
    wait_for(lambda: int(get(server.url + "_generation")) > before)
    assert "балаган" in re.sub("\u00ad", "", get(server.url + f"{SLUG}.html").decode())
    changes = get(server.url + f"changes/{SLUG}").decode()
    assert "<ins>балаган</ins>" in changes


def test_the_open_page_in_a_browser_shows_a_saved_word_by_itself(server, tmp_path):
    browser = DevTools(tmp_path)
    try:
        browser.open(server.url + f"{SLUG}.html")
        loaded = f"location.pathname === '/{SLUG}.html' && document.readyState === 'complete'"
        wait_for(lambda: browser.evaluate(loaded))
        text = "document.body.innerText.replace(/\\u00ad/g, '')"
        assert "Авторитарная власть" in browser.evaluate(text)
        assert "Самовластная" not in browser.evaluate(text)
        browser.evaluate("window.kzpublishTest = 'not reloaded yet'")
        server.edit(RU, "Авторитарная власть", "Самовластная власть")
        wait_for(lambda: "Самовластная" in (browser.evaluate(text) or ""))
        assert browser.evaluate("typeof window.kzpublishTest") == "undefined"  # a new page: it reloaded itself
        assert browser.evaluate("location.pathname") == f"/{SLUG}.html"
    finally:
        browser.close()


@pytest.mark.parametrize("page", ["", f"{SLUG}.html"])
def test_screenshots(server, tmp_path, page):
    """Screenshots to look at (they are left in the test's folder); what they must show is above."""
    png = screenshot(server.url + page, tmp_path, "served")
    assert png.stat().st_size > 10_000
