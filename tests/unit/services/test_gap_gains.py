"""The gap list people read: each gap's next step, applied through the services, raises the shown total
by exactly the gain shown; the list is led by any veto, then any cap, then the gaps (report too)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.domain import result_text
from cityeval_desktop.services import cases
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.reporting import render_report

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
# a sample-like third-party case: something below full marks on almost every indicator
ANSWERS = {"S": 2, "Y": True, "C": "mid", "T": 8, "B": 4, "R": 45, "P": 10, "X": {"minor": 2, "major": 1}}


def _case(ctx: Any, answers: dict[str, Any], tier: str = "regional") -> str:
    fw_registry.install_file(ctx, FIXTURES / "mini2.yaml")
    ref = cases.new_case(
        ctx, framework="mini2", tier=tier, mode="third-party", entity_name="甲公司", uscc="91350100M000100Y43"
    ).ref
    for ind, value in answers.items():
        cases.set_answer(ctx, ref, ind, value=value)
    for veto in ("V1", "V2", "V4"):
        cases.set_veto(ctx, ref, veto, False)
    return ref


@pytest.mark.parametrize("tier", ["regional", "city"])
def test_every_shown_gain_is_what_applying_the_next_answer_gives(ctx: Any, tier: str) -> None:
    ref = _case(ctx, ANSWERS, tier)
    before = cases.load_case(ctx, ref)
    steps = [g for g in before.result.below_full if g.next is not None]
    assert {g.id for g in before.result.gaps} <= {g.id for g in steps}
    assert len(steps) >= 6
    for gap in steps:
        # the text a user reads names the same gain
        assert f"+{gap.next.gain}" in result_text.gap_step(gap).zh, result_text.gap_step(gap).zh
        after = cases.set_answer(ctx, ref, gap.id, value=gap.next.answer)
        assert after.result.total_shown - before.result.total_shown == gap.next.gain, gap.id
        cases.set_answer(ctx, ref, gap.id, value=before.raw_values[gap.id])  # back as it was
        assert cases.load_case(ctx, ref).result.total_shown == before.result.total_shown


def test_the_gap_list_is_led_by_the_veto_then_the_cap(ctx: Any, tmp_path: Path) -> None:
    # D2 at 0 (a cap), and a grave credit record raising V1 (a veto)
    ref = _case(ctx, {**ANSWERS, "B": 0, "R": 0, "P": 0, "X": {"grave": 1}}, "city")
    r = cases.load_case(ctx, ref).result
    assert r.vetoed == ("V1",) and r.caps_applied and r.gaps
    detail = cases.load_case(ctx, ref)
    lines = [t.zh for t in result_text.lead_lines(detail.framework, r)]
    assert lines[0].startswith("一票否决：V1") and lines[1].startswith("封顶：D2")
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render_report(ctx, ref, lang="zh"))
    text = re.sub(
        r"\s+",
        "",
        subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True).stdout.decode(),
    )
    section = text[text.index("一票否决：V1") :]
    assert section.index("一票否决：V1") < section.index("封顶：D2") < section.index(r.gaps[0].indicator.title.zh)
