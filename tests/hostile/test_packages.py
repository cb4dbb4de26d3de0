"""Hostile packages at the agency (issue 10, tests): each is refused with a reason naming what is wrong,
the agency's cases stay as they were, and nothing is written outside the quarantine folder.

Every package is generated here from a valid one: changed after signing, re-sealed and re-signed by
the assessor's own (trusted) key so that only the deeper checks can tell, or re-signed by a stranger.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.services.package_import import import_packages, ledger
from cityeval_desktop.services.packages import verify_packages
from tests.hostile import packages as pk


@pytest.fixture
def world(package_world: pk.World) -> pk.World:
    return package_world  # tests/hostile/conftest.py: made once per test process


def _flip_in(name: str, at: int = -200) -> Callable[[dict[str, bytes]], None]:
    def change(files: dict[str, bytes]) -> None:
        data = bytearray(files[name])
        data[at] ^= 0x01
        files[name] = bytes(data)

    return change


def _case_json(edit: Callable[[Any], None]) -> Callable[[dict[str, bytes]], None]:
    return pk.edit_json("data/case.json", edit)


def _set_total(doc: Any) -> None:
    doc["result"]["total"] = 99.99


def _bag_info(old: str, new: str) -> Callable[[dict[str, bytes]], None]:
    def change(files: dict[str, bytes]) -> None:
        files["bag-info.txt"] = files["bag-info.txt"].replace(old.encode(), new.encode())

    return change


def _bad_yaml(files: dict[str, bytes]) -> None:
    import hashlib

    files["data/framework.yaml"] = b"id: [unclosed\n"
    doc = json.loads(files["data/case.json"])
    doc["framework"]["sha256"] = hashlib.sha256(files["data/framework.yaml"]).hexdigest()
    files["data/case.json"] = json.dumps(doc, ensure_ascii=False).encode()


def _revision_back(chain: list[dict[str, Any]]) -> None:
    chain[-1]["revision"] = 0


def _drop(name: str) -> Callable[[dict[str, bytes]], None]:
    return lambda files: files.pop(name)


def _other_answer(doc: Any) -> None:
    doc["finalized_content"]["content"]["answers"][0]["note"] = "改过的说明"


# (id, build(world, out) -> path, words the English reason must hold)
CORPUS: list[tuple[str, Callable[[pk.World, Path], Path], str]] = [
    (
        "signature-bytes-changed",
        lambda w, out: pk.repack(w.r1, out, _flip_in("signature.p7s", -40), sealed=False),
        "package signature check failed",
    ),
    (
        "resigned-by-a-stranger",
        lambda w, out: pk.repack(w.r1, out, _case_json(_set_total), sign_with=w.outsider),
        "signer trust check failed",
    ),
    (
        "checksum-does-not-match",
        lambda w, out: pk.repack(w.r1, out, _case_json(_set_total), sealed=False),
        "checksum of data/case.json does not match",
    ),
    (
        "payload-oxum-wrong",
        lambda w, out: pk.repack(w.r1, out, _wrong_oxum, sealed=False, sign_with=w.signer),
        "Payload-Oxum does not match",
    ),
    (
        "payload-file-missing",
        lambda w, out: pk.repack(w.r1, out, _drop("data/framework.yaml"), sealed=False),
        "missing",
    ),
    (
        "extra-payload-file",
        lambda w, out: pk.repack(w.r1, out, lambda f: f.update({"data/extra.txt": b"x"}), sealed=False),
        "not in the manifest",
    ),
    (
        "framework-not-carried",
        lambda w, out: pk.repack(w.r1, out, _drop("data/framework.yaml"), sign_with=w.signer),
        "no data/framework.yaml",
    ),
    (
        "malformed-case-json",
        lambda w, out: pk.repack(w.r1, out, lambda f: f.update({"data/case.json": b"{"}), sign_with=w.signer),
        "not valid JSON",
    ),
    (
        "malformed-framework-yaml",
        lambda w, out: pk.repack(w.r1, out, _bad_yaml, sign_with=w.signer),
        "framework check failed",
    ),
    (
        "report-signature-broken",
        lambda w, out: pk.repack(w.r1, out, _flip_in("data/report.pdf", 2000), sign_with=w.signer),
        "report",
    ),
    (
        "case-json-disagrees-with-report",
        lambda w, out: pk.repack(w.r1, out, _case_json(_set_total), sign_with=w.signer),
        "case.json disagrees with the report",
    ),
    (
        "finalized-content-changed",
        lambda w, out: pk.repack(w.r1, out, _case_json(_other_answer), sign_with=w.signer),
        "finalized content in case.json does not match",
    ),
    (
        "revision-number-jumps-back",
        lambda w, out: pk.repack(w.r2, out, pk.edit_audit(_revision_back), sign_with=w.signer),
        "revision number goes back",
    ),
    (
        "bag-info-names-another-revision",
        lambda w, out: pk.repack(
            w.r1, out, _bag_info("CityEval-Revision: 1", "CityEval-Revision: 2"), sign_with=w.signer
        ),
        "disagree on revision",
    ),
    (
        "newer-package-version",
        lambda w, out: pk.repack(
            w.r1, out, _bag_info("CityEval-Package-Version: 1", "CityEval-Package-Version: 9"), sign_with=w.signer
        ),
        "newer CityEval",
    ),
    ("cut-short", lambda w, out: (out.write_bytes(w.r1.read_bytes()[:5000]), out)[1], "incomplete or damaged"),
    ("a-pdf-renamed", lambda w, out: (out.write_bytes(b"%PDF-1.7\n" + b"x" * 100), out)[1], "this is a PDF file"),
    ("re-zipped-by-another-tool", lambda w, out: _rezipped_without_utf8_names(w.r1, out), "not in UTF-8"),
    ("empty-file", lambda w, out: (out.write_bytes(b""), out)[1], "not a case package"),
    ("a-symlink", lambda w, out: (out.symlink_to(w.r1), out)[1], "link"),
]


def _rezipped_without_utf8_names(src: Path, out: Path) -> Path:
    """The package unzipped and zipped again by a tool that writes names without the UTF-8 flag (Info-ZIP)."""
    import zipfile

    folder, files = pk.entries(src)
    original = zipfile.ZipInfo._encodeFilenameFlags

    def no_flag(self: zipfile.ZipInfo) -> tuple[bytes, int]:
        return self.filename.encode("utf-8"), self.flag_bits & ~0x800

    zipfile.ZipInfo._encodeFilenameFlags = no_flag  # type: ignore[method-assign]
    try:
        pk.write_zip(folder, files, out)
    finally:
        zipfile.ZipInfo._encodeFilenameFlags = original  # type: ignore[method-assign]
    return out


def _wrong_oxum(files: dict[str, bytes]) -> None:
    """A Payload-Oxum that does not add up, with the tag manifest re-made to match (signed anew)."""
    import hashlib

    files["bag-info.txt"] = b"".join(
        (b"Payload-Oxum: 1.1\n" if line.startswith(b"Payload-Oxum:") else line + b"\n")
        for line in files["bag-info.txt"].splitlines()
    )
    files["tagmanifest-sha256.txt"] = "".join(
        f"{hashlib.sha256(files[n]).hexdigest()}  {n}\n" for n in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt")
    ).encode()


def _files_under(folder: Path) -> set[str]:
    found: set[str] = set()
    for base, _dirs, names in os.walk(folder):
        for name in names:
            found.add(str(Path(base, name).relative_to(folder)))
    return found


@pytest.mark.parametrize(("name", "build", "words"), CORPUS, ids=[c[0] for c in CORPUS])
def test_each_hostile_package_is_refused_with_its_reason_and_changes_nothing(
    world, tmp_path: Path, name: str, build: Callable[[pk.World, Path], Path], words: str
) -> None:
    bad = build(world, tmp_path / f"{name}.cityeval")
    ctx = pk.agency(tmp_path, world)
    try:
        data_dir = tmp_path / "agency-data"
        before = _files_under(data_dir)
        (verdict,) = verify_packages(ctx, [bad])
        assert not verdict.ok
        (outcome,) = import_packages(ctx, [bad])
        assert outcome.rejected
        assert words in outcome.reason.en, outcome.reason.en
        assert outcome.reason.zh and not any(c.isascii() and c.isalpha() for c in outcome.reason.zh[:4])
        from cityeval_desktop.services import cases as case_service

        assert case_service.list_cases(ctx, all_revisions=True) == []
        written = _files_under(data_dir) - before
        assert written and all(p.startswith("quarantine/") for p in written), written
        (entry,) = ledger(ctx)
        assert entry.outcome == "rejected" and words in (entry.reason or "")
    finally:
        ctx.close()


def test_the_command_line_says_why_and_exits_1(cli, world, tmp_path: Path) -> None:
    assert cli("trust", "add", str(world.ca_pem)).code == 0
    bad = pk.repack(world.r1, tmp_path / "bad.cityeval", _case_json(_set_total), sign_with=world.signer)
    res = cli("package", "verify", str(bad), str(world.r1), "--lang", "en")
    assert res.code == 1
    assert res.out.count("[FAIL]") == 1 and "[FAIL] result recomputation" in res.out
    assert "case.json disagrees with the report" in res.err
    res = cli("package", "import", str(bad), str(world.r1))
    assert res.code == 1
    assert "“结果复算”检查未通过" in res.err and "已导入" in res.out
    assert [c["revision"] for c in cli("case", "list", "--json").json()] == [1]
    verdicts = cli("package", "verify", str(bad), "--json").json()
    assert [c["ok"] for c in verdicts[0]["checks"]].count(False) == 1


def test_a_signer_whose_certificate_had_expired_when_it_signed_is_refused_even_when_untrusted_is_accepted(
    world, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    from cityeval_desktop.signing import chain
    from cityeval_desktop.signing.identity import Identity, load_identity, signer_key_usage

    ca = load_identity(world.root / "ca.p12", pk.PASSWORD)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "过期的评估员")]))
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=30))
        .not_valid_after(now - timedelta(days=10))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(signer_key_usage(), critical=True)
        .sign(ca.private_key, hashes.SHA256())
    )
    expired = Identity(key, cert, (ca.certificate,))
    # the program refuses to sign with it; a forger's tool would not
    monkeypatch.setattr(chain, "check_valid_for_signing", lambda *args: None)
    bad = pk.repack(world.r1, tmp_path / "expired.cityeval", lambda files: None, sign_with=expired)
    monkeypatch.undo()
    ctx = pk.agency(tmp_path, world)
    try:
        (outcome,) = import_packages(ctx, [bad], accept_untrusted=True)
        assert outcome.rejected
        assert "outside the signer's certificate's validity" in outcome.reason.en
        assert outcome.check.refused_signer is not None
    finally:
        ctx.close()
