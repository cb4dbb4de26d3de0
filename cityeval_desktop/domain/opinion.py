"""The drafted 综合评价意见 (written opinion) of a case: conclusion, strengths, weaknesses, N/A, vetoes and
recommendations, built from the result in the report's language; the lead assessor edits it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cityeval_desktop.domain import result_text
from cityeval_desktop.domain.scoring import NOT_APPLICABLE
from cityeval_desktop.domain.text import Text

if TYPE_CHECKING:
    from cityeval_desktop.domain.records import CaseDetail

#: a dimension at or above this shown score is a strength; below ``WEAK`` a weakness
STRONG = 80
WEAK = 60
MAX_GAPS = 3


def _points(value: object, lang: str) -> str:
    return f"{value} 分" if lang == "zh" else f"{value} {'point' if str(value) in ('1', '1.00') else 'points'}"


def draft_opinion(detail: CaseDetail, lang: str) -> str:
    """The opinion drafted from ``detail``'s result, in ``lang`` ("zh" or "en"): plain paragraphs.

    Every sentence comes from the figures: the result and its label, the dimensions at or above
    80 (strengths) and below 60 (weaknesses), the caps, the largest gaps with their next step, the
    indicators marked N/A with their grounds, and the vetoes raised.
    """
    zh = lang != "en"
    s, r, fw = detail.summary, detail.result, detail.framework
    tier = fw.tier(s.tier)
    tier_title = tier.title.get(lang) if tier else s.tier
    paragraphs: list[str] = []
    if zh:
        head = (
            f"评审组依据《{fw.title.zh}》（{fw.key}），对{s.entity_name}（统一社会信用代码 {s.uscc}）"
            f"按{tier_title}进行了评估。"
        )
        if r.provisional:
            head += f"评估尚未完成，当前得分 {r.total_shown} 分，暂不评定等级。"
        else:
            head += f"总分 {r.total_shown} 分，评定结果：{r.label('zh')}。"
    else:
        head = (
            f"The assessment team assessed {s.entity_name} (unified social credit code {s.uscc}) at the "
            f'{tier_title} tier against "{fw.title.en}" ({fw.key}). '
        )
        if r.provisional:
            head += f"The assessment is not complete: the running total is {r.total_shown}, and no grade is given yet."
        else:
            head += f"The total is {r.total_shown}; the result: {r.label('en')}."
    paragraphs.append(head)

    scored = [(d, fw.dimension(d.id)) for d in r.dimensions if d.score_shown is not None]
    strong = sorted(((d, dim) for d, dim in scored if d.score_shown >= STRONG), key=lambda x: -x[0].score_shown)
    weak = sorted(((d, dim) for d, dim in scored if d.score_shown < WEAK), key=lambda x: x[0].score_shown)

    def named(items: list) -> str:
        parts = [f"{dim.title.get(lang) if dim else d.id}（{d.score_shown}）" for d, dim in items]
        if not zh:
            parts = [f"{dim.title.get(lang) if dim else d.id} ({d.score_shown})" for d, dim in items]
        return "、".join(parts) if zh else ", ".join(parts)

    if strong:
        paragraphs.append(
            f"主要优势：{named(strong)}得分在 {STRONG} 分以上。"
            if zh
            else f"Strengths: {named(strong)} {'scores' if len(strong) == 1 else 'score'} {STRONG} or more."
        )
    elif scored:
        best = max(scored, key=lambda x: x[0].score_shown)
        paragraphs.append(
            f"各维度得分均低于 {STRONG} 分，相对较好的是{named([best])}。"
            if zh
            else f"No dimension scores {STRONG} or more; the best is {named([best])}."
        )
    if weak:
        paragraphs.append(
            f"主要不足：{named(weak)}得分低于 {WEAK} 分。"
            if zh
            else f"Weaknesses: {named(weak)} {'scores' if len(weak) == 1 else 'score'} below {WEAK}."
        )
    for line in result_text.cap_lines(fw, r):
        paragraphs.append(line.get(lang) + ("。" if zh else "."))
    for line in result_text.veto_lines(fw, r):
        paragraphs.append(line.get(lang) + ("。" if zh else "."))
    for line in result_text.condition_lines(fw, r):
        paragraphs.append(line.get(lang) + ("。" if zh else "."))

    na = [i for i in r.indicators if i.status == NOT_APPLICABLE]
    if na:
        items = []
        for i in na:
            answer = detail.answers.get(i.id)
            ground = i.indicator.not_applicable.ground(answer.ground) if answer and answer.ground else None
            why = ground.title.get(lang) if ground is not None else ((answer.reason or "").strip() if answer else "")
            title = i.indicator.title.get(lang)
            items.append(f"{i.id} {title}（{why}）" if zh else f"{i.id} {title} ({why})")
        share = result_text.na_share_line(fw, r)
        tail = (share.get(lang) + ("。" if zh else ".")) if share else ""
        paragraphs.append(
            f"不适用的指标：{'；'.join(items)}。{tail}"
            if zh
            else f"Not applicable: {'; '.join(items)}. {tail}".rstrip()
        )

    gaps = list(r.gaps[:MAX_GAPS])
    if gaps:
        lines = []
        for g in gaps:
            found = result_text.gap_step(g)
            step = Text(found.zh.rstrip("。；;. "), found.en.rstrip("。；;. ")) if found else None
            title = g.indicator.title.get(lang)
            lost = _points(g.lost_shown, lang)
            if zh:
                lines.append(f"{g.id} {title}（失 {lost}）" + (f"：{step.zh}" if step else ""))
            else:
                lines.append(f"{g.id} {title} ({lost} lost)" + (f": {step.en}" if step else ""))
        paragraphs.append(
            "改进建议：" + "；".join(lines) + "。" if zh else "Recommendations: " + "; ".join(lines) + "."
        )
    elif not r.provisional and not r.vetoed:
        paragraphs.append(
            "各适用指标均未列为短板，建议保持现有水平。"
            if zh
            else "No applicable indicator is a gap; keeping the present level is recommended."
        )
    return "\n\n".join(paragraphs)
