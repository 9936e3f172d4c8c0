"""The project's glossary: `terms.toml` at the project root (or `terms.tbx`, TBX — ISO 30042, the
exchange format of termbases — which kzpublish also writes), one entry per concept:

```toml
[[term]]
ru = "вправе"                    # the Russian term, in its dictionary form
kk = "құқылы"                    # the approved Kazakh term ("" to only survey the renderings)
forbidden-kk = ["хақылы"]        # deprecated or forbidden variants, in either language
forbidden-ru = []
note = "…"                       # optional
```"""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from kzpublish.errors import ConfigError, SourceLocation
from kzpublish.messages import _

TOML, TBX = "terms.toml", "terms.tbx"
TBX_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED, DEPRECATED = "preferredTerm-admn-sts", "deprecatedTerm-admn-sts"
KEYS = {"ru", "kk", "forbidden-ru", "forbidden-kk", "note"}


@dataclass(frozen=True)
class Term:
    ru: str
    kk: str
    forbidden_ru: tuple[str, ...] = ()
    forbidden_kk: tuple[str, ...] = ()
    note: str = ""
    line: int | None = None
    """Where the entry starts in terms.toml."""

    def forbidden(self, lang: str) -> tuple[str, ...]:
        return self.forbidden_ru if lang == "ru" else self.forbidden_kk


@dataclass(frozen=True)
class Glossary:
    path: str
    """`terms.toml` or `terms.tbx`, relative to the project."""
    terms: tuple[Term, ...]


def load(root: Path) -> Glossary | None:
    """The project's glossary; None when it has none."""
    if (root / TOML).is_file():
        return from_toml((root / TOML).read_text("utf-8"), TOML)
    if (root / TBX).is_file():
        return from_tbx((root / TBX).read_bytes(), TBX)
    return None


def from_toml(text: str, path: str) -> Glossary:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        where = re.search(r"line (\d+), column (\d+)", str(e))
        loc = SourceLocation(path, int(where[1]), int(where[2])) if where else SourceLocation(path)
        raise ConfigError(_("not valid TOML: {error}").format(error=str(e).split(" (at")[0]), loc,
                          hint=_('each entry is a [[term]] table with ru = "…" and kk = "…"')) from e
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[term]]"]
    terms = []
    for k, entry in enumerate(data.get("term", [])):
        line = starts[k] if k < len(starts) else None
        loc = SourceLocation(path, line)
        unknown = set(entry) - KEYS
        if unknown:
            raise ConfigError(_("unknown key {unknown!r} in a term").format(unknown=sorted(unknown)[0]), loc,
                              hint=_("the keys of a term are {keys}").format(keys=', '.join(sorted(KEYS))))
        if not isinstance(entry.get("ru"), str) or not entry["ru"].strip():
            raise ConfigError(_("a term without `ru`"), loc, hint=_('give the Russian term: ru = "…"'))
        lists = {}
        for key in ("forbidden-ru", "forbidden-kk"):
            value = entry.get(key, [])
            if isinstance(value, str):
                value = [value]
            if not all(isinstance(v, str) for v in value):
                raise ConfigError(_("`{key}` must be a list of words").format(key=key), loc, hint=f'{key} = ["…", "…"]')
            lists[key] = tuple(v.strip() for v in value if v.strip())
        terms.append(Term(entry["ru"].strip(), str(entry.get("kk", "")).strip(), lists["forbidden-ru"],
                          lists["forbidden-kk"], str(entry.get("note", "")), line))
    return Glossary(path, tuple(terms))


def to_tbx(glossary: Glossary) -> bytes:
    """The glossary as TBX (TBX-Basic dialect, DCA style): one conceptEntry per term, a langSec per
    language, approved terms `preferredTerm-admn-sts`, forbidden ones `deprecatedTerm-admn-sts`."""
    ET.register_namespace("", TBX_NS)
    tbx = ET.Element(f"{{{TBX_NS}}}tbx", {"type": "TBX-Basic", "style": "dca", XML_LANG: "ru"})
    header = ET.SubElement(tbx, f"{{{TBX_NS}}}tbxHeader")
    source = ET.SubElement(ET.SubElement(header, f"{{{TBX_NS}}}fileDesc"), f"{{{TBX_NS}}}sourceDesc")
    ET.SubElement(source, f"{{{TBX_NS}}}p").text = "kzpublish glossary"
    body = ET.SubElement(ET.SubElement(tbx, f"{{{TBX_NS}}}text"), f"{{{TBX_NS}}}body")
    for n, term in enumerate(glossary.terms, 1):
        entry = ET.SubElement(body, f"{{{TBX_NS}}}conceptEntry", {"id": f"c{n}"})
        if term.note:
            ET.SubElement(entry, f"{{{TBX_NS}}}note").text = term.note
        for lang, approved in (("ru", term.ru), ("kk", term.kk)):
            words = ([(approved, PREFERRED)] if approved else []) + [(w, DEPRECATED) for w in term.forbidden(lang)]
            if not words:
                continue
            lang_sec = ET.SubElement(entry, f"{{{TBX_NS}}}langSec", {XML_LANG: lang})
            for word, status in words:
                sec = ET.SubElement(lang_sec, f"{{{TBX_NS}}}termSec")
                ET.SubElement(sec, f"{{{TBX_NS}}}term").text = word
                ET.SubElement(sec, f"{{{TBX_NS}}}termNote", {"type": "administrativeStatus"}).text = status
    ET.indent(tbx)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tbx, encoding="utf-8") + b"\n"


def from_tbx(data: bytes, path: str) -> Glossary:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        line, column = e.position
        raise ConfigError(_("not valid XML: {error}").format(error=e), SourceLocation(path, line, column + 1),
                          hint=_("TBX is XML: check the tags around that place")) from e
    ns = root.tag.split("}")[0] + "}" if root.tag.startswith("{") else ""
    terms = []
    for entry in root.iter(f"{ns}conceptEntry"):
        words: dict[str, dict[str, list[str]]] = {"ru": {}, "kk": {}}
        for lang_sec in entry.iter(f"{ns}langSec"):
            lang = (lang_sec.get(XML_LANG) or "").split("-")[0]
            if lang not in words:
                continue
            for sec in lang_sec.iter(f"{ns}termSec"):
                term = (sec.findtext(f"{ns}term") or "").strip()
                status = next((n.text for n in sec.iter(f"{ns}termNote") if n.get("type") == "administrativeStatus"),
                              PREFERRED) or PREFERRED
                if term:
                    words[lang].setdefault("deprecated" if "deprecated" in status or "superseded" in status
                                           else "preferred", []).append(term)
        ru = words["ru"].get("preferred", [""])[0]
        if not ru:
            continue
        note = " ".join(n.text or "" for n in entry.iter(f"{ns}note")).strip()
        terms.append(Term(ru, words["kk"].get("preferred", [""])[0], tuple(words["ru"].get("deprecated", [])),
                          tuple(words["kk"].get("deprecated", [])), note))
    return Glossary(path, tuple(terms))
