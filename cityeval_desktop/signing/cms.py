"""CMS SignedData (RFC 5652): strict checks of its structure, and the signer that makes it.

The PDF verifier (``pades.py``) checks the SignedData inside a report's signature with
:func:`strict_der`, :func:`structure_sound` and :func:`certificates_problem`.
"""

from __future__ import annotations

from typing import Any

from asn1crypto import cms as asn1_cms
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from cityeval_desktop.domain.text import Text
from cityeval_desktop.signing import chain
from cityeval_desktop.signing.identity import Identity

__all__ = [
    "INVALID_VALUE",
    "KeySigner",
    "certificates_problem",
    "der_length",
    "signed_data_version",
    "strict_der",
    "structure_sound",
    "time_stamp_problem",
]

#: The problem of a signature whose value does not verify with the signer's key.
INVALID_VALUE = Text(
    "签名值无效（签名数据已损坏或被伪造）", "the signature value is invalid (damaged or forged signature data)"
)
_HASHES: dict[str, hashes.HashAlgorithm] = {
    "sha256": hashes.SHA256(),
    "sha384": hashes.SHA384(),
    "sha512": hashes.SHA512(),
}


# ============================================================================= structure
def der_length(der: bytes) -> int | None:
    """The total length of the DER element at the start of ``der`` (None if malformed)."""
    if len(der) < 2:
        return None
    first = der[1]
    if first < 0x80:
        return 2 + first
    count = first & 0x7F
    if count == 0 or count > 4 or len(der) < 2 + count:
        return None
    return 2 + count + int.from_bytes(der[2 : 2 + count], "big")


def strict_der(der: bytes, depth: int = 0) -> bool:
    """True when ``der`` is a sequence of definite-length TLVs with minimal lengths, each constructed one
    exactly filled by its children (so no byte can be changed without changing a parsed value)."""
    if depth > 64:
        return False
    pos = 0
    while pos < len(der):
        if pos + 2 > len(der) or der[pos] == 0:  # truncated, or end-of-contents (not DER)
            return False
        tag = der[pos]
        pos += 1
        if tag & 0x1F == 0x1F:  # high tag number: base-128, no leading 0x80
            if pos < len(der) and der[pos] == 0x80:
                return False
            while pos < len(der) and der[pos] & 0x80:
                pos += 1
            pos += 1
        if pos >= len(der):
            return False
        first = der[pos]
        pos += 1
        if first < 0x80:
            size = first
        else:
            count = first & 0x7F
            if count == 0 or count > 4 or pos + count > len(der) or der[pos] == 0:
                return False
            size = int.from_bytes(der[pos : pos + count], "big")
            if size < 0x80:
                return False
            pos += count
        end = pos + size
        if end > len(der):
            return False
        if tag & 0x20 and not strict_der(der[pos:end], depth + 1):
            return False
        pos = end
    return True


def signed_data_version(signed_data: asn1_cms.SignedData) -> str:
    """The SignedData version RFC 5652 §5.1 prescribes for its content."""
    choices = {c.name for c in signed_data["certificates"] or []}
    crls = {c.name for c in signed_data["crls"] or []}
    if "other" in choices or "other" in crls:
        return "v5"
    if "v2_attr_cert" in choices:
        return "v4"
    infos = signed_data["signer_infos"]
    econtent = signed_data["encap_content_info"]["content_type"].native
    if "v1_attr_cert" in choices or any(i["version"].native == "v3" for i in infos) or econtent != "data":
        return "v3"
    return "v1"


def structure_sound(signed_data: asn1_cms.SignedData) -> bool:
    """True when the unsigned parts of a SignedData hold nothing but what one signature needs.

    One signer, exactly its digest algorithm declared (with absent or NULL parameters, RFC 5754), and the
    versions RFC 5652 prescribes for the signer's identifier and the content.
    """
    try:
        infos = signed_data["signer_infos"]
        declared = {a["algorithm"].native for a in signed_data["digest_algorithms"]}
        if len(infos) != 1 or declared != {infos[0]["digest_algorithm"]["algorithm"].native}:
            return False
        info = infos[0]
        expected_version = "v3" if info["sid"].name == "subject_key_identifier" else "v1"
        if info["version"].native != expected_version or signed_data["version"].native != signed_data_version(
            signed_data
        ):
            return False
        for algorithm in [*signed_data["digest_algorithms"], info["digest_algorithm"]]:
            if algorithm["parameters"].dump() not in (b"", b"\x05\x00"):
                return False
    except (KeyError, ValueError, TypeError, IndexError):
        return False
    return True


def certificates_problem(
    signed_data: asn1_cms.SignedData, signer_cert: asn1_x509.Certificate, trusted: list[x509.Certificate]
) -> Text | None:
    """Check that the certificates embedded in a SignedData are exactly the signer's issuer path, unaltered.

    They are not covered by the signature, and pyHanko may use a trusted copy instead of an embedded one,
    so a changed byte in an embedded CA certificate would otherwise go unnoticed (see
    :func:`~cityeval_desktop.signing.chain.is_issuer_path`).
    """
    problem = Text(
        "签名中嵌入的证书被改动，或不是签署人的证书链",
        "the certificates embedded in the signature were altered or are not the signer's certificate chain",
    )
    try:
        choices = signed_data["certificates"] or []
        chosen = [c.chosen for c in choices if c.name == "certificate"]
        bag = [c.dump() for c in chosen]
        signer_der = signer_cert.dump()
        certs = [x509.load_der_x509_certificate(der) for der in bag]
        for c in chosen:  # the parts outside the signed TBS: the outer algorithm and the bit string's pad byte
            if c["signature_algorithm"].dump() != c["tbs_certificate"]["signature"].dump():
                return problem
            if c["signature_value"].contents[:1] != b"\x00":
                return problem
    except (KeyError, ValueError, TypeError, AttributeError):
        return problem
    if len(set(bag)) != len(bag) or signer_der not in bag:
        return problem
    signer = certs[bag.index(signer_der)]
    issuers = [c for c, der in zip(certs, bag, strict=True) if der != signer_der]
    return None if chain.is_issuer_path(signer, issuers, trusted) else problem


def time_stamp_problem(status: Any) -> Text | None:
    """A problem when the signature carries a time stamp that is unsound or whose authority is not trusted.

    The application's signatures carry no time stamp; one found in a signature was added by another program
    (the signature's unsigned attributes are not covered by the signature), so it must prove itself.
    """
    stamps = [getattr(status, "timestamp_validity", None), getattr(status, "content_timestamp_validity", None)]
    if all(s is None or (s.intact and s.valid and s.trusted) for s in stamps):
        return None
    return Text(
        "签名附带的时间戳无效，或其时间戳机构不在信任列表中；不能据此确认签署时间，签名未获信任",
        "the signature carries a time stamp that is invalid or from a time-stamping authority that is not in "
        "the trust list; it proves nothing about the signing time, and the signature is not trusted",
    )


# ============================================================================= signing
class KeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner, signing with the already loaded key (no DER round trip per signature).

    The identity's issuer chain is embedded in every signature it makes.
    """

    def __init__(self, identity: Identity) -> None:
        der = serialization.Encoding.DER
        key_info = asn1_keys.PrivateKeyInfo.load(
            identity.private_key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        )
        cert = asn1_x509.Certificate.load(identity.certificate.public_bytes(der))
        issuers = [asn1_x509.Certificate.load(c.public_bytes(der)) for c in identity.chain]
        super().__init__(
            signing_cert=cert, signing_key=key_info, cert_registry=SimpleCertificateStore.from_certs(issuers)
        )
        self._key = identity.private_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        algo = _HASHES.get(digest_algorithm)
        if algo is not None and mechanism == "rsassa_pkcs1v15" and isinstance(self._key, rsa.RSAPrivateKey):
            return self._key.sign(data, padding.PKCS1v15(), algo)
        if algo is not None and mechanism == "ecdsa" and isinstance(self._key, ec.EllipticCurvePrivateKey):
            return self._key.sign(data, ec.ECDSA(algo))
        return super().sign_raw(data, digest_algorithm)
