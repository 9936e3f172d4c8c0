"""A long sequential edition laid out a translation at a time (render/translations.py), as a
demanding editor and a stopped build would try it: the layout of a later translation in a forked
process ends with the build; each translation starts as in the whole layout; the joined file
names each font subset apart and keeps closed bookmarks closed; a stylesheet that lets the
translations meet otherwise than on a new page, or carries something across, has the edition
laid out whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_translations_apart import counts, project

from kzpublish.render import translations


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


def _is_python(pid: int) -> bool:
    try:
        return os.readlink(f"/proc/{pid}/exe") == os.path.realpath(sys.executable)
    except OSError:
        return False


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
        forked = [grandchild for child in _children(build_.pid) for grandchild in _children(child)
                  if _is_python(grandchild)]  # not pandoc, run by the typesetting process
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


@pytest.fixture(scope="module")
def long(tmp_path_factory) -> Path:
    root = project(tmp_path_factory.mktemp("hostile"))
    assert counts(root)  # laid out a translation at a time
    return root


def _title_top(pdf: Path, title: str) -> tuple[int, float]:
    """The page on which `title` is set, and how far down it."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        for n, page in enumerate(document.pages):
            found = page.search(title)
            if found:
                return n, round(found[0]["top"], 1)
    raise AssertionError(f"{title} is nowhere")


def test_each_translation_starts_where_it_would_in_the_whole_layout(long, tmp_path, monkeypatch):
    """Laid out whole, a translation after the first starts on a page after a break, where the
    page's <body> has long begun: none of its top margin is there (8px of WeasyPrint's own)."""
    import shutil

    whole = tmp_path / "whole"
    shutil.copytree(long / "sources", whole / "sources")
    monkeypatch.setattr(translations, "SMALLEST", 10**12)
    assert counts(whole) is None
    for title in ("Закон о выборах", "Сайлау туралы заң"):
        assert _title_top(long / "dist" / "law.pdf", title) == _title_top(whole / "dist" / "law.pdf", title), title


@pytest.mark.parametrize("css", [
    "section.translation + section.translation { break-before: auto }",  # one flows on after the other
    "section.translation + section.translation { break-before: page; margin-top: 2cm }",  # not there apart
    "#kk { break-before: avoid }", "section { page-break-before: auto !important }",
    "section.translation:last-of-type h1 { color: red }", "body > section:nth-child(2) { padding: 1em }",
    "section ~ section { border-top: 1pt solid }",
    ".note { float: footnote }",  # numbered through the whole edition
    "div.running-head { string-set: running-head attr(data-running-head), chapter content() }",
    "body { padding-top: 1cm; box-decoration-break: clone }",  # on every page: not cut off
    "@page { @top-center { content: string(running-head, START) } }",  # the Russian one on a draft's Kazakh title
    "body { margin: 1cm 0 !important }",  # above the style a translation laid out apart is cut with
])
def test_styles_that_change_how_translations_meet_are_seen(css):
    from kzpublish.project import builtin_styles
    from kzpublish.render.css_scan import (
        crosses_translations,
        starts_translations_apart,
    )

    builtin = (builtin_styles() / "print.css").read_text("utf-8")
    assert not crosses_translations(builtin) and starts_translations_apart(builtin)
    assert crosses_translations(css)


def test_a_stylesheet_that_does_not_start_each_translation_on_a_page_is_seen():
    from kzpublish.project import builtin_styles
    from kzpublish.render.css_scan import starts_translations_apart

    builtin = (builtin_styles() / "print.css").read_text("utf-8")
    assert not starts_translations_apart(builtin.replace("break-before: page;", ""))
    assert not starts_translations_apart(builtin.replace("break-before: page;", "break-before: auto;"))
    assert starts_translations_apart("section.translation+section.translation{BREAK-BEFORE:page}")


def test_translations_that_flow_on_are_laid_out_whole(tmp_path):
    from kzpublish.project import builtin_styles

    style = (builtin_styles() / "print.css").read_text("utf-8").replace("break-before: page;", "break-before: auto;")
    root = project(tmp_path, style=style)
    assert counts(root) is None
    pdf = root / "dist" / "law.pdf"
    # The Kazakh translation starts on the page where the Russian one ends.
    assert _title_top(pdf, "Сайлау туралы заң")[0] == _title_top(pdf, "Примечание 2")[0]


def test_each_font_subset_has_a_name_of_its_own(long):
    """Each translation's PDF embeds its own subset of each face, named by WeasyPrint after the
    face alone: joined, two different subsets must not share a name (ISO 32000-1, 9.6.4), or a
    viewer or a printer's RIP that keeps fonts by name draws the Kazakh pages with the Russian
    pages' glyphs."""
    import hashlib

    import pypdf

    reader = pypdf.PdfReader(long / "dist" / "law.pdf")
    programs: dict[str, set[bytes]] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            cid = font["/DescendantFonts"][0].get_object()
            descriptor = cid["/FontDescriptor"].get_object()
            assert font["/BaseFont"] == cid["/BaseFont"] == descriptor["/FontName"]
            program = descriptor["/FontFile2"].get_object().get_data()
            programs.setdefault(str(font["/BaseFont"]), set()).add(hashlib.sha256(program).digest())
    assert len([name for name in programs if name.endswith("+PT-Serif")]) == 2  # a subset for each translation
    assert all(len(kept) == 1 for kept in programs.values()), programs


def test_a_fixed_element_is_seen_but_the_draft_mark_is_not():
    """A fixed element is drawn on every page after the one where it stands, the other
    translation's too: laid out apart, it would leave them. The draft mark is in each."""
    from kzpublish.project import builtin_styles
    from kzpublish.render.css_scan import crosses_translations

    builtin = (builtin_styles() / "print.css").read_text("utf-8")
    assert "position: fixed" in builtin and not crosses_translations(builtin)
    assert crosses_translations(builtin + "\n.stamp { position: fixed; top: 0 }")
    assert crosses_translations(builtin + "\n.draft-mark, .stamp { POSITION:fixed }")
    assert not crosses_translations(builtin + "\n.draft-mark { position: fixed; color: red }")


def test_bookmarks_closed_by_the_stylesheet_stay_closed_in_each_translation(tmp_path):
    import pypdf

    from kzpublish.project import builtin_styles

    style = (builtin_styles() / "print.css").read_text("utf-8") + "\nh1.title { bookmark-state: closed }\n"
    root = project(tmp_path, style=style)
    assert counts(root)
    pdf = root / "dist" / "law.pdf"
    titles = {}
    outlines = pypdf.PdfReader(pdf).trailer["/Root"]["/Outlines"]
    assert outlines["/Count"] == 2  # only the titles are shown
    item = outlines["/First"]
    while item is not None:  # each translation's title, its chapters under it
        item = item.get_object()
        titles[item["/Title"]] = item["/Count"]
        item = item.get("/Next")
    assert len(titles) == 2 and all(count < 0 for count in titles.values()), titles

