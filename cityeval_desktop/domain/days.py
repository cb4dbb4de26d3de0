"""The calendar the program counts days in: China's (UTC+08:00), whatever the computer's time zone.

A report prints its moments in Beijing time and its assessment date as a Beijing day; the validity
period a finalize records, the regional view's and the notice's "today", a certificate's and a result's
expiry, and the "not in the future" checks of dates typed in all count in the same days, so a result
finalized at 01:00 Beijing time (17:00 UTC the day before) is dated, valid and published on one day
on a laptop set to UTC as on one set to Asia/Shanghai.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

#: China Standard Time (no daylight saving since 1991)
BEIJING = timezone(timedelta(hours=8))


def today() -> date:
    """The day it is now in China."""
    return datetime.now(BEIJING).date()


def day_of(moment: datetime) -> date:
    """The Beijing day of a moment (a naive one is UTC, as the database stores it)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(BEIJING).date()
