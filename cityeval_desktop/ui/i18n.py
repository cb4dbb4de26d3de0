"""The active interface language, for bilingual texts that come from the core."""

from __future__ import annotations

from collections.abc import Iterable

from cityeval_desktop.domain.text import Text

_active = {"lang": "zh"}


def lang() -> str:
    """ "zh" or "en"."""
    return _active["lang"]


def set_lang(value: str) -> None:
    _active["lang"] = "en" if value == "en" else "zh"


def pick(text: Text | None) -> str:
    """The core's bilingual text in the active language ("" for None)."""
    return text.get(lang()) if text is not None else ""


def join_messages(messages: Iterable[str]) -> str:
    """The core's messages as one text beside a field (an English one starts with a capital)."""
    text = ("；" if lang() == "zh" else "; ").join(messages)
    return text[:1].upper() + text[1:]


def plural(n: int, one: str, many: str) -> str:
    """``one`` for exactly one thing, else ``many`` (both already translated; Chinese gives them the same
    text), with ``%1`` the count: ``plural(2, self.tr("%1 file"), self.tr("%1 files"))`` → ``2 files``."""
    return (one if n == 1 else many).replace("%1", str(n))
