"""The report's grade scale names each grade by its stars and title, never by its internal id (letters such
as AAA read in China as credit ratings)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.services import cases
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.reporting import render_report

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    # -raw: the order the text is drawn in (the DRAFT watermark, drawn last, cannot cut into a table row)
    args = ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"]
    out = subprocess.run(args, capture_output=True, check=True).stdout
    return out.decode("utf-8")


ROWS = {
    "zh": ("等级划分", ["优秀≥90", "★★★★☆良好≥80", "★★★☆☆中等≥70", "★★☆☆☆基本合格≥60", "★☆☆☆☆不合格≥0"]),
    "en": ("Gradebands", ["Excellent≥90", "★★★★☆Good≥80", "★★★☆☆Fair≥70", "★★☆☆☆Basic≥60", "★☆☆☆☆Failing≥0"]),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_grade_scale_shows_stars_and_titles_only(ctx: Any, tmp_path: Path, lang: str) -> None:
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")  # grade ids AAA / AA / A / B / C
    ref = cases.new_case(
        ctx, framework="mini", tier="city", mode="third-party", entity_name="甲公司", uscc="91350100M000100Y43"
    ).ref
    text = _text(render_report(ctx, ref, lang=lang), tmp_path)
    text = re.sub(r"D\s+R\s+A\s+F\s+T", "", text)  # the draft watermark, one letter per line, drawn last
    head, rows = ROWS[lang]
    flat = re.sub(r"\s+", "", text)
    table = flat[flat.index(head) :]
    at = [table.find(row) for row in rows]
    assert -1 not in at and at == sorted(at), (at, table[:300])
    # no grade id anywhere in the report (the ids AAA / AA / A are words of their own in pdftotext's output)
    assert not re.search(r"(?<![A-Za-z])A{1,3}(?![A-Za-z])", text), re.findall(
        r".{0,20}(?<![A-Za-z])A{1,3}(?![A-Za-z]).{0,20}", text
    )
