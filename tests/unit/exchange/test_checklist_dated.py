"""The date an evidence file proves (证明日期) in the Excel files: the checklist's "date proved" column is read
like an answers file's ``dated`` (ISO text or an Excel date cell, one for the row or one per file), a checklist
exported before the column still imports, every bad cell is named by sheet and cell; the case workbook's
Evidence sheet shows each file's date (flagged outside the review window) and its audit sheet the change in
words."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from cityeval_desktop.domain import days
from cityeval_desktop.domain.framework import Framework
from cityeval_desktop.exchange.checklist import COLUMNS, SOURCE_COLUMNS, export_checklist, read_checklist
from cityeval_desktop.services import cases
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.services.reporting import write_case_workbook

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
COL = {c.key: get_column_letter(n) for n, c in enumerate(COLUMNS, start=1)}
USCC = ("91350100M000100Y43", "91512081MA62K0260E")


@pytest.fixture
def mini2(ctx: Any) -> Framework:
    return fw_registry.install_file(ctx, FIXTURES / "mini2.yaml")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("cert.pdf", "staff.pdf", "roster.pdf", "credit.png"):
        (tmp_path / name).write_bytes(f"%PDF-1.4 {name}".encode())
    return tmp_path


def _row(ws: Any, ind: str) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws[f"{COL['id']}{r}"].value == ind)


def _checklist(fw: Framework, folder: Path, cells: dict[str, dict[str, Any]], lang: str = "zh") -> Path:
    out = folder / f"filled-{lang}.xlsx"
    export_checklist(fw, out, lang, "city")
    wb = load_workbook(out)
    ws = wb["评估清单" if lang == "zh" else "Checklist"]
    for ind, values in cells.items():
        for key, value in values.items():
            ws[f"{COL[key]}{_row(ws, ind)}"] = value
    wb.save(out)
    return out


def _refused(path: Path, fw: Framework) -> dict[str, tuple[str, str]]:
    with pytest.raises(InputError) as info:
        read_checklist(path, fw, "city")
    return {p.where.rsplit(": ", 1)[-1]: (p.message.zh, p.message.en) for p in info.value.problems}


def test_the_export_has_the_column_last_as_a_yellow_input(mini2: Framework, tmp_path: Path) -> None:
    for lang, header, sheet in (
        ("zh", "证明日期（如 2026-06-30；一个，或按文件逐个用 ; 分隔）", "评估清单"),
        ("en", "Date proved (such as 2026-06-30; one, or one per file separated by ;)", "Checklist"),
    ):
        out = tmp_path / f"c-{lang}.xlsx"
        export_checklist(mini2, out, lang, "city")
        ws = load_workbook(out)[sheet]
        assert ws.max_column == len(COLUMNS) == SOURCE_COLUMNS + 1
        assert ws[f"{COL['dated']}1"].value == header
        assert not ws[f"{COL['dated']}2"].protection.locked and ws[f"{COL['source']}2"].protection.locked
        about = " ".join(str(c.value) for c in load_workbook(out)["说明" if lang == "zh" else "About"]["A"] if c.value)
        assert ("“证明日期”" if lang == "zh" else "'Date proved'") in about


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dates_round_trip_like_the_answers_file(ctx: Any, mini2: Framework, folder: Path, lang: str) -> None:
    by_xlsx = cases.new_case(ctx, framework="mini2", tier="city", mode="self", entity_name="甲", uscc=USCC[0]).ref
    by_json = cases.new_case(ctx, framework="mini2", tier="city", mode="self", entity_name="乙", uscc=USCC[1]).ref
    cells = {
        "S": {"value": 2, "evidence": "cert.pdf", "dated": datetime(2025, 3, 31)},  # an Excel date cell
        "T": {
            "value": 7,
            "evidence": "staff.pdf; roster.pdf",
            "dated": "2024-01-15；２０２４-０２-０１",
        },  # one per file
        "B": {"value": 5, "evidence": "credit.png", "dated": " 2026-06-30 "},
        "C": {"value": "hi", "evidence": "cert.pdf; credit.png", "dated": date(2025, 12, 1)},  # one for both
    }
    path = _checklist(mini2, folder, cells, lang)
    doc = read_checklist(path, mini2, "city")
    assert doc["answers"]["T"]["evidence"] == [
        {"path": "staff.pdf", "dated": "2024-01-15"},
        {"path": "roster.pdf", "dated": "2024-02-01"},
    ]
    cases.apply_answers_file(ctx, by_xlsx, path)
    answers = {
        "answers": {
            "S": {"value": 2, "evidence": [{"path": "cert.pdf", "dated": "2025-03-31"}]},
            "T": {
                "value": 7,
                "evidence": [
                    {"path": "staff.pdf", "dated": "2024-01-15"},
                    {"path": "roster.pdf", "dated": "2024-02-01"},
                ],
            },
            "B": {"value": 5, "evidence": [{"path": "credit.png", "dated": "2026-06-30"}]},
            "C": {
                "value": "hi",
                "evidence": [
                    {"path": "cert.pdf", "dated": "2025-12-01"},
                    {"path": "credit.png", "dated": "2025-12-01"},
                ],
            },
        }
    }
    file = folder / "answers.json"
    file.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    cases.apply_answers_file(ctx, by_json, file)

    def dated(ref: str) -> list[tuple[str, str, str | None]]:
        detail = cases.load_case(ctx, ref)
        return sorted(
            (e.indicator_id, e.original_name, e.dated.isoformat() if e.dated else None) for e in detail.evidence
        )

    assert (
        dated(by_xlsx)
        == dated(by_json)
        == [
            ("B", "credit.png", "2026-06-30"),
            ("C", "cert.pdf", "2025-12-01"),
            ("C", "credit.png", "2025-12-01"),
            ("S", "cert.pdf", "2025-03-31"),
            ("T", "roster.pdf", "2024-02-01"),
            ("T", "staff.pdf", "2024-01-15"),
        ]
    )


def test_a_checklist_from_before_the_column_still_imports(mini2: Framework, folder: Path) -> None:
    out = folder / "old.xlsx"
    export_checklist(mini2, out, "zh", "city")
    wb = load_workbook(out)
    ws = wb["评估清单"]
    ws.delete_cols(SOURCE_COLUMNS + 1, len(COLUMNS) - SOURCE_COLUMNS)
    assert ws.max_column == SOURCE_COLUMNS
    ws[f"{COL['value']}{_row(ws, 'S')}"] = 2
    ws[f"{COL['evidence']}{_row(ws, 'S')}"] = "cert.pdf"
    wb.save(out)
    assert read_checklist(out, mini2, "city")["answers"] == {"S": {"value": 2, "evidence": ["cert.pdf"]}}


def test_bad_dates_are_named_by_sheet_and_cell(mini2: Framework, folder: Path) -> None:
    tomorrow = (days.today() + timedelta(days=1)).isoformat()
    cells = {
        "S": {"value": 2, "evidence": "cert.pdf", "dated": 46203},  # a bare number, not a date cell
        "Y": {"value": "是", "evidence": "cert.pdf", "dated": datetime(2025, 3, 31, 14, 30)},  # a time of day
        "C": {"value": "hi", "evidence": "cert.pdf", "dated": "2026-02-30"},
        "T": {"value": 7, "evidence": "staff.pdf; roster.pdf", "dated": "2024-01-15; 2024-02-01; 2024-03-01"},
        "B": {"value": 5, "dated": "2025-01-01"},  # no files
        "R": {"value": 30, "evidence": "cert.pdf", "dated": tomorrow},
        "P": {"value": 3, "evidence": "cert.pdf", "dated": "1999-12-31"},
    }
    found = _refused(_checklist(mini2, folder, cells), mini2)
    ws = load_workbook(folder / "filled-zh.xlsx")["评估清单"]

    def at(ind: str) -> tuple[str, str]:
        cell = f"评估清单!{COL['dated']}{_row(ws, ind)}"
        assert cell in found, (cell, found)
        return found[cell]

    assert "应写作 YYYY-MM-DD" in at("S")[0] and "a date cell, got '46203'" in at("S")[1]
    assert "不含时刻" in at("Y")[0] and "2025-03-31 14:30:00" in at("Y")[1]
    assert at("C")[0].startswith("证明日期 “2026-02-30”：不是有效日期")
    assert at("T")[1] == "3 dates proved for 2 files: give one date, or one per file"
    assert at("B")[0] == "填写了证明日期，但这一行没有证据文件"
    assert "out of range" in at("R")[1] and "out of range" in at("P")[1]
    # a hostile, long cell is refused before it is split
    path = _checklist(mini2, folder, {"S": {"value": 2, "evidence": "cert.pdf", "dated": "2025-01-01;" * 400}})
    assert (
        "too long (4400 characters, limit 2000)" in _refused(path, mini2)[f"评估清单!{COL['dated']}{_row(ws, 'S')}"][1]
    )
    # a formula is refused as in every input column
    path = _checklist(mini2, folder, {"S": {"value": 2, "evidence": "cert.pdf", "dated": "=TODAY()"}})
    assert "formulas are not accepted" in _refused(path, mini2)[f"评估清单!{COL['dated']}{_row(ws, 'S')}"][1]


# ----------------------------------------------------------------------------- the case workbook
def test_the_case_workbook_shows_each_files_date_and_the_change_in_words(
    ctx: Any, mini2: Framework, folder: Path
) -> None:
    ref = cases.new_case(
        ctx,
        framework="mini2",
        tier="city",
        mode="third-party",
        entity_name="甲",
        uscc=USCC[0],
        reference_date="2026-06-30",
    ).ref
    cases.set_answer(ctx, ref, "S", value=2)
    detail = cases.add_evidence(ctx, ref, "S", [folder / "cert.pdf", folder / "staff.pdf", folder / "roster.pdf"])
    by_name = {e.original_name: e for e in detail.evidence}
    cases.set_evidence_date(ctx, ref, by_name["cert.pdf"].id, "2025-03-31")
    cases.set_evidence_date(ctx, ref, by_name["staff.pdf"].id, "2020-01-01")  # before the window (2023-07-01)
    for lang, sheet, head, none, outside, audit_sheet, action in (
        ("zh", "证据", "证明日期", "未注明", "2020-01-01\n不在考察期内", "审计日志", "注明证明日期"),
        (
            "en",
            "Evidence",
            "Date proved",
            "not given",
            "2020-01-01\noutside the review window",
            "Audit",
            "date proved set",
        ),
    ):
        out = folder / f"case-{lang}.xlsx"
        write_case_workbook(ctx, ref, out, lang)
        wb = load_workbook(out)
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        assert header[4] == head
        shown = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=5).value for r in range(2, ws.max_row + 1)}
        assert shown == {"cert.pdf": "2025-03-31", "staff.pdf": outside, "roster.pdf": none}
        audit = [str(c.value) for row in wb[audit_sheet].iter_rows() for c in row if c.value is not None]
        assert any(action in text for text in audit)
        assert not any("evidence.dated" in text for text in audit)
        dated_key = "证明日期" if lang == "zh" else "date proved"
        assert any(f"{dated_key}:" in text or f"{dated_key}：" in text for text in audit)
