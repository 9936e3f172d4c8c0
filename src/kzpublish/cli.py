"""The command line: argument parsing, messages and exit codes — nothing else.

Exit codes: 0 success; 1 a document or the project has a problem (each named with file:line);
2 the command line itself is wrong; 130 stopped by Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import TextIO

from kzpublish import __version__, messages, usage
from kzpublish.config import PAPER_HINT, parse_paper
from kzpublish.document import load_documents
from kzpublish.errors import KzError
from kzpublish.i18n import LANGUAGES
from kzpublish.messages import _, ngettext
from kzpublish.metadata import LAYOUTS
from kzpublish.pipeline import FORMATS, BuildRequest, build
from kzpublish.processes import default_jobs
from kzpublish.project import Project

# Commands other than `build` and `list` import their modules when they run: the engines they
# bring (GitPython, WeasyPrint, pypdf) would slow down every start.

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
BAR = 20
"""Characters of the progress bar on a terminal."""


def parser() -> argparse.ArgumentParser:
    p = usage.new_parser(prog="kzpublish", description=_("Bilingual Russian/Kazakh documents → PDF and EPUB."))
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

    b = sub.add_parser("build", help=_("build PDF and EPUB editions into dist/"))
    b.add_argument("slugs", nargs="*", metavar="SLUG", help=_("documents to build (default: all)"))
    b.add_argument("--pdf", action="store_true", help=_("build PDFs (default: PDFs and EPUBs)"))
    b.add_argument("--epub", action="store_true", help=_("build EPUBs"))
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

    c = sub.add_parser("check", help=_("check the sources: front matter, characters the fonts lack, look-alike letters"))
    c.add_argument("slugs", nargs="*", metavar="SLUG", help=_("documents to check (default: all)"))
    c.add_argument("--fix", action="store_true", help=_("rewrite unambiguous look-alike letters in the sources"))

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
        return _list(project, out, err)
    except KzError as e:
        print(_("error: {message}").format(message=e), file=err)
        return EXIT_PROBLEM
    except BrokenPipeError:  # `kzpublish diff --json | head`
        return EXIT_OK
    except KeyboardInterrupt:
        print(_("stopped; no file was left half-written"), file=err)
        return EXIT_INTERRUPTED
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
    paper = None
    if args.paper:
        paper = parse_paper(args.paper)
        if paper is None:
            print(_("error: {message}").format(message=KzError(_("unknown paper size {paper!r}").format(paper=args.paper),
                                                               hint=PAPER_HINT)), file=err)
            return EXIT_USAGE
    formats = tuple(f for f in FORMATS if getattr(args, f)) or FORMATS
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
        print(ngettext("{n} problem(s)", "{n} problem(s)", len(report.errors)).format(n=len(report.errors)) + "; "
              + ngettext("{n} file(s) written", "{n} file(s) written", len(report.written)).format(n=len(report.written))
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


def _summary(report, err: TextIO) -> None:
    for slug, seconds in sorted(report.seconds.items(), key=lambda kv: -kv[1]):
        print(f"  {slug:40} {seconds:6.1f} s", file=err)
    if report.skipped:
        print(ngettext("{n} file(s) up to date", "{n} file(s) up to date", len(report.skipped)).format(n=len(report.skipped)),
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
    from kzpublish.align import align_document
    from kzpublish.document import find_document

    result = align_document(find_document(project.root, project.config, args.slug), project.root)
    (left_lang, right_lang), (left, right) = result.langs, result.blocks
    if args.json:
        json.dump({
            "slug": args.slug, "languages": [left_lang, right_lang],
            "pairs": [{"pair": n, left_lang: [i + 1 for i in p.left], right_lang: [j + 1 for j in p.right],
                       "confidence": p.confidence, "method": p.method,
                       f"{left_lang}_text": " ".join(left[i].text for i in p.left),
                       f"{right_lang}_text": " ".join(right[j].text for j in p.right)}
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
        print(f"{n:>3}  {p.confidence:4.2f}  {p.method + ' ' + shape:14}  {a:{width}}  {b}", file=out)
    return EXIT_OK


def _first_words(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1].rsplit(" ", 1)[0] + "…"


def _drift(project: Project, args: argparse.Namespace, out: TextIO) -> int:
    from kzpublish import revisions

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
                print("  " + _("pair {n}: {lang} changed in {when}; {other} not updated since").format(
                    n=d.pair_number, lang=d.lang, when=when, other=d.other), file=out)
                changed = [s for s in d.spans if s.kind in ("insert", "delete", "replace")]
                for s in changed:
                    print(f"    {s.old or '∅'} → {s.new or '∅'}", file=out)
    if args.strict and any(found.values()):
        return EXIT_PROBLEM
    return EXIT_OK


def _drift_json(d) -> dict:
    return {
        "pair": d.pair_number, "changed": d.lang, "other": d.other,
        "blocks": {"left": [i + 1 for i in d.pair.left], "right": [j + 1 for j in d.pair.right]},
        "since": {"commit": d.commit, "date": d.date.isoformat() if d.date else None, "subject": d.subject},
        "changes": [{"kind": {"insert": "inserted", "delete": "deleted", "replace": "changed"}[s.kind],
                     "old": s.old, "new": s.new} for s in d.spans if s.kind in ("insert", "delete", "replace")],
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
    from kzpublish.history.report import to_json

    results = revisions.diff(project, tuple(args.slugs), args.from_rev, args.to_rev,
                             show_typography=args.show_typography, write=not args.json)
    if args.json:
        data = [to_json(r.diff) for r in results]
        json.dump(data[0] if len(args.slugs) == 1 else data, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    for r in results:
        d = r.diff
        counts = ", ".join(
            f"{t.lang}: +{t.counts.inserted} −{t.counts.deleted} ~{t.counts.changed} words"
            f"{f', {t.counts.moved} moved' if t.counts.moved else ''}"
            f"{f', {t.counts.typography + t.counts.lookalike} typography' if t.counts.typography + t.counts.lookalike else ''}"
            f"{'' if t.status in ('changed', 'unchanged') else f' ({t.status})'}"
            for t in d.translations)
        print(f"{d.slug}: {d.old.label} → {d.new.label}: {counts}", file=out)
        print(r.html.relative_to(project.root), file=out)
        print(r.pdf.relative_to(project.root), file=out)
    return EXIT_OK


def _check(project: Project, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from kzpublish.check import check

    report = check(project, tuple(args.slugs), fix=args.fix)
    for line in report.fixed:
        print(_("fixed {change}").format(change=line), file=out)
    for e in report.problems:
        print(_("error: {message}").format(message=e), file=err)
    if report.problems:
        print(ngettext("{n} problem(s)", "{n} problem(s)", len(report.problems)).format(n=len(report.problems)), file=err)
        return EXIT_PROBLEM
    if not args.quiet:
        print(_("no problems"), file=err)
    return EXIT_OK


def _list(project: Project, out: TextIO, err: TextIO) -> int:
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
