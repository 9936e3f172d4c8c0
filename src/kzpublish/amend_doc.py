"""The amending text as a Markdown file, written and read back: front matter naming the document,
the language and the two revisions; then one numbered paragraph per instruction (`1) …;`), the
blocks it quotes after it as a block quote (`> `), the first opening with «, the last closing
with ». Text is escaped
so pandoc reads it as written (the HTML and DOCX come from the same file); `read` undoes that.

And the version an amendment produces, as Markdown: the front matter of the version amended,
then each block (headings as `##`, points as numbered items)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import yaml

from kzpublish.amend import Entry, Instruction
from kzpublish.amend_words import WORD_LEVEL, group_address, say, say_member
from kzpublish.errors import SourceError, SourceLocation
from kzpublish.messages import _
from kzpublish.structure import list_number

TITLES = {"ru": "Изменения в текст «{title}»", "kk": "«{title}» мәтініне өзгерістер"}
INTRO = {"ru": "Внести в текст «{title}» следующие изменения:",
         "kk": "«{title}» мәтініне мынадай өзгерістер енгізілсін:"}
_ESCAPE = re.compile(r"([\\`*_\[\]<>#^~@$|])")
_ITEM = re.compile(r"^(\d+)\\\) (.*)$")


@dataclass(frozen=True)
class AmendmentHeader:
    slug: str
    lang: str
    title: str
    old: str
    """The revision amended (a commit id)."""
    new: str


def escape(text: str) -> str:
    text = _ESCAPE.sub(r"\\\1", text)
    return re.sub(r"^(\d+(?:-\d+)?)([.)])", r"\1\\\2", text)


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def to_markdown(header: AmendmentHeader, instructions: Sequence[Instruction]) -> str:
    meta = {"title": TITLES[header.lang].format(title=header.title), "amends": header.slug, "translation": header.lang,
            "from": header.old, "to": header.new}
    out = ["---", yaml.safe_dump(meta, allow_unicode=True, sort_keys=False).strip(), "---", "",
           escape(INTRO[header.lang].format(title=header.title)), ""]
    groups = _grouped(instructions)
    for n, group in enumerate(groups, 1):
        end = "." if n == len(groups) else ";"
        if len(group) > 1:  # one address, several edits
            out += [f"{n}\\) {escape(group_address(header.lang, group[0].unit))}", ""]
            for k, ins in enumerate(group):
                out += [escape(say_member(header.lang, ins)) + (end if k == len(group) - 1 else ";"), ""]
            continue
        ins = group[0]
        sentence, blocks = say(header.lang, ins)
        if not blocks:
            out += [f"{n}\\) {escape(sentence)}{end}", ""]
            continue
        out += [f"{n}\\) {escape(sentence)}", ""]
        quoted = [escape(text) for text in blocks]
        quoted[0] = "«" + quoted[0]
        quoted[-1] += "»" + end
        out += ["\n>\n".join("> " + q for q in quoted), ""]
    return "\n".join(out)


def _grouped(instructions: Sequence[Instruction]) -> list[list[Instruction]]:
    """Consecutive word-level instructions on one unit, together."""
    groups: list[list[Instruction]] = []
    for ins in instructions:
        if (groups and ins.action in WORD_LEVEL and groups[-1][-1].action in WORD_LEVEL
                and groups[-1][-1].unit == ins.unit):
            groups[-1].append(ins)
        else:
            groups.append([ins])
    return groups


def read(text: str, path: str) -> tuple[AmendmentHeader, list[tuple[str, tuple[str, ...], int, list[str]]]]:
    """The header and, per numbered instruction, its sentence, the blocks it quotes, its line, and
    the instructions under it when it is the head of several (`в пункте 3 статьи 2:`)."""
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0] != "---" or "---" not in lines[1:]:
        raise SourceError(_("not an amending text: no front matter"), SourceLocation(path, 1),
                          hint=_("give a file written by `kzpublish amend SLUG --from REV --to REV`"))
    end = lines.index("---", 1)
    meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    missing = [k for k in ("amends", "translation", "from", "to") if k not in meta]
    if missing:
        raise SourceError(_("the front matter lacks {missing}").format(missing=', '.join(missing)), SourceLocation(path, 1),
                          hint=_("give a file written by `kzpublish amend SLUG --from REV --to REV`"))
    header = AmendmentHeader(str(meta["amends"]), str(meta["translation"]), str(meta.get("title", "")),
                             str(meta["from"]), str(meta["to"]))
    items: list[tuple[str, list[str], int, list[str]]] = []
    for number, line in enumerate(lines[end + 1:], end + 2):
        if m := _ITEM.match(line):
            items.append((unescape(m[2]), [], number, []))
        elif line.startswith("> ") and items:
            items[-1][1].append(unescape(line[2:]))
        elif line.strip() and not line.startswith(">") and items:
            items[-1][3].append(re.sub(r"[;.]$", "", unescape(line)))
    out = []
    for sentence, blocks, number, members in items:
        if blocks:
            blocks[0] = blocks[0].removeprefix("«")
            blocks[-1] = re.sub(r"»[;.]$", "", blocks[-1])
        elif not members:
            sentence = re.sub(r"[;.]$", "", sentence)
        out.append((sentence, tuple(blocks), number, members))
    return header, out


def version_markdown(front_matter: str, entries: Sequence[Entry]) -> str:
    """The amended version: the old front matter, then the blocks as Markdown."""
    out = [front_matter.rstrip("\n"), ""] if front_matter else []
    for e in entries:
        b = e.block
        if b.kind == "heading":
            out.append("#" * max(b.level, 1) + " " + escape(b.text))
        elif (numbered := list_number(b)) is not None:
            out.append(f"{numbered[0]}{numbered[1]} {escape(b.text)}")
        else:
            out.append(escape(b.text))
        out.append("")
    return "\n".join(out)
