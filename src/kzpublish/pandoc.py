"""The only pandoc caller: Markdown → JSON AST, AST → HTML fragment, and a page of HTML → DOCX
(editions, and the comparison table for officials who work in Word).

pandoc comes inside pypandoc-binary; it runs with `--sandbox`, so it reads no file and no URL.
Smart punctuation is off: quotes and dashes are a matter of Russian and Kazakh typography,
which kzpublish does itself (pandoc's smart quotes are English ones).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import logging
import re
import subprocess
from functools import cache, partial
from pathlib import Path

import pypandoc

from kzpublish.errors import RenderError, SourceLocation
from kzpublish.limits import PANDOC_MEMORY, PANDOC_SECONDS
from kzpublish.messages import _
from kzpublish.pandoc_ast import Node
from kzpublish.processes import die_with_parent

log = logging.getLogger("kzpublish")

READER = "markdown-smart"
API_VERSION_KEY = "pandoc-api-version"


@cache
def pandoc_path() -> str:
    return pypandoc.get_pandoc_path()


def read_markdown(text: str, loc: SourceLocation) -> dict[str, Node]:
    """Parse a whole source file (front matter included) into pandoc's JSON AST."""
    out = _run(["-f", READER, "-t", "json"], text, loc)
    return json.loads(out)


def write_html(doc: dict[str, Node], loc: SourceLocation, id_prefix: str = "") -> str:
    """Write an AST as an HTML5 fragment (no template, so pandoc adds no terms of its own)."""
    args = ["-f", "json", "-t", "html5", "--wrap=none"]
    if id_prefix:
        args.append(f"--id-prefix={id_prefix}")
    return _run(args, json.dumps(doc, ensure_ascii=False), loc)


def default_reference_docx() -> bytes:
    """pandoc's own reference document, the styles a DOCX starts from."""
    return _run(["--print-default-data-file", "reference.docx"], "", SourceLocation("reference.docx"), binary=True)


def write_docx(page: str, loc: SourceLocation, reference: Path | None = None, stamp: dt.datetime | None = None) -> bytes:
    """A complete HTML page (kzpublish's own, already typeset) as DOCX (tables, bold and struck
    text kept), styled by `reference` (else pandoc's own); `stamp`: its date (and its zip
    entries'), so the same page gives the same bytes."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(stamp.timestamp()))} if stamp else None
    style = [f"--reference-doc={reference}"] if reference else []
    return _run(["-f", "html", "-t", "docx", *style, "-o", "-"], page, loc, binary=True, env=env)


def ast_to_docx(doc: dict[str, Node], loc: SourceLocation) -> bytes:
    """Write an AST as a Word document (the amending texts)."""
    return _run(["-f", "json", "-t", "docx", "-o", "-"], json.dumps(doc, ensure_ascii=False), loc, binary=True)


def _run(args: list[str], stdin: str, loc: SourceLocation, binary: bool = False, env: dict[str, str] | None = None):
    try:
        proc = subprocess.run(
            [pandoc_path(), "+RTS", f"-M{PANDOC_MEMORY}", "-RTS", "--sandbox", *args],
            input=stdin.encode("utf-8"), capture_output=True, check=False, timeout=PANDOC_SECONDS, env=env,
            preexec_fn=partial(die_with_parent, os.getpid()),  # a build killed outright takes pandoc with it
        )
    except subprocess.TimeoutExpired as e:
        raise RenderError(_("pandoc took more than {seconds} s on this file and was stopped").format(
            seconds=PANDOC_SECONDS), loc,
                          hint=_("the file is too large or too deeply nested; split it")) from e
    except OSError as e:
        raise RenderError(_("cannot run pandoc: {error}").format(error=e), loc) from e
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        if "Heap exhausted" in stderr or "heap overflow" in stderr.lower():
            raise RenderError(_("pandoc needed more than {memory}B of memory for this file and was stopped").format(
                              memory=PANDOC_MEMORY), loc, hint=_("the file is too large or too deeply nested; split it"))
        raise RenderError(_("pandoc failed: {error}").format(error=stderr.strip()), loc)
    for message in _warnings(stderr):
        line = re.search(r"line (\d+)", message)
        where = SourceLocation(loc.path, int(line[1]), rev=loc.rev) if line else loc
        log.warning("%s: pandoc: %s", where, message)
    return proc.stdout if binary else proc.stdout.decode("utf-8")


def _warnings(stderr: str) -> list[str]:
    """pandoc's messages: `[WARNING] …` lines, each with its indented continuation lines."""
    messages: list[str] = []
    for line in stderr.splitlines():
        if line.startswith("["):
            messages.append(line.split("]", 1)[-1].strip())
        elif messages and line.strip():
            messages[-1] += " " + line.strip()
    return messages
