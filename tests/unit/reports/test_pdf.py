"""The PDF case report: what a reader (and pdftotext/pdffonts) finds in it, page furniture,
watermark, self-assessment marking, long content and the empty signature box."""

from __future__ import annotations

import itertools
import random
import re
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from cityeval_desktop.domain import result_text
from cityeval_desktop.domain.methods import Bands, Choice, Deduction, PerItem, Ratio, Scale, Threshold, YesNo
from cityeval_desktop.domain.scoring import Answer
from cityeval_desktop.reports.labels import DRAFT_MARK, SELF_BANNER, SELF_TAG, UNSIGNED_MARK, VETOED_MARK
from cityeval_desktop.reports.pdf import RenderedReport, render_case_report
from cityeval_desktop.services import cases
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.answers import AnswerBatch, AnswerUpdate
from cityeval_desktop.services.results import case_json
from cityeval_desktop.store import audit

# written against the 2026.1 default frameworks (their ids and rules): pinned to those files
pytestmark = pytest.mark.usefixtures("frameworks_2026_1")

USCC = "91350100M000100Y43"
ENTITY = "福州数字规划研究院有限公司"
WHEN = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
NOTE_ZH = "现场核查：查阅近三年合同、验收报告与社保缴费记录，材料与申报一致；两份合同早于考察期，不予计入。"
NOTE_EN = "Checked on site: contracts, acceptance reports and insurance records match the declaration. "


# ----------------------------------------------------------------------------- helpers
def pdf_text(pdf: bytes, tmp_path: Path, *, page: int | None = None, raw: bool = False) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", "-enc", "UTF-8"]
    if raw:
        args.append("-raw")
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    proc = subprocess.run([*args, str(path), "-"], capture_output=True, check=True)
    return proc.stdout.decode("utf-8")


def squeeze(text: str) -> str:
    """Text without whitespace (rotated watermark letters come out one per line)."""
    return re.sub(r"\s+", "", text)


def has(text: str, needle: str) -> bool:
    """``needle`` in ``text`` ignoring whitespace (pdftotext may drop the spaces between CJK and digits)."""
    return squeeze(needle) in squeeze(text)


def pdf_info(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode("utf-8")
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines()) if v}


def chain(ctx: Any, case_uuid: str) -> list[dict[str, Any]]:
    with ctx.reading() as s:
        return list(audit.export_chain(s, case_uuid))


def new_case(ctx: Any, *, mode: str = "third-party", framework: str = "planning-consulting", tier: str = "city") -> str:
    return cases.new_case(
        ctx, framework=framework, tier=tier, mode=mode, entity_name=ENTITY, uscc=USCC, assessor="张评估"
    ).case_uuid


def value_for(indicator: Any, tier: str, rng: random.Random, *, best: bool | None = None) -> Any:
    """A valid raw answer: random, or the best/worst one when ``best`` is given."""
    m = indicator.method
    if isinstance(m, Scale):
        top = len(m.levels) - 1
        return top if best else 0 if best is False else rng.randrange(top + 1)
    if isinstance(m, YesNo):
        return bool(best) if best is not None else rng.random() < 0.7
    if isinstance(m, Choice):
        ranked = sorted(m.options, key=lambda o: o.fraction)
        return (ranked[-1] if best else ranked[0] if best is False else rng.choice(ranked)).id
    if isinstance(m, Threshold):
        high = int(m.thresholds[tier] * 2) + 2
        return high if best else 0 if best is False else rng.randrange(high)
    if isinstance(m, Bands):
        top = float(m.bands[0][0])
        return (
            Decimal(str(top + 1)) if best else Decimal("-1") if best is False else Decimal(f"{rng.uniform(0, top):.2f}")
        )
    if isinstance(m, Ratio):
        t = float(m.target)
        return Decimal(str(t)) if best else Decimal("0") if best is False else Decimal(f"{rng.uniform(0, t):.2f}")
    if isinstance(m, PerItem):
        many = int(indicator.points / m.per) + 2
        return many if best else 0 if best is False else rng.randrange(many)
    if isinstance(m, Deduction):
        many = int(indicator.points / m.per) + 1
        return 0 if best else many if best is False else rng.randrange(3)
    raise AssertionError(f"unknown method {m!r}")


def fill(
    ctx: Any,
    ref: str,
    tmp_path: Path,
    *,
    notes: bool = True,
    note_factor: int = 1,
    na: dict[str, str] | None = None,
    evidence: int = 0,
    values: dict[str, Any] | None = None,
    best: dict[str, bool] | None = None,
    vetoes: dict[str, bool] | None = None,
    skip: tuple[str, ...] = (),
) -> Any:
    """Answer every tier indicator in one batch (notes, N/A reasons, evidence files, vetoes)."""
    detail = cases.load_case(ctx, ref)
    fw, tier = detail.framework, detail.summary.tier
    rng = random.Random(20260301)
    indicators = [i for i in fw.tier_indicators(tier) if i.id not in skip]
    folder = tmp_path / "evidence"
    folder.mkdir(exist_ok=True)
    files = []
    for k in range(evidence):
        path = folder / f"证据扫描件-{k:03d}-{'合同' if k % 2 else 'certificate'}.pdf"
        path.write_bytes(b"%PDF-1.4 evidence " + str(k).encode() * 40)
        files.append(path)
    na = na or {}
    updates = []
    for n, ind in enumerate(indicators):
        attached = files[n :: len(indicators)] if files else []
        if ind.id in na:
            updates.append(AnswerUpdate(ind.id, Answer(None, True, na[ind.id], None), None, attached))
            continue
        wanted = (best or {}).get(ind.id, (best or {}).get(ind.dimension_id))
        raw = (values or {}).get(ind.id, value_for(ind, tier, rng, best=wanted))
        note = ((NOTE_ZH if n % 2 else NOTE_EN) * note_factor) if notes and n % 3 != 2 else None
        updates.append(AnswerUpdate(ind.id, Answer(ind.method.parse(raw), False, None, note), raw, attached))
    decisions: dict[str, bool | None] = {v.id: False for v in fw.vetoes}
    decisions.update(vetoes or {})
    return cases.apply_batch(ctx, ref, AnswerBatch(updates, decisions, "test"))


def render(ctx: Any, detail: Any, **kw: Any) -> RenderedReport:
    kw.setdefault("generated_at", WHEN)
    return render_case_report(detail, audit_entries=chain(ctx, detail.summary.case_uuid), **kw)


def sixty_indicator_framework(path: Path) -> Path:
    """A valid 5 x 12 = 60 indicator framework with very long guidance texts."""
    guidance = "核查近三年的合同、验收报告和社保记录，逐项比对申报材料与原件，" * 40
    kinds = [
        {"type": "scale", "levels": [{"zh": f"等级{k}：" + "描述" * 12, "en": f"Level {k}"} for k in range(6)]},
        {"type": "yes_no"},
        {
            "type": "choice",
            "options": [
                {"id": "full", "title": {"zh": "完全具备", "en": "Full"}, "fraction": 1},
                {"id": "some", "title": {"zh": "部分具备", "en": "Some"}, "fraction": 0.5},
                {"id": "none", "title": {"zh": "不具备", "en": "None"}, "fraction": 0},
            ],
        },
        {
            "type": "threshold",
            "thresholds": {"regional": 12, "city": 6, "enterprise": 3},
            "bands": [[1.5, 1.0], [1.0, 0.8], [0.5, 0.4]],
            "unit": {"zh": "人", "en": "people"},
        },
        {"type": "bands", "bands": [[6, 1.0], [4, 0.7], [2, 0.4]], "unit": {"zh": "%", "en": "%"}},
        {"type": "ratio", "target": 60, "unit": {"zh": "%", "en": "%"}},
        {"type": "per_item", "per": 0.5, "unit": {"zh": "项", "en": "items"}},
        {"type": "deduction", "per": 0.5, "unit": {"zh": "次", "en": "times"}},
    ]
    dims = []
    n = 0
    for d in range(1, 6):
        indicators = []
        for i in range(1, 13):
            indicators.append(
                {
                    "id": f"X{d}.{i}",
                    "title": {
                        "zh": f"长指标名称第 {d}.{i} 项：数据资源规划与全过程咨询能力",
                        "en": f"Indicator {d}.{i}",
                    },
                    "guidance": {"zh": guidance, "en": "Check the records. " * 60},
                    "improve": {"zh": f"补齐第 {d}.{i} 项的短板：" + "完善制度与台账，" * 20, "en": "Close the gap."},
                    "points": 2 if i <= 8 else 1,
                    "method": kinds[n % len(kinds)],
                    "evidence": {"required": n % 2 == 0, "kinds": ["contract"]},
                }
            )
            n += 1
        dims.append(
            {"id": f"D{d}", "title": {"zh": f"维度{d}", "en": f"Dimension {d}"}, "weight": 20, "indicators": indicators}
        )
    doc = {
        "schema": "cityeval-framework/1",
        "id": "sixty",
        "version": "1",
        "category": "planning-consulting",
        "title": {"zh": "六十项测试框架", "en": "Sixty-indicator framework"},
        "tiers": [
            {"id": t, "title": {"zh": z, "en": e}}
            for t, z, e in (
                ("regional", "区域服务级", "Regional service"),
                ("city", "城市服务级", "City service"),
                ("enterprise", "企业服务级", "Enterprise service"),
            )
        ],
        "grades": [
            {"id": "AAA", "min": 90, "stars": 5, "title": {"zh": "优秀", "en": "Excellent"}},
            {"id": "AA", "min": 80, "stars": 4, "title": {"zh": "良好", "en": "Good"}},
            {"id": "A", "min": 70, "stars": 3, "title": {"zh": "中等", "en": "Fair"}},
            {"id": "B", "min": 60, "stars": 2, "title": {"zh": "基本合格", "en": "Basic"}},
            {"id": "C", "min": 0, "stars": 1, "title": {"zh": "不合格", "en": "Failing"}},
        ],
        "caps": [{"dimension_below": 40, "max_grade": "A"}],
        "dimensions": dims,
        "vetoes": [{"id": "V1", "title": {"zh": "严重失信", "en": "Serious dishonesty"}}],
    }
    path.write_text(yaml.dump(doc, Dumper=_NoAliases, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


class _NoAliases(yaml.SafeDumper):
    """The method dicts are shared between indicators; the loader refuses YAML aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


# ----------------------------------------------------------------------------- content
def test_report_shows_entity_code_total_and_the_grade_label_of_case_json(ctx: Any, tmp_path: Path) -> None:
    ref = new_case(ctx)
    detail = fill(ctx, ref, tmp_path, evidence=4, na={"P2.3": "本单位不提供全过程咨询服务"})
    shown = case_json(detail)
    rep = render(ctx, detail, assessor_org="福建数字评估中心")
    text = pdf_text(rep.pdf, tmp_path)
    cover = pdf_text(rep.pdf, tmp_path, page=1)

    assert has(cover, ENTITY)
    assert has(cover, USCC)
    total = f"{shown['result']['total']:.2f}"
    assert has(cover, f"总分 {total} / 100")
    assert shown["result"]["grade"] is not None
    grade = detail.framework.grade(shown["result"]["grade"])
    # the public words of case_json's label: tier, stars and the grade's title, never the grade id
    assert has(cover, shown["result"]["label"]) and shown["result"]["label"].startswith("城市服务级 ")
    assert has(cover, "★" * grade.stars + " " + grade.title.zh)
    assert f"·{grade.id}" not in cover
    for item in (detail.framework.sha256, ref, "350100 福建省福州市", "福建数字评估中心", "第三方评估", "规划咨询"):
        assert has(cover, item)
    # every section is there, in Chinese (the audit trail is annexed, issue 12)
    for heading in (
        "结果概览",
        "计分方法与复核",
        "指标得分明细",
        "短板清单",
        "否决项判定",
        "证据索引",
        "附件：审计记录",
        "签章",
    ):
        assert has(text, heading)
    assert "Assessment result" not in text


def test_answers_read_as_a_reader_understands_them(ctx: Any, tmp_path: Path) -> None:
    ref = new_case(ctx)
    values = {"P1.1": 7, "P1.2": 4, "P2.4": True, "P5.4": False, "P5.2": "aa", "P3.2": Decimal("45.5")}
    detail = fill(ctx, ref, tmp_path, values=values, na={"P5.3": "本单位只做规划不做建设"}, notes=False)
    text = pdf_text(render(ctx, detail).pdf, tmp_path)
    level4 = detail.framework.indicator("P1.2").method.levels[4].zh
    assert has(text, "7 人")  # threshold: value + unit
    assert has(text, f"4 — {level4[:10]}")  # scale: level — descriptor
    assert has(text, "AA级")  # choice: the option's title
    assert has(text, "45.5%")  # ratio: the number as entered, with its unit
    assert has(text, "不适用") and has(text, "本单位只做规划不做建设")
    assert has(text, "本级门槛 6 人")  # the tier threshold a reader needs to re-check
    # the computation section explains the formula and lists the dimensions with their figures
    assert has(text, "维度得分 D = 100 × Σ指标得分 ÷ Σ该维度适用指标分值")
    assert has(text, "按四舍五入保留 2 位小数") and "half-up" not in text  # Chinese only
    for dim in case_json(detail)["result"]["dimensions"]:
        assert has(text, f"{dim['score']:.2f}")


def test_english_report_has_english_labels(ctx: Any, tmp_path: Path) -> None:
    ref = new_case(ctx)
    detail = fill(ctx, ref, tmp_path)
    rep = render(ctx, detail, lang="en")
    text = pdf_text(rep.pdf, tmp_path)
    for label in (
        "City-wide Digital Transformation Market Entity Assessment Report",
        "Assessment result",
        detail.result.label("en"),
        "Unified social credit code",
        "How the score was computed",
        "Indicator scores",
        "Evidence index",
        "Annex: audit trail",
        f"Page 1 of {rep.pages}",
        "Third-party assessment",
    ):
        assert has(text, label), label
    for chinese in ("统一社会信用代码", "评估结果", "计分方法", "第 1 页", "城市服务级"):
        assert chinese not in text, chinese
    assert has(text, ENTITY)  # the entity's own name stays as registered


def test_vetoed_case_shows_the_veto_and_no_grade(ctx: Any, tmp_path: Path) -> None:
    ref = new_case(ctx)
    detail = fill(ctx, ref, tmp_path, vetoes={"V1": True})
    assert case_json(detail)["result"]["grade"] is None
    rep = render(ctx, detail)
    cover = pdf_text(rep.pdf, tmp_path, page=1)
    text = pdf_text(rep.pdf, tmp_path)
    assert has(cover, VETOED_MARK.zh) and "VETOED" not in cover
    assert has(cover, "V1 列入严重失信主体名单")
    assert has(cover, f"总分 {case_json(detail)['result']['total']:.2f} / 100")
    assert "城市服务级 ★" not in text
    assert has(text, "否决成立")
    en = pdf_text(render(ctx, detail, lang="en").pdf, tmp_path, page=1)
    assert has(en, VETOED_MARK.en) and "否决" not in en


def test_capped_grade_and_undecided_vetoes_are_explained(ctx: Any, tmp_path: Path) -> None:
    ref = new_case(ctx)
    best = {"D1": True, "D2": True, "D3": True, "D4": True, "D5": False}
    detail = fill(ctx, ref, tmp_path, best=best, notes=False)
    result = case_json(detail)["result"]
    assert result["capped"] and result["grade"] == "A" and result["grade_before_cap"] == "AA"
    text = pdf_text(render(ctx, detail).pdf, tmp_path)
    cap = result["caps"][0]
    assert cap["dimension"] == "D5" and cap["max_grade"] == "A"
    d5 = detail.framework.dimension("D5").title.zh
    assert has(text, f"封顶：D5 {d5} 得分 {cap['score']:.2f}，低于 40，等级最高为 ★★★ 中等，等级因此降低")
    assert has(text, "城市服务级 ★★★ 中等")
    # with two vetoes undecided the same figures are a running total: no grade, the open vetoes named
    detail = fill(ctx, ref, tmp_path, best=best, vetoes={"V3": None, "V4": None}, notes=False)
    text = pdf_text(render(ctx, detail).pdf, tmp_path)
    assert has(text, "V3, V4") and has(text, "未判定")
    assert not has(text, "城市服务级 ★★★ 中等") and has(text, "暂不评定")


def test_gaps_are_listed_largest_first_with_next_steps(ctx: Any, tmp_path: Path) -> None:
    ref = new_case(ctx)
    detail = fill(ctx, ref, tmp_path)
    gaps = detail.result.gaps
    assert len(gaps) >= 3
    text = pdf_text(render(ctx, detail).pdf, tmp_path, raw=True)
    section = text[text.index("短板清单") : text.index("否决项判定")]
    positions = [section.index(f" {g.id} ") for g in gaps]
    assert positions == sorted(positions)
    for gap in gaps:
        assert has(section, f"{gap.lost_shown:.2f}")
    first_step = result_text.gap_step(gaps[0]).zh  # the quantified next step, with its gain
    assert squeeze(first_step[:12]) in squeeze(section)


def test_evidence_index_and_audit_summary(ctx: Any, tmp_path: Path) -> None:
    ref = new_case(ctx)
    fill(ctx, ref, tmp_path, evidence=30)
    for n in range(30):  # more than 40 entries in all
        cases.set_answer(ctx, ref, "P1.1", value=n)
    detail = cases.load_case(ctx, ref)
    entries = chain(ctx, ref)
    assert len(entries) > 40
    rep = render_case_report(detail, audit_entries=entries, generated_at=WHEN)
    text = pdf_text(rep.pdf, tmp_path)
    for item in detail.evidence:
        assert has(text, item.sha256)
        assert has(text, item.original_name)
    assert has(text, entries[-1]["hash"])
    assert has(text, f"另有 {len(entries) - 40} 条记录未列出")
    assert has(text, "通过（每条记录的哈希与前后链接均正确）")
    # a tampered chain is reported, not hidden
    bad = [dict(e) for e in entries]
    bad[3]["actor"] = "someone else"
    assert has(pdf_text(render_case_report(detail, audit_entries=bad).pdf, tmp_path), "未通过")


# ----------------------------------------------------------------------------- marks
def test_draft_has_the_watermark_on_every_page_and_final_has_none(ctx: Any, tmp_path: Path) -> None:
    ref = new_case(ctx)
    detail = fill(ctx, ref, tmp_path)
    draft = render(ctx, detail, final=False)
    final = render(ctx, detail, final=True)
    mark = squeeze(DRAFT_MARK.zh)
    for page in range(1, draft.pages + 1):
        assert mark in squeeze(pdf_text(draft.pdf, tmp_path, page=page, raw=True)), page
    final_text = squeeze(pdf_text(final.pdf, tmp_path, raw=True))
    assert mark not in final_text and "DRAFT" not in final_text
    draft_text = squeeze(pdf_text(draft.pdf, tmp_path))
    assert squeeze(UNSIGNED_MARK.zh) in draft_text and "unsigned" not in draft_text
    assert squeeze(UNSIGNED_MARK.zh) not in final_text
    en_draft = squeeze(pdf_text(render(ctx, detail, final=False, lang="en").pdf, tmp_path, raw=True))
    assert squeeze(DRAFT_MARK.en) in en_draft and mark not in en_draft
    assert has(pdf_text(final.pdf, tmp_path, page=1), "已定稿")


def test_self_assessment_is_marked_on_the_cover_and_in_every_header(ctx: Any, tmp_path: Path) -> None:
    ref = new_case(ctx, mode="self")
    detail = fill(ctx, ref, tmp_path)
    for lang in ("zh", "en"):
        rep = render(ctx, detail, lang=lang)
        cover = pdf_text(rep.pdf, tmp_path, page=1)
        assert has(cover, SELF_TAG.get(lang))
        assert squeeze(SELF_BANNER.get(lang)) in squeeze(cover)
        other = SELF_TAG.en if lang == "zh" else SELF_TAG.zh
        for page in range(1, rep.pages + 1):
            page_text = pdf_text(rep.pdf, tmp_path, page=page)
            assert has(page_text, SELF_TAG.get(lang)) and other not in page_text, (lang, page)
    cover = pdf_text(render(ctx, detail).pdf, tmp_path, page=1)
    assert has(cover, "自评结果") and has(cover, "评估方式")
    third = pdf_text(render(ctx, cases.load_case(ctx, new_case(ctx))).pdf, tmp_path)
    assert "自评" not in third and "SELF-ASSESSMENT" not in third


# ----------------------------------------------------------------------------- fonts, pages, metadata
def test_every_font_is_embedded(ctx: Any, tmp_path: Path) -> None:
    ref = new_case(ctx)
    detail = fill(ctx, ref, tmp_path, evidence=3)
    for lang in ("zh", "en"):
        path = tmp_path / f"fonts-{lang}.pdf"
        path.write_bytes(render(ctx, detail, lang=lang).pdf)
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True).stdout.decode()
        rows = out.splitlines()[2:]
        assert rows, out
        for row in rows:
            # name type [type2] encoding emb sub uni object ID
            assert re.search(r"\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row), row
        assert "Helvetica" not in out


def test_a_long_case_splits_over_many_pages_with_correct_page_numbers(ctx: Any, tmp_path: Path) -> None:
    fw_registry.install_file(ctx, sixty_indicator_framework(tmp_path / "sixty.yaml"))
    ref = new_case(ctx, framework="sixty")
    detail = cases.load_case(ctx, ref)
    assert len(detail.framework.tier_indicators("city")) == 60
    na = {"X1.7": "不适用理由很长：" + "本单位不涉及此项业务，" * 120, "X3.3": "无此业务"}
    detail = fill(ctx, ref, tmp_path, note_factor=12, na=na, evidence=60)
    huge = "\n".join(f"第 {k} 行：" + "很长的备注内容，" * 25 for k in range(180))[:20_000]
    detail = cases.set_answer(ctx, ref, "X2.1", note=huge)
    detail = cases.set_answer(ctx, ref, "X2.2", note="x" * 5000)  # one "word" longer than a line
    rep = render(ctx, detail)
    info = pdf_info(rep.pdf, tmp_path)
    assert int(info["Pages"]) == rep.pages > 10
    for page in range(1, rep.pages + 1):
        assert has(pdf_text(rep.pdf, tmp_path, page=page), f"第 {page} 页 / 共 {rep.pages} 页")
    text = squeeze(pdf_text(rep.pdf, tmp_path))
    assert squeeze(huge[-200:]) in text  # nothing of the note is lost
    assert has(text, "本单位不涉及此项业务")
    en = render(ctx, detail, lang="en")
    assert has(pdf_text(en.pdf, tmp_path, page=en.pages), f"Page {en.pages} of {en.pages}")


def test_footer_total_matches_the_real_page_count(ctx: Any, tmp_path: Path) -> None:
    ref = new_case(ctx, tier="enterprise")
    rep = render(ctx, cases.load_case(ctx, ref))  # a new, empty case
    assert int(pdf_info(rep.pdf, tmp_path)["Pages"]) == rep.pages
    assert has(pdf_text(rep.pdf, tmp_path, page=rep.pages), f"第 {rep.pages} 页 / 共 {rep.pages} 页")
    assert has(pdf_text(rep.pdf, tmp_path, page=1), f"第 1 页 / 共 {rep.pages} 页")


def test_metadata_and_deterministic_output(ctx: Any, tmp_path: Path) -> None:
    ref = new_case(ctx)
    detail = fill(ctx, ref, tmp_path)
    a = render(ctx, detail, assessor_org="福建数字评估中心")
    b = render(ctx, detail, assessor_org="福建数字评估中心")
    assert a.pdf == b.pdf
    info = pdf_info(a.pdf, tmp_path)
    assert info["Creator"] == "CityEval Desktop"
    assert info["Author"] == "福建数字评估中心"
    assert ENTITY in info["Title"] and "评估报告" in info["Title"]
    assert ref in info["Subject"] and USCC in info["Subject"]
    assert "2026" in info["CreationDate"] and "08:30:00" in info["CreationDate"]
    assert info["Page size"].startswith("595.276 x 841.89")
    no_org = pdf_info(render(ctx, detail).pdf, tmp_path)
    assert no_org["Author"] == "张评估"


def test_text_the_font_cannot_draw_is_spelled_out(ctx: Any, tmp_path: Path) -> None:
    ref = new_case(ctx)
    cases.set_answer(ctx, ref, "P1.1", value=3, note="很好 👍\x07 <b>not bold</b> & more\u200b")
    rep = render(ctx, cases.load_case(ctx, ref))
    text = pdf_text(rep.pdf, tmp_path)
    assert has(text, "很好 [U+1F44D] <b>not bold</b> & more")


# ----------------------------------------------------------------------------- signature box
def page_image(pdf: bytes, page_index: int, tmp_path: Path) -> Any:
    """One page as a greyscale image at 72 dpi (1 px = 1 pt, y from the top)."""
    from PIL import Image

    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    n = str(page_index + 1)
    args = ["pdftoppm", "-gray", "-png", "-r", "72", "-f", n, "-l", n, "-singlefile", str(path), str(tmp_path / "page")]
    subprocess.run(args, check=True)
    with Image.open(tmp_path / "page.png") as im:
        return im.convert("L")


def darkest(img: Any, points: list[tuple[float, float]]) -> int:
    """The darkest pixel at PDF points (x, y from the bottom)."""
    return min(img.getpixel((round(x), round(img.height - y))) for x, y in points)


def test_signature_box_is_an_empty_frame_on_the_last_page(ctx: Any, tmp_path: Path) -> None:
    """A third-party report has three empty framed boxes side by side: lead, organisation, reviewer."""
    ref = new_case(ctx)
    detail = fill(ctx, ref, tmp_path)
    captions = {
        "zh": ["评估组长签名", "评估机构签章", "审核人签名"],
        "en": ["Lead assessor", "Assessor organisation", "Reviewer"],
    }
    for lang in ("zh", "en"):
        rep = render(ctx, detail, lang=lang, final=True)
        assert list(rep.signature_boxes) == ["lead", "org", "reviewer"]
        assert rep.signature_box == rep.signature_boxes["lead"]  # the first, for callers that know one box
        img = page_image(rep.pdf, rep.pages - 1, tmp_path)
        for page, (x1, y1, x2, y2) in rep.signature_boxes.values():
            assert page == rep.pages - 1
            assert x2 - x1 >= 150 and y2 - y1 >= 80
            assert 0 <= x1 < x2 <= 595.28 and 0 <= y1 < y2 <= 841.89
            inside = [
                (x, y) for x in range(round(x1) + 3, round(x2) - 3, 4) for y in range(round(y1) + 3, round(y2) - 3, 4)
            ]
            assert darkest(img, inside) > 245, "the signature area must be empty"
            mx, my = (x1 + x2) / 2, (y1 + y2) / 2
            for edge in (
                [(x1 + d, my) for d in (-1, 0, 1)],
                [(x2 + d, my) for d in (-1, 0, 1)],
                [(mx, y1 + d) for d in (-1, 0, 1)],
                [(mx, y2 + d) for d in (-1, 0, 1)],
            ):
                assert darkest(img, edge) < 160, "the frame is drawn exactly around the box"
        boxes = list(rep.signature_boxes.values())
        assert all(a[1][2] < b[1][0] for a, b in itertools.pairwise(boxes))  # side by side, no overlap
        last = pdf_text(rep.pdf, tmp_path, page=rep.pages)
        other = "zh" if lang == "en" else "en"
        assert all(has(last, c) for c in captions[lang]) and not any(c in last for c in captions[other])
        assert "Assessor signature" not in last


def test_reports_do_not_import_pyside6() -> None:
    code = (
        "import sys, cityeval_desktop.reports.pdf\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == ""


@pytest.mark.parametrize("lang", ["zh", "en", "fr"])
def test_unknown_language_falls_back_to_chinese(ctx: Any, tmp_path: Path, lang: str) -> None:
    rep = render(ctx, cases.load_case(ctx, new_case(ctx)), lang=lang)
    cover = pdf_text(rep.pdf, tmp_path, page=1)
    assert ("City-wide" in cover) == (lang == "en")
    assert ("城市全域数字化转型经营主体评估报告" in cover) == (lang != "en")


def test_a_draft_report_of_an_unfinished_case_shows_no_grade_word(ctx, tmp_path) -> None:
    """DESIGN §4: a provisional result never shows a grade word or stars (issue 8, item 6)."""
    from cityeval_desktop.services import cases as case_service
    from cityeval_desktop.services.reporting import render_report

    ref = case_service.new_case(
        ctx,
        framework="planning-consulting",
        tier="city",
        mode="third-party",
        entity_name="福州数字规划研究院有限公司",
        uscc="91350100M000100Y43",
    ).ref
    case_service.set_answer(ctx, ref, "P1.1", value=7)
    cases = (
        ("zh", ("不合格", "★", "城市服务级·C"), "暂不评定"),
        ("en", ("Failing", "★", "City service·C"), "Not rated yet (incomplete)"),
    )
    for lang, absent, present in cases:
        pdf = render_report(ctx, ref, lang=lang)
        cover, summary = pdf_text(pdf, tmp_path, page=1), pdf_text(pdf, tmp_path, page=2)
        assert present in cover.replace("\n", " ")
        for word in absent:
            assert word not in cover, (lang, word)
        # the summary says why there is no grade yet (its grade scale table still lists every grade)
        assert ("18 个指标未作答" if lang == "zh" else "18 indicators unanswered") in summary.replace("\n", " ")
