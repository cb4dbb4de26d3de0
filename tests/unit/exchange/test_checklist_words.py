"""The fillable checklist names methods, evidence kinds and grades in words, never their ids (issue 12 §2),
and a kind picked from its list by its words reads back as the kind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from cityeval_desktop.domain import basis, result_text
from cityeval_desktop.exchange.checklist import export_checklist
from cityeval_desktop.services import frameworks as fw_registry

METHOD_IDS = ("yes_no", "per_item", "threshold", "deduction", "scale\n", "choice\n", "bands\n", "ratio\n")


def _texts(path: Path, sheets: tuple[str, ...]) -> list[tuple[str, str, str]]:
    wb = load_workbook(path)
    return [
        (name, cell.coordinate, cell.value)
        for name in sheets
        for row in wb[name].iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


@pytest.mark.parametrize("framework", ["planning-consulting", "operations-maintenance"])
def test_chinese_checklist_names_methods_kinds_and_grades_in_words(ctx: Any, tmp_path: Path, framework: str) -> None:
    fw = fw_registry.resolve(ctx, framework)
    out = tmp_path / "清单.xlsx"
    export_checklist(fw, out, "zh", "city")
    shown = _texts(out, ("说明", "评估清单"))
    kind_ids = {k for ind in fw.indicators() for k in ind.evidence_kinds}
    for sheet, where, text in shown:
        for method in METHOD_IDS:
            assert method not in text, (sheet, where, text)
        for kind in kind_ids:
            assert kind not in text, (sheet, where, text)
        assert "(city)" not in text, (sheet, where, text)
    joined = "\n".join(t for _, _, t in shown)
    for grade in fw.grades:  # the grade table and the caps read as stars and words
        assert result_text.grade_words(grade).zh in joined
        assert f"\n{grade.id}\n" not in f"\n{joined}\n"
    assert "按项计分" in joined or "门槛值分档" in joined
    some = next(ind for ind in fw.indicators() if ind.evidence_kinds)
    assert basis.kind_title(some.evidence_kinds[0]).zh in joined
