"""What a source may pull into an edition, checked on pandoc's AST before anything is rendered.

- Images must be files inside the project (symlinks resolved), relative to the document's
  folder; a remote URL, an absolute path, a path climbing out with `..` or a missing file is an
  error naming `file:line`. Each image gets a name of its own (`images/<hash>-<name>`) that the
  PDF fetcher and the EPUB serve from the checked file.
- Raw HTML is cut down to harmless formatting by nh3 (`sanitize.py`): scripts, styles, iframes,
  objects, forms and their content are dropped, event-handler attributes and URLs never pass;
  what is removed is warned about at its line.
- Attributes written in Markdown (`{onclick=…}`) keep only ids, classes and a few safe keys; an
  id of kzpublish's own form is renamed, an id given twice is an error.
- The front matter (title, subtitle…) is checked like the body.
- Inline nesting, notes and table cells are counted against `limits.py`.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from kzpublish.errors import SourceError
from kzpublish.images import IMAGE_TYPES, check_image
from kzpublish.limits import MAX_DEPTH, MAX_NOTES, MAX_TABLE_CELLS
from kzpublish.messages import _, grouped
from kzpublish.pandoc_ast import PLAIN_INLINES, Node
from kzpublish.sanitize import DROP_WITH_CONTENT, SAFE_ATTRS, clean_html, tag_name
from kzpublish.sources import SourceFile

log = logging.getLogger("kzpublish")

SAFE_LINK = re.compile(r"^(https?:|mailto:|#|[^:]*$)", re.I)
RESERVED_ID = re.compile(r"^(title|title-block|footnotes|kz-u\d+|fn\d+|fnref\d+)$")
"""Ids kzpublish gives (with the language's prefix, as pandoc gives the source's): a source's
own id of that form is renamed `user-…`, links to it too."""
INLINE_NESTERS = {"Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps", "Quoted",
                  "Span", "Link", "Cite"}
BLOCK_NESTERS = {"BlockQuote", "BulletList", "OrderedList", "Div", "DefinitionList"}


@dataclass(frozen=True)
class Checked:
    blocks: list[Node]
    images: dict[str, Path]
    """`images/<key>` → the file it is."""
    meta: dict[str, Node] | None = None
    """The front matter as pandoc read it, checked like the body (a title is rendered too)."""


def check_resources(blocks: list[Node], source: SourceFile, root: Path, meta: dict[str, Node] | None = None) -> Checked:
    walker = _Walker(source, root)
    checked_meta = walker.walk(meta) if meta is not None else None
    out = walker.walk(blocks)
    if walker.notes > MAX_NOTES:
        raise SourceError(_("{n} notes; the limit is {limit}").format(n=walker.notes, limit=grouped(MAX_NOTES)),
                          source.loc(),
                          hint=_("a source with that many notes is better split into documents"))
    return Checked(out, walker.images, checked_meta)


class _Walker:
    """One pass over a translation's AST: images checked and renamed, raw HTML cleaned, links
    and attributes made safe, ids kept clear of kzpublish's own, inline nesting and notes and
    table cells counted. What is removed is told at its line."""

    def __init__(self, source: SourceFile, root: Path) -> None:
        self.source, self.root = source, root
        self.folder = (root / source.path).parent
        self.images: dict[str, Path] = {}
        self.ids: set[str] = set()
        self.notes = 0
        self.depth = {"inline": 0, "block": 0}
        """Checked on the AST, whatever the source's text looks like (code fences included)."""

    def warn(self, text: str, what: str, hint: str) -> None:
        first = text.strip().split("\n")[0][:40]
        where = _find(self.source, first)
        if where.line is None:  # pandoc wrote it otherwise (a URL %-encoded, an attribute's quotes)
            where = _find(self.source, unquote(first))
        if where.line is None and (opener := re.match(r"<[A-Za-z][\w-]*", first)):
            where = _find(self.source, opener.group())
        log.warning(_("%s: %s removed; %s"), where, what, hint)

    def walk(self, value: Any) -> Any:
        if isinstance(value, list):
            return self.sequence(value)
        if not isinstance(value, dict):
            return value
        if "t" not in value:  # the front matter: a mapping of keys to values
            return {k: self.walk(v) for k, v in value.items()}
        kind, c = value["t"], value.get("c")
        nests = "inline" if kind in INLINE_NESTERS else "block" if kind in BLOCK_NESTERS else None
        if nests is None:
            return self.node(kind, c, value)
        self.depth[nests] += 1
        try:
            if self.depth[nests] > MAX_DEPTH:
                raise SourceError(
                    (_("inline formatting nested more than {limit} levels deep") if nests == "inline"
                     else _("lists, quotes and divs nested more than {limit} levels deep")).format(limit=MAX_DEPTH),
                    _find(self.source, _first_text(value)),
                    hint=_("emphasis, quotes, spans and links may nest at most that deep") if nests == "inline"
                    else _("lists, quotes and fenced divs may nest at most that deep"))
            return self.node(kind, c, value)
        finally:
            self.depth[nests] -= 1

    def node(self, kind: str, c: Any, value: dict) -> Any:
        if kind == "Image":
            attr, alt, (url, title) = c
            name = self.image(url)
            return {"t": "Image", "c": [self.attr(attr), self.walk(alt), [name, title]]}
        if kind == "Link":
            attr, text, (url, title) = c
            inner = self.walk(text)
            if not SAFE_LINK.match(url.strip()):
                self.warn(url, _("the link {link!r}").format(link=unquote(url)[:40]),
                          _("an edition links only to http(s):, mailto: and #ids; the text stays"))
                return {"t": "Span", "c": [self.attr(attr), inner]}
            if url.startswith("#") and RESERVED_ID.match(url[1:]):
                url = f"#user-{url[1:]}"
            return {"t": "Link", "c": [self.attr(attr), inner, [url, title]]}
        if kind == "RawBlock":
            return self.raw("RawBlock", *c)
        if kind == "Note":
            self.notes += 1
        if kind == "Table":
            cells = sum(len(row[1]) for part in _table_rows(c) for row in part)
            if cells > MAX_TABLE_CELLS:
                raise SourceError(_("a table of {n} cells; the limit is {limit}").format(
                                      n=cells, limit=grouped(MAX_TABLE_CELLS)),
                                  _find(self.source, "|"), hint=_("split the table, or keep the data out of the text"))
        if kind in ("Div", "Span", "Header", "Code", "CodeBlock", "Table", "Figure"):
            if kind == "Header":
                return {"t": kind, "c": [c[0], self.attr(c[1]), self.walk(c[2])]}
            return {"t": kind, "c": [self.attr(c[0]), *self.walk(c[1:])]}
        if c is None:
            return value
        return {"t": kind, "c": self.walk(c)}

    def raw(self, kind: str, fmt: str, text: str) -> Node | None:
        if fmt != "html":
            self.warn(text, _("raw {format}").format(format=fmt), _("an edition is made from Markdown and HTML only"))
            return None
        cleaned = clean_html(text)
        if cleaned.removed:
            self.warn(text, ", ".join(cleaned.removed), cleaned.hint())
        return {"t": kind, "c": ["html", cleaned.html]} if cleaned.html else None

    def sequence(self, nodes: list) -> list:
        """A list of nodes; raw HTML comes one tag at a time, so a dropped element's content
        (the nodes between `<script>` and `</script>`) is dropped with it."""
        out, skipping = [], None
        for node in nodes:
            kind = node.get("t") if isinstance(node, dict) else None
            if kind in PLAIN_INLINES:  # nothing to check in plain text (most of a document)
                if not skipping:
                    out.append(node)
                continue
            if kind in ("RawInline", "RawBlock"):
                fmt, text = node["c"]
                tag = tag_name(text)
                if skipping:
                    if tag == f"/{skipping}":
                        skipping = None
                    continue
                # A raw block holds its whole element; only inline tags come one by one.
                if fmt == "html" and tag in DROP_WITH_CONTENT and kind == "RawInline":
                    skipping = tag
                    self.warn(text, _("<{tag}> and its content").format(tag=tag), clean_html(text).hint())
                    continue
                if (cleaned := self.raw(kind, fmt, text)) is not None:
                    out.append(cleaned)
                continue
            if skipping:
                continue
            out.append(self.walk(node))
        return out

    def attr(self, attr: list) -> list:
        ident, classes, kvs = attr
        if ident:
            if RESERVED_ID.match(ident):
                ident = f"user-{ident}"
            if ident in self.ids:
                raise SourceError(_("the id {ident!r} is given twice").format(ident=ident), _find(self.source, "#" + ident),
                                  hint=_("every id names one place: give the second one another name"))
            self.ids.add(ident)
        kept = []
        for k, v in kvs:
            if k.lower() in SAFE_ATTRS or k.lower() == "id" or (k.lower().startswith("data-") and
                                                                not re.search(r"javascript:", v, re.I)):
                kept.append([k, v])
            else:
                self.warn(f"{k}=", _("the attribute {name}=").format(
                    name=k), _("an edition keeps ids, classes, lang and data- attributes only"))
        return [ident, classes, kept]

    def image(self, url: str) -> str:
        loc = _find(self.source, url)
        parts = urlsplit(url)
        if parts.scheme or url.startswith("//"):
            raise SourceError(_("image {url!r} is not a file of the project: editions never fetch from "
                                "the network").format(url=url),
                              loc, hint=_("download it into the document's folder and write its file "
                                          "name"))
        root = self.root.resolve()
        path = (self.folder / unquote(parts.path)).resolve()
        if not path.is_relative_to(root):
            raise SourceError(_("image {url!r} is outside the project").format(url=url), loc,
                              hint=_("copy the file into the document's folder and write its file name"))
        if not path.is_file():
            raise SourceError(_("image {url!r} does not exist").format(url=url), loc,
                              hint=_("put the file at {path}, or correct the name").format(
                                  path=path.relative_to(root).as_posix()))
        if path.suffix.lower() not in IMAGE_TYPES:
            raise SourceError(_("image {url!r} is not a PNG, JPEG, GIF, SVG or WebP file").format(url=url), loc)
        check_image(path, url, loc)
        key = f"images/{hashlib.sha256(str(path).encode()).hexdigest()[:10]}-{path.name}"
        self.images[key] = path
        return key


def _table_rows(c: list) -> list[list]:
    """The rows of a pandoc table: (attr, caption, colspecs, head, bodies, foot)."""
    *_cells, head, bodies, foot = c
    return [head[1], *[b[2] + b[3] for b in bodies], foot[1]]


def _first_text(node: Any) -> str:
    if isinstance(node, dict):
        if node.get("t") == "Str":
            return node["c"]
        return _first_text(node.get("c"))
    if isinstance(node, list):
        for item in node:
            if text := _first_text(item):
                return text
    return ""


def _find(source: SourceFile, text: str):
    """Where `text` first stands in the source, for the message."""
    if text:
        for number, line in enumerate(source.text.split("\n"), 1):
            if (col := line.find(text)) >= 0:
                return source.loc(number, col + 1)
    return source.loc()
