"""Errors services raise for the user (defined in the domain so every layer can raise them)."""

from cityeval_desktop.domain.errors import InputError, NotFoundError, StateError

__all__ = ["InputError", "NotFoundError", "StateError"]
