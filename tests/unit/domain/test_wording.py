"""Output words (domain/wording.py): local date-times instead of raw ISO 8601, English counts."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from cityeval_desktop.domain.wording import count, local_naive, time_words, time_words_in, zone_words


@pytest.fixture
def shanghai(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_english_counts_have_the_right_plural() -> None:
    assert count(1, "case") == "1 case"
    assert count(2, "case") == "2 cases"
    assert count(0, "case") == "0 cases"
    assert count(1, "veto item") == "1 veto item"
    assert count(3, "audit entry", "audit entries") == "3 audit entries"


def test_times_read_as_local_date_times(shanghai: None) -> None:
    assert zone_words() == "UTC+08:00"
    assert time_words("2025-12-15T10:00:00+08:00") == "2025-12-15 10:00"
    assert time_words("2026-12-02T00:24:19.493307Z") == "2026-12-02 08:24"  # the audit chain's UTC
    assert time_words(datetime(2026, 12, 2, 0, 24, tzinfo=UTC), seconds=True) == "2026-12-02 08:24:00"
    assert local_naive(datetime(2026, 12, 2, 0, 24)) == datetime(2026, 12, 2, 8, 24)  # naive: taken as UTC
    assert time_words("2025-12-15") == "2025-12-15"  # a date stays a date
    assert time_words("核对：原件") == "核对：原件"  # text that is no time is shown as typed
    assert time_words("T12:xx") == "T12:xx"
    assert time_words_in("查询时间 2025-12-15T02:00:00Z，属实") == "查询时间 2025-12-15 10:00，属实"
