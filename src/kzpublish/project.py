"""A project: a folder with `sources/` (and optionally `styles/` and `pyproject.toml`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kzpublish.config import Config, load_config
from kzpublish.errors import ConfigError, SourceLocation
from kzpublish.limits import MAX_STYLESHEET_BYTES
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
                f"{root.name}/ has no sources/ folder: not a kzpublish project",
                hint="run it in the project folder or name it with -C DIR",
            )
        return cls(root, load_config(root))

    @property
    def font_cache(self) -> Path:
        """Where the font subsets and fallback fonts made for earlier editions and reports are
        kept (`fonts.subset_font`: by a hash of the font and the characters)."""
        return self.root / "dist" / ".stamps" / "fonts"

    def stylesheet(self, name: str) -> Path:
        """`styles/<name>` of the project, else kzpublish's own; one that leads outside the
        project, or is too large, is an error."""
        own = self.root / "styles" / name
        if not (own.is_file() or own.is_symlink()):
            return builtin_styles() / name
        real = resolve_inside(self.root, f"styles/{name}", what="stylesheet", error=ConfigError)
        if not real.is_file():
            raise ConfigError(f"stylesheet styles/{name} is not a file", SourceLocation(f"styles/{name}"))
        if (size := real.stat().st_size) > MAX_STYLESHEET_BYTES:
            raise ConfigError(f"the stylesheet is {size / 2**20:.1f} MiB; the limit is "
                              f"{MAX_STYLESHEET_BYTES // 2**20} MiB", SourceLocation(f"styles/{name}"),
                              hint="a stylesheet that large is not a stylesheet: check the file")
        decode_utf8(real.read_bytes(), f"styles/{name}", "save the stylesheet as UTF-8", ConfigError)
        return real


def builtin_styles() -> Path:
    here = Path(__file__).resolve().parent
    packaged = here / "styles"  # in a wheel
    return packaged if packaged.is_dir() else here.parents[1] / "styles"  # in a source checkout
