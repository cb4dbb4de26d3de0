"""CMS EnvelopedData (RFC 5652 §6): a case package encrypted for an agency, streamed in both directions.

:func:`encrypt` writes DER: a ContentInfo holding an EnvelopedData with AES-256-CBC content encryption
(a random key and IV, PKCS#7 padding) and, for each recipient, a KeyTransRecipientInfo with RSAES-OAEP
key transport (SHA-256, MGF1 with SHA-256, RFC 4055), the recipient named by issuer and serial number.
The plaintext's size is known, so every DER length is computed before the first byte is written and
the content is encrypted 1 MB at a time: memory stays bounded whatever the package's size.

:func:`decrypt` reads what :func:`encrypt` writes and what ``openssl cms -encrypt`` writes (definite
DER, and the indefinite-length BER with a constructed OCTET STRING of ``-stream``): RSAES-OAEP with any
SHA hash or PKCS#1 v1.5 key transport, AES-128/192/256-CBC. The input comes from outside: the header
is read piece by piece with every size, count and nesting depth bounded, and every problem is a
:class:`SigningError` saying what is wrong and what to do. Both are checked against ``openssl cms``
in ``tests/unit/signing/test_envelope.py``.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

from asn1crypto import algos as asn1_algos
from asn1crypto import cms as asn1_cms
from asn1crypto import core as asn1_core
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives import padding as sym_padding
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from cityeval_desktop.domain.text import Text
from cityeval_desktop.signing._util import (
    display_name,
    format_utc,
    is_ca,
    load_pem_certificates,
    read_input,
    utcnow,
)
from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.signing.identity import MIN_RSA_BITS, Identity

__all__ = [
    "CHUNK",
    "ENVELOPED_DATA_OID",
    "MAX_CONTENT_BYTES",
    "MAX_RECIPIENTS",
    "check_recipient",
    "decrypt",
    "encrypt",
    "encrypted_size",
    "load_recipient_certificate",
    "looks_enveloped",
]

#: Content is read, encrypted, decrypted and written in pieces of this size.
CHUNK = 1024 * 1024
#: 1.2.840.113549.1.7.3 (id-envelopedData), DER-encoded with its tag and length.
ENVELOPED_DATA_OID = bytes.fromhex("06092a864886f70d010703")
#: The largest encrypted content accepted: a package (8 GB at most) plus its padding.
MAX_CONTENT_BYTES = 8 * 1024 * 1024 * 1024 + 1024
#: More recipients than this are not a real agency's file.
MAX_RECIPIENTS = 64
#: Everything before the encrypted content (recipients, algorithms, originator certificates).
MAX_HEADER_BYTES = 1024 * 1024
#: Nesting of BER elements read whole (a RecipientInfo is 6 deep; the rest is someone's attack).
MAX_DEPTH = 24
#: A constructed OCTET STRING may be cut into pieces; this many is allowed whatever their size, beyond
#: that they must average at least _MIN_AVERAGE_PIECE bytes (``openssl cms -stream`` writes 4 KB pieces),
#: so a file of millions of empty pieces is refused instead of taking hours.
_FREE_PIECES = 4096
_MIN_AVERAGE_PIECE = 256
_BLOCK = 16

#: The EnvelopedData versions of RFC 5652 (0, 2, 3, 4), DER-encoded.
_VERSIONS = frozenset(bytes([0x02, 0x01, v]) for v in (0, 2, 3, 4))
#: 1.2.840.113549.1.7.1 (id-data), DER-encoded: what an encrypted package's content is.
_DATA_OID = bytes.fromhex("06092a864886f70d010701")
_AES_KEY_BYTES = {"aes128_cbc": 16, "aes192_cbc": 24, "aes256_cbc": 32}
_OAEP_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}
#: What a parser of outside ASN.1 may raise on bytes it cannot make sense of.
_PARSE_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError)
_NOT_ENVELOPED = Text(
    "不是加密的案例包（.cityeval.p7m）：文件开头不是 CMS 加密数据；请确认选择的是机构收到的加密文件",
    "not an encrypted case package (.cityeval.p7m): the file does not start with CMS EnvelopedData; "
    "check that this is the encrypted file the agency received",
)


# ============================================================================= sniffing
def looks_enveloped(head: bytes) -> bool:
    """True when ``head`` (the first bytes of a file, 32 are enough) starts a CMS ContentInfo of EnvelopedData.

    A ``.cityeval`` ZIP starts with ``PK\\x03\\x04``; an encrypted one is a SEQUENCE (DER or
    indefinite-length BER) whose first element is the OID 1.2.840.113549.1.7.3.
    """
    if len(head) < 2 or head[0] != 0x30:
        return False
    first = head[1]
    if first <= 0x80:  # short form, or indefinite (BER, `openssl cms -stream`)
        offset = 2
    elif 0x81 <= first <= 0x88:
        offset = 2 + (first & 0x7F)
    else:
        return False
    return head[offset : offset + len(ENVELOPED_DATA_OID)] == ENVELOPED_DATA_OID


# ============================================================================= recipients
def _not_for_encryption(zh: str, en: str, where: str) -> SigningError:
    return SigningError(Text(zh, en), where)


def check_recipient(cert: x509.Certificate, where: str = "") -> rsa.RSAPublicKey:
    """The recipient's RSA public key, once the certificate proved fit to receive an encrypted package.

    Args:
        cert: The agency's certificate.
        where: The file it came from (for messages); the certificate's name when empty.

    Returns:
        Its public key.

    Raises:
        SigningError: A CA certificate, a key that is not RSA (our identities are RSA) or shorter than
            2048 bits, a certificate outside its validity now, or a key usage without keyEncipherment.
    """
    where = where or display_name(cert.subject)
    name = display_name(cert.subject)
    if is_ca(cert):
        raise _not_for_encryption(
            f"“{name}”是机构 CA 的证书（用于核验签名），不能用来加密案例包；请向机构索取其接收案例包所用身份的证书",
            f"'{name}' is the agency CA's certificate (for checking signatures); it cannot receive encrypted "
            "packages. Ask the agency for the certificate of the identity it receives packages with",
            where,
        )
    try:
        public = cert.public_key()
    except ValueError:
        public = None
    if not isinstance(public, rsa.RSAPublicKey):
        kind = type(public).__name__.replace("_", "") if public is not None else "unknown"
        raise _not_for_encryption(
            f"“{name}”的证书密钥不是 RSA 密钥：本软件的身份都使用 RSA 密钥，加密案例包只能发给 RSA 证书；"
            "请让机构用本软件新建身份并导出其证书",
            f"the certificate of '{name}' does not hold an RSA key ({kind}): CityEval identities use RSA keys "
            "and encrypted packages go to RSA certificates only; ask the agency to create an identity with "
            "CityEval (`identity new`) and send its certificate (`identity export-cert`)",
            where,
        )
    if public.key_size < MIN_RSA_BITS:
        raise _not_for_encryption(
            f"“{name}”的 RSA 密钥过短（{public.key_size} 位，至少 {MIN_RSA_BITS} 位），不能用来加密；请让机构新建身份",
            f"the RSA key of '{name}' is too short ({public.key_size} bits, at least {MIN_RSA_BITS}) to encrypt "
            "to; ask the agency to create a new identity",
            where,
        )
    now = utcnow()
    if now < cert.not_valid_before_utc:
        start = format_utc(cert.not_valid_before_utc)
        raise _not_for_encryption(
            f"“{name}”的证书尚未生效（自 {start} 起有效）；请检查电脑的日期时间，或到时再加密",
            f"the certificate of '{name}' is not valid yet (valid from {start}); check this computer's date and "
            "time, or encrypt from then on",
            where,
        )
    if now > cert.not_valid_after_utc:
        end = format_utc(cert.not_valid_after_utc)
        raise _not_for_encryption(
            f"“{name}”的证书已于 {end} 过期，不能再用来加密；请向机构索取其当前的证书",
            f"the certificate of '{name}' expired on {end} and can no longer be encrypted to; ask the agency for "
            "its current certificate",
            where,
        )
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    except ValueError:
        raise _not_for_encryption(
            f"“{name}”的证书中密钥用途一项已损坏；请向机构重新索取证书",
            f"the key usage in the certificate of '{name}' is damaged; ask the agency for the certificate again",
            where,
        ) from None
    if usage is not None and not usage.key_encipherment:
        raise _not_for_encryption(
            f"“{name}”的证书用途不允许加密（缺少密钥加密用途），只能用于签名；"
            "请让机构用本软件的新版本新建身份（或让其 CA 重新签发证书）后再发来证书",
            f"the certificate of '{name}' may not be used for encryption (its key usage lacks keyEncipherment); "
            "it is for signing only. Ask the agency to create a new identity with this version of CityEval "
            "(or have its CA issue the certificate again) and send that certificate",
            where,
        )
    return public


def load_recipient_certificate(path: Path) -> x509.Certificate:
    """The agency certificate in ``path`` (PEM or DER), checked fit to receive an encrypted package.

    A PEM file may carry the certificate followed by its CA chain (what ``identity export-cert`` and
    ``ca issue`` write): the one certificate that is not a CA's is taken.

    Raises:
        SigningError: A missing, unreadable or oversized file, not a regular file; a revocation list
            (CRL), a private key, a request or an identity instead of a certificate; several
            certificates of people; or a certificate :func:`check_recipient` refuses.
    """
    path = Path(path)
    where = str(path)
    data = read_input(path, Text("证书文件", "certificate file"))
    if b"-----BEGIN X509 CRL-----" in data or _is_der_crl(data):
        raise SigningError(
            Text(
                "这是证书吊销列表（CRL），不是证书：请使用机构接收案例包所用身份的证书文件（.pem）",
                "this is a certificate revocation list (CRL), not a certificate: use the certificate file (.pem) "
                "of the identity the agency receives packages with",
            ),
            where,
        )
    certs = load_pem_certificates(path)
    people = [c for c in certs if not is_ca(c)]
    if len(people) > 1:
        names = "、".join(display_name(c.subject) for c in people[:4])
        raise SigningError(
            Text(
                f"文件中有 {len(people)} 份个人证书（{names}），无法确定发给谁；请使用只含机构证书的文件",
                f"the file holds {len(people)} certificates of people ({names.replace('、', ', ')}), so it is "
                "unclear whom to encrypt to; use a file with the agency's certificate only",
            ),
            where,
        )
    cert = people[0] if people else certs[0]
    check_recipient(cert, where)
    return cert


def _is_der_crl(data: bytes) -> bool:
    if data[:1] != b"\x30":
        return False
    try:
        x509.load_der_x509_crl(data)
    except ValueError:
        return False
    return True


# ============================================================================= encrypting
def _der_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def _tlv_header(tag: int, length: int) -> bytes:
    return bytes([tag]) + _der_length(length)


def encrypted_size(size: int) -> int:
    """The length of the AES-CBC ciphertext of ``size`` bytes with PKCS#7 padding."""
    return (size // _BLOCK + 1) * _BLOCK


#: The SHA-256 AlgorithmIdentifier with absent parameters, as RFC 5754 says to generate it (asn1crypto
#: would write NULL parameters; loading the DER keeps these bytes).
_SHA256_ID = bytes.fromhex("300b0609608648016503040201")


def _oaep_sha256() -> asn1_cms.KeyEncryptionAlgorithm:
    """RSAES-OAEP with SHA-256 and MGF1-SHA-256, the label empty (RFC 4055 §4.1)."""
    return asn1_cms.KeyEncryptionAlgorithm(
        {
            "algorithm": "rsaes_oaep",
            "parameters": asn1_algos.RSAESOAEPParams(
                {
                    "hash_algorithm": asn1_algos.DigestAlgorithm.load(_SHA256_ID),
                    "mask_gen_algorithm": asn1_algos.MaskGenAlgorithm(
                        {"algorithm": "mgf1", "parameters": asn1_algos.DigestAlgorithm.load(_SHA256_ID)}
                    ),
                }
            ),
        }
    )


def _recipient_info(cert: x509.Certificate, public: rsa.RSAPublicKey, key: bytes) -> bytes:
    parsed = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    wrapped = public.encrypt(
        key, padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
    )
    info = asn1_cms.RecipientInfo(
        name="ktri",
        value=asn1_cms.KeyTransRecipientInfo(
            {
                "version": "v0",
                "rid": asn1_cms.RecipientIdentifier(
                    name="issuer_and_serial_number",
                    value=asn1_cms.IssuerAndSerialNumber(
                        {"issuer": parsed["tbs_certificate"]["issuer"], "serial_number": parsed.serial_number}
                    ),
                ),
                "key_encryption_algorithm": _oaep_sha256(),
                "encrypted_key": wrapped,
            }
        ),
    )
    return info.dump()


def encrypt(src: BinaryIO, size: int, out: BinaryIO, recipients: Sequence[x509.Certificate]) -> None:
    """Write ``size`` bytes of ``src`` to ``out`` as a DER ContentInfo(EnvelopedData) for ``recipients``.

    ``openssl cms -decrypt -inform DER -in FILE -inkey KEY.pem -recip CERT.pem`` opens the result.

    Args:
        src: The plaintext (the ``.cityeval`` package), read from its current position.
        size: How many bytes to read from ``src``: exactly these are encrypted.
        out: Where the DER goes (written in pieces of at most :data:`CHUNK` bytes plus a header).
        recipients: The certificates that may open it (at least one, RSA).

    Raises:
        SigningError: No recipient or too many, a recipient unfit for encryption (see
            :func:`check_recipient`), a size out of bounds, or ``src`` not holding exactly ``size`` bytes
            (it changed while being read).
    """
    if not recipients:
        raise SigningError(Text("没有指定加密的接收方证书", "no recipient certificate to encrypt to"))
    if len(recipients) > MAX_RECIPIENTS:
        raise SigningError(
            Text(
                f"接收方过多（{len(recipients)} 个，上限 {MAX_RECIPIENTS} 个）",
                f"too many recipients ({len(recipients)}, at most {MAX_RECIPIENTS})",
            )
        )
    if not 0 <= size <= MAX_CONTENT_BYTES - 2 * _BLOCK:
        raise SigningError(
            Text(
                f"要加密的文件大小超出范围（{size} 字节）",
                f"the file to encrypt has a size out of range ({size} bytes)",
            )
        )
    publics = [check_recipient(cert) for cert in recipients]
    key = os.urandom(32)
    iv = os.urandom(_BLOCK)
    infos = sorted(_recipient_info(cert, public, key) for cert, public in zip(recipients, publics, strict=True))
    body = b"".join(infos)
    recipient_set = _tlv_header(0x31, len(body)) + body
    algorithm = asn1_algos.EncryptionAlgorithm({"algorithm": "aes256_cbc", "parameters": iv}).dump()
    content_type = _DATA_OID
    cipher_len = encrypted_size(size)
    content_head = _tlv_header(0x80, cipher_len)  # [0] IMPLICIT OCTET STRING, primitive
    eci_len = len(content_type) + len(algorithm) + len(content_head) + cipher_len
    eci_head = _tlv_header(0x30, eci_len)
    version = asn1_core.Integer(0).dump()
    env_len = len(version) + len(recipient_set) + len(eci_head) + eci_len
    env_head = _tlv_header(0x30, env_len)
    explicit_len = len(env_head) + env_len
    explicit_head = _tlv_header(0xA0, explicit_len)
    info_len = len(ENVELOPED_DATA_OID) + len(explicit_head) + explicit_len
    out.write(
        _tlv_header(0x30, info_len)
        + ENVELOPED_DATA_OID
        + explicit_head
        + env_head
        + version
        + recipient_set
        + eci_head
        + content_type
        + algorithm
        + content_head
    )
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    padder = sym_padding.PKCS7(128).padder()
    remaining = size
    while remaining:
        piece = src.read(min(CHUNK, remaining))
        if not piece:
            raise _changed_while_reading(shorter=True)
        remaining -= len(piece)
        out.write(encryptor.update(padder.update(piece)))
    if src.read(1):
        raise _changed_while_reading(shorter=False)
    out.write(encryptor.update(padder.finalize()) + encryptor.finalize())


def _changed_while_reading(*, shorter: bool) -> SigningError:
    how = Text("变短了", "became shorter") if shorter else Text("变长了", "grew")
    return SigningError(
        Text(
            f"加密过程中文件{how.zh}（它正被其他程序改动）；未写入任何内容，请稍后重试",
            f"the file {how.en} while it was being encrypted (another program is changing it); nothing was "
            "written, try again later",
        )
    )


# ============================================================================= reading BER from outside
class _DamagedError(SigningError):
    """The envelope's structure is broken at ``pos`` (:func:`decrypt` words it with the final position)."""

    def __init__(self, detail: Text, pos: int) -> None:
        super().__init__(_damaged_text(detail, pos))
        self.detail = detail
        self.pos = pos


def _damaged_text(detail: Text, pos: int) -> Text:
    return Text(
        f"加密的案例包已损坏（第 {pos} 字节处：{detail.zh}）；请让发送方重新发送该文件",
        f"the encrypted package is damaged (at byte {pos}: {detail.en}); ask the sender to send the file again",
    )


class _TruncatedError(SigningError):
    """The file ends inside the envelope."""

    def __init__(self, pos: int) -> None:
        super().__init__(
            Text(
                f"加密的案例包不完整（在第 {pos} 字节处意外结束，可能复制或下载中断）；请让发送方重新发送",
                f"the encrypted package is incomplete (it ends unexpectedly at byte {pos}; a copy or download "
                "may have been cut short); ask the sender to send it again",
            )
        )


class _TooLargeError(SigningError):
    """The file goes on past the size limit."""

    def __init__(self, limit: int) -> None:
        mb = limit // (1024 * 1024)
        super().__init__(
            Text(f"加密的案例包超过大小上限（{mb} MB）", f"the encrypted package is over the size limit ({mb} MB)")
        )


class _Reader:
    """A forward-only reader of BER elements from a stream, never reading past ``limit`` bytes."""

    def __init__(self, src: BinaryIO, limit: int) -> None:
        self.src = src
        self.limit = limit
        self.pos = 0
        self._ahead = b""

    def damaged(self, zh: str, en: str) -> _DamagedError:
        return _DamagedError(Text(zh, en), self.pos)

    def read(self, n: int) -> bytes:
        """Exactly ``n`` bytes (fewer only at the end of the file: that is a truncation)."""
        if self.pos + n > self.limit:
            raise _TooLargeError(self.limit)
        parts = []
        if self._ahead:
            parts.append(self._ahead[:n])
            self._ahead = self._ahead[n:]
            n -= len(parts[0])
        while n:
            piece = self.src.read(min(n, CHUNK))
            if not piece:
                raise _TruncatedError(self.pos + sum(map(len, parts)))
            parts.append(piece)
            n -= len(piece)
        data = b"".join(parts)
        self.pos += len(data)
        return data

    def peek(self) -> int | None:
        """The next byte without consuming it (None at the end of the file)."""
        if not self._ahead:
            self._ahead = self.src.read(1)
        return self._ahead[0] if self._ahead else None

    def at_eof(self) -> bool:
        return self.peek() is None

    def header(self) -> tuple[int, int | None, bytes]:
        """The next element's identifier octet, its length (None: indefinite) and the header bytes."""
        start = self.read(1)
        tag = start[0]
        if tag & 0x1F == 0x1F:
            raise self.damaged("出现了不支持的多字节标记", "a multi-byte tag, which this format never uses")
        first = self.read(1)[0]
        if first < 0x80:
            return tag, first, start + bytes([first])
        if first == 0x80:
            if not tag & 0x20:
                raise self.damaged("基本类型元素使用了不定长度", "a primitive element with an indefinite length")
            return tag, None, start + b"\x80"
        count = first & 0x7F
        if count > 8:
            raise self.damaged("长度字段过长", "a length field that is too long")
        body = self.read(count)
        return tag, int.from_bytes(body, "big"), start + bytes([first]) + body

    def expect(self, tag: int, zh: str, en: str) -> tuple[int | None, bytes]:
        """Read a header that must have ``tag``; its end position (None: indefinite) and the header bytes."""
        got, length, raw = self.header()
        if got != tag:
            raise self.damaged(f"此处应为{zh}", f"expected {en} here")
        return (None if length is None else self.pos + length), raw

    def element(self, budget: int, depth: int = 0) -> bytes:
        """The whole next element (header included), definite or indefinite, of at most ``budget`` bytes."""
        if depth > MAX_DEPTH:
            raise self.damaged("嵌套层数过多", "nesting too deep")
        _tag, length, raw = self.header()
        if length is not None:
            if length > budget - len(raw):
                raise self.damaged("头部的某个元素过大", "an element of the header is too large")
            return raw + self.read(length)
        parts = [raw]
        used = len(raw)
        while True:
            if self.peek() == 0x00:
                eoc = self.read(2)
                if eoc != b"\x00\x00":
                    raise self.damaged("不定长度元素的结束标记错误", "a broken end-of-contents marker")
                parts.append(eoc)
                return b"".join(parts)
            child = self.element(budget - used, depth + 1)
            used += len(child)
            parts.append(child)
            if used > budget:
                raise self.damaged("头部的某个元素过大", "an element of the header is too large")

    def close(self, end: int | None) -> None:
        """The end of a constructed element opened with :meth:`expect`."""
        if end is None:
            if self.read(2) != b"\x00\x00":
                raise self.damaged("结构未按规定结束", "a structure that does not end where it should")
        elif self.pos != end:
            raise self.damaged("结构的长度与内容不符", "a structure whose length does not match its content")

    def at_end_of(self, end: int | None) -> bool:
        """True when the constructed element ending at ``end`` (None: indefinite) has no more children."""
        if end is None:
            return self.peek() == 0x00
        return self.pos >= end


# ============================================================================= decrypting
def _unsupported(zh: str, en: str) -> SigningError:
    return SigningError(Text(zh, en))


def _shown(text: str, limit: int = 64) -> str:
    """Text from the file, fit for a message: no control or format characters, at most ``limit`` characters."""
    clean = "".join(ch for ch in text if not unicodedata.category(ch).startswith("C"))
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def _recipient_label(rid: asn1_cms.RecipientIdentifier) -> Text:
    """Whom a RecipientInfo is for, as far as the file says: the issuer's name and the serial, or the key id."""
    try:
        if rid.name == "issuer_and_serial_number":
            issuer = rid.chosen["issuer"]
            names = issuer.native
            issuer_name = names.get("common_name") if isinstance(names, dict) else None
            if not isinstance(issuer_name, str) or not issuer_name:
                issuer_name = issuer.human_friendly
            issuer_name = _shown(issuer_name)
            serial = _shown(format(rid.chosen["serial_number"].native, "X"), 42)
            return Text(
                f"“{issuer_name}”签发、序列号为 {serial} 的证书",
                f"the certificate with serial number {serial} issued by '{issuer_name}'",
            )
        ski = _shown(rid.chosen.native.hex().upper(), 42)
        return Text(f"密钥标识为 {ski} 的证书", f"the certificate with key identifier {ski}")
    except _PARSE_ERRORS:
        return Text("一份无法识别的证书", "a certificate the file does not name clearly")


def _matches(rid: asn1_cms.RecipientIdentifier, cert: asn1_x509.Certificate, ski: bytes | None) -> bool:
    """True when ``rid`` names ``cert``: its issuer (compared as RFC 5280 says) and serial, or its key id."""
    try:
        if rid.name == "issuer_and_serial_number":
            chosen = rid.chosen
            return chosen["serial_number"].native == cert.serial_number and chosen["issuer"] == cert.issuer
        return ski is not None and rid.chosen.native == ski
    except _PARSE_ERRORS:  # a name that cannot be compared (unassigned code points, say) names no one we know
        return False


def _oaep(parameters: asn1_core.Asn1Value | None) -> padding.OAEP:
    params = parameters if isinstance(parameters, asn1_algos.RSAESOAEPParams) else asn1_algos.RSAESOAEPParams({})
    hash_name = params["hash_algorithm"]["algorithm"].native
    mgf = params["mask_gen_algorithm"]
    if mgf["algorithm"].native != "mgf1":
        raise _unsupported(
            "加密文件的密钥封装使用了不支持的掩码生成函数；请让发送方改用 RSA-OAEP（SHA-256）重新加密",
            f"the key is wrapped with an unsupported mask generation function ({mgf['algorithm'].dotted}); ask "
            "the sender to encrypt again with RSA-OAEP (SHA-256)",
        )
    mgf_hash = mgf["parameters"]["algorithm"].native
    if hash_name not in _OAEP_HASHES or mgf_hash not in _OAEP_HASHES:
        raise _unsupported(
            "加密文件的密钥封装使用了不支持的散列算法；请让发送方改用 RSA-OAEP（SHA-256）重新加密",
            f"the key is wrapped with an unsupported hash ({hash_name}/{mgf_hash}); ask the sender to encrypt "
            "again with RSA-OAEP (SHA-256)",
        )
    source = params["p_source_algorithm"]
    if source["algorithm"].native != "p_specified":
        raise _unsupported(
            "加密文件的密钥封装参数不受支持；请让发送方改用 RSA-OAEP（SHA-256）重新加密",
            "the key wrapping parameters are not supported; ask the sender to encrypt again with RSA-OAEP (SHA-256)",
        )
    label = source["parameters"].native or None
    return padding.OAEP(mgf=padding.MGF1(_OAEP_HASHES[mgf_hash]()), algorithm=_OAEP_HASHES[hash_name](), label=label)


def _unwrap(ktri: asn1_cms.KeyTransRecipientInfo, key: rsa.RSAPrivateKey) -> bytes:
    algorithm = ktri["key_encryption_algorithm"]
    name = algorithm["algorithm"].native
    wrapped = ktri["encrypted_key"].native
    if name == "rsaes_oaep":
        scheme: padding.AsymmetricPadding = _oaep(algorithm["parameters"])
    elif name == "rsaes_pkcs1v15":
        scheme = padding.PKCS1v15()
    else:
        raise _unsupported(
            "加密文件的密钥封装算法不受支持（应为 RSA-OAEP 或 RSA PKCS#1 v1.5）；请让发送方重新加密",
            f"the key is wrapped with an unsupported algorithm ({algorithm['algorithm'].dotted}; RSA-OAEP or "
            "RSA PKCS#1 v1.5 are supported); ask the sender to encrypt again",
        )
    try:
        return key.decrypt(wrapped, scheme)
    except ValueError:
        raise SigningError(
            Text(
                "无法用本身份的私钥解开加密文件中的内容密钥：文件已损坏，或是用同名的另一份证书加密的；请让发送方重新发送",
                "the content key in the encrypted file cannot be unwrapped with this identity's private key: the "
                "file is damaged, or was encrypted to another certificate with the same name; ask the sender to "
                "send it again",
            )
        ) from None


def _content_algorithm(raw: bytes) -> tuple[int, bytes]:
    """The AES key length and IV of a contentEncryptionAlgorithm."""
    try:
        algorithm = asn1_algos.EncryptionAlgorithm.load(raw)
        name = algorithm["algorithm"].native
        dotted = algorithm["algorithm"].dotted
        iv = algorithm["parameters"].native if name in _AES_KEY_BYTES else None
    except _PARSE_ERRORS:
        raise _DamagedError(
            Text("内容加密算法无法解析", "the content encryption algorithm cannot be parsed"), 0
        ) from None
    if name not in _AES_KEY_BYTES:
        raise _unsupported(
            "加密文件的内容加密算法不受支持（支持 AES-128/192/256-CBC）；请让发送方用 AES-256 重新加密",
            f"the content is encrypted with an unsupported algorithm ({dotted}; AES-128/192/256-CBC are "
            "supported); ask the sender to encrypt again with AES-256",
        )
    if not isinstance(iv, bytes) or len(iv) != _BLOCK:
        raise _DamagedError(Text("初始向量（IV）长度错误", "an initialisation vector (IV) of the wrong length"), 0)
    return _AES_KEY_BYTES[name], iv


def _recipients(raw: bytes) -> list[asn1_cms.RecipientInfo]:
    try:
        infos = asn1_cms.RecipientInfos.load(raw)
        count = len(infos)
    except _PARSE_ERRORS:
        raise _DamagedError(Text("接收方信息无法解析", "the recipient information cannot be parsed"), 0) from None
    if count == 0:
        raise _DamagedError(Text("没有任何接收方", "no recipient at all"), 0)
    if count > MAX_RECIPIENTS:
        raise _DamagedError(
            Text(
                f"接收方过多（{count} 个，上限 {MAX_RECIPIENTS} 个）",
                f"too many recipients ({count}, at most {MAX_RECIPIENTS})",
            ),
            0,
        )
    result = []
    try:
        for info in infos:
            info.native  # noqa: B018 - parses every field now, so a damaged one fails here, not later
            result.append(info)
    except _PARSE_ERRORS:
        raise _DamagedError(Text("接收方信息无法解析", "the recipient information cannot be parsed"), 0) from None
    return result


def _content_key(infos: list[asn1_cms.RecipientInfo], identity: Identity, key_bytes: int) -> bytes:
    private = identity.private_key
    me = display_name(identity.certificate.subject)
    if not isinstance(private, rsa.RSAPrivateKey):
        raise SigningError(
            Text(
                f"身份“{me}”的密钥不是 RSA 密钥，不能打开加密的案例包；请使用机构的 RSA 身份",
                f"the identity '{me}' does not hold an RSA key and cannot open encrypted packages; use the "
                "agency's RSA identity",
            )
        )
    cert = asn1_x509.Certificate.load(identity.certificate.public_bytes(serialization.Encoding.DER))
    try:
        ski = identity.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    except (x509.ExtensionNotFound, ValueError):
        ski = None
    ktris = [info.chosen for info in infos if info.name == "ktri"]
    if any(k["version"].native not in ("v0", "v2") for k in ktris):
        raise _DamagedError(Text("接收方信息的版本号无效", "a recipient information of an invalid version"), 0)
    if not ktris:
        raise _unsupported(
            "该文件不是用 RSA 证书加密的（使用了密钥协商、口令或其他方式），本软件无法打开；"
            "请让发送方用机构的 RSA 证书重新加密",
            "this file was not encrypted to an RSA certificate (key agreement, a password or another method "
            "was used), which CityEval cannot open; ask the sender to encrypt it again to the agency's RSA "
            "certificate",
        )
    mine = next((k for k in ktris if _matches(k["rid"], cert, ski)), None)
    if mine is None:
        labels = [_recipient_label(k["rid"]) for k in ktris[:3]]
        more = len(ktris) - len(labels)
        zh = "、".join(t.zh for t in labels) + (f" 等 {len(ktris)} 份证书" if more else "")
        en = "; ".join(t.en for t in labels) + (f" and {more} more" if more else "")
        raise SigningError(
            Text(
                f"该加密文件不是发给身份“{me}”的：它的接收方是{zh}；请用接收方的身份打开，或请发送方用您的证书重新加密",
                f"this encrypted file is not for the identity '{me}': it is for {en}; open it with the recipient's "
                "identity, or ask the sender to encrypt it again to your certificate",
            )
        )
    key = _unwrap(mine, private)
    if len(key) != key_bytes:
        raise SigningError(
            Text(
                "解开的内容密钥长度与加密算法不符：文件已损坏，或不是用本身份的证书加密的；请让发送方重新发送",
                "the unwrapped content key does not fit the encryption algorithm: the file is damaged or was not "
                "encrypted to this identity's certificate; ask the sender to send it again",
            )
        )
    return key


def decrypt(
    src: BinaryIO, out: BinaryIO, identity: Identity, *, limit: int = MAX_CONTENT_BYTES + MAX_HEADER_BYTES
) -> None:
    """Decrypt a CMS ContentInfo(EnvelopedData) from ``src`` into ``out`` with ``identity``'s private key.

    The plaintext is written to ``out`` as it is decrypted; on a SigningError what was written is not a
    whole plaintext and must be thrown away (the caller owns ``out``).

    Args:
        src: The encrypted file, from its start.
        out: Where the plaintext goes.
        identity: The recipient's identity (RSA key and the certificate the file was encrypted to).
        limit: The most bytes read from ``src``.

    Raises:
        SigningError: Not an EnvelopedData; not for this identity (naming whom it is for); damaged,
            truncated or followed by other data; wrong padding; an unsupported algorithm; over ``limit``.
    """
    reader = _Reader(src, limit)
    try:
        _decrypt(reader, out, identity)
    except _DamagedError as exc:
        raise SigningError(_damaged_text(exc.detail, exc.pos or reader.pos)) from None


def _decrypt(reader: _Reader, out: BinaryIO, identity: Identity) -> None:
    head = reader.peek()
    if head is None:
        raise SigningError(Text("文件是空的，不是加密的案例包", "the file is empty, not an encrypted package"))
    if head != 0x30:
        raise SigningError(_NOT_ENVELOPED)
    try:
        info_end, _ = reader.expect(0x30, "内容信息", "a ContentInfo")
        oid_tag, oid_len, _raw = reader.header()
        if oid_tag != 0x06 or oid_len is None or oid_len > 32:
            raise SigningError(_NOT_ENVELOPED)
        oid = reader.read(oid_len)
    except (_DamagedError, _TruncatedError):
        raise SigningError(_NOT_ENVELOPED) from None
    if bytes([0x06, oid_len]) + oid != ENVELOPED_DATA_OID:
        try:
            kind = asn1_core.ObjectIdentifier.load(bytes([0x06, oid_len]) + oid).dotted
        except _PARSE_ERRORS:
            raise SigningError(_NOT_ENVELOPED) from None
        raise SigningError(
            Text(
                f"这是另一种 CMS 数据（{kind}），不是加密的案例包；请确认选择的是加密文件（.cityeval.p7m）",
                f"this is another kind of CMS data ({kind}), not an encrypted package; choose the encrypted "
                "file (.cityeval.p7m)",
            )
        )
    explicit_end, _ = reader.expect(0xA0, "加密数据", "the EnvelopedData")
    env_end, _ = reader.expect(0x30, "加密数据", "the EnvelopedData")
    header_start = reader.pos
    if reader.element(16) not in _VERSIONS:
        raise reader.damaged("版本号无效", "an invalid version number")
    if reader.peek() == 0xA0:  # originatorInfo: certificates and CRLs of the originator, not needed here
        reader.element(MAX_HEADER_BYTES)
    if reader.peek() != 0x31:
        raise reader.damaged("此处应为接收方信息", "expected the recipient information here")
    infos = _recipients(reader.element(MAX_HEADER_BYTES - (reader.pos - header_start)))
    eci_end, _ = reader.expect(0x30, "加密内容信息", "the EncryptedContentInfo")
    if reader.element(64) != _DATA_OID:
        raise _unsupported(
            "加密文件中的内容不是普通数据（可能是先签名再加密的邮件），本软件无法打开；请让发送方直接加密案例包",
            "the encrypted content is not plain data (perhaps a signed-then-encrypted message), which CityEval "
            "cannot open; ask the sender to encrypt the package itself",
        )
    key_bytes, iv = _content_algorithm(reader.element(1024))
    if reader.at_end_of(eci_end):
        raise _unsupported(
            "加密文件中没有加密内容（内容被分离存放），本软件无法打开；请让发送方重新加密并附上内容",
            "the encrypted file carries no encrypted content (it is detached), which CityEval cannot open; ask "
            "the sender to encrypt it again with the content inside",
        )
    key = _content_key(infos, identity, key_bytes)
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    unpadder = sym_padding.PKCS7(128).unpadder()
    total = _stream_content(reader, eci_end, lambda piece: out.write(unpadder.update(decryptor.update(piece))))
    if total == 0 or total % _BLOCK:
        raise reader.damaged(
            "加密内容的长度不是分组长度的整数倍", "encrypted content whose length is not a whole number of blocks"
        )
    try:
        out.write(unpadder.update(decryptor.finalize()) + unpadder.finalize())
    except ValueError:
        raise SigningError(
            Text(
                "解密后的填充不正确：文件已损坏（被截断或改动），或不是用本身份的证书加密的；请让发送方重新发送",
                "the padding after decryption is wrong: the file is damaged (cut short or altered) or was not "
                "encrypted to this identity's certificate; ask the sender to send it again",
            )
        ) from None
    reader.close(eci_end)
    if reader.peek() == 0xA1:  # unprotectedAttrs
        reader.element(MAX_HEADER_BYTES)
    reader.close(env_end)
    reader.close(explicit_end)
    reader.close(info_end)
    if not reader.at_eof():
        raise reader.damaged("加密数据之后还有多余的内容", "more data after the end of the encrypted data")


def _stream_content(reader: _Reader, parent_end: int | None, write: Callable[[bytes], object]) -> int:
    """Pass the encrypted content ([0] IMPLICIT OCTET STRING, primitive or constructed) to ``write``; its length."""
    tag, length, _raw = reader.header()
    if tag == 0x80:  # primitive: one piece of known length
        if length is None or length > MAX_CONTENT_BYTES:
            raise reader.damaged("加密内容的长度超出范围", "encrypted content of a length out of range")
        if parent_end is not None and reader.pos + length > parent_end:
            raise reader.damaged("加密内容超出了所在结构", "encrypted content that overruns its structure")
        remaining = length
        while remaining:
            piece = reader.read(min(CHUNK, remaining))
            remaining -= len(piece)
            write(piece)
        return length
    if tag != 0xA0:
        raise reader.damaged("此处应为加密内容", "expected the encrypted content here")
    end = None if length is None else reader.pos + length
    total = 0
    pieces = 0
    while not reader.at_end_of(end):
        piece_tag, piece_len, _ = reader.header()
        if piece_tag != 0x04 or piece_len is None:
            raise reader.damaged(
                "加密内容的分段格式不受支持", "encrypted content cut into pieces of an unsupported form"
            )
        pieces += 1
        total += piece_len
        if total > MAX_CONTENT_BYTES:
            raise reader.damaged("加密内容的长度超出范围", "encrypted content of a length out of range")
        if pieces > _FREE_PIECES and pieces * _MIN_AVERAGE_PIECE > total:
            raise reader.damaged("加密内容被切成了过多的小段", "encrypted content cut into too many small pieces")
        if end is not None and reader.pos + piece_len > end:
            raise reader.damaged("加密内容超出了所在结构", "encrypted content that overruns its structure")
        remaining = piece_len
        while remaining:
            data = reader.read(min(CHUNK, remaining))
            remaining -= len(data)
            write(data)
    reader.close(end)
    return total
