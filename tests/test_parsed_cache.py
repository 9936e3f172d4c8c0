"""The cache of parsed versions (`history.parsed`): each version of a source is parsed once, the
cache is keyed by content, and an entry that is corrupt, from another kzpublish or for other
content is ignored and made anew — the reports stay exactly the same."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli
from gitrepo import ScriptedRepo
from kzpublish import pandoc
from kzpublish.history import parsed

RU = "---\ntitle: Резолюция\n---\n\nМы требуем освободить всех политзаключенных.\n\nВыборы превратились в фарс.\n"


@pytest.fixture
def repo(tmp_path):
    repo = ScriptedRepo(tmp_path / "p")
    repo.commit("first", {"sources/res/ru.md": RU, ".gitignore": "dist/\n"})
    repo.commit("second", {"sources/res/ru.md": RU.replace("всех", "немедленно всех")})
    return repo


def diff_json(repo) -> dict:
    run = run_cli("-C", str(repo.root), "diff", "res", "--from", "HEAD~1", "--to", "HEAD", "--json")
    assert run.code == 0, run.err
    return json.loads(run.out)


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The texts pandoc is asked to read (the real reader still reads them)."""
    seen = []
    real = pandoc.read_markdown

    def spy(text, loc):
        seen.append(text)
        return real(text, loc)

    monkeypatch.setattr(pandoc, "read_markdown", spy)
    return seen


def entries(repo) -> list:
    return sorted((repo.root / parsed.FOLDER).glob("*.json"))


def test_each_version_is_parsed_once_ever(repo, reads):
    first = diff_json(repo)
    assert len(reads) == 2 and len(entries(repo)) == 2
    assert [s["new"] for s in first["languages"]["ru"]["spans"]] == ["немедленно"]
    assert diff_json(repo) == first
    assert len(reads) == 2  # the second report parsed nothing
    # Drift and a report against the working tree read the same versions from the cache too.
    repo.edit("sources/res/ru.md", "фарс", "фарс и обман")
    run = run_cli("-C", str(repo.root), "diff", "res", "--from", "HEAD", "--json")
    assert json.loads(run.out)["languages"]["ru"]["spans"][0]["new"] == "и обман"
    assert len(reads) == 3  # only the changed working tree was parsed


def test_corrupt_or_foreign_entries_are_ignored_and_made_anew(repo, reads):
    first = diff_json(repo)
    made = entries(repo)
    made[0].write_bytes(b"\x00 not json")
    entry = json.loads(made[1].read_text("utf-8"))
    made[1].write_text(json.dumps({**entry, "tool": "another kzpublish", "blocks": [["paragraph", "ЛОЖЬ", "", 0]]}),
                       "utf-8")
    assert diff_json(repo) == first
    assert len(reads) == 4  # both parsed again…
    for path in made:  # …and kept, whole, for next time
        assert json.loads(path.read_text("utf-8"))["tool"] == parsed.tool_fingerprint()


def test_an_entry_is_bound_to_its_content(repo, reads):
    first = diff_json(repo)
    # An entry made for other content (here: a file copied over another's name) is not taken.
    old, new = entries(repo)
    new.write_bytes(old.read_bytes())
    assert diff_json(repo) == first and len(reads) == 3


def test_a_read_only_cache_only_makes_it_slower(repo, reads):
    (repo.root / "dist").mkdir()
    (repo.root / "dist" / ".stamps").write_text("not a folder")
    assert [s["new"] for s in diff_json(repo)["languages"]["ru"]["spans"]] == ["немедленно"]


def test_drift_pairs_the_equal_ends_as_the_full_diff_does():
    """Drift diffs only the stretch between the equal blocks at either end of two versions; for
    edits, insertions and deletions that gives the full block diff's map, block for block."""
    import random

    from kzpublish.blocks import Block
    from kzpublish.history.diff import diff_blocks
    from kzpublish.history.drift import _changes_by_new

    rng = random.Random(5)
    words = "право закон суд народ выборы свобода власть граждане страна решение".split()
    for _ in range(200):
        old = tuple(Block("paragraph", " ".join(rng.choice(words) for _ in range(12)) + f" {n}.") for n in range(30))
        new = list(old)
        at = rng.randrange(len(new))
        edit = rng.choice(["change", "insert", "delete"])
        if edit == "change":
            new[at] = Block("paragraph", new[at].text.replace(" ", " и ", 1))
        elif edit == "insert":
            new.insert(at, Block("paragraph", "Новый абзац о праве граждан."))
        else:
            del new[at]
        full = {j: (c.status, c.old) for c in diff_blocks(old, tuple(new)) for j in c.new}
        trimmed = {j: (c.status, c.old) for j, c in _changes_by_new(old, tuple(new)).items()}
        assert trimmed == full, edit
