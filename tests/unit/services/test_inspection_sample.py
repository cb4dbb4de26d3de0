"""The on-site inspection sample a framework asks for (issue 12, 现场核查记录 "the framework can ask for a sample
size"): the ``inspection`` setting of cityeval-framework/2 (bounds, types, located errors, the framework
workbook), the finalize problem of a third-party case that sampled too few distinct projects or staff and how
adding records clears it, self-checks untouched, and the sample named in the report's 十一、现场核查记录."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from cityeval_desktop.domain.case_data import NO_SAMPLE, InspectionSample, sample_gaps, sampled_counts
from cityeval_desktop.domain.errors import InputError
from cityeval_desktop.domain.loader import FrameworkError, load_bytes, load_file
from cityeval_desktop.exchange.framework_xlsx import export_framework_workbook, import_framework_workbook
from cityeval_desktop.reports.pdf import render_case_report
from cityeval_desktop.services import case_data, cases
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.reporting import FinalizeCheckError, audit_entries, finalize_and_sign
from cityeval_desktop.services.results import finalize_problems
from cityeval_desktop.signing.identity import load_identity
from tests.case_data_helpers import PASSWORD, org_for
from tests.inspection_sample_helpers import SAMPLE, finished_case, record_file, with_setting

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
RAW = (FIXTURES / "mini2.yaml").read_bytes()
USCC = "91350100M000100Y43"
_with = with_setting


# ----------------------------------------------------------------------------- the framework setting
def test_old_frameworks_ask_for_no_sample_and_load_as_before() -> None:
    for name in ("mini.yaml", "mini2.yaml"):
        fw = load_file(FIXTURES / name)
        assert fw.inspection == NO_SAMPLE and not fw.inspection.asked
    root = Path(__file__).resolve().parents[3] / "forms"
    for path in sorted(root.glob("*.yaml")):  # the default frameworks ask for none (DOMAIN.md names no size)
        assert load_file(path).inspection == NO_SAMPLE, path.name


def test_the_setting_is_read_and_one_side_may_be_left_out() -> None:
    assert load_bytes(_with(SAMPLE)).inspection == InspectionSample(3, 2)
    assert load_bytes(_with(b"inspection: {sample_staff: 4}")).inspection == InspectionSample(0, 4)
    assert load_bytes(_with(b"inspection: {sample_projects: 0, sample_staff: 0}")).inspection == NO_SAMPLE
    assert load_bytes(_with(b"inspection: {sample_projects: 1000}")).inspection.projects == 1000


@pytest.mark.parametrize(
    ("extra", "en", "zh"),
    [
        (b"inspection: {sample_projects: 1001}", "inspection.sample_projects: must be <= 1000, got 1001", "应 <= 1000"),
        (b"inspection: {sample_staff: -1}", "inspection.sample_staff: must be >= 0, got -1", "应 >= 0"),
        (b"inspection: {sample_projects: 2.5}", "inspection.sample_projects: expected integer, got 2.5", "应为整数"),
        (b"inspection: {sample_projects: '5'}", "inspection.sample_projects: expected integer, got '5'", "应为整数"),
        (b"inspection: {sample_staff: true}", "inspection.sample_staff: expected integer, got True", "应为整数"),
        (b"inspection: {sample_staff: null}", "inspection.sample_staff: expected integer, got None", "应为整数"),
        (b"inspection: 5", "inspection: expected object, got 5", "应为映射"),
        (b"inspection: {}", "inspection: wrong number of entries", "条目数量不符合要求"),
        (b"inspection: {samples: 3}", "inspection: unknown field: samples", "未知字段：“samples”"),
    ],
)
def test_bad_settings_are_refused_at_their_line_in_both_languages(extra: bytes, en: str, zh: str) -> None:
    with pytest.raises(FrameworkError) as err:
        load_bytes(_with(extra), "f.yaml")
    assert [line for line in err.value.render("en") if line.startswith("f.yaml:8: ") and en in line]
    assert [line for line in err.value.render("zh") if line.startswith("f.yaml:8: ") and zh in line]


def test_a_version_1_file_has_no_such_setting() -> None:
    raw = (FIXTURES / "mini.yaml").read_bytes()
    first = raw.split(b"\n", 1)
    with pytest.raises(FrameworkError) as err:
        load_bytes(first[0] + b"\ninspection: {sample_projects: 3}\n" + first[1], "old.yaml")
    assert any("unknown field: inspection" in line for line in err.value.render("en"))


def test_the_framework_workbook_carries_the_setting_and_refuses_a_bad_cell(tmp_path: Path) -> None:
    fw = load_bytes(_with(SAMPLE))
    out = tmp_path / "fw.xlsx"
    export_framework_workbook(fw, out)
    assert load_bytes(import_framework_workbook(out)).inspection == InspectionSample(3, 2)
    # none asked: the rows stay blank and nothing comes back
    plain = tmp_path / "plain.xlsx"
    export_framework_workbook(load_bytes(RAW), plain)
    assert load_bytes(import_framework_workbook(plain)).inspection == NO_SAMPLE
    # a hostile cell: named by its sheet and cell
    wb = load_workbook(out)
    ws = wb["Framework"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "inspection_sample_staff")
    ws.cell(row=row, column=2).value = "lots"
    wb.save(out)
    with pytest.raises(InputError) as err:
        import_framework_workbook(out)
    assert any(f"Framework!B{row}" in line and "expected a whole number" in line for line in err.value.lines("en"))
    ws.cell(row=row, column=2).value = "2001"
    wb.save(out)
    with pytest.raises(InputError) as err:
        import_framework_workbook(out)
    assert any(
        f"Framework!B{row}: must be <= 1000, got 2001 (inspection.sample_staff)" in line
        for line in err.value.lines("en")
    )


# ----------------------------------------------------------------------------- counting
def test_each_name_counts_once_across_records_however_it_was_typed() -> None:
    from datetime import date

    from cityeval_desktop.domain.case_data import CaseData, Inspection

    def rec(projects: tuple[str, ...], staff: tuple[str, ...]) -> Inspection:
        return Inspection(date(2026, 6, 20), "园区", ("张三",), "核对", "一致", projects, staff)

    data = CaseData(
        inspections=(
            rec(("鼓楼区规划", "Smart  Gulou"), ("王五",)),
            rec(("鼓楼区规划", "smart gulou", "ＡＢＣ项目"), ("王五", "赵六")),
        )
    )
    assert sampled_counts(data) == (3, 2)  # 鼓楼区规划, smart gulou, abc项目; 王五, 赵六
    gaps = dict(sample_gaps(data, InspectionSample(5, 2)))
    assert set(gaps) == {"inspection_projects"}
    assert gaps["inspection_projects"].zh.startswith("现场核查抽查项目 3 个，框架要求至少 5 个")
    assert gaps["inspection_projects"].en.startswith(
        "the on-site inspections sampled 3 projects; the framework asks for at least 5"
    )
    one = dict(sample_gaps(CaseData(inspections=(rec(("甲",), ()),)), InspectionSample(2, 1)))
    assert "sampled 1 project;" in one["inspection_projects"].en
    assert "sampled 0 staff members;" in one["inspection_staff"].en
    assert one["inspection_staff"].zh.startswith("现场核查抽查人员 0 人，框架要求至少 1 人")
    assert sample_gaps(CaseData(), NO_SAMPLE) == []


# ----------------------------------------------------------------------------- finalize
def test_a_third_party_finalize_names_the_shortfall_until_enough_is_sampled(ctx: Any, tmp_path: Path) -> None:
    ref = finished_case(ctx, tmp_path)
    detail = cases.load_case(ctx, ref)
    problems = finalize_problems(detail)
    assert [(p.kind, p.target) for p in problems] == [("inspection_projects", ""), ("inspection_staff", "")]
    assert problems[0].message.zh.startswith("现场核查抽查项目 0 个，框架要求至少 3 个")
    assert problems[1].message.en.startswith("the on-site inspections sampled 0 staff members; the framework asks")
    lead = load_identity(ctx.data_dir / "team" / "lead.p12", PASSWORD)
    with pytest.raises(FinalizeCheckError) as err:
        finalize_and_sign(ctx, ref, lead, org_identity=org_for(ctx, ref))
    assert [c.kind for c in err.value.checks] == ["inspection_projects", "inspection_staff"]
    assert any("框架要求至少 2 人" in line for line in err.value.lines("zh"))

    # one record: two projects and both staff; a second record repeats a project (counted once)
    case_data.add_inspection(
        ctx, ref, record_file(tmp_path / "r1", ["鼓楼区数字化规划", "台江区数据平台"], ["王五", "赵六"])
    )
    detail = case_data.add_inspection(ctx, ref, record_file(tmp_path / "r2", ["鼓楼区数字化规划"], []))
    (left,) = finalize_problems(detail)
    assert left.kind == "inspection_projects" and left.message.zh.startswith("现场核查抽查项目 2 个，框架要求至少 3 个")
    detail = case_data.add_inspection(ctx, ref, record_file(tmp_path / "r3", ["仓山区城市大脑"], []))
    assert finalize_problems(detail) == []
    signed = finalize_and_sign(ctx, ref, lead, org_identity=org_for(ctx, ref))
    assert signed.detail.summary.status == "finalized"
    actions = [e["action"] for e in audit_entries(ctx, signed.detail.summary.case_uuid)]
    assert actions.count("inspection.add") == 3


def test_a_self_check_is_not_held_to_the_sample(ctx: Any, tmp_path: Path) -> None:
    ref = finished_case(ctx, tmp_path, mode="self")
    assert [p.kind for p in finalize_problems(cases.load_case(ctx, ref))] == []


# ----------------------------------------------------------------------------- the report
def _report(detail: Any, entries: list[dict[str, Any]], lang: str, folder: Path) -> str:
    """The report's text (rendered without the draft watermark, which pdftotext reads in among the words)."""
    return _pdf_text(render_case_report(detail, audit_entries=entries, lang=lang, final=True).pdf, folder)


def _pdf_text(pdf: bytes, folder: Path) -> str:
    path = folder / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", " ", out.stdout.decode("utf-8"))


def test_the_report_names_the_sample_asked_for_and_the_one_taken(ctx: Any, tmp_path: Path) -> None:
    ref = finished_case(ctx, tmp_path)
    detail = case_data.add_inspection(ctx, ref, record_file(tmp_path / "r1", ["鼓楼区数字化规划"], ["王五", "赵六"]))
    entries = audit_entries(ctx, detail.summary.case_uuid)
    zh = _report(detail, entries, "zh", tmp_path).replace(" ", "")
    section = zh[zh.index("十一、现场核查记录") :]
    assert "框架要求抽查项目不少于3个、人员不少于2人本次已抽查（同名只计一次）项目1个、人员2人" in section
    en = _report(detail, entries, "en", tmp_path)
    section = en[en.index("11. On-site inspection records") :]
    assert (
        "Sample the framework asks for at least 3 projects and at least 2 staff members "
        "Sampled (each name counted once) 1 project and 2 staff members" in section
    )


def test_a_report_without_a_sample_asked_says_nothing_of_one(ctx: Any, tmp_path: Path) -> None:
    fw_registry.install_file(ctx, FIXTURES / "mini2.yaml")
    ref = cases.new_case(ctx, framework="mini2", tier="city", mode="third-party", entity_name="主体", uscc=USCC).ref
    detail = case_data.add_inspection(ctx, ref, record_file(tmp_path / "r1", ["鼓楼区数字化规划"], []))
    entries = audit_entries(ctx, detail.summary.case_uuid)
    zh = _report(detail, entries, "zh", tmp_path).replace(" ", "")
    assert "十一、现场核查记录" in zh and "框架要求抽查" not in zh
    assert [p.kind for p in finalize_problems(detail) if p.kind.startswith("inspection")] == []
