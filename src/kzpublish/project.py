"""A project: a folder with `sources/` (and optionally `styles/` and `pyproject.toml`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kzpublish.config import Config, load_config
from kzpublish.errors import ConfigError


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

    def stylesheet(self, name: str) -> Path:
        """`styles/<name>` of the project, else kzpublish's own."""
        own = self.root / "styles" / name
        return own if own.is_file() else builtin_styles() / name


def builtin_styles() -> Path:
    here = Path(__file__).resolve().parent
    packaged = here / "styles"  # in a wheel
    return packaged if packaged.is_dir() else here.parents[1] / "styles"  # in a source checkout
