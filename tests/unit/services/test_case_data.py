"""The case data of issue 12 through the services: reference date and window, team, declarations, opinion,
inspection records, numbering; each write one audited transaction, hostile input refused whole."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.domain import days
from cityeval_desktop.domain.case_data import (
    add_months,
    finalize_gaps,
    pattern_problems,
    review_window,
    validity,
)
from cityeval_desktop.domain.case_json import case_json
from cityeval_desktop.domain.errors import InputError, NotFoundError, StateError
from cityeval_desktop.domain.opinion import draft_opinion
from cityeval_desktop.domain.text import Text
from cityeval_desktop.services import case_data as service
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.reporting import FinalizeCheckError, audit_entries, finalize_and_sign
from cityeval_desktop.services.results import finalize_problems
from cityeval_desktop.signing.identity import create_identity
from cityeval_desktop.store.evidence import EvidenceError
from tests.case_data_helpers import org_for, staff

FIXTURES = Path(__file__).parents[2] / "fixtures"
VALUES = {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}
PASSWORD = "case-data-2026"


def _identity(tmp_path: Path, name: str, org: str = "福建数字评估中心") -> Any:
    return create_identity(tmp_path / f"{name}.p12", name=name, org=org, password=PASSWORD, key_size=2048)


@pytest.fixture
def answered(ctx: Any, tmp_path: Path) -> str:
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    ref = case_service.new_case(
        ctx,
        framework="mini",
        tier="city",
        mode="third-party",
        entity_name="案例数据主体",
        uscc="91350100M000100Y43",
        reference_date="2026-06-30",
    ).ref
    for ind, value in VALUES.items():
        case_service.set_answer(ctx, ref, ind, value=value)
    for veto in ("V1", "V2"):
        case_service.set_veto(ctx, ref, veto, False)
    scan = tmp_path / "证书.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    case_service.add_evidence(ctx, ref, "S", [scan])
    return ref


def test_dates_of_the_window_and_the_validity() -> None:
    assert review_window(date(2026, 6, 30), 36) == (date(2023, 7, 1), date(2026, 6, 30))
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert validity(date(2026, 12, 1), 3) == (date(2026, 12, 1), date(2029, 11, 30))
    assert validity(date(2024, 2, 29), 1) == (date(2024, 2, 29), date(2025, 2, 27))


def test_a_new_case_has_its_reference_date_and_window_and_an_old_one_none(ctx: Any, answered: str) -> None:
    data = case_service.load_case(ctx, answered).case_data
    assert (data.reference_date, data.window_from, data.window_to) == (
        date(2026, 6, 30),
        date(2023, 7, 1),
        date(2026, 6, 30),
    )
    today = case_service.new_case(
        ctx, framework="mini", tier="city", mode="self", entity_name="今日", uscc="91512081MA62K0260E"
    )
    assert case_service.load_case(ctx, today.ref).case_data.reference_date == days.today()
    with ctx.transaction() as s:  # as a case made before issue 12 stands in the database
        row = case_service.find_case(s, today.ref)
        row.reference_date = row.window_from = row.window_to = None
    shown = case_json(case_service.load_case(ctx, today.ref))
    assert {k: shown[k] for k in ("reference_date", "window", "valid", "report_no", "certificate_no", "opinion")} == {
        "reference_date": None,
        "window": None,
        "valid": None,
        "report_no": None,
        "certificate_no": None,
        "opinion": None,
    }
    assert shown["team"] == [] and shown["inspections"] == []


@pytest.mark.parametrize(
    ("value", "words"),
    [("2026-02-30", "not a valid date"), ("1999-12-31", "out of range"), ("30.06.2026", "YYYY-MM-DD")],
)
def test_bad_reference_dates_are_refused_and_change_nothing(ctx: Any, answered: str, value: str, words: str) -> None:
    with pytest.raises(InputError) as err:
        service.set_reference_date(ctx, answered, value)
    assert words in " ".join(err.value.lines("en"))
    future = (days.today() + timedelta(days=1)).isoformat()
    with pytest.raises(InputError):
        service.set_reference_date(ctx, answered, future)
    assert case_service.load_case(ctx, answered).case_data.reference_date == date(2026, 6, 30)


def test_team_rules_unknown_role_duplicate_lead_and_name_refused(ctx: Any, answered: str) -> None:
    service.add_member(ctx, answered, name="张三", role="lead", org="福建数字评估中心", qualification="ZJ-001")
    with pytest.raises(InputError, match="unknown role"):
        service.add_member(ctx, answered, name="李四", role="boss", org="X")
    with pytest.raises(InputError, match="already has a lead"):
        service.add_member(ctx, answered, name="李四", role="lead", org="X")
    with pytest.raises(InputError, match="already on the team"):
        service.add_member(ctx, answered, name="张三", role="member", org="X")
    with pytest.raises(InputError, match="must not be empty"):
        service.add_member(ctx, answered, name="  ", role="member", org="X")
    with pytest.raises(InputError, match="one line"):
        service.add_member(ctx, answered, name="王五\n组长", role="member", org="X")
    detail = service.add_member(ctx, answered, name="李四", role="reviewer", org="省评估协会")
    assert [(m.name, m.role) for m in detail.case_data.team] == [("张三", "lead"), ("李四", "reviewer")]
    detail = service.remove_member(ctx, answered, "李四")
    assert [m.name for m in detail.case_data.team] == ["张三"]
    with pytest.raises(NotFoundError):
        service.remove_member(ctx, answered, "李四")
    actions = [e["action"] for e in audit_entries(ctx, detail.summary.case_uuid)]
    assert actions.count("team.add") == 2 and actions.count("team.remove") == 1


def test_a_declaration_is_signed_by_the_member_and_verified_and_a_forgery_shows(
    ctx: Any, answered: str, tmp_path: Path
) -> None:
    service.add_member(ctx, answered, name="张三", role="lead", org="福建数字评估中心")
    zhang, other = _identity(tmp_path, "张三"), _identity(tmp_path, "王五")
    with pytest.raises(InputError, match="not 张三's"):
        service.declare(ctx, answered, "张三", other)
    with pytest.raises(NotFoundError):
        service.declare(ctx, answered, "赵六", zhang)
    detail = service.declare(ctx, answered, "张三", zhang)
    decl = detail.case_data.declaration_of("张三")
    assert decl is not None and "2023-07-01 至 2026-06-30" in decl.statement and "91350100M000100Y43" in decl.statement
    assert decl.signer_fingerprint == zhang.fingerprint
    checks = service.check_declarations(ctx, detail)
    assert checks["张三"].valid and not checks["张三"].trusted
    with ctx.transaction() as s:  # someone edits the stored statement
        row = case_service.find_case(s, answered).declarations[0]
        row.statement = row.statement.replace("不存在", "存在")
    tampered = service.check_declarations(ctx, case_service.load_case(ctx, answered))
    assert not tampered["张三"].valid
    # a new reference date withdraws the declaration (it names the old window)
    detail = service.set_reference_date(ctx, answered, "2026-05-31")
    assert detail.case_data.declarations == () and detail.case_data.window_from == date(2023, 6, 1)
    actions = [e["action"] for e in audit_entries(ctx, detail.summary.case_uuid)]
    assert "team.declare" in actions and "team.declaration.withdraw" in actions and "case.reference_date" in actions


def test_a_declaration_needs_a_reference_date(ctx: Any, answered: str, tmp_path: Path) -> None:
    service.add_member(ctx, answered, name="张三", role="lead", org="福建数字评估中心")
    with ctx.transaction() as s:
        row = case_service.find_case(s, answered)
        row.reference_date = row.window_from = row.window_to = None
    with pytest.raises(StateError, match="reference date"):
        service.declare(ctx, answered, "张三", _identity(tmp_path, "张三"))


def test_the_drafted_opinion_is_built_from_the_result_in_each_language(ctx: Any, answered: str) -> None:
    detail = case_service.load_case(ctx, answered)
    r = detail.result
    zh, en = draft_opinion(detail, "zh"), draft_opinion(detail, "en")
    assert f"总分 {r.total_shown} 分" in zh and r.label("zh") in zh
    assert f"The total is {r.total_shown}" in en and r.label("en") in en
    for dim in r.dimensions:
        title = detail.framework.dimension(dim.id).title
        if dim.score_shown is not None and (dim.score_shown >= 80 or dim.score_shown < 60):
            assert title.zh in zh and title.en in en
    for gap in r.gaps[:3]:
        assert gap.id in zh and gap.id in en
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en.replace(detail.summary.entity_name, ""))
    # a veto raised reads as such
    vetoed = case_service.set_veto(ctx, answered, "V1", True)
    assert "一票否决" in draft_opinion(vetoed, "zh") and "vetoed" in draft_opinion(vetoed, "en")


def test_the_opinion_is_stored_bounded_and_audited(ctx: Any, answered: str, tmp_path: Path) -> None:
    text = tmp_path / "opinion.txt"
    text.write_text("综合评价：总体良好。\n\n建议：加强数据治理。", encoding="utf-8")
    detail = service.set_opinion_file(ctx, answered, text)
    assert detail.case_data.opinion == "综合评价：总体良好。\n\n建议：加强数据治理。"
    huge = tmp_path / "huge.txt"
    huge.write_text("长" * 30_000, encoding="utf-8")
    with pytest.raises(InputError, match="too long"):
        service.set_opinion_file(ctx, answered, huge)
    with pytest.raises(InputError, match="control characters"):
        service.set_opinion(ctx, answered, "意见\x1b[2J")
    with pytest.raises(InputError):
        service.set_opinion(ctx, answered, "   ")
    assert case_service.load_case(ctx, answered).case_data.opinion.startswith("综合评价")
    assert "case.opinion" in [e["action"] for e in audit_entries(ctx, detail.summary.case_uuid)]


def _record(folder: Path, **changes: Any) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "photos").mkdir(exist_ok=True)
    (folder / "photos" / "现场.jpg").write_bytes(b"\xff\xd8\xff photo")
    doc = {
        "date": "2026-06-20",
        "place": "福州市鼓楼区软件园 A 座",
        "participants": ["张三", "李四"],
        "checked": "核对劳动合同与社保缴纳记录",
        "findings": "与申报材料一致",
        "attachments": ["photos/现场.jpg"],
        "sampled_projects": ["鼓楼区数字化规划"],
        "sampled_staff": ["王五"],
    }
    doc.update(changes)
    path = folder / "record.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_an_inspection_record_is_stored_with_its_attachments(ctx: Any, answered: str, tmp_path: Path) -> None:
    detail = service.add_inspection(ctx, answered, _record(tmp_path / "rec"))
    (record,) = detail.case_data.inspections
    assert record.day == date(2026, 6, 20) and record.participants == ("张三", "李四")
    assert [f.name for f in record.attachments] == ["现场.jpg"]
    assert ctx.evidence.verify(record.attachments[0].sha256)
    shown = case_json(detail)["inspections"][0]
    assert shown["sampled_staff"] == ["王五"] and shown["attachments"][0]["name"] == "现场.jpg"
    assert "inspection.add" in [e["action"] for e in audit_entries(ctx, detail.summary.case_uuid)]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"date": "2026-02-30"}, "not a valid date"),
        ({"attachments": ["../../etc/passwd"]}, "'..'"),
        ({"attachments": ["/etc/passwd"]}, "relative"),
        ({"place": "x" * 300}, "one line"),
        ({"participants": []}, "non-empty list"),
        ({"secret": 1}, "unknown field: secret"),
        ({"checked": 42}, "expected non-empty text"),
    ],
)
def test_hostile_inspection_records_are_refused_whole(
    ctx: Any, answered: str, tmp_path: Path, changes: dict[str, Any], words: str
) -> None:
    with pytest.raises(InputError) as err:
        service.add_inspection(ctx, answered, _record(tmp_path / "rec", **changes))
    assert words in " ".join(err.value.lines("en"))
    assert case_service.load_case(ctx, answered).case_data.inspections == ()


def test_an_inspection_file_too_large_is_refused_unread(ctx: Any, answered: str, tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_text('{"date": "2026-06-20", "place": "' + "x" * (service.MAX_INSPECTION_BYTES + 10) + '"}')
    with pytest.raises(InputError, match=r"too large|limit"):
        service.add_inspection(ctx, answered, big)


def test_an_attachment_through_a_link_is_refused(ctx: Any, answered: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not copy")
    path = _record(tmp_path / "rec", attachments=["link.txt"])
    (path.parent / "link.txt").symlink_to(secret)
    with pytest.raises(InputError):
        service.add_inspection(ctx, answered, path)


@pytest.mark.parametrize(
    "pattern", ["", "{org}-{year}", "{org}-{seq}-{seq}", "{name}-{seq}", "{seq:>10}", "A B{seq}", "{seq", "x" * 61]
)
def test_bad_number_patterns_are_refused(ctx: Any, pattern: str) -> None:
    assert pattern_problems(pattern)
    with pytest.raises(InputError):
        service.set_numbering(ctx, report_pattern=pattern)


def test_report_numbers_are_unique_and_never_reused_even_after_a_failed_finalize(
    ctx: Any, answered: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service.set_numbering(ctx, org="闽评", report_pattern="{org}〔{year}〕{seq:03d}号")
    signer = _identity(tmp_path, "张三")
    staff(ctx, answered, signer, tmp_path)
    year = days.today().year

    def full_disk(*args: Any, **kwargs: Any) -> Any:
        raise EvidenceError(Text("磁盘已满", "the disk is full"), "report.pdf")

    monkeypatch.setattr(type(ctx.evidence), "add_bytes", full_disk)
    with pytest.raises(Exception, match="not finalized"):
        finalize_and_sign(ctx, answered, signer, org_identity=org_for(ctx, answered))
    monkeypatch.undo()
    assert case_service.load_case(ctx, answered).case_data.report_no is None
    done = finalize_and_sign(ctx, answered, signer, org_identity=org_for(ctx, answered)).detail
    data = done.case_data
    assert data.report_no == f"闽评〔{year}〕002号"  # 001 went into the report that was never stored
    assert data.certificate_no == f"闽评-ZS-{year}-0002"  # so did its certificate number
    assert (data.valid_from, data.valid_until) == validity(days.today(), 3)
    issued = service.issued_numbers(ctx)
    assert [(n, ok) for n, kind, _, _, ok in issued if kind == "report"] == [
        (f"闽评〔{year}〕001号", False),
        (f"闽评〔{year}〕002号", True),
    ]
    # the amendment is a new report: a new number, the old ones stay the old revision's
    draft = case_service.amend(ctx, answered, "复核")
    copy = case_service.load_case(ctx, draft.ref).case_data
    assert copy.report_no is None and copy.valid_until is None and copy.reference_date == date(2026, 6, 30)
    again = finalize_and_sign(ctx, draft.ref, signer, org_identity=org_for(ctx, draft.ref)).detail.case_data
    assert again.report_no == f"闽评〔{year}〕003号"
    numbers = [n for n, *_ in service.issued_numbers(ctx)]
    assert len(numbers) == len(set(numbers))
    # changing the pattern back never hands out a number twice
    service.set_numbering(ctx, report_pattern="{org}〔{year}〕{seq:03d}号")
    with ctx.transaction() as s:
        from cityeval_desktop.store.models import NumberCounter

        for counter in s.query(NumberCounter):
            counter.last = 0
    third = case_service.amend(ctx, draft.ref, "再复核")
    assert (
        finalize_and_sign(ctx, third.ref, signer, org_identity=org_for(ctx, third.ref)).detail.case_data.report_no
        == f"闽评〔{year}〕004号"
    )


def test_finalize_gaps_name_every_missing_part(ctx: Any, answered: str, tmp_path: Path) -> None:
    data = case_service.load_case(ctx, answered).case_data
    assert [k for k, _ in finalize_gaps(data)] == ["team_lead", "team_reviewer", "opinion_missing"]
    service.add_member(ctx, answered, name="张三", role="lead", org="福建数字评估中心")
    service.add_member(ctx, answered, name="李四", role="reviewer", org="省评估协会")
    data = case_service.load_case(ctx, answered).case_data
    gaps = dict(finalize_gaps(data))
    assert set(gaps) == {"declaration_missing", "opinion_missing"}
    assert "张三、李四" in gaps["declaration_missing"].zh and "张三, 李四" in gaps["declaration_missing"].en


def test_a_third_party_finalize_names_each_missing_part_and_a_self_check_needs_none(
    ctx: Any, answered: str, tmp_path: Path
) -> None:
    signer = _identity(tmp_path, "张三")
    with pytest.raises(FinalizeCheckError) as err:
        finalize_and_sign(ctx, answered, signer, org_identity=org_for(ctx, answered))
    assert [c.kind for c in err.value.checks] == ["team_lead", "team_reviewer", "opinion_missing"]
    zh = " ".join(err.value.lines("zh"))
    assert "评审组没有组长" in zh and "独立于组长的审核人" in zh and "尚无综合评价意见" in zh
    service.add_member(ctx, answered, name="张三", role="lead", org="福建数字评估中心")
    service.add_member(ctx, answered, name="李四", role="reviewer", org="省评估协会")
    service.set_opinion(ctx, answered, "总体良好。")
    with pytest.raises(FinalizeCheckError) as err:
        finalize_and_sign(ctx, answered, signer, org_identity=org_for(ctx, answered))
    (check,) = err.value.checks
    assert check.kind == "declaration_missing" and "张三, 李四" in check.message.en
    li = _identity(tmp_path, "李四")
    service.declare(ctx, answered, "张三", signer)
    service.declare(ctx, answered, "李四", li)
    with ctx.transaction() as s:  # a declaration altered in the database no longer verifies
        row = case_service.find_case(s, answered).declarations[1]
        row.statement += "。"
    with pytest.raises(FinalizeCheckError) as err:
        finalize_and_sign(ctx, answered, signer, org_identity=org_for(ctx, answered))
    assert [c.kind for c in err.value.checks] == ["declaration_invalid"]
    service.declare(ctx, answered, "李四", li)
    assert (
        finalize_and_sign(ctx, answered, signer, org_identity=org_for(ctx, answered)).detail.summary.status
        == "finalized"
    )
    # a self-check needs no team
    own = case_service.new_case(
        ctx, framework="mini", tier="city", mode="self", entity_name="案例数据主体", uscc="91350100M000100Y43"
    ).ref
    detail = case_service.load_case(ctx, own)
    assert not [p for p in finalize_problems(detail) if p.kind.startswith(("team", "declaration", "opinion"))]


@pytest.fixture
def zone_a_day_away_from_beijing() -> Any:
    """The process's time zone set to one whose date differs from Beijing's right now (UTC-12 while it is
    before 20:00 in Beijing, UTC+14 after): ``date.today()`` and the Beijing day are different days."""
    import time
    from datetime import UTC, datetime

    hour = datetime.now(UTC).astimezone(days.BEIJING).hour
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Etc/GMT+12" if hour < 20 else "Etc/GMT-14"
    time.tzset()
    try:
        if date.today() == days.today():  # the minute the day turned over: once more
            time.sleep(1)
        assert date.today() != days.today()
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


def test_validity_and_dates_count_in_beijing_days_whatever_the_computers_zone(
    ctx: Any, answered: str, tmp_path: Path, zone_a_day_away_from_beijing: Any
) -> None:
    """The report prints its assessment date as a Beijing day; the validity the finalize records starts that
    day too, and the regional view and the public notice count "today" in the same calendar, so a result
    is never dated after the notice that publishes it (seen with a laptop set to UTC after 16:00)."""
    from cityeval_desktop.services import disclosure as disclosure_service
    from cityeval_desktop.services import region

    signer = _identity(tmp_path, "张三")
    staff(ctx, answered, signer, tmp_path)
    done = finalize_and_sign(ctx, answered, signer, org_identity=org_for(ctx, answered)).detail
    assessed = days.day_of(done.summary.finalized_at)
    assert done.case_data.valid_from == assessed == days.today()
    assert done.case_data.valid_until == validity(assessed, 3)[1]
    found = region.summary(ctx)
    assert found.as_of == days.today() and [e.ref for e in found.entities if e.counted] == [done.summary.ref]
    rows = disclosure_service.build(ctx, min_group=1).rows
    assert [r.assessed_on for r in rows] == [assessed] and rows[0].assessed_on <= days.today()
