"""The error family of kzpublish: every error knows where in the sources it comes from.

Library code raises these; only `cli.main` turns them into messages and exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from kzpublish.messages import _


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


class GitError(KzError):
    """History cannot be read."""
