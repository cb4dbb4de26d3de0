"""Numbers from outside are bounded before any exact arithmetic (issue 9, item 7)."""

from __future__ import annotations

import json
import time
from decimal import Decimal
from fractions import Fraction

import pytest

from cityeval_desktop.domain.loader import FrameworkError, load_bytes
from cityeval_desktop.domain.numbers import NumberRangeError, bounded_decimal, bounded_int, check_bounds, exact
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.services.results import case_json


@pytest.mark.parametrize(
    "value",
    [
        Decimal("1e99999999"),
        Decimal("1e-99999999"),
        Decimal("0E-99999999"),
        Decimal("1e400"),
        Decimal("1" * 50),
        10**15,
        -(10**20),
        1e300,
        1e-300,
        Fraction(10**30, 3),
    ],
)
def test_absurd_numbers_are_refused_at_once(value) -> None:
    start = time.perf_counter()
    with pytest.raises(NumberRangeError):
        exact(value)
    assert time.perf_counter() - start < 0.1


@pytest.mark.parametrize("value", [0, 7, 4.5, Decimal("30.5"), Decimal("0.000001"), 10**15 - 1, Decimal("123456.789")])
def test_real_numbers_pass(value) -> None:
    check_bounds(value)
    assert exact(value) >= 0


def test_number_text_is_bounded_before_converting() -> None:
    with pytest.raises(NumberRangeError):
        bounded_int("9" * 5000)  # int() itself would refuse with "use sys.set_int_max_str_digits()"
    with pytest.raises(NumberRangeError):
        bounded_decimal("1e999999999")
    assert bounded_decimal("4.5") == Decimal("4.5")


@pytest.fixture
def ref(ctx):
    return case_service.new_case(
        ctx,
        framework="planning-consulting",
        tier="city",
        mode="third-party",
        entity_name="福州数字规划研究院有限公司",
        uscc="91350100M000100Y43",
    ).ref


@pytest.mark.parametrize("literal", ["1e99999999", "1e-99999999", "1e400", "9" * 5000, "-1e16"])
def test_an_answers_file_with_an_absurd_number_is_refused_quickly_and_nothing_is_stored(
    ctx, ref, tmp_path, literal
) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{"answers": {"P1.1": {"value": ' + literal + "}}}", encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        case_service.apply_answers_file(ctx, ref, path)
    assert time.perf_counter() - start < 2
    text = " ".join(p.message.zh + p.message.en for p in info.value.problems)
    assert "set_int_max_str_digits" not in text and "Exceeds" not in text
    assert "10^15" in text or "不能为负数" in text
    detail = case_service.load_case(ctx, ref)
    assert "P1.1" not in detail.answers
    json.dumps(case_json(detail), allow_nan=False)  # the JSON output stays valid


def test_the_window_s_value_goes_through_the_same_bounds(ctx, ref) -> None:
    with pytest.raises(InputError):
        case_service.set_answer(ctx, ref, "P1.1", value=Decimal("1e400"))
    with pytest.raises(InputError):
        case_service.set_answer(ctx, ref, "P1.2", value=Decimal("1e99999999"))  # a scale level


FRAMEWORK = """schema: cityeval-framework/1
id: bounds
version: "1"
category: planning-consulting
title: {zh: 边界, en: Bounds}
tiers:
  - {id: city, title: {zh: 城市服务级, en: City}}
grades:
  - {id: A, min: 60, stars: 3, title: {zh: 合格, en: Pass}}
  - {id: C, min: 0, stars: 1, title: {zh: 不合格, en: Fail}}
dimensions:
  - id: D1
    title: {zh: 能力, en: Capability}
    weight: 100
    indicators:
      - id: P1
        title: {zh: 人员, en: Staff}
        guidance: {zh: 数人数, en: Count people}
        points: 100
        method: {type: threshold, thresholds: {city: THRESHOLD}, bands: [[1.0, 1.0]], unit: {zh: 人, en: people}}
"""


@pytest.mark.parametrize("threshold", [".inf", ".nan", "9" * 5000, "1e999999999"])
def test_a_framework_with_an_absurd_threshold_is_refused_with_its_line(threshold) -> None:
    raw = FRAMEWORK.replace("THRESHOLD", threshold).encode()
    start = time.perf_counter()
    with pytest.raises(FrameworkError) as info:
        load_bytes(raw, "bounds.yaml")
    assert time.perf_counter() - start < 2
    rendered = info.value.render("en")
    assert any(line.startswith("bounds.yaml:20:") for line in rendered), rendered


@pytest.mark.parametrize("env", ["1e400", "-1", "0", "abc", "nan", "inf"])
def test_a_bad_evidence_limit_in_the_environment_is_refused_with_a_clear_message(ctx, monkeypatch, env) -> None:
    monkeypatch.setenv("CITYEVAL_EVIDENCE_LIMIT_MB", env)
    with pytest.raises(InputError) as info:
        ctx.evidence_limit()
    assert "CITYEVAL_EVIDENCE_LIMIT_MB" in info.value.problems[0].where


def test_a_sensible_evidence_limit_in_the_environment_is_taken(ctx, monkeypatch) -> None:
    monkeypatch.setenv("CITYEVAL_EVIDENCE_LIMIT_MB", "0.5")
    assert ctx.evidence_limit() == 512 * 1024
