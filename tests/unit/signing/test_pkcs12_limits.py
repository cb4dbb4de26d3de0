"""A PKCS#12 file cannot make ``--identity`` hang (issue 9, item 6).

The hostile files are made here from a normal identity: the shrouded private key's PBKDF2 count set to
2³¹−1 and the key moved *inside* the encrypted part (where its count cannot be read without decrypting),
the MAC recomputed with a small count so that the file is otherwise valid. OpenSSL would run the 2³¹−1
rounds (tens of minutes); the guard refuses the file in well under a second.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import cms as asn1_cms
from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.serialization import PrivateFormat, pkcs12

from cityeval_desktop.signing import _pkcs12, _pkcs12_guard
from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.signing.identity import load_identity

HUGE = 2**31 - 1
ROOT = Path(__file__).resolve().parents[3]


def _cipher(algorithm: Any, password: str) -> Cipher:
    key = hashlib.pbkdf2_hmac(
        algorithm.kdf_hmac, password.encode("utf-8"), algorithm.kdf_salt, algorithm.kdf_iterations, 32
    )
    return Cipher(algorithms.AES(key), modes.CBC(algorithm.encryption_iv))


def _hostile(data: bytes, password: str, rounds: int, *, where: str = "encrypted") -> bytes:
    """The identity with its private key's PBKDF2 count set to ``rounds``, the key bag placed ``where``
    (``"encrypted"``: in the encrypted part; ``"nested"``: in a bag of bags there; ``"plain"``: where it
    was), and a valid MAC (1000 rounds)."""
    pfx = asn1_pkcs12.Pfx.load(data)
    parts = list(asn1_pkcs12.AuthenticatedSafe.load(pfx["auth_safe"]["content"].native))
    [encrypted] = [p for p in parts if p["content_type"].native == "encrypted_data"]
    [plain] = [p for p in parts if p["content_type"].native == "data"]
    [key_bag] = list(asn1_pkcs12.SafeContents.load(plain["content"].native))
    key_bag = asn1_pkcs12.SafeBag.load(key_bag.dump())
    kdf = key_bag["bag_value"]["encryption_algorithm"]["parameters"]["key_derivation_func"]["parameters"]
    kdf["iteration_count"] = rounds
    key_bag = asn1_pkcs12.SafeBag.load(key_bag.dump(force=True))
    assert (
        key_bag["bag_value"]["encryption_algorithm"]["parameters"]["key_derivation_func"]["parameters"][
            "iteration_count"
        ].native
        == rounds
    )
    if where == "plain":
        new_parts = [encrypted, {"content_type": "data", "content": asn1_pkcs12.SafeContents([key_bag]).dump()}]
    else:
        info = encrypted["content"]["encrypted_content_info"]
        algorithm = info["content_encryption_algorithm"]
        decryptor = _cipher(algorithm, password).decryptor()
        padded = decryptor.update(info["encrypted_content"].native) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        bags = list(asn1_pkcs12.SafeContents.load(unpadder.update(padded) + unpadder.finalize()))
        if where == "nested":
            key_bag = asn1_pkcs12.SafeBag({"bag_id": "safe_contents", "bag_value": asn1_pkcs12.SafeContents([key_bag])})
        inner = asn1_pkcs12.SafeContents([*bags, key_bag]).dump(force=True)
        padder = padding.PKCS7(128).padder()
        encryptor = _cipher(algorithm, password).encryptor()
        sealed = encryptor.update(padder.update(inner) + padder.finalize()) + encryptor.finalize()
        new_encrypted = asn1_cms.EncryptedData(
            {
                "version": "v0",
                "encrypted_content_info": {
                    "content_type": "data",
                    "content_encryption_algorithm": algorithm,
                    "encrypted_content": sealed,
                },
            }
        )
        new_parts = [{"content_type": "encrypted_data", "content": new_encrypted}]
    auth_safe = asn1_pkcs12.AuthenticatedSafe(new_parts).dump(force=True)
    out = asn1_pkcs12.Pfx(
        {"version": "v3", "auth_safe": {"content_type": "data", "content": auth_safe}, "mac_data": pfx["mac_data"]}
    ).dump(force=True)
    return _pkcs12._remac(out, password, 1000)


_PROBE = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from cityeval_desktop.signing.errors import SigningError
    from cityeval_desktop.signing.identity import load_identity
    start = time.monotonic()
    try:
        load_identity(Path(sys.argv[1]), sys.argv[2])
        print("LOADED")
    except SigningError as exc:
        print("REFUSED %.3f" % (time.monotonic() - start))
        print(exc.render("en"))
        print(exc.render("zh"))
    """
)


def _open_in_a_subprocess(path: Path, password: str, timeout: float = 30) -> list[str]:
    """``load_identity`` in a child process, killed after ``timeout`` seconds (a hang fails the test)."""
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _PROBE, str(path), password],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"opening the identity was still deriving keys after {timeout} s (killed)")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


@pytest.mark.parametrize("where", ["encrypted", "nested", "plain"])
def test_a_huge_count_for_the_private_key_is_refused_at_once(
    where: str, pki: Any, helpers: Any, tmp_path: Path
) -> None:
    hostile = tmp_path / "hostile.p12"
    hostile.write_bytes(_hostile(pki.signer_path.read_bytes(), helpers.PASSWORD, HUGE, where=where))
    lines = _open_in_a_subprocess(hostile, helpers.PASSWORD)
    assert lines[0].startswith("REFUSED"), lines
    assert float(lines[0].split()[1]) < 1.0, lines  # measured inside the child, not counting start-up
    assert "absurd number of key-derivation rounds" in lines[1] and str(HUGE) in lines[1] and "private key" in lines[1]
    assert "密钥派生轮数异常巨大" in lines[2] and "私钥" in lines[2]


def test_the_hostile_file_is_otherwise_valid(pki: Any, helpers: Any) -> None:
    """With an ordinary count in the same place the crafted file opens: only the count is hostile."""
    crafted = _hostile(pki.signer_path.read_bytes(), helpers.PASSWORD, 1000, where="nested")
    key, cert, _ = pkcs12.load_key_and_certificates(crafted, helpers.PASSWORD.encode("utf-8"))
    assert key is not None and cert == pki.signer.certificate
    _pkcs12_guard.check(crafted, helpers.PASSWORD, "crafted.p12")  # passes the guard as well


def test_a_normal_identity_still_loads(pki: Any, helpers: Any) -> None:
    ident = load_identity(pki.signer_path, helpers.PASSWORD)
    assert ident.certificate == pki.signer.certificate


def test_a_wrong_password_is_still_a_wrong_password(pki: Any) -> None:
    with pytest.raises(SigningError) as err:
        load_identity(pki.signer_path, "not the password")
    assert "wrong password for signer.p12" in err.value.render("en") and "密码错误" in err.value.render("zh")


def test_a_legacy_triple_des_identity_still_loads(pki: Any, helpers: Any, tmp_path: Path) -> None:
    """Files of older software (PKCS#12 PBE with SHA-1 and 3DES, a non-ASCII password) are opened too."""
    legacy = tmp_path / "legacy.p12"
    encryption = (
        PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(2048)
        .key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC)
        .hmac_hash(hashes.SHA1())
        .build(helpers.PASSWORD.encode("utf-8"))
    )
    signer = pki.signer
    legacy.write_bytes(
        pkcs12.serialize_key_and_certificates(b"legacy", signer.private_key, signer.certificate, None, encryption)
    )
    assert load_identity(legacy, helpers.PASSWORD).certificate == signer.certificate
    with pytest.raises(SigningError, match="wrong password"):
        load_identity(legacy, "nope")


def test_too_many_bags_are_refused(pki: Any, helpers: Any, tmp_path: Path) -> None:
    crowded = tmp_path / "crowded.p12"
    encryption = (
        PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(1000)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(helpers.PASSWORD.encode("utf-8"))
    )
    cas = [pki.ca.certificate] * (_pkcs12_guard.MAX_BAGS + 1)
    crowded.write_bytes(
        pkcs12.serialize_key_and_certificates(b"x", pki.signer.private_key, pki.signer.certificate, cas, encryption)
    )
    with pytest.raises(SigningError) as err:
        load_identity(crowded, helpers.PASSWORD)
    assert "too many entries" in err.value.render("en") and "条目过多" in err.value.render("zh")


def test_the_total_of_all_counts_is_bounded(pki: Any, helpers: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each count within the limit, their sum above the total limit: refused before any derivation."""
    crafted = _hostile(pki.signer_path.read_bytes(), helpers.PASSWORD, 1000, where="encrypted")
    monkeypatch.setattr(_pkcs12_guard, "MAX_TOTAL_ROUNDS", 2500)  # MAC 1000 + certificates 1000 + key 1000
    with pytest.raises(SigningError) as err:
        _pkcs12_guard.check(crafted, helpers.PASSWORD, "crafted.p12")
    assert "too many key-derivation rounds in all" in err.value.render("en")


def test_a_mac_with_a_huge_count_is_refused_with_the_count(pki: Any, helpers: Any) -> None:
    data = _pkcs12._remac(pki.signer_path.read_bytes(), helpers.PASSWORD, 1000)
    pfx = asn1_pkcs12.Pfx.load(data)
    mac = pfx["mac_data"]
    bomb = asn1_pkcs12.Pfx(
        {
            "version": "v3",
            "auth_safe": pfx["auth_safe"],
            "mac_data": {"mac": mac["mac"], "mac_salt": mac["mac_salt"].native, "iterations": HUGE},
        }
    ).dump()
    with pytest.raises(SigningError) as err:
        _pkcs12_guard.check(bomb, helpers.PASSWORD, "bomb.p12")
    assert str(HUGE) in err.value.render("en") and "完整性校验码" in err.value.render("zh")


def test_not_a_pkcs12_file_is_named_so(tmp_path: Path) -> None:
    path = tmp_path / "cert.p12"
    path.write_bytes(b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
    with pytest.raises(SigningError, match="not a PKCS#12 identity file"):
        load_identity(path, "pw")
