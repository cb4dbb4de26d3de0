"""The PDF report's method section lists where the case's indicators, entry conditions and vetoes come
from (the framework's ``source`` notes), in the report's language only."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.reports.pdf import render_case_report
from cityeval_desktop.services import cases
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.errors import NotFoundError
from cityeval_desktop.store import audit

ROOT = Path(__file__).resolve().parents[3]
STAGED = ROOT / "forms" / "planning-consulting.yaml"  # the 2026.2 default
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"
MINI2 = ROOT / "tests" / "fixtures" / "mini2.yaml"
WHEN = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
ENTITY = "福州数字规划研究院有限公司"
HAN = re.compile(r"[\u4e00-\u9fff]")


def _planning(ctx: Any) -> Any:
    try:
        return fw_registry.resolve(ctx, "planning-consulting@2026.2")
    except NotFoundError:  # while 2026.2 is not yet the bundled default
        return fw_registry.install_file(ctx, STAGED)


def _report(ctx: Any, tmp_path: Path, framework: str, tier: str, lang: str) -> str:
    ref = cases.new_case(
        ctx,
        framework=framework,
        tier=tier,
        mode="third-party",
        entity_name=ENTITY,
        uscc="91350100M000100Y43",
        assessor="张评估",
    ).ref
    return _render(ctx, tmp_path, ref, lang)


def _render(ctx: Any, tmp_path: Path, ref: str, lang: str) -> str:
    detail = cases.load_case(ctx, ref)
    with ctx.reading() as s:
        entries = list(audit.export_chain(s, detail.summary.case_uuid))
    pdf = render_case_report(detail, audit_entries=entries, lang=lang, generated_at=WHEN).pdf
    path = tmp_path / f"{lang}-{detail.summary.tier}.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", "", out.stdout.decode("utf-8"))


def _section(text: str, heading: str, next_heading: str) -> str:
    start = text.index(heading)
    return text[start : text.index(next_heading, start)]


@pytest.mark.parametrize("tier", ["regional", "enterprise"])
def test_the_chinese_report_lists_the_sources_in_chinese(ctx: Any, tmp_path: Path, tier: str) -> None:
    fw = _planning(ctx)
    text = _report(ctx, tmp_path, fw.key, tier, "zh")
    part = _section(text, "指标与规则的出处", "五、综合评价意见")
    assert "本框架建议" in part and "否决项：" in part
    for ind in fw.indicators():
        if ind.source is None:
            continue
        shown = re.sub(r"\s+", "", ind.source.zh)[:20]
        assert (shown in part) == ind.applies_to(tier), ind.id  # only the tier's indicators
    conditions = fw.tier(tier).conditions
    assert ("准入条件：" in part) == bool(conditions)
    for cond in conditions:
        assert re.sub(r"\s+", "", cond.title.zh) in part
    for veto in fw.vetoes:
        assert re.sub(r"\s+", "", veto.source.zh)[:20] in part, veto.id
    assert not re.search(r"proposal|Government|NDRC", part), "English in a Chinese report"


def test_the_english_report_lists_the_sources_in_english(ctx: Any, tmp_path: Path) -> None:
    fw = _planning(ctx)
    text = _report(ctx, tmp_path, fw.key, "regional", "en")
    part = _section(text, "Wheretheindicatorsandrulescomefrom", "5.Overallopinion")
    assert "Entrycondition:" in part and "Veto:" in part
    assert "thisframework'sproposal" in part
    assert "ImplementingRegulationsoftheGovernmentProcurementLaw" in part
    # page furniture aside (the 草稿 watermark, the entity's own name in the header)
    for furniture in ("草稿", ENTITY):
        part = part.replace(furniture, "")
    assert not HAN.search(part), HAN.findall(part)[:10]


def test_a_framework_without_sources_has_no_such_list(ctx: Any, tmp_path: Path) -> None:
    fw = fw_registry.install_file(ctx, MINI)
    text = _report(ctx, tmp_path, fw.key, "city", "zh")
    assert "计分方法与复核" in text and "指标与规则的出处" not in text


@pytest.mark.parametrize(
    ("lang", "shown"),
    [("zh", "无涉密业务（出处：《保守国家秘密法》）"), ("en", "Noclassifiedwork(source:StateSecretsLaw)")],
)
def test_an_na_ground_shows_its_source(ctx: Any, tmp_path: Path, lang: str, shown: str) -> None:
    ground = "{id: no-secret, title: {zh: 无涉密业务, en: No classified work}}"
    text = MINI2.read_text("utf-8")
    assert ground in text
    path = tmp_path / "sourced.yaml"
    path.write_text(
        text.replace(ground, ground[:-1] + ", source: {zh: 《保守国家秘密法》, en: State Secrets Law}}"), "utf-8"
    )
    fw = fw_registry.install_file(ctx, path)
    ref = cases.new_case(
        ctx, framework=fw.key, tier="city", mode="self", entity_name=ENTITY, uscc="91350100M000100Y43"
    ).ref
    cases.set_answer(ctx, ref, "Y", not_applicable=True, ground="no-secret", reason="不做涉密项目")
    text = _render(ctx, tmp_path, ref, lang)
    heading = "不适用指标及依据" if lang == "zh" else "Indicatorsnotapplicableandtheirgrounds"
    assert shown in text[text.index(heading) :]
