"""What kzpublish says, in Russian, Kazakh or English: the gettext catalogs read back (every
message marked in the code has all three, with the same placeholders; the compiled catalogs say
what the sources say), the language chosen by --lang, KZPUBLISH_LANG or the locale, and the real
command speaking Kazakh. Dates and month names checked against CLDR through Babel."""

from __future__ import annotations

import datetime as dt
import gettext
import os
import re
import subprocess
import sys

import pytest
from babel.dates import get_month_names
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from conftest import make_project, run_cli
from kzpublish import i18n, messages

LOCALE = messages.LOCALE_DIR
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def catalog(lang: str | None):
    path = LOCALE / "kzpublish.pot" if lang is None else LOCALE / lang / "LC_MESSAGES" / "kzpublish.po"
    with open(path, "rb") as f:
        return read_po(f, locale=lang)


def ids(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def test_the_template_holds_every_message_marked_in_the_code():
    """A message marked with _() but missing from the template: run `make translations`."""
    marked = {m[2] if isinstance(m[2], str) else m[2][0]
              for m in extract_from_dir(str(LOCALE.parent), method_map=[("**.py", "python")])}
    template = {ids(m)[0] for m in catalog(None) if m.id}
    assert marked - template == set(), "run `make translations`, then translate the new messages"
    assert template - marked == set(), "run `make translations`: the template has messages the code no longer says"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_message_has_its_translation(lang):
    translated = {ids(m)[0]: m for m in catalog(lang) if m.id}
    for message in catalog(None):
        if not message.id:
            continue
        found = translated.get(ids(message)[0])
        assert found is not None, f"{lang}: no translation of {message.id!r}"
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        assert all(strings) and not found.fuzzy, f"{lang}: {message.id!r} is untranslated or fuzzy"
        for s in strings:
            assert sorted(PLACEHOLDER.findall(s)) == sorted(PLACEHOLDER.findall(ids(message)[0])), f"{lang}: {s!r}"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_compiled_catalogs_say_what_the_sources_say(lang):
    compiled = gettext.translation(messages.DOMAIN, LOCALE, [lang])
    source = catalog(lang)
    plural = gettext.c2py(source.plural_expr)
    for m in source:
        if m.id and not isinstance(m.id, tuple):
            assert compiled.gettext(m.id) == m.string, "run `make translations` to compile the catalogs"
        elif m.id:
            for n in (1, 2, 5):
                assert compiled.ngettext(*m.id, n) == m.string[plural(n)], "run `make translations`"


def test_plural_forms_follow_the_language():
    messages.use("ru")
    try:
        assert [messages.ngettext("{n} problem(s)", "{n} problem(s)", n) for n in (1, 3, 5, 21)] == [
            "1 проблема", "3 проблемы", "5 проблем", "21 проблема"]
        messages.use("kk")
        assert messages.ngettext("{n} problem(s)", "{n} problem(s)", 5) == "5 ақау"
    finally:
        messages.use("en")


def test_a_message_not_translated_yet_is_said_in_english():
    messages.use("kk")
    try:
        assert messages._("a message added since the catalogs were made") == "a message added since the catalogs were made"
        assert messages._("no problems") == "ақау жоқ"
    finally:
        messages.use("en")


@pytest.mark.parametrize("asked, environ, lang", [
    (None, {}, "en"),
    (None, {"LANG": "kk_KZ.UTF-8"}, "kk"),
    (None, {"LANG": "ru_RU.UTF-8", "LC_ALL": "C.UTF-8"}, "en"),  # C names no language: the next one counts
    (None, {"LANG": "de_DE.UTF-8"}, "en"),
    (None, {"LC_MESSAGES": "ru_KZ.UTF-8", "LANG": "kk_KZ.UTF-8"}, "ru"),
    (None, {"KZPUBLISH_LANG": "kk", "LANG": "ru_RU.UTF-8"}, "kk"),
    ("ru", {"KZPUBLISH_LANG": "kk"}, "ru"),
])
def test_the_language_is_chosen_by_option_variable_and_locale(asked, environ, lang):
    assert messages.choose(asked, environ) == lang


def test_lang_kk_build_speaks_kazakh(tmp_path):
    root = make_project(tmp_path, {"sources/bad/ru.md": "---\ndate: 2020-01-01\n---\n",
                                   "sources/good/ru.md": "---\ntitle: Т\n---\n\nТекст.\n"})
    env = {k: v for k, v in os.environ.items() if k not in ("KZPUBLISH_LANG", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = "kk_KZ.UTF-8"
    proc = subprocess.run([sys.executable, "-m", "kzpublish", "-C", str(root), "build", "--epub"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 1
    assert "қате: sources/bad/ru.md:1: файл тақырыбында 'title' жоқ\n  кеңес: файлдың басындағы YAML блогына" in proc.stderr
    assert "1 ақау; 1 файл жазылды; жиналмады: bad" in proc.stderr, proc.stderr
    assert "(0/1 дайын)" in proc.stderr


def test_help_in_each_language():
    assert "использование: kzpublish" in run_cli("--lang", "ru").out
    assert "мысалдар:\n  kzpublish build" in run_cli("--lang", "kk", "build", "--help").out
    english = run_cli("--lang", "en", "build", "--help").out
    assert "usage: kzpublish build" in english and "examples:" in english
    assert run_cli("--lang=kk", "history", "--help").out.startswith("қолданылуы:")


def test_history_lang_still_names_a_translation(tmp_path):
    """`--lang` after the command belongs to it: `history --lang kk` is the Kazakh translation."""
    root = make_project(tmp_path, {"sources/d/kk.md": "---\ntitle: Т\n---\n\nМәтін.\n"})
    run = run_cli("-C", str(root), "history", "d", "--lang", "kk")
    assert run.code == 1 and "is not in a git repository" in run.err  # the command ran: not a usage error (2)
    assert run_cli("-C", str(root), "history", "d", "--lang", "xx").code == 2


def test_month_names_are_cldrs():
    """The month names kzpublish prints are CLDR's (its format forms: the Russian genitive);
    kzpublish keeps them in a table of its own, with the other forms it reads, because Babel
    costs a tenth of a second at every start."""
    for lang in ("ru", "kk"):
        assert [forms[0] for forms in i18n.LANGUAGES[lang].months] == list(get_month_names("wide", "format", lang).values())


def test_dates_against_cldr():
    """The Russian long date is CLDR's, with no-break spaces; the Kazakh one is not: CLDR writes
    `2019 ж. 21 мамыр`, documents write the year out, `2019 жылғы 21 мамыр`."""
    from babel.dates import format_date

    day = dt.date(2019, 5, 21)
    assert i18n.format_date(day, "ru").replace("\u00a0", " ") == format_date(day, "long", locale="ru").replace("\u202f", " ")
    assert format_date(day, "long", locale="kk") != i18n.format_date(day, "kk").replace("\u00a0", " ")
