"""How the import page and the verify dialog open encrypted packages (``.cityeval.p7m``) with the agency's identity.

The envelope is ``services/package_crypto.py``; this only shapes its ``opener`` for the two screens. It runs on
the background worker (opening an identity takes a moment).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from cityeval_desktop.services.context import AppContext

#: What an encrypted package's name ends with.
ENCRYPTED_SUFFIX = ".cityeval.p7m"


def opener_for(
    ctx: AppContext, identity_path: str, password: str
) -> Callable[[Path], contextlib.AbstractContextManager[Path]]:
    """The ``opener`` of ``import_packages`` / ``verify_packages``: plain packages as they are, encrypted ones
    decrypted with the agency identity at ``identity_path`` (or refused, saying an identity is needed, when
    none was given). Decrypted copies go to a private folder in the data folder, removed afterwards.

    Raises:
        SigningError: The identity cannot be opened (wrong password, not an identity).
    """
    from cityeval_desktop.services.package_crypto import load_decryption_identity, package_opener

    identity = load_decryption_identity(Path(identity_path).expanduser(), password) if identity_path else None
    return package_opener(identity, work_dir=ctx.data_dir)
