"""`kzpublish release`: every document of a tagged, clean commit into `dist/<version>/` (a tag
`<slug>/v1.2`: that document alone, into `dist/<slug>/v1.2/`):

- `<slug>-<version>.pdf`: the reading edition, PDF/A-2u;
- `<slug>-<version>-print.pdf`: the print-shop edition, PDF/X-4, 3 mm bleed, crop marks, whole fonts;
- `<slug>-<version>.epub`;
- `<slug>-<version>.docx`: for Word; `<slug>-<version>.html`: the web edition;
- `<slug>-<version>-changes.html` and `.pdf`: the wording changes since the previous tag;
- `index.html` (the release page) and `RELEASE-NOTES.md` (`release_page`);
- `SHA256SUMS` and `manifest.json`; `SHA256SUMS.sig` when a signing key is set (`signing`).

It is built in a temporary folder and moved into place at the end, so `dist/<version>/` is
either the old release or the whole new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pypdf

from kzpublish.document import Document, load_documents
from kzpublish.errors import KzError, Problems, SourceLocation
from kzpublish.history.compare import DocumentDiff, Side, compare
from kzpublish.history.git import Repository
from kzpublish.history.report_files import write_reports
from kzpublish.messages import _
from kzpublish.output import write_atomic
from kzpublish.paths import written_inside
from kzpublish.pipeline import Progress, build
from kzpublish.project import Project
from kzpublish.provenance import SHARED_INPUTS, Provenance, source_date_epoch
from kzpublish.release_page import gather, write_release_page
from kzpublish.request import DIST, BuildRequest
from kzpublish.signing import sign, signing_key
from kzpublish.versions import parse_release_name, version_of

KINDS = {".pdf": "reading-pdf", "-print.pdf": "print-pdf", ".epub": "epub", ".docx": "docx", ".html": "web",
         "-changes.html": "changes-html", "-changes.pdf": "changes-pdf"}


@dataclass(frozen=True)
class Released:
    folder: Path
    files: tuple[Path, ...]
    previous: str | None
    """The version the wording changes are counted from (of the first document that has one)."""


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
    name = parse_release_name(version or _tag_on(project, repo, head))
    loaded = load_documents(project.root, project.config)
    if not loaded.documents and not loaded.errors:
        raise KzError(_("the project has no documents: there is nothing to release"),
                      SourceLocation("sources"), hint=_("add sources/<slug>/ru.md or kk.md, commit, "
                                                        "tag, then release"))
    date, _author, _subject = repo.commit_info(head)
    # The editions carry SOURCE_DATE_EPOCH when it is set, else the commit's time.
    prov = Provenance(name.version, head, date, draft=False,
                      source_date=source_date_epoch() or date.astimezone(dt.timezone.utc))

    final = project.root / DIST / name.tag
    written_inside(project.root, final.parent)
    final.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned(final.parent)
    work = Path(tempfile.mkdtemp(prefix=f"{WORK}{os.getpid()}.{name.version}.", dir=final.parent))
    try:
        request = BuildRequest(slugs=(name.slug,) if name.slug else (), strict=True, release=prov, out_dir=work)
        report = build(project, request, progress, loaded)
        if report.errors:
            raise report.errors[0] if len(report.errors) == 1 else Problems(report.errors)
        documents = tuple(d for d in loaded.documents if name.slug in (None, d.slug))
        changes = {doc.slug: _changes(project, repo, doc, prov, work) for doc in documents}
        _manifest(work, documents, prov)
        write_release_page(work, gather(project, repo, name, prov, documents, changes, work))
        _checksums(work)
        if key := signing_key():
            sign(work, key)
        _swap(work, final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    previous = next((d.old.label for d in changes.values() if d), None)
    return Released(final, tuple(sorted(final.iterdir())), previous)


WORK = ".release-"
"""Work folders are named `.release-<pid>.<version>.<random>`: the pid tells whether the release
that made one still runs."""


def remove_abandoned(folder: Path) -> None:
    """Delete the work folders of releases that were killed (their process is gone)."""
    for path in folder.glob(f"{WORK}*"):
        pid = path.name.removeprefix(WORK).split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _tag_on(project: Project, repo: Repository, head: str) -> str:
    tags = repo.tags_by_commit.get(head, ())
    if not tags:
        raise KzError(_("HEAD has no tag, so the release has no version"),
                      hint=_("tag the commit (`git tag v1.2`, or `git tag <slug>/v1.2` for one document) "
                             "or give one: `{command}`").format(
                          command=project.command("release", "VERSION=v1.2", "kzpublish release --version v1.2")))
    return tags[-1]


def previous_version(repo: Repository, doc: Document, commit: str) -> tuple[str, str] | None:
    """(tag, version) of the latest release of `doc` before `commit`: a tag `v…` or `<slug>/v…`."""
    for tag in repo.tags_before(commit, include_self=False):
        if (version := version_of(tag, doc.slug)) is not None:
            return tag, version
    return None


def _changes(project: Project, repo: Repository, doc: Document, prov: Provenance, work: Path) -> DocumentDiff | None:
    """The wording-change reports of `doc` since its previous release, if it had one."""
    previous = previous_version(repo, doc, prov.commit)
    if previous is None:
        return None
    tag, version = previous
    old_commit = repo.resolve(tag)
    diff = compare(project.root, repo, doc, Side(version, old_commit, repo.commit_info(old_commit)[0]),
                   Side(prov.version, prov.commit, prov.date))
    write_reports(project, diff, work / f"{doc.slug}-{prov.version}-changes")
    return diff


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


def _checksums(work: Path) -> None:
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
