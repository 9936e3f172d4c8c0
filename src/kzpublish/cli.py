"""The command line: argument parsing, messages and exit codes — nothing else.

Exit codes: 0 success; 1 a document or the project has a problem (each named with file:line);
2 the command line itself is wrong; 3 (verify) the same wording as the commit builds, not the
same bytes; 130 stopped by Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import traceback
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kzpublish import __version__, messages, usage
from kzpublish.config import LAYOUTS, paper_hint, parse_paper
from kzpublish.errors import REPORT, Problems, KzError
from kzpublish.i18n import LANGUAGES
from kzpublish.messages import _, ngettext
from kzpublish.processes import default_jobs
from kzpublish.project import Project

if TYPE_CHECKING:
    from kzpublish.request import BuildRequest

# Commands import their modules when they run: the engines they bring (GitPython, WeasyPrint,
# pypdf), even YAML and the typographic rules, would slow down every start.

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_BUG, EXIT_SAME_WORDING, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130
BAR = 20
"""Characters of the progress bar on a terminal."""


def parser() -> argparse.ArgumentParser:
    p = usage.Parser(prog="kzpublish", description=_("Bilingual Russian/Kazakh documents → PDF and EPUB."))
    usage.add_global_options(p, here=True)
    p.add_argument("--lang", choices=messages.UI_LANGUAGES,
                   help=_("the language kzpublish speaks (default: KZPUBLISH_LANG, else the locale, LANG)"))
    p.add_argument("--version", action="version", version=f"kzpublish {__version__}", help=_("print the version"))
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    i = sub.add_parser("init", help=_("make a ready project: sources/ with an example, settings, Makefile, release workflow"))
    i.add_argument("target", nargs="?", default=".", metavar="DIR", help=_("the project folder (default: this one)"))
    i.add_argument("--source", metavar="SPEC",
                   help=_("what the project's Makefile installs kzpublish from: a PyPI requirement, a git URL or "
                          "a folder (default: where this kzpublish came from)"))

    n = sub.add_parser("new", help=_("add a document: sources/SLUG/ with a file per language"))
    n.add_argument("slug", metavar="SLUG")

    b = sub.add_parser("build", help=_("build PDF and EPUB (and DOCX) editions into dist/"))
    b.add_argument("slugs", nargs="*", metavar="SLUG", help=_("documents to build (default: all)"))
    b.add_argument("--pdf", action="store_true", help=_("build PDFs (default: PDFs and EPUBs)"))
    b.add_argument("--epub", action="store_true", help=_("build EPUBs"))
    b.add_argument("--docx", action="store_true", help=_("build DOCX (Word) editions"))
    b.add_argument("--html", action="store_true", help=_("build web editions (one self-contained page per document)"))
    b.add_argument("--paper", help=_("page size for the PDFs: A4, A5, Letter… or 170mm x 240mm"))
    b.add_argument("--layout", choices=LAYOUTS, help=_("bilingual PDFs: side by side (parallel, the default) or one after the other"))
    b.add_argument("--strict", action="store_true", help=_("treat warnings as errors; stop at the first failure"))
    b.add_argument("--force", action="store_true", help=_("rebuild even what is up to date"))
    b.add_argument("-j", "--jobs", type=int, default=default_jobs(), metavar="N",
                   help=_("documents built at once (default: the number of cores, {cores})").format(cores=default_jobs()))
    b.add_argument("--shard", metavar="K/N", type=_shard, help=_("build only the K-th of N stable shares of the documents"))
    b.add_argument("--watch", action="store_true",
                   help=_("keep running: build again whenever a source, style or setting changes (Ctrl-C stops)"))

    sub.add_parser("list", help=_("list the documents of the project"))

    rl = sub.add_parser("release", help=_("every edition of a tagged, clean commit into dist/<version>/"))
    rl.add_argument("--version", help=_("default: the tag on HEAD"))

    a = sub.add_parser("align", help=_("how the blocks of the two translations pair up"))
    a.add_argument("slug", metavar="SLUG")
    a.add_argument("--json", action="store_true", help=_("print JSON"))

    r = sub.add_parser("drift", help=_("aligned pairs where one translation changed and the other did not"))
    r.add_argument("slugs", nargs="*", metavar="SLUG", help=_("documents (default: all with two translations)"))
    r.add_argument("--json", action="store_true", help=_("print JSON"))
    r.add_argument("--strict", action="store_true", help=_("exit with 1 when a pair has drifted"))

    h = sub.add_parser("history", help=_("the revisions of a document, newest first"))
    h.add_argument("slug", metavar="SLUG")
    h.add_argument("--lang", choices=sorted(LANGUAGES), help=_("only this translation"))
    h.add_argument("--json", action="store_true", help=_("print JSON"))

    d = sub.add_parser("diff", help=_("wording changes between two revisions: HTML and PDF reports in dist/diff/"))
    d.add_argument("slugs", nargs="*", metavar="SLUG", help=_("documents to compare (default: all)"))
    d.add_argument("--from", dest="from_rev", metavar="REV", help=_("default: the latest tag before --to, else the first commit"))
    d.add_argument("--to", dest="to_rev", metavar="REV", help=_("default: the working tree"))
    d.add_argument("--show-typography", action="store_true", help=_("show typography and look-alike changes too"))
    d.add_argument("--json", action="store_true", help=_("print the diff as JSON instead of writing reports"))
    d.add_argument("--table", action="store_true",
                   help=_("write the comparison table (сравнительная таблица) as HTML, landscape PDF and DOCX instead"))
    d.add_argument("--justify", action="store_true",
                   help=_("with --table: a justification column from the messages of the commits that changed each unit"))

    s = sub.add_parser("serve", help=_("preview: web editions and PDFs, built again on save, pages reloaded"))
    s.add_argument("--port", type=int, default=8000, help=_("default: 8000 (0: any free port)"))
    s.add_argument("--host", default="127.0.0.1",
                   help=_("address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 shows it to the network)"))

    v = sub.add_parser("verify", help=_("which document, version and commit a PDF, EPUB, DOCX or web edition is, and "
                                        "whether it is genuine"))
    v.add_argument("file", metavar="FILE", type=Path)
    v.add_argument("--json", action="store_true", help=_("print JSON"))

    t = sub.add_parser("terms", help=_("glossary terms across the aligned pairs: missing and forbidden terms, renderings used"))
    t.add_argument("slugs", nargs="*", metavar="SLUG", help=_("documents (default: all with two translations)"))
    t.add_argument("--json", action="store_true", help=_("print JSON"))
    t.add_argument("--strict", action="store_true", help=_("exit with 1 when a term is missing or forbidden"))
    t.add_argument("--export-tbx", metavar="FILE", type=Path, help=_("write the glossary as TBX and stop"))

    am = sub.add_parser("amend", help=_("the amending text between two revisions, in each language (dist/amend/)"))
    am.add_argument("slug", nargs="?", metavar="SLUG")
    am.add_argument("--from", dest="from_rev", metavar="REV", help=_("default: the latest tag before --to, else the first commit"))
    am.add_argument("--to", dest="to_rev", metavar="REV", help=_("default: the working tree"))
    am.add_argument("--apply", metavar="FILE", type=Path, help=_("apply an amending text (Markdown) and print the version it makes"))
    am.add_argument("--at", metavar="REV", help=_("with --apply: the revision to amend (default: the one the text names)"))
    am.add_argument("-o", "--output", metavar="FILE", type=Path, help=_("with --apply: write the version here"))

    c = sub.add_parser("check", help=_("check the sources: front matter, characters the fonts lack, look-alike letters"))
    c.add_argument("slugs", nargs="*", metavar="SLUG", help=_("documents to check (default: all)"))
    c.add_argument("--fix", action="store_true", help=_("rewrite look-alike letters whose intended form is certain"))
    c.add_argument("--json", action="store_true", help=_("print the problems and fixes as JSON"))

    sub.add_parser("completion", help=_("print the shell completion script")).add_argument("shell", choices=usage.SHELLS)
    return usage.finish(p)


def _shard(text: str) -> tuple[int, int]:
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not K/N, e.g. 2/4").format(text=text)) from None
    if not 1 <= k <= n:
        raise argparse.ArgumentTypeError(_("{text!r}: K must be between 1 and N").format(text=text))
    return k, n


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    argv = sys.argv[1:] if argv is None else argv
    messages.use(messages.choose(usage.asked_language(argv)))
    p = parser()
    usage.autocomplete(p)
    try:
        with redirect_stdout(out), redirect_stderr(err):  # --help, --version and usage errors too
            args = p.parse_args(argv)
    except SystemExit as e:
        return EXIT_USAGE if e.code else EXIT_OK
    if args.command is None:  # `kzpublish` alone (or with global options only)
        p.print_help(out)
        return EXIT_OK
    if args.command == "completion":
        usage.print_completion(args.shell, out)
        return EXIT_OK
    logger = logging.getLogger("kzpublish")
    propagate, handler = logger.propagate, _log_to(err)
    try:
        if args.command == "init":
            return _init(args, out, err)
        project = Project.find(Path(args.directory))
        if args.command == "new":
            return _new(project, args, out, err)
        if args.command == "build":
            return _build(project, args, out, err)
        if args.command == "check":
            return _check(project, args, out, err)
        if args.command == "release":
            return _release(project, args, out, err)
        if args.command == "align":
            return _align(project, args, out)
        if args.command == "drift":
            return _drift(project, args, out)
        if args.command == "history":
            return _history(project, args, out)
        if args.command == "diff":
            return _diff(project, args, out)
        if args.command == "verify":
            return _verify(project, args, out)
        if args.command == "serve":
            return _serve(project, args, out, err)
        if args.command == "terms":
            return _terms(project, args, out)
        if args.command == "amend":
            return _amend(project, args, out, err)
        return _list(project, out, err)
    except Problems as e:
        for error in e.errors:
            print(_("error: {message}").format(message=error), file=err)
        print(_problems(len(e.errors)), file=err)
        return EXIT_PROBLEM
    except KzError as e:
        print(_("error: {message}").format(message=e), file=err)
        return EXIT_PROBLEM
    except BrokenPipeError:  # `kzpublish diff --json | head`
        return EXIT_OK
    except KeyboardInterrupt:
        print(_("stopped; no file was left half-written"), file=err)
        return EXIT_INTERRUPTED
    except OSError as e:  # the system refused something no engine call foresaw
        where = f"{e.filename}: " if e.filename else ""
        print(_("error: {where}{reason}\n  hint: check that the project's folders can be read and written").format(
            where=where, reason=e.strerror or e), file=err)
        return EXIT_PROBLEM
    except (MemoryError, RecursionError) as e:
        print(_("error: the input is too large or too deeply nested ({kind})\n  hint: split the "
                "document, or nest less deeply").format(kind=type(e).__name__), file=err)
        return EXIT_PROBLEM
    except Exception as e:  # noqa: BLE001 — the last resort: one line, never a traceback
        if os.environ.get("KZPUBLISH_DEBUG"):
            traceback.print_exc(file=err)
        detail = str(e).strip().splitlines()[0][:200] if str(e).strip() else ""
        print(_("error: kzpublish failed ({kind}{detail})\n  hint: this is a bug; {report}").format(
            kind=type(e).__name__, detail=": " + detail if detail else "", report=_(REPORT)), file=err)
        return EXIT_BUG
    finally:  # the logger as it was: a program that calls main() keeps its own logging
        logger.removeHandler(handler)
        logger.propagate = propagate


def _init(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from kzpublish.scaffold import init

    made = init(Path(args.directory) / args.target, args.source)
    _made(made, out, err, args.quiet)
    if not args.quiet:
        where = "" if made.root == Path.cwd().resolve() else f"cd {os.path.relpath(made.root)} && "
        print(_("next: {where}make pdf   (or `kzpublish build`); `kzpublish new SLUG` adds a document").format(where=where),
              file=err)
    return EXIT_OK


def _new(project: Project, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from kzpublish.scaffold import new_document

    _made(new_document(project.root, project.config, args.slug), out, err, args.quiet)
    return EXIT_OK


def _made(made, out: TextIO, err: TextIO, quiet: bool) -> None:
    """Each file written, on stdout; each one kept as it was, on stderr."""
    for rel in made.written:
        print(os.path.relpath(made.root / rel), file=out)
    for rel in made.kept:
        print(_("kept {path}: it exists already").format(path=os.path.relpath(made.root / rel)), file=err)
    if made.git_init and not quiet:
        print(_("made a git repository in {path}").format(path=os.path.relpath(made.root)), file=err)


def _build(project: Project, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from kzpublish.request import DEFAULT_FORMATS, FORMATS, BuildRequest
    from kzpublish.unchanged import build

    paper = None
    if args.paper:
        paper = parse_paper(args.paper)
        if paper is None:
            print(_("error: {message}").format(message=KzError(_("unknown paper size {paper!r}").format(paper=args.paper),
                                                               hint=paper_hint())), file=err)
            return EXIT_USAGE
    formats = tuple(f for f in FORMATS if getattr(args, f)) or DEFAULT_FORMATS
    request = BuildRequest(tuple(args.slugs), formats, paper, args.strict, args.layout,
                           force=args.force, jobs=max(args.jobs, 1), shard=args.shard)
    progress = None if args.quiet else _progress(err)
    if args.watch:
        return _watch(project, request, args, progress, out, err)
    return _report(project, build(project, request, progress), args, out, err)


def _watch(project: Project, request: BuildRequest, args: argparse.Namespace, progress, out: TextIO,
           err: TextIO) -> int:
    from kzpublish.watch import watch

    def done(project: Project, report) -> None:
        _report(project, report, args, out, err)
        if not args.quiet:
            print(_("watching sources/, styles/ and pyproject.toml for changes (Ctrl-C stops)"), file=err, flush=True)

    # Ctrl-C or `kill` ends the watch between two writes, cleanly, even where the process was
    # started with SIGINT ignored (a background job of a script).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        watch(project.root, request, done, progress)
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def _report(project: Project, report, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if err.isatty():  # the progress line goes
        print("\r\033[K", end="", file=err, flush=True)
    for path in report.written:
        if not args.quiet:
            print(path.relative_to(project.root), file=out, flush=True)
    for e in report.errors:
        print(_("error: {message}").format(message=e), file=err)
    if not args.quiet:
        _summary(report, err)
    if report.errors:
        failed = _("; not built: {slugs}").format(slugs=", ".join(report.failed)) if report.failed else ""
        print(_problems(len(report.errors)) + "; "
              + ngettext("{n} file(s) written", "{n} file(s) written", len(report.written))
              + failed, file=err, flush=True)
        return EXIT_PROBLEM
    return EXIT_OK


def _progress(err: TextIO):
    """One line per stage; on a terminal, one line with a bar that keeps being rewritten."""
    tty = err.isatty()

    def progress(slug: str, stage: str, at: tuple[int, int]) -> None:
        finished, total = at
        line = _("{slug}: {stage} ({finished}/{total} done)").format(slug=slug, stage=stage, finished=finished, total=total)
        if tty:
            filled = round(BAR * finished / total)
            print(f"\r\033[K[{'#' * filled}{'.' * (BAR - filled)}] {line}", end="", file=err, flush=True)
        else:
            print(line, file=err, flush=True)

    return progress


def _problems(n: int) -> str:
    return ngettext("{n} problem(s)", "{n} problem(s)", n)


def _summary(report, err: TextIO) -> None:
    for slug, seconds in sorted(report.seconds.items(), key=lambda kv: -kv[1]):
        print(f"  {slug:40} {seconds:6.1f} s", file=err)
    if report.skipped:
        print(ngettext("{n} file(s) up to date", "{n} file(s) up to date", len(report.skipped)),
              file=err)


def _release(project: Project, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from kzpublish.release import release

    def progress(slug: str, stage: str, at: tuple[int, int]) -> None:
        if not args.quiet:
            print(f"{slug}: {stage}", file=err, flush=True)

    done = release(project, args.version, progress)
    for path in done.files:
        print(path.relative_to(project.root), file=out)
    if not args.quiet and done.previous is None:
        print(_("no earlier tag: no wording-change reports"), file=err)
    return EXIT_OK


def _align(project: Project, args: argparse.Namespace, out: TextIO) -> int:
    from kzpublish.align import align_document, mismatches
    from kzpublish.document import find_document
    from kzpublish.locators import locators

    result = align_document(find_document(project.root, project.config, args.slug), project.root)
    (left_lang, right_lang), (left, right) = result.langs, result.blocks
    names = (locators(left, left_lang), locators(right, right_lang))
    check = {id(p): why for p, why in mismatches(left, right, result.pairs)}

    def where(side: int, indices: tuple[int, ...]) -> str:
        return names[side][indices[0]] if indices else ""

    if args.json:
        json.dump({
            "slug": args.slug, "languages": [left_lang, right_lang],
            "pairs": [{"pair": n, left_lang: [i + 1 for i in p.left], right_lang: [j + 1 for j in p.right],
                       "confidence": p.confidence, "method": p.method,
                       f"{left_lang}_locator": where(0, p.left), f"{right_lang}_locator": where(1, p.right),
                       f"{left_lang}_text": " ".join(left[i].text for i in p.left),
                       f"{right_lang}_text": " ".join(right[j].text for j in p.right),
                       "check": check.get(id(p))}
                      for n, p in enumerate(result.pairs, 1)],
        }, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    width = 38
    print(f"{'#':>3}  {'conf':>4}  {'method':14}  {left_lang:{width}}  {right_lang}", file=out)
    for n, p in enumerate(result.pairs, 1):
        a = _first_words(" ".join(left[i].text for i in p.left), width)
        b = _first_words(" ".join(right[j].text for j in p.right), width)
        shape = f"{len(p.left)}-{len(p.right)}"
        flag = f"  ← check: {check[id(p)]}" if id(p) in check else ""
        print(f"{n:>3}  {p.confidence:4.2f}  {p.method + ' ' + shape:14}  {a:{width}}  {b}{flag}", file=out)
    return EXIT_OK


def _first_words(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1].rsplit(" ", 1)[0] + "…"


def _drift(project: Project, args: argparse.Namespace, out: TextIO) -> int:
    from kzpublish import revisions
    from kzpublish.history.diff import WORDING

    found = revisions.drift(project, tuple(args.slugs))
    if args.json:
        json.dump({slug: [_drift_json(d) for d in drifts] for slug, drifts in found.items()},
                  out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for slug, drifts in found.items():
            print(_("{slug}: {count} pair(s) out of step").format(slug=slug, count=len(drifts) or _("no")), file=out)
            for d in drifts:
                when = f"{d.commit[:10]} ({d.date:%Y-%m-%d}, {d.subject})" if d.commit else _("uncommitted changes")
                name = f"{d.locator} · {d.other_locator}" if d.other_locator else d.locator
                print("  " + _("{name}: {lang} changed in {when}; {other} not updated since").format(
                    name=name, lang=d.lang, when=when, other=d.other), file=out)
                for s in d.spans:
                    if s.kind in WORDING:
                        print(f"    {s.old or '∅'} → {s.new or '∅'}", file=out)
                print(f"    {d.lang}: {d.text}", file=out)
                print(f"    {d.other}: {d.other_text}", file=out)
    if args.strict and any(found.values()):
        return EXIT_PROBLEM
    return EXIT_OK


def _drift_json(d) -> dict:
    from kzpublish.history.diff import WORDING

    return {
        "pair": d.pair_number, "locator": d.locator, "other_locator": d.other_locator, "changed": d.lang, "other": d.other,
        "blocks": {"left": [i + 1 for i in d.pair.left], "right": [j + 1 for j in d.pair.right]},
        "since": {"commit": d.commit, "date": d.date.isoformat() if d.date else None, "subject": d.subject},
        "changes": [{"kind": {"insert": "inserted", "delete": "deleted", "replace": "changed"}.get(s.kind, s.kind),
                     "old": s.old, "new": s.new} for s in d.spans if s.kind in WORDING],
        "text": d.text, "other_text": d.other_text,
    }


def _history(project: Project, args: argparse.Namespace, out: TextIO) -> int:
    from kzpublish import revisions

    per_lang = revisions.history(project, args.slug, args.lang)
    if args.json:
        json.dump({lang: [_revision_json(r) for r in revs] for lang, revs in per_lang.items()},
                  out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    for lang, revs in per_lang.items():
        print(f"{LANGUAGES[lang].name} ({lang}):", file=out)
        for r in revs:
            tags = f" [{', '.join(r.tags)}]" if r.tags else ""
            moved = " " + _("(renamed from {path})").format(path=r.old_path) if r.status == "R" else ""
            print(f"  {r.commit[:10]}  {r.date:%Y-%m-%d %H:%M}  {r.author}  {r.subject}{tags}{moved}", file=out)
        if not revs:
            print("  " + _("(not committed yet)"), file=out)
    return EXIT_OK


def _revision_json(r) -> dict:
    return {"commit": r.commit, "date": r.date.isoformat(), "author": r.author, "subject": r.subject,
            "path": r.path, "status": r.status, "old_path": r.old_path, "tags": list(r.tags)}


def _diff(project: Project, args: argparse.Namespace, out: TextIO) -> int:
    from kzpublish import revisions
    from kzpublish.history.report import summary_line, to_json

    results = revisions.diff(project, tuple(args.slugs), args.from_rev, args.to_rev,
                             show_typography=args.show_typography, write=not (args.json or args.table))
    if args.table and not args.json:
        from kzpublish.comparison import write_tables

        for r in results:
            files = write_tables(project, r.diff, args.justify)
            print(f"{r.diff.slug}: {r.diff.old.label} → {r.diff.new.label}", file=out)
            for path in files:
                print(path.relative_to(project.root), file=out)
        return EXIT_OK
    if args.json:
        data = [to_json(r.diff) for r in results]
        json.dump(data[0] if len(args.slugs) == 1 else data, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    for r in results:
        d = r.diff
        counts = ", ".join(f"{t.lang}: {summary_line(t.counts)}"
                           f"{'' if t.status in ('changed', 'unchanged') else f' ({t.status})'}" for t in d.translations)
        print(f"{d.slug}: {d.old.label} → {d.new.label}: {counts}", file=out)
        print(r.html.relative_to(project.root), file=out)
        print(r.pdf.relative_to(project.root), file=out)
    return EXIT_OK


def _serve(project: Project, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from kzpublish.serve import serve

    def ready(url: str) -> None:
        print(_("serving {url} (Ctrl-C stops)").format(url=url), file=err, flush=True)

    def done(project: Project, report) -> None:
        for e in report.errors:
            print(_("error: {message}").format(message=e), file=err, flush=True)
        if not args.quiet:
            print(_("built: {written} file(s) written, {skipped} up to date").format(
                written=len(report.written), skipped=len(report.skipped)), file=err, flush=True)

    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        serve(project, args.host, args.port, ready, done)
    except KeyboardInterrupt:
        pass
    except OSError as e:
        print(_("error: cannot listen on {host}:{port}: {reason}\n  hint: choose another with --port").format(
            host=args.host, port=args.port, reason=e.strerror), file=err)
        return EXIT_PROBLEM
    return EXIT_OK


def _terms(project: Project, args: argparse.Namespace, out: TextIO) -> int:
    from kzpublish import glossary, terms
    from kzpublish.document import load_documents
    from kzpublish.output import write_atomic

    found = glossary.load(project.root)
    if found is None:
        raise KzError(_("this project has no glossary ({toml} or {tbx})").format(toml=glossary.TOML, tbx=glossary.TBX),
                      hint=_('write {toml} at the project root: [[term]] entries with ru = "…" and kk = "…"').format(
                          toml=glossary.TOML))
    if args.export_tbx:
        write_atomic(args.export_tbx, glossary.to_tbx(found))
        print(args.export_tbx, file=out)
        return EXIT_OK
    loaded = load_documents(project.root, project.config)
    docs = [loaded.find(s) for s in args.slugs] if args.slugs else [d for d in loaded.documents if len(d.translations) == 2]
    reports = [terms.document_report(project.root, doc, found) for doc in docs]
    if args.json:
        data = [terms.to_json(r) for r in reports]
        json.dump(data[0] if len(args.slugs) == 1 else data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for r in reports:
            print(_("{slug}: {n} problem(s) with terms").format(slug=r.slug, n=len(r.problems)) if r.problems
                  else _("{slug}: no problems with terms").format(slug=r.slug), file=out)
            for p in r.problems:
                print(f"  {p.message()}", file=out)
            for term, renderings in r.renderings.items():
                shown = "; ".join(f"{x.text} ({x.status}) ×{len(x.places)}: "
                                  + ", ".join(a.unit or str(a.loc) for a, _ in x.places[:5])
                                  + (" …" if len(x.places) > 5 else "") for x in renderings)
                print(f"  {term} → {shown or _('not in the text')}", file=out)
            if r.unchecked:
                print(_("  ({unchecked} pair(s) aligned with low confidence not checked for missing "
                        "terms)").format(unchecked=r.unchecked), file=out)
    if args.strict and any(r.problems for r in reports):
        return EXIT_PROBLEM
    return EXIT_OK


def _verify(project: Project, args: argparse.Namespace, out: TextIO) -> int:
    from kzpublish.verify import to_json, verify

    v = verify(project, args.file.resolve())
    code = EXIT_OK if v.identical else EXIT_SAME_WORDING if v.same_wording else EXIT_PROBLEM
    if v.release and (v.release.signature == "bad" or not v.release.listed):
        code = EXIT_PROBLEM
    if args.json:
        json.dump(to_json(v), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return code
    tags = f" ({', '.join(v.tags)})" if v.tags else ""
    print(_("{file}: {kind} of {document} ({source}), version {version}, commit {commit}{tags}").format(
        file=args.file, kind=v.kind, document=v.document, source=v.source, version=v.version, commit=v.commit,
        tags=tags), file=out)
    if v.claimed_commit and not v.claim_holds:
        print(_("  its colophon names commit {claimed}, but its text is that of {commit}").format(
            claimed=v.claimed_commit, commit=v.commit[:12]), file=out)
    if v.identical:
        print(_("  genuine: byte for byte what that commit builds"), file=out)
    elif v.same_text:
        print(_("  not the same bytes as that commit builds, but the same text (another build of it)"), file=out)
    elif v.same_wording:
        print(_("  not the same bytes; the same wording, with other typography (quotes, dashes, spaces)"), file=out)
    else:
        print(_("  NOT what that commit says: {n} wording difference(s) (expected → found in this "
                "file):").format(n=len(v.differences)), file=out)
        for d in v.differences:
            print(f"    …{d.before} [{d.expected or '∅'} → {d.found or '∅'}]", file=out)
    if v.release:
        listed = (_("listed in SHA256SUMS as {name}").format(name=v.release.listed) if v.release.listed
                  else _("NOT listed in the SHA256SUMS beside it"))
        signed = {"good": _("signed by {signer}"), "bad": _("BAD SIGNATURE ({detail})"), "unsigned": _("not signed"),
                  "unchecked": _("signature not checked: {detail}")}[v.release.signature].format(
                      signer=v.release.signer, detail=_(v.release.detail) if v.release.detail else "")
        print(f"  {listed}; {signed}", file=out)
    return code


def _amend(project: Project, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from kzpublish import amendments
    from kzpublish.output import write_atomic

    if args.apply:
        text, _header = amendments.apply_file(project, args.apply, args.at)
        if args.output:
            write_atomic(args.output, text.encode("utf-8"))
            print(args.output, file=out)
        else:
            out.write(text)
        return EXIT_OK
    if not args.slug:
        print(_("error: name a document (kzpublish amend SLUG) or give --apply FILE"), file=err)
        return EXIT_USAGE
    drafted = amendments.amend(project, args.slug, args.from_rev, args.to_rev)
    if not drafted:
        print(_("{slug}: no wording changed between these revisions").format(slug=args.slug), file=err)
        return EXIT_OK
    for path in amendments.write(project, drafted):
        print(path.relative_to(project.root), file=out)
    for a in drafted:
        if not a.exact:
            print(_("warning: the {lang} amending text does not give the newer version word for word; "
                    "check it before use").format(lang=a.header.lang), file=err)
    return EXIT_OK


def _check(project: Project, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from kzpublish.check import check

    report = check(project, tuple(args.slugs), fix=args.fix)
    if args.json:
        json.dump(report.to_json(), out, ensure_ascii=False, indent=2)
        print(file=out)
        return EXIT_PROBLEM if report.problems else EXIT_OK
    for line in report.fixed_lines():
        print(_("fixed {change}").format(change=line), file=out)
    for e in report.problems:
        print(_("error: {message}").format(message=e), file=err)
    if report.problems:
        print(_problems(len(report.problems)), file=err)
        return EXIT_PROBLEM
    if not args.quiet:
        print(_("no problems"), file=err)
    return EXIT_OK


def _list(project: Project, out: TextIO, err: TextIO) -> int:
    from kzpublish.document import load_documents

    loaded = load_documents(project.root, project.config)
    for doc in loaded.documents:
        print(f"{doc.slug}\t{','.join(doc.langs)}\t{doc.primary.meta.title.splitlines()[0]}", file=out)
    for e in loaded.errors:
        print(_("error: {message}").format(message=e), file=err)
    return EXIT_PROBLEM if loaded.errors else EXIT_OK


def _log_to(stream: TextIO) -> logging.Handler:
    """Warnings go to stderr as `warning: file:line: …`."""
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter(_("warning: {message}").format(message="%(message)s")))
    logger = logging.getLogger("kzpublish")
    logger.addHandler(handler)
    logger.propagate = False
    return handler
