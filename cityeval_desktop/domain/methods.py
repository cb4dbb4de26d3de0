"""The eight scoring methods: how an answer value maps to a fraction f in [0, 1]."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

from cityeval_desktop.domain.numbers import NumberRangeError, exact, list_separator, plain, points
from cityeval_desktop.domain.text import DomainError, Text

ZERO = Fraction(0)
ONE = Fraction(1)


class AnswerValueError(DomainError):
    """An answer value that does not fit the indicator's method."""


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal | Fraction) and not isinstance(value, bool)


def _number(value: Any, *, minimum: Fraction | None = None, whole: bool = False) -> Fraction:
    if not _is_number(value):
        if whole:
            raise AnswerValueError(
                Text(f"应为不小于 0 的整数，实际为 {value!r}", f"expected a whole number >= 0, got {value!r}")
            )
        raise AnswerValueError(Text(f"应为数字，实际为 {value!r}", f"expected a number, got {value!r}"))
    try:
        number = exact(value)
    except NumberRangeError as exc:
        raise AnswerValueError(exc.text) from None
    except ValueError as exc:
        raise AnswerValueError(Text(f"不是有限数字：{value!r}", f"not a finite number: {value!r}")) from exc
    if whole and number.denominator != 1:
        raise AnswerValueError(Text(f"应为整数（个数/次数），实际为 {value}", f"expected a whole count, got {value}"))
    if minimum is not None and number < minimum:
        raise AnswerValueError(
            Text(f"不能为负数，实际为 {value}", f"must not be negative, got {value}")
            if minimum == 0
            else Text(f"应不小于 {plain(minimum)}", f"must be at least {plain(minimum)}")
        )
    return number


@dataclass(frozen=True)
class Method(ABC):
    """Base of the method types; ``type`` is the YAML name."""

    type: ClassVar[str]

    @abstractmethod
    def parse(self, value: Any) -> Any:
        """Check an answer value and return it in canonical form (int, bool, str, Fraction)."""

    @abstractmethod
    def fraction(self, value: Any, *, tier: str, points: Fraction) -> Fraction:
        """Map a canonical value to f in [0, 1]."""

    @property
    def numeric(self) -> bool:
        return False

    @abstractmethod
    def describe(self, lang: str) -> str:
        """One line saying how the answer is scored (for reports and the browser)."""


@dataclass(frozen=True)
class Scale(Method):
    type: ClassVar[str] = "scale"
    levels: tuple[Text, ...]

    def parse(self, value: Any) -> int:
        top = len(self.levels) - 1
        if isinstance(value, bool) or not isinstance(value, int | Decimal | Fraction | float):
            raise AnswerValueError(
                Text(f"应为 0–{top} 的整数等级，实际为 {value!r}", f"expected a level 0-{top}, got {value!r}")
            )
        number = _number(value)
        if number.denominator != 1 or not 0 <= number <= top:
            raise AnswerValueError(
                Text(f"等级应为 0–{top} 的整数，实际为 {value}", f"level must be a whole number 0-{top}, got {value}")
            )
        return int(number)

    def fraction(self, value: Any, *, tier: str, points: Fraction) -> Fraction:
        return Fraction(value, len(self.levels) - 1)

    def describe(self, lang: str) -> str:
        top = len(self.levels) - 1
        return f"等级 0–{top}，f = 等级 / {top}" if lang == "zh" else f"level 0-{top}, f = level / {top}"


@dataclass(frozen=True)
class YesNo(Method):
    type: ClassVar[str] = "yes_no"

    def parse(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise AnswerValueError(
                Text(f"应为 true（是）或 false（否），实际为 {value!r}", f"expected true or false, got {value!r}")
            )
        return value

    def fraction(self, value: Any, *, tier: str, points: Fraction) -> Fraction:
        return ONE if value else ZERO

    def describe(self, lang: str) -> str:
        return "是 = 1，否 = 0" if lang == "zh" else "yes = 1, no = 0"


@dataclass(frozen=True)
class ChoiceOption:
    id: str
    title: Text
    fraction: Fraction


@dataclass(frozen=True)
class Choice(Method):
    type: ClassVar[str] = "choice"
    options: tuple[ChoiceOption, ...]

    def option(self, option_id: str) -> ChoiceOption | None:
        return next((o for o in self.options if o.id == option_id), None)

    def parse(self, value: Any) -> str:
        ids = ", ".join(o.id for o in self.options)
        if not isinstance(value, str) or self.option(value) is None:
            raise AnswerValueError(
                Text(f"未知选项 {value!r}，可选：{ids}", f"unknown choice {value!r}; expected one of: {ids}")
            )
        return value

    def fraction(self, value: Any, *, tier: str, points: Fraction) -> Fraction:
        option = self.option(value)
        assert option is not None  # parse() guarantees a known option
        return option.fraction

    def describe(self, lang: str) -> str:
        parts = list_separator(lang).join(f"{o.title.get(lang)} = {plain(o.fraction)}" for o in self.options)
        return ("选项：" if lang == "zh" else "options: ") + parts


def _first_band(bands: tuple[tuple[Fraction, Fraction], ...], value: Fraction, scale: Fraction) -> Fraction:
    for bound, fraction in bands:
        if value >= bound * scale:
            return fraction
    return ZERO


@dataclass(frozen=True)
class Threshold(Method):
    type: ClassVar[str] = "threshold"
    thresholds: dict[str, Fraction]
    bands: tuple[tuple[Fraction, Fraction], ...]
    unit: Text | None = None

    @property
    def numeric(self) -> bool:
        return True

    def parse(self, value: Any) -> Fraction:
        return _number(value, minimum=ZERO)

    def fraction(self, value: Any, *, tier: str, points: Fraction) -> Fraction:
        return _first_band(self.bands, value, self.thresholds[tier])

    def describe(self, lang: str) -> str:
        bands = list_separator(lang).join(f"≥{plain(r)}×→{plain(f)}" for r, f in self.bands)
        return f"门槛值分档：{bands}" if lang == "zh" else f"threshold bands: {bands}"


@dataclass(frozen=True)
class Bands(Method):
    type: ClassVar[str] = "bands"
    bands: tuple[tuple[Fraction, Fraction], ...]
    unit: Text | None = None

    @property
    def numeric(self) -> bool:
        return True

    def parse(self, value: Any) -> Fraction:
        return _number(value)

    def fraction(self, value: Any, *, tier: str, points: Fraction) -> Fraction:
        return _first_band(self.bands, value, ONE)

    def describe(self, lang: str) -> str:
        bands = list_separator(lang).join(f"≥{plain(m)}→{plain(f)}" for m, f in self.bands)
        return f"分档：{bands}" if lang == "zh" else f"bands: {bands}"


@dataclass(frozen=True)
class Ratio(Method):
    type: ClassVar[str] = "ratio"
    target: Fraction
    unit: Text | None = None

    @property
    def numeric(self) -> bool:
        return True

    def parse(self, value: Any) -> Fraction:
        return _number(value, minimum=ZERO)

    def fraction(self, value: Any, *, tier: str, points: Fraction) -> Fraction:
        return min(ONE, value / self.target)

    def describe(self, lang: str) -> str:
        t = plain(self.target)
        return f"f = min(1, 数值 / {t})" if lang == "zh" else f"f = min(1, value / {t})"


@dataclass(frozen=True)
class PerItem(Method):
    type: ClassVar[str] = "per_item"
    per: Fraction
    unit: Text | None = None

    @property
    def numeric(self) -> bool:
        return True

    def parse(self, value: Any) -> int:
        return int(_number(value, minimum=ZERO, whole=True))

    def fraction(self, value: Any, *, tier: str, points: Fraction) -> Fraction:
        return min(points, value * self.per) / points

    def describe(self, lang: str) -> str:
        p = plain(self.per)
        return f"每项 {p} 分，封顶" if lang == "zh" else f"{points(self.per, lang)} per item, capped"


def _json_text(value: Any, limit: int = 60) -> str:
    """A value as the JSON a user typed (answers files are JSON), cut short: it may be hostile and long."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Severity:
    """One severity of a graded deduction (一般 / 较重 / 严重): points per occurrence, maybe a veto."""

    id: str
    title: Text
    per: Fraction
    #: a count above 0 raises this veto (decided true whatever the stored decision)
    veto: str | None = None


@dataclass(frozen=True)
class Deduction(Method):
    """Points off per occurrence; a graded deduction counts occurrences per severity.

    Ungraded, the answer is a whole count. Graded (``severities`` set), it is ``{severity id:
    count}`` (missing ids count 0) and ``per`` is the smallest severity's rate.
    """

    type: ClassVar[str] = "deduction"
    per: Fraction
    unit: Text | None = None
    severities: tuple[Severity, ...] = ()

    @property
    def numeric(self) -> bool:
        return True

    @property
    def graded(self) -> bool:
        return bool(self.severities)

    def severity(self, severity_id: str) -> Severity | None:
        return next((v for v in self.severities if v.id == severity_id), None)

    def parse(self, value: Any) -> int | dict[str, int]:
        if not self.graded:
            return int(_number(value, minimum=ZERO, whole=True))
        ids_zh = "、".join(f"{v.id}（{v.title.zh}）" for v in self.severities)
        ids_en = ", ".join(f"{v.id} ({v.title.en})" for v in self.severities)
        example = json.dumps({self.severities[0].id: 1})
        if not isinstance(value, dict):
            got = _json_text(value)
            raise AnswerValueError(
                Text(
                    f"该扣分项按严重程度计次，应为各程度的次数，例如 {example}（程度：{ids_zh}），实际为 {got}",
                    f"this deduction counts occurrences per severity: give counts such as {example}"
                    f" (severities: {ids_en}), got {got}",
                )
            )
        counts: dict[str, int] = {}
        for key, count in value.items():
            if not isinstance(key, str) or self.severity(key) is None:
                raise AnswerValueError(
                    Text(
                        f"未知的严重程度 {_json_text(key)}，可选：{ids_zh}",
                        f"unknown severity {_json_text(key)}; expected one of: {ids_en}",
                    )
                )
            counts[key] = int(_number(count, minimum=ZERO, whole=True))
        return {v.id: counts.get(v.id, 0) for v in self.severities}

    def lost(self, value: Any) -> Fraction:
        """Points an answer loses before the floor at 0."""
        if isinstance(value, dict):
            return sum((v.per * value.get(v.id, 0) for v in self.severities), ZERO)
        return value * self.per

    def fraction(self, value: Any, *, tier: str, points: Fraction) -> Fraction:
        return max(ZERO, points - self.lost(value)) / points

    def raised_vetoes(self, value: Any) -> tuple[str, ...]:
        """The vetoes a graded answer raises (a count above 0 on a severity that names one)."""
        if not isinstance(value, dict):
            return ()
        return tuple(v.veto for v in self.severities if v.veto and value.get(v.id, 0) > 0)

    def describe(self, lang: str) -> str:
        if self.graded:
            parts = list_separator(lang).join(f"{v.title.get(lang)} {plain(v.per)}" for v in self.severities)
            return (
                f"按严重程度每次扣分：{parts}，扣完为止"
                if lang == "zh"
                else f"points off per occurrence by severity: {parts}, down to 0"
            )
        p = plain(self.per)
        return f"每次扣 {p} 分，扣完为止" if lang == "zh" else f"{points(self.per, lang)} off per occurrence, down to 0"


METHOD_TYPES: dict[str, type[Method]] = {
    m.type: m for m in (Scale, YesNo, Choice, Threshold, Bands, Ratio, PerItem, Deduction)
}
