"""Signed releases, offline: `SHA256SUMS` signed with the maintainer's SSH key through
`ssh-keygen -Y sign` (what git uses for SSH-signed commits), into `SHA256SUMS.sig`; checked
against the project's `allowed_signers` file (the same format as git's `gpg.ssh.allowedSignersFile`).

The private key is named by the environment (`KZPUBLISH_SIGNING_KEY`), never by the project:
it belongs to the maintainer's machine or the CI's secrets, not to the repository.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from kzpublish.errors import KzError
from kzpublish.messages import N_, _

NAMESPACE = "kzpublish-release"
KEY_VARIABLE = "KZPUBLISH_SIGNING_KEY"
SUMS, SIGNATURE = "SHA256SUMS", "SHA256SUMS.sig"


def signing_key() -> Path | None:
    value = os.environ.get(KEY_VARIABLE, "").strip()
    return Path(value).expanduser() if value else None


def sign(folder: Path, key: Path) -> Path:
    """Sign `folder/SHA256SUMS` with the SSH key `key`: `folder/SHA256SUMS.sig`."""
    if not key.is_file():
        raise KzError(_("{variable}={key}: no such key file").format(
            variable=KEY_VARIABLE, key=key), hint=_("name the maintainer's private "
                                                                        "SSH key, or unset it"))
    run = _ssh_keygen("-Y", "sign", "-f", str(key), "-n", NAMESPACE, str(folder / SUMS))
    if run.returncode != 0:
        raise KzError(_("ssh-keygen could not sign {sums}: {reason}").format(sums=SUMS, reason=run.stderr.strip()),
                      hint=_("an unencrypted key, or one loaded in ssh-agent, signs without asking"))
    return folder / SIGNATURE


@dataclass(frozen=True)
class ReleaseCheck:
    """What a release folder's checksums and signature say of one file in it."""

    listed: str | None
    """The name SHA256SUMS gives the file's SHA-256, or None when it is not listed."""
    signature: str
    """`good`, `bad`, `unsigned` (no SHA256SUMS.sig), or `unchecked` (no allowed signers)."""
    signer: str | None = None
    detail: str = ""


def check_release(file: Path, allowed_signers: Path | None) -> ReleaseCheck | None:
    """The checks of `file` against the SHA256SUMS (and its signature) beside it; None without one."""
    sums = file.parent / SUMS
    if not sums.is_file():
        return None
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    listed = next((line.split("  ", 1)[1] for line in sums.read_text("utf-8").splitlines()
                   if line.startswith(digest + "  ")), None)
    signature = file.parent / SIGNATURE
    if not signature.is_file():
        return ReleaseCheck(listed, "unsigned")
    if allowed_signers is None:
        return ReleaseCheck(listed, "unchecked", detail=N_("no allowed-signers in [tool.kzpublish]"))
    found = _ssh_keygen("-Y", "find-principals", "-s", str(signature), "-f", str(allowed_signers))
    principals = found.stdout.split()
    if found.returncode != 0 or not principals:
        return ReleaseCheck(listed, "bad", detail=N_("signed by no key of allowed-signers"))
    data = sums.read_bytes()
    for principal in principals:
        run = _ssh_keygen("-Y", "verify", "-f", str(allowed_signers), "-I", principal, "-n", NAMESPACE,
                          "-s", str(signature), stdin=data)
        if run.returncode == 0:
            return ReleaseCheck(listed, "good", principal)
    return ReleaseCheck(listed, "bad", detail=N_("the signature does not match SHA256SUMS"))


def _ssh_keygen(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        run = subprocess.run(["ssh-keygen", *args], input=stdin, capture_output=True, timeout=60)
    except OSError as e:
        raise KzError(_("cannot run ssh-keygen: {error}").format(error=e), hint=_("install OpenSSH's client (Debian: "
                                                            "openssh-client)")) from e
    return subprocess.CompletedProcess(run.args, run.returncode, run.stdout.decode("utf-8", "replace"),
                                       run.stderr.decode("utf-8", "replace"))
