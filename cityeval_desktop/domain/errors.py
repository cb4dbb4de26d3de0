"""Errors of user input: each names what and where, in both languages (raised by any layer)."""

from __future__ import annotations

from cityeval_desktop.domain.text import CityEvalError, DomainError, Text


class InputError(CityEvalError):
    """One or more problems with the user's input; nothing was changed."""

    def __init__(self, problems: list[DomainError]) -> None:
        super().__init__("; ".join(p.render("en") for p in problems))
        self.problems = problems

    @classmethod
    def one(cls, message: Text, where: str = "") -> InputError:
        return cls([DomainError(message, where)])

    def render(self, lang: str) -> list[str]:
        return [p.render(lang) for p in self.problems]

    def lines(self, lang: str) -> list[str]:
        return self.render(lang)


class NotFoundError(InputError):
    """A case, framework or file that does not exist."""


class StateError(InputError):
    """The action does not fit the case's state (e.g. editing a finalized case)."""
