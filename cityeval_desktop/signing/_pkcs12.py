"""PKCS#12 files: AES-256 + PBKDF2 encryption and a MAC as costly to guess as the encryption."""

from __future__ import annotations

import hashlib
import hmac
import os

from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.serialization import PrivateFormat, pkcs12

#: PBKDF2-HMAC-SHA256 rounds for the key and certificate bags and the MAC (OWASP 2023: 600 000).
KDF_ROUNDS = 600_000

_MAC_KEY_ID = 3  # RFC 7292 B.3: ID byte for MAC key material
_BLOCK = 64  # SHA-256 input block size (v in RFC 7292 B.2)


def dump(
    key: PrivateKeyTypes,
    cert: x509.Certificate,
    cas: tuple[x509.Certificate, ...],
    password: str,
    friendly_name: str,
    rounds: int | None = None,
) -> bytes:
    """A password-protected PKCS#12 file: PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) and an HMAC-SHA256 MAC.

    cryptography writes the MAC with a fixed 2048 iterations, which would let a stolen file's password be
    guessed 300 times faster through the MAC than through the encryption; the MAC is recomputed here with
    the same number of rounds (RFC 7292 appendix B key derivation) and checked by reading the file back.

    Args:
        key: The private key.
        cert: Its certificate.
        cas: Further certificates (the issuer chain).
        password: The password (not empty).
        friendly_name: The name shown by other programs that import the file.
        rounds: Key-derivation rounds (default :data:`KDF_ROUNDS`).

    Returns:
        The DER bytes of the file.
    """
    rounds = rounds or KDF_ROUNDS
    encryption = (
        PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(rounds)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(password.encode("utf-8"))
    )
    data = pkcs12.serialize_key_and_certificates(
        friendly_name.encode("utf-8"), key, cert, list(cas) or None, encryption
    )
    stronger = _remac(data, password, rounds)
    try:
        check_key, check_cert, _ = pkcs12.load_key_and_certificates(stronger, password.encode("utf-8"))
    except ValueError:
        return data  # the password's encoding did not round-trip; keep cryptography's own MAC
    if check_key is None or check_cert != cert:
        return data
    return stronger


def _remac(data: bytes, password: str, rounds: int) -> bytes:
    pfx = asn1_pkcs12.Pfx.load(data)
    content = pfx["auth_safe"]["content"].native
    old_mac = pfx["mac_data"]
    salt = os.urandom(16)
    mac_key = pkcs12_kdf(password, salt, rounds, _MAC_KEY_ID, 32)
    digest = hmac.new(mac_key, content, hashlib.sha256).digest()
    mac_data = asn1_pkcs12.MacData(
        {
            "mac": {"digest_algorithm": old_mac["mac"]["digest_algorithm"], "digest": digest},
            "mac_salt": salt,
            "iterations": rounds,
        }
    )
    return asn1_pkcs12.Pfx({"version": "v3", "auth_safe": pfx["auth_safe"], "mac_data": mac_data}).dump()


def _fill(data: bytes) -> bytes:
    """``data`` repeated to the next multiple of the block size (empty stays empty)."""
    if not data:
        return b""
    length = _BLOCK * -(-len(data) // _BLOCK)
    return (data * (length // len(data) + 1))[:length]


def pkcs12_kdf(
    password: str, salt: bytes, iterations: int, id_byte: int, size: int, *, digest: str = "sha256"
) -> bytes:
    """RFC 7292 appendix B.2 key derivation (the password as a BMPString with its terminator).

    Args:
        password: The password.
        salt: The salt.
        iterations: Hash iterations.
        id_byte: 1 key, 2 IV, 3 MAC key.
        size: Bytes wanted.
        digest: ``"sha256"``, or ``"sha1"`` for the legacy PKCS#12 ciphers (both have 64-byte blocks).

    Returns:
        ``size`` bytes of key material.
    """
    hash_ = {"sha256": hashlib.sha256, "sha1": hashlib.sha1}[digest]
    pw = password.encode("utf-16-be") + b"\0\0" if password else b""
    d = bytes([id_byte]) * _BLOCK
    i = _fill(salt) + _fill(pw)
    out = b""
    while True:
        a = hash_(d + i).digest()
        for _ in range(iterations - 1):
            a = hash_(a).digest()
        out += a
        if len(out) >= size:
            return out[:size]
        b = int.from_bytes(_fill(a)[:_BLOCK], "big")
        blocks = [i[j : j + _BLOCK] for j in range(0, len(i), _BLOCK)]
        i = b"".join(
            ((int.from_bytes(block, "big") + b + 1) % (1 << (8 * _BLOCK))).to_bytes(_BLOCK, "big") for block in blocks
        )


#: More key-derivation rounds than any real file uses (8 times this program's own): a file asking for more
#: would hang the program when opened (see :mod:`~cityeval_desktop.signing._pkcs12_guard`).
MAX_ROUNDS = 5_000_000
