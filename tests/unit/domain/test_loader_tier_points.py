"""A cityeval-framework/2 dimension may reach its weight per tier, so a tier asks its own questions."""

from __future__ import annotations

from pathlib import Path

import pytest

from cityeval_desktop.domain.loader import FrameworkError, load_bytes

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
MINI2 = (FIXTURES / "mini2.yaml").read_text("utf-8")

# an enterprise-only indicator in D2 of mini2, in place of X (regional and city only)
EXTRA = """
      - id: E
        title: {zh: 企业服务, en: Enterprise service}
        points: 10
        method: {type: per_item, per: 2}
        tiers: [enterprise]
"""


def _with_extra(text: str, extra: str = EXTRA) -> bytes:
    head, sep, tail = text.partition("vetoes:")
    return (head.rstrip("\n") + "\n" + extra.strip("\n") + "\n" + sep + tail).encode("utf-8")


def test_each_tier_reaching_the_weight_is_accepted() -> None:
    fw = load_bytes(_with_extra(MINI2), "mini2-extra.yaml")
    d2 = fw.dimension("D2")
    for tier in ("regional", "city", "enterprise"):
        assert sum(i.points for i in d2.indicators if i.applies_to(tier)) == d2.weight
    assert [i.id for i in fw.tier_indicators("enterprise") if i.dimension_id == "D2"] == ["B", "R", "P", "E"]


def test_a_tier_missing_the_weight_is_named() -> None:
    with pytest.raises(FrameworkError) as caught:
        load_bytes(_with_extra(MINI2, EXTRA.replace("points: 10", "points: 5")), "mini2-extra.yaml")
    lines = caught.value.render("zh") + caught.value.render("en")
    assert any("维度 D2 在企业服务级的指标分值之和为 35，应等于维度权重 40" in line for line in lines), lines
    assert any("indicator points of D2 at tier enterprise sum to 35" in line for line in lines), lines
