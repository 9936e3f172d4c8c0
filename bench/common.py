"""Helpers for the benchmarks: timing, generated Russian/Kazakh prose, repositories made fast
with `git fast-import`."""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

WORDS_RU = ("граждане свобода выборы власть народ право закон суд парламент президент общество "
            "страна конференция резолюция требование оценка расследование политический демократия "
            "институт решение голос мнение совесть площадь труд платы ответ диалог момент").split()
WORDS_KK = ("азаматтар бостандық сайлау билік халық құқық заң сот парламент президент қоғам ел "
            "конференция қарар талап баға тергеу саяси демократия институт шешім дауыс пікір "
            "ар-ождан алаң еңбек жалақы жауап диалог кезең тәуелсіздік").split()


def timed(fn, repeat: int = 3) -> float:
    """The best of `repeat` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def spread(fn, repeat: int = 7) -> tuple[float, float, float]:
    """(median, fastest, slowest) of `repeat` runs, in seconds: on a shared machine the median
    says more than one run, and the range says how much to trust it."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), min(runs), max(runs)


def compile_bytecode() -> None:
    """kzpublish's bytecode, as `make` keeps it (PYTHONDONTWRITEBYTECODE may be set): without it
    every start compiles kzpublish's modules again."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "src/kzpublish")], check=True)


def paragraph(rng: random.Random, words: list[str], n: int) -> str:
    text = " ".join(rng.choice(words) for _ in range(n))
    return text[0].upper() + text[1:] + "."


def document(rng: random.Random, lang: str, paragraphs: int, title: str = "Документ") -> str:
    words = WORDS_RU if lang == "ru" else WORDS_KK
    body = "\n\n".join(paragraph(rng, words, rng.randint(40, 90)) for _ in range(paragraphs))
    return f"---\ntitle: {title}\ndate: 2024-01-01\n---\n\n{body}\n"


def fast_import(root: Path, versions: list[dict[str, str]]) -> None:
    """A repository at `root` with one commit per dict of path → text."""
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    stream = []
    for n, files in enumerate(versions, 1):
        stamp = 1_600_000_000 + n * 60
        msg = f"Правка {n}".encode()
        stream.append(f"commit refs/heads/main\nmark :{n}\ncommitter Bench <b@example.org> {stamp} +0600\n".encode())
        stream.append(f"data {len(msg)}\n".encode() + msg + b"\n")
        if n > 1:
            stream.append(f"from :{n - 1}\n".encode())
        for path, text in files.items():
            data = text.encode()
            stream.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")
        stream.append(b"\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)
