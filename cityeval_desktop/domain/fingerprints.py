"""How the program shows a certificate fingerprint or a file's sha256 in short: one format everywhere."""

from __future__ import annotations

__all__ = ["short_fingerprint", "short_sha256"]


def short_fingerprint(full: str) -> str:
    """The first 16 hex digits of a fingerprint, grouped as ``AB:CD:EF:01:23:45:67:89``.

    The signature box of a report, the window and the command line show this form; ``trust remove``
    takes it as it is (colons allowed).
    """
    head = full[:16].upper()
    return ":".join(head[i : i + 2] for i in range(0, len(head), 2))


def short_sha256(full: str) -> str:
    """The first 12 hex digits of a file's sha256 (lower case, as ``sha256sum`` prints it), for tables."""
    return full[:12].lower()
