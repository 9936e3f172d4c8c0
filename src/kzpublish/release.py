"""`kzpublish release`: every document of a tagged, clean commit into `dist/<version>/`:

- `<slug>-<version>.pdf`: the reading edition, PDF/A-2u;
- `<slug>-<version>-print.pdf`: the print-shop edition, PDF/X-4, 3 mm bleed, crop marks, whole fonts;
- `<slug>-<version>.epub`;
- `<slug>-<version>-changes.html` and `.pdf`: the wording changes since the previous tag;
- `SHA256SUMS` and `manifest.json`.

It is built in a temporary folder and moved into place at the end, so `dist/<version>/` is
either the old release or the whole new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pypdf

from kzpublish.document import Document, load_documents
from kzpublish.errors import KzError
from kzpublish.history.compare import Side, compare
from kzpublish.history.git import Repository
from kzpublish.history.report_files import write_reports
from kzpublish.messages import _
from kzpublish.output import write_atomic
from kzpublish.pipeline import DIST, BuildRequest, Progress, build
from kzpublish.project import Project
from kzpublish.provenance import SHARED_INPUTS, Provenance, source_date_epoch

VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")
KINDS = {".pdf": "reading-pdf", "-print.pdf": "print-pdf", ".epub": "epub",
         "-changes.html": "changes-html", "-changes.pdf": "changes-pdf"}


@dataclass(frozen=True)
class Released:
    folder: Path
    files: tuple[Path, ...]
    previous: str | None
    """The tag the wording changes are counted from."""


def release(project: Project, version: str | None = None, progress: Progress | None = None) -> Released:
    with Repository(project.root) as repo:
        return _release(project, repo, version, progress)


def _release(project: Project, repo: Repository, version: str | None, progress: Progress | None) -> Released:
    if not repo.has_commits():
        raise KzError(_("the repository has no commits: a release is made from a commit"), hint=_("commit, tag, then release"))
    inputs = ["sources"] + [p for p in SHARED_INPUTS if (project.root / p).exists()]
    if changed := repo.changed(inputs):
        raise KzError(
            _("refusing to release: the working tree has uncommitted changes to the sources or styles:") + "\n    "
            + "\n    ".join(changed[:10]) + ("\n    …" if len(changed) > 10 else ""),
            hint=_("commit them (and tag the commit) or stash them: a release is built only from committed text"),
        )
    head = repo.resolve("HEAD")
    version = version or _tag_on(project, repo, head)
    if not VERSION.match(version):
        raise KzError(_("{version!r} is not a usable version").format(version=version), hint=_("use something like v1.2 or 2024-05-rc1"))
    date, _author, _subject = repo.commit_info(head)
    # The editions carry SOURCE_DATE_EPOCH when it is set, else the commit's time.
    prov = Provenance(version, head, date, draft=False, source_date=source_date_epoch() or date.astimezone(dt.timezone.utc))

    final = project.root / DIST / version
    final.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{version}.", dir=final.parent))
    try:
        loaded = load_documents(project.root, project.config)
        report = build(project, BuildRequest(strict=True, release=prov, out_dir=work), progress, loaded)
        if report.errors:
            raise report.errors[0]
        documents = loaded.documents
        previous = next(iter(repo.tags_before(head, include_self=False)), None)
        if previous:
            _changes(project, repo, documents, previous, prov, work)
        _manifest(work, documents, prov)
        _swap(work, final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Released(final, tuple(sorted(final.iterdir())), previous)


def _tag_on(project: Project, repo: Repository, head: str) -> str:
    tags = repo.tags_by_commit.get(head, ())
    if not tags:
        raise KzError(_("HEAD has no tag, so the release has no version"),
                      hint=_("tag the commit (`git tag v1.2`) or give one: `{command}`").format(
                          command=project.command("release", "VERSION=v1.2", "kzpublish release --version v1.2")))
    return tags[-1]


def _changes(project: Project, repo: Repository, documents, previous: str, prov: Provenance, work: Path) -> None:
    old_commit = repo.resolve(previous)
    old = Side(previous, old_commit, repo.commit_info(old_commit)[0])
    new = Side(prov.version, prov.commit, prov.date)
    for doc in documents:
        write_reports(project, compare(project.root, repo, doc, old, new), work / f"{doc.slug}-{prov.version}-changes")


def _manifest(work: Path, documents: tuple[Document, ...], prov: Provenance) -> None:
    files = []
    for doc in documents:
        for suffix, kind in KINDS.items():
            path = work / f"{doc.slug}-{prov.version}{suffix}"
            if not path.exists():
                continue
            data = path.read_bytes()
            files.append({
                "file": path.name, "document": doc.slug, "languages": list(doc.langs), "kind": kind,
                "version": prov.version, "commit": prov.commit, "sha256": hashlib.sha256(data).hexdigest(),
                "bytes": len(data),
                "pages": len(pypdf.PdfReader(path).pages) if path.suffix == ".pdf" else None,
            })
    manifest = {"version": prov.version, "commit": prov.commit,
                "date": prov.date.isoformat() if prov.date else None, "files": files}
    write_atomic(work / "manifest.json", (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode())
    sums = "".join(f"{hashlib.sha256((work / n).read_bytes()).hexdigest()}  {n}\n"
                   for n in sorted(p.name for p in work.iterdir() if p.name != "SHA256SUMS"))
    write_atomic(work / "SHA256SUMS", sums.encode())


def _swap(work: Path, final: Path) -> None:
    """Put the new release folder in place of the old one, if any."""
    os.chmod(work, 0o755)
    if final.exists():
        old = final.with_name(f".{final.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(final, old)
        os.replace(work, final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(work, final)
