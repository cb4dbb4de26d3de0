"""Encrypted case packages (``.cityeval.p7m``): a package encrypted for an agency, and opened there with its identity.

The envelope itself (CMS EnvelopedData, AES-256-CBC, RSA-OAEP) is ``signing/envelope.py``. Here are the
use cases around files: :func:`encrypt_package` writes a new ``.cityeval.p7m`` atomically from a written
package and the agency's certificate file; :func:`decrypted_package` gives the agency a plaintext copy
in a private temporary folder, for verification and import, that is removed whatever happens;
:func:`is_encrypted_package` tells the two kinds of file apart by their first bytes.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from cityeval_desktop.domain.files import FileReadError, open_regular
from cityeval_desktop.domain.os_errors import os_reason
from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.exchange.package import MAX_PACKAGE_BYTES
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.services.instance_lock import pid_alive
from cityeval_desktop.signing import envelope
from cityeval_desktop.signing._util import display_name, fingerprint, name_attribute, short_fingerprint
from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.signing.identity import Identity, load_identity
from cityeval_desktop.store.files import check_output_path, refuse_existing, write_output

__all__ = [
    "ENCRYPTED_SUFFIX",
    "MAX_ENCRYPTED_BYTES",
    "decrypted_package",
    "encrypt_package",
    "is_encrypted_package",
    "load_decryption_identity",
    "package_opener",
    "plain_name",
    "private_folder",
    "recipient_facts",
]

#: What an encrypted package's name ends with.
ENCRYPTED_SUFFIX = ".p7m"
#: The largest package is 8 GB (``exchange/package.py``); its envelope adds the padding and the header.
MAX_ENCRYPTED_BYTES = envelope.MAX_CONTENT_BYTES + envelope.MAX_HEADER_BYTES
_ZIP_MAGIC = b"PK\x03\x04"
#: Private temporary folders are named ``cityeval-private-<pid>-<random>``: a folder left behind by a
#: process that is gone (killed, power cut) is removed by the next one.
_PREFIX = "cityeval-private-"
_LEFT_BEHIND = re.compile(rf"^{_PREFIX}(\d+)-")


# ----------------------------------------------------------------------------- the agency's certificate
def recipient_facts(recipient_pem: Path) -> dict[str, Any]:
    """What the GUI shows about an agency certificate before encrypting to it.

    Returns:
        ``subject`` (the name), ``organisation`` (or None), ``issuer``, ``serial`` (hex), ``fingerprint``
        (sha256 hex), ``fingerprint_short`` and ``not_after`` (ISO 8601, UTC).

    Raises:
        SigningError: The file is not a usable agency certificate (see :func:`encrypt_package`).
    """
    from cryptography.x509.oid import NameOID

    cert = envelope.load_recipient_certificate(Path(recipient_pem))
    full = fingerprint(cert)
    return {
        "subject": display_name(cert.subject),
        "organisation": name_attribute(cert.subject, NameOID.ORGANIZATION_NAME),
        "issuer": display_name(cert.issuer),
        "serial": format(cert.serial_number, "X"),
        "fingerprint": full,
        "fingerprint_short": short_fingerprint(full),
        "not_after": cert.not_valid_after_utc.isoformat(),
    }


# ----------------------------------------------------------------------------- encrypting
def encrypt_package(package: Path, out: Path, recipient_pem: Path | Sequence[Path]) -> Path:
    """Encrypt the written package ``package`` for the agency certificate(s) into the new file ``out``.

    ``out`` (by convention ``NAME.cityeval.p7m``) is written atomically; on any failure nothing is left
    at ``out``. ``openssl cms -decrypt -inform DER -in OUT -inkey KEY.pem -recip CERT.pem`` opens it.

    Args:
        package: A ``.cityeval`` file (a ZIP), e.g. what ``export_package`` wrote to a private folder.
        out: The encrypted file to create; an existing file is never replaced.
        recipient_pem: The agency's certificate file (PEM or DER), or several for several agencies.

    Returns:
        ``out``.

    Raises:
        InputError: ``out`` exists or cannot be written; ``package`` is not a regular file, too large, or
            not an unencrypted package.
        SigningError: A certificate file that is missing, not a certificate (a CRL, a key, a request,
            garbage), of a CA, not RSA, expired or not valid yet, or whose key usage forbids encryption.
    """
    out = check_output_path(Path(out))
    refuse_existing(out)
    files = [Path(recipient_pem)] if isinstance(recipient_pem, str | os.PathLike) else [Path(p) for p in recipient_pem]
    recipients = [envelope.load_recipient_certificate(p) for p in files]
    package = Path(package)
    where = str(package)
    try:
        src = open_regular(package, MAX_PACKAGE_BYTES)
    except FileReadError as exc:
        raise InputError.one(exc.message, exc.where) from None
    with src:
        try:
            size = os.fstat(src.fileno()).st_size
            head = src.read(len(_ZIP_MAGIC) + 32)
            src.seek(0)
        except OSError as exc:
            reason = os_reason(exc)
            raise InputError.one(
                Text(f"无法读取案例包：{reason.zh}", f"cannot read the package: {reason.en}"), where
            ) from None
        if envelope.looks_enveloped(head):
            raise InputError.one(
                Text("该案例包已经加密，无需再加密", "this package is encrypted already; it needs no second envelope"),
                where,
            )
        if not head.startswith(_ZIP_MAGIC):
            raise InputError.one(
                Text(
                    "不是案例包（.cityeval 应为 ZIP 文件），未加密任何内容",
                    "not a case package (a .cityeval file is a ZIP); nothing was encrypted",
                ),
                where,
            )
        write_output(out, lambda fh: envelope.encrypt(src, size, fh, recipients))
    return out


# ----------------------------------------------------------------------------- opening at the agency
def load_decryption_identity(path: Path, password: str) -> Identity:
    """The agency's identity for opening encrypted packages.

    Unlike signing, opening needs no certificate valid today: a package encrypted to last year's
    certificate must still open after it expired.

    Raises:
        SigningError: The file cannot be opened as an identity (see ``signing.identity.load_identity``).
    """
    return load_identity(Path(path), password, check_validity=False)


def is_encrypted_package(path: Path) -> bool:
    """True when ``path`` is a regular file starting with a CMS EnvelopedData (reads its first bytes only)."""
    try:
        fh = open_regular(Path(path), MAX_ENCRYPTED_BYTES)
    except FileReadError:
        return False
    with fh:
        try:
            head = fh.read(32)
        except OSError:
            return False
    return envelope.looks_enveloped(head)


def plain_name(path: Path) -> str:
    """The name of the plaintext package inside an encrypted one: ``a.cityeval.p7m`` → ``a.cityeval``."""
    name = Path(path).name
    if name.lower().endswith(ENCRYPTED_SUFFIX):
        name = name[: -len(ENCRYPTED_SUFFIX)]
    if not name.lower().endswith(".cityeval"):
        name = f"{name or 'package'}.cityeval"
    return name


def _sweep_left_behind(base: Path) -> None:
    """Remove private folders of processes that are gone (a kill or a power cut skipped their clean-up)."""
    try:
        entries = list(os.scandir(base))
    except OSError:
        return
    me = os.getuid() if hasattr(os, "getuid") else None
    for entry in entries:
        match = _LEFT_BEHIND.match(entry.name)
        if match is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or (me is not None and info.st_uid != me):
            continue
        pid = int(match.group(1))
        if pid != os.getpid() and not pid_alive(pid):
            shutil.rmtree(entry.path, ignore_errors=True)


@contextlib.contextmanager
def private_folder(work_dir: Path | None = None) -> Iterator[Path]:
    """A new folder only this user can open (0700), removed with everything in it on exit, whatever happens.

    For plaintext that must never lie around: a decrypted package, or a package being exported before
    it is encrypted.

    Args:
        work_dir: Where to make it (default: the system's temporary folder; made when missing). Use a
            folder on a disk with room for a whole package, e.g. the data folder.

    Raises:
        InputError: The folder cannot be made.
    """
    base = Path(work_dir) if work_dir is not None else Path(tempfile.gettempdir())
    _sweep_left_behind(base)
    try:
        base.mkdir(parents=True, exist_ok=True)  # e.g. a data folder nothing was written to yet
        folder = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", dir=base))  # mode 0700
    except OSError as exc:
        reason = os_reason(exc)
        raise InputError.one(
            Text(
                f"无法创建临时文件夹：{reason.zh}；请检查该位置的权限和剩余空间",
                f"cannot make a temporary folder: {reason.en}; check the permissions and free space there",
            ),
            str(base),
        ) from None
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _new_private_file(path: Path) -> BinaryIO:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    return os.fdopen(os.open(path, flags, 0o600), "wb")


@contextlib.contextmanager
def decrypted_package(path: Path, identity: Identity, *, work_dir: Path | None = None) -> Iterator[Path]:
    """The plaintext ``.cityeval`` inside the encrypted package ``path``, as a temporary file.

    The file lies in a :func:`private_folder` and is removed on exit, whatever happens (a failed
    decryption leaves nothing either). Verify and import it as any package; name ``path`` to the user.

    Args:
        path: The ``.cityeval.p7m`` file.
        identity: The agency's identity the package was encrypted to (:func:`load_decryption_identity`).
        work_dir: Where the private folder goes (default: the system's temporary folder).

    Yields:
        The plaintext package's path (named as :func:`plain_name` says).

    Raises:
        InputError: ``path`` is not a regular file or too large; the temporary copy cannot be written.
        SigningError: Not an encrypted package, not for this identity (naming whom it is for),
            damaged, truncated, wrongly padded, or an unsupported algorithm; ``where`` is ``path``.
    """
    path = Path(path)
    where = str(path)
    with private_folder(work_dir) as folder:
        plain = folder / plain_name(path)
        try:
            src = open_regular(path, MAX_ENCRYPTED_BYTES)
        except FileReadError as exc:
            raise InputError.one(exc.message, exc.where) from None
        try:
            with src, _new_private_file(plain) as out:
                envelope.decrypt(src, out, identity, limit=MAX_ENCRYPTED_BYTES)
        except SigningError as exc:
            raise SigningError(exc.message, exc.where or where) from None
        except OSError as exc:
            reason = os_reason(exc)
            raise InputError.one(
                Text(
                    f"解密案例包时读写文件失败（临时文件夹在 {folder.parent}）：{reason.zh}；"
                    "请检查该磁盘的剩余空间后重试",
                    f"reading the package or writing its decrypted copy (the temporary folder is in "
                    f"{folder.parent}) failed: {reason.en}; check the free space on that disk and try again",
                ),
                where,
            ) from None
        yield plain


def package_opener(
    identity: Identity | None, *, work_dir: Path | None = None
) -> Callable[[Path], contextlib.AbstractContextManager[Path]]:
    """The ``opener`` for verify and import: a plain package as it is, an encrypted one decrypted.

    Files are told apart by their first bytes (:func:`is_encrypted_package`), whatever their names.

    Args:
        identity: The agency's identity (:func:`load_decryption_identity`), or None when none was given:
            an encrypted file is then refused with a message saying an identity is needed.
        work_dir: Where the private folders of decrypted copies go (see :func:`decrypted_package`).

    Returns:
        A function of a file's path giving a context manager that yields the plaintext package's path.
    """

    @contextlib.contextmanager
    def opener(path: Path) -> Iterator[Path]:
        path = Path(path)
        if not is_encrypted_package(path):
            yield path
            return
        if identity is None:
            raise SigningError(
                Text(
                    "该案例包已加密，只有加密时指定的机构身份才能打开；请指定机构接收案例包所用的身份文件（.p12）",
                    "this package is encrypted and opens only with the agency identity it was encrypted to; "
                    "give that identity file (.p12)",
                ),
                str(path),
            )
        with decrypted_package(path, identity, work_dir=work_dir) as plain:
            yield plain

    return opener


def require_identity_for(files: list[Path]) -> None:
    """Refuse to go on when any of ``files`` is encrypted and no identity was given to open it.

    The packages are not at fault, so they are neither quarantined nor recorded: the whole run is
    refused up front, naming each encrypted file.

    Raises:
        InputError: One problem per encrypted file.
    """
    encrypted = [Path(f) for f in files if is_encrypted_package(Path(f))]
    if encrypted:
        raise InputError(
            [
                DomainError(
                    Text(
                        "案例包已加密，需要机构接收案例包所用的身份文件才能打开；未导入任何案例包",
                        "the package is encrypted and opens only with the agency identity it was encrypted to; "
                        "give that identity. Nothing was imported",
                    ),
                    str(f),
                )
                for f in encrypted
            ]
        )
