"""Scoring per DESIGN §4 on the mini framework, with figures worked out by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction as F
from pathlib import Path

import pytest

from cityeval_desktop.domain.loader import load_bytes
from cityeval_desktop.domain.scoring import Answer, ScoringError, score

FULL = {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}


def answers(fw, values: dict, tier: str = "city") -> dict[str, Answer]:
    out = {}
    for key, raw in values.items():
        if raw == "n/a":
            out[key] = Answer(not_applicable=True, reason="不适用")
        else:
            out[key] = Answer(fw.indicator(key).method.parse(raw))
    return out


def shown(value: Decimal | None) -> str:
    return str(value)


def test_worked_example(mini_framework) -> None:
    fw = mini_framework
    vals = {"S": 2, "Y": True, "C": "mid", "T": 6, "B": 5, "R": 30, "P": 3, "X": 1}
    r = score(fw, "city", answers(fw, vals), {"V1": False})
    # D1: 10*2/3 + 10 + 6 + 30*0.8 = 46.667 of 60 -> 77.78
    # D2: 7 + 5 + 2.25 + 8 = 22.25 of 40 -> 55.625 -> 55.63
    assert [shown(d.score_shown) for d in r.dimensions] == ["77.78", "55.63"]
    # T = (60 x 77.7778 + 40 x 55.625) / 100 = 68.9167 (from the exact D, not the rounded)
    assert shown(r.total_shown) == "68.92"
    assert r.grade_id == "B"
    assert not r.capped
    assert r.vetoed == ()
    assert r.undecided_vetoes == ("V2",)
    assert r.completeness == 1
    earned = {i.id: shown(i.earned_shown) for i in r.indicators}
    assert earned == {
        "S": "6.67",
        "Y": "10.00",
        "C": "6.00",
        "T": "24.00",
        "B": "7.00",
        "R": "5.00",
        "P": "2.25",
        "X": "8.00",
    }
    # gaps: lost = 100 x w_d / 100 x (points - earned) / possible_d
    gaps = [(g.id, shown(g.lost_shown)) for g in r.gaps]
    assert gaps == [
        ("P", "7.75"),
        ("T", "6.00"),
        ("R", "5.00"),
        ("C", "4.00"),
        ("S", "3.33"),
        ("B", "3.00"),
        ("X", "2.00"),
    ]
    assert sum(g.lost for g in r.gaps) == 100 - r.total


def test_full_marks(mini_framework) -> None:
    r = score(mini_framework, "regional", answers(mini_framework, {**FULL, "T": 18}), {})
    assert r.total == 100 and r.grade_id == "AAA" and r.gaps == ()


def test_unanswered_applicable_indicators_earn_zero(mini_framework) -> None:
    r = score(mini_framework, "city", {}, {})
    assert r.total == 0 and r.grade_id == "C"
    assert r.completeness == 0
    assert all(i.status == "unanswered" and i.earned == 0 for i in r.indicators)


def test_tier_exclusion(mini_framework) -> None:
    # X applies only to regional and city: for enterprise D2 has 30 points.
    r = score(mini_framework, "enterprise", answers(mini_framework, {"B": 6, "R": 60, "P": 0}), {})
    assert "X" not in [i.id for i in r.indicators]
    assert r.tier_indicators == 7
    d2 = r.dimensions[1]
    assert d2.possible == 30 and shown(d2.score_shown) == "66.67"


def test_not_applicable_renormalises_the_dimension(mini_framework) -> None:
    vals = {**FULL, "T": "n/a", "S": 0}
    r = score(mini_framework, "city", answers(mini_framework, vals), {})
    d1 = r.dimensions[0]
    assert d1.possible == 30  # T's 30 points leave the denominator
    assert d1.score == F(200, 3)
    assert r.completeness == 1
    t_result = next(i for i in r.indicators if i.id == "T")
    assert t_result.status == "not_applicable" and t_result.earned is None
    assert "T" not in [g.id for g in r.gaps]


def test_dimension_with_nothing_applicable_is_excluded(mini_framework) -> None:
    vals = {"S": 3, "Y": True, "C": "mid", "T": 9, "B": "n/a", "R": "n/a", "P": "n/a", "X": "n/a"}
    r = score(mini_framework, "city", answers(mini_framework, vals), {})
    assert r.dimensions[1].score is None and not r.dimensions[1].included
    # T is then D1 alone: 56 of 60
    assert r.total == F(280, 3)
    assert shown(r.total_shown) == "93.33" and r.grade_id == "AAA"


def test_veto_removes_the_grade_but_keeps_the_total(mini_framework) -> None:
    r = score(mini_framework, "city", answers(mini_framework, FULL), {"V1": True, "V2": False})
    assert r.total == 100
    assert r.grade is None and r.vetoed == ("V1",) and not r.capped


def test_total_is_compared_after_rounding(mini_framework) -> None:
    # D2 earned 29.995 of 40 -> T = 60 + 0.4 x 74.9875 = 89.995, shown 90.00 -> AAA
    vals = {**FULL, "R": Decimal("59.97"), "X": 5}
    r = score(mini_framework, "city", answers(mini_framework, vals), {})
    assert r.total == F(89995, 1000)
    assert shown(r.total_shown) == "90.00" and r.grade_id == "AAA"


CAP_TO_B = (
    (Path(__file__).parents[2] / "fixtures" / "mini.yaml").read_text("utf-8").replace("max_grade: A}", "max_grade: B}")
)


@pytest.fixture
def capped_framework():
    return load_bytes(CAP_TO_B.encode(), "mini-cap-b.yaml")


def test_cap_lowers_the_grade(capped_framework) -> None:
    # D1 = 100, D2 = 15.99667 / 40 = 39.99 < 40 -> A capped to B
    vals = {**FULL, "B": 0, "R": Decimal("35.98"), "P": 0, "X": 0}
    r = score(capped_framework, "city", answers(capped_framework, vals), {})
    assert shown(r.dimensions[1].score_shown) == "39.99"
    assert r.grade_before_cap.id == "A" and r.grade_id == "B" and r.capped


def test_cap_uses_the_rounded_dimension_score(capped_framework) -> None:
    # D2 = 15.998 / 40 = 39.995, shown 40.00: not below 40, no cap
    vals = {**FULL, "B": 0, "R": Decimal("35.988"), "P": 0, "X": 0}
    r = score(capped_framework, "city", answers(capped_framework, vals), {})
    assert r.dimensions[1].score == F(39995, 1000)
    assert shown(r.dimensions[1].score_shown) == "40.00"
    assert r.grade_id == "A" and not r.capped


def test_cap_never_raises_a_grade(mini_framework) -> None:
    # cap to A when the grade is already C: stays C, not capped
    vals = {"S": 0}
    r = score(mini_framework, "city", answers(mini_framework, vals), {})
    assert r.grade_id == "C" and not r.capped


def test_gap_ties_keep_framework_order_and_give_next_level(mini_framework) -> None:
    vals = {**FULL, "S": 1, "Y": False}
    r = score(mini_framework, "city", answers(mini_framework, vals), {})
    assert [g.id for g in r.gaps] == ["Y", "S"]
    s_gap = r.gaps[1]
    assert s_gap.next_step.en.startswith("Next level (2): Basic")
    assert r.gaps[0].next_step is None  # Y has no guidance in the mini framework


def test_unknown_tier_is_refused(mini_framework) -> None:
    with pytest.raises(ScoringError):
        score(mini_framework, "galactic", {}, {})
