"""Words for outputs: local date-times instead of raw ISO 8601, English counts with the right plural."""

from __future__ import annotations

from datetime import UTC, date, datetime

__all__ = ["count", "local_datetime", "local_naive", "time_words", "zone_words"]


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


def zone_words() -> str:
    """This computer's offset from UTC as shown next to local times: ``UTC+08:00``."""
    offset = datetime.now().astimezone().strftime("%z") or "+0000"
    return f"UTC{offset[:3]}:{offset[3:]}"


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``1 case``, ``2 cases``, ``0 cases`` (``plural`` for irregular words: ``1 entry``/``2 entries``)."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"
