"""The window's way to encrypted packages: encrypt an export for an agency, open one received at the agency.

The envelope itself is ``services/package_crypto.py``; these adapters only shape its calls for the
export dialog and the import page (which show their encryption fields only when it is installed).
They run on the background worker.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from cityeval_desktop.services.context import AppContext

_MODULE = "cityeval_desktop.services.package_crypto"
ENCRYPTED_SUFFIX = ".cityeval.p7m"


def available() -> bool:
    """Whether this program can encrypt and open encrypted packages."""
    return importlib.util.find_spec(_MODULE) is not None


def _crypto() -> Any:
    return importlib.import_module(_MODULE)


@contextlib.contextmanager
def _private_folder() -> Iterator[Path]:
    """A folder only this user can open, removed with everything in it afterwards."""
    folder = getattr(_crypto(), "private_folder", None)
    if folder is not None:
        with folder() as path:
            yield Path(path)
        return
    with tempfile.TemporaryDirectory(prefix="cityeval-export-") as path:  # mkdtemp makes it 0700
        yield Path(path)


def export_encrypted(ctx: AppContext, ref: str, out: Path, identity: Any, recipient_pem: Path) -> Any:
    """Export ``ref`` as a package encrypted for the agency certificate ``recipient_pem`` into ``out``.

    The plaintext package is written (and checked whole) in a private temporary folder that is removed
    afterwards; nothing is left at ``out`` when anything fails.

    Returns:
        The :class:`~cityeval_desktop.services.packages.ExportResult` of the package inside, with
        ``path`` and ``size`` those of the encrypted file.
    """
    import dataclasses

    from cityeval_desktop.services.packages import export_package

    crypto = _crypto()
    name = Path(out).name
    plain_name = name[: -len(".p7m")] if name.lower().endswith(".p7m") else f"{Path(out).stem}.cityeval"
    with _private_folder() as folder:
        result = export_package(ctx, ref, folder / plain_name, identity)
        written = Path(crypto.encrypt_package(result.path, Path(out), Path(recipient_pem)))
    return dataclasses.replace(result, path=written, size=written.stat().st_size)


def decrypting_opener(identity_path: Path, password: str) -> Callable[[Path], Any]:
    """An ``opener`` for ``import_packages``/``verify_packages`` that opens encrypted packages with the
    agency's identity and hands plaintext packages on as they are.

    Raises:
        SigningError: The identity cannot be opened (wrong password, not an identity).
    """
    crypto = _crypto()
    load = getattr(crypto, "load_decryption_identity", None)
    if load is None:
        from cityeval_desktop.services.identities import load_signing_identity as load
    identity = load(Path(identity_path), password)
    decrypt = functools.partial(crypto.decrypted_package, identity=identity)
    is_encrypted = getattr(crypto, "is_encrypted_package", None)

    def opener(path: Path) -> Any:
        encrypted = is_encrypted(path) if is_encrypted is not None else str(path).lower().endswith(".p7m")
        return decrypt(path) if encrypted else contextlib.nullcontext(path)

    return opener
