"""The output features through the command line, as a user runs them (DESIGN §6).

Checklist workbook: export for a tier, fill in with openpyxl, ``case answer --file X.xlsx``;
a bad cell is reported at its sheet and cell and changes nothing. Framework workbook: export,
``forms import-xlsx`` back to YAML that loads to the same framework; a broken weight is located.
Results workbooks (one case, several cases), the draft PDF report, the empty trust list,
``verify-pdf`` of an unsigned file, and ``identity new`` without a password or a terminal.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from cityeval_desktop.domain.framework import Framework
from cityeval_desktop.domain.loader import load_file
from cityeval_desktop.domain.methods import Bands, Choice, Deduction, PerItem, Ratio, Scale, Threshold, YesNo
from cityeval_desktop.paths import forms_dir

FRAMEWORK = "planning-consulting"
TIER = "city"
CHECKLIST, VETO_SHEET = "评估清单", "否决项"  # sheet names of a Chinese export (the default language)


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_file(forms_dir() / f"{FRAMEWORK}.yaml")


def errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error:")]


def header_column(ws: Any, title: str) -> int:
    """The column whose header (row 1) reads ``title``, as a user finds it."""
    for cell in ws[1]:
        if cell.value == title:
            return cell.column
    raise AssertionError(f"no column {title!r} in {ws.title}: {[c.value for c in ws[1]]}")


def value_for(indicator: Any, n: int) -> tuple[Any, Any]:
    """(what the user types into the value cell, what ``case show --json`` then reports)."""
    m = indicator.method
    if isinstance(m, Scale):
        level = (n + 2) % len(m.levels)
        return level, level
    if isinstance(m, YesNo):
        return ("是", True) if n % 2 else ("否", False)
    if isinstance(m, Choice):
        option = m.options[n % len(m.options)]
        return option.id, option.id
    if isinstance(m, Deduction) and m.graded:  # counts per severity, typed as the checklist asks
        first, second = m.severities[0], m.severities[1]
        count = n % 3 + 1
        counts = {first.id: count, second.id: 1}
        return f"{first.title.zh}:{count}; {second.title.zh}:1", {v.id: counts.get(v.id, 0) for v in m.severities}
    if isinstance(m, PerItem | Deduction):
        return n % 4 + 1, n % 4 + 1
    if isinstance(m, Threshold):
        return n + 3, n + 3
    if isinstance(m, Ratio):
        return 33.3 + n, 33.3 + n
    if isinstance(m, Bands):
        return 42.75, 42.75
    raise AssertionError(f"unexpected method {m!r}")


def fill_checklist(path: Path, out: Path, framework: Framework) -> tuple[dict[str, Any], dict[str, int]]:
    """Fill every value cell and decide every veto (否); return the expected answers and each id's row."""
    wb = load_workbook(path)
    ws = wb[CHECKLIST]
    id_col, value_col = header_column(ws, "指标编号"), header_column(ws, "填写值")
    expected: dict[str, Any] = {}
    rows: dict[str, int] = {}
    for r in range(2, ws.max_row + 1):
        ind_id = ws.cell(row=r, column=id_col).value
        if not ind_id:
            continue
        typed, shown = value_for(framework.indicator(ind_id), len(expected))
        ws.cell(row=r, column=value_col, value=typed)
        expected[ind_id] = shown
        rows[ind_id] = r
    vetoes = wb[VETO_SHEET]
    decision = header_column(vetoes, "判定（是/否/留空）")
    for r in range(2, vetoes.max_row + 1):
        if vetoes.cell(row=r, column=1).value:
            vetoes.cell(row=r, column=decision, value="否")
    wb.save(out)
    return expected, rows


# ----------------------------------------------------------------------------- (a) fill in and import
def test_checklist_filled_in_excel_answers_the_case(cli, framework, tmp_path: Path) -> None:
    case_id = cli.new_case(framework=FRAMEWORK, tier=TIER)
    blank, filled = tmp_path / "OUT.xlsx", tmp_path / "filled.xlsx"
    r = cli("forms", "export-xlsx", FRAMEWORK, str(blank), "--tier", TIER)
    assert r.code == 0, r.err
    expected, _ = fill_checklist(blank, filled, framework)
    assert set(expected) == {i.id for i in framework.tier_indicators(TIER)}
    kinds = {framework.indicator(i).method.type for i in expected}
    assert {"scale", "yes_no", "choice", "threshold", "ratio", "per_item", "bands", "deduction"} <= kinds

    r = cli("case", "answer", case_id, "--file", str(filled))
    assert r.code == 0, r.err
    assert not errors(r.err)
    shown = cli("case", "show", case_id, "--json").json()
    answers = {i["id"]: i for i in shown["result"]["indicators"]}
    assert set(answers) == set(expected)
    for ind_id, value in expected.items():
        got = answers[ind_id]
        assert got["status"] == "answered", got
        # exact: the same JSON type (true/false, option id, int) and, for decimals, the same digits
        assert got["answer"] == value and type(got["answer"]) is type(value), (ind_id, got["answer"], value)
    assert shown["result"]["vetoes"] == {v.id: False for v in framework.vetoes}
    assert shown["result"]["completeness"] == 1.0
    assert shown["result"]["undecided_vetoes"] == []


# ----------------------------------------------------------------------------- (b) a bad cell
def test_checklist_with_text_in_a_number_cell_is_refused_at_its_cell(cli, framework, tmp_path: Path) -> None:
    case_id = cli.new_case(framework=FRAMEWORK, tier=TIER)
    first = tmp_path / "first.json"
    first.write_text(json.dumps({"answers": {"P1.2": {"value": 3, "note": "先前的作答"}}}, ensure_ascii=False), "utf-8")
    assert cli("case", "answer", case_id, "--file", str(first)).code == 0
    before = cli("case", "show", case_id, "--json").out

    blank, bad = tmp_path / "OUT.xlsx", tmp_path / "bad.xlsx"
    assert cli("forms", "export-xlsx", FRAMEWORK, str(blank), "--tier", TIER).code == 0
    _, rows = fill_checklist(blank, bad, framework)  # every other row valid: all or nothing
    number_id = next(i.id for i in framework.tier_indicators(TIER) if isinstance(i.method, Threshold))
    wb = load_workbook(bad)
    ws = wb[CHECKLIST]
    col = header_column(ws, "填写值")
    ws.cell(row=rows[number_id], column=col, value="十二人")
    wb.save(bad)
    cell = f"{ws.cell(row=rows[number_id], column=col).coordinate}"

    r = cli("case", "answer", case_id, "--file", str(bad))
    assert r.code == 1, r.out + r.err
    lines = errors(r.err)
    assert len(lines) == 1, r.err
    assert f"{CHECKLIST}!{cell}" in lines[0] and "bad.xlsx" in lines[0], lines
    assert number_id in lines[0] and "十二人" in lines[0], lines
    assert cli("case", "show", case_id, "--json").out == before


# ----------------------------------------------------------------------------- (c) framework workbook
def _digest(fw: Framework) -> str:
    """sha256 of what scores a case: indicator ids, points and methods (from the loaded objects)."""
    parts = [(i.dimension_id, i.id, repr(i.points), repr(i.method), i.tiers) for i in fw.indicators()]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def test_framework_workbook_round_trip_and_a_broken_weight(cli, framework, tmp_path: Path) -> None:
    book, yaml_out = tmp_path / "FW.xlsx", tmp_path / "OUT.yaml"
    assert cli("forms", "export-xlsx", FRAMEWORK, str(book)).code == 0
    r = cli("forms", "import-xlsx", str(book), str(yaml_out))
    assert r.code == 0, r.err
    r = cli("forms", "validate", str(yaml_out))
    assert r.code == 0, r.err
    assert not errors(r.err)

    back = load_file(yaml_out)
    assert _digest(back) == _digest(framework)
    # the rest (titles, tiers, grades, caps, weights, vetoes) as well; only the file's own hash and path differ
    assert dataclasses.replace(back, sha256="", source="") == dataclasses.replace(framework, sha256="", source="")

    wb = load_workbook(book)
    ws = wb["Dimensions"]
    weight = header_column(ws, "weight")
    ws.cell(row=2, column=weight, value=ws.cell(row=2, column=weight).value + 5)
    edited, refused = tmp_path / "edited.xlsx", tmp_path / "refused.yaml"
    wb.save(edited)
    r = cli("--lang", "en", "forms", "import-xlsx", str(edited), str(refused))
    assert r.code == 1, r.out + r.err
    lines = errors(r.err)
    assert lines, r.err
    assert any("edited.xlsx: Dimensions!" in line and "sum to 100" in line for line in lines), lines
    assert not refused.exists()


# ----------------------------------------------------------------------------- (d) results workbooks
def _answers_file(path: Path, framework: Framework, shift: int) -> Path:
    answers = {}
    for n, ind in enumerate(framework.tier_indicators(TIER)):
        typed, stored = value_for(ind, n + shift)
        if isinstance(ind.method, YesNo | Deduction):
            typed = stored  # an answers file gives the values themselves
        answers[ind.id] = {"value": typed}
    doc = {"answers": answers, "vetoes": {v.id: False for v in framework.vetoes}}
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return path


def test_report_xlsx_of_one_and_of_several_cases(cli, framework, tmp_path: Path) -> None:
    cases = [cli.new_case(framework=FRAMEWORK, tier=TIER, name=f"福州数字规划研究院{k}号有限公司") for k in (1, 2)]
    shown = {}
    for k, case_id in enumerate(cases):
        assert (
            cli("case", "answer", case_id, "--file", str(_answers_file(tmp_path / f"a{k}.json", framework, k))).code
            == 0
        )
        shown[case_id] = cli("case", "show", case_id, "--json").json()
    totals = {c: s["result"]["total"] for c, s in shown.items()}
    assert len(set(totals.values())) == 2, totals  # two different results, so a mix-up would show

    one = tmp_path / "one.xlsx"
    r = cli("report", "xlsx", cases[0], str(one))
    assert r.code == 0, r.err
    wb = load_workbook(one)
    assert wb.sheetnames == ["概要", "指标明细", "短板", "证据", "审计日志"]
    summary = {row[0]: row[1] for row in wb["概要"].iter_rows(min_row=2, max_col=2, values_only=True) if row[0]}
    assert summary["案例编号"] == cases[0]
    assert summary["总分"] == totals[cases[0]]
    ids = [row[1] for row in wb["指标明细"].iter_rows(min_row=2, values_only=True)]
    assert ids == [i.id for i in framework.tier_indicators(TIER)]

    many = tmp_path / "many.xlsx"
    r = cli("report", "xlsx", *cases, str(many))
    assert r.code == 0, r.err
    wb = load_workbook(many)
    assert wb.sheetnames == ["案例汇总", "统计"]
    rows = list(wb["案例汇总"].iter_rows(values_only=True))
    header = list(rows[0])
    by_case = {row[0]: row[header.index("总分")] for row in rows[1:]}
    assert by_case == totals


# ----------------------------------------------------------------------------- (e) draft PDF, (f) verify-pdf
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext), see .ci/run")
def test_draft_report_pdf_is_unsigned_marked_draft_and_fails_verification(cli, tmp_path: Path) -> None:
    name = "福州数字规划研究院有限公司"
    case_id = cli.new_case(name=name)
    pdf = tmp_path / "OUT.pdf"
    r = cli("report", "pdf", case_id, str(pdf))
    assert r.code == 0, r.err
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"/ByteRange" not in data and b"/Sig" not in data  # not signed
    # -raw keeps the content-stream order, so the diagonal watermark comes out in one piece
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.count("\f")
    compact = re.sub(r"\s+", "", text)
    assert name in compact
    assert "草稿" in compact
    # the draft mark on every page, in the report's language only (issue 12: a Chinese report reads Chinese)
    assert pages >= 2 and compact.count("草稿") >= pages and "DRAFT" not in compact

    r = cli("--lang", "en", "verify-pdf", str(pdf))
    assert r.code == 1, r.out + r.err
    lines = errors(r.err)
    assert lines and "OUT.pdf" in lines[0] and "no signature" in lines[0], r.err
    # a file that is not a PDF at all: the error names that file
    junk = tmp_path / "scan.pdf"
    junk.write_bytes(b"not a pdf")
    r = cli("--lang", "en", "verify-pdf", str(junk))
    assert r.code == 1, r.out + r.err
    assert [line for line in errors(r.err) if "scan.pdf" in line], r.err


def test_trust_list_of_a_new_database_is_empty(cli) -> None:
    r = cli("trust", "list", "--json")
    assert r.code == 0, r.err
    assert r.json() == []


# ----------------------------------------------------------------------------- (g) no password, no terminal
def test_identity_new_without_password_or_terminal_fails_at_once(cli, tmp_path: Path) -> None:
    out = tmp_path / "zhang.p12"
    env = cli.env()
    assert "CITYEVAL_PASSWORD" not in env
    proc = subprocess.run(
        [sys.executable, "-m", "cityeval_desktop.cli.main", "identity", "new", "--name", "张三", "--out", str(out)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=30,  # a prompt waiting for input would hang: fail instead
        cwd=Path(__file__).resolve().parents[2],
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = errors(proc.stderr)
    assert lines and any("CITYEVAL_PASSWORD" in line for line in lines), proc.stderr
    assert not out.exists()
