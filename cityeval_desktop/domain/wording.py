"""Words for outputs: local date-times instead of raw ISO 8601, English counts with the right plural."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from cityeval_desktop.domain.text import Text

__all__ = [
    "METHOD_TITLES",
    "count",
    "local_datetime",
    "local_naive",
    "method_words",
    "time_words",
    "time_words_in",
    "zone_words",
]

#: how scoring methods are called (the method ids stay in the framework files)
METHOD_TITLES: dict[str, Text] = {
    "scale": Text("分级评分", "Levels"),
    "yes_no": Text("是否判断", "Yes / no"),
    "choice": Text("选项评分", "Choice"),
    "threshold": Text("门槛值分档", "Tier threshold"),
    "bands": Text("数值分档", "Bands"),
    "ratio": Text("按目标比例", "Ratio to target"),
    "per_item": Text("按项计分", "Per item"),
    "deduction": Text("扣分", "Deduction"),
    "count": Text("计数", "Count"),
    "percent": Text("百分比", "Percentage"),
}

_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?")


def local_naive(moment: datetime) -> datetime:
    """A moment as the wall-clock time of this computer (naive; a naive input is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().replace(tzinfo=None)


def local_datetime(moment: datetime, *, seconds: bool = False) -> str:
    """``2026-12-02 08:24`` in local time (never the ISO ``T``)."""
    return local_naive(moment).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def time_words(value: object, *, seconds: bool = False) -> str:
    """A date or time as read: a date stays ``2026-11-30``; an ISO time becomes local ``2026-11-30 10:00``.

    Text that is not an ISO date or time is returned unchanged (it came from outside and is shown as typed).
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local_datetime(value, seconds=seconds)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if "T" not in text and ":" not in text:
        return text
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        return text
    return local_datetime(moment, seconds=seconds)


def time_words_in(text: str) -> str:
    """Text with every ISO 8601 time in it shown as a local date-time (``…T10:00:00+08:00`` → ``… 10:00``)."""
    return _ISO_TIME.sub(lambda m: time_words(m.group(0)), text)


def zone_words() -> str:
    """This computer's offset from UTC as shown next to local times: ``UTC+08:00``."""
    offset = datetime.now().astimezone().strftime("%z") or "+0000"
    return f"UTC{offset[:3]}:{offset[3:]}"


def method_words(method_type: str, lang: str) -> str:
    """A scoring method as people call it (分级评分, Per item…); an unknown method shows its id."""
    title = METHOD_TITLES.get(method_type)
    return title.get(lang) if title else method_type


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``1 case``, ``2 cases``, ``0 cases`` (``plural`` for irregular words: ``1 entry``/``2 entries``)."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"
