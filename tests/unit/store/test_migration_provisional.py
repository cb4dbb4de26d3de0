"""Migration 0003 fills the cached provisional flag of existing cases from their answers and vetoes."""

from __future__ import annotations

from pathlib import Path

import pytest

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.context import open_context
from tests.unit.store.old_databases import copy_rows

# written against the 2026.1 default frameworks (their ids and rules): pinned to those files
pytestmark = pytest.mark.usefixtures("frameworks_2026_1")

USCC = ("91350100M000100Y43", "91512081MA62K0260E")


def _complete_answers(ctx, ref: str) -> None:
    detail = case_service.load_case(ctx, ref)
    for ind in detail.framework.tier_indicators(detail.summary.tier):
        case_service.set_answer(ctx, ref, ind.id, not_applicable=True, reason="本单位不涉及")


def test_upgrade_to_0003_marks_incomplete_and_undecided_drafts_provisional(
    tmp_path: Path, database_at_revision
) -> None:
    db = tmp_path / "old.sqlite3"
    database_at_revision(db, "0002")
    ctx = open_context(tmp_path / "scratch.sqlite3", tmp_path)
    made = {}
    for name, uscc in (("未答完", USCC[0]), ("否决项未判定", USCC[1]), ("全部完成", USCC[0])):
        made[name] = case_service.new_case(
            ctx, framework="planning-consulting", tier="city", mode="self", entity_name=name, uscc=uscc
        )
    case_service.set_answer(ctx, made["未答完"].ref, "P1.2", value=4)
    for name in ("否决项未判定", "全部完成"):
        _complete_answers(ctx, made[name].ref)
    fw = case_service.load_case(ctx, made["全部完成"].ref).framework
    for veto in fw.vetoes:
        case_service.set_veto(ctx, made["全部完成"].ref, veto.id, False)
    case_service.set_veto(ctx, made["否决项未判定"].ref, fw.vetoes[0].id, False)
    ctx.close()
    # copy the rows into a database still at 0002, as an older version of the program wrote them
    copy_rows(
        tmp_path / "scratch.sqlite3", db, ("frameworks", "entities", "cases", "answers", "veto_decisions", "audit")
    )

    ctx = open_context(db, tmp_path)
    listed = {s.entity_name: s for s in case_service.list_cases(ctx)}
    assert listed["未答完"].provisional is True and listed["未答完"].is_provisional
    assert listed["否决项未判定"].provisional is True
    assert listed["否决项未判定"].completeness == 1
    assert listed["全部完成"].provisional is False and not listed["全部完成"].is_provisional
    # what the migration cached is what scoring says now
    for s in listed.values():
        assert s.provisional == case_service.load_case(ctx, s.ref).result.provisional
    ctx.close()
