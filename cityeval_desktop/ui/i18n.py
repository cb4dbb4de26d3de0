"""The active interface language, for bilingual texts that come from the core."""

from __future__ import annotations

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
