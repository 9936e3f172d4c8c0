"""Benchmark: history and wording-change reports, against git's own word diff.

1. A document with 1,000 commits: `kzpublish history` and `kzpublish diff` (first commit → HEAD,
   reports written), against `git log --follow -p --word-diff` on the same file.
2. Two versions of a 100-page document: `kzpublish diff --json` against `git diff --word-diff`,
   cold (nothing parsed yet) and warm (the versions in dist/.stamps/parsed/), called in process
   and as a command (Python's start-up and kzpublish's imports included); and the report (HTML
   and PDF redline) of a one-article change in it, the first (font subsets made) and the next.
3. A bilingual 50-article law with 1,000 commits, each changing a word on one side:
   `kzpublish drift`, cold and warm, against `git log -p --word-diff` of both files.

Run: .venv/bin/python bench/history_bench.py   (prints figures; asserts nothing)
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import WORDS_KK, WORDS_RU, compile_bytecode, document, fast_import, paragraph, spread, timed  # noqa: E402

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


def command(*argv: str) -> None:
    subprocess.run([sys.executable, "-m", "kzpublish", *argv], check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    compile_bytecode()
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
        cold = timed(lambda: quiet("-C", str(big), "diff", "doc", "--from", "HEAD~1", "--to", "HEAD", "--json"), repeat=1)
        json_argv = ("-C", str(big), "diff", "doc", "--from", "HEAD~1", "--to", "HEAD", "--json")
        kz_json = spread(lambda: quiet(*json_argv), 9)
        kz_command = spread(lambda: command(*json_argv), 9)
        kz_all = timed(lambda: quiet("-C", str(big), "diff", "doc", "--from", "HEAD~1", "--to", "HEAD"), repeat=1)
        print(f"two versions of a 100-page document ({len(old.split())} words)")
        print(f"  git diff --word-diff              {git_diff * 1000:8.0f} ms")
        print(f"  kzpublish diff --json, cold       {cold * 1000:8.0f} ms   ratio {cold / git_diff:5.1f}")
        print(f"  kzpublish diff --json, warm       {kz_json[0] * 1000:8.0f} ms   ratio {kz_json[0] / git_diff:5.1f}"
              f"   (median of 9, {kz_json[1] * 1000:.0f}–{kz_json[2] * 1000:.0f} ms; in process)")
        print(f"  the same as a command             {kz_command[0] * 1000:8.0f} ms   ratio {kz_command[0] / git_diff:5.1f}"
              f"   (median of 9, {kz_command[1] * 1000:.0f}–{kz_command[2] * 1000:.0f} ms; start-up included)")
        print(f"  kzpublish diff (HTML + PDF)       {kz_all * 1000:8.0f} ms   ratio {kz_all / git_diff:5.1f}")

        one = Path(tmp) / "one-article"
        paragraphs = old.split("\n\n")
        paragraphs[300] = mutate(rng, paragraphs[300])
        fast_import(one, [{"sources/doc/ru.md": old}, {"sources/doc/ru.md": "\n\n".join(paragraphs)}])
        report_argv = ("-C", str(one), "diff", "doc", "--from", "HEAD~1", "--to", "HEAD")
        quiet(*report_argv, "--json")  # the versions parsed: what is measured is the report
        first = timed(lambda: command(*report_argv), repeat=1)
        again = spread(lambda: command(*report_argv), 5)
        print("one article changed in the 100-page document: the report (HTML + PDF redline), as a command")
        print(f"  the first (font subsets made)     {first * 1000:8.0f} ms")
        print(f"  the next                          {again[0] * 1000:8.0f} ms   (median of 5, "
              f"{again[1] * 1000:.0f}–{again[2] * 1000:.0f} ms)")

        law = Path(tmp) / "law"
        fast_import(law, law_history(rng))
        git_log = timed(lambda: subprocess.run(["git", "log", "-p", "--word-diff", "--", "sources"], cwd=law,
                                               capture_output=True, check=True), repeat=1)
        drift_cold = timed(lambda: quiet("-C", str(law), "drift", "--json"), repeat=1)
        drift_warm = timed(lambda: quiet("-C", str(law), "drift", "--json"))
        print("1,000 commits of a 50-article bilingual law")
        print(f"  git log -p --word-diff            {git_log * 1000:8.0f} ms")
        print(f"  kzpublish drift, cold             {drift_cold * 1000:8.0f} ms   ratio {drift_cold / git_log:5.1f}")
        print(f"  kzpublish drift, warm             {drift_warm * 1000:8.0f} ms   ratio {drift_warm / git_log:5.1f}")


def law_history(rng: random.Random) -> list[dict[str, str]]:
    """1,000 versions of a 50-article law in ru and kk, each with a word changed on one side."""
    sides = {lang: [[paragraph(rng, words, rng.randint(30, 60)) for _ in range(2)] for _ in range(50)]
             for lang, words in (("ru", WORDS_RU), ("kk", WORDS_KK))}

    def text(lang: str) -> str:
        heads = [f"## Статья {n}" if lang == "ru" else f"## {n}-бап" for n in range(1, 51)]
        body = "\n\n".join(f"{h}\n\n" + "\n\n".join(ps) for h, ps in zip(heads, sides[lang]))
        return f"---\ntitle: Закон\n---\n\n{body}\n"

    versions = []
    for n in range(1000):
        lang, words = ("ru", WORDS_RU) if n % 2 == 0 else ("kk", WORDS_KK)
        article = sides[lang][rng.randrange(50)]
        k = rng.randrange(2)
        changed = article[k].split()
        changed[rng.randrange(len(changed))] = rng.choice(words)
        article[k] = " ".join(changed)
        versions.append({"sources/law/ru.md": text("ru"), "sources/law/kk.md": text("kk")})
    return versions


if __name__ == "__main__":
    main()
