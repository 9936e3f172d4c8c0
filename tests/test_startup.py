"""What each command loads: `history`, `drift`, `check` and `diff --json` never import
WeasyPrint (nor its PDF writer and CSS parser, nor ebooklib), nor GitPython; `diff --json` of
versions parsed before needs neither pandoc, nor the typographic rules, nor the pipeline.
Asserted on the modules a real run leaves loaded, in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gitrepo import ScriptedRepo

RU = "---\ntitle: Закон\n---\n\n## Статья 1\n\nГраждане имеют право на {}.\n"
KK = "---\ntitle: Заң\n---\n\n## 1-бап\n\nАзаматтардың {} құқығы бар.\n"
ENGINES = ("weasyprint", "pydyf", "tinycss2", "ebooklib")


def loaded(root, *argv: str) -> set[str]:
    script = ("import sys; from kzpublish.cli import main; code = main(sys.argv[1:]); "
              "print(' '.join(sorted(sys.modules))); sys.exit(code)")
    run = subprocess.run([sys.executable, "-c", script, "-C", str(root), *argv], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return set(run.stdout.split("\n")[-2].split())


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    r = ScriptedRepo(tmp_path_factory.mktemp("startup") / "p")
    r.commit("first", {"sources/law/ru.md": RU.format("труд"), "sources/law/kk.md": KK.format("еңбек")})
    r.commit("second", {"sources/law/ru.md": RU.format("отдых")})
    return r


@pytest.mark.parametrize("argv", [("history", "law"), ("drift", "--json"), ("check",),
                                  ("diff", "law", "--from", "HEAD~1", "--to", "HEAD", "--json")])
def test_commands_that_lay_nothing_out_load_no_layout_engine(repo, argv):
    modules = loaded(repo.root, *argv)
    assert not {m for m in modules if m.split(".")[0] in ENGINES}
    assert "git" not in modules  # GitPython: what these ask of git, one short run of git answers


def test_a_diff_of_versions_parsed_before_needs_no_pandoc(repo):
    argv = ("diff", "law", "--from", "HEAD~1", "--to", "HEAD", "--json")
    loaded(repo.root, *argv)  # parses both versions, once
    modules = loaded(repo.root, *argv)
    assert not modules & {"pypandoc", "kzpublish.pandoc", "kzpublish.typography.rules", "kzpublish.pipeline",
                          "kzpublish.history.drift", "kzpublish.history.report_files"}
