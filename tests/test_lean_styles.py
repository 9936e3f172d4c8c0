"""WeasyPrint's HTML stylesheet without its rules for the pseudo-elements of every element
(render/pdf.py, `LeanHTML`): the same PDF, byte for byte, for what kzpublish writes; the whole
stylesheet for a project whose styles use footnotes, notes or list items of their own."""

from __future__ import annotations

import pdfplumber
import pytest
from conftest import REPO, make_project, run_cli

from kzpublish.render import pdf as render_pdf

TEXT = """---
title: Закон о списках
---

## Статья 1

Текст со сноской[^1] и вторая[^2].

1. Первый пункт;
2. Второй пункт:
   - подпункт;
   - ещё один.

| Графа | Значение |
|---|---|
| а | б |

[^1]: Первая сноска.
[^2]: Вторая сноска.
"""


def _build(root) -> bytes:
    run = run_cli("-C", str(root), "-q", "build", "--pdf", "-j", "1", "--force")
    assert run.code == 0, run.err
    assert run.err == "", run.err
    return (root / "dist" / "law.pdf").read_bytes()


def test_the_lean_stylesheet_changes_no_byte(tmp_path, monkeypatch):
    for name in ("print.css", "diff.css", "table.css"):  # kzpublish's own styles are laid out lean
        assert render_pdf.lean("", (REPO / "styles" / name).read_text("utf-8")), name
    root = make_project(tmp_path, {"sources/law/ru.md": TEXT})
    lean = _build(root)
    monkeypatch.setattr(render_pdf, "lean", lambda page, style: False)
    assert _build(root) == lean


NEEDING = ["span.fn { float: footnote; }", "span.fn { FLOAT : FOOTNOTE }", "span.fn { float:/* */footnote }",
           "span.fn { \\66 loat: footnote }", "span.fn { display: list-item; }", "span.fn::Footnote-Call { color: red }",
           "span.fn { position: note(n) }", '@import "more.css";']


@pytest.mark.parametrize("css", NEEDING)
def test_styles_that_need_the_whole_stylesheet_get_it(css):
    assert not render_pdf.lean("", css)
    assert render_pdf.lean("", "span.fn { float: left; } /* float: footnote */ li::before { content: '\\2013' }")


@pytest.mark.parametrize("css", [NEEDING[1], NEEDING[-1]])
def test_a_project_making_footnotes_is_laid_out(tmp_path, css):
    """A project's own print.css that makes footnotes, in capitals or in a stylesheet it imports:
    laid out with WeasyPrint's whole stylesheet (without it, a footnote's call has no style at
    all and the layout fails)."""
    own = (REPO / "styles" / "print.css").read_text("utf-8") + "\n" + css + "\n"
    root = make_project(tmp_path, {"sources/law/ru.md": "---\ntitle: Закон\n---\n\nТекст[с пометкой]{.fn} дальше.\n",
                                   "styles/print.css": own.replace('@import "more.css";\n', ""),
                                   "styles/more.css": "span.fn { float: footnote; }\n"})
    if "@import" in css:
        (root / "styles" / "print.css").write_text('@import "more.css";\n' + own.replace(css, ""), "utf-8")
    run = run_cli("-C", str(root), "-q", "build", "--pdf", "-j", "1")
    assert run.code == 0, run.err
    with pdfplumber.open(root / "dist" / "law.pdf") as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
    assert "с пометкой" in text and "дальше" in text
