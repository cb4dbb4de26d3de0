"""Creating a case from pasted or IME input (issue 8, items 14-16): the service normalises the code and
the region before checking them, and finds the open drafts of an entity and framework."""

from __future__ import annotations

from typing import Any

import pytest

from cityeval_desktop.services import cases
from cityeval_desktop.services.errors import InputError

GOOD = {
    "framework": "planning-consulting",
    "tier": "city",
    "mode": "third-party",
    "entity_name": "福州数字规划研究院有限公司",
    "uscc": "91350100M000100Y43",
}


@pytest.mark.parametrize(
    "typed", ["9135 0100 M000 100Y 43", "９１３５０１００Ｍ０００１００Ｙ４３", " 91350100m000100y43\u3000"]
)
def test_the_stored_code_is_the_normalised_one(ctx: Any, typed: str) -> None:
    summary = cases.new_case(ctx, **{**GOOD, "uscc": typed})
    stored = cases.load_case(ctx, summary.ref).summary
    assert stored.uscc == "91350100M000100Y43"
    assert stored.region == "350100"


def test_a_full_width_region_is_stored_as_digits(ctx: Any) -> None:
    summary = cases.new_case(ctx, **{**GOOD, "region": "３５０１０２"})
    assert cases.load_case(ctx, summary.ref).summary.region == "350102"


def test_a_region_other_than_the_registration_region_is_accepted(ctx: Any) -> None:
    summary = cases.new_case(ctx, **{**GOOD, "region": "510100"})
    assert cases.load_case(ctx, summary.ref).summary.region == "510100"


def test_a_bad_region_names_the_normalised_value(ctx: Any) -> None:
    with pytest.raises(InputError) as info:
        cases.new_case(ctx, **{**GOOD, "region": " 3501 0"})
    assert [p.where for p in info.value.problems] == ["--region 35010"]
    assert cases.list_cases(ctx) == []


def test_open_drafts_of_an_entity_and_framework(ctx: Any) -> None:
    first = cases.new_case(ctx, **GOOD)
    other_framework = cases.new_case(ctx, **{**GOOD, "framework": "operations-maintenance"})
    other_entity = cases.new_case(ctx, **{**GOOD, "uscc": "91512081MA62K0260E"})
    second = cases.new_case(ctx, **{**GOOD, "mode": "self"})
    found = cases.open_drafts(ctx, "９１３５ ０１００ Ｍ０００ １００Ｙ ４３", "planning-consulting")
    assert [s.case_uuid for s in found] == [second.case_uuid, first.case_uuid]
    assert other_framework.case_uuid not in {s.case_uuid for s in found}
    assert other_entity.case_uuid not in {s.case_uuid for s in found}
    assert cases.open_drafts(ctx, GOOD["uscc"], "construction-implementation") == []


def test_a_finalized_case_is_not_open_but_its_amended_draft_is(ctx: Any) -> None:
    summary = cases.new_case(ctx, **GOOD)
    with ctx.transaction() as s:
        cases.mark_finalized(s, cases.find_case(s, summary.ref), "tester")
    assert cases.open_drafts(ctx, GOOD["uscc"], "planning-consulting") == []
    amended = cases.amend(ctx, summary.ref, "更正人员数量")
    found = cases.open_drafts(ctx, GOOD["uscc"], "planning-consulting")
    assert [s.ref for s in found] == [amended.ref]
    assert found[0].revision == 2


def test_open_drafts_of_an_unknown_code_is_empty(ctx: Any) -> None:
    assert cases.open_drafts(ctx, "not a code", "planning-consulting") == []
