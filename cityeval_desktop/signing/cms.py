"""CMS SignedData (RFC 5652): strict checks of its structure, and detached signatures over arbitrary bytes.

The PDF verifier (``pades.py``) checks the SignedData inside a report's signature with
:func:`strict_der`, :func:`structure_sound` and :func:`certificates_problem`; a case package's
``signature.p7s`` is a detached SignedData over the exact bytes of its tag manifest, made by
:func:`sign_detached` and checked by :func:`verify_detached` with the same checks and, for the
signer's certificate path, the same words (:mod:`~cityeval_desktop.signing.chain`). Anyone can check
such a signature with ``openssl cms -verify -binary -inform DER -content DATA -CAfile CA.pem``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from asn1crypto import cms as asn1_cms
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from pyhanko.sign import signers
from pyhanko.sign.general import CMSExtractionError, extract_certificate_info
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
from pyhanko.sign.validation.status import StandardCMSSignatureStatus
from pyhanko_certvalidator.registry import SimpleCertificateStore

from cityeval_desktop.domain.text import Text
from cityeval_desktop.signing import chain
from cityeval_desktop.signing._util import (
    display_name,
    fingerprint,
    issuer_chain,
    name_attribute,
)
from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.signing.identity import Identity

__all__ = [
    "INVALID_VALUE",
    "MAX_SIGNATURE_BYTES",
    "DetachedReport",
    "KeySigner",
    "certificates_problem",
    "der_length",
    "sign_detached",
    "signed_data_version",
    "strict_der",
    "structure_sound",
    "time_stamp_problem",
    "verify_detached",
]

#: A detached signature carries one signer and its chain (a few kilobytes); anything bigger is refused
#: before it is parsed.
MAX_SIGNATURE_BYTES = 256 * 1024
_DIGEST = "sha256"
#: Digest algorithms a detached signature may use.
_DIGESTS = frozenset({"sha256", "sha384", "sha512"})
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


def sign_detached(data: bytes, identity: Identity, *, signing_time: datetime | None = None) -> bytes:
    """A detached CMS signature over ``data``: DER SignedData, SHA-256, the signer's chain, a signing time.

    Args:
        data: The exact bytes to sign (e.g. a package's ``tagmanifest-sha256.txt``); they are not embedded.
        identity: The signer (see :func:`~cityeval_desktop.signing.identity.load_identity`).
        signing_time: The time to state (default: now; a naive value is taken as local time).

    Returns:
        The DER bytes of a ``ContentInfo`` of type ``signedData`` (what ``openssl cms -verify -inform DER``
        reads).

    Raises:
        SigningError: The certificate is not valid at the signing time, or the key cannot sign.
    """
    when = signing_time or datetime.now()
    if when.tzinfo is None or when.utcoffset() is None:  # naive: this computer's local time
        when = when.astimezone()
    when = when.replace(microsecond=0)
    where = str(identity.path or identity.name)
    chain.check_valid_for_signing(identity.certificate, when, where)
    try:
        signed = asyncio.run(
            KeySigner(identity).async_sign_general_data(
                bytes(data), _DIGEST, detached=True, signed_attr_settings=PdfCMSSignedAttributes(signing_time=when)
            )
        )
    except Exception as exc:  # pyHanko raises assorted errors for a key it cannot use
        raise SigningError(
            Text(
                "无法用该身份生成签名（密钥或证书不可用）；请检查身份文件",
                f"the signature could not be made with this identity ({_detail(exc)}); check the identity file",
            ),
            where,
        ) from None
    return bytes(signed.dump())  # as built: re-encoding would also rewrite the certificates it carries


# ============================================================================= verifying
@dataclass
class DetachedReport:
    """What verification found about a detached signature."""

    signer_name: str
    organisation: str | None
    fingerprint: str
    #: The signing time the signer stated (local time), or None when it states none.
    signing_time: datetime | None
    #: The data still hashes to the value the signature covers.
    intact: bool
    #: The signature value is cryptographically valid for the signer's certificate, and the signature
    #: carries nothing but one signer and its unaltered chain.
    valid: bool
    #: The signer's certificate chains to a trusted certificate (or is itself trusted), every certificate
    #: on the path is valid now, and the stated signing time lies within the signer's validity.
    trusted: bool
    signer_certificate: x509.Certificate
    #: The signer's issuers that the signature carries, nearest first.
    chain: tuple[x509.Certificate, ...] = ()
    problems: list[Text] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """All three checks passed."""
        return self.intact and self.valid and self.trusted


def verify_detached(
    data: bytes, signature: bytes, trusted: list[x509.Certificate], *, where: str = "signature.p7s"
) -> DetachedReport:
    """Verify a detached CMS signature over ``data``.

    Args:
        data: The bytes the signature claims to cover.
        signature: The DER signature (e.g. a package's ``signature.p7s``), at most :data:`MAX_SIGNATURE_BYTES`.
        trusted: Trusted certificates (CAs or individual signers); nothing else is trusted.
        where: Names the signature in error messages.

    Returns:
        The report; a signature that can be read but does not hold (changed data, another key, an altered
        chain, an untrusted or expired signer) is reported with its problems, never raised.

    Raises:
        SigningError: The signature is too large, is not strict DER, is no CMS SignedData, or carries no
            signer or no signer's certificate.
    """
    signed_data = _parse(bytes(signature), where)
    signer_cert = _signer_certificate(signed_data, where)
    try:
        status = asyncio.run(
            async_validate_detached_cms(
                bytes(data),
                signed_data,
                signer_validation_context=chain.validation_context(trusted),
                key_usage_settings=chain.KEY_USAGE,
            )
        )
    except SignatureValidationError as exc:  # e.g. a signer's certificate that is not the one signed for
        raise SigningError(
            Text(
                "签名不成立：签名数据或其中的证书被改动，与签署人证书不符；请向发送方重新获取",
                f"the signature does not hold: its data or the certificates it carries were altered and no longer "
                f"match the signer's certificate ({_detail(exc)}); get the file again from its sender",
            ),
            where,
        ) from None
    except Exception as exc:  # a signature too damaged to evaluate
        raise _damaged(exc, where) from None
    try:
        return _report(signed_data, signer_cert, status, trusted)
    except Exception as exc:  # e.g. a certificate that cryptography cannot parse
        raise _damaged(exc, where) from None


def _report(
    signed_data: asn1_cms.SignedData,
    signer_cert: asn1_x509.Certificate,
    status: StandardCMSSignatureStatus,
    trusted: list[x509.Certificate],
) -> DetachedReport:
    cert = x509.load_der_x509_certificate(signer_cert.dump())
    problems: list[Text] = []
    intact = bool(status.intact)
    valid = bool(status.valid)
    structure = (
        None
        if structure_sound(signed_data)
        else Text(
            "签名文件结构异常：含有多余或前后不一致的部分",
            "the signature is malformed: it has extra or inconsistent parts",
        )
    ) or certificates_problem(signed_data, signer_cert, trusted)
    if structure is not None:
        valid = False
        problems.append(structure)
    if not intact:
        problems.append(
            Text(
                "被签数据在签署后被改动（与签名不符）",
                "the signed data was changed after it was signed (it no longer matches the signature)",
            )
        )
    if not valid and structure is None:
        problems.append(INVALID_VALUE)
    embedded = [c for c in _embedded(signed_data) if c != cert]
    when = status.signer_reported_dt
    findings = [
        chain.trust_finding(cert, status, embedded, trusted),
        time_stamp_problem(status),
        chain.signing_time_problem(cert, when),
    ]
    distrust = [p for p in findings if p is not None]
    problems.extend(distrust)
    return DetachedReport(
        signer_name=display_name(cert.subject),
        organisation=name_attribute(cert.subject, x509.NameOID.ORGANIZATION_NAME),
        fingerprint=fingerprint(cert),
        signing_time=when.astimezone() if when is not None else None,
        intact=intact,
        valid=valid,
        trusted=bool(status.trusted) and not distrust,
        signer_certificate=cert,
        chain=issuer_chain(cert, embedded),
        problems=problems,
    )


def _signer_certificate(signed_data: asn1_cms.SignedData, where: str) -> asn1_x509.Certificate:
    """The signer's certificate among those the signature carries (one that the program can read)."""
    try:
        signer_cert = extract_certificate_info(signed_data).signer_cert
    except (CMSExtractionError, ValueError, KeyError, TypeError):
        raise SigningError(
            Text(
                "签名中没有签署人的证书，无法确认是谁签署的；请让发送方重新导出",
                "the signature does not carry the signer's certificate, so who signed it cannot be told; "
                "ask the sender to export it again",
            ),
            where,
        ) from None
    try:
        x509.load_der_x509_certificate(signer_cert.dump())
    except Exception as exc:  # cryptography refuses it (e.g. an unknown version): damaged
        raise _damaged(exc, where) from None
    return signer_cert


def _parse(signature: bytes, where: str) -> asn1_cms.SignedData:
    """The SignedData of a detached signature, after its size and DER form were checked."""
    if len(signature) > MAX_SIGNATURE_BYTES:
        raise SigningError(
            Text(
                f"签名文件过大（{len(signature)} 字节，上限 {MAX_SIGNATURE_BYTES} 字节），不是本程序生成的签名；"
                "请向发送方重新获取",
                f"the signature is too large ({len(signature)} bytes, at most {MAX_SIGNATURE_BYTES}); it is not "
                "one this program makes. Get the file again from its sender",
            ),
            where,
        )
    damaged = SigningError(
        Text(
            "签名文件已损坏，或不是数字签名文件（无法读取）；请向发送方重新获取",
            "the signature is damaged or is not a CMS signature (it cannot be read as strict DER); "
            "get the file again from its sender",
        ),
        where,
    )
    if der_length(signature) != len(signature) or not strict_der(signature):
        raise damaged
    try:
        info = asn1_cms.ContentInfo.load(signature, strict=True)
        kind = info["content_type"].native
        signed_data = info["content"]
        if kind == "signed_data":
            count = len(signed_data["certificates"] or [])
            # parse every field now (asn1crypto parses lazily): a malformed part fails here, not later.
            # The structural parse, not ``.native``: with pyHanko's attribute types registered, building
            # the native values of a signature costs ~25 ms, the parse under 1 ms (see the package bench).
            signed_data._parse_children(recurse=True)
    except Exception:  # asn1crypto raises assorted errors on malformed input
        raise damaged from None
    if kind != "signed_data":
        raise SigningError(
            Text("该文件不是数字签名（其中没有签名数据）", "the file is not a signature (it holds no CMS SignedData)"),
            where,
        )
    if count > chain.MAX_PATH_LENGTH:
        raise SigningError(
            Text(
                f"签名中的证书过多（{count} 个，上限 {chain.MAX_PATH_LENGTH} 个），不是本程序生成的签名",
                f"the signature carries too many certificates ({count}, at most {chain.MAX_PATH_LENGTH}); "
                "it is not one this program makes",
            ),
            where,
        )
    encap = signed_data["encap_content_info"]
    if encap["content_type"].native != "data" or encap["content"].native is not None:
        raise SigningError(
            Text(
                "签名文件自带了被签内容（不是分离式签名），签的不是这份数据；请向发送方重新获取",
                "the signature carries content of its own (it is not a detached signature) and does not sign "
                "this data; get the file again from its sender",
            ),
            where,
        )
    infos = signed_data["signer_infos"]
    if len(infos) == 0:
        raise SigningError(Text("签名中没有签署人", "the signature has no signer"), where)
    if any(i["digest_algorithm"]["algorithm"].native not in _DIGESTS for i in infos):
        raise SigningError(
            Text(
                "签名使用了不被接受的摘要算法（应为 SHA-256 或更强）；请让发送方用本程序重新签署",
                "the signature uses a digest algorithm that is not accepted (it must be SHA-256 or stronger); "
                "ask the sender to sign again with this program",
            ),
            where,
        )
    return signed_data


def _embedded(signed_data: asn1_cms.SignedData) -> list[x509.Certificate]:
    return chain.parse_all(c.chosen for c in signed_data["certificates"] or [] if c.name == "certificate")


def _detail(exc: BaseException) -> str:
    """The library's own words, for the English reader (and a support request) only."""
    return f"{type(exc).__name__}: {exc}"[:200]


def _damaged(exc: BaseException, where: str) -> SigningError:
    return SigningError(
        Text(
            "签名已损坏，无法校验；请向发送方重新获取",
            f"the signature is damaged and cannot be checked ({_detail(exc)}); get the file again from its sender",
        ),
        where,
    )
