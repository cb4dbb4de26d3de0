"""The ``source`` notes survive the framework workbook (export -> import) and a bad one is refused at its cell."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cityeval_desktop.domain.framework import Framework
from cityeval_desktop.domain.loader import load_bytes, load_file
from cityeval_desktop.domain.text import Text
from cityeval_desktop.exchange.framework_xlsx import export_framework_workbook, import_framework_workbook
from cityeval_desktop.services.errors import InputError

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures"
MINI2 = (FIXTURES / "mini2.yaml").read_text("utf-8")
FRAMEWORKS_2026_2 = sorted((ROOT / "forms").glob("*.yaml"))  # the 2026.2 defaults

EDITS = (
    ("      - id: Y\n", "      - id: Y\n        source: {zh: 本框架建议, en: Proposed by this framework}\n"),
    (
        "  - {id: V2, title: {zh: 重大事故, en: Major incident}, basis_required: false}",
        '  - {id: V2, title: {zh: 重大事故, en: Major incident}, basis_required: false, source: {zh: "《政府采购法》'
        '第二十二条；\\n另见 “条例”", en: "Government Procurement Law, art. 22: \'quoted\'"}}',
    ),
    (
        "veto_not_raised: V1}",
        "veto_not_raised: V1, source: {zh: 财库〔2016〕125号, en: 'Caiku [2016] No. 125'}}",
    ),
    (
        "{id: no-secret, title: {zh: 无涉密业务, en: No classified work}}",
        "{id: no-secret, title: {zh: 无涉密业务, en: No classified work}, "
        "source: {zh: 《保守国家秘密法》, en: State Secrets Law}}",
    ),
)


def _mini2_with_sources() -> Framework:
    text = MINI2
    for old, new in EDITS:
        assert old in text, old
        text = text.replace(old, new, 1)
    return load_bytes(text.encode(), "sources.yaml")


def _content(fw: Framework) -> Framework:
    return replace(fw, sha256="", source="", raw=b"")


def _column(ws, key: str) -> int:
    return next(c.column for c in ws[1] if c.value == key)


def _round_trip(fw: Framework, tmp_path: Path) -> Framework:
    out = tmp_path / f"{fw.id}.xlsx"
    export_framework_workbook(fw, out)
    return load_bytes(import_framework_workbook(out), "again.yaml")


def test_sources_round_trip_and_sit_in_their_columns(tmp_path: Path) -> None:
    original = _mini2_with_sources()
    assert original.veto("V2").source == Text(
        "《政府采购法》第二十二条；\n另见 “条例”", "Government Procurement Law, art. 22: 'quoted'"
    )
    again = _round_trip(original, tmp_path)
    assert _content(again) == _content(original)  # the dataclasses compare every source too
    assert again.indicator("Y").source == Text("本框架建议", "Proposed by this framework")
    assert again.tier("regional").conditions[-1].source == Text("财库〔2016〕125号", "Caiku [2016] No. 125")
    assert again.indicator("Y").not_applicable.ground("no-secret").source.en == "State Secrets Law"

    wb = load_workbook(tmp_path / "mini2.xlsx")
    inds = wb["Indicators"]
    row_y = next(r for r in range(2, inds.max_row + 1) if inds.cell(row=r, column=2).value == "Y")
    assert inds.cell(row=row_y, column=_column(inds, "source_zh")).value == "本框架建议"
    assert inds.cell(row=row_y, column=_column(inds, "source_en")).value == "Proposed by this framework"
    vetoes = wb["Vetoes"]
    assert vetoes.cell(row=3, column=_column(vetoes, "source_en")).value.startswith("Government Procurement Law")
    assert vetoes.cell(row=2, column=_column(vetoes, "source_zh")).value is None  # V1 has none
    conditions = wb["Conditions"]
    assert conditions.cell(row=6, column=_column(conditions, "source_zh")).value == "财库〔2016〕125号"
    grounds = wb["NaGrounds"]
    assert grounds.cell(row=2, column=_column(grounds, "source_zh")).value == "《保守国家秘密法》"
    readme = [c.value for c in wb["README"]["A"]]
    assert {"Indicators.source_zh", "Vetoes.source_en", "Conditions.source_zh", "NaGrounds.source_en"} <= set(readme)


def test_the_three_2026_2_frameworks_are_found() -> None:
    assert [p.stem for p in FRAMEWORKS_2026_2] == [
        "construction-implementation",
        "operations-maintenance",
        "planning-consulting",
    ]


@pytest.mark.parametrize("path", FRAMEWORKS_2026_2, ids=lambda p: p.stem)
def test_the_2026_2_frameworks_round_trip_with_their_sources(path: Path, tmp_path: Path) -> None:
    original = load_file(path)
    assert any(i.source for i in original.indicators()) and any(v.source for v in original.vetoes)
    assert _content(_round_trip(original, tmp_path)) == _content(original)


def _refused(tmp_path: Path, sheet: str, key: str, row: int, value: object, fw: Framework | None = None) -> list[str]:
    out = tmp_path / "edited.xlsx"
    export_framework_workbook(fw or _mini2_with_sources(), out)
    wb = load_workbook(out)
    ws = wb[sheet]
    cell = ws.cell(row=row, column=_column(ws, key))
    cell.value = value
    wb.save(out)
    with pytest.raises(InputError) as info:
        import_framework_workbook(out)
    return [f"{p.where}: {p.message.zh} | {p.message.en}" for p in info.value.problems]


def test_a_too_long_source_is_refused_at_its_cell(tmp_path: Path) -> None:
    (problem,) = _refused(tmp_path, "Vetoes", "source_zh", 3, "长" * 20_000)
    assert problem == (
        f"{tmp_path / 'edited.xlsx'}: Vetoes!{_letter(tmp_path, 'Vetoes', 'source_zh')}3: "
        "文本长度不符合要求（应至多 500 个字符，实际 20000 个字符）（vetoes[V2].source.zh） | "
        "text length out of range (maxLength 500, it has 20000 characters) (vetoes[V2].source.zh)"
    )


def test_a_source_in_one_language_or_a_formula_is_refused_at_its_cell(tmp_path: Path) -> None:
    (problem,) = _refused(tmp_path, "Conditions", "source_en", 6, None)
    assert "Conditions!" in problem and "6: “source_en”为空：中英文须同时填写或同时留空" in problem
    problems = _refused(tmp_path, "Indicators", "source_zh", 3, '=HYPERLINK("http://x","y")')
    letter = _letter(tmp_path, "Indicators", "source_zh")
    where = f"{tmp_path / 'edited.xlsx'}: Indicators!{letter}3"
    assert problems[0] == f"{where}: 不接受公式，请填写内容 | formulas are not accepted"


def test_a_version_1_framework_takes_no_source(tmp_path: Path) -> None:
    mini = load_file(FIXTURES / "mini.yaml")
    problems = _refused(tmp_path, "Indicators", "source_zh", 2, "本框架建议", fw=mini)
    assert problems == [
        f"{tmp_path / 'edited.xlsx'}: Indicators!{_letter(tmp_path, 'Indicators', 'source_en')}2: "
        "“source_en”为空：中英文须同时填写或同时留空 | 'source_en' is empty: give both languages or neither"
    ]
    out = tmp_path / "edited.xlsx"
    wb = load_workbook(out)
    ws = wb["Indicators"]
    ws.cell(row=2, column=_column(ws, "source_en")).value = "Proposed by this framework"
    wb.save(out)
    with pytest.raises(InputError) as info:
        import_framework_workbook(out)
    assert any("unknown field: source" in p.message.en and "Indicators!" in p.where for p in info.value.problems)


def _letter(tmp_path: Path, sheet: str, key: str) -> str:
    ws = load_workbook(tmp_path / "edited.xlsx")[sheet]
    return next(c.column_letter for c in ws[1] if c.value == key)
