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

from kzpublish.errors import ConfigError, Problems, SourceLocation
from kzpublish.icc import check_output_profile
from kzpublish.i18n import LANGUAGES
from kzpublish.messages import N_, _
from kzpublish.paths import decode_utf8, resolve_inside

# Named paper sizes in millimetres (ISO 216, and the two North American ones).
PAPER_SIZES = {
    "A3": (297, 420), "A4": (210, 297), "A5": (148, 210), "A6": (105, 148),
    "B5": (176, 250), "LETTER": (216, 279), "LEGAL": (216, 356),
}
PAPER_RANGE = (20, 5080)
"""Millimetres: from a label to PDF's largest page (14,400 points, 200 inches)."""
LAYOUTS = ("parallel", "sequential")
"""How a bilingual PDF sets its two translations: side by side, or one after the other."""
DEFAULT_QUOTES = {"ru": "«»„“", "kk": "«»„“"}
"""Per language: outer open/close, inner open/close (`quotes-ru`, `quotes-kk` change them). Here,
not with the typographic rules, so that reading the settings does not compile the rules."""
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
    if (m := _CUSTOM.match(value)) and len(value) < 40:
        width, height = float(m[1]), float(m[2])
        if PAPER_RANGE[0] <= width <= PAPER_RANGE[1] and PAPER_RANGE[0] <= height <= PAPER_RANGE[1]:
            return Paper(value.strip(), width, height)
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
    registration_marks: bool = False
    """Registration marks beside the crop marks of the print edition."""
    allowed_signers: Path | None = None
    """The SSH keys that may sign releases (an `allowed_signers` file, as git's), for `verify`."""


_KEYS = {"paper", "languages", "typography-off", "quotes-ru", "quotes-kk", "print-profile", "registration-marks",
         "allowed-signers"}
CONFIG = "pyproject.toml"


def load_config(root: Path) -> Config:
    """Read `[tool.kzpublish]` from `root/pyproject.toml`, if there is one. Every problem is
    found, each at its line: one problem is a `ConfigError`, several a `Problems`."""
    path = root / CONFIG
    if not path.is_file() and not path.is_symlink():
        return Config()
    resolve_inside(root, CONFIG, what=N_("settings file"), error=ConfigError)
    text = decode_utf8(path.read_bytes(), CONFIG, _("save pyproject.toml as UTF-8"), ConfigError)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        message = re.sub(r"\s*\(at line \d+, column \d+\)|\s*\(at end of document\)", "", str(e))
        loc = SourceLocation(CONFIG, int(where[1]), int(where[2])) if where else SourceLocation(CONFIG)
        raise ConfigError(_("not valid TOML: {error}").format(
            error=message), loc, hint=_("see https://toml.io for the syntax")) from e

    def loc(key: str) -> SourceLocation:
        for number, line in enumerate(text.split("\n"), 1):
            if re.match(rf"\s*(tool\.)?{re.escape(key)}\s*=", line):
                return SourceLocation(CONFIG, number)
        return SourceLocation(CONFIG)

    tool = document.get("tool", {})
    table = tool.get("kzpublish", {}) if isinstance(tool, dict) else {}
    if not isinstance(tool, dict) or not isinstance(table, dict):
        raise ConfigError(_("[tool.kzpublish] must be a table of settings"), loc("kzpublish" if isinstance(tool, dict) else "tool"),
                          hint=_('write the settings under a line `[tool.kzpublish]`, e.g. `paper = "A5"`'))
    problems: list[ConfigError] = []
    settings: dict = {}

    def setting(key: str, read) -> None:
        if key in table:
            try:
                read(table[key])
            except ConfigError as e:
                problems.append(e)

    for key in sorted(set(table) - _KEYS):
        problems.append(ConfigError(_("unknown setting {key!r} in [tool.kzpublish]").format(key=key), loc(key),
                                    hint=_("known settings: {keys}").format(keys=", ".join(sorted(_KEYS)))))

    def paper(value) -> None:
        settings["paper"] = parse_paper(value) if isinstance(value, str) else None
        if settings["paper"] is None:
            raise ConfigError(_("unknown paper size {value}").format(value=_shown(value)), loc("paper"), hint=paper_hint())

    def languages(langs) -> None:
        if not (isinstance(langs, list) and langs and all(isinstance(x, str) for x in langs)
                and set(langs) <= set(LANGUAGES) and len(set(langs)) == len(langs)):
            raise ConfigError(_("languages must list each of {languages} at most once, not {langs}").format(
                languages=', '.join(LANGUAGES), langs=_shown(langs)),
                              loc("languages"), hint=_('for example languages = ["ru", "kk"]'))
        settings["languages"] = tuple(langs)

    def rules(value) -> None:
        settings["typography_off"] = check_rule_names(value, loc("typography-off"))

    quotes = dict(DEFAULT_QUOTES)

    def quote_setting(lang: str):
        def read(value) -> None:
            if not (isinstance(value, str) and len(value) == 4):
                raise ConfigError(_("quotes-{lang} must be four characters: outer open, outer close, "
                                    "inner open, inner close").format(
                                        lang=lang), loc(f"quotes-{lang}"), hint=_('for example "«»„“" or "«»“”"'))
            quotes[lang] = value
        return read

    def profile(value) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(_("print-profile must be the path of an .icc file, not {value}").format(
                value=_shown(value)), loc("print-profile"))
        where = loc("print-profile")
        real = resolve_inside(root, value, where, what="print-profile", error=ConfigError)
        check_output_profile(real, where)
        settings["print_profile"] = real

    setting("paper", paper)
    setting("languages", languages)
    setting("typography-off", rules)
    for lang in LANGUAGES:
        setting(f"quotes-{lang}", quote_setting(lang))
    setting("print-profile", profile)

    def marks(value) -> None:
        if not isinstance(value, bool):
            raise ConfigError(_("registration-marks must be true or false, not {value}").format(
                value=_shown(value)), loc("registration-marks"),
                              hint=_("registration-marks = true"))
        settings["registration_marks"] = value

    setting("registration-marks", marks)

    def signers(value) -> None:
        where = loc("allowed-signers")
        if not isinstance(value, str):
            raise ConfigError(_("allowed-signers must be the path of a file, not {value}").format(
                value=_shown(value)), where)
        found = resolve_inside(root, value, where, what="allowed-signers", error=ConfigError)
        if not found.is_file():
            raise ConfigError(_("allowed-signers: {value!r} is not a file of the project").format(value=value), where,
                              hint=_("commit the maintainers' public keys, e.g. keys/allowed_signers"))
        settings["allowed_signers"] = found

    setting("allowed-signers", signers)
    if problems:
        raise problems[0] if len(problems) == 1 else Problems(problems)
    settings["quotes"] = MappingProxyType(quotes)
    return Config(**settings)


def _shown(value: object) -> str:
    """A value as the message quotes it: short."""
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def check_rule_names(value: object, loc: SourceLocation, error=ConfigError) -> frozenset[str]:
    """A list of typographic rule names, each one known."""
    from kzpublish.typography.rules import RULE_NAMES

    names = value if isinstance(value, list) else [value]
    unknown = [n for n in names if n not in RULE_NAMES]
    if unknown or not all(isinstance(n, str) for n in names):
        raise error(_("unknown typographic rule(s): {rules}").format(rules=", ".join(map(str, unknown or names))), loc,
                    hint=_("the rules are: {rules}").format(rules=", ".join(RULE_NAMES)))
    return frozenset(names)


def paper_hint() -> str:
    return _("use one of {sizes} or a size like `170mm x 240mm` (each side {low}–{high} mm)").format(
        sizes=", ".join(n if n.startswith(("A", "B")) else n.title() for n in PAPER_SIZES),
        low=PAPER_RANGE[0], high=PAPER_RANGE[1])
