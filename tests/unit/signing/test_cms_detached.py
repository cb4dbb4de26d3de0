"""Detached CMS signatures (a package's ``signature.p7s``, DESIGN §7): OpenSSL accepts what
``sign_detached`` makes, and ``verify_detached`` names every way one fails, in the PDF verifier's words."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import algos as asn1_algos
from asn1crypto import cms as asn1_cms
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import given, settings
from hypothesis import strategies as st
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

from cityeval_desktop.signing import cms
from cityeval_desktop.signing.cms import MAX_SIGNATURE_BYTES, DetachedReport, sign_detached, verify_detached
from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.signing.identity import Identity
from cityeval_desktop.signing.pades import sign_pdf, verify_pdf

needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl not installed")
OPENSSL_VERIFY = ("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", "signature.p7s")
CHINA = timezone(timedelta(hours=8))
#: What a package signs: the exact bytes of its tag manifest.
DATA = (
    "0f343b0931126a20f133d67c2b018a3b5e8d1c5a7e1c9e3b2f9a3c1d5e7f9a1b  bagit.txt\n"
    "9e107d9d372bb6826bd81d3542a419d6e277d4d731479571562f82a1b2c3d4e5  bag-info.txt\n"
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  manifest-sha256.txt\n"
).encode("ascii")


@pytest.fixture(scope="module")
def signed_at() -> datetime:
    return datetime.now(CHINA).replace(microsecond=0)


@pytest.fixture(scope="module")
def signature(pki: Any, signed_at: datetime) -> bytes:
    return sign_detached(DATA, pki.signer, signing_time=signed_at)


def _flip(data: bytes, pos: int, mask: int = 0x01) -> bytes:
    return data[:pos] + bytes([data[pos] ^ mask]) + data[pos + 1 :]


def _signed_data(signature: bytes) -> asn1_cms.SignedData:
    return asn1_cms.ContentInfo.load(signature)["content"]


def _rebuilt(signed_data: asn1_cms.SignedData) -> bytes:
    return asn1_cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump(force=True)


def _raw_sign(identity: Identity, **attrs: Any) -> bytes:
    """A detached signature made without ``sign_detached``'s checks (e.g. a stated time it would refuse)."""
    settings = PdfCMSSignedAttributes(**attrs) if attrs else None
    info = asyncio.run(
        cms.KeySigner(identity).async_sign_general_data(DATA, "sha256", detached=True, signed_attr_settings=settings)
    )
    return info.dump(force=True)


def _refused(signature: bytes, trusted: list[Any]) -> SigningError:
    with pytest.raises(SigningError) as err:
        verify_detached(DATA, signature, trusted)
    return err.value


# ----------------------------------------------------------------------------- round trip
def test_sign_and_verify_round_trip(signature: bytes, pki: Any, signed_at: datetime) -> None:
    report = verify_detached(DATA, signature, [pki.ca.certificate])
    assert isinstance(report, DetachedReport)
    assert report.signer_name == "张三丰"
    assert report.organisation == "福州数字规划研究院有限公司"
    assert report.fingerprint == pki.signer.fingerprint
    assert report.signing_time == signed_at
    assert report.intact and report.valid and report.trusted and report.ok
    assert report.problems == []
    assert report.signer_certificate == pki.signer.certificate
    assert report.chain == (pki.ca.certificate,)


def test_the_signature_is_detached_der_with_sha256_the_chain_and_a_signing_time(
    signature: bytes, pki: Any, signed_at: datetime
) -> None:
    assert cms.strict_der(signature) and cms.der_length(signature) == len(signature)
    signed_data = _signed_data(signature)
    assert signed_data["encap_content_info"]["content"].native is None  # the data is not embedded
    [info] = signed_data["signer_infos"]
    assert info["digest_algorithm"]["algorithm"].native == "sha256"
    attrs = {a["type"].native: a["values"][0].native for a in info["signed_attrs"]}
    assert attrs["signing_time"] == signed_at
    der = serialization.Encoding.DER
    embedded = {c.chosen.dump() for c in signed_data["certificates"]}
    assert embedded == {pki.signer.certificate.public_bytes(der), pki.ca.certificate.public_bytes(der)}
    assert cms.structure_sound(signed_data)


def test_trusted_when_the_signers_own_certificate_is_trusted(signature: bytes, pki: Any) -> None:
    assert verify_detached(DATA, signature, [pki.signer.certificate]).ok


@needs_openssl
def test_openssl_verifies_the_signature_against_the_ca(signature: bytes, pki: Any, tmp_path: Path) -> None:
    (tmp_path / "data").write_bytes(DATA)
    (tmp_path / "signature.p7s").write_bytes(signature)
    (tmp_path / "ca.pem").write_bytes(pki.ca.certificate.public_bytes(serialization.Encoding.PEM))

    def openssl_verify(content: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*OPENSSL_VERIFY, "-content", content, "-CAfile", "ca.pem", "-purpose", "any", "-out", "/dev/null"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )

    ok = openssl_verify("data")
    assert ok.returncode == 0 and "Verification successful" in ok.stderr, ok.stderr
    (tmp_path / "changed").write_bytes(_flip(DATA, 10))
    changed = openssl_verify("changed")
    assert changed.returncode != 0 and "Verification successful" not in changed.stderr


# ----------------------------------------------------------------------------- failures, named
def test_a_changed_byte_of_the_data_is_caught(signature: bytes, pki: Any) -> None:
    for pos in (0, len(DATA) // 2, len(DATA) - 1):
        report = verify_detached(_flip(DATA, pos), signature, [pki.ca.certificate])
        assert not report.intact and not report.ok
        assert any("changed after it was signed" in p.en and "签署后被改动" in p.zh for p in report.problems)
    assert not verify_detached(DATA + b"\n", signature, [pki.ca.certificate]).intact


def test_a_signer_outside_the_trust_list_is_named_as_the_pdf_verifier_names_it(
    signature: bytes, pki: Any, spare_key: rsa.RSAPrivateKey, helpers: Any
) -> None:
    stranger_cert = helpers.make_certificate(spare_key, "陌生人", not_before=helpers.utc(-1), not_after=helpers.utc(30))
    stranger = Identity(spare_key, stranger_cert)
    report = verify_detached(DATA, sign_detached(DATA, stranger), [pki.ca.certificate])
    assert report.intact and report.valid and not report.trusted and not report.ok
    [problem] = report.problems
    assert "not in the trust list" in problem.en and "信任列表" in problem.zh
    assert report.signer_name == "陌生人"
    [pdf_report] = verify_pdf(sign_pdf(helpers.small_pdf(), stranger), [pki.ca.certificate])
    assert pdf_report.problems == [problem]  # the same words as for a report signed by the same stranger
    # and the assessor's own signature is not trusted by an agency that trusts only the stranger
    assert not verify_detached(DATA, signature, [stranger_cert]).trusted


def test_a_signature_made_with_another_key_for_the_signers_certificate_is_invalid(
    pki: Any, spare_key: rsa.RSAPrivateKey
) -> None:
    forger = Identity(spare_key, pki.signer.certificate, pki.signer.chain)
    report = verify_detached(DATA, sign_detached(DATA, forger), [pki.ca.certificate])
    assert report.intact and not report.valid and not report.ok
    assert cms.INVALID_VALUE in report.problems
    assert "invalid" in cms.INVALID_VALUE.en and "无效" in cms.INVALID_VALUE.zh


def test_an_expired_signer_certificate_is_named(spare_key: rsa.RSAPrivateKey, helpers: Any) -> None:
    cert = helpers.make_certificate(spare_key, "过期者", not_before=helpers.utc(-400), not_after=helpers.utc(-2))
    signature = sign_detached(DATA, Identity(spare_key, cert), signing_time=helpers.utc(-3))
    report = verify_detached(DATA, signature, [cert])
    assert report.intact and report.valid and not report.trusted
    [problem] = report.problems
    assert "expired on" in problem.en and "过期" in problem.zh
    with pytest.raises(SigningError) as err:  # and nobody signs with it now
        sign_detached(DATA, Identity(spare_key, cert))
    assert "outside the certificate's validity" in err.value.render("en") and "有效期" in err.value.render("zh")


def test_a_stated_signing_time_outside_the_signers_validity_is_named(
    spare_key: rsa.RSAPrivateKey, helpers: Any
) -> None:
    cert = helpers.make_certificate(spare_key, "早签者", not_before=helpers.utc(-1), not_after=helpers.utc(30))
    signature = _raw_sign(Identity(spare_key, cert), signing_time=helpers.utc(-10))
    report = verify_detached(DATA, signature, [cert])
    assert report.intact and report.valid and not report.trusted
    [problem] = report.problems
    assert "outside the signer's certificate's validity" in problem.en and "有效期" in problem.zh


def test_a_signature_without_a_signing_time_is_not_trusted(pki: Any) -> None:
    report = verify_detached(DATA, _raw_sign(pki.signer), [pki.ca.certificate])
    assert report.intact and report.valid and not report.trusted and report.signing_time is None
    [problem] = report.problems
    assert "states no signing time" in problem.en and "签署时间" in problem.zh


def test_an_extra_or_altered_embedded_certificate_is_caught(
    signature: bytes, pki: Any, spare_key: rsa.RSAPrivateKey, helpers: Any
) -> None:
    stranger = helpers.make_certificate(spare_key, "陌生人", not_before=helpers.utc(-1), not_after=helpers.utc(30))
    signed_data = _signed_data(signature)
    certs = list(signed_data["certificates"])
    extra = asn1_x509.Certificate.load(stranger.public_bytes(serialization.Encoding.DER))
    signed_data["certificates"] = asn1_cms.CertificateSet([*certs, asn1_cms.CertificateChoices("certificate", extra)])
    report = verify_detached(DATA, _rebuilt(signed_data), [pki.ca.certificate])
    assert not report.valid and not report.ok
    assert any("not the signer's certificate chain" in p.en for p in report.problems)

    # a character of the CA's name changed, wherever it stands: the signer's issuer (in its certificate, its
    # identifier and its signed attributes) and the CA's issuer and subject
    name = "福州市数据局评估 CA".encode()
    spots = [i for i in range(len(signature)) if signature.startswith(name, i)]
    assert len(spots) >= 3
    named = 0
    for spot in spots:
        forged = signature[:spot] + "广".encode() + signature[spot + 3 :]
        try:
            report = verify_detached(DATA, forged, [pki.ca.certificate])
        except SigningError as err:  # e.g. the signer's own certificate: no longer the one it signed for
            assert err.render("zh") and "Traceback" not in err.render("en")
            continue
        assert not report.ok and not report.valid
        named += any("certificates embedded" in p.en for p in report.problems)
    assert named >= 2


def test_a_signature_that_embeds_its_own_content_is_not_detached(pki: Any) -> None:
    info = asyncio.run(
        cms.KeySigner(pki.signer).async_sign_general_data(
            asn1_cms.ContentInfo({"content_type": "data", "content": DATA}),
            "sha256",
            detached=False,
            signed_attr_settings=PdfCMSSignedAttributes(signing_time=datetime.now(CHINA)),
        )
    )
    err = _refused(info.dump(force=True), [pki.ca.certificate])
    assert "not a detached signature" in err.render("en") and "分离式签名" in err.render("zh")


def test_an_inconsistent_structure_is_named(signature: bytes, pki: Any) -> None:
    signed_data = _signed_data(signature)
    declared = list(signed_data["digest_algorithms"])
    signed_data["digest_algorithms"] = asn1_cms.DigestAlgorithms(
        [*declared, asn1_algos.DigestAlgorithm({"algorithm": "sha512"})]
    )
    report = verify_detached(DATA, _rebuilt(signed_data), [pki.ca.certificate])
    assert not report.valid and not report.ok
    assert any("malformed" in p.en and "结构异常" in p.zh for p in report.problems)


# ----------------------------------------------------------------------------- unreadable: SigningError
@pytest.mark.parametrize(
    "mangle",
    [
        lambda s: s[:-1],
        lambda s: s[: len(s) // 2],
        lambda s: s[:2],
        lambda s: b"",
        lambda s: b"garbage, not a signature",
        lambda s: s + b"\x00",
        lambda s: b"\x30\x80" + s[4:] + b"\x00\x00",  # BER indefinite length
        lambda s: s[:1] + b"\x83\x00" + s[2:],  # BER: a length in more bytes than it needs
        lambda s: b"-----BEGIN PKCS7-----\n" + s.hex().encode() + b"\n-----END PKCS7-----\n",
        lambda s: bytes(range(256)) * 4,
    ],
    ids=[
        "last-byte-cut",
        "half",
        "two-bytes",
        "empty",
        "text",
        "trailing-zero",
        "ber",
        "long-length",
        "pem-ish",
        "noise",
    ],
)
def test_a_truncated_or_garbage_signature_is_refused_clearly(signature: bytes, pki: Any, mangle: Any) -> None:
    err = _refused(mangle(signature), [pki.ca.certificate])
    assert err.where == "signature.p7s"
    assert "damaged" in err.render("en") and "已损坏" in err.render("zh") and "重新获取" in err.render("zh")
    assert "Traceback" not in err.render("en")


def test_the_size_is_bounded_before_parsing(pki: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*_: object) -> bool:
        raise AssertionError("parsed a signature over the size limit")

    monkeypatch.setattr(cms, "strict_der", never)
    monkeypatch.setattr(asn1_cms.ContentInfo, "load", never)
    huge = b"\x30\x84" + (MAX_SIGNATURE_BYTES - 5).to_bytes(4, "big") + b"\x00" * (MAX_SIGNATURE_BYTES - 5)
    assert len(huge) == MAX_SIGNATURE_BYTES + 1
    with pytest.raises(SigningError) as err:
        verify_detached(DATA, huge, [pki.ca.certificate], where="pkg/signature.p7s")
    assert err.value.where == "pkg/signature.p7s"
    assert "too large" in err.value.render("en") and str(MAX_SIGNATURE_BYTES) in err.value.render("en")
    assert "过大" in err.value.render("zh")


def test_too_many_certificates_are_refused(signature: bytes, pki: Any) -> None:
    signed_data = _signed_data(signature)
    certs = list(signed_data["certificates"])
    signed_data["certificates"] = asn1_cms.CertificateSet(certs * 9)
    err = _refused(_rebuilt(signed_data), [pki.ca.certificate])
    assert "too many certificates" in err.render("en") and "证书过多" in err.render("zh")


def test_other_cms_content_is_not_a_signature(pki: Any) -> None:
    data_only = asn1_cms.ContentInfo({"content_type": "data", "content": DATA}).dump()
    err = _refused(data_only, [pki.ca.certificate])
    assert "not a signature" in err.render("en") and "不是数字签名" in err.render("zh")


def test_a_signature_without_the_signers_certificate_is_refused(signature: bytes, pki: Any) -> None:
    signed_data = _signed_data(signature)
    signed_data["certificates"] = asn1_cms.CertificateSet(
        [
            c
            for c in signed_data["certificates"]
            if c.chosen.dump() != pki.signer.certificate.public_bytes(serialization.Encoding.DER)
        ]
    )
    err = _refused(_rebuilt(signed_data), [pki.ca.certificate])
    assert "does not carry the signer's certificate" in err.render("en") and "签署人的证书" in err.render("zh")


def test_a_weak_digest_algorithm_is_refused(signature: bytes, pki: Any) -> None:
    signed_data = _signed_data(signature)
    signed_data["signer_infos"][0]["digest_algorithm"] = asn1_algos.DigestAlgorithm({"algorithm": "sha1"})
    signed_data["digest_algorithms"] = asn1_cms.DigestAlgorithms([asn1_algos.DigestAlgorithm({"algorithm": "sha1"})])
    err = _refused(_rebuilt(signed_data), [pki.ca.certificate])
    assert "digest algorithm" in err.render("en") and "摘要算法" in err.render("zh")


def test_every_sampled_byte_change_of_the_signature_is_caught(signature: bytes, pki: Any) -> None:
    """Any changed byte: refused with a SigningError or reported as not holding; never another exception."""
    trusted = [pki.ca.certificate]
    missed = []
    for pos in range(0, len(signature), 17):
        try:
            report = verify_detached(DATA, _flip(signature, pos), trusted)
        except SigningError:
            continue
        if report.ok:
            missed.append(pos)
    assert missed == []


@settings(max_examples=60, deadline=None)
@given(where=st.floats(0, 1, exclude_max=True), cut=st.integers(0, 8), insert=st.binary(max_size=8))
def test_spliced_signatures_never_verify_and_never_crash(
    signature: bytes, pki: Any, where: float, cut: int, insert: bytes
) -> None:
    pos = int(where * len(signature))
    spliced = signature[:pos] + insert + signature[pos + cut :]
    if spliced == signature:
        return
    try:
        report = verify_detached(DATA, spliced, [pki.ca.certificate])
    except SigningError as err:
        assert err.render("zh") and err.render("en")
        return
    assert not report.ok
