"""Scoring per DESIGN §4: fractions, dimension scores, total, grade, caps, vetoes, gaps.

Everything is exact (Fraction) until the figures a reader sees are rounded half-up to
two decimals; grade and cap comparisons use those rounded figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from cityeval_desktop.domain.framework import EVIDENCE_ALWAYS, Framework, Grade, Indicator
from cityeval_desktop.domain.methods import Choice, Scale
from cityeval_desktop.domain.numbers import round_half_up
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


@dataclass(frozen=True)
class Gap:
    """Points of the total lost on one indicator, with what to do next."""

    indicator: Indicator
    lost: Fraction
    next_step: Text | None

    @property
    def id(self) -> str:
        return self.indicator.id

    @property
    def lost_shown(self) -> Decimal:
        return round_half_up(self.lost)


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
    gaps: tuple[Gap, ...]

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


def score(
    framework: Framework,
    tier: str,
    answers: dict[str, Answer],
    vetoes: dict[str, bool | None] | None = None,
) -> Result:
    """Score one case: DESIGN §4, exactly."""
    if framework.tier(tier) is None:
        raise ScoringError(
            Text(
                f"评估框架 {framework.key} 没有服务级别“{tier}”，无法计分；请选择该框架中的一个级别",
                f"framework {framework.key} has no tier '{tier}', so the case cannot be scored; "
                "choose one of its tiers",
            ),
            framework.key,
        )
    vetoes = vetoes or {}
    ind_results: list[IndicatorResult] = []
    dim_results: list[DimensionResult] = []
    answered = not_applicable = tier_count = 0
    per_dim_applicable: dict[str, list[IndicatorResult]] = {}
    for dim in framework.dimensions:
        earned_sum = Fraction(0)
        possible = Fraction(0)
        applicable: list[IndicatorResult] = []
        for ind in dim.indicators:
            if not ind.applies_to(tier):
                continue
            tier_count += 1
            ans = answers.get(ind.id)
            if ans is not None and ans.not_applicable:
                not_applicable += 1
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
            applicable.append(res)
            earned_sum += res.earned
            possible += ind.points
        per_dim_applicable[dim.id] = applicable
        dim_score = 100 * earned_sum / possible if possible else None
        dim_results.append(DimensionResult(dim.id, dim.weight, dim_score, earned_sum, possible))

    included = [d for d in dim_results if d.score is not None]
    weight_sum = sum((d.weight for d in included), Fraction(0))
    total = (
        sum((d.weight * d.score for d in included if d.score is not None), Fraction(0)) / weight_sum
        if weight_sum
        else Fraction(0)
    )

    shown_total = round_half_up(total)
    base_grade = _grade_for(framework, shown_total)
    grade = base_grade
    for cap in framework.caps:
        if any(d.score_shown is not None and Fraction(d.score_shown) < cap.dimension_below for d in included):
            cap_grade = framework.grade(cap.max_grade)
            if grade is not None and cap_grade is not None and cap_grade.min < grade.min:
                grade = cap_grade
    vetoed = tuple(v.id for v in framework.vetoes if vetoes.get(v.id) is True)
    undecided = tuple(v.id for v in framework.vetoes if vetoes.get(v.id) is None)
    capped = grade is not base_grade
    if vetoed:
        grade, capped = None, False

    gaps: list[Gap] = []
    dims_by_id = {d.id: d for d in dim_results}
    if weight_sum:
        for res in ind_results:
            if res.status == NOT_APPLICABLE or res.earned is None:
                continue
            dim = dims_by_id[res.indicator.dimension_id]
            lost = 100 * dim.weight / weight_sum * (res.points - res.earned) / dim.possible
            if lost > 0:
                gaps.append(Gap(res.indicator, lost, next_step(res.indicator, answers.get(res.id))))
    order = {ind.id: n for n, ind in enumerate(framework.indicators())}
    gaps.sort(key=lambda g: (-g.lost, order[g.id]))

    return Result(
        tier=tier,
        total=total,
        grade=grade,
        grade_before_cap=base_grade,
        capped=capped,
        vetoed=vetoed,
        undecided_vetoes=undecided,
        answered=answered,
        not_applicable=not_applicable,
        tier_indicators=tier_count,
        dimensions=tuple(dim_results),
        indicators=tuple(ind_results),
        gaps=tuple(gaps),
    )
