"""Creating a case (DESIGN §5): every input checked, every problem reported at once,
nothing created on bad input, region taken from the USCC by default."""

from __future__ import annotations

from typing import Any

import pytest

from cityeval_desktop.services import cases
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.store import audit

GOOD = {
    "framework": "planning-consulting",
    "tier": "city",
    "mode": "third-party",
    "entity_name": "福州数字规划研究院有限公司",
    "uscc": "91350100M000100Y43",
}


def audit_count(ctx: Any) -> int:
    with ctx.reading() as s:
        return audit.count(s)


def problems_of(ctx: Any, **changes: Any) -> dict[str, str]:
    """``where -> English message`` of every problem new_case reports for GOOD + changes."""
    with pytest.raises(InputError) as info:
        cases.new_case(ctx, **{**GOOD, **changes})
    return {p.where: p.message.en for p in info.value.problems}


def assert_nothing_created(ctx: Any) -> None:
    assert cases.list_cases(ctx, all_revisions=True) == []
    assert audit_count(ctx) == 0


def test_every_problem_is_reported_at_once(ctx: Any) -> None:
    found = problems_of(ctx, tier="galaxy", mode="solo", entity_name="   ", uscc="91I50100M000100Y43", region="35010")
    assert set(found) == {"--tier", "--mode", "--entity-name", "--uscc 91I50100M000100Y43", "--region 35010"}
    assert "unknown tier 'galaxy'" in found["--tier"]
    assert "regional, city, enterprise" in found["--tier"], "the message must say which tiers exist"
    assert "unknown mode 'solo'" in found["--mode"]
    assert "must not be empty" in found["--entity-name"]
    assert "character 3 'I' is not allowed" in found["--uscc 91I50100M000100Y43"]
    assert "6 digits" in found["--region 35010"]
    assert_nothing_created(ctx)


def test_unknown_framework_is_reported_with_the_other_problems(ctx: Any) -> None:
    found = problems_of(ctx, framework="no-such-framework", entity_name="", uscc="123")
    assert set(found) == {"--framework", "--entity-name", "--uscc 123"}
    assert "no framework 'no-such-framework'" in found["--framework"]
    assert "planning-consulting@2026.2" in found["--framework"], "the message must list what is available"
    assert "has 18 characters, this one has 3" in found["--uscc 123"]
    assert_nothing_created(ctx)


def test_wrong_check_character_names_the_position_and_the_expected_character(ctx: Any) -> None:
    with pytest.raises(InputError) as info:
        cases.new_case(ctx, **{**GOOD, "uscc": "91350100M000100Y44"})
    (problem,) = info.value.problems
    assert problem.where == "--uscc 91350100M000100Y44"
    assert problem.message.en == ("wrong check character: position 18 is '4', the first 17 characters give '3'")
    assert "第 18 位" in problem.message.zh and "“3”" in problem.message.zh
    assert_nothing_created(ctx)


def test_region_defaults_to_uscc_positions_3_to_8(ctx: Any) -> None:
    default = cases.new_case(ctx, **{**GOOD, "uscc": "91512081ma62k0260e"})  # typed in lower case
    assert default.uscc == "91512081MA62K0260E"
    assert default.region == "512081"
    explicit = cases.new_case(ctx, **GOOD, region="350102")
    assert explicit.region == "350102"
    detail = cases.load_case(ctx, default.case_uuid)
    assert (detail.summary.region, detail.summary.status, detail.summary.revision) == ("512081", "draft", 1)


def test_new_case_writes_one_audit_entry(ctx: Any) -> None:
    summary = cases.new_case(ctx, **GOOD, assessor="测试评估员")
    with ctx.reading() as s:
        (entry,) = list(audit.export_chain(s, summary.case_uuid))
    assert (entry["action"], entry["actor"], entry["revision"], entry["old"]) == ("case.create", "tester", 1, None)
    assert entry["new"]["entity"] == {"name": GOOD["entity_name"], "uscc": GOOD["uscc"], "region": "350100"}
    assert entry["new"]["tier"] == "city" and entry["new"]["assessor"] == "测试评估员"
