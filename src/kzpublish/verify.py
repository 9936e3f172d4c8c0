"""`kzpublish verify FILE`: which document, version and commit a PDF, print PDF, EPUB, DOCX or
web edition is, and whether it is what that commit builds.

1. Read the file back (`edition_text`): its format, its kind (PDF/A reading edition, PDF/X print
   edition, ordinary build, EPUB, DOCX, web edition), its text, and what its colophon claims.
2. Find the document and commit without trusting the claim: every state of every document's
   sources in the history is scored by how many of its words the file's text holds; the best
   state wins, and of the commits with that state, the one the colophon names is tried first
   (then tagged ones, then the newest).
3. Rebuild that edition of that commit in a temporary clone of the repository (offline, nothing
   else touched), with the commit's own styles and settings, and compare the bytes. Its date
   (SOURCE_DATE_EPOCH) is the one the file carries, else the commit's time.
4. If the bytes differ, compare the texts; if the wording differs, list the differences (the
   rebuilt text is the expected one, the file's the found one).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from kzpublish.edition_text import WORD, EditionText, read_edition, without_claims
from kzpublish.errors import KzError
from kzpublish.history.tokens import tokenize
from kzpublish.messages import _
from kzpublish.pipeline import build
from kzpublish.project import Project
from kzpublish.provenance import Provenance
from kzpublish.request import DIST, BuildRequest
from kzpublish.signing import ReleaseCheck, check_release
from kzpublish.versions import version_of

FORMATS_OF = {"reading-pdf": ("pdf",), "print-pdf": ("pdf",), "pdf": ("pdf",), "epub": ("epub",), "docx": ("docx",),
              "web": ("html",)}
RELEASE_KINDS = {"reading-pdf", "print-pdf"}
MATCH = 0.5
"""Below this share of words in common, a file is taken as no edition of this project."""
CONTEXT = 4
"""Words of context around each wording difference."""


@dataclass(frozen=True)
class Difference:
    kind: str
    """`inserted`, `deleted` or `changed`: what the file has against what the commit builds."""
    expected: str
    found: str
    before: str
    """The words before it, for finding the place."""


@dataclass(frozen=True)
class Verdict:
    file: Path
    format: str
    kind: str
    document: str
    """The slug."""
    source: str
    """The document's folder (`sources/<slug>`)."""
    commit: str
    version: str
    tags: tuple[str, ...]
    claimed_commit: str | None
    """What the file's colophon names (12 characters), checked, never trusted."""
    claimed_version: str | None
    match: float
    """Share of words in common with the commit's sources (0–1)."""
    identical: bool
    """Byte for byte what the commit builds."""
    same_text: bool
    same_wording: bool
    """The words are the same, maybe not the typography (quotes, dashes, spaces)."""
    differences: tuple[Difference, ...] = field(default_factory=tuple)
    rebuilt_bytes: int = 0
    release: ReleaseCheck | None = None
    """The SHA256SUMS (and signature) of the release folder the file is in, if it is in one."""

    @property
    def claim_holds(self) -> bool:
        return self.claimed_commit is not None and self.commit.startswith(self.claimed_commit)


@dataclass(frozen=True)
class Candidate:
    folder: str
    commits: tuple[str, ...]
    """Commits in which the document's sources were exactly these, newest first."""
    score: float


def verify(project: Project, path: Path) -> Verdict:
    from kzpublish.history.git import Repository

    found = read_edition(path)
    with Repository(project.root) as repo:
        best = _best_candidate(repo, found)
        if best is None or best.score < MATCH:
            raise KzError(_("{path}: no document of this project reads like it").format(path=path),
                          hint=_("is it an edition of another project, or of a document not in this "
                                 "repository's history?"))
        commit = _likeliest_commit(repo, best.commits, found)
        tags = repo.tags_by_commit.get(commit, ())
        commit_time = repo.commit_info(commit)[0].astimezone(dt.timezone.utc)
        # The edition's own date may be a SOURCE_DATE_EPOCH other than the commit's time (`make`
        # sets the time of the last commit, which may be later): it is tried first, and the bytes
        # alone decide; then the commit's time.
        times = list(dict.fromkeys(t for t in (found.stamp, commit_time) if t))
        with tempfile.TemporaryDirectory(prefix=".verify-", dir=_scratch(project)) as tmp:
            for n, when in enumerate(times):
                rebuilt, slug, version = _rebuild(repo, commit, best.folder, found, tags, when, Path(tmp) / str(n))
                identical = rebuilt.read_bytes() == path.read_bytes()
                if identical:
                    break
            again = found if identical else read_edition(rebuilt)
            size = rebuilt.stat().st_size
    differences = () if identical else _differences(again.text, found.text)
    return Verdict(
        path, found.format, found.kind, slug, best.folder, commit, version, tags,
        found.claimed_commit, found.claimed_version, round(best.score, 3), identical,
        identical or _squash(again.text) == _squash(found.text), not differences, differences, size,
        check_release(path, project.config.allowed_signers),
    )


def _scratch(project: Project) -> Path:
    folder = project.root / DIST
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --- which document, which commit --------------------------------------------------------------

def _best_candidate(repo, found: EditionText) -> Candidate | None:
    """The state of a document's sources whose words the file's text holds best; between equals,
    the state of the commit its colophon names, then one tagged with the version it names."""
    states: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for commit in repo.commits():
        per_folder: dict[str, list[str]] = {}
        for path, blob in sorted(repo.source_blobs(commit).items()):
            per_folder.setdefault(path.rsplit("/", 1)[0], []).append(blob)
        for folder, blobs in per_folder.items():
            states.setdefault((folder, tuple(blobs)), []).append(commit)
    words = found.words()
    total = sum(words.values())
    cache: dict[str, Counter] = {}
    scored = []
    for (folder, blobs), commits in states.items():
        source = sum((_blob_words(repo, b, cache) for b in blobs), start=Counter())
        common = sum((source & words).values())
        score = 2 * common / (sum(source.values()) + total) if total else 0.0
        claimed = any(found.claimed_commit and c.startswith(found.claimed_commit) for c in commits)
        slug = folder.rsplit("/", 1)[-1]
        versioned = any(version_of(t, slug) == found.claimed_version for c in commits for t in repo.tags_by_commit.get(c, ()))
        scored.append(((round(score, 9), claimed, versioned), Candidate(folder, tuple(commits), score)))
    return max(scored, key=lambda s: s[0])[1] if scored else None


def _blob_words(repo, blob: str, cache: dict):
    if blob not in cache:
        text = repo.blob(blob).decode("utf-8", "replace")
        cache[blob] = Counter(w.lower() for w in WORD.findall(text))
    return cache[blob]


def _likeliest_commit(repo, commits: tuple[str, ...], found: EditionText) -> str:
    """Of commits with the same sources: the one the colophon names, then tagged, then newest."""
    def rank(commit: str) -> tuple[bool, bool]:
        return (not (found.claimed_commit and commit.startswith(found.claimed_commit)),
                not repo.tags_by_commit.get(commit))
    return min(commits, key=rank)  # min is stable: among equals, the newest


# --- rebuilding --------------------------------------------------------------------------------

def _rebuild(repo, commit: str, folder: str, found: EditionText, tags: tuple[str, ...], when: dt.datetime,
             tmp: Path) -> tuple[Path, str, str]:
    """Build the edition of `found`'s kind from `commit`, in a clone, dated `when` (as
    SOURCE_DATE_EPOCH): (file, slug, version)."""
    from kzpublish.document import load_documents

    root = repo.checkout_copy(commit, tmp / "checkout")
    project = Project.open(root)
    doc = next((d for d in load_documents(root, project.config).documents
                if d.primary.source.path.rsplit("/", 1)[0] == folder), None)
    if doc is None:
        raise KzError(_("{folder} at {commit} does not build: its sources have a problem").format(
            folder=folder, commit=commit[:10]),
                      hint=_("`git checkout {commit}` and `kzpublish check` show what").format(commit=commit[:10]))
    date, _author, _subject = repo.commit_info(commit)
    release = None
    versions = [v for tag in tags if (v := version_of(tag, doc.slug)) is not None]
    version = found.claimed_version if found.claimed_version in versions else (versions[-1] if versions else None)
    if found.kind in RELEASE_KINDS or (version and found.claimed_version == version):
        version = version or found.claimed_version or commit[:12]
        release = Provenance(version, commit, date, draft=False, source_date=when)
    request = BuildRequest(slugs=(doc.slug,), formats=FORMATS_OF[found.kind], release=release, out_dir=tmp / "out",
                           kinds=(found.kind,), force=True)
    with _source_date_epoch(when):
        report = build(project, request)
    if report.errors:
        raise KzError(_("{folder} at {commit} did not build again: {errors}").format(
            folder=folder, commit=commit[:10], errors=report.errors[0]))
    made = report.written[0]
    if release is None:
        from kzpublish.history.head import read_head

        version = read_head(root).describe
    return made, doc.slug, version


@contextmanager
def _source_date_epoch(when: dt.datetime):
    """SOURCE_DATE_EPOCH set to `when` while an ordinary build reads it, as `make` sets it; as it
    was afterwards."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(when.timestamp()))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


# --- comparing texts ---------------------------------------------------------------------------

def _squash(text: str) -> str:
    return " ".join(text.split())


def _differences(expected: str, found: str) -> tuple[Difference, ...]:
    """The wording differences between two texts, word by word; typography (quote style, dash
    kind, spaces) and look-alike letters do not count, nor the version, commit and date the
    colophon names (the claim, reported apart)."""
    old, new = tokenize(without_claims(expected)), tokenize(without_claims(found))
    matcher = SequenceMatcher(None, [t.norm for t in old], [t.norm for t in new], autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        kind = {"insert": "inserted", "delete": "deleted", "replace": "changed"}[op]
        before = " ".join(t.text for t in old[max(0, i1 - CONTEXT):i1])
        out.append(Difference(kind, _join(old[i1:i2]), _join(new[j1:j2]), before))
    return tuple(out)


def _join(tokens) -> str:
    return "".join((t.gap if n else "") + t.text for n, t in enumerate(tokens)).replace("\n", " ")


def to_json(v: Verdict) -> dict:
    return {
        "file": str(v.file), "format": v.format, "kind": v.kind, "document": v.document, "source": v.source,
        "commit": v.commit, "version": v.version, "tags": list(v.tags), "match": v.match,
        "claimed": {"commit": v.claimed_commit, "version": v.claimed_version, "holds": v.claim_holds},
        "identical": v.identical, "same_text": v.same_text, "same_wording": v.same_wording,
        "differences": [{"kind": d.kind, "expected": d.expected, "found": d.found, "before": d.before}
                        for d in v.differences],
        "release": None if v.release is None else {
            "listed_as": v.release.listed, "signature": v.release.signature, "signer": v.release.signer,
            "detail": v.release.detail},
    }
