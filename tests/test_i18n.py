import datetime as dt

import pytest

from kzpublish.i18n import format_date, parse_written_date


@pytest.mark.parametrize("text, date", [
    ("21 мая 2019г.", dt.date(2019, 5, 21)),
    ("21 мая 2019 г.", dt.date(2019, 5, 21)),
    ("1 декабря 1991 года", dt.date(1991, 12, 1)),
    ("2019-06-18", dt.date(2019, 6, 18)),
    ("2019 жылғы 21 мамыр", dt.date(2019, 5, 21)),
    ("21 мамыр 2019 жылы", dt.date(2019, 5, 21)),
    ("16 желтоқсан 1986 жыл", dt.date(1986, 12, 16)),
    ("9 маусымда 2019", dt.date(2019, 6, 9)),
])
def test_written_dates(text, date):
    assert parse_written_date(text) == date


@pytest.mark.parametrize("text", ["позавчера", "31 февраля 2019", "мая 2019", "21 мая", "21 мая 2019 вечером", "2019-13-01"])
def test_not_dates(text):
    assert parse_written_date(text) is None


def test_format():
    assert format_date(dt.date(2019, 5, 21), "ru") == "21\u00a0мая 2019\u00a0г."
    assert format_date(dt.date(2019, 5, 21), "kk") == "2019\u00a0жылғы 21\u00a0мамыр"
