"""Scoring per DESIGN §4: fractions, dimension scores, total, grade, caps, vetoes, gaps.

Everything is exact (Fraction) until the figures a reader sees are rounded half-up to
two decimals; grade and cap comparisons use those rounded figures.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property, partial
from typing import Any

from cityeval_desktop.domain.framework import EVIDENCE_ALWAYS, Framework, Grade, Indicator, Tier, TierCondition
from cityeval_desktop.domain.methods import (
    Bands,
    Choice,
    Deduction,
    PerItem,
    Ratio,
    Scale,
    Severity,
    Threshold,
    YesNo,
)
from cityeval_desktop.domain.numbers import plain, round_half_up
from cityeval_desktop.domain.text import DomainError, Text

ANSWERED = "answered"
UNANSWERED = "unanswered"
NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class Answer:
    """One indicator's answer: a canonical value, or N/A with a reason (and its ground), plus a note."""

    value: Any = None
    not_applicable: bool = False
    reason: str | None = None
    note: str | None = None
    #: the framework's N/A ground (cityeval-framework/2); None for a legacy free-reason N/A
    ground: str | None = None

    @property
    def answered(self) -> bool:
        return not self.not_applicable and self.value is not None


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    status: str
    value: Any
    fraction: Fraction | None
    earned: Fraction | None

    @property
    def id(self) -> str:
        return self.indicator.id

    @property
    def points(self) -> Fraction:
        return self.indicator.points

    @property
    def earned_shown(self) -> Decimal | None:
        return None if self.earned is None else round_half_up(self.earned)


@dataclass(frozen=True)
class DimensionResult:
    id: str
    weight: Fraction
    score: Fraction | None  # None: no applicable indicator, dimension excluded
    earned: Fraction
    possible: Fraction

    @property
    def included(self) -> bool:
        return self.score is not None

    @property
    def score_shown(self) -> Decimal | None:
        return None if self.score is None else round_half_up(self.score)


NO_TITLE = Text("", "")


@dataclass(frozen=True)
class NextStep:
    """The smallest change of one indicator's answer that reaches its next band or level.

    ``answer`` is the new value as an answers file gives it; ``gain`` is the shown total after that
    change minus the shown total now (both rounded half-up to 2 decimals), so applying ``answer``
    to the case raises the total by exactly ``gain``. ``full``: the change gives full marks.
    """

    answer: Any
    value: Any  # the canonical value (int, bool, str, Fraction, dict)
    gain: Decimal
    full: bool
    text: Text


@dataclass(frozen=True)
class Gap:
    """Points of the total lost on one indicator, with what to do next."""

    indicator: Indicator
    lost: Fraction
    next_step: Text | None
    #: computes the quantified next step when first asked (lists of cases never need it)
    step: Callable[[], NextStep | None] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def next(self) -> NextStep | None:
        """The quantified next step; None when the indicator is unanswered or has no step up."""
        return self.step() if self.step is not None else None

    @property
    def id(self) -> str:
        return self.indicator.id

    @property
    def lost_shown(self) -> Decimal:
        return round_half_up(self.lost)


@dataclass(frozen=True)
class ConditionResult:
    """One tier entry condition checked against the case."""

    condition: TierCondition
    met: bool
    reason: Text

    @property
    def id(self) -> str:
        return self.condition.id

    @property
    def title(self) -> Text:
        return self.condition.title


@dataclass(frozen=True)
class CapApplied:
    """A cap that applied: the dimension whose shown score is below the bound, and the grade it allows."""

    dimension: str
    score: Decimal
    bound: Fraction
    max_grade: Grade


@dataclass(frozen=True)
class VetoRaised:
    """A veto raised by a graded deduction's severity, whatever decision was stored."""

    veto: str
    indicator: str
    severity: Severity


#: The one wording of a result that is not final yet (a grade is not given before the case is
#: complete, DESIGN §4) and of a vetoed one: the case list, ``case list``/``case show``, the PDF and
#: the workbook all say these. A running total itself is "总分（暂计）".
NOT_RATED = Text("暂不评定", "Not rated yet")
NOT_RATED_INCOMPLETE = Text("暂不评定（未完成）", "Not rated yet (incomplete)")
VETOED = Text("一票否决", "Vetoed")


@dataclass(frozen=True)
class Result:
    tier: str
    total: Fraction
    grade: Grade | None
    grade_before_cap: Grade | None
    capped: bool
    vetoed: tuple[str, ...]
    undecided_vetoes: tuple[str, ...]
    answered: int
    not_applicable: int
    tier_indicators: int
    dimensions: tuple[DimensionResult, ...]
    indicators: tuple[IndicatorResult, ...]
    #: 短板: indicators below the framework's gap fraction or in a dimension that triggered a cap
    gaps: tuple[Gap, ...]
    tier_title: Text = NO_TITLE
    #: every indicator below full marks (lost > 0), same order as ``gaps``
    below_full: tuple[Gap, ...] = ()
    #: points of N/A indicators / points of all tier indicators (0..1)
    na_share: Fraction = Fraction(0)
    tier_conditions: tuple[ConditionResult, ...] = ()
    pass_grade: Grade | None = None
    tier_met: bool = False
    #: the result at the tier's fallback tier (降级评定) when this tier is not met, else None
    fallback: Result | None = None
    caps_applied: tuple[CapApplied, ...] = ()
    raised_vetoes: tuple[VetoRaised, ...] = ()

    @property
    def total_shown(self) -> Decimal:
        return round_half_up(self.total)

    @property
    def completeness(self) -> Fraction:
        if self.tier_indicators == 0:
            return Fraction(1)
        return Fraction(self.answered + self.not_applicable, self.tier_indicators)

    @property
    def completeness_shown(self) -> Decimal:
        return round_half_up(self.completeness, 4)

    @property
    def grade_id(self) -> str | None:
        return self.grade.id if self.grade else None

    @property
    def provisional(self) -> bool:
        """True until every tier indicator is answered or N/A and every veto is decided (DESIGN §4).

        A provisional total is a running figure: it is shown as such, never with a grade word or stars.
        """
        return self.completeness < 1 or bool(self.undecided_vetoes)

    @property
    def unanswered(self) -> tuple[IndicatorResult, ...]:
        """Applicable indicators without an answer yet, in framework order."""
        return tuple(i for i in self.indicators if i.status == UNANSWERED)

    @property
    def answered_gaps(self) -> tuple[Gap, ...]:
        """The gaps of answered indicators only: points really lost, not points not yet asked for."""
        answered = {i.id for i in self.indicators if i.status == ANSWERED}
        return tuple(g for g in self.gaps if g.id in answered)

    @property
    def na_share_shown(self) -> Decimal:
        return round_half_up(self.na_share, 4)

    @property
    def failed_conditions(self) -> tuple[ConditionResult, ...]:
        return tuple(c for c in self.tier_conditions if not c.met)

    @property
    def below_pass_grade(self) -> bool:
        """True when the grade is below the tier's pass grade (or fails, or there is none)."""
        if self.grade is None or not self.grade.passes:
            return True
        return self.pass_grade is not None and self.grade.min < self.pass_grade.min

    def label(self, lang: str) -> str:
        """The public result text: "城市服务级 ★★★★ 良好", "未达到区域服务级条件", "未通过", "一票否决"...

        A provisional result never shows a grade word; a tier whose conditions fail or whose grade is
        below its pass grade is never shown as achieved; with a fallback tier both are said.
        """
        zh = lang != "en"
        if self.provisional:
            return NOT_RATED_INCOMPLETE.get(lang)
        if self.vetoed:
            return VETOED.get(lang)
        tier = self.tier_title.get(lang)
        not_met = f"未达到{tier}条件" if zh else f"{tier} conditions not met"
        if not self.tier_met and self.fallback is not None:
            title = self.fallback.tier_title.get(lang)
            then = f"按{title}评定：" if zh else f"rated as {title}: "
            return f"{not_met}{'；' if zh else '; '}{then}{self.fallback.label(lang)}"
        if self.grade is None or not self.grade.passes:
            return "未通过" if zh else "Not passed"
        if not self.tier_met:
            return not_met
        stars = "★" * self.grade.stars
        return " ".join(x for x in (tier, stars, self.grade.title.get(lang)) if x)


def positive_claim(indicator: Indicator, value: Any) -> bool:
    """Whether a canonical answer value claims something exists: a value above 0, yes, a level above 0,
    an option worth points, an occurrence of a deduction."""
    method = indicator.method
    if value is None:
        return False
    if isinstance(method, Choice):
        option = method.option(value)
        return option is not None and option.fraction > 0
    if isinstance(value, bool):
        return value
    if isinstance(value, dict):  # a graded deduction: occurrences per severity
        return any(count > 0 for count in value.values())
    return value > 0


def evidence_needed(indicator: Indicator, answer: Answer | None) -> bool:
    """Whether this answer needs an evidence file in a third-party case.

    An answered indicator with ``evidence.required`` needs one always (``when: always``, every
    cityeval-framework/1 file) or for a positive claim only (``when: positive``, the /2 default:
    saying "none" needs no file). An N/A needs one when its rule says ``evidence: true``.
    Unanswered indicators need none yet (finalize refuses them for being unanswered).
    """
    if answer is None:
        return False
    if answer.not_applicable:
        return indicator.not_applicable.evidence
    if not answer.answered or not indicator.evidence_required:
        return False
    return indicator.evidence_when == EVIDENCE_ALWAYS or positive_claim(indicator, answer.value)


def na_problem(indicator: Indicator, answer: Answer | None, mode: str | None = None) -> Text | None:
    """Why this N/A may not be stored, or None when it may (or the answer is not an N/A).

    The framework's rule applies in both modes (a self-check is refused what a third party would
    be refused, so it predicts the result); ``mode`` words the advice. The written reason itself is
    checked by the services, as for every text.
    """
    if answer is None or not answer.not_applicable:
        return None
    rule = indicator.not_applicable
    advice = (
        Text("请按核查结果评分", "score it from what was verified")
        if mode == "third-party"
        else Text("请按实际情况作答", "answer it as things are")
    )
    if not rule.allowed:
        why = rule.why_not or Text("评估框架未允许该指标不适用", "the framework does not allow N/A on it")
        return Text(
            f"指标 {indicator.id}（{indicator.title.zh}）不能标为不适用：{why.zh.rstrip('。')}。{advice.zh}。",
            f"indicator {indicator.id} ({indicator.title.en}) cannot be N/A: {why.en.rstrip('.')}; {advice.en}.",
        )
    if rule.free_reason:
        return None
    listed_zh = "、".join(g.title.zh for g in rule.grounds)
    listed_en = ", ".join(f"{g.id} ({g.title.en})" for g in rule.grounds)
    if answer.ground is None:
        return Text(
            f"指标 {indicator.id}（{indicator.title.zh}）标为不适用时须选择一项依据：{listed_zh}",
            f"N/A on indicator {indicator.id} ({indicator.title.en}) must name one of its grounds: {listed_en}",
        )
    if rule.ground(answer.ground) is None:
        return Text(
            f"指标 {indicator.id}（{indicator.title.zh}）没有不适用依据 “{answer.ground}”；可选：{listed_zh}",
            f"indicator {indicator.id} ({indicator.title.en}) has no N/A ground '{answer.ground}'; "
            f"expected one of: {listed_en}",
        )
    return None


class ScoringError(DomainError, ValueError):
    """The case cannot be scored against this framework (unknown tier)."""


def _grade_for(framework: Framework, shown: Decimal) -> Grade | None:
    value = Fraction(shown)
    return next((g for g in framework.grades if value >= g.min), None)


def next_step(indicator: Indicator, answer: Answer | None) -> Text | None:
    """What to do next on an indicator: the next scale level, else its improvement text."""
    method = indicator.method
    if isinstance(method, Scale) and answer is not None and answer.answered:
        level = int(answer.value)
        if level + 1 < len(method.levels):
            nxt = method.levels[level + 1]
            return Text(f"下一等级（{level + 1}）：{nxt.zh}", f"Next level ({level + 1}): {nxt.en}")
    return indicator.improve or indicator.guidance


@dataclass(frozen=True)
class _Figures:
    """The exact figures of one scoring pass (no grade, no gaps)."""

    indicators: tuple[IndicatorResult, ...]
    dimensions: tuple[DimensionResult, ...]
    total: Fraction
    weight_sum: Fraction
    answered: int
    not_applicable: int
    tier_count: int
    na_points: Fraction
    tier_points: Fraction


def _figures(framework: Framework, tier: str, answers: dict[str, Answer]) -> _Figures:
    ind_results: list[IndicatorResult] = []
    dim_results: list[DimensionResult] = []
    answered = not_applicable = tier_count = 0
    na_points = tier_points = Fraction(0)
    for dim in framework.dimensions:
        earned_sum = Fraction(0)
        possible = Fraction(0)
        for ind in dim.indicators:
            if not ind.applies_to(tier):
                continue
            tier_count += 1
            tier_points += ind.points
            ans = answers.get(ind.id)
            if ans is not None and ans.not_applicable:
                not_applicable += 1
                na_points += ind.points
                ind_results.append(IndicatorResult(ind, NOT_APPLICABLE, None, None, None))
                continue
            if ans is not None and ans.answered:
                answered += 1
                f = ind.method.fraction(ans.value, tier=tier, points=ind.points)
                res = IndicatorResult(ind, ANSWERED, ans.value, f, ind.points * f)
            else:
                res = IndicatorResult(ind, UNANSWERED, None, None, Fraction(0))
            assert res.earned is not None
            ind_results.append(res)
            earned_sum += res.earned
            possible += ind.points
        dim_score = 100 * earned_sum / possible if possible else None
        dim_results.append(DimensionResult(dim.id, dim.weight, dim_score, earned_sum, possible))
    included = [d for d in dim_results if d.score is not None]
    weight_sum = sum((d.weight for d in included), Fraction(0))
    total = (
        sum((d.weight * d.score for d in included if d.score is not None), Fraction(0)) / weight_sum
        if weight_sum
        else Fraction(0)
    )
    return _Figures(
        tuple(ind_results),
        tuple(dim_results),
        total,
        weight_sum,
        answered,
        not_applicable,
        tier_count,
        na_points,
        tier_points,
    )


# --------------------------------------------------------------------------- caps
def _caps(framework: Framework, dims: tuple[DimensionResult, ...]) -> tuple[CapApplied, ...]:
    """Every (cap, dimension) whose shown score is below the cap's bound; a cap with a dimension looks at it only."""
    applied = []
    for cap in framework.caps:
        grade = framework.grade(cap.max_grade)
        if grade is None:
            continue
        for d in dims:
            if cap.dimension is not None and d.id != cap.dimension:
                continue
            if d.score_shown is not None and Fraction(d.score_shown) < cap.dimension_below:
                applied.append(CapApplied(d.id, d.score_shown, cap.dimension_below, grade))
    return tuple(applied)


# --------------------------------------------------------------------------- tier conditions
def _shown_value(indicator: Indicator, value: Any, lang: str) -> str:
    method = indicator.method
    if isinstance(method, YesNo):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(method, Choice):
        option = method.option(value)
        return option.title.get(lang) if option else str(value)
    if isinstance(method, Scale):
        return f"等级 {value}" if lang == "zh" else f"level {value}"
    if isinstance(value, dict):
        return "、".join(f"{k} {n}" for k, n in value.items())
    unit = getattr(method, "unit", None)
    number = plain(Fraction(value))
    return f"{number}{_unit(unit, lang)}"


def _unit(unit: Text | None, lang: str) -> str:
    if unit is None:
        return ""
    text = unit.get(lang)
    # a number and the word after it are spaced in both languages ("8 人", "8 people"); "%" sits on the number
    return text if text.startswith("%") else f" {text}"


def _check_condition(
    framework: Framework,
    cond: TierCondition,
    answers: dict[str, Answer],
    vetoed: tuple[str, ...],
    undecided: tuple[str, ...],
) -> ConditionResult:
    if cond.veto_not_raised is not None:
        veto = framework.veto(cond.veto_not_raised)
        name = Text(veto.title.zh, veto.title.en) if veto else Text(cond.veto_not_raised, cond.veto_not_raised)
        if cond.veto_not_raised in vetoed:
            return ConditionResult(cond, False, Text(f"否决项“{name.zh}”成立", f"veto '{name.en}' is raised"))
        if cond.veto_not_raised in undecided:
            return ConditionResult(cond, False, Text(f"否决项“{name.zh}”尚未判定", f"veto '{name.en}' is undecided"))
        return ConditionResult(cond, True, Text(f"否决项“{name.zh}”不成立", f"veto '{name.en}' is not raised"))
    assert cond.indicator is not None  # the loader guarantees an indicator or a veto
    indicator = framework.indicator(cond.indicator)
    assert indicator is not None
    answer = answers.get(indicator.id)
    where = Text(f"{indicator.id} {indicator.title.zh}", f"{indicator.id} {indicator.title.en}")
    if answer is not None and answer.not_applicable:
        return ConditionResult(cond, False, Text(f"{where.zh}标为不适用", f"{where.en} is marked N/A"))
    if answer is None or not answer.answered:
        return ConditionResult(cond, False, Text(f"{where.zh}尚未作答", f"{where.en} is not answered"))
    value = answer.value
    now = Text(_shown_value(indicator, value, "zh"), _shown_value(indicator, value, "en"))
    if cond.at_least is not None:
        need = Text(
            _shown_value(indicator, int(cond.at_least) if isinstance(indicator.method, Scale) else cond.at_least, "zh"),
            _shown_value(indicator, int(cond.at_least) if isinstance(indicator.method, Scale) else cond.at_least, "en"),
        )
        met = Fraction(value) >= cond.at_least
        return ConditionResult(
            cond,
            met,
            Text(
                f"{where.zh}现为 {now.zh}，要求不低于 {need.zh}",
                f"{where.en} is {now.en}; at least {need.en} needed",
            ),
        )
    if cond.one_of is not None:
        wanted = Text(
            "或".join(f"“{_shown_value(indicator, o, 'zh')}”" for o in cond.one_of),
            " or ".join(f"'{_shown_value(indicator, o, 'en')}'" for o in cond.one_of),
        )
        met = value in cond.one_of
        return ConditionResult(
            cond,
            met,
            Text(f"{where.zh}现为“{now.zh}”，要求为{wanted.zh}", f"{where.en} is '{now.en}'; {wanted.en} needed"),
        )
    met = value is True
    return ConditionResult(
        cond, met, Text(f"{where.zh}现为“{now.zh}”，要求为“是”", f"{where.en} is '{now.en}'; 'yes' needed")
    )


# --------------------------------------------------------------------------- next steps
def _whole(value: Any) -> bool:
    return isinstance(value, int) or (isinstance(value, Fraction) and value.denominator == 1)


def _percent(unit: Text | None) -> bool:
    return unit is not None and unit.en.strip() == "%"


def _ceil_if_whole(needed: Fraction, current: Any, unit: Text | None = None) -> Fraction:
    """Counts stay whole: when the current answer is a whole number, so is the step (rounded up).

    A percentage is not a count: 99 % reaches a 99.5 % band at 99.5, the smallest change that does."""
    if (current is None or _whole(current)) and not _percent(unit):
        return Fraction(math.ceil(needed))
    return needed


def _band_step(
    bands: tuple[tuple[Fraction, Fraction], ...],
    scale: Fraction,
    f: Fraction,
    current: Any,
    unit: Text | None = None,
) -> tuple[Fraction, Fraction] | None:
    """The lowest bound (times ``scale``) of a band scoring more than ``f``, and that band's fraction."""
    higher = [(bound, frac) for bound, frac in bands if frac > f]
    if not higher:
        return None
    bound, frac = higher[-1]
    return _ceil_if_whole(bound * scale, current, unit), frac


def _candidate(indicator: Indicator, tier: str, value: Any, f: Fraction) -> Any | None:
    """The canonical value one step up from ``value`` (None when there is no step)."""
    m = indicator.method
    if isinstance(m, Scale):
        return value + 1 if value + 1 < len(m.levels) else None
    if isinstance(m, YesNo):
        return True if not value else None
    if isinstance(m, Choice):
        better = [o for o in m.options if o.fraction > f]
        return min(better, key=lambda o: o.fraction).id if better else None
    if isinstance(m, Threshold):
        step = _band_step(m.bands, m.thresholds[tier], f, value, m.unit)
        return step[0] if step else None
    if isinstance(m, Bands):
        step = _band_step(m.bands, Fraction(1), f, value, m.unit)
        return step[0] if step else None
    if isinstance(m, Ratio):
        return _ceil_if_whole(m.target, value, m.unit) if value < m.target else None
    if isinstance(m, PerItem):
        return value + 1
    if isinstance(m, Deduction):
        return _fewer(m, indicator.points, value)
    return None


def _fewer(m: Deduction, points: Fraction, value: Any) -> Any | None:
    """Fewer occurrences, the most severe first, until some of the points come back.

    On a tie (two severities worth the same points per occurrence, so the same gain) the one that
    raises a veto (严重) goes first: the step then lifts the veto as well.
    """
    if isinstance(value, dict):
        counts = dict(value)
        for severity in sorted(m.severities, key=lambda v: (-v.per, v.veto is None)):
            while counts[severity.id] > 0:
                counts[severity.id] -= 1
                if m.lost(counts) < points:
                    return counts
        return None
    if value <= 0:
        return None
    return min(value - 1, math.ceil(points / m.per) - 1)


def _as_answer(value: Any) -> Any:
    """A canonical value the way an answers file writes it (whole numbers as integers)."""
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else float(value)
    return value


def _step_text(indicator: Indicator, tier: str, value: Any, new: Any, full: bool, gain: Decimal) -> Text:
    m = indicator.method
    worth = Text(f"+{gain} 分", f"+{gain} points")
    reach = Text("可得满分，", "gives full marks, ") if full else Text("", "")
    unit_zh = _unit(getattr(m, "unit", None), "zh")
    unit_en = _unit(getattr(m, "unit", None), "en")
    if isinstance(m, Scale):
        level = m.levels[new]
        return Text(
            f"提升到等级 {new}（{level.zh}），{reach.zh}{worth.zh}",
            f"reach level {new} ({level.en}), {reach.en}{worth.en}",
        )
    if isinstance(m, YesNo):
        return Text(f"做到“是”，{reach.zh}{worth.zh}", f"make it a yes, {reach.en}{worth.en}")
    if isinstance(m, Choice):
        option = m.option(new)
        assert option is not None
        return Text(
            f"达到“{option.title.zh}”，{reach.zh}{worth.zh}", f"reach '{option.title.en}', {reach.en}{worth.en}"
        )
    if isinstance(m, PerItem):
        to_full = math.ceil(indicator.points / m.per) - value
        more = "" if full or to_full <= 1 else f"（再增加 {to_full}{unit_zh or ' 项'}可得满分）"
        more_en = "" if full or to_full <= 1 else f" ({to_full} more for full marks)"
        return Text(
            f"再增加 1{unit_zh or ' 项'}（{value}→{new}），{reach.zh}{worth.zh}{more}",
            f"1 more{unit_en or ' item'} ({value}→{new}), {reach.en}{worth.en}{more_en}",
        )
    if isinstance(m, Deduction):
        if isinstance(value, dict):
            fewer = [v for v in m.severities if new[v.id] != value[v.id]]
            zh = "、".join(f"{value[v.id] - new[v.id]} 次{v.title.zh}（{value[v.id]}→{new[v.id]}）" for v in fewer)
            en = ", ".join(f"{value[v.id] - new[v.id]} {v.title.en} fewer ({value[v.id]}→{new[v.id]})" for v in fewer)
            return Text(f"减少 {zh}，{reach.zh}{worth.zh}", f"{en}, {reach.en}{worth.en}")
        n = value - new
        return Text(
            f"减少 {n} 次（{value}→{new}），{reach.zh}{worth.zh}",
            f"{n} occurrence{'s' if n > 1 else ''} fewer ({value}→{new}), {reach.en}{worth.en}",
        )
    now, then = plain(Fraction(value)), plain(Fraction(new))
    return Text(
        f"达到 {then}{unit_zh}（现为 {now}{unit_zh}），{reach.zh}{worth.zh}",
        f"reach {then}{unit_en} (now {now}{unit_en}), {reach.en}{worth.en}",
    )


def _next(
    framework: Framework, tier: str, fig: _Figures, dim: DimensionResult, res: IndicatorResult
) -> NextStep | None:
    """The next step of one answered indicator and its exact worth in the shown total.

    Only this indicator's dimension changes, so the new exact total is the old one plus that
    dimension's weighted change: the same Fraction a full re-scoring gives, at a fraction of the cost.
    """
    if res.status != ANSWERED or res.fraction is None or res.earned is None:
        return None
    ind = res.indicator
    new = _candidate(ind, tier, res.value, res.fraction)
    if new is None:
        return None
    new = ind.method.parse(_as_answer(new))  # canonical, as if typed in
    f_new = ind.method.fraction(new, tier=tier, points=ind.points)
    delta = ind.points * f_new - res.earned
    after = fig.total + dim.weight * 100 * delta / dim.possible / fig.weight_sum
    gain = round_half_up(after) - round_half_up(fig.total)
    full = f_new == 1
    return NextStep(_as_answer(new), new, gain, full, _step_text(ind, tier, res.value, new, full, gain))


# --------------------------------------------------------------------------- score
def score(
    framework: Framework,
    tier: str,
    answers: dict[str, Answer],
    vetoes: dict[str, bool | None] | None = None,
) -> Result:
    """Score one case: DESIGN §4, exactly, with the framework's tier conditions, caps and gaps."""
    tier_def = framework.tier(tier)
    if tier_def is None:
        raise ScoringError(
            Text(
                f"评估框架 {framework.key} 没有服务级别“{tier}”，无法计分；请选择该框架中的一个级别",
                f"framework {framework.key} has no tier '{tier}', so the case cannot be scored; "
                "choose one of its tiers",
            ),
            framework.key,
        )
    return _score(framework, tier_def, answers, vetoes or {})


def _score(framework: Framework, tier_def: Tier, answers: dict[str, Answer], vetoes: dict[str, bool | None]) -> Result:
    tier = tier_def.id
    fig = _figures(framework, tier, answers)
    dim_results = fig.dimensions
    included = tuple(d for d in dim_results if d.score is not None)

    shown_total = round_half_up(fig.total)
    base_grade = _grade_for(framework, shown_total)
    grade = base_grade
    caps_applied = _caps(framework, included)
    for cap in caps_applied:
        if grade is not None and cap.max_grade.min < grade.min:
            grade = cap.max_grade

    raised: list[VetoRaised] = []
    for res in fig.indicators:
        method = res.indicator.method
        if res.status == ANSWERED and isinstance(method, Deduction) and method.graded:
            for veto_id in method.raised_vetoes(res.value):
                severity = next(v for v in method.severities if v.veto == veto_id and res.value.get(v.id, 0) > 0)
                raised.append(VetoRaised(veto_id, res.id, severity))
    raised_ids = {r.veto for r in raised}
    vetoed = tuple(v.id for v in framework.vetoes if vetoes.get(v.id) is True or v.id in raised_ids)
    undecided = tuple(v.id for v in framework.vetoes if vetoes.get(v.id) is None and v.id not in raised_ids)
    capped = grade is not base_grade
    if vetoed:
        grade, capped = None, False

    below_full: list[Gap] = []
    gaps: list[Gap] = []
    dims_by_id = {d.id: d for d in dim_results}
    cap_dims = {c.dimension for c in caps_applied}
    if fig.weight_sum:
        for res in fig.indicators:
            if res.status == NOT_APPLICABLE or res.earned is None:
                continue
            dim = dims_by_id[res.indicator.dimension_id]
            lost = 100 * dim.weight / fig.weight_sum * (res.points - res.earned) / dim.possible
            if lost <= 0:
                continue
            gap = Gap(
                res.indicator,
                lost,
                next_step(res.indicator, answers.get(res.id)),
                partial(_next, framework, tier, fig, dim, res),
            )
            below_full.append(gap)
            f = res.fraction if res.fraction is not None else Fraction(0)
            if f < framework.gap_below or dim.id in cap_dims:
                gaps.append(gap)
    order = {ind.id: n for n, ind in enumerate(framework.indicators())}
    below_full.sort(key=lambda g: (-g.lost, order[g.id]))
    gaps.sort(key=lambda g: (-g.lost, order[g.id]))

    conditions = tuple(_check_condition(framework, c, answers, vetoed, undecided) for c in tier_def.conditions)
    pass_grade = framework.grade(tier_def.pass_grade) if tier_def.pass_grade else None
    complete = fig.tier_count == fig.answered + fig.not_applicable and not undecided
    tier_met = (
        complete
        and not vetoed
        and grade is not None
        and grade.passes
        and (pass_grade is None or grade.min >= pass_grade.min)
        and all(c.met for c in conditions)
    )
    fallback = None
    fallback_tier = framework.tier(tier_def.fallback) if tier_def.fallback else None
    if complete and not vetoed and not tier_met and fallback_tier is not None:
        fallback = _score(framework, fallback_tier, answers, vetoes)

    return Result(
        tier=tier,
        total=fig.total,
        grade=grade,
        grade_before_cap=base_grade,
        capped=capped,
        vetoed=vetoed,
        undecided_vetoes=undecided,
        answered=fig.answered,
        not_applicable=fig.not_applicable,
        tier_indicators=fig.tier_count,
        dimensions=dim_results,
        indicators=fig.indicators,
        gaps=tuple(gaps),
        tier_title=tier_def.title,
        below_full=tuple(below_full),
        na_share=fig.na_points / fig.tier_points if fig.tier_points else Fraction(0),
        tier_conditions=conditions,
        pass_grade=pass_grade,
        tier_met=tier_met,
        fallback=fallback,
        caps_applied=caps_applied,
        raised_vetoes=tuple(raised),
    )
