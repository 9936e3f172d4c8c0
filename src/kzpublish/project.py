"""A project: a folder with `sources/` (and optionally `styles/` and `pyproject.toml`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kzpublish.config import Config, load_config
from kzpublish.errors import ConfigError, SourceLocation
from kzpublish.limits import MAX_STYLESHEET_BYTES
from kzpublish.messages import N_, _
from kzpublish.paths import decode_utf8, resolve_inside


@dataclass(frozen=True)
class Project:
    root: Path
    config: Config

    @classmethod
    def open(cls, root: Path) -> "Project":
        root = root.resolve()
        if not (root / "sources").is_dir():
            raise ConfigError(
                _("{folder}/ has no sources/ folder: not a kzpublish project").format(folder=root.name),
                hint=_("run it in the project folder or name it with -C DIR"),
            )
        return cls(root, load_config(root))

    @property
    def caches(self) -> Path:
        """Where what builds keep for later builds lives: `dist/.stamps/`."""
        return self.root / "dist" / ".stamps"

    @property
    def font_cache(self) -> Path:
        """Where the font subsets and fallback fonts made for earlier editions and reports are
        kept (`fonts.subset_font`: by a hash of the font and the characters)."""
        return self.caches / "fonts"

    @classmethod
    def find(cls, start: Path) -> "Project":
        """The project holding `start`: the nearest folder, `start` or above it, with a
        `sources/` folder — as git finds its repository from a subfolder."""
        start = start.resolve()
        for folder in (start, *start.parents):
            if (folder / "sources").is_dir():
                return cls.open(folder)
        raise ConfigError(
            _("{folder}/ is not in a kzpublish project: no sources/ folder here or above").format(
                folder=start.name or start),
            hint=_("run it in the project folder or name it with -C DIR; `kzpublish init` makes a project"),
        )

    def command(self, target: str, options: str = "", kzpublish: str | None = None) -> str:
        """How the user runs it here: `make TARGET OPTIONS` where the project's Makefile has that
        target, else the `kzpublish` command (`kzpublish TARGET` unless named)."""
        makefile = self.root / "Makefile"
        has_target = makefile.is_file() and re.search(rf"(?m)^{re.escape(target)}\s*:", makefile.read_text("utf-8", "replace"))
        line = f"make {target} {options}" if has_target else (kzpublish or f"kzpublish {target} {options}")
        return line.strip()

    def stylesheet(self, name: str) -> Path:
        """`styles/<name>` of the project, else kzpublish's own; one that leads outside the
        project, or is too large, is an error."""
        own = self.root / "styles" / name
        if not (own.is_file() or own.is_symlink()):
            return builtin_styles() / name
        real = resolve_inside(self.root, f"styles/{name}", what=N_("stylesheet"), error=ConfigError)
        if not real.is_file():
            raise ConfigError(_("stylesheet styles/{name} is not a file").format(
                name=name), SourceLocation(f"styles/{name}"))
        if (size := real.stat().st_size) > MAX_STYLESHEET_BYTES:
            raise ConfigError(_("the stylesheet is {size:.1f} MiB; the limit is {limit} MiB").format(
                size=size / 2**20, limit=MAX_STYLESHEET_BYTES // 2**20), SourceLocation(f"styles/{name}"),
                              hint=_("a stylesheet that large is not a stylesheet: check the file"))
        decode_utf8(real.read_bytes(), f"styles/{name}", _("save the stylesheet as UTF-8"), ConfigError)
        return real


def builtin_styles() -> Path:
    here = Path(__file__).resolve().parent
    packaged = here / "styles"  # in a wheel
    return packaged if packaged.is_dir() else here.parents[1] / "styles"  # in a source checkout
