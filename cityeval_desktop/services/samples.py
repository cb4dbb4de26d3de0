"""Sample cases for a first look: fully answered cases of every category and mode, some finalized and amended.

Everything goes through the ordinary services (``new_case``, ``apply_batch``, ``set_answer``,
``add_evidence``/``remove_evidence``, ``amend``, ``finalize_and_sign``), so a sample is exactly what a
user would have produced by hand. The evidence files (certificate images and document PDFs, each
marked as sample material) are generated here; the finalized samples are signed by a demo identity
created for them in the data folder, whose password is :data:`DEMO_PASSWORD`.
"""

from __future__ import annotations

import hashlib
import math
import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from cityeval_desktop import paths
from cityeval_desktop.domain.framework import Framework, Indicator
from cityeval_desktop.domain.methods import Bands, Choice, Deduction, PerItem, Ratio, Scale, Threshold, YesNo
from cityeval_desktop.domain.text import Text
from cityeval_desktop.domain.uscc import check_character
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.answers import parse_document
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.summaries import CaseSummary

ProgressFn = Callable[[int, int, str], None]

#: The demo identity that signs the finalized samples (not a real person: every report it signs says so).
DEMO_SIGNER = "演示签名身份（示例数据）"
DEMO_ORG = "示例评估机构（演示数据，非真实机构）"
DEMO_PASSWORD = "cityeval-demo"
DEMO_IDENTITY_NAME = "demo-signer.p12"
#: the reviewer (审核) of the third-party samples' assessment team, with an identity of its own
DEMO_REVIEWER = "演示审核人（示例数据）"
DEMO_REVIEWER_IDENTITY_NAME = "demo-reviewer.p12"
#: the demo assessor organisation's own identity: the 评估机构 signature of the third-party samples
DEMO_ORG_IDENTITY_NAME = "demo-organisation.p12"
#: the reference date (评估基准日) of the samples: their evidence was checked in December 2025
SAMPLE_REFERENCE_DATE = "2025-12-31"
SAMPLE_FOLDER = "samples"

_GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class SampleSpec:
    """One sample case: who, which framework, how good it is and what happens to it."""

    key: str
    framework: str
    mode: str
    tier: str
    entity_name: str
    region: str
    org_code: str  # the first 8 characters of the organisation code (GB 11714); the 9th is computed
    assessor: str
    quality: float  # 0..1: how well the entity does on average
    finalize: bool
    amend_reason: str | None = None
    finalize_amendment: bool = False
    #: indicators this entity marks N/A where the framework allows it: (indicator id, ground id, reason)
    not_applicable: tuple[tuple[str, str, str], ...] = ()

    @property
    def uscc(self) -> str:
        return make_uscc(self.region, self.org_code)


#: a company answers the R&D intensity of the planning framework; the alternative for public institutions is N/A
_ENTERPRISE_RD = ("P4.4", "enterprise", "本单位为企业，按研发投入强度计分")

SAMPLES: tuple[SampleSpec, ...] = (
    SampleSpec(
        "fz-planning",
        "planning-consulting",
        "third-party",
        "city",
        "福州闽数城市规划设计研究院有限公司",
        "350102",
        "MA2YQ8K4",
        "陈思远",
        0.86,
        finalize=True,
        amend_reason="委托方补充提交新签规划合同和新取证人员材料，经复核更新相关指标",
        finalize_amendment=True,
        not_applicable=(_ENTERPRISE_RD,),
    ),
    SampleSpec(
        "hz-planning",
        "planning-consulting",
        "self",
        "enterprise",
        "杭州数智云图规划咨询有限公司",
        "330106",
        "MA27WK3P",
        "企业自评小组",
        0.68,
        finalize=False,
        not_applicable=(_ENTERPRISE_RD,),
    ),
    SampleSpec(
        "xm-construction",
        "construction-implementation",
        "third-party",
        "regional",
        "厦门海峡智城建设工程有限公司",
        "350203",
        "MA31R6TN",
        "林雅婷",
        0.9,
        finalize=True,
        not_applicable=(("B1.7", "no-such-work", "近 3 年未承接涉密信息系统集成，项目清单中无涉密项目"),),
    ),
    SampleSpec(
        "nb-construction",
        "construction-implementation",
        "self",
        "city",
        "宁波甬信智能科技股份有限公司",
        "330212",
        "MA2GJ5L8",
        "企业自评小组",
        0.66,
        finalize=True,
    ),
    SampleSpec(
        "qz-operations",
        "operations-maintenance",
        "third-party",
        "city",
        "泉州刺桐数字运营服务有限公司",
        "350503",
        "MA34H2X7",
        "黄明辉",
        0.8,
        finalize=True,
        amend_reason="整改后复核：委托方补充提交近一年运维报告，重新核定平台可用性",
    ),
    SampleSpec(
        "wz-operations",
        "operations-maintenance",
        "self",
        "enterprise",
        "温州瓯江智慧城市运营有限公司",
        "330302",
        "MA2L7D9C",
        "企业自评小组",
        0.55,
        finalize=False,
    ),
)

#: evidence kind → the document a sample file imitates
_DOCUMENTS: dict[str, str] = {
    "contract": "项目合同关键页",
    "acceptance-report": "项目验收报告",
    "certificate": "资质证书",
    "staff-certificates": "人员证书及社保缴费证明",
    "ip-certificate": "软件著作权登记证书",
    "audited-financials": "年度审计报告",
    "credit-report": "企业信用报告",
    "government-document": "主管部门批复文件",
    "ops-report": "运营服务月报",
    "survey": "委托方满意度调查报告",
    "standard": "企业标准文本",
    "commitment": "独立性承诺书",
}
_IMAGE_KINDS = {"certificate", "staff-certificates", "ip-certificate"}


@dataclass(frozen=True)
class LoadResult:
    """What :func:`load_samples` made: the latest revision of each new sample case and the demo identity.

    ``cancelled`` says the load stopped between samples when asked to: ``cases`` holds the whole ones made
    before, the others were not started (loading again makes them)."""

    cases: tuple[CaseSummary, ...]
    skipped: tuple[str, ...]
    identity_path: Path
    password: str = DEMO_PASSWORD
    cancelled: bool = False


# ----------------------------------------------------------------------------- codes
def org_check_character(first8: str) -> str:
    """The GB 11714 check character of an 8-character organisation code."""
    total = sum((int(ch) if ch.isdigit() else ord(ch) - 55) * w for ch, w in zip(first8, _GB11714_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def make_uscc(region: str, org8: str) -> str:
    """A valid 统一社会信用代码 of a company (91) registered in ``region``: GB 11714 and GB 32100 check characters."""
    first17 = f"91{region}{org8}{org_check_character(org8)}"
    return first17 + check_character(first17)


# ----------------------------------------------------------------------------- answers
def _rng(spec: SampleSpec, indicator_id: str, salt: str = "") -> random.Random:
    return random.Random(f"{spec.key}:{indicator_id}:{salt}")


def target_fraction(spec: SampleSpec, indicator: Indicator) -> float:
    """How well this sample does on this indicator (deterministic, around the sample's quality)."""
    return min(1.0, max(0.0, spec.quality + _rng(spec, indicator.id).uniform(-0.3, 0.25)))


def value_for(indicator: Indicator, tier: str, f: float, rng: random.Random) -> Any:
    """An answer value that earns about ``f`` of the indicator's points, the way a real entity would report it."""
    method = indicator.method
    if isinstance(method, Scale):
        return round(f * (len(method.levels) - 1))
    if isinstance(method, YesNo):
        return f >= 0.5
    if isinstance(method, Choice):
        return min(method.options, key=lambda o: (abs(float(o.fraction) - f), -o.fraction)).id
    if isinstance(method, Threshold):
        ratio = _band_bound(method.bands, f)
        base = method.thresholds[tier]
        return _count(ratio * base, rng, percent=_is_percent(method.unit))
    if isinstance(method, Bands):
        percent = _is_percent(method.unit)
        bound = _band_bound(method.bands, f, below=Fraction(method.bands[-1][0]) * Fraction(3, 4))
        # a percentage near 100 (availability) varies in its last digit, a small one (R&D share) by a point
        spread = Fraction(1, 20) if percent and bound > 90 else Fraction(1, 2)
        return _measure(bound, rng, percent=percent, spread=spread)
    if isinstance(method, Ratio):
        # real rates and ratings sit well above zero even for a weak entity: 60 % of the target at the least
        wanted = method.target * Fraction(0.6 + 0.4 * f).limit_denominator(200)
        return _measure(wanted, rng, percent=_is_percent(method.unit), spread=Fraction(1, 10))
    if isinstance(method, PerItem):
        return max(0, math.floor(float(indicator.points) * f / float(method.per) + 0.5))
    if isinstance(method, Deduction):
        count = max(0, math.floor(float(indicator.points) * (1 - f) / float(method.per) + 0.5))
        # graded: the occurrences are of the least severe kind (a sample never raises a veto)
        return {method.severities[0].id: count} if method.graded else count
    raise TypeError(f"no sample value for method {method.type}")


def _band_bound(bands: tuple[tuple[Fraction, Fraction], ...], f: float, below: Fraction = Fraction(0)) -> Fraction:
    """The lowest band bound whose fraction is closest to ``f`` (``below`` when even the lowest band is too much)."""
    best, best_gap = below, f  # "below every band" earns 0
    for bound, fraction in bands:
        gap = abs(float(fraction) - f)
        if gap < best_gap or (gap == best_gap and bound < best):
            best, best_gap = bound, gap
    return best


def _is_percent(unit: Text | None) -> bool:
    return unit is not None and unit.zh.strip() in ("%", "％")


def _count(at_least: Fraction, rng: random.Random, *, percent: bool) -> int:
    value = math.ceil(at_least) + rng.randint(0, max(1, math.ceil(at_least) // 10))
    return min(value, 100) if percent else value


def _measure(at_least: Fraction, rng: random.Random, *, percent: bool, spread: Fraction = Fraction(1, 2)) -> Any:
    step = Decimal("0.01") if spread < Fraction(1, 10) else Decimal("0.1")
    value = Decimal(float(at_least + spread * Fraction(rng.randint(0, 4), 4))).quantize(step)
    if Fraction(value) < at_least:
        value += step
    if percent:
        value = min(value, Decimal(100))
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else value


def note_for(spec: SampleSpec, indicator: Indicator, value: Any, document: str | None, *, amended: bool = False) -> str:
    """The note an assessor (or the operator, in a self-check) would write beside the answer."""
    method, title = indicator.method, indicator.title.zh
    if isinstance(method, Scale):
        said = f"对照分级描述，{title}达到第 {value} 级"
    elif isinstance(method, YesNo):
        said = f"{title}{'符合要求' if value else '尚不符合要求'}"
    elif isinstance(method, Choice):
        option = method.option(value)
        said = f"{title}为“{option.title.zh if option else value}”"
    elif isinstance(method, Deduction) and method.graded and isinstance(value, dict):
        unit = method.unit.zh if method.unit is not None else ""
        counts = "，".join(
            f"{severity.title.zh} {value.get(severity.id, 0)} {unit}".rstrip() for severity in method.severities
        )
        said = f"{title}：{counts}"
    else:
        unit = getattr(method, "unit", None)
        shown = "" if unit is None else unit.zh if _is_percent(unit) else f" {unit.zh}"
        said = f"{title}为 {value}{shown}"
    if amended:
        return f"复核更新：{said}，见补充材料《{document}》。" if document else f"复核更新：{said}。"
    if spec.mode == "self":
        return f"自查：{said}，已附《{document}》。" if document else f"自查：{said}，材料整理中。"
    return f"现场核验：{said}，与《{document}》一致。" if document else f"现场核验：{said}。"


# ----------------------------------------------------------------------------- evidence files
@lru_cache(maxsize=1)
def _pdf_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = "CityEvalSample"
    pdfmetrics.registerFont(TTFont(name, str(paths.cjk_font_path()), subfontIndex=0))
    return name


def _lines(spec: SampleSpec, indicator: Indicator, document: str, summary: str) -> list[str]:
    return [
        f"单位名称：{spec.entity_name}",
        f"统一社会信用代码：{spec.uscc}",
        f"对应指标：{indicator.id} {indicator.title.zh}",
        f"内容摘要：{summary}",
        "出具日期：2025 年 12 月",
    ]


def write_pdf(out: Path, title: str, lines: list[str]) -> Path:
    """A one-page document imitating a scanned original, marked as sample material."""
    from reportlab.lib.pagesizes import A5, landscape
    from reportlab.pdfgen.canvas import Canvas

    font = _pdf_font()
    width, height = landscape(A5)
    pdf = Canvas(str(out), pagesize=(width, height), invariant=1)
    pdf.setTitle(title)
    pdf.setStrokeColorRGB(0.55, 0.1, 0.1)
    pdf.setLineWidth(2)
    pdf.rect(24, 24, width - 48, height - 48)
    pdf.setFont(font, 20)
    pdf.drawCentredString(width / 2, height - 70, title)
    pdf.setFont(font, 10)
    pdf.setFillColorRGB(0.45, 0.45, 0.45)
    pdf.drawCentredString(width / 2, height - 90, "（示例材料，仅用于熟悉软件，不是真实文件）")
    pdf.setFillColorRGB(0, 0, 0)
    y = height - 130
    for line in lines:
        for chunk in _wrap(line, 44):
            pdf.drawString(56, y, chunk)
            y -= 20
    pdf.setStrokeColorRGB(0.8, 0.1, 0.1)
    pdf.setFillColorRGB(0.8, 0.1, 0.1)
    pdf.circle(width - 120, 80, 42, stroke=1, fill=0)
    pdf.setFont(font, 11)
    pdf.drawCentredString(width - 120, 76, "示例专用章")
    pdf.showPage()
    pdf.save()
    return out


def write_png(out: Path, title: str, lines: list[str]) -> Path:
    """A certificate-like image (border, text, red seal), marked as sample material; small palette PNG."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = str(paths.cjk_font_path())
    big, small = ImageFont.truetype(font_path, 34, index=0), ImageFont.truetype(font_path, 18, index=0)
    image = Image.new("RGB", (900, 620), (252, 248, 236))
    draw = ImageDraw.Draw(image)
    draw.rectangle((14, 14, 885, 605), outline=(160, 120, 40), width=6)
    draw.rectangle((28, 28, 871, 591), outline=(200, 170, 90), width=2)
    draw.text((450, 80), title, font=big, fill=(120, 30, 20), anchor="mm")
    draw.text((450, 124), "（示例材料，仅用于熟悉软件，不是真实证书）", font=small, fill=(110, 110, 110), anchor="mm")
    y = 180
    for line in lines:
        for chunk in _wrap(line, 40):
            draw.text((70, y), chunk, font=small, fill=(30, 30, 30))
            y += 34
    draw.ellipse((680, 420, 820, 560), outline=(200, 30, 30), width=5)
    draw.text((750, 490), "示例专用章", font=small, fill=(200, 30, 30), anchor="mm")
    image.quantize(colors=32).save(out, optimize=True)
    return out


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def write_evidence(folder: Path, spec: SampleSpec, indicator: Indicator, summary: str, suffix: str = "") -> Path:
    """The sample file for an indicator's first evidence kind (an image for certificates, else a PDF)."""
    kind = indicator.evidence_kinds[0] if indicator.evidence_kinds else "contract"
    document = _DOCUMENTS.get(kind, "证明材料") + suffix
    lines = _lines(spec, indicator, document, summary)
    stem = f"{indicator.id}-{document}"
    if kind in _IMAGE_KINDS:
        return write_png(folder / f"{stem}.png", document, lines)
    return write_pdf(folder / f"{stem}.pdf", document, lines)


def document_for(indicator: Indicator) -> str:
    kind = indicator.evidence_kinds[0] if indicator.evidence_kinds else "contract"
    return _DOCUMENTS.get(kind, "证明材料")


# ----------------------------------------------------------------------------- building the cases
def answers_document(spec: SampleSpec, framework: Framework, folder: Path) -> dict[str, Any]:
    """The sample's answers document (the ``case answer --file`` format), writing its evidence files into ``folder``."""
    answers: dict[str, Any] = {}
    not_applicable = {i: (ground, reason) for i, ground, reason in spec.not_applicable}
    for indicator in framework.tier_indicators(spec.tier):
        rule = indicator.not_applicable
        if indicator.id in not_applicable and rule.ground(not_applicable[indicator.id][0]) is not None:
            ground, reason = not_applicable[indicator.id]
            entry = {"not_applicable": True, "ground": ground, "reason": reason}
            if rule.evidence and spec.mode == "third-party":
                path = write_evidence(folder, spec, indicator, reason)
                entry["evidence"] = [{"path": path.name, "verification": SAMPLE_VERIFICATION}]
            answers[indicator.id] = entry
            continue
        rng = _rng(spec, indicator.id, "value")
        value = value_for(indicator, spec.tier, target_fraction(spec, indicator), rng)
        # third-party assessors need evidence wherever the framework requires it; operators gather most of it
        with_file = indicator.evidence_required and (spec.mode == "third-party" or rng.random() < 0.6)
        document = document_for(indicator) if with_file else None
        entry: dict[str, Any] = {"value": value}
        if with_file or rng.random() < 0.7:
            entry["note"] = note_for(spec, indicator, value, document)
        if with_file:
            path = write_evidence(folder, spec, indicator, entry["note"])
            entry["evidence"] = [path.name]
            if spec.mode == "third-party":  # typed and verified, as an assessor records it
                item: dict[str, Any] = {"path": path.name, "verification": SAMPLE_VERIFICATION}
                if indicator.evidence_kinds:
                    item["kind"] = indicator.evidence_kinds[0]
                entry["evidence"] = [item]
        answers[indicator.id] = entry
    vetoes: dict[str, Any] = {v.id: False for v in framework.vetoes}
    if spec.mode == "third-party":
        for veto in framework.vetoes:  # each decision with its basis: where and when it was looked up
            source = veto.sources[0].zh if veto.sources else "信用中国"
            shot = write_pdf(
                folder / f"{veto.id}-查询结果.pdf",
                f"{source}查询结果",
                [
                    f"单位名称：{spec.entity_name}",
                    f"统一社会信用代码：{spec.uscc}",
                    f"查询事项：{veto.title.zh}",
                    "查询结果：未查到相关记录",
                    f"查询时间：{SAMPLE_QUERIED_AT}",
                ],
            )
            vetoes[veto.id] = {
                "decision": False,
                "source": source,
                "queried_at": SAMPLE_QUERIED_AT,
                "note": "未查到相关记录",
                "evidence": [shot.name],
            }
    return {"answers": answers, "vetoes": vetoes}


#: what the third-party samples record of their checks (sample material, not a real assessor's)
SAMPLE_QUERIED_AT = "2025-12-15T10:00:00+08:00"
SAMPLE_VERIFICATION = {"method": "original", "conclusion": "confirmed", "by": "示例评估员", "at": "2025-12-15"}


def demo_identity(ctx: AppContext, *, key_size: int | None = None) -> Any:
    """The demo signing identity of the samples (created in the data folder the first time)."""
    from cityeval_desktop.signing.identity import KEY_SIZE, create_identity, load_identity

    path = ctx.data_dir / SAMPLE_FOLDER / DEMO_IDENTITY_NAME
    if path.is_file():
        return load_identity(path, DEMO_PASSWORD)
    path.parent.mkdir(parents=True, exist_ok=True)
    return create_identity(path, name=DEMO_SIGNER, org=DEMO_ORG, password=DEMO_PASSWORD, key_size=key_size or KEY_SIZE)


def demo_org_identity(ctx: AppContext, *, key_size: int | None = None) -> Any:
    """The demo assessor organisation's identity (its name and a code in the certificate), created the first time."""
    from cityeval_desktop.signing.identity import KEY_SIZE, create_identity, load_identity

    path = ctx.data_dir / SAMPLE_FOLDER / DEMO_ORG_IDENTITY_NAME
    if path.is_file():
        return load_identity(path, DEMO_PASSWORD)
    path.parent.mkdir(parents=True, exist_ok=True)
    return create_identity(
        path,
        name=DEMO_ORG,
        org=DEMO_ORG,
        uscc=make_uscc("350100", "DEM0R6A1"),
        password=DEMO_PASSWORD,
        key_size=key_size or KEY_SIZE,
    )


def demo_identity_for(ctx: AppContext, mode: str, entity_name: str, uscc: str, *, key_size: int | None = None) -> Any:
    """The demo identity that signs a sample case: the demo agency's for a third-party case, and for a
    self-check one of the entity itself (its name and code in the certificate, as a self-check needs),
    ``samples/demo-self-<code>.p12`` with the same password, created the first time."""
    if mode != "self":
        return demo_identity(ctx, key_size=key_size)
    from cityeval_desktop.signing.identity import KEY_SIZE, create_identity, load_identity

    path = ctx.data_dir / SAMPLE_FOLDER / f"demo-self-{uscc}.p12"
    if path.is_file():
        return load_identity(path, DEMO_PASSWORD)
    path.parent.mkdir(parents=True, exist_ok=True)
    return create_identity(
        path, name=DEMO_SIGNER, org=entity_name, uscc=uscc, password=DEMO_PASSWORD, key_size=key_size or KEY_SIZE
    )


def demo_reviewer(ctx: AppContext, *, key_size: int | None = None) -> Any:
    """The demo reviewer's identity (the second member of the samples' teams), created the first time."""
    from cityeval_desktop.signing.identity import KEY_SIZE, create_identity, load_identity

    path = ctx.data_dir / SAMPLE_FOLDER / DEMO_REVIEWER_IDENTITY_NAME
    if path.is_file():
        return load_identity(path, DEMO_PASSWORD)
    path.parent.mkdir(parents=True, exist_ok=True)
    return create_identity(
        path, name=DEMO_REVIEWER, org=DEMO_ORG, password=DEMO_PASSWORD, key_size=key_size or KEY_SIZE
    )


def staff_case(ctx: AppContext, ref: str, lead: Any, reviewer: Any, *, lang: str = "zh") -> Any:
    """Give a draft what a third-party finalize needs of its case data: ``lead`` as the lead assessor and
    ``reviewer`` as the reviewer (their identities' names and organisations), each one's signed
    declaration, and the opinion drafted from the result. Returns the case's detail.
    """
    from cityeval_desktop.services import case_data

    detail = case_service.load_case(ctx, ref)
    for identity, role in ((lead, "lead"), (reviewer, "reviewer")):
        if detail.case_data.member(identity.name) is None:
            case_data.add_member(ctx, ref, name=identity.name, role=role, org=identity.organisation or DEMO_ORG)
        case_data.declare(ctx, ref, identity.name, identity, lang=lang)
    return case_data.set_opinion(ctx, ref, case_data.draft_opinion(ctx, ref, lang), "opinion")


def _inspection(ctx: AppContext, spec: SampleSpec, ref: str, folder: Path) -> None:
    """One on-site inspection record with a photo of the visit (sample material)."""
    import json

    from cityeval_desktop.services import case_data

    record = folder / "inspection"
    record.mkdir(exist_ok=True)
    write_png(record / "现场核查.png", "现场核查（示例）", [spec.entity_name, "核对原件与办公场所（示例数据）"])
    doc = {
        "date": "2025-12-15",
        "place": f"{spec.entity_name}办公场所（示例）",
        "participants": [DEMO_SIGNER, DEMO_REVIEWER],
        "checked": "核对人员证书原件、劳动合同及社保缴纳记录，查看项目档案（示例数据）",
        "findings": "所核材料与申报内容一致（示例数据）",
        "attachments": ["现场核查.png"],
        "sampled_projects": ["示例项目一", "示例项目二"],
        "sampled_staff": ["示例人员甲", "示例人员乙"],
    }
    (record / "record.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    case_data.add_inspection(ctx, ref, record / "record.json")


def existing_samples(ctx: AppContext) -> set[str]:
    """Keys of the samples already in the database (same entity and framework)."""
    present = {(c.uscc, c.framework_id) for c in case_service.list_cases(ctx)}
    return {spec.key for spec in SAMPLES if (spec.uscc, spec.framework) in present}


def load_samples(
    ctx: AppContext,
    *,
    lang: str = "zh",
    progress: ProgressFn | None = None,
    key_size: int | None = None,
    specs: tuple[SampleSpec, ...] = SAMPLES,
    cancelled: Callable[[], bool] | None = None,
) -> LoadResult:
    """Make the sample cases that are not there yet; finalized ones are signed by the demo identity.

    Each step is one ordinary service call, so a failure leaves the samples made so far intact and
    consistent; running it again makes only the missing ones. ``cancelled`` is asked before each sample
    (and before the demo identities are made): when it says so, the load stops there, so that no sample
    is left half-made, and the result says ``cancelled``.
    """
    skip = existing_samples(ctx)
    todo = [spec for spec in specs if spec.key not in skip]
    steps = 1 + sum(1 + spec.finalize + 2 * bool(spec.amend_reason) + spec.finalize_amendment for spec in todo)
    done = 0

    def step(text: str) -> None:
        nonlocal done
        if progress:
            progress(done, steps, text)
        done += 1

    step(DEMO_SIGNER)
    made: list[CaseSummary] = []
    stopped = False
    for spec in todo:
        if cancelled is not None and cancelled():
            stopped = True
            break
        identity = (
            demo_identity_for(ctx, spec.mode, spec.entity_name, spec.uscc, key_size=key_size) if spec.finalize else None
        )
        with tempfile.TemporaryDirectory(prefix="cityeval-sample-") as tmp:
            step(spec.entity_name)
            made.append(_build(ctx, spec, Path(tmp), identity, lang, step, key_size))
    if progress and not stopped:
        progress(steps, steps, "")
    identity_path = ctx.data_dir / SAMPLE_FOLDER / DEMO_IDENTITY_NAME
    return LoadResult(tuple(made), tuple(s.key for s in specs if s.key in skip), identity_path, cancelled=stopped)


def _build(
    ctx: AppContext,
    spec: SampleSpec,
    folder: Path,
    identity: Any,
    lang: str,
    step: Callable[[str], None],
    key_size: int | None = None,
) -> CaseSummary:
    from cityeval_desktop.services.reporting import finalize_and_sign

    framework = fw_registry.resolve(ctx, spec.framework)
    summary = case_service.new_case(
        ctx,
        framework=framework.key,
        tier=spec.tier,
        mode=spec.mode,
        entity_name=spec.entity_name,
        uscc=spec.uscc,
        region=spec.region,
        assessor=spec.assessor,
        reference_date=SAMPLE_REFERENCE_DATE,
    )
    doc = answers_document(spec, framework, folder)
    batch = parse_document(
        doc,
        framework,
        spec.tier,
        source=f"sample {spec.key}",
        base_dir=folder,
        evidence_limit=ctx.evidence.limit,
    )
    summary = case_service.apply_batch(ctx, summary.ref, batch).summary
    third_party = spec.mode == "third-party"
    if third_party:  # fully formed: a team with signed declarations, an opinion, an inspection record
        lead = demo_identity(ctx, key_size=key_size)
        reviewer = demo_reviewer(ctx, key_size=key_size)
        _inspection(ctx, spec, summary.ref, folder)
        staff_case(ctx, summary.ref, lead, reviewer, lang=lang)
    org = demo_org_identity(ctx, key_size=key_size) if third_party and spec.finalize else None
    if spec.finalize:
        step(spec.entity_name)
        summary = finalize_and_sign(ctx, summary.ref, identity, lang=lang, org_identity=org).detail.summary
    if spec.amend_reason:
        step(spec.entity_name)
        summary = case_service.amend(ctx, summary.ref, spec.amend_reason)
        step(spec.entity_name)
        summary = _amend_changes(ctx, spec, framework, summary.ref, folder)
        if third_party:  # the opinion follows the amended figures
            staff_case(ctx, summary.ref, lead, reviewer, lang=lang)
        if spec.finalize_amendment:
            step(spec.entity_name)
            summary = finalize_and_sign(ctx, summary.ref, identity, lang=lang, org_identity=org).detail.summary
    return summary


def _amend_changes(ctx: AppContext, spec: SampleSpec, framework: Framework, ref: str, folder: Path) -> CaseSummary:
    """What the amendment changes: better figures on up to three indicators, a replaced and an added file."""
    detail = case_service.load_case(ctx, ref)
    improvable = [
        r for r in detail.result.indicators if r.fraction is not None and r.fraction < 1 and r.indicator.method.numeric
    ]
    improvable += [
        r
        for r in detail.result.indicators
        if r.fraction is not None and r.fraction < 1 and isinstance(r.indicator.method, Scale)
    ]
    changed = improvable[:3]
    for n, r in enumerate(changed):
        indicator = r.indicator
        better = value_for(indicator, spec.tier, min(1.0, float(r.fraction) + 0.35), _rng(spec, indicator.id, "amend"))
        if better == detail.raw_values.get(indicator.id):
            continue
        document = document_for(indicator) + "（补充）" if n == 0 else None
        note = note_for(spec, indicator, better, document, amended=True)
        detail = case_service.set_answer(ctx, ref, indicator.id, value=better, note=note)
        if n == 0:
            extra = write_evidence(folder, spec, indicator, note, suffix="（补充）")
            detail = _attach(ctx, spec, ref, indicator, extra)
    # one scan was unreadable: replaced by a clear copy
    replaced = next((e for e in detail.evidence if not any(e.indicator_id == r.id for r in changed)), None)
    if replaced is not None:
        indicator = framework.indicator(replaced.indicator_id)
        assert indicator is not None
        clear_copy = write_evidence(folder, spec, indicator, "原扫描件不清晰，已替换为清晰版本", suffix="（清晰版）")
        _attach(ctx, spec, ref, indicator, clear_copy)
        detail = case_service.remove_evidence(ctx, ref, replaced.id)
    return detail.summary


def _attach(ctx: AppContext, spec: SampleSpec, ref: str, indicator: Indicator, path: Path) -> Any:
    """Attach one file with its kind; a third-party assessor also records how it was verified."""
    kind = indicator.evidence_kinds[0] if indicator.evidence_kinds else None
    detail = case_service.add_evidence(ctx, ref, indicator.id, [path], kind=kind)
    if spec.mode == "third-party":
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        detail = case_service.set_verification(ctx, ref, indicator.id, digest, SAMPLE_VERIFICATION)
    return detail


__all__ = [
    "DEMO_PASSWORD",
    "DEMO_REVIEWER",
    "DEMO_SIGNER",
    "SAMPLES",
    "LoadResult",
    "SampleSpec",
    "answers_document",
    "demo_identity",
    "demo_identity_for",
    "demo_reviewer",
    "existing_samples",
    "load_samples",
    "make_uscc",
    "staff_case",
    "value_for",
]
