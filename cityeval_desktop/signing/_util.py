"""Helpers shared by the signing modules: safe file writes, certificate names, fingerprints and chains."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

from cityeval_desktop.domain.files import FileReadError, read_regular
from cityeval_desktop.domain.fingerprints import short_fingerprint  # noqa: F401 (re-exported)
from cityeval_desktop.domain.os_errors import os_reason
from cityeval_desktop.domain.text import Text
from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.store.files import current_umask, fsync_folder

#: Identity, certificate and request files are small; anything bigger is not one of them.
MAX_INPUT_BYTES = 16 * 1024 * 1024


def utcnow() -> datetime:
    """The current time in UTC (aware)."""
    return datetime.now(UTC)


def fingerprint(cert: x509.Certificate) -> str:
    """The sha256 of the certificate's DER bytes, lower-case hex."""
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def name_attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str | None:
    """The first value of ``oid`` in ``name`` as text, or None."""
    for attr in name.get_attributes_for_oid(oid):
        value = attr.value
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return None


def display_name(name: x509.Name) -> str:
    """The common name, else the whole name as RFC 4514 text."""
    return name_attribute(name, NameOID.COMMON_NAME) or name.rfc4514_string()


def format_utc(moment: datetime) -> str:
    """A moment as ``YYYY-MM-DD HH:MM UTC`` for messages."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def format_local(moment: datetime) -> str:
    """A moment as ``YYYY-MM-DD HH:MM:SS UTC+08:00`` in its own time zone."""
    offset = moment.strftime("%z") or "+0000"
    return f"{moment:%Y-%m-%d %H:%M:%S} UTC{offset[:3]}:{offset[3:]}"


def same_public_key(a: x509.Certificate | x509.CertificateSigningRequest, key: object) -> bool:
    """True when ``a`` carries the public key of ``key`` (a private or public key object)."""
    public = key.public_key() if hasattr(key, "public_key") else key
    fmt = serialization.PublicFormat.SubjectPublicKeyInfo
    try:
        mine = a.public_key().public_bytes(serialization.Encoding.DER, fmt)
        theirs = public.public_bytes(serialization.Encoding.DER, fmt)  # type: ignore[attr-defined]
    except (ValueError, UnsupportedAlgorithm, AttributeError):
        return False
    return mine == theirs


def issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """True when ``issuer``'s name and key signed ``cert``."""
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True


def self_signed(cert: x509.Certificate) -> bool:
    """True when the certificate is its own issuer (a root or a self-made identity)."""
    return cert.issuer == cert.subject and issued_by(cert, cert)


def is_ca(cert: x509.Certificate) -> bool:
    """True when Basic Constraints says CA."""
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def issuer_chain(leaf: x509.Certificate, candidates: Iterable[x509.Certificate]) -> tuple[x509.Certificate, ...]:
    """The issuers of ``leaf`` among ``candidates``, nearest first; certificates not on the path are left out."""
    pool = [c for c in candidates if fingerprint(c) != fingerprint(leaf)]
    chain: list[x509.Certificate] = []
    current = leaf
    while not self_signed(current):
        nxt = next((c for c in pool if issued_by(current, c)), None)
        if nxt is None:
            break
        chain.append(nxt)
        pool.remove(nxt)
        current = nxt
    return tuple(chain)


# ----------------------------------------------------------------------------- files
def read_input(path: Path, what: Text) -> bytes:
    """The bytes of a small input file; SigningError naming the file when it cannot be read."""
    where = str(path)
    if not path.exists():
        raise SigningError(
            Text(f"找不到{what.zh}，请检查路径", f"{what.en} not found; check the path"),
            where,
        )
    if path.is_dir():
        raise SigningError(
            Text(f"这是一个文件夹，不是{what.zh}", f"this is a folder, not a {what.en}"),
            where,
        )
    try:
        return read_regular(path, MAX_INPUT_BYTES)  # a pipe or /dev/zero is refused, never read
    except FileReadError as exc:
        raise SigningError(
            Text(f"{what.zh}无法读取：{exc.message.zh}", f"cannot read the {what.en}: {exc.message.en}"), where
        ) from None


def check_new_output(path: Path) -> None:
    """Refuse an output path that exists or whose folder does not exist (before any expensive work)."""
    where = str(path)
    if path.exists() or path.is_symlink():
        raise SigningError(
            Text(
                "文件已存在，为避免覆盖未写入任何内容；请换一个文件名，或先移走原文件",
                "the file already exists; nothing was written so as not to overwrite it. "
                "Choose another name or move the old file away first",
            ),
            where,
        )
    if not path.parent.is_dir():
        raise SigningError(
            Text(
                f"文件夹 {path.parent} 不存在；请先创建它或换一个位置",
                f"the folder {path.parent} does not exist; create it first or choose another place",
            ),
            where,
        )


def _write_temp(path: Path, data: bytes, *, private: bool) -> Path:
    """Write ``data`` to a fsynced temporary file beside ``path`` and return its path."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            if not private:
                tmp.chmod(0o644 & ~current_umask())
            os.fsync(out.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _write_error(path: Path, exc: OSError) -> SigningError:
    reason = os_reason(exc)
    return SigningError(
        Text(f"无法写入文件：{reason.zh}；未做任何修改", f"cannot write the file: {reason.en}; nothing was changed"),
        str(path),
    )


def write_new_file(path: Path, data: bytes, *, private: bool) -> None:
    """Write a new file (temp + fsync + rename); never overwrite an existing one.

    Args:
        path: The file to create.
        data: Its bytes.
        private: True for secrets (mode 0600), False for certificates and requests.
    """
    check_new_output(path)
    try:
        tmp = _write_temp(path, data, private=private)
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        try:
            os.link(tmp, path)  # atomic and refuses an existing target, even one created meanwhile
        except FileExistsError:
            check_new_output(path)
            raise
        except OSError:  # a file system without hard links
            if path.exists():
                check_new_output(path)
            tmp.replace(path)
        fsync_folder(path.parent)
    except OSError as exc:
        raise _write_error(path, exc) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def replace_file(path: Path, data: bytes) -> None:
    """Replace an existing file atomically (temp + fsync + rename), keeping its permissions."""
    try:
        mode = path.stat().st_mode & 0o777
        tmp = _write_temp(path, data, private=True)
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        tmp.chmod(mode)
        tmp.replace(path)
        fsync_folder(path.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise _write_error(path, exc) from None


# ----------------------------------------------------------------------------- certificate files
_PEM_KINDS = {
    b"CERTIFICATE REQUEST": Text(
        "这是证书签发请求（CSR），不是证书：请交给机构 CA 签发后使用签发的证书",
        "this is a certificate request (CSR), not a certificate: have the agency CA issue it and use the result",
    ),
    b"PRIVATE KEY": Text(
        "该文件包含私钥，不是证书：切勿分享私钥，请改用证书文件（.pem）",
        "this file holds a private key, not a certificate: never share it; use the certificate file (.pem) instead",
    ),
    b"X509 CRL": Text(
        "这是吊销列表，不是证书：请把它添加到信任列表中，而不是作为受信任的证书使用",
        "this is a revocation list, not a certificate: add lists to the trust list with `trust add`; they cannot "
        "be given as a trusted certificate",
    ),
}


def load_pem_certificates(path: Path) -> list[x509.Certificate]:
    """Every certificate in a PEM file (a DER ``.cer`` with one certificate is accepted too).

    Args:
        path: The certificate file.

    Returns:
        The certificates in file order (at least one).

    Raises:
        SigningError: The file is missing or unreadable, holds no certificate (e.g. a key, a request
            or a PKCS#12 identity), or its PEM text is damaged.
    """
    data = read_input(path, Text("证书文件", "certificate file"))
    where = str(path)
    if b"-----BEGIN CERTIFICATE-----" in data:
        try:
            return list(x509.load_pem_x509_certificates(data))
        except ValueError:
            raise SigningError(
                Text(
                    "PEM 证书内容已损坏（无法解析）；请向发证方重新获取该文件",
                    "the PEM certificate is damaged (cannot be parsed); get the file again from its issuer",
                ),
                where,
            ) from None
    if b"-----BEGIN" in data:
        for marker, message in _PEM_KINDS.items():
            if marker in data:
                raise SigningError(message, where)
        raise SigningError(
            Text(
                "PEM 文件中没有证书（应包含 -----BEGIN CERTIFICATE-----）",
                "the PEM file holds no certificate (expected -----BEGIN CERTIFICATE-----)",
            ),
            where,
        )
    try:
        return [x509.load_der_x509_certificate(data)]
    except ValueError:
        pass
    if looks_like_pkcs12(data):
        raise SigningError(
            Text(
                "这是 PKCS#12 身份文件（含私钥），不是证书：请使用其证书（PEM）文件",
                "this is a PKCS#12 identity (it holds a private key), not a certificate: "
                "use its certificate (PEM) file",
            ),
            where,
        )
    raise SigningError(
        Text(
            "不是证书文件：应为以 -----BEGIN CERTIFICATE----- 开头的 PEM 文本",
            "not a certificate file: expected PEM text starting with -----BEGIN CERTIFICATE-----",
        ),
        where,
    )


def looks_like_pkcs12(data: bytes) -> bool:
    """True when ``data`` has the outer structure of a PKCS#12 (PFX) file."""
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        return pfx["version"].native == "v3" and pfx["auth_safe"]["content_type"].native in ("data", "signed_data")
    except (ValueError, TypeError, KeyError, AttributeError):
        return False
