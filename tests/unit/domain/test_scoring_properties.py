"""Invariants of scoring over random cases (hypothesis), on the mini and default frameworks."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cityeval_desktop.domain.framework import Framework, Indicator
from cityeval_desktop.domain.loader import load_file
from cityeval_desktop.domain.methods import Bands, Choice, Deduction, PerItem, Ratio, Scale, Threshold, YesNo
from cityeval_desktop.domain.scoring import Answer, score
from cityeval_desktop.paths import forms_dir

FRAMEWORKS = [load_file(Path(__file__).parents[2] / "fixtures" / "mini.yaml")] + [
    load_file(p) for p in sorted(forms_dir().glob("*.yaml"))
]


def value_strategy(ind: Indicator) -> st.SearchStrategy:
    m = ind.method
    if isinstance(m, Scale):
        return st.integers(0, len(m.levels) - 1)
    if isinstance(m, YesNo):
        return st.booleans()
    if isinstance(m, Choice):
        return st.sampled_from([o.id for o in m.options])
    if isinstance(m, Deduction) and m.graded:  # occurrences per severity (2026.2)
        return st.fixed_dictionaries({}, optional={v.id: st.integers(0, 12) for v in m.severities})
    if isinstance(m, PerItem | Deduction):
        return st.integers(0, 40)
    if isinstance(m, Bands):
        return st.decimals(min_value=-10, max_value=200, places=2, allow_nan=False, allow_infinity=False)
    assert isinstance(m, Threshold | Ratio)
    return st.decimals(min_value=0, max_value=50000, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Framework, str, dict[str, Answer], dict[str, bool]]:
    fw = draw(st.sampled_from(FRAMEWORKS))
    tier = draw(st.sampled_from([t.id for t in fw.tiers]))
    answers: dict[str, Answer] = {}
    for ind in fw.tier_indicators(tier):
        kind = draw(st.sampled_from(["answer", "answer", "answer", "none", "na"]))
        if kind == "answer":
            answers[ind.id] = Answer(ind.method.parse(draw(value_strategy(ind))))
        elif kind == "na":
            answers[ind.id] = Answer(not_applicable=True, reason="n/a")
    vetoes = {v.id: draw(st.booleans()) for v in fw.vetoes if draw(st.booleans())}
    return fw, tier, answers, vetoes


COMMON = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@COMMON
@given(cases())
def test_bounds_and_consistency(case) -> None:
    fw, tier, answers, vetoes = case
    r = score(fw, tier, answers, vetoes)
    assert 0 <= r.total <= 100
    assert 0 <= r.completeness <= 1
    for d in r.dimensions:
        assert d.score is None or 0 <= d.score <= 100
    for i in r.indicators:
        assert i.fraction is None or 0 <= i.fraction <= 1
    if any(d.included for d in r.dimensions):
        assert sum((g.lost for g in r.below_full), Fraction(0)) == 100 - r.total
    assert {g.id for g in r.gaps} <= {g.id for g in r.below_full}
    lost = [g.lost for g in r.below_full]
    assert lost == sorted(lost, reverse=True)
    if r.vetoed:
        assert r.grade is None
    else:
        assert r.grade is not None
        if not r.capped:
            assert r.grade.min <= Fraction(r.total_shown)
            better = [g for g in fw.grades if g.min > r.grade.min]
            assert all(Fraction(r.total_shown) < g.min for g in better)


def better_value(ind: Indicator, current, draw: st.DrawFn):
    """A value whose fraction is at least the current one's."""
    m = ind.method
    if current is None:
        return ind.method.parse(draw(value_strategy(ind)))
    if isinstance(m, Scale):
        return draw(st.integers(current, len(m.levels) - 1))
    if isinstance(m, YesNo):
        return True
    if isinstance(m, Choice):
        now = m.option(current).fraction
        return draw(st.sampled_from([o.id for o in m.options if o.fraction >= now]))
    if isinstance(m, Deduction) and m.graded:
        return {v.id: draw(st.integers(0, current[v.id])) for v in m.severities}
    if isinstance(m, Deduction):
        return draw(st.integers(0, current))
    if isinstance(m, PerItem):
        return current + draw(st.integers(0, 10))
    return current + Fraction(draw(st.decimals(min_value=0, max_value=1000, places=2)))


@COMMON
@given(cases(), st.data())
def test_raising_one_answer_never_lowers_the_total(case, data) -> None:
    fw, tier, answers, vetoes = case
    applicable = [i for i in fw.tier_indicators(tier) if not (answers.get(i.id) and answers[i.id].not_applicable)]
    if not applicable:
        return
    ind = data.draw(st.sampled_from(applicable))
    before = score(fw, tier, answers, vetoes)
    current = answers[ind.id].value if ind.id in answers else None
    raised = {**answers, ind.id: Answer(better_value(ind, current, data.draw))}
    after = score(fw, tier, raised, vetoes)
    assert after.total >= before.total


def full_value(ind: Indicator, tier: str):
    m = ind.method
    if isinstance(m, Scale):
        return len(m.levels) - 1
    if isinstance(m, YesNo):
        return True
    if isinstance(m, Choice):
        return max(m.options, key=lambda o: o.fraction).id
    if isinstance(m, Deduction):
        return m.parse({}) if m.graded else 0
    if isinstance(m, PerItem):
        return int(ind.points / m.per) + 1
    if isinstance(m, Bands):
        return Decimal(str(float(m.bands[0][0])))
    if isinstance(m, Threshold):
        return m.thresholds[tier] * m.bands[0][0]
    assert isinstance(m, Ratio)
    return m.target


@COMMON
@given(cases(), st.data())
def test_na_of_a_full_indicator_never_raises_the_total(case, data) -> None:
    fw, tier, answers, vetoes = case
    ind = data.draw(st.sampled_from(list(fw.tier_indicators(tier))))
    full_answer = Answer(full_value(ind, tier))
    with_full = score(fw, tier, {**answers, ind.id: full_answer}, vetoes)
    if next(i for i in with_full.indicators if i.id == ind.id).fraction != 1:
        return  # a choice whose best option is below 1: not the property's premise
    with_na = score(fw, tier, {**answers, ind.id: Answer(not_applicable=True, reason="x")}, vetoes)
    assert with_na.total <= with_full.total


@COMMON
@given(cases())
def test_marking_more_na_keeps_completeness_up(case) -> None:
    fw, tier, answers, vetoes = case
    r = score(fw, tier, answers, vetoes)
    done = r.answered + r.not_applicable
    assert r.completeness == Fraction(done, r.tier_indicators)
