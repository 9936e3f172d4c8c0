"""What a source may pull into an edition, checked on pandoc's AST before anything is rendered.

- Images must be files inside the project (symlinks resolved), relative to the document's
  folder; a remote URL, an absolute path, a path climbing out with `..` or a missing file is an
  error naming `file:line`. Each image gets a name of its own (`images/<hash>-<name>`) that the
  PDF fetcher and the EPUB serve from the checked file.
- Raw HTML is cut down to harmless formatting: scripts, styles, iframes, objects, forms and
  their content are dropped, event-handler attributes and `javascript:` URLs never pass.
- Attributes written in Markdown (`{onclick=…}`) keep only ids, classes and a few safe keys.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from kzpublish.errors import SourceError
from kzpublish.messages import _
from kzpublish.pandoc_ast import PLAIN_INLINES, Node
from kzpublish.sources import SourceFile

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".svg": "image/svg+xml", ".webp": "image/webp"}
SAFE_TAGS = {"b", "i", "em", "strong", "u", "s", "sub", "sup", "small", "mark", "br", "span", "abbr",
             "cite", "q", "code", "kbd", "var", "p", "div", "blockquote", "ul", "ol", "li", "hr",
             "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "dl", "dt", "dd", "wbr"}
DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "form", "textarea", "select",
                     "button", "noscript", "template", "svg", "math", "video", "audio", "canvas", "frameset"}
SAFE_ATTRS = {"lang", "dir", "title", "colspan", "rowspan", "class", "id"}
SAFE_LINK = re.compile(r"^(https?:|mailto:|#|[^:]*$)", re.I)


@dataclass(frozen=True)
class Checked:
    blocks: list[Node]
    images: dict[str, Path]
    """`images/<key>` → the file it is."""


def check_resources(blocks: list[Node], source: SourceFile, root: Path) -> Checked:
    images: dict[str, Path] = {}
    folder = (root / source.path).parent
    return Checked(_walk(blocks, source, root, folder, images), images)


def _walk(value: Any, source: SourceFile, root: Path, folder: Path, images: dict[str, Path]) -> Any:
    if isinstance(value, list):
        return _sequence(value, source, root, folder, images)
    if not isinstance(value, dict) or "t" not in value:
        return value
    kind, c = value["t"], value.get("c")
    if kind == "Image":
        attr, alt, (url, title) = c
        name = _image(url, source, root, folder, images)
        return {"t": "Image", "c": [_attr(attr), _walk(alt, source, root, folder, images), [name, title]]}
    if kind == "Link":
        attr, text, (url, title) = c
        inner = _walk(text, source, root, folder, images)
        if not SAFE_LINK.match(url.strip()):
            return {"t": "Span", "c": [_attr(attr), inner]}  # the text stays, the link goes
        return {"t": "Link", "c": [_attr(attr), inner, [url, title]]}
    if kind == "RawBlock":
        fmt, text = c
        return {"t": "RawBlock", "c": ["html", clean_html(text)]} if fmt == "html" else value
    if kind in ("Div", "Span", "Header", "Code", "CodeBlock", "Table", "Figure"):
        if kind == "Header":
            return {"t": kind, "c": [c[0], _attr(c[1]), _walk(c[2], source, root, folder, images)]}
        return {"t": kind, "c": [_attr(c[0]), *_walk(c[1:], source, root, folder, images)]}
    if c is None:
        return value
    return {"t": kind, "c": _walk(c, source, root, folder, images)}


def _sequence(nodes: list, source, root, folder, images) -> list:
    """A list of nodes; raw HTML inlines are tags one by one, so a dropped element's content
    (the Str nodes between `<script>` and `</script>`) is dropped with it."""
    out, skipping = [], None
    for node in nodes:
        kind = node.get("t") if isinstance(node, dict) else None
        if kind in PLAIN_INLINES:  # nothing to check in plain text (most of a document)
            if not skipping:
                out.append(node)
            continue
        if kind == "RawInline":
            fmt, text = node["c"]
            tag = _tag_name(text)
            if skipping:
                if tag == f"/{skipping}":
                    skipping = None
                continue
            if fmt != "html":
                continue
            if tag in DROP_WITH_CONTENT:
                skipping = tag
                continue
            cleaned = clean_html(text)
            if cleaned:
                out.append({"t": "RawInline", "c": ["html", cleaned]})
            continue
        if skipping:
            continue
        out.append(_walk(node, source, root, folder, images))
    return out


def _tag_name(text: str) -> str:
    m = re.match(r"\s*<\s*(/?)\s*([A-Za-z][\w-]*)", text)
    return (m.group(1) + m.group(2).lower()) if m else ""


def _attr(attr: list) -> list:
    ident, classes, kvs = attr
    return [ident, classes, [[k, v] for k, v in kvs if k.lower() in SAFE_ATTRS or
                             (k.lower().startswith("data-") and not re.search(r"javascript:", v, re.I))]]


def _image(url: str, source: SourceFile, root: Path, folder: Path, images: dict[str, Path]) -> str:
    loc = _find(source, url)
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//"):
        raise SourceError(_("image {url!r} is not a file of the project: editions never fetch from the network").format(url=url),
                          loc, hint=_("download it into the document's folder and write its file name"))
    path = (folder / unquote(parts.path)).resolve()
    if not path.is_relative_to(root.resolve()):
        raise SourceError(_("image {url!r} is outside the project").format(url=url), loc,
                          hint=_("copy the file into the document's folder and write its file name"))
    if not path.is_file():
        raise SourceError(_("image {url!r} does not exist").format(url=url), loc,
                          hint=_("put the file at {path}, or correct the name").format(path=path.relative_to(root.resolve()).as_posix()))
    if path.suffix.lower() not in IMAGE_TYPES:
        raise SourceError(_("image {url!r} is not a PNG, JPEG, GIF, SVG or WebP file").format(url=url), loc)
    key = f"images/{hashlib.sha256(str(path).encode()).hexdigest()[:10]}-{path.name}"
    images[key] = path
    return key


def _find(source: SourceFile, text: str):
    """Where `text` first stands in the source, for the message."""
    for number, line in enumerate(source.text.split("\n"), 1):
        if (col := line.find(text)) >= 0:
            return source.loc(number, col + 1)
    return source.loc()


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROP_WITH_CONTENT:
            self.skip += 1
        elif not self.skip and tag in SAFE_TAGS:
            kept = "".join(f' {k}="{_escape(v or "")}"' for k, v in attrs if k in SAFE_ATTRS)
            self.out.append(f"<{tag}{kept}>")

    def handle_startendtag(self, tag, attrs):
        if not self.skip and tag in SAFE_TAGS:
            self.out.append(f"<{tag} />")

    def handle_endtag(self, tag):
        if tag in DROP_WITH_CONTENT:
            self.skip = max(self.skip - 1, 0)
        elif not self.skip and tag in SAFE_TAGS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(_escape(data))

    def handle_entityref(self, name):
        if not self.skip:
            self.out.append(f"&{name};")

    def handle_charref(self, name):
        if not self.skip:
            self.out.append(f"&#{name};")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def clean_html(text: str) -> str:
    """Raw HTML with only harmless formatting left."""
    cleaner = _Cleaner()
    cleaner.feed(text)
    cleaner.close()
    return "".join(cleaner.out)
