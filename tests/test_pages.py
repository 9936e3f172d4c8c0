"""Pages a typesetter would sign off, counted by the page-quality checker (pagecheck.py) on a long
real bilingual text — the Universal Declaration of Human Rights, 30 articles — in both layouts,
on A4 and A5. The tests assert the checker's counts, never where a line or a page breaks; and
they show that the checker finds the faults when kzpublish's remedies are switched off."""

from __future__ import annotations

import re
import zipfile
import xml.etree.ElementTree as ET

import pdfplumber
import pytest

import pagecheck
from conftest import PROJECTS, REPO, SEEDS, built, copy_project, make_project, run_cli
from readback import missing_in_order, pdf_letters, source_words

from kzpublish.config import Paper
from kzpublish.editions import BLEED_MM, SLUG_MM, PdfOptions
from kzpublish.render import hyphen_limits, linebreaks, page as render_page, pdf as render_pdf

DECLARATION = PROJECTS / "declaration"
LAYOUTS = [(layout, paper) for layout in ("parallel", "sequential") for paper in ("A4", "A5")]
MM = 72 / 25.4
STYLES = REPO / "styles" / "print.css"


@pytest.fixture(scope="module", params=LAYOUTS, ids=lambda p: f"{p[0]}-{p[1]}")
def declaration(request, tmp_path_factory):
    layout, paper = request.param
    root = built(tmp_path_factory, DECLARATION, "--pdf", "--layout", layout, "--paper", paper)
    pdf = root / "dist" / "udhr.pdf"
    return root, pdf, pagecheck.check(pdf, 2 if layout == "parallel" else 1)


def test_the_declaration_is_long(declaration):
    root, _, figures = declaration
    for lang in ("ru", "kk"):
        text = (root / "sources" / "udhr" / f"{lang}.md").read_text("utf-8")
        assert text.count("{#article-") == 30
    assert figures.pages >= 10


def test_no_heading_ends_a_page_or_column(declaration):
    assert declaration[2].heading_at_end == 0, declaration[2].faults


def test_no_word_is_split_across_a_page_or_column_break(declaration):
    assert declaration[2].split_words == 0, declaration[2].faults


def test_no_more_than_two_hyphenated_lines_in_a_row(declaration):
    figures = declaration[2]
    assert figures.hyphen_runs == 0, figures.faults
    assert figures.longest_hyphen_run <= pagecheck.MAX_HYPHENS


def test_no_loose_line(declaration):
    figures = declaration[2]
    assert figures.loose_lines == 0, figures.faults
    assert 0 < figures.loosest <= pagecheck.LOOSE_EM, figures.loosest_at


def test_no_widow_no_orphan_no_lone_short_word(declaration):
    figures = declaration[2]
    assert (figures.widows, figures.orphans, figures.short_last_lines) == (0, 0, 0), figures.faults


def test_no_line_stops_short_inside_a_paragraph(declaration):
    """Keeping words whole must not leave a line inside a paragraph nearly empty (WeasyPrint's
    breaker, around the spans, once set the rest of a paragraph a word or a syllable to a line).
    One is allowed: a paragraph set without hyphenation, whose last two words are bound."""
    assert declaration[2].short_lines <= 1, declaration[2].faults
    assert declaration[2].dangling == 0, declaration[2].faults


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_no_line_stops_short_in_the_resolution(tmp_path_factory, paper):
    """The sample resolution, whose kept words sat next to words bound by no-break spaces."""
    root = built(tmp_path_factory, SEEDS, "--pdf", "--layout", "parallel", "--paper", paper, "paris-resolution-2019")
    figures = pagecheck.check(root / "dist" / "paris-resolution-2019.pdf", 2)
    assert (figures.short_lines, figures.split_words, figures.dangling) == (0, 0, 0), figures.faults


def test_every_word_is_still_there(declaration):
    """Keeping words whole changes where lines end, never the text."""
    root, pdf, _ = declaration
    letters = pdf_letters(pdf)
    for lang in ("ru", "kk"):
        source = root / "sources" / "udhr" / f"{lang}.md"
        plain = root / f"{lang}-without-ids.md"  # the heading ids are no words of the text
        plain.write_text(re.sub(r" \{#[\w-]+\}", "", source.read_text("utf-8")), "utf-8")
        assert missing_in_order(source_words(plain), letters, max_gap=10**9) == [], lang


def test_the_checker_finds_the_faults_of_a_greedy_layout(tmp_path, monkeypatch):
    """With kzpublish's remedies off — headings in rows of their own, one layout, WeasyPrint's own
    line breaker, narrow columns justified — the same text shows every kind of fault the tests above count."""
    monkeypatch.setattr(linebreaks, "ROUNDS", 1)
    monkeypatch.setattr(hyphen_limits, "ACTIVE", False)
    monkeypatch.setattr(render_pdf, "JUSTIFY_EM", 0)
    monkeypatch.setattr(render_pdf, "_STYLES", {})  # the page setup, parsed anew
    monkeypatch.setattr(render_page, "_headings_only", lambda parts, pair: False)
    root = copy_project(DECLARATION, tmp_path)
    run = run_cli("-C", str(root), "-q", "build", "--pdf", "-j", "1", "--layout", "parallel", "--paper", "A5")
    assert run.code == 0, run.err
    figures = pagecheck.check(root / "dist" / "udhr.pdf", 2)
    assert figures.heading_at_end + figures.split_words > 0 and figures.hyphen_runs > 0 and figures.loose_lines > 0
    assert figures.loosest > 2 * pagecheck.LOOSE_EM


def test_the_checker_finds_a_heading_at_the_foot_of_a_page(tmp_path):
    """A page break forced after a heading: the checker counts it, in one column and in two."""
    body = ('<h2>Статья 1</h2><p style="break-before: page">Все люди рождаются свободными и равными '
            'в своем достоинстве и правах.</p>')
    pages = {1: f'<body class="edition sequential">{body}</body>',
             2: f'<body class="edition parallel"><table class="parallel"><tbody><tr><td lang="ru">{body}</td>'
                f'<td lang="ru">{body}</td></tr></tbody></table></body>'}
    for columns, page in pages.items():
        out = tmp_path / f"heading-{columns}.pdf"
        out.write_bytes(render_pdf.write_pdf(f'<!DOCTYPE html><html lang="ru">{page}</html>', STYLES,
                                             Paper("A5", 148, 210), tmp_path, None))
        figures = pagecheck.check(out, columns)
        assert figures.heading_at_end == columns, figures.faults


def test_a_word_is_kept_whole_where_it_broke():
    """Of two occurrences of a word, the one after the word that preceded the break is wrapped."""
    p = ET.fromstring("<p>высшее образование и общее образование, и всё</p>")
    split = linebreaks.Split(p, "об", "разование,", "общее")
    assert linebreaks.keep_whole(split)
    assert ET.tostring(p, encoding="unicode") == (
        '<p>высшее образование и общее <span style="hyphens: manual">образование,</span> и всё</p>')


def test_a_word_bound_to_others_is_kept_whole_inside_their_group():
    """The span of no style starts where the line may break (before `о`, not inside the bound
    group); the bound words stay hyphenated; a paragraph's last word may lose its binding."""
    p = ET.fromstring("<p>говорить о\xa0развитии демократии, о\xa0политической\xa0свободе.</p>")
    assert linebreaks.keep_whole(linebreaks.Split(p, "разви", "тии", "о"))
    assert ET.tostring(p, encoding="unicode") == (
        '<p>говорить <span>о\xa0<span style="hyphens: manual">развитии</span></span> демократии, '
        'о\xa0политической\xa0свободе.</p>')
    assert linebreaks.keep_whole(linebreaks.Split(p, "сво", "боде.", "политической", last=True))
    last = list(p)[-1]
    assert (last.tail or "", last.text, last.get("style")) == ("", "свободе.", "hyphens: manual")
    assert "о\xa0политической свободе." in "".join(p.itertext())
    # Not the last word: its bindings stay.
    p = ET.fromstring("<p>говорить о\xa0политической\xa0свободе.</p>")
    assert linebreaks.keep_whole(linebreaks.Split(p, "поли", "тической", "о", last=True))
    assert "о\xa0политической\xa0свободе." in "".join(p.itertext())


def test_a_word_begun_in_emphasis_is_kept_whole_with_its_end():
    """`**бесп**репятственно`: the word is in two elements' texts; wherever it broke, the
    emphasis and the word's end (with its punctuation) go into one span not hyphenated."""
    for body, split in (("по <strong>социа</strong>льным, вопросам", ("социа-", "льным", "по")),
                        ("свободу <em>бесп</em>репятственно искать", ("беспрепят-", "ственно", "свободу"))):
        p = ET.fromstring(f"<p>{body}</p>")
        element = p if split[0].endswith("ят-") else p[0]
        assert linebreaks.keep_whole(linebreaks.Split(element, *split, block=p))
        (span,) = list(p)
        assert span.get("style") == "hyphens: manual" and span[0].tag in ("strong", "em")
        assert "".join(span.itertext()) in ("социальным,", "беспрепятственно")
        assert "".join(p.itertext()) == "".join(ET.fromstring(f"<p>{body}</p>").itertext())  # not a letter moved


def test_the_print_edition_has_a_slug_area_with_marks_and_a_slug_line(tmp_path):
    page = ('<!DOCTYPE html><html lang="ru"><body class="edition sequential" data-version="v2.0">'
            '<div class="running-head" data-running-head="Декларация"></div><p>Текст.</p></body></html>')
    for registration in (False, True):
        options = PdfOptions(Paper("A5", 148, 210), bleed=True, registration_marks=registration)
        out = tmp_path / f"print-{registration}.pdf"
        out.write_bytes(render_pdf.write_pdf(page, STYLES, options, tmp_path, None))
        with pdfplumber.open(out) as doc:
            p = doc.pages[0]
            media, trim, bleed = (p.page_obj.attrs[k] for k in ("MediaBox", "TrimBox", "BleedBox"))
            assert [round(v / MM, 1) for v in trim] == [0, 0, 148, 210]
            assert [round(v / MM, 1) for v in bleed] == [-BLEED_MM, -BLEED_MM, 148 + BLEED_MM, 210 + BLEED_MM]
            assert [round(v / MM, 1) for v in media] == [-(BLEED_MM + SLUG_MM)] * 2 + [148 + BLEED_MM + SLUG_MM,
                                                                                      210 + BLEED_MM + SLUG_MM]
            # In pdfplumber's coordinates (x as in the PDF, top down from the MediaBox's top).
            left, top = 0.0, p.bbox[1] + float(media[3]) - float(trim[3])
            right, bottom = left + 148 * MM, top + 210 * MM
            out = BLEED_MM * MM
            marks = [ln for ln in p.lines if ln["x1"] < left or ln["x0"] > right or ln["bottom"] < top or ln["top"] > bottom]
            assert len(marks) == 8 if not registration else len(marks) > 8  # two strokes at each corner
            for ln in marks:  # none reaches into the bleed
                assert (ln["x1"] < left - out or ln["x0"] > right + out or ln["bottom"] < top - out
                        or ln["top"] > bottom + out), ln
            slug = " ".join(w["text"] for w in p.extract_words() if w["top"] > bottom + out)
            assert slug == "Декларация · v2.0 · 1"
            assert bool(p.curves) == registration  # the registration marks' circles


def test_epub_titles_and_headings_are_never_hyphenated(tmp_path):
    """The EPUB's text carries soft hyphens (e-readers know no Kazakh); its title, headings and
    draft mark must not break at them. Its Kazakh chapter, laid out on a narrow screen (by
    WeasyPrint, standing in for an e-reader): the long title wraps, at spaces only."""
    root = copy_project(DECLARATION, tmp_path / "project")
    run = run_cli("-C", str(root), "-q", "build", "--epub")
    assert run.code == 0, run.err
    book = tmp_path / "book"
    with zipfile.ZipFile(root / "dist" / "udhr.epub") as z:
        z.extractall(book)
    chapter = (book / "EPUB" / "kk.xhtml").read_text("utf-8")
    assert "\u00ad" in chapter
    out = tmp_path / "screen.pdf"
    out.write_bytes(render_pdf.write_pdf(chapter, None, Paper("screen", 80, 120), book / "EPUB", None))
    with pdfplumber.open(out) as doc:
        lines = [line["text"] for page in doc.pages[:3] for line in page.extract_text_lines()
                 if "Sans-Bold" in line["chars"][0]["fontname"]]
    title = [line for line in lines if line.isupper()]
    assert len(title) >= 3, lines  # the title wraps
    assert not [line for line in lines if line.endswith(("-", "\u2010"))], lines


def test_the_checker_finds_an_orphan_and_a_widow(tmp_path):
    """Widow and orphan control switched off, and a justified paragraph placed so that one line of
    it fits at the foot of the first page (an orphan); then so that all but its last line do (a
    widow). The page is A5: 176 mm between the margins."""
    text = " ".join(["Каждый человек имеет право на свободу мысли, совести и религии."] * 12)
    style = "orphans: 1; widows: 1; line-height: 20pt; text-align: justify; text-indent: 0"

    def laid_out(name: str, room_pt: float) -> pagecheck.Figures:
        page = (f'<!DOCTYPE html><html lang="ru"><body class="edition sequential">'
                f'<div style="height: calc(176mm - {room_pt}pt)"></div><p style="{style}">{text}</p></body></html>')
        out = tmp_path / f"{name}.pdf"
        out.write_bytes(render_pdf.write_pdf(page, STYLES, Paper("A5", 148, 210), tmp_path, None))
        return pagecheck.check(out, 1)

    orphan = laid_out("orphan", 30)
    assert (orphan.orphans, orphan.widows) == (1, 0), orphan.faults
    with pdfplumber.open(tmp_path / "orphan.pdf") as doc:
        rest = [ln for ln in doc.pages[1].extract_text_lines() if not ln["text"].isdigit()]
    widow = laid_out("widow", 20 * len(rest) + 10)  # room for every line but the last
    assert (widow.orphans, widow.widows) == (0, 1), widow.faults


@pytest.mark.parametrize("layout", ["parallel", "sequential"])
def test_a_word_longer_than_its_column_stays_on_the_page(tmp_path, layout):
    """A web address longer than a column, and a paragraph's words all bound by no-break spaces,
    have no place to break: they are broken anywhere rather than run across the other column or
    off the page. Its `w` and `q` are all in the Russian text: every one of them is in the
    PDF, in its column (the left half of the page, side by side)."""
    url = "https://example.org/" + "w" * 300
    glued = "\u00a0".join(["q"] * 400)
    ru = f"---\ntitle: Испытание\n---\n\nАдрес {url} и далее.\n\n{glued}\n"
    kk = "---\ntitle: Сынақ\n---\n\nМекенжай және одан әрі.\n\nБайланысқан сөздер.\n"
    root = make_project(tmp_path, {"sources/long/ru.md": ru, "sources/long/kk.md": kk})
    run = run_cli("-C", str(root), "-q", "build", "--pdf", "-j", "1", "--layout", layout, "--paper", "A5")
    assert run.code == 0, run.err
    with pdfplumber.open(root / "dist" / "long.pdf") as doc:
        latin = [(c, page.width) for page in doc.pages for c in page.chars if c["text"] in "qw"]
    assert len(latin) == url.count("w") + glued.count("q")
    right = max(c["x1"] / width for c, width in latin)
    assert right < (0.5 if layout == "parallel" else 0.95), right


@pytest.mark.parametrize("layout", ["parallel", "sequential"])
def test_a_word_with_a_note_call_is_kept_whole_at_a_page_end(tmp_path, layout):
    """The Constitution with a note called after every long word: a word hyphenated at the foot
    of a column is kept whole even when the note's number follows its end (read as one word with
    it, `нительную34`, it was found nowhere in the text, and the word stayed split)."""
    files = {}
    for lang, note in (("ru", "См. закон."), ("kk", "Заңды қараңыз.")):
        text = (REPO / "tests" / "fixtures" / "constitution" / f"{lang}-2022.md").read_text("utf-8")
        head, body = text.split("---\n", 2)[1:]
        body = re.sub(r"(?m)^(?!#)(.*)$", lambda m: re.sub(r"\b([^\W\d_]{7,})\b", rf"\1^[{note}]", m.group(1)), body)
        files[f"sources/constitution/{lang}.md"] = f"---\n{head}---\n{body}"
    root = make_project(tmp_path, files)
    run = run_cli("-C", str(root), "-q", "build", "--pdf", "-j", "1", "--layout", layout, "--paper", "A5")
    assert run.code == 0, run.err
    figures = pagecheck.check(root / "dist" / "constitution.pdf", 2 if layout == "parallel" else 1)
    assert figures.pages >= 8
    assert figures.split_words == 0, [fault for fault in figures.faults if fault.startswith("split")]


def test_a_table_in_a_column_stays_in_it(tmp_path):
    """A table in the parallel layout is as wide as its content asks, and its cells are not
    hyphenated but at a compound's own hyphen: a compound kept whole there (a third hyphenated
    line in a row) widened the table across the rule, over the Kazakh table. Every word of the
    Russian table stays left of the page's middle."""
    cell = "административно-территориальное социально-экономическое финансово-хозяйственное научно-техническое"
    ru = "| Пункт | Содержание |\n|---|---|\n" + "\n".join(f"| {n} | {cell} |" for n in range(1, 13))
    kk = "| Тармақ | Мазмұны |\n|---|---|\n" + "\n".join(f"| {n} | әкімшілік-аумақтық әлеуметтік-экономикалық |"
                                                       for n in range(1, 13))
    root = make_project(tmp_path, {"sources/t/ru.md": f"---\ntitle: Таблица\n---\n\n{ru}\n",
                                   "sources/t/kk.md": f"---\ntitle: Кесте\n---\n\n{kk}\n"})
    run = run_cli("-C", str(root), "-q", "build", "--pdf", "-j", "1", "--layout", "parallel", "--paper", "A5")
    assert run.code == 0, run.err
    russian = set(re.findall(r"[а-я]+", cell))
    with pdfplumber.open(root / "dist" / "t.pdf") as doc:
        placed = [(w["x1"], page.width / 2) for page in doc.pages for w in page.extract_words()
                  if set(re.findall(r"[а-я]+", w["text"])) & russian]
    assert len(placed) >= 12
    assert all(x1 < middle for x1, middle in placed), max(x1 - middle for x1, middle in placed)


def test_a_paragraph_all_bound_by_no_break_spaces_is_laid_out_once(tmp_path, monkeypatch):
    """Its lines can break only inside the one group of bound words, hyphenated: no word of it is
    kept whole (each one kept made the next layout slower, and six layouts of 20,000 such
    characters took ten times one), and every word is in the PDF."""
    text = (REPO / "tests" / "fixtures" / "constitution" / "ru-2022.md").read_text("utf-8").split("---\n", 2)[2]
    glued = "\u00a0".join(re.findall(r"[А-Яа-яЁё]+", text))
    layouts = []
    laid_out = linebreaks.laid_out
    monkeypatch.setattr(linebreaks, "laid_out", lambda render: laid_out(lambda: layouts.append(1) or render()))
    page = f'<!DOCTYPE html><html lang="ru"><body class="edition sequential"><p>{glued}</p></body></html>'
    out = tmp_path / "glued.pdf"
    out.write_bytes(render_pdf.write_pdf(page, STYLES, Paper("A5", 148, 210), tmp_path, None))
    assert len(layouts) == 1
    assert missing_in_order(glued.split("\u00a0"), pdf_letters(out), max_gap=10**9) == []
