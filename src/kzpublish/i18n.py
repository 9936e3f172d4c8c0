"""What kzpublish itself says in each language: language names, terms, dates.

Pandoc has no Kazakh term translations, so the pipeline never asks pandoc for terms: every word
that kzpublish adds to an edition comes from this table.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    """BCP 47 tag, also the source file name (`ru.md`)."""
    name: str
    """The language's name in itself, as shown to readers."""
    short: str
    """A short label for links between translations."""
    contents: str
    """Heading of a table of contents."""
    months: tuple[tuple[str, ...], ...]
    """Per month, the forms a written date may use; the first is the one we print."""
    colophon: tuple[str, str, str, str]
    """Labels of the colophon: version, commit, date of the commit, languages."""
    draft: str
    """The mark on every page of an edition made from uncommitted text."""


RU = Language(
    code="ru",
    name="Русский",
    short="рус",
    contents="Содержание",
    colophon=("Версия", "Коммит", "Дата коммита", "Языки"),
    draft="ЧЕРНОВИК — изменения не зафиксированы",
    months=(
        ("января", "январь", "январе"), ("февраля", "февраль", "феврале"),
        ("марта", "март", "марте"), ("апреля", "апрель", "апреле"), ("мая", "май", "мае"),
        ("июня", "июнь", "июне"), ("июля", "июль", "июле"), ("августа", "август", "августе"),
        ("сентября", "сентябрь", "сентябре"), ("октября", "октябрь", "октябре"),
        ("ноября", "ноябрь", "ноябре"), ("декабря", "декабрь", "декабре"),
    ),
)

KK = Language(
    code="kk",
    name="Қазақша",
    short="қаз",
    contents="Мазмұны",
    colophon=("Нұсқа", "Коммит", "Коммит күні", "Тілдер"),
    draft="ЖОБА — өзгерістер тіркелмеген",
    # Kazakh month names take case endings (мамырда, мамырдағы): matched as prefixes.
    months=(
        ("қаңтар",), ("ақпан",), ("наурыз",), ("сәуір",), ("мамыр",), ("маусым",),
        ("шілде",), ("тамыз",), ("қыркүйек",), ("қазан",), ("қараша",), ("желтоқсан",),
    ),
)

LANGUAGES: dict[str, Language] = {lang.code: lang for lang in (RU, KK)}

DRAFT = "DRAFT — uncommitted changes"
"""The draft mark in English, for the metadata and beside the marks in the document's languages."""

NBSP = "\u00a0"


def format_date(date: dt.date, lang: str) -> str:
    """A date as a reader of `lang` writes it: `21 мая 2019 г.`, `2019 жылғы 21 мамыр`."""
    month = LANGUAGES[lang].months[date.month - 1][0]
    if lang == "kk":
        return f"{date.year}{NBSP}жылғы {date.day}{NBSP}{month}"
    return f"{date.day}{NBSP}{month} {date.year}{NBSP}г."


_TOKEN = re.compile(r"\d+|[^\W\d_]+")
_YEAR_WORDS = {"г", "года", "году", "год", "жыл", "жылы", "жылғы"}


def parse_written_date(text: str) -> dt.date | None:
    """Read a date written in words (`21 мая 2019г.`, `2019 жылғы 21 мамыр`) or as ISO
    (`2019-05-21`); None when it is neither."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        pass
    day = month = year = None
    for token in _TOKEN.findall(text.lower()):
        if token.isdigit():
            if len(token) == 4 and year is None:
                year = int(token)
            elif len(token) <= 2 and day is None:
                day = int(token)
            else:
                return None
        elif token in _YEAR_WORDS:
            continue
        elif month is None and (found := _month_number(token)):
            month = found
        else:
            return None
    if day is None or month is None or year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_number(word: str) -> int | None:
    for number, forms in enumerate(RU.months, 1):
        if word in forms:
            return number
    for number, (stem,) in enumerate(KK.months, 1):
        if word.startswith(stem):
            return number
    return None
