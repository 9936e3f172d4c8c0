"""Benchmark: history and wording-change reports, against git's own word diff.

1. A document with 1,000 commits: `kzpublish history` and `kzpublish diff` (first commit → HEAD,
   reports written), against `git log --follow -p --word-diff` on the same file.
2. Two versions of a 100-page document: `kzpublish diff --json` against `git diff --word-diff`.

Run: .venv/bin/python bench/history_bench.py   (prints figures; asserts nothing)
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import WORDS_RU, document, fast_import, timed  # noqa: E402

from kzpublish.cli import main as kz  # noqa: E402


def quiet(*argv: str) -> None:
    import io
    code = kz(list(argv), stdout=io.StringIO(), stderr=io.StringIO())
    assert code == 0, argv


def mutate(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    for _ in range(3):
        i = rng.randrange(len(words))
        if words[i].isalpha():
            words[i] = rng.choice(WORDS_RU)
    return " ".join(words)


def main() -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "thousand"
        text = document(rng, "ru", 30)
        versions = []
        for _ in range(1000):
            text = mutate(rng, text)
            versions.append({"sources/doc/ru.md": text})
        fast_import(root, versions)
        path = "sources/doc/ru.md"
        git_log = timed(lambda: subprocess.run(["git", "log", "--follow", "-p", "--word-diff", "--", path],
                                               cwd=root, capture_output=True, check=True))
        hist = timed(lambda: quiet("-C", str(root), "history", "doc"))
        diff = timed(lambda: quiet("-C", str(root), "diff", "doc", "--from", "HEAD~999"), repeat=2)
        print("1,000 commits of a 30-paragraph document")
        print(f"  git log --follow -p --word-diff   {git_log * 1000:8.0f} ms")
        print(f"  kzpublish history                 {hist * 1000:8.0f} ms   ratio {hist / git_log:5.2f}")
        print(f"  kzpublish diff (HTML + PDF)       {diff * 1000:8.0f} ms   ratio {diff / git_log:5.2f}")

        big = Path(tmp) / "hundred-pages"
        old = document(rng, "ru", 600)  # ~ 100 A4 pages of 65-word paragraphs… with the title page
        new = old
        paragraphs = new.split("\n\n")
        for _ in range(40):
            i = rng.randrange(3, len(paragraphs))
            paragraphs[i] = mutate(rng, paragraphs[i])
        paragraphs.insert(200, paragraphs.pop(100))  # a moved paragraph
        new = "\n\n".join(paragraphs)
        fast_import(big, [{"sources/doc/ru.md": old}, {"sources/doc/ru.md": new}])
        git_diff = timed(lambda: subprocess.run(["git", "diff", "--word-diff", "HEAD~1", "HEAD"], cwd=big,
                                                capture_output=True, check=True))
        kz_json = timed(lambda: quiet("-C", str(big), "diff", "doc", "--from", "HEAD~1", "--to", "HEAD", "--json"))
        kz_all = timed(lambda: quiet("-C", str(big), "diff", "doc", "--from", "HEAD~1", "--to", "HEAD"), repeat=1)
        print(f"two versions of a 100-page document ({len(old.split())} words)")
        print(f"  git diff --word-diff              {git_diff * 1000:8.0f} ms")
        print(f"  kzpublish diff --json             {kz_json * 1000:8.0f} ms   ratio {kz_json / git_diff:5.1f}")
        print(f"  kzpublish diff (HTML + PDF)       {kz_all * 1000:8.0f} ms   ratio {kz_all / git_diff:5.1f}")


if __name__ == "__main__":
    main()
