"""The case-data calls the workbench makes besides the CLI's (issue 12 §1 in the window): an inspection record
typed in fields with chosen files, taking a record off and putting it back (undo), clearing the opinion
(undo of a first one). Each one audited transaction; bad input refused whole."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.domain.errors import InputError, NotFoundError
from cityeval_desktop.services import case_data as service
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.reporting import audit_entries

FIXTURES = Path(__file__).parents[2] / "fixtures"


@pytest.fixture
def draft(ctx: Any) -> str:
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    return case_service.new_case(
        ctx,
        framework="mini",
        tier="city",
        mode="third-party",
        entity_name="核查主体",
        uscc="91350100M000100Y43",
        reference_date="2026-06-30",
    ).ref


def _fields(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "date": "2026-06-20",
        "place": "福州市鼓楼区软件园 A 座",
        "participants": ["张三", "李四"],
        "checked": "核对劳动合同",
        "findings": "一致",
        "sampled_projects": [],
        "sampled_staff": ["王五"],
        "attachments": [],
    }
    base.update(over)
    return base


def _actions(ctx: Any, ref: str) -> list[str]:
    return [e["action"] for e in audit_entries(ctx, case_service.load_case(ctx, ref).summary.case_uuid)]


def test_fields_with_chosen_files_from_any_folder_are_stored_like_the_json_record(ctx, draft, tmp_path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    photo, minutes = tmp_path / "a" / "现场.jpg", tmp_path / "b" / "纪要.pdf"
    photo.write_bytes(b"\xff\xd8 photo")
    minutes.write_bytes(b"%PDF-1.4 minutes")
    detail = service.add_inspection_fields(ctx, draft, _fields(attachments=[photo, minutes]))
    (record,) = detail.case_data.inspections
    assert record.participants == ("张三", "李四") and record.sampled_staff == ("王五",)
    assert [(f.name, f.sha256) for f in record.attachments] == [
        ("现场.jpg", hashlib.sha256(photo.read_bytes()).hexdigest()),
        ("纪要.pdf", hashlib.sha256(minutes.read_bytes()).hexdigest()),
    ]
    assert ctx.evidence.path_of(record.attachments[0].sha256).read_bytes() == photo.read_bytes()
    assert _actions(ctx, draft).count("inspection.add") == 1


def test_bad_fields_or_a_missing_file_store_nothing_and_name_the_field(ctx, draft, tmp_path) -> None:
    before = _actions(ctx, draft)
    with pytest.raises(InputError) as caught:
        service.add_inspection_fields(
            ctx, draft, _fields(place="", participants=[], attachments=[tmp_path / "missing.pdf"])
        )
    wheres = [p.where for p in caught.value.problems]
    assert any(w.endswith(": place") for w in wheres)
    assert any(w.endswith(": participants") for w in wheres)
    assert any(": attachments[0]" in w for w in wheres)
    assert case_service.load_case(ctx, draft).case_data.inspections == ()
    assert _actions(ctx, draft) == before
    with pytest.raises(InputError):
        service.add_inspection_fields(ctx, draft, _fields(date="2026-13-01"))
    with pytest.raises(InputError):
        service.add_inspection_fields(ctx, draft, {**_fields(), "extra": 1})


def test_a_record_taken_off_and_put_back_is_audited_both_ways(ctx, draft) -> None:
    service.add_inspection_fields(ctx, draft, _fields(place="一号楼"))
    detail = service.add_inspection_fields(ctx, draft, _fields(place="二号楼"))
    first = detail.case_data.inspections[0]
    detail = service.remove_inspection(ctx, draft, 0)
    assert [r.place for r in detail.case_data.inspections] == ["二号楼"]
    detail = service.restore_inspection(ctx, draft, first)
    assert [r.place for r in detail.case_data.inspections] == ["二号楼", "一号楼"]
    assert detail.case_data.inspections[1] == first
    assert _actions(ctx, draft).count("inspection.remove") == 1
    assert _actions(ctx, draft).count("inspection.add") == 3
    with pytest.raises(NotFoundError):
        service.remove_inspection(ctx, draft, 5)


def test_clearing_the_opinion_takes_it_away_audited(ctx, draft) -> None:
    service.set_opinion(ctx, draft, "综合评价意见正文", "opinion")
    detail = service.clear_opinion(ctx, draft)
    assert detail.case_data.opinion is None
    assert _actions(ctx, draft).count("case.opinion") == 2
    service.clear_opinion(ctx, draft)  # nothing to clear: nothing written
    assert _actions(ctx, draft).count("case.opinion") == 2
