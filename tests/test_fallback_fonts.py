"""The fallback font chain: characters PT Serif and PT Sans lack (the tenge sign, U+2010 HYPHEN,
the figure dash, primes, the Latin schwa, Greek…) are drawn from Noto Serif / Noto Sans of the
same weight and slant, in every edition — the PDF, the PDF/A and PDF/X of a release, the EPUB —
with real glyphs of embedded static fonts, and read back as the characters written."""

from __future__ import annotations

import re
import zipfile

import pytest
from fontTools.ttLib import TTFont

from conftest import REPO, copy_project, run_cli
from gitrepo import ScriptedRepo
from readback import pdf_glyphs, pdf_text
from test_epub import run_epubcheck

# Each range the fallback adds, with characters of it that official texts use.
RANGES = {
    "currency": "₸",
    "hyphens and dashes": "‐‒",
    "primes": "′″‴",
    "Latin schwa": "Əə",
    "Greek": "αβγ",
    "Cyrillic with grave": "ѐѝЍ",
    "modifier letters": "ʻ",
    "symbols (Inter)": "✓✗→■●★Ⅳ",
}
SYMBOLS = RANGES["symbols (Inter)"]
ADDED = "".join(RANGES.values())
BUDGET = """---
title: Бюджет ₸ туралы мәлімдеме
---

# Шығыстар ‐ ₸, ✓ және ′ белгілері

Республикалық бюджеттің көлемі 18 500 000 000 ₸, әлеуметтік‐экономикалық бағдарламаларға
*1 200 000 ₸* және **500 ₸** бөлінді. Байланыс: 8‒701‒555‒12‒34 ― анықтама.

Бұрыш 45° 30′ 15″ және 1‴. Əliyev мен Azərbaycan, Ğazi, Şəki, İzmir, ıssı; αβγ және Ω;
Oʻzbekiston; ѐ, ѝ және Ѝ әріптері.

| Бап | Орындалды |
|---|---|
| Ⅳ → ■ | ✓ ★ |
| ● | ✗ |

***Ескерту: 300 ₸ әлеуметтік‐экономикалық ′ ″ ‴ αβγ Ω ĞğŞşİı ʻ ѐ ѝ Ѝ ‒ Əə ✓✗→■●★Ⅳ***
"""
SLUG = "budget"


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    r = ScriptedRepo(tmp_path_factory.mktemp("fallback") / "project")
    r.commit("Бюджет", {f"sources/{SLUG}/kk.md": BUDGET}, tag="v1.0")
    run = run_cli("-C", str(r.root), "release")
    assert run.code == 0, run.err
    assert "warning" not in run.err, run.err
    return r.root / "dist" / "v1.0"


def joined(text: str) -> str:
    """Text as copied, with line ends (and a line-end hyphen WeasyPrint adds) taken out."""
    return re.sub(r"-?\s+", "", text.replace("\u00ad", ""))


@pytest.mark.parametrize("edition", ["budget-v1.0.pdf", "budget-v1.0-print.pdf"])
def test_every_added_character_is_drawn_by_a_fallback_font_that_has_it(released, edition):
    glyphs = pdf_glyphs(released / edition)  # checks every glyph of every font, see readback.py
    drawn = set().union(*glyphs.values())
    assert set(ADDED) <= drawn
    for family, chars in glyphs.items():
        if family.startswith("PT"):
            assert not chars & set(ADDED), (family, chars & set(ADDED))
    # Text (PT Serif), bold and italic, headings (PT Sans): each from its own fallback family;
    # symbols from Inter, the last of both chains.
    assert set(ADDED) - set(SYMBOLS) <= glyphs["Noto Serif"]
    assert set(SYMBOLS) <= glyphs["Inter"]
    assert {"₸", "′"} <= glyphs["Noto Sans"]  # the spaced ‐ of the heading became a dash
    assert len([f for f in glyphs if f == "Inter"]) == 1 and "✓" in glyphs["Inter"]


@pytest.mark.parametrize("edition", ["budget-v1.0.pdf", "budget-v1.0-print.pdf"])
def test_the_text_reads_back_as_written(released, edition):
    text = joined(pdf_text(released / edition))
    for token in ["18500000000₸", "әлеуметтік‐экономикалық", "8‒701‒555‒12‒34", "45°30′15″", "1‴",
                  "Əliyev", "Azərbaycan", "Ğazi", "Şəki", "İzmir", "ıssı", "αβγ", "Ω", "Oʻzbekiston", "анықтама", "ѐ,ѝ", "Ѝәріптері",
                  "Ⅳ→■", "✓★", "●", "✗"]:
        assert token in text, token


def test_the_print_edition_has_whole_pt_fonts_and_the_fallback_cut_to_the_text(released):
    glyphs = pdf_glyphs(released / "budget-v1.0-print.pdf")
    assert {"PT Serif", "Noto Serif", "Noto Sans"} <= set(glyphs)
    import pypdf

    sizes = {}
    for page in pypdf.PdfReader(released / "budget-v1.0-print.pdf").pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()["/DescendantFonts"][0].get_object()
            data = font["/FontDescriptor"]["/FontFile2"].get_object().get_data()
            sizes[str(font["/BaseFont"])] = len(data)
    pt = [size for name, size in sizes.items() if "Expanded" not in name]
    noto = [size for name, size in sizes.items() if "Expanded" in name]  # and Inter
    assert min(pt) > 100_000  # whole fonts
    assert max(noto) < 30_000  # a few dozen glyphs, not the whole Noto


def test_the_epub_embeds_the_fallback_faces_and_passes_epubcheck(released):
    epub = released / "budget-v1.0.epub"
    assert run_epubcheck(epub)["messages"] == []
    with zipfile.ZipFile(epub) as z:
        names = z.namelist()
        css = z.read("EPUB/style/edition.css").decode()
        chapter = z.read("EPUB/kk.xhtml").decode().replace("\u00ad", "")
        fallback = {n: TTFont(z.open(n)) for n in names if n.endswith("-NotoSerif.ttf") or n.endswith("-NotoSans.ttf")}
    assert len(fallback) == 8
    for name, font in fallback.items():
        assert "fvar" not in font
        assert {ord(c) for c in "₸‐′"} <= set(font.getBestCmap()), name
    # Declared under the PT families, for exactly the characters they lack, before the PT faces.
    assert css.index("-NotoSerif.ttf") < css.index('PT_Serif-Web-Regular.ttf")')
    assert "unicode-range: U+18F, U+259" in css and "U+20B8" in css
    for char in ADDED:
        assert char in chapter, char


def test_a_long_official_text_typed_with_latin_letters_builds_after_one_check_fix(tmp_path):
    """The Universal Declaration of Human Rights in Kazakh and Russian, as UDHR in Unicode
    publishes it (U+2010 hyphens throughout), here typed as on a Latin keyboard: Latin i for і
    and ə for ә in every other word, y for ү in «үшін», Y for Ұ in «Ұлттар». `check --fix`
    restores the published text wherever the intended letter is certain (the y and Y because
    the document spells the same words in Cyrillic elsewhere), leaves only words it cannot be
    sure of, each named, and the document builds."""
    published = REPO / "tests/projects/udhr/sources/udhr-1948/kk.md"
    text = published.read_text("utf-8")
    blocks = [line for line in text.split("---\n\n", 1)[1].split("\n") if line.strip()]
    assert len(blocks) >= 90 and text.count("‐") > 20  # headings, paragraphs, list items
    typed = _typed_latin(text)
    r = ScriptedRepo(tmp_path / "project")
    copy_project(REPO / "tests/projects/udhr", r.root)
    (r.root / "sources/udhr-1948/kk.md").write_text(typed, "utf-8")
    before = run_cli("-C", str(r.root), "check")
    assert before.code == 1 and before.err.count("look-alike letters") > 200

    fix = run_cli("-C", str(r.root), "check", "--fix")
    fixed = (r.root / "sources/udhr-1948/kk.md").read_text("utf-8")
    left = re.findall(r"error: sources/udhr-1948/kk.md:(\d+):(\d+): look-alike letters in '(\w+)'", fix.err)
    rewritten = fix.out.splitlines()
    assert len(rewritten) > 200 and len(left) < 10
    assert "'yшін' → 'үшін'" in fix.out and "'Yлттар' → 'Ұлттар'" in fix.out
    # Every rewritten word is the published one; every other difference is a word left, named.
    for line_no, (a, b) in enumerate(zip(fixed.split("\n"), text.split("\n")), 1):
        for wa, wb in zip(a.split(" "), b.split(" ")):
            assert wa == wb or any(int(n) == line_no and w in wa for n, _, w in left), (line_no, wa, wb)
    build = run_cli("-C", str(r.root), "-q", "build")
    assert build.code == 0 and build.err.count("warning:") == len(left), build.err

    for line, column, word in left:  # the editor retypes those few
        lines = fixed.split("\n")
        i, c = int(line) - 1, int(column) - 1
        lines[i] = lines[i][:c] + text.split("\n")[i][c:c + len(word)] + lines[i][c + len(word):]
        fixed = "\n".join(lines)
    assert fixed == text
    (r.root / "sources/udhr-1948/kk.md").write_text(fixed, "utf-8")
    r.commit("Текст", tag="v1.0")
    run = run_cli("-C", str(r.root), "release")
    assert run.code == 0, run.err[-2000:]


def _typed_latin(text: str) -> str:
    """`text` as typed with a Latin keyboard at hand (after the front matter): Latin i and ə in
    every other word, y for ү in every other «үшін», Y for Ұ in one «Ұлттар»."""
    head, body = text.split("---\n\n", 1)
    swap = str.maketrans({"і": "i", "ә": "ə", "Ә": "Ə"})
    words = body.split(" ")
    body = " ".join(w.translate(swap) if n % 2 else w for n, w in enumerate(words))
    parts = body.split("үшін")
    body = "".join(p + ("yшін" if n % 2 else "үшін") for n, p in enumerate(parts[:-1])) + parts[-1]
    return head + "---\n\n" + body.replace(" Ұлттар", " Yлттар", 1)


def budget(tmp_path, price: str) -> ScriptedRepo:
    """A tagged Kazakh document whose price is now written as `price`, uncommitted."""
    r = ScriptedRepo(tmp_path / "project")
    r.commit("Бюджет", {f"sources/{SLUG}/kk.md": "---\ntitle: Бюджет\n---\n\nБағасы 100 теңге.\n"}, tag="v1.0")
    r.edit(f"sources/{SLUG}/kk.md", "100 теңге", price)
    return r


def reported(r: ScriptedRepo):
    """The paths of the wording-change report's HTML and PDF."""
    run = run_cli("-C", str(r.root), "diff", SLUG)
    assert run.code == 0, run.err
    return tuple(r.root / path for path in run.out.splitlines()[1:3])


def test_wording_change_reports_draw_the_fallback_characters_too(tmp_path):
    html_path, pdf_path = reported(budget(tmp_path, "100 ₸, 45′ және Əliyev"))
    page = html_path.read_text("utf-8")
    assert re.search(r'font-family: "PT Serif";\n  src: url\("data:font/ttf;base64,[^"]+"\);\n'
                     r"  font-weight: 400;\n  font-style: normal;\n  unicode-range: [^;]*U\+20B8", page)
    glyphs = pdf_glyphs(pdf_path)
    assert {"₸", "′", "Ə"} <= glyphs["Noto Serif"] | glyphs.get("Noto Sans", set())


def test_reports_keep_their_font_subsets_and_make_a_damaged_one_anew(tmp_path):
    r = budget(tmp_path, "100 ₸ теңге")
    reported(r)
    kept = sorted((r.root / "dist/.stamps/fonts").iterdir())
    assert any(p.name.startswith("NotoSerif") for p in kept) and any(p.name.startswith("PT_Serif") for p in kept)
    originals = {p: p.read_bytes() for p in kept}
    for n, path in enumerate(kept):  # cut short, or a byte changed: neither may reach a report
        data = originals[path]
        path.write_bytes(data[: len(data) // 2] if n % 2 else data[:100] + bytes([data[100] ^ 0xFF]) + data[101:])
    html_path, pdf_path = reported(r)
    assert "₸" in pdf_glyphs(pdf_path)["Noto Serif"]
    assert html_path.read_text("utf-8").count("data:font/ttf;base64,") >= 3
    assert {p: p.read_bytes() for p in kept} == originals  # made anew, the same
