"""`kzpublish init` and `kzpublish new`: a ready project, and a new document in it, made from the
templates in `templates/`. Nothing is ever overwritten: a file that exists is kept and reported.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from kzpublish import __version__
from kzpublish.config import Config
from kzpublish.errors import ConfigError
from kzpublish.messages import _
from kzpublish.history.head import start_repository
from kzpublish.metadata import SLUG, SLUG_HINT

TEMPLATES = Path(__file__).resolve().parent / "templates" / "project"
PROJECT_FILES = {
    # template → where it goes in the project
    "Makefile": "Makefile",
    "gitignore": ".gitignore",
    "pyproject.toml": "pyproject.toml",
    "release.yml": ".github/workflows/release.yml",
    "sources/example/ru.md": "sources/example/ru.md",
    "sources/example/kk.md": "sources/example/kk.md",
}
NEW_TITLES = {"ru": "Название документа", "kk": "Құжаттың атауы"}
NEW_BODIES = {"ru": "Текст документа.", "kk": "Құжаттың мәтіні."}


@dataclass(frozen=True)
class Made:
    root: Path
    written: tuple[str, ...]
    """Project paths written."""
    kept: tuple[str, ...]
    """Project paths that existed already, left as they were."""
    git_init: bool = False


def installed_from() -> str:
    """What a project's Makefile installs kzpublish from: where this kzpublish came from (a git
    URL or a local folder, PEP 610), else its release on PyPI."""
    try:
        direct = json.loads(metadata.distribution("kzpublish").read_text("direct_url.json") or "null")
    except metadata.PackageNotFoundError:
        direct = None
    if direct and direct.get("url", "").startswith("file://"):
        return url2pathname(urlsplit(direct["url"]).path)
    if direct and "vcs_info" in direct:
        vcs = direct["vcs_info"]
        return f"{vcs['vcs']}+{direct['url']}@{vcs.get('requested_revision') or vcs['commit_id']}"
    return f"kzpublish=={__version__}"


def init(root: Path, source: str | None = None) -> Made:
    """Make a project in `root` (made if needed): sources/ with an example document in both
    languages, settings, a Makefile, .gitignore, a release workflow; `git init` when needed."""
    root = root.resolve()
    if root.exists() and not root.is_dir():
        raise ConfigError(_("{path} exists and is not a folder").format(
            path=root), hint=_("name a new or an existing folder"))
    root.mkdir(parents=True, exist_ok=True)
    texts = {dest: (TEMPLATES / template).read_text("utf-8") for template, dest in PROJECT_FILES.items()}
    system = (TEMPLATES.parent / "system.mk").read_text("utf-8")
    editions = (TEMPLATES.parent / "editions.mk").read_text("utf-8").rstrip("\n")
    texts["Makefile"] = (texts["Makefile"].replace("@SOURCE@", source or installed_from())
                         .replace("@EDITIONS@", editions).replace("@SYSTEM@", system))
    written, kept = _write_new(root, texts)
    return Made(root, written, kept, start_repository(root))


def new_document(root: Path, config: Config, slug: str) -> Made:
    """`sources/<slug>/<lang>.md` for each language of the project, with front matter to fill."""
    if not SLUG.match(slug):
        raise ConfigError(_("{slug!r} is not a valid slug").format(slug=slug), hint=_(SLUG_HINT))
    if (root / "sources" / slug).exists():
        raise ConfigError(_("sources/{slug}/ exists already").format(slug=slug),
                          hint=_("choose another slug, or edit the document there"))
    texts = {f"sources/{slug}/{lang}.md": f"---\ntitle: {NEW_TITLES[lang]}\n# subtitle: \n# date: 2025-01-31\n"
                                          f"# authors: []\n# tags: []\n---\n\n{NEW_BODIES[lang]}\n"
             for lang in config.languages}
    written, kept = _write_new(root, texts)
    return Made(root, written, kept)


def _write_new(root: Path, texts: dict[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    written, kept = [], []
    for rel, text in texts.items():
        path = root / rel
        if path.exists() or path.is_symlink():
            kept.append(rel)
            continue
        (written if _create(path, text.encode("utf-8")) else kept).append(rel)
    return tuple(written), tuple(kept)


def _create(path: Path, data: bytes) -> bool:
    """Write `path` whole or not at all, and only if it does not exist: a temporary file beside
    it, linked into place (a link fails where a file has appeared meanwhile). False if it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.link(tmp, path)
        return True
    except FileExistsError:
        return False
    finally:
        Path(tmp).unlink(missing_ok=True)
