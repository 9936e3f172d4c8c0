"""Project settings: `[tool.kzpublish]` in the project's `pyproject.toml` → a frozen `Config`.

Every setting has a default, so a folder with only `sources/` is a project. Unknown keys are
errors (a typo must not silently fall back to a default).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from types import MappingProxyType
from typing import Mapping

from kzpublish.errors import ConfigError, SourceLocation
from kzpublish.i18n import LANGUAGES
from kzpublish.messages import _
from kzpublish.typography.rules import DEFAULT_QUOTES, RULE_NAMES

# Named paper sizes in millimetres (ISO 216, and the two North American ones).
PAPER_SIZES = {
    "A3": (297, 420), "A4": (210, 297), "A5": (148, 210), "A6": (105, 148),
    "B5": (176, 250), "LETTER": (216, 279), "LEGAL": (216, 356),
}
_CUSTOM = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*mm\s*[x×]\s*(\d+(?:\.\d+)?)\s*mm\s*$", re.I)


@dataclass(frozen=True)
class Paper:
    """A page size, in millimetres."""

    name: str
    width: float
    height: float


def parse_paper(value: str) -> Paper | None:
    """`A5`, `letter`, `170mm x 240mm` → Paper; None if not understood."""
    key = value.strip().upper()
    if key in PAPER_SIZES:
        return Paper(key if key.startswith(("A", "B")) else key.title(), *PAPER_SIZES[key])
    if m := _CUSTOM.match(value):
        return Paper(value.strip(), float(m[1]), float(m[2]))
    return None


@dataclass(frozen=True)
class Config:
    """Settings of one project."""

    paper: Paper = Paper("A4", 210, 297)
    """Default page size; a document's `paper:` or `--paper` overrides it."""
    languages: tuple[str, ...] = ("ru", "kk")
    """Order of the translations in bilingual editions."""
    typography_off: frozenset[str] = frozenset()
    """Typographic rules switched off for every document (a document may switch off more)."""
    quotes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType(dict(DEFAULT_QUOTES)))
    """Per language: outer opening, outer closing, inner opening, inner closing quote."""
    print_profile: Path = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")
    """The CMYK printer profile of the PDF/X print edition (Ghostscript's, from Debian's libgs-common)."""


_KEYS = {"paper", "languages", "typography-off", "quotes-ru", "quotes-kk", "print-profile"}


def load_config(root: Path) -> Config:
    """Read `[tool.kzpublish]` from `root/pyproject.toml`, if there is one."""
    path = root / "pyproject.toml"
    if not path.is_file():
        return Config()
    text = path.read_text(encoding="utf-8")
    try:
        table = tomllib.loads(text).get("tool", {}).get("kzpublish", {})
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(_("pyproject.toml is not valid TOML: {error}").format(error=e), SourceLocation("pyproject.toml")) from e

    def loc(key: str) -> SourceLocation:
        for number, line in enumerate(text.split("\n"), 1):
            if re.match(rf"\s*{re.escape(key)}\s*=", line):
                return SourceLocation("pyproject.toml", number)
        return SourceLocation("pyproject.toml")

    for key in sorted(set(table) - _KEYS):
        raise ConfigError(
            _("unknown setting {key!r} in [tool.kzpublish]").format(key=key), loc(key),
            hint=_("known settings: {keys}").format(keys=", ".join(sorted(_KEYS))),
        )
    settings: dict = {}
    if "paper" in table:
        settings["paper"] = parse_paper(str(table["paper"]))
        if settings["paper"] is None:
            raise ConfigError(_("unknown paper size {paper!r}").format(paper=table["paper"]), loc("paper"), hint=PAPER_HINT)
    if "languages" in table:
        langs = table["languages"]
        if not (isinstance(langs, list) and langs and set(langs) <= set(LANGUAGES)
                and len(set(langs)) == len(langs)):
            raise ConfigError(
                _("languages must list each of {languages} at most once").format(languages=", ".join(LANGUAGES)), loc("languages"),
            )
        settings["languages"] = tuple(langs)
    if "typography-off" in table:
        settings["typography_off"] = check_rule_names(table["typography-off"], loc("typography-off"))
    quotes = dict(DEFAULT_QUOTES)
    for lang in LANGUAGES:
        key = f"quotes-{lang}"
        if key in table:
            value = table[key]
            if not (isinstance(value, str) and len(value) == 4):
                raise ConfigError(_("{key} must be four characters: outer open, outer close, inner open, inner close").format(key=key),
                                  loc(key), hint=_('for example "«»„“" or "«»“”"'))
            quotes[lang] = value
    settings["quotes"] = MappingProxyType(quotes)
    if "print-profile" in table:
        settings["print_profile"] = (root / str(table["print-profile"])).resolve()
    return Config(**settings)


def check_rule_names(value: object, loc: SourceLocation, error=ConfigError) -> frozenset[str]:
    """A list of typographic rule names, each one known."""
    names = value if isinstance(value, list) else [value]
    unknown = [n for n in names if n not in RULE_NAMES]
    if unknown or not all(isinstance(n, str) for n in names):
        raise error(_("unknown typographic rule(s): {rules}").format(rules=", ".join(map(str, unknown or names))), loc,
                    hint=_("the rules are: {rules}").format(rules=", ".join(RULE_NAMES)))
    return frozenset(names)


PAPER_HINT = f"use one of {', '.join(n if n.startswith(('A', 'B')) else n.title() for n in PAPER_SIZES)} or a size like `170mm x 240mm`"
