"""Revisions: history that follows renames, and the prose diff on real repositories with
scripted commits: each test asserts the exact spans reported."""

from __future__ import annotations

import json
import subprocess

import pypdf
import pytest

from conftest import run_cli
from gitrepo import ScriptedRepo

RU = """---
title: Резолюция
date: 2019-05-21
---

Мы, участники конференции, убеждены, что характер системы превратился в фактор угроз.

Выборы превратились в фарс. Власть взяла под контроль весь процесс.

Мы призываем граждан голосовать против кандидатов, включая К.-Ж. Токаева.

Мы требуем освободить всех политзаключенных.
"""

KK = """---
title: Қарар
---

Біз, конференция қатысушылары, жүйенің сипаты қауіпке айналғанына сенімдіміз.

Сайлау көзбояушылыққа айналды.
"""

RU_PATH = "sources/res/ru.md"
KK_PATH = "sources/res/kk.md"


@pytest.fixture
def repo(tmp_path):
    r = ScriptedRepo(tmp_path / "project")
    r.commit("Первая версия", {RU_PATH: RU, KK_PATH: KK}, tag="v1.0")
    return r


def diff_json(repo, *args) -> dict:
    run = run_cli("-C", str(repo.root), "diff", "res", "--json", *args)
    assert run.code == 0, run.err
    return json.loads(run.out)


def spans(data, lang="ru", kinds=None):
    return [(s["kind"], s["old"], s["new"]) for s in data["languages"][lang]["spans"]
            if kinds is None or s["kind"] in kinds]


def test_one_word_change(repo):
    repo.edit(RU_PATH, "Выборы превратились в фарс", "Выборы превратились в балаган")
    repo.commit("Одно слово")
    data = diff_json(repo)
    assert data["from"]["label"] == "v1.0" and data["to"]["label"] == repo.git("rev-parse", "HEAD")[:10]
    assert spans(data) == [("changed", "фарс", "балаган")]
    assert data["languages"]["ru"]["spans"][0]["block"] == 2
    assert data["languages"]["ru"]["counts"]["wording"] == {"inserted": 0, "deleted": 0, "changed": 1}
    assert data["languages"]["kk"]["status"] == "unchanged" and spans(data, "kk") == []


def test_inflection_change_shows_the_ending(repo):
    repo.edit(RU_PATH, "включая К.-Ж. Токаева", "включая К.-Ж. Токаевым")
    data = diff_json(repo)
    assert data["to"]["label"] == "uncommitted"
    assert spans(data) == [("changed", "Токаева", "Токаевым")]
    run = run_cli("-C", str(repo.root), "diff", "res")
    assert run.code == 0, run.err
    html_path, pdf_path = run.out.splitlines()[1:3]
    page = (repo.root / html_path).read_text("utf-8")
    assert '<span class="word">Токаев<del>а</del><ins>ым</ins></span>' in page
    text = "".join(p.extract_text() for p in pypdf.PdfReader(repo.root / pdf_path).pages)
    assert "Токаеваым" in text.replace("\n", "")  # the redline shows both endings


def test_rewrapping_a_paragraph_is_no_change(repo):
    repo.edit(RU_PATH, "Мы, участники конференции, убеждены, что характер системы превратился в фактор угроз.",
              "Мы, участники\nконференции, убеждены, что характер\nсистемы превратился\nв фактор угроз.")
    repo.commit("Перенос строк")
    data = diff_json(repo)
    assert data["languages"]["ru"]["status"] == "unchanged"
    assert spans(data) == []


def test_typography_only_commit(repo):
    repo.edit(RU_PATH, "Выборы превратились в фарс.", 'Выборы - "это" фарс в 2019г.')
    repo.commit("Текст с прямыми кавычками")
    repo.edit(RU_PATH, 'Выборы - "это" фарс в 2019г.', "Выборы\u00a0— «это» фарс в\u00a02019\u00a0г.")
    repo.commit("Только типографика")
    data = diff_json(repo, "--from", "HEAD~1")
    assert spans(data) == [
        ("typography", " ", "\u00a0"), ("typography", "-", "—"), ("typography", '"', "«"), ("typography", '"', "»"),
        ("typography", " ", "\u00a0"), ("typography", "", "\u00a0"),
    ]
    ru = data["languages"]["ru"]
    assert ru["counts"]["wording"] == {"inserted": 0, "deleted": 0, "changed": 0}
    assert ru["counts"]["typography"] == 6
    assert {s["block_status"] for s in ru["spans"]} == {"typography"}
    run = run_cli("-C", str(repo.root), "diff", "res", "--from", "HEAD~1")
    page = (repo.root / run.out.splitlines()[1]).read_text("utf-8")
    assert '<body class="">' in page  # typography hidden by default…
    run = run_cli("-C", str(repo.root), "diff", "res", "--from", "HEAD~1", "--show-typography")
    page = (repo.root / run.out.splitlines()[1]).read_text("utf-8")
    assert '<body class="show-typo">' in page  # …shown on request


def test_quote_and_dash_kinds_are_typography(repo):
    repo.edit(RU_PATH, "Выборы превратились в фарс.", "Выборы превратились в «фарс».")
    repo.commit("Кавычки")
    repo.edit(RU_PATH, "Выборы превратились в «фарс».", 'Выборы превратились в "фарс".')
    data = diff_json(repo, "--from", "HEAD")
    assert spans(data) == [("typography", "«", '"'), ("typography", "»", '"')]
    assert data["languages"]["ru"]["counts"]["typography"] == 2
    assert data["languages"]["ru"]["counts"]["wording"]["changed"] == 0


def test_lookalike_letter_commit(repo):
    repo.edit(KK_PATH, "Біз, конференция", "Бiз, конференция")
    repo.commit("Латинская i")
    data = diff_json(repo)
    assert spans(data, "kk") == [("lookalike", "Біз", "Бiз")]
    assert data["languages"]["kk"]["counts"]["lookalike"] == 1
    assert data["languages"]["kk"]["counts"]["wording"] == {"inserted": 0, "deleted": 0, "changed": 0}


def test_moved_paragraph_with_a_change_inside(repo):
    text = (repo.root / RU_PATH).read_text("utf-8")
    moved = "Выборы превратились в фарс. Власть взяла под контроль весь процесс.\n\n"
    text = text.replace(moved, "") + "\nВыборы превратились в фарс. Власть взяла под контроль весь избирательный процесс.\n"
    repo.write({RU_PATH: text})
    data = diff_json(repo)
    ru = data["languages"]["ru"]
    assert ru["moved"] == [{"from_block": 2, "to_block": 4}]
    assert ru["counts"]["moved"] == 1
    assert spans(data, kinds={"inserted", "deleted", "changed"}) == [("inserted", "", "избирательный")]


def test_paragraph_split_in_two(repo):
    repo.edit(RU_PATH, "фарс. Власть взяла", "фарс.\n\nВласть взяла")
    data = diff_json(repo)
    ru = data["languages"]["ru"]
    assert ru["structure"] == [{"status": "split", "old_block": [2], "new_block": [2, 3]}]
    assert ru["spans"] == []
    assert ru["counts"]["wording"] == {"inserted": 0, "deleted": 0, "changed": 0}


def test_renamed_folder_is_followed(repo):
    repo.git("mv", "sources/res", "sources/resolution")
    repo.commit("Переименование")
    repo.edit("sources/resolution/ru.md", "фарс", "балаган")
    repo.commit("Правка после переименования", tag="v2.0")
    run = run_cli("-C", str(repo.root), "history", "resolution", "--lang", "ru", "--json")
    assert run.code == 0, run.err
    revs = json.loads(run.out)["ru"]
    assert [r["subject"] for r in revs] == ["Правка после переименования", "Переименование", "Первая версия"]
    assert revs[0]["tags"] == ["v2.0"] and revs[2]["tags"] == ["v1.0"]
    assert revs[1]["status"] == "R" and revs[1]["old_path"] == "sources/res/ru.md"
    data = json.loads(run_cli("-C", str(repo.root), "diff", "resolution", "--json", "--from", "v1.0", "--to", "v2.0").out)
    ru = data["languages"]["ru"]
    assert (ru["old_path"], ru["new_path"]) == ("sources/res/ru.md", "sources/resolution/ru.md")
    assert [(s["kind"], s["old"], s["new"]) for s in ru["spans"]] == [("changed", "фарс", "балаган")]


def test_default_from_is_the_latest_tag_before_to(repo):
    repo.edit(RU_PATH, "фарс", "балаган")
    repo.commit("Вторая", tag="v1.1")
    repo.edit(RU_PATH, "балаган", "спектакль")
    repo.commit("Третья")
    data = diff_json(repo)
    assert data["from"]["label"] == "v1.1"
    assert spans(data) == [("changed", "балаган", "спектакль")]
    data = diff_json(repo, "--to", "v1.1")
    assert data["from"]["label"] == "v1.0" and spans(data) == [("changed", "фарс", "балаган")]
    data = diff_json(repo, "--from", "HEAD~2", "--to", "HEAD")
    assert spans(data) == [("changed", "фарс", "спектакль")]


def test_default_from_skips_another_documents_versions(repo):
    """A tag `<other>/v…` releases another document: never the base of this one's diff, nor its
    name; a commit that is both `v1.1` and `<other>/v3` is this document's v1.1."""
    repo.commit("Заметка", {"sources/note/ru.md": "---\ntitle: Заметка\n---\n\nТекст заметки.\n"}, tag="note/v2.0")
    repo.edit(RU_PATH, "фарс", "балаган")
    repo.commit("Правка")
    data = diff_json(repo)
    assert data["from"]["label"] == "v1.0" and spans(data) == [("changed", "фарс", "балаган")]
    repo.git("tag", "v1.1")
    repo.git("tag", "zz/v3")  # sorts after v1.1
    repo.edit(RU_PATH, "балаган", "спектакль")
    repo.commit("Ещё правка")
    data = diff_json(repo)
    assert data["from"]["label"] == "v1.1" and spans(data) == [("changed", "балаган", "спектакль")]


def test_first_commit_when_there_is_no_tag(tmp_path):
    r = ScriptedRepo(tmp_path / "p")
    r.commit("one", {RU_PATH: RU})
    r.edit(RU_PATH, "фарс", "балаган")
    data = diff_json(r)
    assert spans(data) == [("changed", "фарс", "балаган")]


def test_front_matter_changes_are_reported(repo):
    repo.edit(RU_PATH, "title: Резолюция", "title: Резолюция конференции")
    data = diff_json(repo)
    assert data["languages"]["ru"]["front_matter"] == [{"key": "title", "old": "Резолюция", "new": "Резолюция конференции"}]


def test_translation_added_later_is_reported_as_added(tmp_path):
    r = ScriptedRepo(tmp_path / "p")
    r.commit("ru only", {RU_PATH: RU}, tag="v1")
    r.commit("kk too", {KK_PATH: KK})
    data = diff_json(r)
    assert data["languages"]["kk"]["status"] == "added"
    assert data["languages"]["kk"]["counts"]["wording"]["inserted"] > 5
    assert data["languages"]["ru"]["status"] == "unchanged"


def test_report_is_self_contained(repo):
    repo.edit(RU_PATH, "фарс", "балаган")
    run = run_cli("-C", str(repo.root), "diff", "res")
    page = (repo.root / run.out.splitlines()[1]).read_text("utf-8")
    assert "http" not in page.replace('xmlns="http://www.w3.org', "")  # nothing fetched from anywhere
    assert page.count("data:font/ttf;base64,") == 4  # PT Serif and PT Sans, regular and bold
    assert 'id="show-typo"' in page and "<del>фарс</del> <ins>балаган</ins>" in page
    assert '<section class="translation" id="ru" lang="ru">' in page


# --- bad situations ---------------------------------------------------------------------------

def test_not_a_git_repository(tmp_path):
    root = tmp_path / "plain"
    (root / "sources/res").mkdir(parents=True)
    (root / RU_PATH).write_text(RU, encoding="utf-8")
    run = run_cli("-C", str(root), "diff")
    assert run.code == 1 and "is not in a git repository" in run.err and "Traceback" not in run.err


def test_unknown_revision(repo):
    run = run_cli("-C", str(repo.root), "diff", "res", "--from", "v9.9")
    assert run.code == 1 and "error: unknown revision 'v9.9'" in run.err


def test_shallow_clone_says_how_to_deepen(repo, tmp_path):
    first = repo.git("rev-parse", "HEAD").strip()
    repo.edit(RU_PATH, "фарс", "балаган")
    repo.commit("Вторая")
    repo.edit(RU_PATH, "балаган", "спектакль")
    repo.commit("Третья")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)], check=True)
    run = run_cli("-C", str(clone), "diff", "res", "--from", first)
    assert run.code == 1
    assert "is shallow" in run.err and "git fetch --unshallow" in run.err
    data = json.loads(run_cli("-C", str(clone), "diff", "res", "--json").out)
    assert any("shallow" in n for n in data["notes"])


def test_non_utf8_blob_in_history(tmp_path):
    r = ScriptedRepo(tmp_path / "p")
    r.commit("broken", {RU_PATH: "---\ntitle: Т\n---\n\n".encode() + b"\xff"}, tag="v1")
    r.commit("fixed", {RU_PATH: RU})
    run = run_cli("-C", str(r.root), "diff", "res")
    assert run.code == 1
    assert "sources/res/ru.md:5:1" in run.err and "not valid UTF-8" in run.err and "in commit" in run.err
    assert "Traceback" not in run.err


def test_what_a_build_reads_of_the_repository(tmp_path):
    from kzpublish.history.head import read_head

    r = ScriptedRepo(tmp_path / "repo")
    project = r.root / "publications"  # the project is a folder of the repository
    assert read_head(project.parent) is None  # no commit yet
    r.commit("Тексты", {"publications/sources/a/ru.md": "---\ntitle: А\n---\n\nТекст.\n", "notes.txt": "x"}, tag="v1.0")
    head = read_head(project)
    assert head.describe == "v1.0"
    assert head.date.isoformat() == "2020-09-13T19:26:40+06:00"  # in the committer's zone
    assert head.changed == frozenset()

    second = r.commit("Правка", {"publications/sources/a/ru.md": "---\ntitle: А\n---\n\nНовый текст.\n"})
    r.git("mv", "publications/sources/a", "publications/sources/b")
    r.write({"publications/styles/print.css": "p {}", "notes.txt": "changed outside the project",
             "publications/sources/c/kk.md": "---\ntitle: Ә\n---\n\nМәтін.\n"})
    head = read_head(project)
    assert head.commit == second
    assert head.describe == f"v1.0-1-g{second[:7]}"
    assert head.changed == {"sources/b/ru.md", "styles/print.css", "sources/c/kk.md"}  # renamed, new, untracked
    assert read_head(tmp_path) is None  # not in a repository
    assert read_head(tmp_path / "missing") is None
