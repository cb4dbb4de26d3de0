"""N/A only where the framework allows it, on one of its grounds — in a self-check exactly as in a
third-party case (the mode only words the advice), through the domain rule and the services."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.domain.loader import load_file
from cityeval_desktop.domain.scoring import Answer, na_problem
from cityeval_desktop.services import cases
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.errors import InputError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
MINI2 = load_file(FIXTURES / "mini2.yaml")
MODES = ("self", "third-party")


def _na(ground: str | None) -> Answer:
    return Answer(None, not_applicable=True, reason="不涉及", ground=ground)


@pytest.mark.parametrize(
    ("indicator", "ground", "refused"),
    [
        ("X", None, "不能标为不适用：公共信用记录每个主体都有，不能不适用"),  # never N/A, with the framework's words
        ("X", "no-secret", "不能标为不适用"),
        ("S", None, "不能标为不适用：评估框架未允许该指标不适用"),  # /2 default: not allowed
        ("Y", None, "须选择一项依据：无涉密业务"),
        ("B", "no-secret", "没有不适用依据 “no-secret”；可选：成立不满一年、事业单位"),
        ("Y", "no-secret", None),
        ("B", "public-body", None),
    ],
)
def test_the_rule_is_the_same_in_both_modes(indicator: str, ground: str | None, refused: str | None) -> None:
    ind = MINI2.indicator(indicator)
    said = {mode: na_problem(ind, _na(ground), mode) for mode in MODES}
    if refused is None:
        assert said == {"self": None, "third-party": None}
        return
    for mode, text in said.items():
        assert text is not None and refused in text.zh, (mode, text)
    # only the advice differs
    if "不能标为不适用" in refused:
        assert said["self"].zh.endswith("请按实际情况作答。") and said["third-party"].zh.endswith("请按核查结果评分。")
        assert said["self"].zh.replace("请按实际情况作答", "请按核查结果评分") == said["third-party"].zh
    else:
        assert said["self"] == said["third-party"]


@pytest.mark.parametrize("mode", MODES)
def test_the_services_refuse_and_keep_nothing_in_either_mode(ctx: Any, mode: str) -> None:
    fw_registry.install_file(ctx, FIXTURES / "mini2.yaml")
    ref = cases.new_case(
        ctx, framework="mini2", tier="city", mode=mode, entity_name="甲公司", uscc="91350100M000100Y43"
    ).ref
    cases.set_answer(ctx, ref, "X", value={"minor": 1})
    with pytest.raises(InputError) as info:
        cases.set_answer(ctx, ref, "X", not_applicable=True, reason="不适用")
    assert "指标 X（信用记录）不能标为不适用" in info.value.problems[0].message.zh
    with pytest.raises(InputError):
        cases.set_answer(ctx, ref, "Y", not_applicable=True, reason="不适用")  # no ground named
    detail = cases.load_case(ctx, ref)
    assert not detail.answers["X"].not_applicable and detail.raw_values["X"] == {"minor": 1}
    assert "Y" not in detail.answers
    cases.set_answer(ctx, ref, "Y", not_applicable=True, reason="无涉密业务", ground="no-secret")
    assert cases.load_case(ctx, ref).answers["Y"].ground == "no-secret"
