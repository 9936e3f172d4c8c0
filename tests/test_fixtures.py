"""The pure algorithms against their fixture files (`fixture_cases`): the word diff, the block
diff between two versions, and the aligner of two translations. Refresh the expected parts with
`make fixtures`."""

from __future__ import annotations

import sys

import pytest
from fixture_cases import Case, blocks, read_cases, write_cases

from kzpublish.align import align
from kzpublish.history.diff import diff_blocks, diff_words


def word_diff(case: Case) -> str:
    return "\n".join(f"{s.kind}: {s.old} → {s.new}" for s in diff_words(*case.parts[:2]) if s.kind != "equal")


def block_diff(case: Case) -> str:
    def numbers(indices):
        return ",".join(str(i + 1) for i in indices) or "-"

    return "\n".join(f"{c.status} {numbers(c.old)} → {numbers(c.new)}"
                     for c in diff_blocks(blocks(case.parts[0]), blocks(case.parts[1])))


def alignment(case: Case) -> str:
    def numbers(indices):
        return ",".join(str(i + 1) for i in indices) or "-"

    return "\n".join(f"{numbers(p.left)} | {numbers(p.right)} | {p.method}"
                     for p in align(blocks(case.parts[0]), blocks(case.parts[1])))


ALGORITHMS = {"word_diff.txt": word_diff, "block_diff.txt": block_diff, "align.txt": alignment}
CASES = [(name, case) for name in ALGORITHMS for case in read_cases(name)]


@pytest.mark.parametrize(("name", "case"), CASES, ids=[f"{n}: {c.title}" for n, c in CASES])
def test_fixture(name, case):
    assert ALGORITHMS[name](case) == case.parts[-1]


def test_every_file_has_cases():
    assert {name for name, _ in CASES} == set(ALGORITHMS)


if __name__ == "__main__":  # `make fixtures`: write the expected parts from what the code does now
    for name, run in ALGORITHMS.items():
        cases = read_cases(name)
        write_cases(name, [Case(c.title, (*c.parts[:-1], run(c))) for c in cases])
        print(f"tests/fixtures/{name}: {len(cases)} cases", file=sys.stderr)
