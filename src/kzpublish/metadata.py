"""Stage 2, metadata: validate front matter into a typed `Metadata`, naming the line of every
bad key. Known keys are checked; unknown keys are kept, untouched, in `extra`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from kzpublish.config import LAYOUTS, Paper, check_rule_names, paper_hint, parse_paper
from kzpublish.errors import KzError, Problems, SourceError
from kzpublish.limits import MAX_TAG_CHARS
from kzpublish.i18n import format_date, parse_written_date
from kzpublish.messages import N_, _
from kzpublish.sources import FrontMatter, SourceFile

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_HINT = N_("use lower-case Latin letters, digits and single hyphens, e.g. `paris-2019`")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class DocDate:
    """A document date: the calendar date, and the words it was written with, if any."""

    date: dt.date
    written: str | None = None
    """The date as the source wrote it (`21 мая 2019г.`); None when given as ISO."""

    def display(self, lang: str) -> str:
        """The words an edition prints: as written, else in the language's usual form."""
        return self.written if self.written is not None else format_date(self.date, lang)


@dataclass(frozen=True)
class Metadata:
    """The front matter of one translation, checked."""

    title: str
    """Markdown (inline): may hold emphasis or a line break."""
    subtitle: str | None = None
    short_title: str | None = None
    """Used for the running head and bookmarks when the title is long."""
    date: DocDate | None = None
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    slug: str | None = None
    paper: Paper | None = None
    layout: str | None = None
    typography_off: frozenset[str] = frozenset()
    """Typographic rules this translation switches off (`typography-off: [short-words]`)."""
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """Keys kzpublish does not know, kept as they were."""


def read_metadata(source: SourceFile, fm: FrontMatter) -> Metadata:
    """Check the front matter of `source`; every bad key is reported, each at its line (one: a
    `SourceError`; several: `Problems`)."""
    data = dict(fm.data)
    problems: list[KzError] = []

    def checked(read, *args):
        try:
            return read(*args)
        except KzError as e:
            problems.append(e)
            return None

    def loc(key: str):
        return source.loc(fm.lines.get(key, 1))

    def text(key: str, required: bool = False) -> str | None:
        value = data.pop(key, None)
        if value is None:
            if required:
                raise SourceError(
                    _("front matter has no {key!r}").format(key=key),
                    source.loc(fm.lines.get(key, 1)),
                    hint=_("add a line `{key}: …` to the YAML block at the top of the file").format(key=key),
                )
            return None
        if isinstance(value, (dict, list)) or str(value).strip() == "":
            raise SourceError(_("{key!r} must be a non-empty text").format(key=key), loc(key))
        if isinstance(value, (dt.date, bool)) and key != "date":
            raise SourceError(_("{key!r} must be a text, not {value!r}").format(key=key, value=value), loc(key),
                              hint=_('quote it: {key}: "{value}"').format(key=key, value=value))
        return str(value).strip()

    def strings(key: str) -> tuple[str, ...]:
        value = data.pop(key, None)
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(v, (str, int, float)) and not isinstance(v, bool) and str(v).strip() for v in items):
            raise SourceError(
                _("{key!r} must be a text or a list of texts").format(key=key), loc(key),
                hint=_("write `{key}: [first, second]` or one item per line starting with `- `").format(key=key),
            )
        if long := next((str(v) for v in items if len(str(v)) > MAX_TAG_CHARS), None):
            raise SourceError(_("an item of {key!r} is {n} characters long; the limit is {limit}").format(
                                  key=key, n=len(long), limit=MAX_TAG_CHARS),
                              loc(key), hint=_("each of {key} is a name or a keyword, not a text").format(key=key))
        return tuple(str(v).strip() for v in items)

    def slug_of() -> str | None:
        slug = text("slug")
        if slug is not None and not SLUG.match(slug):
            raise SourceError(
                _("slug {slug!r} is not a valid slug").format(slug=slug), loc("slug"),
                hint=_(SLUG_HINT),
            )
        return slug

    def paper_of() -> Paper | None:
        paper_name = text("paper")
        paper = parse_paper(paper_name) if paper_name else None
        if paper_name and paper is None:
            raise SourceError(_("unknown paper size {paper!r}").format(
                paper=paper_name[:40]), loc("paper"), hint=paper_hint())
        return paper

    def layout_of() -> str | None:
        layout = text("layout")
        if layout is not None and layout not in LAYOUTS:
            raise SourceError(_("layout must be one of {layouts}, not {layout!r}").format(
                layouts=', '.join(LAYOUTS), layout=layout[:40]), loc("layout"))
        return layout

    def rules() -> frozenset[str]:
        off = data.pop("typography-off", None)
        return check_rule_names(off, loc("typography-off"), SourceError) if off is not None else frozenset()

    title = checked(text, "title", True)
    subtitle = checked(text, "subtitle")
    short_title = checked(text, "short-title")
    date = checked(lambda: _date(data.pop("date", None), loc("date")))
    authors = checked(lambda: strings("authors") or strings("author")) or ()
    tags = checked(strings, "tags") or ()
    slug = checked(slug_of)
    paper = checked(paper_of)
    layout = checked(layout_of)
    typography_off = checked(rules) or frozenset()
    if problems:
        raise problems[0] if len(problems) == 1 else Problems(problems)
    return Metadata(
        title=title, subtitle=subtitle, short_title=short_title, date=date, authors=authors,
        tags=tags, slug=slug, paper=paper, layout=layout, typography_off=typography_off,
        extra=MappingProxyType(data),
    )


def _date(value: Any, loc) -> DocDate | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return DocDate(value.date())
    if isinstance(value, dt.date):
        return DocDate(value)
    written = str(value).strip()
    try:
        date = parse_written_date(written) if len(written) < 80 else None
    except (ValueError, OverflowError):
        date = None
    if date is None:
        raise SourceError(
            (_("cannot read the date {date!r}: there is no such day") if _ISO.match(written)
             else _("cannot read the date {date!r}")).format(date=written[:40]),
            loc,
            hint=_("write it as YYYY-MM-DD (2019-05-21) or in words (21 мая 2019 г., 2019 жылғы 21 мамыр)"),
        )
    try:
        dt.date.fromisoformat(written)
        return DocDate(date)
    except ValueError:
        return DocDate(date, written)
