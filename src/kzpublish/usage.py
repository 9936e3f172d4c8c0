"""The command line as people expect it, around the parser `cli.py` builds: every command with a
description and examples, the global options (`-C`, `-q`) accepted after the command too, and
shell completion (bash, zsh, fish) through argcomplete, which covers all three from the parser
itself (shtab, the other candidate, has no fish).
"""

from __future__ import annotations

import argparse
import os
from typing import TextIO

EXAMPLES = {
    "init": ["kzpublish init mystatements      # a new project in mystatements/",
             "kzpublish init                   # make the current folder a project",
             "kzpublish init --source git+https://example.org/kzpublish.git@v1.0 ."],
    "new": ["kzpublish new statement-2025     # sources/statement-2025/ru.md and kk.md"],
    "build": ["kzpublish build                  # every document, PDF and EPUB, into dist/",
              "kzpublish build --pdf paris-2019 # one document's PDF",
              "kzpublish build --paper A5 --layout sequential",
              "kzpublish build --watch          # build again whenever a file is saved"],
    "list": ["kzpublish list"],
    "check": ["kzpublish check", "kzpublish check --fix paris-2019"],
    "release": ["git tag v1.0 && kzpublish release  # dist/v1.0/", "kzpublish release --version v1.1-draft"],
    "align": ["kzpublish align paris-2019", "kzpublish align paris-2019 --json"],
    "drift": ["kzpublish drift", "kzpublish drift --strict      # exit 1 if a pair is out of step (CI)"],
    "history": ["kzpublish history paris-2019 --lang kk"],
    "diff": ["kzpublish diff                   # every document: latest tag → working tree",
             "kzpublish diff paris-2019 --from v1.0 --to v1.1",
             "kzpublish diff --json paris-2019"],
    "completion": ["kzpublish completion bash >> ~/.bashrc",
                   "kzpublish completion zsh > ~/.zfunc/_kzpublish   # or append to ~/.zshrc",
                   "kzpublish completion fish > ~/.config/fish/completions/kzpublish.fish"],
}
SHELLS = ("bash", "zsh", "fish")


def add_global_options(p: argparse.ArgumentParser, here: bool) -> None:
    """-C and -q; on a command (`here` False) they keep what was given before the command unless
    given again after it."""
    default = (lambda value: value) if here else (lambda value: argparse.SUPPRESS)
    p.add_argument("-C", dest="directory", metavar="DIR", default=default("."),
                   help="run on the project in DIR (default: the project holding the current folder)")
    p.add_argument("-q", "--quiet", action="store_true", default=default(False), help="print only problems")


def finish(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Give every command its description, examples and the global options."""
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {choice.dest: choice.help for choice in sub._choices_actions}
    for name, command in sub.choices.items():
        command.description = command.description or helps.get(name)
        if name in EXAMPLES:
            command.epilog = "examples:\n" + "\n".join(f"  {line}" for line in EXAMPLES[name])
        command.formatter_class = argparse.RawDescriptionHelpFormatter
        add_global_options(command, here=False)
    parser.epilog = "`kzpublish COMMAND --help` shows a command's options and examples."
    return parser


def autocomplete(parser: argparse.ArgumentParser) -> None:
    """Answer the shell's completion request, if this run is one (argcomplete exits then)."""
    if "_ARGCOMPLETE" in os.environ:
        import argcomplete

        argcomplete.autocomplete(parser)


def print_completion(shell: str, out: TextIO) -> None:
    import argcomplete

    out.write(argcomplete.shellcode(["kzpublish"], shell=shell))
