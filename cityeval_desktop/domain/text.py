"""Bilingual text: every user-facing string of the core carries Chinese and English."""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from dataclasses import dataclass

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"


@dataclass(frozen=True, slots=True)
class Text:
    """A string in Chinese (primary) and English."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """Return the text in ``lang`` ("zh" or "en"), falling back to Chinese."""
        return self.en if lang == "en" else self.zh

    def format(self, **kwargs: object) -> Text:
        """Return a copy with ``str.format`` applied to both languages."""
        return Text(self.zh.format(**kwargs), self.en.format(**kwargs))

    def to_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}

    @classmethod
    def of(cls, zh: str, en: str | None = None) -> Text:
        return cls(zh, zh if en is None else en)


class CityEvalError(Exception, metaclass=ABCMeta):
    """The root of every error a user can act on, raised by any layer.

    ``lines(lang)`` is what a front end shows: one line per problem, in that language, each saying
    what is wrong, where, and what to do. Anything else that reaches a front end is an internal
    error (logged, never shown raw).
    """

    @abstractmethod
    def lines(self, lang: str) -> list[str]:
        """One line per problem, in ``lang`` ("zh" or "en")."""


class DomainError(CityEvalError):
    """A problem a user can fix; carries a bilingual message and where it happened."""

    def __init__(self, message: Text, where: str = "") -> None:
        super().__init__(message.en if not where else f"{where}: {message.en}")
        self.message = message
        self.where = where

    def render(self, lang: str) -> str:
        """The one line: ``where: message``."""
        text = self.message.get(lang)
        return f"{self.where}: {text}" if self.where else text

    def lines(self, lang: str) -> list[str]:
        return [self.render(lang)]
