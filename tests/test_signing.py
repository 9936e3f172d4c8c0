"""Signed releases with a real SSH key (`ssh-keygen -Y sign`): the signature beside SHA256SUMS
checks out with ssh-keygen itself and with `kzpublish verify`; an altered SHA256SUMS, a key not
allowed, an unsigned release and a file not listed are each told apart."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import SEEDS, run_cli
from gitrepo import ScriptedRepo

SLUG = "paris-resolution-2019"


def keypair(folder, name):
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(folder / name)], check=True)
    return folder / name, (folder / f"{name}.pub").read_text().strip()


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    keys = tmp_path_factory.mktemp("keys")
    key, public = keypair(keys, "maintainer")
    r = ScriptedRepo(tmp_path_factory.mktemp("signed") / "project")
    r.commit("Публикация", {
        **{f"sources/{SLUG}/{lang}.md": (SEEDS / "sources" / SLUG / f"{lang}.md").read_text("utf-8") for lang in ("ru", "kk")},
        "keys/allowed_signers": f"maintainer@example.org {public}\n",
        "pyproject.toml": '[tool.kzpublish]\nallowed-signers = "keys/allowed_signers"\n',
    }, tag="v1.0")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("KZPUBLISH_SIGNING_KEY", str(key))
        run = run_cli("-C", str(r.root), "release")
    assert run.code == 0, run.err
    r.keys = keys
    return r


def folder(r):
    return r.root / "dist" / "v1.0"


def verify(r, path):
    run = run_cli("-C", str(r.root), "verify", "--json", str(path))
    return run.code, json.loads(run.out)


def test_the_signature_checks_out_with_ssh_keygen(signed):
    assert (folder(signed) / "SHA256SUMS.sig").read_text().startswith("-----BEGIN SSH SIGNATURE-----")
    with open(folder(signed) / "SHA256SUMS", "rb") as data:
        run = subprocess.run(["ssh-keygen", "-Y", "verify", "-f", str(signed.root / "keys" / "allowed_signers"),
                              "-I", "maintainer@example.org", "-n", "kzpublish-release",
                              "-s", str(folder(signed) / "SHA256SUMS.sig")], stdin=data, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_verify_reports_a_good_signature(signed):
    code, v = verify(signed, folder(signed) / f"{SLUG}-v1.0.pdf")
    assert code == 0 and v["identical"]
    assert v["release"] == {"listed_as": f"{SLUG}-v1.0.pdf", "signature": "good", "signer": "maintainer@example.org", "detail": ""}
    run = run_cli("-C", str(signed.root), "verify", str(folder(signed) / f"{SLUG}-v1.0.pdf"))
    assert f"listed in SHA256SUMS as {SLUG}-v1.0.pdf; signed by maintainer@example.org" in run.out


def test_altered_checksums_or_another_key(signed, tmp_path):
    copy = tmp_path / "v1.0"
    shutil.copytree(folder(signed), copy)
    sums = copy / "SHA256SUMS"
    sums.write_text(sums.read_text().replace("  index.html", "  index.htm"))
    code, v = verify(signed, copy / f"{SLUG}-v1.0.epub")
    assert code == 1 and v["release"]["signature"] == "bad" and v["identical"]
    shutil.copytree(folder(signed), tmp_path / "other")
    key, _ = keypair(signed.keys, "intruder")
    (tmp_path / "other" / "SHA256SUMS.sig").unlink()
    subprocess.run(["ssh-keygen", "-q", "-Y", "sign", "-f", str(key), "-n", "kzpublish-release",
                    str(tmp_path / "other" / "SHA256SUMS")], check=True, capture_output=True)
    code, v = verify(signed, tmp_path / "other" / f"{SLUG}-v1.0.epub")
    assert code == 1 and v["release"]["signature"] == "bad" and "no key" in v["release"]["detail"]


def test_unsigned_and_unlisted(signed, tmp_path):
    shutil.copytree(folder(signed), tmp_path / "unsigned")
    (tmp_path / "unsigned" / "SHA256SUMS.sig").unlink()
    code, v = verify(signed, tmp_path / "unsigned" / f"{SLUG}-v1.0.pdf")
    assert code == 0 and v["release"]["signature"] == "unsigned"
    resaved = tmp_path / "unsigned" / "resaved.epub"
    shutil.copy(folder(signed) / f"{SLUG}-v1.0.epub", resaved)
    with open(resaved, "ab") as f:
        f.write(b"\0")  # no longer what SHA256SUMS lists
    code, v = verify(signed, resaved)
    assert code == 1 and v["release"]["listed_as"] is None


def test_a_missing_key_is_an_error(signed, tmp_path, monkeypatch):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(signed.root), str(clone)], check=True)
    monkeypatch.setenv("KZPUBLISH_SIGNING_KEY", str(tmp_path / "nothing"))
    run = run_cli("-C", str(clone), "release")
    assert run.code == 1 and "no such key file" in run.err and "Traceback" not in run.err
