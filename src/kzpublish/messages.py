"""What kzpublish says to its user, in the user's language: Russian, Kazakh or English.

Messages are written in English in the code, marked with `_()` (`ngettext()` for counts: it
fills in `{n}`), and translated in gettext catalogs: `locale/<lang>/LC_MESSAGES/kzpublish.po`,
compiled to `.mo` (`make translations` extracts the marked messages with Babel, updates the
catalogs and compiles them). A message not translated yet is said in English: nothing fails at run time.

The language: `--lang`, else `KZPUBLISH_LANG`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`),
else English. The catalogs are read with the standard library's gettext: Babel, a tenth of a
second to import, is a tool of the translators, not of every start.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "kzpublish"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
UI_LANGUAGES = ("en", "ru", "kk")
"""The languages kzpublish speaks; English is the one the messages are written in."""

_translations: gettext.NullTranslations = gettext.NullTranslations()


def choose(asked: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
    """The language to speak: --lang, else KZPUBLISH_LANG (either when it names one of ours),
    else the locale as the C library reads it — the first of LC_ALL, LC_MESSAGES, LANG that is
    set (`kk_KZ.UTF-8` names kk) — else English."""
    for value in (asked, environ.get("KZPUBLISH_LANG")):
        if _code(value) in UI_LANGUAGES:
            return _code(value)
    locale = next((environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(name)), "")
    return _code(locale) if _code(locale) in UI_LANGUAGES else "en"


def _code(value: str | None) -> str:
    return (value or "").split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()


def use(lang: str) -> None:
    """Speak `lang` from now on."""
    global _translations
    _translations = gettext.translation(DOMAIN, LOCALE_DIR, [lang], fallback=True)


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a count's message for `n` (`{n} problem(s)`: 1 проблема, 5 проблем), with `{n}`
    filled in."""
    return _translations.ngettext(singular, plural, n).format(n=n)


def grouped(n: int) -> str:
    """1 000 000: thousands apart by a space, as Russian and Kazakh write them (in every message,
    whatever the language spoken)."""
    return f"{n:,}".replace(",", " ")


def N_(message: str) -> str:
    """Marks a message for translation where it is defined; `_()` translates it where it is said."""
    return message
