"""What a result rests on: the basis of veto decisions, evidence kinds and evidence verifications.

Plain data and the strict readings of what comes from outside (ids or the Chinese words, ISO 8601
times), shared by the answers files, the checklist workbook, the services and the window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from cityeval_desktop.domain.text import DomainError, Text

#: The evidence kinds the default frameworks use (a framework may name others: they show as their id).
EVIDENCE_KINDS: dict[str, Text] = {
    "contract": Text("合同", "contract"),
    "acceptance-report": Text("验收报告", "acceptance report"),
    "certificate": Text("证书", "certificate"),
    "staff-certificates": Text("人员证书及社保记录", "staff certificates and social insurance"),
    "ip-certificate": Text("知识产权证书", "IP certificate"),
    "audited-financials": Text("审计报告", "audited financial statements"),
    "credit-report": Text("信用查询结果", "credit report"),
    "government-document": Text("政府文件", "government document"),
    "ops-report": Text("运维报告", "operations report"),
    "survey": Text("满意度调查", "survey"),
    "standard": Text("标准文本", "standard"),
    "commitment": Text("承诺书", "commitment"),
}

#: How an assessor verified evidence (the ids are what files and the database hold).
VERIFICATION_METHODS: dict[str, Text] = {
    "original": Text("原件核对", "checked against the original"),
    "issuer-query": Text("发证机构查询", "queried with the issuing body"),
    "client-confirmation": Text("委托方函证", "confirmed in writing by the client"),
    "phone-callback": Text("电话回访", "telephone call-back"),
    "site-inspection": Text("现场核查", "on-site inspection"),
}

CONFIRMED = "confirmed"
DOUBTFUL = "doubtful"
UNTRUE = "untrue"

#: The conclusion of a verification; ``untrue`` (不属实) flags the case for the false-evidence veto.
CONCLUSIONS: dict[str, Text] = {
    CONFIRMED: Text("属实", "confirmed"),
    DOUBTFUL: Text("存疑", "doubtful"),
    UNTRUE: Text("不属实", "untrue"),
}

MAX_SOURCE = 200
MAX_BY = 200
MAX_TIME_TEXT = 40

# YYYY-MM-DDTHH:MM[:SS[.ffffff]] followed by Z or ±HH:MM (a space may stand for the T)
_AWARE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def kind_title(kind: str) -> Text:
    """The words for an evidence kind (its id when the catalogue does not know it)."""
    return EVIDENCE_KINDS.get(kind, Text(kind, kind))


def kinds_listed(kinds: tuple[str, ...] | list[str]) -> Text:
    """The kinds as a message lists them: the words with the id a file must hold."""
    return Text(
        "、".join(f"{kind_title(k).zh}（{k}）" for k in kinds),
        ", ".join(f"{kind_title(k).en} ({k})" for k in kinds),
    )


def _lookup(value: str, table: dict[str, Text]) -> str | None:
    text = value.strip()
    if text in table:
        return text
    return next((key for key, words in table.items() if text in (words.zh, words.en)), None)


def method_id(value: str) -> str | None:
    """The method id for an id or its Chinese or English words (None: not a method)."""
    return _lookup(value, VERIFICATION_METHODS)


def conclusion_id(value: str) -> str | None:
    """The conclusion id for an id or its Chinese or English words (属实 / 存疑 / 不属实)."""
    return _lookup(value, CONCLUSIONS)


def methods_listed() -> Text:
    return Text(
        "、".join(f"{t.zh}（{k}）" for k, t in VERIFICATION_METHODS.items()),
        ", ".join(f"{k} ({t.en})" for k, t in VERIFICATION_METHODS.items()),
    )


def conclusions_listed() -> Text:
    return Text(
        "、".join(f"{t.zh}（{k}）" for k, t in CONCLUSIONS.items()),
        ", ".join(f"{k} ({t.zh})" for k, t in CONCLUSIONS.items()),
    )


class TimeTextError(DomainError, ValueError):
    """A time that is not of the required form; ``text`` (the message) says what is expected."""

    def __init__(self, text: Text) -> None:
        super().__init__(text)
        self.text = text


def aware_time(value: str) -> str:
    """A timezone-aware ISO 8601 time, strictly read, as stored (``2026-11-30T10:00:00+08:00``).

    Raises:
        TimeTextError: Not a string of that form, no offset, or no such date or time.
    """
    expected = Text(
        "应为带时区的时间，如 2026-11-30T10:00:00+08:00",
        "expected a time with its offset, such as 2026-11-30T10:00:00+08:00",
    )
    if not isinstance(value, str) or len(value) > MAX_TIME_TEXT or not _AWARE.match(value.strip()):
        raise TimeTextError(expected)
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise TimeTextError(expected) from None
    if parsed.tzinfo is None or parsed.year < 1900:
        raise TimeTextError(expected)
    return parsed.isoformat()


def date_or_time(value: str) -> str:
    """A verification's date (``2026-11-30``) or timezone-aware time, strictly read, as stored.

    Raises:
        TimeTextError: Neither form, or no such date.
    """
    text = value.strip() if isinstance(value, str) else ""
    if _DATE.match(text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise TimeTextError(Text("没有这个日期", "no such date")) from None
        if day.year < 1900:
            raise TimeTextError(Text("日期不合理", "the date is out of range"))
        return day.isoformat()
    try:
        return aware_time(text)
    except TimeTextError:
        raise TimeTextError(
            Text(
                "应为日期（如 2026-11-30）或带时区的时间（如 2026-11-30T10:00:00+08:00）",
                "expected a date (such as 2026-11-30) or a time with its offset (2026-11-30T10:00:00+08:00)",
            )
        ) from None


@dataclass(frozen=True)
class VetoBasis:
    """What a veto decision rests on: where it was looked up, when, and a note (files are evidence rows)."""

    source: str | None = None
    queried_at: str | None = None
    note: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.source or self.queried_at or self.note)


@dataclass(frozen=True)
class Verification:
    """How one file (``sha256``) or an indicator's evidence as a whole (``sha256`` None) was verified."""

    indicator_id: str
    sha256: str | None
    method: str
    conclusion: str
    by: str
    at: str
    note: str | None = None

    @property
    def untrue(self) -> bool:
        return self.conclusion == UNTRUE

    def describe(self) -> Text:
        """``原件核对 · 属实 · 张三 · 2026-11-30``."""
        method = VERIFICATION_METHODS.get(self.method, Text(self.method, self.method))
        conclusion = CONCLUSIONS.get(self.conclusion, Text(self.conclusion, self.conclusion))
        return Text(
            f"{method.zh}，{conclusion.zh}（{self.by}，{self.at}）",
            f"{method.en}, {conclusion.en} ({self.by}, {self.at})",
        )
