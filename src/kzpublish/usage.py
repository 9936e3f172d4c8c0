"""The command line as people expect it, around the parser `cli.py` builds: every command with a
description and examples, the global options (`-C`, `-q`) accepted after the command too, and
shell completion (bash, zsh, fish) through argcomplete, which covers all three from the parser
itself (shtab, the other candidate, has no fish).
"""

from __future__ import annotations

import argparse
import os
from typing import TextIO

from kzpublish.messages import _

EXAMPLES = {
    "init": ["kzpublish init mystatements      # a new project in mystatements/",
             "kzpublish init                   # make the current folder a project",
             "kzpublish init --source git+https://example.org/kzpublish.git@v1.0 ."],
    "new": ["kzpublish new statement-2025     # sources/statement-2025/ru.md and kk.md"],
    "build": ["kzpublish build                  # every document, PDF and EPUB, into dist/",
              "kzpublish build --pdf paris-2019 # one document's PDF",
              "kzpublish build --paper A5 --layout sequential",
              "kzpublish build --docx --html    # Word and web editions",
              "kzpublish build --watch          # build again whenever a file is saved"],
    "list": ["kzpublish list"],
    "check": ["kzpublish check", "kzpublish check --fix paris-2019", "kzpublish check --json"],
    "release": ["git tag v1.0 && kzpublish release  # dist/v1.0/", "kzpublish release --version v1.1-draft"],
    "align": ["kzpublish align paris-2019", "kzpublish align paris-2019 --json"],
    "drift": ["kzpublish drift", "kzpublish drift --strict      # exit 1 if a pair is out of step (CI)"],
    "history": ["kzpublish history paris-2019 --lang kk"],
    "diff": ["kzpublish diff                   # every document: latest tag → working tree",
             "kzpublish diff paris-2019 --from v1.0 --to v1.1",
             "kzpublish diff --json paris-2019",
             "kzpublish diff --table --justify paris-2019 --from v1.0  # the comparison table"],
    "serve": ["kzpublish serve                  # http://127.0.0.1:8000/, rebuilt on save",
              "kzpublish serve --port 0         # any free port"],
    "verify": ["kzpublish verify ~/Downloads/paris-2019-v1.0.pdf",
               "kzpublish verify --json paris-2019-v1.0.epub"],
    "terms": ["kzpublish terms                  # every bilingual document against terms.toml",
              "kzpublish terms --strict         # exit 1 on a missing or forbidden term (CI)",
              "kzpublish terms --export-tbx glossary.tbx"],
    "amend": ["kzpublish amend paris-2019 --from v1.0 --to v1.1  # dist/amend/",
              "kzpublish amend --apply amendment.md -o new.md"],
    "completion": ["kzpublish completion bash >> ~/.bashrc",
                   "kzpublish completion zsh > ~/.zfunc/_kzpublish   # or append to ~/.zshrc",
                   "kzpublish completion fish > ~/.config/fish/completions/kzpublish.fish"],
}
SHELLS = ("bash", "zsh", "fish")


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse's parser, with its own words (`usage:`, the section titles, -h) in the user's
    language too; its error messages stay argparse's."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, add_help=False, **{k: v for k, v in kwargs.items() if k != "add_help"})
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=_("show this help and exit"))


def asked_language(argv: list[str]) -> str | None:
    """`--lang` before the command (after it, `history --lang` names a translation)."""
    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if not arg.startswith("-") and (i == 0 or argv[i - 1] != "-C"):
            return None  # the command
    return None


def add_global_options(p: argparse.ArgumentParser, here: bool) -> None:
    """-C and -q; on a command (`here` False) they keep what was given before the command unless
    given again after it."""
    default = (lambda value: value) if here else (lambda value: argparse.SUPPRESS)
    p.add_argument("-C", dest="directory", metavar="DIR", default=default("."),
                   help=_("run on the project in DIR (default: the project holding the current folder)"))
    p.add_argument("-q", "--quiet", action="store_true", default=default(False), help=_("print only problems"))


def finish(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Give every command its description, examples and the global options."""
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {choice.dest: choice.help for choice in sub._choices_actions}
    for name, command in sub.choices.items():
        command.description = command.description or helps.get(name)
        if name in EXAMPLES:
            command.epilog = _("examples:") + "\n" + "\n".join(f"  {line}" for line in EXAMPLES[name])
        add_global_options(command, here=False)
    parser.epilog = _("`kzpublish COMMAND --help` shows a command's options and examples.")
    return parser


def autocomplete(parser: argparse.ArgumentParser) -> None:
    """Answer the shell's completion request, if this run is one (argcomplete exits then)."""
    if "_ARGCOMPLETE" in os.environ:
        import argcomplete

        argcomplete.autocomplete(parser)


def print_completion(shell: str, out: TextIO) -> None:
    import argcomplete

    out.write(argcomplete.shellcode(["kzpublish"], shell=shell))
