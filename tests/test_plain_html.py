"""kzpublish writes plain blocks as HTML itself, without pandoc: the two writers must give the
same characters, or pandoc must be left to write the block."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kzpublish.errors import SourceLocation
from kzpublish.pandoc import API_VERSION_KEY, read_markdown, write_html
from kzpublish.render.plain_html import unit_html

PREFIX = "kk-"
API = read_markdown("x", SourceLocation("x"))[API_VERSION_KEY]

text = st.text(alphabet=st.sampled_from(list('аәғқңөұүһіAz09 &<>"\'\u00a0\u00ad\u2011\u202f—«»„“…\t'))
               | st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12)
classes = st.lists(st.from_regex(r"[a-z][a-z0-9-]{0,6}", fullmatch=True), max_size=3, unique=True)
kvs = st.lists(st.tuples(st.sampled_from(["data-bookmark", "data-x", "style"]), text).map(list), max_size=2,
               unique_by=lambda kv: kv[0])


def inlines(depth: int = 2):
    leaf = st.one_of(
        text.map(lambda t: {"t": "Str", "c": t}),
        st.sampled_from([{"t": "Space"}, {"t": "SoftBreak"}, {"t": "LineBreak"}]),
    )
    if depth == 0:
        return st.lists(leaf, max_size=6)
    inner = inlines(depth - 1)
    return st.lists(st.one_of(
        leaf,
        st.builds(lambda kind, c: {"t": kind, "c": c}, st.sampled_from(["Emph", "Strong"]), inner),
        st.builds(lambda cl, kv, c: {"t": "Span", "c": [["", cl, kv], c]},
                  classes.filter(bool), kvs, inner),
    ), max_size=6)


blocks = st.lists(st.one_of(
    inlines().filter(bool).map(lambda c: {"t": "Para", "c": c}),
    st.builds(lambda level, ident, cl, kv, c: {"t": "Header", "c": [level, [ident, cl, kv], c]},
              st.integers(1, 6), st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True), classes, kvs, inlines()),
), min_size=1, max_size=3)

units = st.lists(st.builds(lambda n, cl, bl: {"t": "Div", "c": [[f"kz-u{n}", cl, []], bl]},
                           st.integers(1, 999), classes.filter(bool), blocks), min_size=1, max_size=4)


@settings(max_examples=150, deadline=None)
@given(units)
def test_plain_blocks_come_out_as_pandoc_writes_them(divs):
    by_pandoc = write_html({API_VERSION_KEY: API, "meta": {}, "blocks": divs}, SourceLocation("x"), id_prefix=PREFIX)
    ours = [unit_html(div, PREFIX) for div in divs]
    assert None not in ours
    assert "".join(ours) == by_pandoc


def para(*inlines):
    return {"t": "Div", "c": [["kz-u1", ["unit"], []], [{"t": "Para", "c": list(inlines)}]]}


def test_what_it_does_not_know_is_left_to_pandoc():
    word = {"t": "Str", "c": "сөз"}
    assert unit_html(para(word), PREFIX) == '<div id="kk-kz-u1" class="unit">\n<p>сөз</p>\n</div>\n'
    for unknown in (
        para(word, {"t": "Link", "c": [["", [], []], [word], ["https://example.org", ""]]}),
        para(word, {"t": "Note", "c": [{"t": "Para", "c": [word]}]}),
        para(word, {"t": "Code", "c": [["", [], []], "x"]}),
        para(word, {"t": "RawInline", "c": ["html", "<b>"]}),
        para({"t": "Span", "c": [["", [], []], [word]]}),  # pandoc drops an empty span's tag
        para({"t": "Span", "c": [["s1", ["x"], []], [word]]}),
        para(),  # pandoc writes nothing at all for an empty paragraph
        {"t": "Div", "c": [["kz-u1", [], []], [{"t": "Para", "c": [word]}]]},
        {"t": "Div", "c": [["kz-u1", ["unit", "unit"], []], [{"t": "Para", "c": [word]}]]},
        {"t": "Div", "c": [["kz-u1", ["unit"], []], [{"t": "Header", "c": [2, ["", [], []], [word]]}]]},
        {"t": "Div", "c": [["kz-u1", ["unit"], [["style", "counter-reset: list-item 3"]]],
                           [{"t": "Para", "c": [word]}]]},
        {"t": "Div", "c": [["kz-u1", ["unit"], []], [{"t": "BulletList", "c": [[{"t": "Plain", "c": [word]}]]}]]},
        {"t": "Div", "c": [["kz-u1", ["unit"], []], [{"t": "Header", "c": [2, ["h", [], [["lang", "kk"]]], [word]]}]]},
        {"t": "Div", "c": [["kz-u1", ["unit"], []],
                           [{"t": "Header", "c": [2, ["h", [], [["data-x", "1"], ["data-x", "2"]]], [word]]}]]},
    ):
        assert unit_html(unknown, PREFIX) is None, unknown
