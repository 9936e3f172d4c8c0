"""The release page, `index.html`, and the release notes, `RELEASE-NOTES.md`, of a release folder.

The page is one self-contained file (style and fonts inside, no script, no request to anything
else) in both languages: a switch at the top shows one language at a time, with the CSS
`:target` rule alone, and without CSS both are shown one after the other. Per document: the
title in each language, the date, the version and commit, every file with its size and SHA-256,
the wording changes since the previous version (the reports, and the counts), and the history of
versions with the words changed in each. The notes say the same in Markdown, for the GitHub
release of the tag.

`gather` reads the history (through `history.git`) and the files; the writers are pure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from kzpublish.document import Document
from kzpublish.fonts import embedded_font_css, plain_faces
from kzpublish.history.compare import DocumentDiff, Side, compare
from kzpublish.i18n import LANGUAGES, format_date
from kzpublish.output import write_atomic
from kzpublish.provenance import Provenance
from kzpublish.versions import ReleaseName, version_of

PAGE, NOTES = "index.html", "RELEASE-NOTES.md"
PAGE_LANGS = ("ru", "kk")
e = html.escape

LABELS: dict = yaml.safe_load((resources.files("kzpublish") / "data" / "release_page.yaml").read_text("utf-8"))
"""Key → {language → what the page says}: data, in `data/release_page.yaml`."""


def label(key: str, lang: str):
    return LABELS[key][lang]


@dataclass(frozen=True)
class FileEntry:
    name: str
    kind: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Counts:
    lang: str
    inserted: int
    deleted: int
    changed: int


@dataclass(frozen=True)
class VersionEntry:
    version: str
    commit: str
    date: dt.datetime
    since: str | None
    """The version before it, or None for the first."""
    counts: tuple[Counts, ...] = ()
    reports: tuple[str, ...] = ()
    """Its change reports, when they are in this release."""


@dataclass(frozen=True)
class DocumentEntry:
    slug: str
    titles: tuple[tuple[str, str], ...]
    """(lang, title) of each translation."""
    date: dt.date | None
    files: tuple[FileEntry, ...]
    history: tuple[VersionEntry, ...]
    """Newest first; the first is this release."""


@dataclass(frozen=True)
class ReleasePage:
    name: ReleaseName
    commit: str
    date: dt.datetime
    documents: tuple[DocumentEntry, ...]


# --- gathering ----------------------------------------------------------------------------------

def gather(project, repo, name: ReleaseName, prov: Provenance, documents: tuple[Document, ...],
           changes: dict[str, DocumentDiff | None], folder: Path) -> ReleasePage:
    """What the page says of a release whose files are in `folder`."""
    entries = []
    for doc in documents:
        files = tuple(_file_entry(path) for path in sorted(folder.iterdir()) if _belongs(path.name, doc.slug, prov.version))
        entries.append(DocumentEntry(
            doc.slug, tuple((t.lang, plain_title(t.meta.title)) for t in doc.translations),
            doc.date.date if doc.date else None, files,
            _history(project, repo, doc, prov, changes.get(doc.slug), {f.name for f in files}),
        ))
    return ReleasePage(name, prov.commit, prov.date, tuple(entries))


def _belongs(filename: str, slug: str, version: str) -> bool:
    return filename.startswith(f"{slug}-{version}") and not filename.startswith(".")


def _file_entry(path: Path) -> FileEntry:
    data = path.read_bytes()
    return FileEntry(path.name, _kind(path.name), len(data), hashlib.sha256(data).hexdigest())


def _kind(filename: str) -> str:
    for suffix, kind in (("-changes.html", "changes-html"), ("-changes.pdf", "changes-pdf"), ("-print.pdf", "print-pdf"),
                         (".pdf", "reading-pdf"), (".epub", "epub"), (".docx", "docx"), (".html", "web")):
        if filename.endswith(suffix):
            return kind
    return "file"


def plain_title(markdown: str) -> str:
    """A title's Markdown as plain text: emphasis marks and line breaks gone."""
    return " ".join(re.sub(r"(?<!\\)[*_`]|\\(?=\n)", "", markdown).split())


def _history(project, repo, doc: Document, prov: Provenance, current: DocumentDiff | None,
             files: set[str]) -> tuple[VersionEntry, ...]:
    """This release, then every earlier version of `doc` (tags `v…` and `<slug>/v…`), newest first,
    each with the words changed since the one before."""
    tagged = [(version, repo.resolve(tag)) for tag in repo.tags_before(prov.commit, include_self=True)
              if (version := version_of(tag, doc.slug)) is not None]
    versions = [(prov.version, prov.commit)] + [(v, c) for v, c in tagged if v != prov.version]
    out = []
    for n, (version, commit) in enumerate(versions):
        date = repo.commit_info(commit)[0]
        if n + 1 == len(versions):
            out.append(VersionEntry(version, commit, date, None))
            continue
        before, before_commit = versions[n + 1]
        diff = current if n == 0 and current else compare(
            project.root, repo, doc, Side(before, before_commit, repo.commit_info(before_commit)[0]),
            Side(version, commit, date))
        reports = tuple(sorted(f for f in files if f.startswith(f"{doc.slug}-{version}-changes"))) if n == 0 else ()
        out.append(VersionEntry(version, commit, date, before, _counts(diff), reports))
    return tuple(out)


def _counts(diff: DocumentDiff) -> tuple[Counts, ...]:
    return tuple(Counts(t.lang, t.counts.inserted, t.counts.deleted, t.counts.changed) for t in diff.translations)


# --- the page -----------------------------------------------------------------------------------

CSS = """
:root { color-scheme: light; }
body { font-family: "PT Serif", serif; font-size: 1.0625rem; line-height: 1.5; color: #1a1a1a; background: #fff;
       margin: 0 auto; max-width: 56rem; padding: 0 1.25rem 3rem; hyphens: auto; }
h1, h2, h3, nav, table, .meta { font-family: "PT Sans", sans-serif; }
h1 { font-size: 1.9rem; margin: 1.2rem 0 0.4rem; line-height: 1.2; }
h2 { font-size: 1.4rem; margin: 2.4rem 0 0.3rem; border-top: 1px solid #bbb; padding-top: 1rem; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 0.4rem; }
nav.switch { display: flex; gap: 1rem; justify-content: flex-end; padding: 0.8rem 0; border-bottom: 1px solid #ddd; }
nav.switch a { color: #0b4f8a; font-weight: bold; padding: 0.25rem 0.5rem; }
nav.switch a[aria-current] { color: #1a1a1a; text-decoration: none; border-bottom: 3px solid #0b4f8a; }
a { color: #0b4f8a; }
a:focus, a:hover { outline: 2px solid #0b4f8a; outline-offset: 2px; }
.meta { color: #444; margin: 0.2rem 0; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 0.95rem; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid #ddd; }
th { background: #f2f2f2; }
td.size { white-space: nowrap; text-align: right; }
code { font-family: "PT Sans", monospace; font-size: 0.8rem; overflow-wrap: anywhere; color: #333; }
ul.counts { margin: 0.2rem 0 0.6rem; padding-left: 1.2rem; }
p.verify { margin-top: 2.5rem; font-size: 0.95rem; color: #333; }
/* One language at a time: the Russian unless #kk is asked for; without CSS, both. */
#kk:not(:target) { display: none; }
#kk:target ~ #ru { display: none; }
"""


def to_html(page: ReleasePage) -> str:
    sections = [_section(page, lang) for lang in ("kk", "ru")]  # kk first: `#kk:target ~ #ru` hides ru
    text = "".join(sections)
    title = f"{label('release', 'ru').format(page.name.tag)} · {label('release', 'kk').format(page.name.tag)}"
    return (
        '<!DOCTYPE html>\n<html lang="ru">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>\n{embedded_font_css(text + title, plain_faces())}{CSS}</style>\n</head>\n<body>\n"
        f"<main>\n{text}</main>\n</body>\n</html>\n"
    )


def language_switch(lang: str) -> str:
    """Links to the page in each language, the current one marked."""
    current = ' aria-current="page"'
    links = " ".join(f'<a href="#{other}" hreflang="{other}" lang="{other}"{current if other == lang else ""}>'
                     f"{e(LANGUAGES[other].name)}</a>" for other in PAGE_LANGS)
    return f'<nav class="switch" aria-label="{e(label("switch", lang))}">{links}</nav>\n'


def _section(page: ReleasePage, lang: str) -> str:
    parts = [f'<section id="{lang}" lang="{lang}">\n{language_switch(lang)}<h1>{e(label("release", lang).format(page.name.tag))}</h1>\n',
             f'<p class="meta">{e(label("released", lang))}: {e(format_date(page.date.date(), lang))} · '
             f'{e(label("commit", lang))}: <code>{e(page.commit[:12])}</code></p>\n',
             f"<p>{e(label('intro', lang))}</p>\n"]
    for doc in page.documents:
        parts.append(_document(doc, lang))
    parts.append(f'<p class="verify">{e(label("verify", lang))}</p>\n</section>\n')
    return "".join(parts)


def _document(doc: DocumentEntry, lang: str) -> str:
    own = dict(doc.titles)
    title = own.get(lang) or doc.titles[0][1]
    others = [f'<p class="meta" lang="{other}">{e(t)}</p>\n' for other, t in doc.titles if other != lang]
    current = doc.history[0]
    facts = [f"{label('version', lang)}: {current.version}"]
    if doc.date:
        facts.append(f"{label('date', lang)}: {format_date(doc.date, lang)}")
    out = [f'<h2 id="{lang}-{e(doc.slug)}" lang="{lang if lang in own else doc.titles[0][0]}">{e(title)}</h2>\n', *others,
           f'<p class="meta">{e(" · ".join(facts))}</p>\n']
    if doc.files:
        rows = "".join(
            f'<tr><td><a href="{e(f.name)}" download>{e(f.name)}</a></td><td>{e(label(f.kind, lang)) if f.kind in LABELS else ""}</td>'
            f'<td class="size"><data value="{f.bytes}">{e(size_text(f.bytes, lang))}</data></td>'
            f"<td><code>{f.sha256}</code></td></tr>\n" for f in doc.files)
        out.append(f'<table>\n<caption>{e(label("files", lang))}</caption>\n<thead><tr><th scope="col">{e(label("file", lang))}</th>'
                   f'<th scope="col">{e(label("kind", lang))}</th><th scope="col">{e(label("size", lang))}</th>'
                   f'<th scope="col">SHA-256</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n')
    if current.since:
        out.append(f"<h3>{e(label('changes', lang).format(current.since))}</h3>\n{_counts_html(current, lang)}")
        links = [f'<a href="{e(r)}">{e(label(_kind(r), lang))}</a>' for r in current.reports]
        if links:
            out.append(f"<p>{' · '.join(links)}</p>\n")
    else:
        out.append(f"<p>{e(label('first', lang))}</p>\n")
    out.append(f"<h3>{e(label('history', lang))}</h3>\n<ol reversed>\n")
    for v in doc.history:
        since = _counts_html(v, lang) if v.since else f"<p>{e(label('history-first', lang))}</p>\n"
        out.append(f"<li><p><b>{e(v.version)}</b> · {e(format_date(v.date.date(), lang))} · <code>{e(v.commit[:12])}</code></p>\n"
                   f"{since}</li>\n")
    out.append("</ol>\n")
    return "".join(out)


def _counts_html(v: VersionEntry, lang: str) -> str:
    items = "".join(f'<li>{e(count_text(c, lang))}</li>' for c in v.counts)
    return f'<ul class="counts">{items}</ul>\n'


def count_text(c: Counts, lang: str) -> str:
    return label("counts", lang).format(lang=LANGUAGES[c.lang].name, ins=c.inserted, dele=c.deleted, chg=c.changed)


def size_text(n: int, lang: str) -> str:
    units = label("units", lang)
    if n < 1024:
        return f"{n}\u00a0{units[0]}"
    value, unit = (n / 1024, units[1]) if n < 1024 * 1024 else (n / 1024 / 1024, units[2])
    return f"{value:.1f}".replace(".", ",") + f"\u00a0{unit}"


# --- the notes ----------------------------------------------------------------------------------

def to_markdown(page: ReleasePage) -> str:
    out = []
    for lang in PAGE_LANGS:
        out.append(f"## {label('release', lang).format(page.name.tag)}\n\n{label('intro', lang)}\n")
        for doc in page.documents:
            title = dict(doc.titles).get(lang) or doc.titles[0][1]
            current = doc.history[0]
            out.append(f"\n### {title}\n\n{label('version', lang)}: {current.version} · "
                       f"{label('commit', lang)}: `{page.commit[:12]}`\n")
            if doc.files:
                out.append(f"\n| {label('file', lang)} | {label('kind', lang)} | {label('size', lang)} | SHA-256 |\n|---|---|---:|---|\n")
                out += [f"| {f.name} | {label(f.kind, lang) if f.kind in LABELS else ''} | {size_text(f.bytes, lang)} | `{f.sha256}` |\n"
                        for f in doc.files]
            if current.since:
                out.append(f"\n{label('changes', lang).format(current.since)}:\n\n")
                out += [f"- {count_text(c, lang)}\n" for c in current.counts]
            else:
                out.append(f"\n{label('first', lang)}\n")
        out.append(f"\n{label('verify', lang)}\n\n")
    return "".join(out)


def write_release_page(folder: Path, page: ReleasePage) -> list[Path]:
    write_atomic(folder / PAGE, to_html(page).encode("utf-8"))
    write_atomic(folder / NOTES, to_markdown(page).encode("utf-8"))
    return [folder / PAGE, folder / NOTES]
