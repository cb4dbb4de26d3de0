"""The next step of every gap, over random cases (hypothesis): applying it raises the total by its gain.

On the mini frameworks and the 2026.1 default frameworks: for each indicator below full marks, the
step's answer, applied to the case and scored again, raises the shown total by exactly ``gain``,
reaches a higher fraction, and is the smallest such change (one less does not reach it).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cityeval_desktop.domain.framework import Framework, Indicator
from cityeval_desktop.domain.loader import load_file
from cityeval_desktop.domain.methods import Bands, Choice, Deduction, PerItem, Ratio, Scale, Threshold, YesNo
from cityeval_desktop.domain.scoring import Answer, score

FIXTURES = Path(__file__).parents[2] / "fixtures"
FRAMEWORKS = [load_file(FIXTURES / "mini.yaml"), load_file(FIXTURES / "mini2.yaml")] + [
    load_file(p) for p in sorted((FIXTURES / "frameworks-2026.1").glob("*.yaml"))
]


def value_strategy(ind: Indicator, tier: str) -> st.SearchStrategy:
    m = ind.method
    if isinstance(m, Scale):
        return st.integers(0, len(m.levels) - 1)
    if isinstance(m, YesNo):
        return st.booleans()
    if isinstance(m, Choice):
        return st.sampled_from([o.id for o in m.options])
    if isinstance(m, Deduction) and m.graded:
        return st.fixed_dictionaries({}, optional={v.id: st.integers(0, 5) for v in m.severities})
    if isinstance(m, PerItem | Deduction):
        return st.integers(0, 30)
    if isinstance(m, Bands):
        top = int(m.bands[0][0]) + 5
        return st.one_of(st.integers(-5, top), st.decimals(min_value=-5, max_value=top, places=2, allow_nan=False))
    top = int(m.thresholds[tier] * 2) + 2 if isinstance(m, Threshold) else int(m.target * 2) + 2
    assert isinstance(m, Threshold | Ratio)
    return st.one_of(st.integers(0, top), st.decimals(min_value=0, max_value=top, places=2, allow_nan=False))


@st.composite
def cases(draw: st.DrawFn) -> tuple[Framework, str, dict[str, Answer]]:
    fw = draw(st.sampled_from(FRAMEWORKS))
    tier = draw(st.sampled_from([t.id for t in fw.tiers]))
    answers: dict[str, Answer] = {}
    for ind in fw.tier_indicators(tier):
        kind = draw(st.sampled_from(["answer"] * 6 + ["none", "na"]))
        if kind == "answer":
            answers[ind.id] = Answer(ind.method.parse(draw(value_strategy(ind, tier))))
        elif kind == "na":
            answers[ind.id] = Answer(not_applicable=True, reason="n/a")
    return fw, tier, answers


def fraction_of(fw: Framework, tier: str, ind: Indicator, value) -> Fraction:
    return ind.method.fraction(ind.method.parse(value), tier=tier, points=ind.points)


def one_less(value):
    """The answer just below a step's answer, in the step's own unit (whole numbers step by 1)."""
    if isinstance(value, int):
        return value - 1
    return Fraction(value) - Fraction(1, 100)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_applying_the_next_step_raises_the_total_by_its_gain(case) -> None:
    fw, tier, answers = case
    r = score(fw, tier, answers, {})
    for gap in r.below_full:
        ind = gap.indicator
        step = gap.next
        if gap.id not in answers:
            assert step is None  # unanswered: the step is to answer it
            continue
        old = answers[gap.id].value
        old_f = fraction_of(fw, tier, ind, old)
        if step is None:
            assert isinstance(ind.method, Choice | Bands | Threshold)  # no higher band or option reachable
            continue
        applied = score(fw, tier, {**answers, gap.id: Answer(ind.method.parse(step.answer))}, {})
        assert applied.total_shown - r.total_shown == step.gain, (gap.id, old, step.answer)
        assert step.gain >= 0
        new_f = fraction_of(fw, tier, ind, step.answer)
        assert new_f > old_f and step.full == (new_f == 1)
        m = ind.method
        if isinstance(m, Choice):
            assert not [o for o in m.options if old_f < o.fraction < new_f]
        elif isinstance(m, Threshold | Bands):
            assert fraction_of(fw, tier, ind, one_less(step.answer)) < new_f
            if isinstance(old, Fraction) and old.denominator == 1:
                assert isinstance(step.answer, int)  # counts stay whole
        elif isinstance(m, Scale | PerItem):
            assert step.answer == old + 1
        elif isinstance(m, Deduction) and not m.graded:
            assert step.answer < old and fraction_of(fw, tier, ind, step.answer + 1) == old_f
        elif isinstance(m, Deduction):
            changed = [v for v in m.severities if old[v.id] != step.answer[v.id]]
            assert all(step.answer[v.id] < old[v.id] for v in changed)
            worst = max((v for v in m.severities if old[v.id] > 0), key=lambda v: v.per)
            assert changed[-1 if len(changed) > 1 else 0].per <= worst.per and worst in changed
            last = min(changed, key=lambda v: v.per)  # the one reduced last: one occurrence back is too many
            assert fraction_of(fw, tier, ind, {**step.answer, last.id: step.answer[last.id] + 1}) == old_f
        elif isinstance(m, Ratio):
            assert Fraction(step.answer) >= m.target and new_f == 1
        assert step.text.zh and step.text.en and f"+{step.gain}" in step.text.zh


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_gaps_are_below_the_fraction_or_in_a_capped_dimension(case) -> None:
    fw, tier, answers = case
    r = score(fw, tier, answers, {})
    capped = {c.dimension for c in r.caps_applied}
    fractions = {i.id: i.fraction for i in r.indicators}
    expected = [
        g.id for g in r.below_full if (fractions[g.id] or 0) < fw.gap_below or g.indicator.dimension_id in capped
    ]
    assert [g.id for g in r.gaps] == expected
    assert 0 <= r.na_share <= 1
