"""Throwaway git repositories with scripted commits, for the revision tests."""

from __future__ import annotations

import subprocess
from pathlib import Path


class ScriptedRepo:
    def __init__(self, root: Path):
        self.root = root
        self.clock = 1_600_000_000
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.email", "editor@example.org")
        self.git("config", "user.name", "Редактор")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str) -> str:
        env = {"GIT_AUTHOR_DATE": f"@{self.clock} +0600", "GIT_COMMITTER_DATE": f"@{self.clock} +0600",
               "PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(self.root)}
        return subprocess.run(["git", *args], cwd=self.root, check=True, capture_output=True, text=True, env=env).stdout

    def write(self, files: dict[str, str | bytes]) -> None:
        for rel, text in files.items():
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")

    def commit(self, message: str, files: dict[str, str | bytes] | None = None, tag: str | None = None) -> str:
        self.clock += 3600
        if files:
            self.write(files)
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        if tag:
            self.git("tag", tag)
        return self.git("rev-parse", "HEAD").strip()

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
