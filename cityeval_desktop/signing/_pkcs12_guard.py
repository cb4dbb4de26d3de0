"""Bounds on what a PKCS#12 file may ask for, checked before OpenSSL derives a single key from it.

OpenSSL runs every key derivation a file names with the iteration count the file names: the MAC's, each
encrypted part's and each shrouded private key's. A count of 2³¹−1 hangs the program for tens of minutes,
and the counts of the private keys stored *inside* an encrypted part cannot be read without decrypting
that part. So :func:`check` walks the whole structure itself: it checks the MAC's count and each
encrypted part's algorithm and count, decrypts each encrypted part with its (already bounded) count,
checks every bag inside (nested ones too) and the sum of all counts, and bounds the number of parts and
bags. Only a file that passes goes to OpenSSL. Decrypting costs one extra derivation per encrypted part
(the certificates of a file made by this program: the same rounds as its MAC).
"""

from __future__ import annotations

from typing import Any

from asn1crypto import algos as asn1_algos
from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography.hazmat.decrepit.ciphers.algorithms import ARC4, RC2, TripleDES
from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from cityeval_desktop.domain.text import Text
from cityeval_desktop.signing import _pkcs12
from cityeval_desktop.signing.errors import SigningError

__all__ = ["MAX_BAGS", "MAX_PARTS", "MAX_TOTAL_ROUNDS", "NotPkcs12Error", "WrongPasswordError", "check"]

#: Key-derivation rounds of all derivations together: a file at the per-count limit in each of its usual
#: places (MAC, certificates, key, and this module's decryption of the certificates) still opens.
MAX_TOTAL_ROUNDS = 4 * _pkcs12.MAX_ROUNDS
#: The legacy PKCS#12 ciphers are decrypted here with a key derivation written in Python (about 1 µs a
#: round, twice: key and IV); real legacy files use 2048 rounds.
MAX_LEGACY_ROUNDS = 1_000_000
#: Parts of the authenticated safe (a real file has two: certificates and key).
MAX_PARTS = 16
#: Bags in all parts together, nested ones included (a key, its certificate and a chain of a few CAs).
MAX_BAGS = 64
MAX_NESTING = 4

_MAC_DIGESTS = frozenset({"sha1", "sha224", "sha256", "sha384", "sha512"})
_HASHES: dict[str, Any] = {
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}
_PBKDF2_HMACS = frozenset(_HASHES)
_LEGACY = frozenset(
    {
        "pkcs12_sha1_tripledes_3key",
        "pkcs12_sha1_tripledes_2key",
        "pkcs12_sha1_rc2_128",
        "pkcs12_sha1_rc2_40",
        "pkcs12_sha1_rc4_128",
        "pkcs12_sha1_rc4_40",
    }
)
#: Legacy ciphers whose encrypted parts cannot be opened here (cryptography has no 40-bit RC2).
_OPAQUE = frozenset({"pkcs12_sha1_rc2_40"})


class NotPkcs12Error(Exception):
    """The data does not have the structure of a PKCS#12 file (the caller words the message)."""


class WrongPasswordError(Exception):
    """An encrypted part does not decrypt with the password (the caller words the message)."""


def check(data: bytes, password: str, where: str) -> None:
    """Refuse a PKCS#12 file whose key derivations or size exceed the bounds, before deriving anything with
    a count that was not checked.

    Args:
        data: The file's bytes (already bounded in size by the reader).
        password: The password the user gave.
        where: The file, for the messages.

    Raises:
        NotPkcs12Error: Not a PKCS#12 structure.
        WrongPasswordError: An encrypted part does not decrypt with ``password``.
        SigningError: Too many rounds, parts or bags, an algorithm that cannot be checked, a damaged file.
    """
    walk = _Walk(password, where)
    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        if pfx["version"].native != "v3" or pfx["auth_safe"]["content_type"].native not in ("data", "signed_data"):
            raise NotPkcs12Error
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
        raise NotPkcs12Error from None
    try:
        if pfx["auth_safe"]["content_type"].native != "data":  # public-key integrity: not a password file
            raise SigningError(_unsupported("signed_data"), where)
        mac = pfx["mac_data"]
        if mac.native is not None:
            digest = mac["mac"]["digest_algorithm"]["algorithm"].native
            if digest not in _MAC_DIGESTS:  # e.g. PBMAC1, whose count sits in parameters of its own
                raise SigningError(_unsupported(str(digest)), where)
            walk.count(int(mac["iterations"].native), Text("完整性校验码", "MAC"))
        parts = list(asn1_pkcs12.AuthenticatedSafe.load(pfx["auth_safe"]["content"].native, strict=True))
        if len(parts) > MAX_PARTS:
            raise SigningError(_too_many(len(parts), MAX_PARTS), where)
        for part in parts:
            walk.part(part)
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
        raise _malformed(where) from None


class _Walk:
    """One pass over a file's parts and bags, adding up the rounds."""

    def __init__(self, password: str, where: str) -> None:
        self.password = password
        self.where = where
        self.total = 0
        self.bags = 0

    def count(self, rounds: int, what: Text, *, legacy: bool = False) -> None:
        limit = MAX_LEGACY_ROUNDS if legacy else _pkcs12.MAX_ROUNDS
        if rounds < 1 or rounds > limit:
            raise SigningError(
                Text(
                    f"该 PKCS#12 文件的密钥派生轮数异常巨大（{what.zh}要求 {rounds} 轮，上限 {limit} 轮；"
                    "打开它会使程序长时间无响应），已拒绝",
                    f"this PKCS#12 file asks for an absurd number of key-derivation rounds ({rounds} for its "
                    f"{what.en}, at most {limit} are accepted: opening it would hang the program); refused",
                )
                if rounds >= 1
                else Text(
                    f"该 PKCS#12 文件的{what.zh}密钥派生轮数无效（{rounds}），文件已损坏",
                    f"this PKCS#12 file gives an invalid key-derivation count ({rounds}) for its {what.en}; "
                    "the file is damaged",
                ),
                self.where,
            )
        self.total += rounds * (2 if legacy else 1)  # legacy: the key and the IV are derived apart
        if self.total > MAX_TOTAL_ROUNDS:
            raise SigningError(
                Text(
                    f"该 PKCS#12 文件要求的密钥派生总轮数过大（超过 {MAX_TOTAL_ROUNDS} 轮；打开它会使程序长时间"
                    "无响应），已拒绝",
                    f"this PKCS#12 file asks for too many key-derivation rounds in all (over {MAX_TOTAL_ROUNDS}: "
                    "opening it would hang the program); refused",
                ),
                self.where,
            )

    def algorithm(self, algorithm: asn1_algos.EncryptionAlgorithm, what: Text) -> None:
        """Check an encryption algorithm and its count (no derivation)."""
        name = algorithm["algorithm"].native
        if name == "pbes2":
            if algorithm.kdf != "pbkdf2" or algorithm.kdf_hmac not in _PBKDF2_HMACS:
                raise SigningError(_unsupported(f"pbes2/{algorithm.kdf}"), self.where)
            if algorithm.encryption_cipher not in ("aes", "tripledes"):
                raise SigningError(_unsupported(f"pbes2/{algorithm.encryption_cipher}"), self.where)
            self.count(int(algorithm.kdf_iterations), what)
        elif name in _LEGACY:
            self.count(int(algorithm.kdf_iterations), what, legacy=True)
        else:
            raise SigningError(_unsupported(str(name)), self.where)

    def part(self, part: Any) -> None:
        kind = part["content_type"].native
        if kind == "data":
            self.bags_in(asn1_pkcs12.SafeContents.load(part["content"].native, strict=True), 0)
        elif kind == "encrypted_data":
            info = part["content"]["encrypted_content_info"]
            algorithm = info["content_encryption_algorithm"]
            self.algorithm(algorithm, Text("加密的证书部分", "encrypted part"))
            if algorithm["algorithm"].native in _OPAQUE:
                raise SigningError(_unsupported(str(algorithm["algorithm"].native)), self.where)
            plain = _decrypt(algorithm, bytes(info["encrypted_content"].native or b""), self.password)
            try:
                contents = asn1_pkcs12.SafeContents.load(plain, strict=True)
                contents.native  # noqa: B018 - parse it all now: garbage means the password was wrong
            except (ValueError, TypeError, KeyError):
                raise WrongPasswordError from None
            self.bags_in(contents, 0)
        else:  # public-key privacy (enveloped data) is not a password-protected identity
            raise SigningError(_unsupported(str(kind)), self.where)

    def bags_in(self, contents: Any, depth: int) -> None:
        if depth > MAX_NESTING:
            raise _malformed(self.where)
        for bag in contents:
            self.bags += 1
            if self.bags > MAX_BAGS:
                raise SigningError(_too_many(self.bags, MAX_BAGS), self.where)
            kind = bag["bag_id"].native
            if kind == "pkcs8_shrouded_key_bag":
                self.algorithm(bag["bag_value"]["encryption_algorithm"], Text("私钥", "private key"))
            elif kind == "safe_contents":
                self.bags_in(bag["bag_value"], depth + 1)


def _decrypt(algorithm: asn1_algos.EncryptionAlgorithm, data: bytes, password: str) -> bytes:
    """Decrypt an encrypted part (its count already checked); WrongPasswordError when it does not decrypt."""
    cipher_name = algorithm.encryption_cipher
    salt = bytes(algorithm.kdf_salt)
    rounds = int(algorithm.kdf_iterations)
    size = int(algorithm.key_length)
    if algorithm["algorithm"].native == "pbes2":
        hmac = _HASHES[algorithm.kdf_hmac]()
        key = PBKDF2HMAC(hmac, size, salt, rounds).derive(password.encode("utf-8"))  # OpenSSL's, the fastest
        iv = bytes(algorithm.encryption_iv)
    else:
        key = _pkcs12.pkcs12_kdf(password, salt, rounds, 1, size, digest="sha1")
        iv = _pkcs12.pkcs12_kdf(password, salt, rounds, 2, 8, digest="sha1") if cipher_name != "rc4" else b""
    if cipher_name == "rc4":
        decryptor = Cipher(ARC4(key), mode=None).decryptor()
        return decryptor.update(data) + decryptor.finalize()
    block: Any = {"aes": algorithms.AES, "tripledes": TripleDES, "rc2": RC2}[cipher_name](key)
    if len(data) % (block.block_size // 8):
        raise WrongPasswordError
    decryptor = Cipher(block, modes.CBC(iv)).decryptor()
    padded = decryptor.update(data) + decryptor.finalize()
    unpadder = padding.PKCS7(block.block_size).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError:
        raise WrongPasswordError from None


def _unsupported(name: str) -> Text:
    return Text(
        "该 PKCS#12 文件使用了过时或不支持的加密方式，无法安全地打开；请用较新的软件重新导出（AES-256 加密）",
        f"this PKCS#12 file uses an outdated or unsupported encryption ({name[:60]}) that cannot be opened "
        "safely; export it again with current software (AES-256 encryption)",
    )


def _too_many(found: int, limit: int) -> Text:
    return Text(
        f"该 PKCS#12 文件包含的条目过多（{found} 个以上，上限 {limit} 个），不是普通的身份文件，已拒绝",
        f"this PKCS#12 file holds too many entries ({found} or more, at most {limit}); "
        "it is not an ordinary identity file; refused",
    )


def _malformed(where: str) -> SigningError:
    return SigningError(
        Text(
            "该 PKCS#12 文件结构异常或已损坏，无法打开；请向发放方重新获取该身份文件",
            "this PKCS#12 file is malformed or damaged and cannot be opened; get the identity file again "
            "from whoever issued it",
        ),
        where,
    )
