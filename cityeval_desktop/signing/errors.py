"""The error the signing package raises: bilingual, naming the file and what to do."""

from __future__ import annotations

from cityeval_desktop.domain.text import DomainError


class SigningError(DomainError):
    """A problem with an identity, a certificate, the trust list or a signed PDF that the user can fix.

    ``message`` says what is wrong and what to do (in Chinese and English); ``where`` names the file.
    """
