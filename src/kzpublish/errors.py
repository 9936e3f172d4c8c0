"""The error family of kzpublish: every error knows where in the sources it comes from.

Library code raises these; only `cli.main` turns them into messages and exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from kzpublish.messages import N_, _


@dataclass(frozen=True)
class SourceLocation:
    """A place in a source file, printed the way compilers do: `sources/x/kk.md:12:5`."""

    path: str
    """Path relative to the project root, with forward slashes."""
    line: int | None = None
    """1-based line, when known."""
    column: int | None = None
    """1-based column, when known."""
    rev: str | None = None
    """Git revision the text was read from; None for the working tree."""

    def __str__(self) -> str:
        out = self.path
        if self.line is not None:
            out += f":{self.line}"
            if self.column is not None:
                out += f":{self.column}"
        if self.rev:
            out += f"@{self.rev[:10]}"
        return out


class KzError(Exception):
    """Base of all errors kzpublish reports to its users."""

    def __init__(self, message: str, loc: SourceLocation | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.loc = loc
        self.hint = hint

    def __reduce__(self):
        # Pickled with its fields, to cross from a worker process to the build.
        return type(self), (self.message, self.loc, self.hint)

    def __str__(self) -> str:
        text = f"{self.loc}: {self.message}" if self.loc else self.message
        return f"{text}\n  " + _("hint: {hint}").format(hint=self.hint) if self.hint else text


class ConfigError(KzError):
    """The project's settings are wrong."""


class SourceError(KzError):
    """A source file cannot be read or does not follow the source format."""


class RenderError(KzError):
    """An engine (pandoc, WeasyPrint, ebooklib) failed on a document."""


class OutputError(KzError):
    """A file cannot be written (a read-only or full disk)."""


class GitError(KzError):
    """History cannot be read."""


def engine_failure(engine: str, error: BaseException, loc: SourceLocation | None) -> KzError:
    """What an engine raised that kzpublish did not foresee, as this document's error: the
    document fails, the build goes on, and the message says how to report it."""
    detail = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
    bug = (_("this is a bug in {engine} or kzpublish: {report}; the other documents were built") if engine != "kzpublish"
           else _("this is a bug in {engine}: {report}; the other documents were built"))
    return RenderError(_("{engine} failed on this document ({kind}{detail})").format(
                           engine=engine, kind=type(error).__name__, detail=": " + detail if detail else ""),
                       loc, hint=bug.format(engine=engine, report=_(REPORT)))


REPORT = N_("please report it in kzpublish's issue tracker with this message, the command and the source "
            "(KZPUBLISH_DEBUG=1 shows the Python traceback)")


class Problems(KzError):
    """Several problems found together (all the settings, all of a front matter, every place of a
    character no font has), each with its own location; printed one per line."""

    def __init__(self, errors: list[KzError]):
        super().__init__(f"{len(errors)} problems", errors[0].loc if errors else None)
        self.errors = errors

    def __reduce__(self):
        return type(self), (self.errors,)

    def __str__(self) -> str:
        return "\n".join(str(e) if i == 0 else _("error: {message}").format(message=e) for i, e in enumerate(self.errors))


def strict_failure(warnings: list[str], loc: SourceLocation) -> RenderError:
    """The error of a strict build of a document that had `warnings` (each `file:line:col: …`):
    at the file of the first one (not the document's first file), naming every file they are in
    and showing the first."""
    files = list(dict.fromkeys(w.split(":", 1)[0] for w in warnings if ":" in w))
    where = SourceLocation(files[0]) if files else loc
    return RenderError(
        (_("{n} warning(s) (in {files}), and --strict is on; the first: {first}") if len(files) > 1
         else _("{n} warning(s), and --strict is on; the first: {first}")).format(
            n=len(warnings), files=", ".join(files), first=warnings[0]),
        where, hint=_("fix what the warnings say (`kzpublish check` lists look-alike letters, "
                      "`kzpublish check --fix` rewrites the certain ones), or build without --strict"),
    )


