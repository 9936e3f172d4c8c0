"""Page quality: the checker's figures (tests/pagecheck.py) for every sample project — this
repository's sources/ and each of tests/projects/ — in both layouts, on A4 and A5.

A document of one translation has no parallel layout: it is laid out once per paper size.
Columns: pages; headings ending a page or column; words split across a page or column break;
runs of more than two hyphenated lines (and the longest run); loose lines (word spaces above
pagecheck.LOOSE_EM of the em) and the widest word space, in em; widows; orphans; paragraphs
ending in one short word; paragraphs ending in the tail of a word hyphenated on the line before;
lines inside a paragraph filling less than 40 % of the column.

Run: .venv/bin/python bench/pages_bench.py [--faults]   (prints figures; asserts nothing;
--faults also lists where each fault is)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
import pagecheck  # noqa: E402

KZ = str(Path(sys.executable).parent / "kzpublish")
PROJECTS = [REPO, *sorted(p for p in (REPO / "tests" / "projects").iterdir() if (p / "sources").is_dir())]
HEADER = ("document", "layout", "paper", "pages", "head@end", "split", "hyph>2", "longest",
          "loose", "loosest", "widows", "orphans", "short-last", "tail-last", "short")


def main() -> None:
    faults = "--faults" in sys.argv
    print(" ".join(f"{h:>10}" if i > 2 else f"{h:<22}" if i == 0 else f"{h:<10}" for i, h in enumerate(HEADER)))
    with tempfile.TemporaryDirectory() as tmp:
        for project in PROJECTS:
            work = Path(tmp) / project.name
            shutil.copytree(project / "sources", work / "sources")
            if (project / "pyproject.toml").exists():
                shutil.copy(project / "pyproject.toml", work / "pyproject.toml")
            for doc in sorted(p for p in (work / "sources").iterdir() if p.is_dir()):
                bilingual = len(list(doc.glob("*.md"))) > 1
                for layout in ("parallel", "sequential") if bilingual else ("sequential",):
                    for paper in ("A4", "A5"):
                        figures = _figures(work, doc.name, layout, paper)
                        _print(f"{project.name if project != REPO else 'sources'}/{doc.name}"[-22:], layout, paper, figures)
                        if faults:
                            for fault in figures.faults:
                                print("    ", fault)


def _figures(root: Path, slug: str, layout: str, paper: str) -> pagecheck.Figures:
    subprocess.run([KZ, "-q", "-C", str(root), "build", "--pdf", "--force", "--layout", layout, "--paper", paper,
                    slug], check=True, stdout=subprocess.DEVNULL)
    pdf = next((root / "dist").glob("*.pdf"))
    try:
        return pagecheck.check(pdf, 2 if layout == "parallel" else 1)
    finally:
        shutil.rmtree(root / "dist")


def _print(name: str, layout: str, paper: str, f: pagecheck.Figures) -> None:
    row = [f.pages, f.heading_at_end, f.split_words, f.hyphen_runs, f.longest_hyphen_run, f.loose_lines,
           f"{f.loosest:.2f}", f.widows, f.orphans, f.short_last_lines, f.tail_last_lines,
           f.short_lines]
    print(f"{name:<22} {layout:<10} {paper:<10} " + " ".join(f"{v:>10}" for v in row))


if __name__ == "__main__":
    main()
