"""The glyph coverage gate, look-alike letters, and `kzpublish check [--fix]`."""

from __future__ import annotations

import pytest

from conftest import make_project, run_cli
from kzpublish.glyphs import lacking
from kzpublish.lookalikes import find_lookalikes
from kzpublish.sources import SourceFile
from kzpublish.typography.rules import NBHYPHEN, NBSP, NNBSP


def test_every_character_typography_writes_is_in_the_fonts():
    for char in "«»„“—–…№" + NBSP + NNBSP + NBHYPHEN + "\u00ad" + "әғқңөұүһіӘҒҚҢӨҰҮҺІ":
        assert lacking(char) == [], repr(char)


def test_a_missing_glyph_stops_the_build_with_its_place_and_name(tmp_path):
    root = make_project(tmp_path, {"sources/d/kk.md": "---\ntitle: Бағасы\n---\n\nБағасы 100 ₸.\n"})
    run = run_cli("-C", str(root), "build")
    assert run.code == 1
    assert ("error: sources/d/kk.md:5:12: U+20B8 TENGE SIGN ('₸') is not in the fonts: "
            "PT Serif, PT Sans lack(s) it") in run.err
    assert not (root / "dist").exists() or not any((root / "dist").iterdir())


def source(text: str, lang: str = "kk") -> SourceFile:
    return SourceFile(f"sources/d/{lang}.md", lang, text)


@pytest.mark.parametrize("text, lang, word, fixed", [
    ("Бiз келдік", "kk", "Бiз", "Біз"),              # Latin i for і
    ("жəне", "kk", "жəне", "және"),                   # Latin schwa for ә
    ("Аhмет", "kk", "Аhмет", "Аһмет"),                # Latin h for һ
    ("Пaриж", "ru", "Пaриж", "Париж"),                # Latin a
    ("OРДА", "ru", "OРДА", "ОРДА"),                   # Latin O in capitals
    ("Pаris", "ru", "Pаris", "Paris"),                # Cyrillic а in a Latin word
    ("билiк", "ru", "билiк", None),                   # Latin i in Russian: і or и? not sure
    ("Mоscow-ға", "kk", "Mоscow", "Moscow"),
])
def test_lookalikes(text, lang, word, fixed):
    (hit,) = find_lookalikes(source(text, lang))
    assert (hit.word, hit.fixed) == (word, fixed)


def test_clean_text_has_no_lookalikes():
    assert find_lookalikes(source("Біз, Қазақстандықтар - iPhone және Windows 10 үшін.")) == []


def test_check_reports_and_fix_rewrites_only_the_letters(tmp_path):
    original = "---\r\ntitle: Тест\r\n---\r\n\r\nБiз келдік, Пaриж. Text stays.\r\n"
    root = make_project(tmp_path, {"sources/d/kk.md": ("\ufeff" + original).encode()})
    run = run_cli("-C", str(root), "check")
    assert run.code == 1
    assert "error: sources/d/kk.md:5:1: look-alike letters in 'Бiз': Latin 'i' (U+0069) for Cyrillic 'і' (U+0456)" in run.err
    assert "sources/d/kk.md:5:13: look-alike letters in 'Пaриж'" in run.err

    run = run_cli("-C", str(root), "check", "--fix")
    assert run.code == 0, run.err
    assert run.out.splitlines() == [
        "fixed sources/d/kk.md:5:1: 'Бiз' → 'Біз'",
        "fixed sources/d/kk.md:5:13: 'Пaриж' → 'Париж'",
    ]
    data = (root / "sources/d/kk.md").read_bytes()
    assert data == ("\ufeff" + original.replace("Бiз", "Біз").replace("Пaриж", "Париж")).encode()
    assert run_cli("-C", str(root), "check").code == 0


def test_build_warns_about_lookalikes_and_still_builds(tmp_path):
    root = make_project(tmp_path, {"sources/d/kk.md": "---\ntitle: Тест\n---\n\nБiз келдік.\n"})
    run = run_cli("-C", str(root), "-q", "build", "--pdf")
    assert run.code == 0
    assert "warning: sources/d/kk.md:5:1: look-alike letters in 'Бiз'" in run.err
    assert run_cli("-C", str(root), "-q", "build", "--pdf", "--strict").code == 1


def test_check_names_front_matter_problems_too(tmp_path):
    root = make_project(tmp_path, {"sources/d/ru.md": "---\ndate: 2020-01-01\n---\n\nТекст.\n",
                                   "sources/e/ru.md": "---\ntitle: Хорошо\n---\n\nТекст.\n"})
    run = run_cli("-C", str(root), "check")
    assert run.code == 1 and "sources/d/ru.md:1: front matter has no 'title'" in run.err
    assert run_cli("-C", str(root), "check", "e").code == 0
