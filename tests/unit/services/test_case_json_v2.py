"""``case show --json`` of a cityeval-framework/2 case: label, conditions, N/A share, caps, next steps.

The case is made through the services on the mini2 framework (installed in the user's frameworks
folder); each gap's ``next.answer``, stored through ``set_answer``, raises the total by ``gain``.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from cityeval_desktop.domain.case_json import without_missing_additions
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.results import case_json

FIXTURES = Path(__file__).parents[2] / "fixtures"
USCC = "91350100M000100Y43"


@pytest.fixture
def mini2_case(ctx):
    folder = fw_registry.user_forms_dir(ctx)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "mini2.yaml", folder / "mini2.yaml")
    summary = case_service.new_case(
        ctx, framework="mini2", tier="city", mode="third-party", entity_name="测试主体", uscc=USCC
    )
    return summary.ref


def _apply(ctx, ref: str, tmp_path: Path, answers: dict) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": answers}, ensure_ascii=False), "utf-8")
    case_service.apply_answers_file(ctx, ref, path)


def test_result_fields_of_a_capped_case(ctx, mini2_case, tmp_path: Path) -> None:
    # city: D1 full (T 9 >= 1.5 x 6); D2: B 7, R 3.5, P 0, X 10 - 2 x 3 = 4 -> 14.5 / 40 = 36.25 < 40
    _apply(
        ctx,
        mini2_case,
        tmp_path,
        {
            "S": {"value": 3},
            "Y": {"value": True},
            "C": {"value": "hi"},
            "T": {"value": 9},
            "B": {"value": 4},
            "R": {"value": 21},
            "P": {"value": 0},
            "X": {"value": {"major": 2}},
        },
    )
    for veto in ("V1", "V2", "V4"):
        case_service.set_veto(ctx, mini2_case, veto, False)
    detail = case_service.load_case(ctx, mini2_case)
    zh, en = case_json(detail), case_json(detail, "en")
    r = en["result"]
    assert (r["total"], r["grade_before_cap"], r["grade"], r["capped"]) == (74.5, "fair", "pass", True)
    assert r["caps"] == [{"dimension": "D2", "score": 36.25, "below": 40, "max_grade": "pass"}]
    # the city pass grade is fair: capped to pass, the tier is not met
    assert r["tier_met"] is False and r["pass_grade"] == "fair"
    assert r["label"] == "City service conditions not met" and zh["result"]["label"] == "未达到城市服务级条件"
    assert r["tier_conditions"] == [] and r["na_share"] == 0 and r["provisional"] is False
    assert r["fallback"] is None and r["raised_vetoes"] == []
    # lost: P 10, R 6.5, X 6, B 3 (D2 weighs 40 of 100 and has 40 points)
    assert [g["id"] for g in r["gaps"]] == ["P", "R", "X", "B"]  # all of D2: it triggered the cap
    assert [g["id"] for g in r["below_full"]] == ["P", "R", "X", "B"]
    assert [g["lost"] for g in r["gaps"]] == [10.0, 6.5, 6.0, 3.0]
    nxt = {g["id"]: g["next"] for g in r["gaps"]}
    # R 21 -> 60 (the target): +6.5 of D2's 40 -> D2 +16.25 -> total +6.50
    assert nxt["R"] == {"answer": 60, "gain": 6.5}
    assert nxt["X"] == {"answer": {"minor": 0, "major": 1, "grave": 0}, "gain": 3.0}
    assert nxt["B"] == {"answer": 6, "gain": 3.0}  # B 7 -> 10 points: D2 +7.5 -> total +3.00
    assert nxt["P"] == {"answer": 1, "gain": 0.75}
    # the old keys are still there, unchanged in shape
    assert {"total", "grade", "vetoed", "capped", "completeness", "dimensions", "indicators", "gaps"} <= set(r)
    assert all(set(g) == {"id", "lost", "next"} for g in r["gaps"])
    x = next(i for i in r["indicators"] if i["id"] == "X")
    assert x["answer"] == {"major": 2} and x["ground"] is None  # as stored; scored as minor 0, grave 0


def test_every_next_answer_raises_the_total_by_its_gain(ctx, mini2_case, tmp_path: Path) -> None:
    start = {
        "S": {"value": 1},
        "Y": {"value": False},
        "C": {"value": "none"},
        "T": {"value": 2},
        "B": {"value": 1.5},
        "R": {"value": 12.5},
        "P": {"value": 3},
        "X": {"value": {"minor": 1, "grave": 0, "major": 4}},
    }
    _apply(ctx, mini2_case, tmp_path, start)
    steps = 0
    for _ in range(40):
        doc = case_json(case_service.load_case(ctx, mini2_case))["result"]
        step = next((g for g in doc["below_full"] if g["next"]), None)
        if step is None:
            break
        case_service.set_answer(ctx, mini2_case, step["id"], value=step["next"]["answer"])
        after = case_json(case_service.load_case(ctx, mini2_case))["result"]
        assert Decimal(str(after["total"])) - Decimal(str(doc["total"])) == Decimal(str(step["next"]["gain"])), step
        steps += 1
    assert steps > 8 and doc["total"] == 100.0 and doc["below_full"] == []


def test_a_package_written_before_the_additions_still_compares() -> None:
    computed = {
        "case_id": "x",
        "result": {
            "total": 70.0,
            "label": "城市服务级 ★★★ 较好",
            "tier_met": True,
            "below_full": [],
            "gaps": [{"id": "R", "lost": 3.0, "next": {"answer": 60, "gain": 3.0}}],
            "indicators": [{"id": "R", "earned": 7.0, "ground": None}],
        },
    }
    old = {
        "case_id": "x",
        "result": {"total": 70.0, "gaps": [{"id": "R", "lost": 3.0}], "indicators": [{"id": "R", "earned": 7.0}]},
    }
    assert without_missing_additions(computed, old) == old
    new = json.loads(json.dumps(computed))
    assert without_missing_additions(computed, new) == computed  # carried additions are compared too
    tampered = {**old, "result": {**old["result"], "total": 71.0}}
    assert without_missing_additions(computed, tampered) != tampered
