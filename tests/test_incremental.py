"""Incremental, parallel and sharded builds: skip what did not change, rebuild what did, and
the same bytes however the work is split."""

from __future__ import annotations

from conftest import make_project, run_cli


def project(tmp_path, n=3):
    files = {f"sources/doc{i}/ru.md": f"---\ntitle: Документ {i}\n---\n\nТекст документа номер {i}.\n" for i in range(n)}
    files["sources/doc0/kk.md"] = "---\ntitle: Құжат\n---\n\nБірінші құжаттың мәтіні.\n"
    files["styles/print.css"] = "p { color: #111; }\n"
    files["styles/epub.css"] = "p { color: #111; }\n"
    return make_project(tmp_path, files)


def artifacts(root):
    return {p.name: p.read_bytes() for p in sorted((root / "dist").iterdir()) if p.is_file() and not p.name.startswith(".")}


def test_a_second_build_does_nothing(tmp_path):
    root = project(tmp_path)
    first = run_cli("-C", str(root), "build", "-j", "1")
    assert first.code == 0 and len(first.out.split()) == 6
    mtimes = {p.name: p.stat().st_mtime_ns for p in (root / "dist").iterdir() if p.is_file()}
    again = run_cli("-C", str(root), "build", "-j", "1")
    assert again.code == 0 and again.out == "" and "6 file(s) up to date" in again.err
    assert {p.name: p.stat().st_mtime_ns for p in (root / "dist").iterdir() if p.is_file()} == mtimes


def test_one_changed_document_is_the_only_one_rebuilt(tmp_path):
    root = project(tmp_path)
    assert run_cli("-C", str(root), "-q", "build").code == 0
    path = root / "sources/doc1/ru.md"
    path.write_text(path.read_text("utf-8").replace("номер", "под номером"), encoding="utf-8")
    run = run_cli("-C", str(root), "build")
    assert run.out.split() == ["dist/doc1.pdf", "dist/doc1.epub"]


def test_an_image_beside_the_sources_counts(tmp_path):
    root = project(tmp_path)
    assert run_cli("-C", str(root), "-q", "build").code == 0
    (root / "sources/doc2/notes.txt").write_text("a file beside the sources")
    assert run_cli("-C", str(root), "build").out.split() == ["dist/doc2.pdf", "dist/doc2.epub"]


def test_changing_a_style_rebuilds_what_uses_it(tmp_path):
    root = project(tmp_path)
    assert run_cli("-C", str(root), "-q", "build").code == 0
    (root / "styles/print.css").write_text("p { color: #000; }\n")
    assert sorted(run_cli("-C", str(root), "build").out.split()) == ["dist/doc0.pdf", "dist/doc1.pdf", "dist/doc2.pdf"]
    (root / "styles/epub.css").write_text("p { color: #000; }\n")
    assert sorted(run_cli("-C", str(root), "build").out.split()) == ["dist/doc0.epub", "dist/doc1.epub", "dist/doc2.epub"]


def test_changing_settings_or_options_rebuilds(tmp_path):
    root = project(tmp_path)
    assert run_cli("-C", str(root), "-q", "build", "--pdf").code == 0
    assert len(run_cli("-C", str(root), "build", "--pdf", "--paper", "A5").out.split()) == 3
    (root / "pyproject.toml").write_text('[tool.kzpublish]\ntypography-off = ["dashes"]\n')
    assert len(run_cli("-C", str(root), "build", "--pdf", "--paper", "A5").out.split()) == 3
    assert run_cli("-C", str(root), "build", "--pdf", "--paper", "A5").out == ""


def test_force_rebuilds_everything(tmp_path):
    root = project(tmp_path)
    assert run_cli("-C", str(root), "-q", "build").code == 0
    assert len(run_cli("-C", str(root), "build", "--force").out.split()) == 6


def test_parallel_build_gives_the_same_bytes_as_a_serial_one(tmp_path):
    serial, parallel = project(tmp_path / "serial"), project(tmp_path / "parallel")
    assert run_cli("-C", str(serial), "-q", "build", "-j", "1").code == 0
    run = run_cli("-C", str(parallel), "build", "-j", "2")
    assert run.code == 0 and "done in" in run.err
    assert artifacts(parallel) == artifacts(serial)


def test_shards_split_the_documents_stably(tmp_path):
    root = project(tmp_path, n=7)
    seen = []
    for k in (1, 2, 3):
        run = run_cli("-C", str(root), "build", "--pdf", "--shard", f"{k}/3")
        assert run.code == 0
        seen.append(sorted(run.out.split()))
    names = [n for share in seen for n in share]
    assert sorted(names) == sorted(f"dist/doc{i}.pdf" for i in range(7)) and len(set(names)) == 7
    assert run_cli("-C", str(root), "build", "--shard", "4/3").code == 2


def test_the_glossary_counts_and_its_warnings_fail_a_strict_build(tmp_path):
    """The build warns of terms against `terms.toml`: a new glossary rebuilds the bilingual
    document and `--strict` fails on a forbidden variant it now finds."""
    root = project(tmp_path)
    assert run_cli("-C", str(root), "-q", "build", "--strict").code == 0
    (root / "terms.toml").write_text('[[term]]\nru = "текст"\nkk = "мәтін"\nforbidden-kk = ["құжаттың"]\n', "utf-8")
    run = run_cli("-C", str(root), "build", "--strict")
    assert run.code == 1 and "«құжаттың» is a forbidden variant" in run.err, run.err
    run = run_cli("-C", str(root), "build")
    assert sorted(run.out.split()) == ["dist/doc0.epub", "dist/doc0.pdf"]
    assert "forbidden variant" in run.err
