"""`kzpublish amend` as library functions: draft the amending texts of a document between two
revisions (each checked by applying it back), write them (Markdown per language, one HTML page
with both, DOCX per language through pandoc), and apply an amending text to the version it
names."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from kzpublish.amend import ApplyError, Entry, Instruction, apply, draft, same_words
from kzpublish.amend_doc import TITLES, AmendmentHeader, read, to_markdown, version_markdown
from kzpublish.amend_words import Addresses, ParseError, UnitMissing, parse, parse_group
from kzpublish.blocks import Block
from kzpublish.document import find_document
from kzpublish.errors import GitError, KzError, SourceError, SourceLocation
from kzpublish.history.compare import default_sides
from kzpublish.history.git import Repository
from kzpublish.history.parsed import read_blocks
from kzpublish.messages import N_, _
from kzpublish.output import write_atomic
from kzpublish.paths import written_inside
from kzpublish.project import Project
from kzpublish.sources import source_from_bytes
from kzpublish.structure import units_of

AMEND_DIR = "dist/amend"
FIT_HINT = N_("apply it to the revision its front matter names (`from:`), or name the right one with --at")


@dataclass(frozen=True)
class Amendment:
    header: AmendmentHeader
    instructions: tuple[Instruction, ...]
    markdown: str
    exact: bool
    """Applied to the older version, it gives the newer word for word (checked as drafted)."""


def amend(project: Project, slug: str, from_rev: str | None, to_rev: str | None) -> list[Amendment]:
    """The amending text of each translation that changed between the two revisions (the
    revisions default as for `kzpublish diff`)."""
    doc = find_document(project.root, project.config, slug)
    out = []
    with Repository(project.root) as repo:
        old, new = default_sides(repo, doc, from_rev, to_rev)
        for tr in doc.translations:
            before = _blocks(project, repo, tr.source.path, old.commit)
            after = _blocks(project, repo, tr.source.path, new.commit)
            if before is None or after is None or same_words(before, after):
                continue
            header = AmendmentHeader(slug, tr.lang, tr.meta.title, old.commit or "", new.commit or "uncommitted")
            out.append(_drafted(header, before, after))
    return out


def _blocks(project: Project, repo: Repository, path: str, commit: str | None) -> tuple[Block, ...] | None:
    """The blocks of a translation at a commit (None: the working tree), with their AST: list
    numbers make points. None where it did not exist."""
    if commit is None:
        file = project.root / path
        source = source_from_bytes(path, _lang(path), file.read_bytes()) if file.is_file() else None
    else:
        source = repo.source_at(commit, path)
    return read_blocks(source) if source is not None else None


def _lang(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".md")


def _drafted(header: AmendmentHeader, old: tuple[Block, ...], new: tuple[Block, ...]) -> Amendment:
    """Word by word where that gives the new text back; else every changed unit in a new wording."""
    for words in (True, False):
        instructions = draft(old, new, words=words)
        markdown = to_markdown(header, instructions)
        try:
            entries = apply_text(markdown, "amendment.md", old)
        except KzError:
            continue
        if same_words([e.block for e in entries], new):
            return Amendment(header, instructions, markdown, True)
    return Amendment(header, instructions, markdown, False)


def apply_text(markdown: str, path: str, old: tuple[Block, ...]) -> tuple[Entry, ...]:
    header, items = read(markdown, path)
    addresses = Addresses.of(header.lang, units_of(old))
    instructions = []
    for sentence, blocks, line, members in items:
        try:
            if members:
                instructions += parse_group(header.lang, sentence, members, addresses)
            else:
                instructions.append(parse(header.lang, sentence, blocks, addresses))
        except UnitMissing as e:
            raise SourceError(_("the amendment does not fit the version it is applied to: {error}").format(
                error=e), SourceLocation(path, line),
                              hint=_(FIT_HINT)) from e
        except ParseError as e:
            raise SourceError(str(e), SourceLocation(path, line),
                              hint=_('the supported forms are listed in the README, "Amendments"')) from e
    try:
        return apply(old, instructions)
    except ApplyError as e:
        raise SourceError(_("the amendment does not fit the version it is applied to: {error}").format(
            error=e), SourceLocation(path),
                          hint=_(FIT_HINT)) from e


def write(project: Project, amendments: list[Amendment]) -> list[Path]:
    """`dist/amend/<slug>.<from>..<to>.<lang>.md` and `.docx`, and `<slug>.<from>..<to>.html` and
    `.pdf` (WeasyPrint lays out the same page, with the embedded fonts)."""
    from kzpublish.pandoc import ast_to_docx, read_markdown, write_html

    if not amendments:
        return []
    written_inside(project.root, project.root / "dist")
    h = amendments[0].header
    base = project.root / AMEND_DIR / f"{h.slug}.{h.old[:10]}..{h.new[:10]}"
    written, sections = [], []
    for a in amendments:
        md = base.with_name(f"{base.name}.{a.header.lang}.md")
        write_atomic(md, a.markdown.encode("utf-8"))
        loc = SourceLocation(md.relative_to(project.root).as_posix())
        ast = read_markdown(a.markdown, loc)
        docx = md.with_suffix(".docx")
        write_atomic(docx, ast_to_docx(ast, loc))
        title = html.escape(TITLES[a.header.lang].format(title=a.header.title))
        sections.append(f'<section lang="{a.header.lang}"><h1>{title}</h1>\n{write_html(ast, loc)}</section>')
        written += [md, docx]
    from kzpublish.render.pdf import write_pdf

    page, pdf = base.with_name(base.name + ".html"), base.with_name(base.name + ".pdf")
    html_text = _page(h.slug, sections)
    write_atomic(page, html_text.encode("utf-8"))
    write_atomic(pdf, write_pdf(html_text, None, project.config.paper, project.root, None))
    return [page, pdf, *written]


def _page(slug: str, sections: list[str]) -> str:
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(slug)}</title>"
            "<style>body{font-family:'PT Serif',serif;max-width:48em;margin:2em auto;line-height:1.45}"
            "h1{font-family:'PT Sans',sans-serif;font-size:1.3em}"
            "section+section{margin-top:3em;border-top:1px solid #999}blockquote{margin-left:2em}</style>"
            "</head><body>\n" + "\n".join(sections) + "\n</body></html>\n")


def apply_file(project: Project, file: Path, at: str | None) -> tuple[str, AmendmentHeader]:
    """The version an amending text produces, as Markdown: applied to its `from` revision, or to
    `at`."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise KzError(_("cannot read {file}: {error}").format(file=file, error=e)) from e
    header, _text = read(text, str(file))
    doc = find_document(project.root, project.config, header.slug)
    tr = next((t for t in doc.translations if t.lang == header.lang), None)
    if tr is None:
        raise KzError(_("{slug} has no {lang} translation").format(
            slug=header.slug, lang=header.lang), SourceLocation(str(file), 1))
    with Repository(project.root) as repo:
        commit = repo.resolve(at or header.old)
        source = repo.source_at(commit, tr.source.path)
    if source is None:
        raise GitError(_("{path} does not exist at {commit}").format(path=tr.source.path, commit=commit[:10]),
                       hint=_("give the revision to amend with --at"))
    old = read_blocks(source)
    entries = apply_text(text, str(file), old)
    front = source.text.split("\n---", 1)[0] + "\n---\n" if source.text.startswith("---") else ""
    return version_markdown(front, entries), header

