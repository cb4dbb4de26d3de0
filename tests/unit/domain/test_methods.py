"""The eight scoring methods: values to fractions, and the values they refuse."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction as F

import pytest

from cityeval_desktop.domain.methods import AnswerValueError
from cityeval_desktop.domain.numbers import exact, round_half_up


def fraction(fw, indicator_id: str, raw, tier: str = "city") -> F:
    ind = fw.indicator(indicator_id)
    return ind.method.fraction(ind.method.parse(raw), tier=tier, points=ind.points)


def test_scale_level_over_top(mini_framework) -> None:
    assert [fraction(mini_framework, "S", n) for n in range(4)] == [F(0), F(1, 3), F(2, 3), F(1)]


def test_yes_no(mini_framework) -> None:
    assert fraction(mini_framework, "Y", True) == 1
    assert fraction(mini_framework, "Y", False) == 0


def test_choice_uses_the_option_fraction(mini_framework) -> None:
    assert fraction(mini_framework, "C", "mid") == F(3, 5)
    assert fraction(mini_framework, "C", "none") == 0


@pytest.mark.parametrize(
    "tier, value, expected",
    [
        ("city", 9, F(1)),  # 1.5 x 6 exactly: first band
        ("city", Decimal("8.99"), F(4, 5)),
        ("city", 6, F(4, 5)),  # 1.0 x 6
        ("city", 3, F(2, 5)),  # 0.5 x 6 exactly
        ("city", Decimal("2.99"), F(0)),
        ("regional", 18, F(1)),
        ("regional", 17, F(4, 5)),
        ("enterprise", 2, F(2, 5)),
        ("enterprise", 0, F(0)),
    ],
)
def test_threshold_uses_the_case_tier(mini_framework, tier, value, expected) -> None:
    assert fraction(mini_framework, "T", value, tier) == expected


@pytest.mark.parametrize("value, expected", [(6, F(1)), (4, F(7, 10)), (Decimal("3.9"), F(2, 5)), (-1, F(0))])
def test_bands_first_band_reached(mini_framework, value, expected) -> None:
    assert fraction(mini_framework, "B", value) == expected


def test_ratio_capped_at_one(mini_framework) -> None:
    assert fraction(mini_framework, "R", 30) == F(1, 2)
    assert fraction(mini_framework, "R", 60) == 1
    assert fraction(mini_framework, "R", 600) == 1


def test_per_item_capped_at_points(mini_framework) -> None:
    assert fraction(mini_framework, "P", 4) == F(3, 10)  # 4 x 0.75 = 3 of 10
    assert fraction(mini_framework, "P", 14) == 1
    assert fraction(mini_framework, "P", 0) == 0


def test_deduction_floors_at_zero(mini_framework) -> None:
    assert fraction(mini_framework, "X", 0) == 1
    assert fraction(mini_framework, "X", 2) == F(3, 5)
    assert fraction(mini_framework, "X", 50) == 0


@pytest.mark.parametrize(
    "indicator_id, raw, words",
    [
        ("S", 4, "0-3"),
        ("S", -1, "0-3"),
        ("S", "3", "level"),
        ("S", True, "level"),
        ("S", Decimal("1.5"), "whole"),
        ("Y", "yes", "true or false"),
        ("Y", 1, "true or false"),
        ("C", "maybe", "unknown choice"),
        ("T", "abc", "expected a number"),
        ("T", -3, "negative"),
        ("R", -0.5, "negative"),
        ("P", -1, "negative"),
        ("P", Decimal("2.5"), "whole"),
        ("X", "two", "whole number"),
        ("B", True, "expected a number"),
    ],
)
def test_wrong_values_are_refused_with_a_reason(mini_framework, indicator_id, raw, words) -> None:
    method = mini_framework.indicator(indicator_id).method
    with pytest.raises(AnswerValueError) as info:
        method.parse(raw)
    assert words in info.value.message.en
    assert info.value.message.zh


def test_exact_conversion_keeps_decimals_exact() -> None:
    assert exact(0.1) == F(1, 10)
    assert exact(Decimal("0.75")) == F(3, 4)
    with pytest.raises(ValueError):
        exact(float("nan"))


@pytest.mark.parametrize(
    "value, shown",
    [
        (F(1005, 1000), "1.01"),  # .xx5 rounds up (binary floats would give 1.00)
        (F(2675, 1000), "2.68"),
        (F(1004999, 1000000), "1.00"),
        (F(89995, 1000), "90.00"),
        (F(0), "0.00"),
        (F(200, 3), "66.67"),
        (F(-1005, 1000), "-1.01"),
    ],
)
def test_round_half_up_at_boundaries(value, shown) -> None:
    assert str(round_half_up(value)) == shown
