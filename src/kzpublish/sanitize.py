"""Raw HTML in a source, cut down to harmless formatting by nh3 (the Python bindings of the
ammonia sanitiser) with kzpublish's own allowlist: what a statement's text may need (emphasis,
sub- and superscripts, small tables, abbreviations), nothing that runs, fetches or styles.

pandoc hands over inline raw HTML one tag at a time (`<b>`, then the text, then `</b>`), so a
lone tag is cleaned as the element it opens — nh3 on `<b …></b>` — and its end tag is kept when
the element is allowed. Everything removed is named, so that the caller can tell the editor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nh3

from kzpublish.messages import N_, _

SAFE_TAGS = frozenset({
    "b", "i", "em", "strong", "u", "s", "sub", "sup", "small", "mark", "br", "span", "abbr", "cite", "q", "code",
    "kbd", "var", "p", "div", "blockquote", "ul", "ol", "li", "hr", "table", "thead", "tbody", "tfoot", "tr", "td",
    "th", "caption", "dl", "dt", "dd", "wbr",
})
SAFE_ATTRS = frozenset({"lang", "dir", "title", "colspan", "rowspan", "class"})
"""No `id` (ids are kzpublish's to give: a raw one could clash with them), no `style`, no event
handler, no URL of any kind."""
DROP_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "object", "embed", "form", "textarea", "select", "button", "noscript",
    "template", "svg", "math", "video", "audio", "canvas", "frameset", "noembed", "noframes", "xmp",
    "plaintext", "title", "head",
})
VOID = frozenset({"br", "hr", "wbr"})

_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w:-]*)([^>]*)>?", re.S)
_ATTR = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")

INSTEAD = {
    "img": N_("write an image in Markdown: ![description](file.png), with the file in the document's folder"),
    "a": N_("write a link in Markdown: [text](https://…)"),
    "script": N_("an edition runs no scripts: leave it out"),
    "style": N_("styles belong in styles/print.css and styles/epub.css; mark the text with a class: [text]{.name}"),
    "iframe": N_("an edition embeds no pages: link to it instead, [text](https://…)"),
    "h1": N_("write a heading in Markdown: # Heading"),
}
DEFAULT_INSTEAD = N_("write it in Markdown, or leave it out: only simple formatting passes as raw HTML")


@dataclass(frozen=True)
class Cleaned:
    html: str
    removed: tuple[str, ...]
    """What was taken out: `<img>`, `onclick=`, `<!-- comment -->`…"""

    def hint(self) -> str:
        first = next((r[1:].split(">")[0] for r in self.removed if r.startswith("<") and r[1:].split(">")[0] in INSTEAD),
                     None)
        if first:
            return _(INSTEAD[first])
        if any(r == "style=" for r in self.removed):
            return _(INSTEAD["style"])
        return _(DEFAULT_INSTEAD)


def _clean(text: str) -> str:
    return nh3.clean(text, tags=set(SAFE_TAGS), attributes={"*": set(SAFE_ATTRS)},
                     clean_content_tags=set(DROP_WITH_CONTENT), url_schemes=set(), strip_comments=True,
                     link_rel=None)


def tag_name(text: str) -> str:
    """`div` for `<div class=x>`, `/div` for `</div>`, "" for anything that is not one tag."""
    m = _TAG.fullmatch(text.strip())
    return (m.group(1) + m.group(2).lower()) if m else ""


def clean_html(text: str) -> Cleaned:
    """A piece of raw HTML — a whole fragment, or one lone tag as pandoc splits them — with only
    the allowed elements and attributes left."""
    name = tag_name(text)
    if name.startswith("/"):
        # An end tag: kept for an allowed element; else dropped, and not told again (its start was).
        return Cleaned(f"<{name}>" if name[1:] in SAFE_TAGS and name[1:] not in VOID else "", ())
    if name and not text.strip().endswith("/>") and name not in VOID and name in SAFE_TAGS:
        # A lone start tag: cleaned as the element it opens, then opened again.
        out = _clean(text + f"</{name}>")
        return Cleaned(out.removesuffix(f"</{name}>"), _removed(text))
    return Cleaned(_clean(text), _removed(text))


def _removed(text: str) -> tuple[str, ...]:
    removed: list[str] = []
    if "<!--" in text:
        removed.append("<!-- comment -->")
    for m in _TAG.finditer(text):
        closing, name, attrs = m.group(1), m.group(2).lower(), m.group(3)
        if closing:
            continue
        if name not in SAFE_TAGS:
            removed.append(_("<{tag}> and its content").format(tag=name) if name in DROP_WITH_CONTENT else f"<{name}>")
            continue
        for a in _ATTR.finditer(attrs):
            key = a.group(1).lower()
            if key not in SAFE_ATTRS:
                removed.append(f"{key}=")
    return tuple(dict.fromkeys(removed))
