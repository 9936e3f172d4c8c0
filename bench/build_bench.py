"""Benchmark: kzpublish against its raw engines, measured in the same run.

1. The sample sources, and a generated ~300-page bilingual document: `kzpublish build --pdf`
   against pandoc → HTML → WeasyPrint called directly with the same CSS and fonts (goal ≤ 1.10×),
   and `kzpublish build --epub` against pandoc's own EPUB writer; the same document's PDF in the
   parallel layout (kzpublish alone).
2. A no-op rebuild and a one-word-change rebuild of a project of 50 documents, and the same
   change with `build --watch` running.
3. Serial against `-j 2` on 20 documents.
4. Peak memory of the 300-page build.
5. The 300-page document's sequential PDF on one core and on two (its translations laid out at once).

Run: .venv/bin/python bench/build_bench.py   (prints figures; asserts nothing)
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import REPO, compile_bytecode, document, spread, timed  # noqa: E402

BIN = Path(sys.executable).parent
KZ = [str(BIN / "kzpublish")]


def kz(*args: str) -> None:
    subprocess.run([*KZ, "-q", *args], check=True, stdout=subprocess.DEVNULL)


RAW = r'''
import sys, pypandoc
from pathlib import Path
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from kzpublish.fonts import font_face_css
from kzpublish.config import Paper
from kzpublish.render.pdf import page_css
from kzpublish.hyphenation import register
register()
root, out = Path(sys.argv[1]), Path(sys.argv[2])
for folder in sorted(p for p in (root / "sources").iterdir() if p.is_dir()):  # a PDF per document, as kzpublish makes
    sections = []
    for md in sorted(folder.glob("*.md")):
        body = pypandoc.convert_file(str(md), "html5", format="markdown-smart", extra_args=["--sandbox"])
        sections.append(f'<section lang="{md.stem}">{body}</section>')
    html = "<!DOCTYPE html><html><head><meta charset=utf-8><title>raw</title></head><body>" + "".join(sections) + "</body></html>"
    fonts = FontConfiguration()
    sheets = [CSS(string=font_face_css(lambda f: f.path.as_uri()), font_config=fonts),
              CSS(string=page_css(Paper("A4", 210, 297)), font_config=fonts),
              CSS(filename=sys.argv[3], font_config=fonts)]
    HTML(string=html, base_url=str(root)).write_pdf(out / f"{folder.name}.pdf", stylesheets=sheets, font_config=fonts)
'''


def raw_pdf(root: Path) -> None:
    (root / "raw").mkdir(exist_ok=True)
    subprocess.run([sys.executable, "-c", RAW, str(root), str(root / "raw"), str(REPO / "styles/print.css")], check=True)


def raw_epub(root: Path) -> None:
    for md in sorted(root.glob("sources/*/*.md")):
        subprocess.run([sys.executable, "-c", "import pypandoc,sys; pypandoc.convert_file(sys.argv[1], 'epub3', "
                        "format='markdown-smart', outputfile=sys.argv[2])", str(md), str(root / f"{md.parent.name}-{md.stem}.epub")],
                       check=True)


def project(folder: Path, docs: dict[str, dict[str, str]]) -> Path:
    for slug, langs in docs.items():
        for lang, text in langs.items():
            path = folder / "sources" / slug / f"{lang}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    subprocess.run(["git", "-c", "user.name=b", "-c", "user.email=b@e", "commit", "-qam", "x", "--allow-empty"], cwd=folder)
    subprocess.run(["git", "add", "-A"], cwd=folder, check=True)
    subprocess.run(["git", "-c", "user.name=b", "-c", "user.email=b@e", "commit", "-qm", "sources"], cwd=folder, check=True)
    return folder


def compare(label: str, root: Path, repeat: int = 3) -> None:
    """Raw engines and kzpublish take turns, so that a slow spell of the machine hits both."""
    pdf_raw, pdf_kz = alternate(lambda: raw_pdf(root), lambda: kz(
        "-C", str(root), "build", "--pdf", "--force", "--layout", "sequential", "-j", "1"), repeat)
    epub_raw, epub_kz = alternate(lambda: raw_epub(root), lambda: kz("-C", str(root), "build", "--epub", "--force", "-j", "1"),
                                  repeat)
    pages = subprocess.run([sys.executable, "-c", "import pypdf,sys; print(sum(len(pypdf.PdfReader(p).pages) for p in sys.argv[1:]))",
                            *map(str, (root / "dist").glob("*.pdf"))], capture_output=True, text=True).stdout.strip()
    print(f"{label} ({pages} pages)")
    print(f"  PDF   raw pandoc → WeasyPrint {pdf_raw:7.2f} s   kzpublish {pdf_kz:7.2f} s   ratio {pdf_kz / pdf_raw:5.2f}")
    print(f"  EPUB  pandoc's EPUB writer    {epub_raw:7.2f} s   kzpublish {epub_kz:7.2f} s   ratio {epub_kz / epub_raw:5.2f}")


def peak_memory(command: list[str]) -> tuple[float, float]:
    """The largest sums of the memory of a command and its child processes (the layout process,
    pandoc), looked at every 20 ms, in MiB: (resident, proportional). The resident sum counts the
    pages a forked process still shares with its parent twice; the proportional one (PSS, from
    /proc/<pid>/smaps_rollup) shares them out, so it is what the processes hold together."""
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    page = os.sysconf("SC_PAGE_SIZE")
    peak_rss = peak_pss = 0
    while proc.poll() is None:
        family, rss, pss = {proc.pid}, 0, 0
        for stat in sorted(Path("/proc").glob("[0-9]*/stat"), key=lambda p: int(p.parent.name)):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(stat.parent.name) in family or int(fields[1]) in family:
                    family.add(int(stat.parent.name))
                    rss += int(fields[21]) * page
                    rollup = (stat.parent / "smaps_rollup").read_text()
                    pss += int(rollup.split("\nPss:", 1)[1].split()[0]) * 1024
            except (OSError, IndexError, ValueError):
                continue  # ended meanwhile
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.02)
    return peak_rss / 2**20, peak_pss / 2**20


def alternate(first, second, repeat: int) -> tuple[float, float]:
    """The best of `repeat` runs of each, run in turns."""
    times = [(timed(first, 1), timed(second, 1)) for _ in range(repeat)]
    return min(a for a, _ in times), min(b for _, b in times)


def one_document_on_two_cores(root: Path, repeat: int = 3) -> None:
    """A long sequential edition on one core (`taskset`) and on two, in turns: its translations
    are laid out at once on two (render/translations.py)."""
    build = [*KZ, "-q", "-C", str(root), "build", "--pdf", "--force", "--layout", "sequential", "-j", "1"]
    one, two = alternate(lambda: subprocess.run(["taskset", "-c", "0", *build], check=True),
                         lambda: subprocess.run(build, check=True), repeat)
    rss, pss = peak_memory(build)
    print(f"  PDF   sequential, one core {one:7.2f} s   two cores {two:7.2f} s   speed-up {one / two:4.2f}×   "
          f"(peak memory {pss:.0f} MiB PSS)")


def watch_change(root: Path, source: Path, repeat: int = 3) -> float:
    """The best time from saving a one-word change to the new PDF, with `build --watch` running."""
    pdf = root / "dist" / f"{source.parent.name}.pdf"
    proc = subprocess.Popen([*KZ, "-q", "-C", str(root), "build", "--watch"], stdout=subprocess.DEVNULL)
    try:
        time.sleep(5)  # the first build finds everything up to date
        best = float("inf")
        for n in range(repeat):
            before = pdf.stat().st_mtime_ns
            text = source.read_text("utf-8")
            start = time.perf_counter()
            source.write_text(text.replace("народ", "граждане", 1) if n % 2 else text + " народ\n", encoding="utf-8")
            while pdf.stat().st_mtime_ns == before:
                time.sleep(0.02)
            best = min(best, time.perf_counter() - start)
            time.sleep(3)  # the EPUB follows
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait()
    return best


def main() -> None:
    rng = random.Random(11)
    compile_bytecode()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {os.uname().machine}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sample = tmp / "sample"
        shutil.copytree(REPO / "sources", sample / "sources")
        project(sample, {})
        compare("sample sources", sample)

        big = project(tmp / "big", {"big": {"ru": document(rng, "ru", 1000, "Большой документ"),
                                             "kk": document(rng, "kk", 1000, "Үлкен құжат")}})
        compare("generated bilingual document", big, repeat=3)
        one_document_on_two_cores(big)
        side_by_side = timed(lambda: kz("-C", str(big), "build", "--pdf", "--force", "-j", "1"), 3)
        print(f"  PDF   parallel layout (the raw engines have none)   kzpublish {side_by_side:7.2f} s")
        rss, pss = peak_memory([*KZ, "-q", "-C", str(big), "build", "--pdf", "--force"])
        print(f"  peak memory of the parallel-layout PDF build, all its processes together: {pss:.0f} MiB "
              f"proportional (PSS), {rss:.0f} MiB resident (RSS, shared pages counted in each process)")

        fifty = project(tmp / "fifty", {f"doc{i:02}": {"ru": document(rng, "ru", 6, f"Документ {i}"),
                                                        "kk": document(rng, "kk", 6, f"Құжат {i}")} for i in range(50)})
        kz("-C", str(fifty), "build")
        noop = spread(lambda: kz("-C", str(fifty), "build"), 11)
        target = fifty / "sources/doc07/ru.md"

        def one_word() -> None:
            text = target.read_text("utf-8")
            target.write_text(text.replace("граждане", "народ", 1) if "граждане" in text else text + " граждане\n",
                              encoding="utf-8")
            kz("-C", str(fifty), "build")

        change = timed(one_word, 3)
        watched = watch_change(fifty, target)
        print("project of 50 bilingual documents")
        print(f"  no-op rebuild (Python start-up included)  {noop[0] * 1000:6.0f} ms median "
              f"({noop[1] * 1000:.0f}–{noop[2] * 1000:.0f} ms in 11 runs)")
        print(f"  one-word change rebuild                   {change:6.2f} s")
        print(f"  the same with `build --watch` running     {watched:6.2f} s (from saving the file to the new PDF)")

        twenty = project(tmp / "twenty", {f"doc{i:02}": {"ru": document(rng, "ru", 20), "kk": document(rng, "kk", 20)}
                                          for i in range(20)})
        serial = timed(lambda: kz("-C", str(twenty), "build", "--force", "-j", "1"), 1)
        parallel = timed(lambda: kz("-C", str(twenty), "build", "--force", "-j", "2"), 1)
        print("20 documents")
        print(f"  serial {serial:6.2f} s   -j 2 {parallel:6.2f} s   speed-up {serial / parallel:4.2f}×")


if __name__ == "__main__":
    main()
