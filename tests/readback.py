"""Reading built editions back, independently of kzpublish: words of a source, text of a PDF,
text of EPUB chapters."""

from __future__ import annotations

import re
from collections import Counter
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pypdf
import yaml

WORD = re.compile(r"\d+|[^\W\d_]+")  # digits and letters apart: 2019г. and 2019 г. are the same words
XHTML = "{http://www.w3.org/1999/xhtml}"
SHOWN_KEYS = ("title", "subtitle", "authors")


def words(text: str) -> list[str]:
    return WORD.findall(text.replace("\u00ad", ""))


def source_words(path: Path) -> list[str]:
    """The words a reader must find, in order: title block, then the body."""
    text = path.read_text(encoding="utf-8")
    _, fm, body = text.split("---\n", 2)
    meta = yaml.safe_load(fm)
    shown = []
    for key in SHOWN_KEYS:
        value = meta.get(key)
        shown += value if isinstance(value, list) else [value] if value else []
    date = meta.get("date")
    if isinstance(date, str) and not re.fullmatch(r"\d{4}-\d\d-\d\d", date):
        shown.append(date)
    # List markers (`1.`) are structure, numbered by the list itself, not words of the text.
    body = re.sub(r"(?m)^\s*\d+[.)](?=\s)", " ", body)
    return words(" ".join(str(s) for s in shown)) + words(body)


def pdf_text(path: Path) -> str:
    """All text of a PDF as a reader copies it: no-break spaces read as spaces."""
    return "\n".join(page_text(page) for page in pypdf.PdfReader(path).pages)


def page_text(page) -> str:
    return page.extract_text().replace("\u00a0", " ").replace("\u202f", " ")


def missing_in_order(expected: list[str], letters: str, max_gap: int = 150) -> list[str]:
    """Source words not found, in order, in a PDF's letters (all text, separators removed, so a
    word hyphenated at a line end still matches). A word found only far ahead counts as missing.
    The text may begin at any occurrence of its first word: the best start is taken."""
    starts = [i for i in range(len(letters)) if letters.startswith(expected[0], i)] if expected else []
    return min((_missing_from(expected, letters, s, max_gap) for s in starts),
               key=len, default=list(expected))


def _missing_from(expected: list[str], letters: str, pos: int, max_gap: int) -> list[str]:
    missing = []
    for word in expected:
        found = letters.find(word, pos)
        if found < 0 or found - pos > max_gap:
            missing.append(word)
        else:
            pos = found + len(word)
    return missing


def pdf_letters(path: Path) -> str:
    """The letters and digits of a PDF's text, without its page furniture: page numbers and list
    markers (a line that is only a number, with or without its dot: structure, not words), the
    draft mark and the running head. So a word hyphenated across a page break reads as one word,
    wherever the pages happen to break."""
    return page_letters([page_text(p) for p in pypdf.PdfReader(path).pages])


def page_letters(texts: list[str]) -> str:
    """The letters of the pages' texts, as `pdf_letters` reads them."""
    pages = [text.splitlines() for text in texts]
    heads = running_heads(pages)
    lines = []
    for page in pages:
        while page and (_furniture(page[-1]) or page[-1].strip() in heads):
            page = page[:-1]  # WeasyPrint writes the page margins after the page's content
        lines += [line for line in page if not _furniture(line)]
    return "".join(words("\n".join(lines)))


def _furniture(line: str) -> bool:
    return bool(re.fullmatch(r"\d+\.?", line.strip())) or "DRAFT — uncommitted changes" in line


def running_heads(pages: list[list[str]]) -> set[str]:
    """The running heads of a PDF: a line that comes last in the text of two pages or more,
    before their page numbers (and the list markers and draft mark of the margins)."""
    last = Counter()
    for lines in pages:
        lines = [line.strip() for line in lines if line.strip()]
        if lines and lines[-1].isdigit():
            body = [line for line in lines[:-1] if not _furniture(line)]
            last.update(body[-1:])
    return {line for line, n in last.items() if n >= 2}


def epub_chapter_words(path: Path, name: str) -> list[str]:
    """Words of one EPUB chapter, in document order (the links between translations, the draft
    mark and the colophon left out: kzpublish adds them)."""
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read(f"EPUB/{name}"))
    body = root.find(f"{XHTML}body")
    for parent in body.iter():
        for added in [c for c in parent if c.get("class") in ("counterpart", "colophon", "draft-mark")]:
            parent.remove(added)
    return words(" ".join(body.itertext()))


def is_subsequence(small: list[str], big: list[str]) -> tuple[bool, int]:
    """Whether `small` occurs in order in `big`, and how many words of `big` are extra."""
    it = iter(big)
    ok = all(any(w == b for b in it) for w in small)
    return ok, len(big) - len(small)


def break_points(word: str, lang: str) -> list[int]:
    """Where kzpublish's hyphenation (`hyphenate`, as the build runs it) lets `word` break:
    offsets into the word."""
    from kzpublish.hyphenation import hyphenate

    pieces = hyphenate(word, lang, "|").split("|")
    return [sum(map(len, pieces[:k])) for k in range(1, len(pieces))]


def pdf_glyphs(path: Path) -> dict[str, set[str]]:
    """Every character a PDF draws, by the name of the embedded font drawing it (from the font
    program itself, not the PDF's name for it), after checking that each is drawn with a real
    glyph of that font: the font is embedded, is not variable, and the glyph its ToUnicode map
    gives for the character is not .notdef and has an outline (unless it is a space)."""
    import io

    from fontTools.ttLib import TTFont

    found: dict[str, set[str]] = {}
    seen = set()
    for page in pypdf.PdfReader(path).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            if ref.idnum in seen:
                continue
            seen.add(ref.idnum)
            cid_font = font["/DescendantFonts"][0].get_object()
            assert cid_font["/CIDToGIDMap"] == "/Identity"
            program = TTFont(io.BytesIO(cid_font["/FontDescriptor"]["/FontFile2"].get_object().get_data()))
            assert "fvar" not in program and "gvar" not in program, "a variable font in a PDF"
            name = program["name"].getDebugName(1)
            glyphs = program.getGlyphOrder()
            for cid, text in _to_unicode(font["/ToUnicode"].get_object().get_data().decode("latin-1")):
                assert 0 < cid < len(glyphs), f"{text!r}: glyph {cid} of {name} is .notdef or missing"
                glyph = program["glyf"][glyphs[cid]]
                assert text.isspace() or glyph.numberOfContours != 0, f"{text!r}: glyph of {name} is empty"
                found.setdefault(name, set()).update(text)
    return found


def _to_unicode(cmap: str) -> list[tuple[int, str]]:
    """(CID, text) pairs of a ToUnicode CMap's bfchar entries (WeasyPrint writes no bfrange)."""
    assert "beginbfrange" not in cmap
    pairs = []
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for cid, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            pairs.append((int(cid, 16), bytes.fromhex(text).decode("utf-16-be")))
    return pairs


def in_order(expected: list[str], found: list[str]) -> None:
    """Fails unless the words of `expected` are all in `found`, in order (other words between)."""
    at = 0
    for word in expected:
        assert word in found[at:], f"{word!r} missing (or out of order) after word {at}"
        at = found.index(word, at) + 1
