"""The comparison table (сравнительная таблица, салыстырмалы кесте): the form in which amendments
to laws, statutes and resolutions circulate. One table per language, its headings and labels in
that language; one row per changed structural unit: the unit (`Статья 2, п. 3`), the current
wording with the removed words bold and struck, the proposed wording with the new words bold,
and, when asked for, the justification taken from the messages of the commits that changed
that unit. A translation without changes gets a line saying so.

One HTML page, laid out as a landscape A4 PDF and converted to DOCX (through pandoc)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Callable, Sequence

from kzpublish.blocks import Block
from kzpublish.history.compare import DocumentDiff, TranslationDiff
from kzpublish.history.diff import Span
from kzpublish.history.report import Locators

e = html.escape

LABELS = {
    "ru": {
        "title": "Сравнительная таблица", "number": "№", "unit": "Структурная единица",
        "current": "Действующая редакция", "proposed": "Предлагаемая редакция", "justification": "Обоснование",
        "none": "Изменений нет.", "absent": "Отсутствует.", "removed": "Исключить.",
        "moved": "перемещено, было: {}", "link": "ссылка", "range": "Редакции: {} → {}",
    },
    "kk": {
        "title": "Салыстырмалы кесте", "number": "№", "unit": "Құрылымдық элемент",
        "current": "Қолданыстағы редакция", "proposed": "Ұсынылып отырған редакция", "justification": "Негіздеме",
        "none": "Өзгерістер жоқ.", "absent": "Жоқ.", "removed": "Алып тастау.",
        "moved": "орны ауыстырылды, бұрын: {}", "link": "сілтеме", "range": "Редакциялар: {} → {}",
    },
}
SHOWN = ("changed", "moved", "split", "merged", "inserted", "deleted", "link")
"""Block statuses that make a row: a change of wording or of a link target."""


@dataclass(frozen=True)
class Row:
    unit: str
    current: str
    """HTML."""
    proposed: str
    justification: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    lang: str
    title: str
    rows: tuple[Row, ...]


Justify = Callable[[TranslationDiff, str], tuple[str, ...]]
"""(translation, unit) → the messages of the commits that changed that unit."""


def tables(diff: DocumentDiff, titles: dict[str, str], justify: Justify | None = None) -> tuple[Table, ...]:
    return tuple(Table(t.lang, titles.get(t.lang, diff.title), tuple(_rows(t, justify))) for t in diff.translations)


def _rows(t: TranslationDiff, justify: Justify | None) -> list[Row]:
    names = Locators(t)
    labels = LABELS.get(t.lang, LABELS["ru"])
    out = []
    for c in t.changes:
        if c.status not in SHOWN:
            continue
        unit = names.of(c)
        if c.status == "moved":
            unit += f" ({labels['moved'].format(names.old[c.old[0]])})"
        current = _side(c.spans, "old") if c.old else e(labels["absent"])
        proposed = _side(c.spans, "new") if c.new else e(labels["removed"])
        out.append(Row(unit, current, proposed, justify(t, unit) if justify else ()))
    return out


def _side(spans: Sequence[Span], side: str) -> str:
    """One side of a block's spans as HTML: what the other side lacks in bold (and struck on the
    current side)."""
    out = []
    for s in spans:
        text = s.old if side == "old" else s.new
        gap = e(s.gap) if (side == "new" or s.kind != "insert") else ""
        if s.kind in ("insert", "delete", "replace", "boundary", "link"):
            if s.kind == "link":
                text = f"[{text}]" if text else ""
            out.append((gap if text else "") + _mark(text, side))  # whole words, as the form has them
        else:
            out.append(gap + e(text))
    return "".join(out).strip()


def _mark(text: str, side: str) -> str:
    if not text:
        return ""
    return f"<del><strong>{e(text)}</strong></del>" if side == "old" else f"<strong>{e(text)}</strong>"


def to_html(diff: DocumentDiff, found: Sequence[Table], stylesheet_text: str, fonts_css: str = "") -> str:
    with_reasons = any(r.justification for table in found for r in table.rows)
    parts = [
        f'<!DOCTYPE html>\n<html lang="{found[0].lang if found else "ru"}">\n<head>\n<meta charset="utf-8">\n',
        f"<title>{e(diff.title)}: {e(diff.old.label)} → {e(diff.new.label)}</title>\n",
        f"<style>\n{fonts_css}{stylesheet_text}</style>\n</head>\n<body>\n",
    ]
    for table in found:
        parts.append(_table_html(diff, table, with_reasons))
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def _table_html(diff: DocumentDiff, table: Table, with_reasons: bool) -> str:
    labels = LABELS.get(table.lang, LABELS["ru"])
    out = [f'<section class="comparison" lang="{table.lang}" id="{table.lang}">\n',
           f'<h1>{e(labels["title"])}</h1>\n<p class="doc-title">{e(table.title)}</p>\n',
           f'<p class="range">{e(labels["range"].format(diff.old.label, diff.new.label))}</p>\n']
    if not table.rows:
        out.append(f'<p class="no-changes">{e(labels["none"])}</p>\n</section>\n')
        return "".join(out)
    heads = [labels["number"], labels["unit"], labels["current"], labels["proposed"]] + ([labels["justification"]] if with_reasons else [])
    out.append('<table class="comparison">\n<thead><tr>' + "".join(f"<th>{e(h)}</th>" for h in heads) + "</tr></thead>\n<tbody>\n")
    for n, row in enumerate(table.rows, 1):
        cells = [str(n), e(row.unit), row.current, row.proposed]
        if with_reasons:
            cells.append("<br>".join(e(j) for j in row.justification))
        out.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>\n")
    out.append("</tbody>\n</table>\n</section>\n")
    return "".join(out)


def text_of(blocks: Sequence[Block]) -> str:
    """All the text of some blocks (for the font subsets)."""
    return "".join(b.text for b in blocks)
