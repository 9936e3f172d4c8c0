"""WeasyPrint's line breaker with kzpublish's limits on hyphenation (render/hyphen_limits.py):
words hyphenated across a page or column break, runs of hyphenated lines and paragraphs ending in
a word's tail avoided as lines are made, compounds kept from breaking at their own hyphen where a
line must not be hyphenated. The text is made to provoke them: long official words and
compounds, in A5's narrow columns. Each figure is compared with WeasyPrint's own breaker on the
same text (the control: it shows the faults)."""

from __future__ import annotations

import random
import re

import pagecheck
import pdfplumber
import pytest
from conftest import REPO, make_project, run_cli
from readback import missing_in_order, source_words, words

from kzpublish.render import hyphen_limits, linebreaks

RU = ["государственного", "конституционного", "представительных", "исполнительной", "законодательства", "общественно-политической", "социально-экономического", "муниципальных", "образований", "самоуправления", "ответственности", "гражданами", "предусмотренных", "международными", "обязательствами", "Республики", "Казахстан", "нормативных", "правовых", "актов", "уполномоченного", "органа", "научно-технического", "сотрудничества", "соответствующих", "территориальных", "подразделений", "и", "в", "на", "по", "для", "от", "с", "о", "к", "не", "что", "это", "как", "его", "при"]
KK = ["мемлекеттік", "конституциялық", "өкілді", "атқарушы", "заңнамалық", "қоғамдық-саяси", "әлеуметтік-экономикалық", "жергілікті", "өзін-өзі", "басқару", "жауапкершілігін", "азаматтардың", "көзделген", "халықаралық", "міндеттемелерін", "Қазақстан", "Республикасының", "нормативтік", "құқықтық", "актілерін", "уәкілетті", "органның", "ғылыми-техникалық", "ынтымақтастығы", "тиісті", "аумақтық", "бөлімшелері", "және", "мен", "да", "де", "бен", "үшін", "бойынша", "осы", "сол", "бар", "жоқ", "бір", "екі", "әр"]


def _text(rng: random.Random, vocabulary: list[str], title: str) -> str:
    paragraphs = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(12, 60))).capitalize() + "."
                  for _ in range(40)]
    return f"---\ntitle: {title}\n---\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.fixture(scope="module")
def long_words(tmp_path_factory):
    rng = random.Random(7)
    return {"sources/laws/ru.md": _text(rng, RU, "Закон"), "sources/laws/kk.md": _text(rng, KK, "Заң")}


def _letters(pdf, columns: int, column: int) -> str:
    """The letters of one column's text (not the table head, the running head or the page
    number), page after page, as the page checker reads them."""
    with pdfplumber.open(pdf) as doc:
        lines = [line.text for n, page in enumerate(doc.pages, 1) for line in pagecheck._lines(page, n, columns)
                 if line.column == column and line.kind != "furniture"]
    return "".join(words("\n".join(lines)))


FAULTS = ("split_words", "hyphen_runs", "tail_last_lines")


def _build(root, layout: str) -> pagecheck.Figures:
    run = run_cli("-C", str(root), "-q", "build", "--pdf", "-j", "1", "--layout", layout, "--paper", "A5", "--force")
    assert run.code == 0, run.err
    return pagecheck.check(root / "dist" / "laws.pdf", 2 if layout == "parallel" else 1)


@pytest.mark.parametrize("layout", ["parallel", "sequential"])
def test_one_layout_avoids_most_faults_and_the_layouts_after_it_add_none(tmp_path, monkeypatch, long_words, layout):
    """On A5, where columns are narrowest. In one layout: a quarter of the faults of WeasyPrint's
    own breaker or fewer, and no short line. With `linebreaks`'s layouts after it: no more faults
    or short lines than after the first, and every word there. (What is left is by design: a line
    that would fill less than `FILL` of its column keeps its hyphen.)"""
    root = make_project(tmp_path, long_words)
    figures = {}
    for active, rounds in ((False, 1), (True, 1), (True, linebreaks.ROUNDS)):
        monkeypatch.setattr(hyphen_limits, "ACTIVE", active)
        monkeypatch.setattr(linebreaks, "ROUNDS", rounds)
        figures[active, rounds] = _build(root, layout)
    greedy, one, now = figures.values()
    count = lambda f: sum(f.counts[name] for name in FAULTS)
    assert count(greedy) >= 10, greedy.faults  # the text provokes them
    assert 4 * count(one) <= count(greedy), one.faults
    # No line the breaker sets again fills less than `FILL` (42 %) of its column; the layouts
    # after it keep every fix that made no short line; neither adds a fault.
    assert one.short_lines == 0 and now.short_lines <= one.short_lines, now.faults
    assert count(now) <= count(one) and now.split_words <= one.split_words, now.faults
    columns = 2 if layout == "parallel" else 1
    for n, lang in enumerate(("ru", "kk")):
        letters = _letters(root / "dist" / "laws.pdf", columns, n + 1 if columns > 1 else 0)
        assert missing_in_order(source_words(root / "sources" / "laws" / f"{lang}.md"), letters, max_gap=10**9) == []


def test_a_compound_stays_whole_where_a_line_must_not_be_hyphenated(tmp_path, monkeypatch):
    """A column of compounds only, laid out once: a third line in a row would end at a
    compound's own hyphen, and does not."""
    monkeypatch.setattr(linebreaks, "ROUNDS", 1)
    rng = random.Random(3)
    compounds = [w for w in RU + KK if "-" in w]
    body = "\n\n".join(" ".join(rng.choice(compounds) for _ in range(40)) for _ in range(30))
    root = make_project(tmp_path, {"sources/c/ru.md": f"---\ntitle: Составные\n---\n\n{body}\n"})
    figures = {}
    for active in (False, True):
        monkeypatch.setattr(hyphen_limits, "ACTIVE", active)
        run = run_cli("-C", str(root), "-q", "build", "--pdf", "-j", "1", "--force")
        assert run.code == 0, run.err
        figures[active] = pagecheck.check(root / "dist" / "c.pdf", 1)
    assert figures[False].hyphen_runs > 0, figures[False].faults
    assert (figures[True].split_words, figures[True].hyphen_runs, figures[True].short_lines) == (0, 0, 0), \
        figures[True].faults


def _page_lines(root, text: str) -> list[str]:
    """The lines of the first page of a one-document project whose ru.md body is `text`."""
    make_project(root, {"sources/t/ru.md": f"---\ntitle: Строки\n---\n\n{text}\n"})
    run = run_cli("-C", str(root), "-q", "build", "--pdf", "-j", "1", "--paper", "A5", "--force")
    assert run.code == 0 and run.err == "", run.err
    with pdfplumber.open(root / "dist" / "t.pdf") as doc:
        return doc.pages[0].extract_text().splitlines()


def test_a_word_longer_than_the_line_is_hyphenated_where_it_breaks(tmp_path):
    """A paragraph of one word longer than a line: its last line is the word's tail, and laying
    the line before it again without hyphenation would cut the word anywhere (`overflow-wrap`),
    with no hyphen: two words to a reader. Every line of the word but its last ends with one."""
    word = "".join(w for w in RU if len(w) > 12 and "-" not in w)[:90]
    lines = [line for line in _page_lines(tmp_path, f"Начало.\n\n{word}\n\nКонец.") if line.rstrip("-") in word]
    assert "".join(line.rstrip("-") for line in lines) == word, lines
    assert len(lines) > 1 and all(line.endswith("-") for line in lines[:-1]), lines


def test_a_hyphen_before_a_line_break_of_a_code_block_is_not_a_hyphenated_line(tmp_path):
    """A code block keeps its own lines: a line of it ending in a hyphen, a word on the next, is
    not a word hyphenated before a paragraph's last line, and is not set again ending earlier."""
    code = "общие слова государственного конституционного пред-"
    lines = _page_lines(tmp_path, f"Начало.\n\n```\n{code}\nставительных\n```\n\nКонец.")
    assert code in lines, lines


def test_a_paragraph_with_notes_is_not_laid_out_twice(tmp_path):
    """A project's styles that make notes (`position: note()`): WeasyPrint registers a note each
    time a line holding its call is laid out, so such a paragraph's lines are never set again —
    each note is there once."""
    rng = random.Random(1)
    notes = 30
    body = "\n\n".join(" ".join([*(rng.choice(RU) for _ in range(15)), f"[N{n}X]{{.n}}", *(rng.choice(RU) for _ in range(15))])
                       for n in range(notes))
    own = (REPO / "styles" / "print.css").read_text("utf-8") + "\nspan.n { position: note(note); }\n"
    root = make_project(tmp_path, {"sources/n/ru.md": f"---\ntitle: Примечания\n---\n\n{body}\n", "styles/print.css": own})
    run = run_cli("-C", str(root), "-q", "build", "--pdf", "-j", "1", "--paper", "A5")
    assert run.code == 0, run.err
    with pdfplumber.open(root / "dist" / "n.pdf") as pdf:
        found = re.findall(r"N\d+X", "".join(page.extract_text() for page in pdf.pages))
    assert sorted(found) == sorted(f"N{n}X" for n in range(notes))
