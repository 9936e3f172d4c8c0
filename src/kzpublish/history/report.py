"""Reports of a `DocumentDiff`: JSON for scripts and CI, and one HTML page — self-contained, fonts
and style inside — that is also laid out as the PDF redline."""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

from kzpublish.history.compare import DocumentDiff, FieldChange, Side, TranslationDiff
from kzpublish.history.diff import BlockChange, Counts, Span
from kzpublish.i18n import LANGUAGES
from kzpublish.locators import locators

e = html.escape

LABELS = {
    "inserted": "Вставлено · Қосылды", "deleted": "Удалено · Алынды", "changed": "Изменено · Өзгертілді",
    "moved": "Перемещено · Орны ауысты", "typography": "Типографика",
    "lookalike": "Похожие буквы · Ұқсас әріптер", "split": "Разделено · Бөлінді", "merged": "Объединено · Біріктірілді",
    "yo": "Е/Ё", "boundary": "Границы слов · Сөз шекаралары",
    "reflow": "Перенос между абзацами · Абзацтар арасында ауыстырылды", "link": "Ссылки · Сілтемелер",
    "collapsed": "Блоков без изменений: {} · Өзгеріссіз блоктар: {}",
    "added": "Перевод добавлен · Аударма қосылды", "removed": "Перевод удалён · Аударма алынды",
    "unchanged": "Без изменений · Өзгеріссіз", "words": "слов · сөз", "blocks": "блоков · блок",
    "toggle": "Показать типографику, похожие буквы и Е/Ё · Типографика, ұқсас әріптер мен Е/Ё көрсету",
    "unfold": "Показать неизменённые блоки · Өзгермеген блоктарды көрсету",
    "front": "Метаданные · Метадеректер", "changes": "Изменённые блоки · Өзгертілген блоктар",
}


# --- JSON -------------------------------------------------------------------------------------

def to_json(diff: DocumentDiff) -> dict[str, Any]:
    return {
        "slug": diff.slug,
        "from": _side_json(diff.old),
        "to": _side_json(diff.new),
        "notes": list(diff.notes),
        "languages": {t.lang: _translation_json(t) for t in diff.translations},
    }


def _side_json(side: Side) -> dict[str, Any]:
    return {"label": side.label, "commit": side.commit, "date": side.date.isoformat() if side.date else None}


def _translation_json(t: TranslationDiff) -> dict[str, Any]:
    spans = []
    names = Locators(t)
    for c in t.changes:
        for s in c.spans:
            if s.kind != "equal":
                spans.append({
                    "block": _number(c), "old_block": [i + 1 for i in c.old], "new_block": [j + 1 for j in c.new],
                    "block_kind": c.kind, "locator": names.of(c),
                    "block_status": c.status, "kind": _json_kind(s), "old": s.old, "new": s.new,
                })
    return {
        "status": t.status,
        "old_path": t.old_path, "new_path": t.new_path,
        "counts": {
            "wording": {"inserted": t.counts.inserted, "deleted": t.counts.deleted, "changed": t.counts.changed},
            "typography": t.counts.typography, "lookalike": t.counts.lookalike, "moved": t.counts.moved,
            "yo": t.counts.yo, "boundary": t.counts.boundary, "reflow": t.counts.reflow, "links": t.counts.links,
        },
        "front_matter": [{"key": f.key, "old": f.old, "new": f.new} for f in t.meta],
        "moved": [{"from_block": c.old[0] + 1, "to_block": c.new[0] + 1} for c in t.changes if c.status == "moved"],
        "structure": [{"status": c.status, "old_block": [i + 1 for i in c.old], "new_block": [j + 1 for j in c.new]}
                      for c in t.changes if c.status in ("moved", "split", "merged", "inserted", "deleted")],
        "spans": spans,
    }


class Locators:
    """The readable names of a translation's blocks at both ends (`Статья 2, п. 3`)."""

    def __init__(self, t: TranslationDiff):
        self.old = locators(t.old_blocks, t.lang)
        self.new = locators(t.new_blocks, t.lang)

    def of(self, c: BlockChange) -> str:
        return self.new[c.new[0]] if c.new else self.old[c.old[0]]


def summary_line(c: Counts) -> str:
    """The counts of one translation in a line: `+1 −0 ~2 words, 1 word boundary, 3 look-alike`."""
    extra = [(c.boundary, "spacing/word boundary"), (c.moved, "moved"), (c.reflow, "reflowed"), (c.links, "link target"),
             (c.typography, "typography"), (c.lookalike, "look-alike"), (c.yo, "е/ё")]
    return ", ".join([f"+{c.inserted} −{c.deleted} ~{c.changed} words"] + [f"{n} {what}" for n, what in extra if n])


def _json_kind(span: Span) -> str:
    return {"insert": "inserted", "delete": "deleted", "replace": "changed"}.get(span.kind, span.kind)


def _number(c: BlockChange) -> int:
    return (c.new[0] if c.new else c.old[0]) + 1


# --- HTML -------------------------------------------------------------------------------------

def to_html(diff: DocumentDiff, stylesheet: Path, show_typography: bool = False, embed_fonts: bool = True,
            font_cache: Path | None = None) -> str:
    """The report page; `embed_fonts` False: the page for the PDF (no fonts inside, unchanged
    stretches as one line instead of a toggle); `font_cache`: where font subsets are kept."""
    text = "".join(b.text for t in diff.translations for b in (*t.old_blocks, *t.new_blocks))
    fonts = report_fonts(text, font_cache) if embed_fonts else ""
    typo_total = sum(t.counts.typography + t.counts.lookalike + t.counts.yo for t in diff.translations)
    title = f"{diff.title}: {diff.old.label} → {diff.new.label}"
    parts = [
        f'<!DOCTYPE html>\n<html lang="{diff.translations[0].lang if diff.translations else "ru"}">\n<head>\n<meta charset="utf-8">\n',
        f"<title>{e(title)}</title>\n<style>\n{fonts}{stylesheet.read_text('utf-8')}</style>\n</head>\n",
        f'<body class="{"show-typo" if show_typography else ""}">\n<header>\n<h1>{e(diff.title)}</h1>\n',
        f'<p class="meta">{e(diff.slug)}: <b>{e(diff.old.label)}</b>{_date(diff.old)} → <b>{e(diff.new.label)}</b>{_date(diff.new)}</p>\n',
        *[f'<p class="meta note">{e(n)}</p>\n' for n in diff.notes],
        f'<p class="toggle"><label><input type="checkbox" id="show-typo"{" checked" if show_typography else ""}> '
        f'{e(LABELS["toggle"])} ({typo_total})</label></p>\n</header>\n',
        _summary(diff),
        *[_translation_html(t, interactive=embed_fonts) for t in diff.translations],
        "<script>\ndocument.getElementById('show-typo').addEventListener('change', function (ev) {\n"
        "  document.body.classList.toggle('show-typo', ev.target.checked);\n});\n</script>\n",
        "</body>\n</html>\n",
    ]
    return "".join(parts)


def report_fonts(text: str, cache: Path | None = None) -> str:
    """The upright faces, cut to `text`, and their fallback faces where `text` needs them; with a
    `cache` folder, subsets made for an earlier report or edition are taken from there."""
    from kzpublish.fonts import fallback_css, fallback_font, fallbacks_for, font_face_css, plain_faces, subset_font

    fallbacks = {face: chars for face, chars in fallbacks_for(text).items() if face.primary in plain_faces()}
    return (fallback_css(fallbacks, lambda face: _data_url(fallback_font(face, text, cache)))
            + font_face_css(lambda face: _data_url(subset_font(face, text, cache)), plain_faces()))


def _data_url(font: bytes) -> str:
    return "data:font/ttf;base64," + base64.b64encode(font).decode("ascii")


def _date(side: Side) -> str:
    return f" ({side.date.date().isoformat()})" if side.date else ""


def _summary(diff: DocumentDiff) -> str:
    every = ("inserted", "deleted", "changed", "boundary", "moved", "reflow", "link", "typography", "lookalike", "yo")
    shown = [k < 3 or any(_counts(t)[k] for t in diff.translations) for k in range(len(every))]  # the words always
    head = "".join(f"<th>{_two_lines(LABELS[k])}</th>" for k, on in zip(every, shown) if on)
    rows, items = [], []
    for t in diff.translations:
        name = LANGUAGES[t.lang].name
        status = "" if t.status in ("changed", "unchanged") else f" ({LABELS[t.status]})"
        rows.append(f'<tr><td><a href="#{t.lang}">{e(name)}</a>{e(status)}</td>'
                    + "".join(f"<td>{v}</td>" for v, on in zip(_counts(t), shown) if on) + "</tr>")
        names = Locators(t)
        for ch in t.changes:
            if ch.status in ("equal", "typography"):
                continue
            first = " ".join(_block_text(t, ch).split()[:8])
            items.append(f'<li lang="{t.lang}"><a href="#{_anchor(t, ch)}">{e(name)}: {e(names.of(ch))}</a> '
                         f'<span class="badge">{e(LABELS.get(ch.status, ch.status))}</span>{e(first)}…</li>')
    changed = f'<h3>{e(LABELS["changes"])}</h3>\n<ol class="changed">\n' + "\n".join(items) + "\n</ol>\n" if items else ""
    return (f'<section class="summary">\n<table class="summary"><tr><th></th>{head}</tr>\n'
            + "\n".join(rows) + "\n</table>\n" + changed + "</section>\n")


def _counts(t: TranslationDiff) -> tuple[int, ...]:
    c = t.counts
    return (c.inserted, c.deleted, c.changed, c.boundary, c.moved, c.reflow, c.links, c.typography, c.lookalike, c.yo)


def _two_lines(label: str) -> str:
    ru, _, kk = label.partition(" · ")
    return e(ru) + (f'<br><small lang="kk">{e(kk)}</small>' if kk else "")


def _block_text(t: TranslationDiff, ch: BlockChange) -> str:
    return " ".join((t.new_blocks[j] if ch.new else t.old_blocks[j]).text for j in (ch.new or ch.old))


def _anchor(t: TranslationDiff, ch: BlockChange) -> str:
    return f"{t.lang}-b{_number(ch)}" + ("-old" if not ch.new else "")


def _translation_html(t: TranslationDiff, interactive: bool) -> str:
    out = [f'<section class="translation" id="{t.lang}" lang="{t.lang}">\n<h2>{e(LANGUAGES[t.lang].name)}</h2>\n']
    if t.status in ("added", "removed"):
        out.append(f'<p class="meta">{e(LABELS[t.status])}: {e(t.new_path or t.old_path or "")}</p>\n')
    elif t.old_path and t.new_path and t.old_path != t.new_path:
        out.append(f'<p class="meta">{e(t.old_path)} → {e(t.new_path)}</p>\n')
    if t.meta:
        out.append(f'<div class="front"><h3>{e(LABELS["front"])}</h3>\n')
        out += [_field_html(f) for f in t.meta]
        out.append("</div>\n")
    out += _blocks_html(t, interactive)
    out.append("</section>\n")
    return "".join(out)


CONTEXT = 1
"""Unchanged blocks shown on either side of a change; longer unchanged stretches are collapsed."""


def _blocks_html(t: TranslationDiff, interactive: bool) -> list[str]:
    """The blocks, with each stretch of unchanged ones beyond `CONTEXT` of a change collapsed:
    into a `<details>` the reader can open in HTML, into one line in the PDF."""
    shown = [ch.status != "equal" for ch in t.changes]  # typography too: the toggle shows it
    near = [any(shown[max(0, k - CONTEXT):k + CONTEXT + 1]) for k in range(len(shown))]
    out: list[str] = []
    k = 0
    while k < len(t.changes):
        if near[k]:
            out.append(_block_html(t, t.changes[k]))
            k += 1
            continue
        end = k
        while end < len(t.changes) and not near[end]:
            end += 1
        if end - k < 2:  # one block is shorter than its summary
            out.append(_block_html(t, t.changes[k]))
            k += 1
            continue
        label = e(LABELS["collapsed"].format(end - k, end - k))
        if interactive:
            out.append(f'<details class="unchanged"><summary>{label}</summary>\n'
                       + "".join(_block_html(t, ch) for ch in t.changes[k:end]) + "</details>\n")
        else:
            out.append(f'<p class="unchanged">{label}</p>\n')
        k = end
    return out


def _field_html(f: FieldChange) -> str:
    return f'<p class="field"><span class="key">{e(f.key)}</span>{"".join(_span_html(s) for s in f.spans)}</p>\n'


def _block_html(t: TranslationDiff, ch: BlockChange) -> str:
    badge = ""
    if ch.status == "moved":
        badge = f'<span class="badge">{e(LABELS["moved"])} §{ch.old[0] + 1} → §{ch.new[0] + 1}</span>'
    elif ch.status in ("inserted", "deleted", "split", "merged", "reflow", "link"):
        badge = f'<span class="badge">{e(LABELS[ch.status])}</span>'
    number = f"§{_number(ch)}" if ch.new else f"(§{ch.old[0] + 1})"
    body = "".join(_span_html(s) for s in ch.spans)
    return (f'<div class="block {ch.status} {e(ch.kind)}" id="{_anchor(t, ch)}"><span class="num">{number}</span>'
            f"{badge}{body}</div>\n")


def _span_html(s: Span) -> str:
    gap = e(s.gap)
    if s.kind == "equal":
        return gap + e(s.new)
    if s.kind == "insert":
        return f"{gap}<ins>{e(s.new)}</ins>"
    if s.kind == "delete":
        return f"{gap}<del>{e(s.old)}</del>"
    if s.kind == "replace":
        if s.prefix or s.suffix:
            end_old = len(s.old) - s.suffix
            end_new = len(s.new) - s.suffix
            return (f'{gap}<span class="word">{e(s.new[:s.prefix])}<del>{e(s.old[s.prefix:end_old])}</del>'
                    f"<ins>{e(s.new[s.prefix:end_new])}</ins>{e(s.new[end_new:])}</span>")
        return f"{gap}<del>{e(s.old)}</del> <ins>{e(s.new)}</ins>"
    if s.kind == "reflow":  # the words as they now stand: shown on the side they went to
        return f'{gap}<span class="reflow" title="{e(LABELS["reflow"])}">' + (f"<ins>{e(s.new)}</ins>" if s.new else f"<del>{e(s.old)}</del>") + "</span>"
    if s.kind in ("boundary", "link"):
        return f'{gap}<span class="{s.kind}" title="{e(LABELS[s.kind])}"><del>{e(s.old)}</del> <ins>{e(s.new)}</ins></span>'
    cls = {"typography": "typo", "lookalike": "look", "yo": "look yo"}[s.kind]
    if not s.new.strip() and not s.old.strip():
        cls += " space"
    return f'{gap}<span class="{cls}" title="{e(repr(s.old))} → {e(repr(s.new))}"><del>{e(s.old)}</del><ins>{e(s.new)}</ins></span>'
