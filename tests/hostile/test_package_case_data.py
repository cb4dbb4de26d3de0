"""A package carries the case data of issue 12 (team, declarations, opinion, numbers, validity) and an
agency keeps it as sent; a case.json from before it still imports, and hostile case data is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.domain.case_json import CASE_DATA_KEYS, case_json
from cityeval_desktop.services import case_data as case_data_service
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.package_import import import_packages
from tests.hostile import packages as pk


@pytest.fixture
def world(package_world: pk.World) -> pk.World:
    return package_world  # tests/hostile/conftest.py: made once per test process


def _import(root: Path, world: pk.World, package: Path) -> tuple[Any, Any]:
    ctx = pk.agency(root, world)
    return ctx, import_packages(ctx, [package])[0]


def _reason(outcome: Any) -> str:
    return " ".join(c.detail.en for c in outcome.check.checks if not c.ok and c.detail)


def test_the_agency_keeps_the_case_data_as_sent(world: pk.World, tmp_path: Path) -> None:
    ref = f"{world.case_uuid}@1"
    mine = world.assessor()
    try:
        sent = case_json(case_service.load_case(mine, ref))
    finally:
        mine.close()
    assert sent["report_no"] and sent["certificate_no"] and sent["valid"]["until"]
    assert [(m["name"], m["role"]) for m in sent["team"]] == [("张三", "lead"), ("赵审核", "reviewer")]
    ctx, outcome = _import(tmp_path, world, world.r1)
    try:
        assert outcome.outcome == "imported", _reason(outcome)
        detail = case_service.load_case(ctx, ref)
        kept = case_json(detail)
        assert {k: kept[k] for k in CASE_DATA_KEYS} == {k: sent[k] for k in CASE_DATA_KEYS}
        assert all(c.valid for c in case_data_service.check_declarations(ctx, detail).values())
    finally:
        ctx.close()


def test_a_case_json_without_the_case_data_still_imports(world: pk.World, tmp_path: Path) -> None:
    def older(doc: dict[str, Any]) -> None:
        for key in CASE_DATA_KEYS:
            doc.pop(key)

    package = pk.repack(
        world.r1, tmp_path / "older.cityeval", pk.edit_json("data/case.json", older), sign_with=world.signer
    )
    ctx, outcome = _import(tmp_path, world, package)
    try:
        assert outcome.outcome == "imported", _reason(outcome)
        shown = case_json(case_service.load_case(ctx, f"{world.case_uuid}@1"))
        # the numbers and the validity come from case.json only; the team, declarations, opinion and
        # window are in the signed content (form 3) and are kept from it
        assert shown["report_no"] is None and shown["valid"] is None
        assert [(m["name"], m["role"]) for m in shown["team"]] == [("张三", "lead"), ("赵审核", "reviewer")]
        assert shown["window"] is not None and shown["opinion"]
    finally:
        ctx.close()


def _statement(doc: dict[str, Any]) -> None:
    doc["team"][0]["declaration"]["statement"] += "（已修改）"


def _role(doc: dict[str, Any]) -> None:
    doc["team"][1]["role"] = "approver"


def _twice(doc: dict[str, Any]) -> None:
    doc["team"][1]["name"] = doc["team"][0]["name"]


def _opinion(doc: dict[str, Any]) -> None:
    doc["opinion"] = "长" * 30_000


def _day(doc: dict[str, Any]) -> None:
    doc["valid"]["until"] = "2029-02-30"


def _signature(doc: dict[str, Any]) -> None:
    doc["team"][0]["declaration"]["signature"] = "not base64!"


def _inspection(doc: dict[str, Any]) -> None:
    doc["inspections"] = [
        {
            "date": "2026-06-20",
            "place": "x",
            "participants": ["a"],
            "checked": "c",
            "findings": "f",
            "attachments": [{"name": "x.jpg", "sha256": "ab" * 32, "size": 3, "media_type": "image/jpeg", "path": "x"}],
            "sampled_projects": [],
            "sampled_staff": [],
        }
    ]


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        # (the team, declarations and inspections are in the signed content, form 3: a case.json that
        # says otherwise disagrees with it)
        (_statement, "the team of case.json differs"),
        (_role, "the team of case.json differs"),
        (_twice, "the team of case.json differs"),
        (_opinion, "opinion"),
        (_day, "valid.until"),
        (_signature, "the team of case.json differs"),
        (_inspection, "the inspections of case.json differs"),
    ],
)
def test_hostile_case_data_is_refused(world: pk.World, tmp_path: Path, edit: Any, words: str) -> None:
    package = pk.repack(
        world.r1, tmp_path / "forged.cityeval", pk.edit_json("data/case.json", edit), sign_with=world.signer
    )
    ctx, outcome = _import(tmp_path, world, package)
    try:
        assert outcome.outcome == "rejected"
        assert words in _reason(outcome)
        assert case_service.list_cases(ctx) == []
    finally:
        ctx.close()
