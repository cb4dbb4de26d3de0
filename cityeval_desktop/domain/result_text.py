"""The words of a result every output shares: vetoes, tier conditions, caps, N/A share, gaps and next steps.

``case show``, the PDF report, the Excel result sheet and the workspace's score panel all say the
same things in the same order (any veto, then any cap, then the gaps); each line is a bilingual
:class:`Text`. Grade ids stay internal: a grade is named by its title (and stars).
"""

from __future__ import annotations

import re
from fractions import Fraction

from cityeval_desktop.domain.framework import Cap, Framework, Grade
from cityeval_desktop.domain.methods import Deduction
from cityeval_desktop.domain.numbers import plain, round_half_up
from cityeval_desktop.domain.scoring import Gap, Result
from cityeval_desktop.domain.text import Text


def counts_text(method: Deduction, value: dict[str, int], lang: str) -> str:
    """A graded deduction's answer as a reader reads it: 一般 2 次、较重 1 次 / Minor 2, Major 1."""
    unit = method.unit.get(lang) if method.unit else ("次" if lang == "zh" else "")
    parts = [
        f"{v.title.get(lang)} {value.get(v.id, 0)}{unit if lang == 'zh' else ''}"
        for v in method.severities
        if value.get(v.id, 0)
    ]
    if not parts:
        return f"0{unit}" if lang == "zh" else "none"
    return "、".join(parts) if lang == "zh" else ", ".join(parts)


def cap_rule(framework: Framework, cap: Cap) -> Text:
    """A cap of the framework as a rule: which dimension (or any), below what, at most which grade."""
    grade = framework.grade(cap.max_grade)
    most = grade_words(grade) if grade else Text(cap.max_grade, cap.max_grade)
    below = plain(cap.dimension_below)
    if cap.dimension is None:
        return Text(
            f"任一计入维度的得分（展示值）低于 {below} 分时，等级最高为 {most.zh}。",
            f"If any included dimension's shown score is below {below}, the grade is at most {most.en}.",
        )
    dim = framework.dimension(cap.dimension)
    title = dim.title if dim else Text(cap.dimension, cap.dimension)
    return Text(
        f"维度 {cap.dimension} {title.zh} 的得分（展示值）低于 {below} 分时，等级最高为 {most.zh}。",
        f"If dimension {cap.dimension} {title.en} has a shown score below {below}, the grade is at most {most.en}.",
    )


def grade_words(grade: Grade) -> Text:
    """A grade as the public reads it: stars and its title (未通过 for a grade that does not pass)."""
    stars = "★" * grade.stars
    return Text(f"{stars} {grade.title.zh}".strip(), f"{stars} {grade.title.en}".strip())


#: a letter grade id (``AAA``, ``B+``): a reader knows the letters, so they are shown with the title
_LETTER_GRADE = re.compile(r"[A-E]{1,3}[+-]?")


def is_letter_grade(grade_id: str) -> bool:
    return _LETTER_GRADE.fullmatch(grade_id) is not None


def grade_id_words(grade_id: str, title: Text) -> Text:
    """A grade named by its id and title where the stars are not at hand (the regional view, its workbook,
    the public notice): a letter grade with its title (``AA 良好``), any other id (``excellent``, ``fail``:
    internal) by its title alone (``优秀``)."""
    if is_letter_grade(grade_id):
        return Text(f"{grade_id} {title.zh}", f"{grade_id} {title.en}")
    return title


def veto_lines(framework: Framework, result: Result) -> list[Text]:
    """One line per veto raised, saying when a graded deduction raised it whatever was decided."""
    lines = []
    raised = {v.veto: v for v in result.raised_vetoes}
    for veto_id in result.vetoed:
        veto = framework.veto(veto_id)
        title = veto.title if veto else Text(veto_id, veto_id)
        by = raised.get(veto_id)
        if by is not None:
            ind = framework.indicator(by.indicator)
            name = ind.title if ind else Text(by.indicator, by.indicator)
            lines.append(
                Text(
                    f"一票否决：{veto_id} {title.zh}（由指标 {by.indicator} {name.zh} 的“{by.severity.title.zh}”"
                    "记录触发，不论该否决项如何判定）",
                    f"vetoed: {veto_id} {title.en} (raised by a '{by.severity.title.en}' record of indicator "
                    f"{by.indicator} {name.en}, whatever the veto's decision)",
                )
            )
        else:
            lines.append(Text(f"一票否决：{veto_id} {title.zh}", f"vetoed: {veto_id} {title.en}"))
    return lines


def condition_lines(framework: Framework, result: Result) -> list[Text]:
    """Why the tier is not met: each failing condition and a grade below the tier's pass grade,
    then the same for the fallback tier it was rated at (降级评定)."""
    if result.provisional or result.vetoed or result.tier_met:
        return []
    tier = result.tier_title
    lines = [
        Text(
            f"未满足（{tier.zh}）：{c.title.zh}（{c.reason.zh}）",
            f"not met ({tier.en}): {c.title.en} ({c.reason.en})",
        )
        for c in result.failed_conditions
    ]
    if result.grade is not None and result.pass_grade is not None and result.below_pass_grade:
        need, now = grade_words(result.pass_grade), grade_words(result.grade)
        lines.append(
            Text(
                f"未满足：{tier.zh}须达到 {need.zh} 或以上（现为 {now.zh}）",
                f"not met: {tier.en} needs {need.en} or better (now {now.en})",
            )
        )
    if result.fallback is not None:
        lines += condition_lines(framework, result.fallback)
    return lines


def cap_lines(framework: Framework, result: Result) -> list[Text]:
    """Each cap that applied: the dimension, its score, the bound and the grade it allows.

    None for a provisional result: it shows no grade word before the case is complete (DESIGN §4).
    """
    if result.provisional:
        return []
    lines = []
    for cap in result.caps_applied:
        dim = framework.dimension(cap.dimension)
        title = dim.title if dim else Text(cap.dimension, cap.dimension)
        most = grade_words(cap.max_grade)
        lowered = result.capped and result.grade is cap.max_grade
        tail = Text("，等级因此降低", "; the grade was lowered") if lowered else Text("", "")
        lines.append(
            Text(
                f"封顶：{cap.dimension} {title.zh} 得分 {cap.score}，低于 {plain(cap.bound)}，"
                f"等级最高为 {most.zh}{tail.zh}",
                f"cap: {cap.dimension} {title.en} scores {cap.score}, below {plain(cap.bound)}, "
                f"so the grade is at most {most.en}{tail.en}",
            )
        )
    return lines


def na_share_line(framework: Framework, result: Result) -> Text | None:
    """The share of the tier's points that N/A removed (None when nothing is N/A)."""
    if not result.not_applicable:
        return None
    shown = round_half_up(result.na_share * 100)
    limit = framework.not_applicable_max_share
    if limit >= 1:
        return Text(f"不适用去掉的分值占本层级的 {shown}%", f"N/A removed {shown}% of the tier's points")
    over = result.na_share > limit
    note = (
        Text("，超过上限，第三方评估不能定稿", "; above the limit, a third-party case cannot be finalized")
        if over
        else Text("", "")
    )
    most = round_half_up(limit * 100)
    return Text(
        f"不适用去掉的分值占本层级的 {shown}%（上限 {most}%）{note.zh}",
        f"N/A removed {shown}% of the tier's points (limit {most}%){note.en}",
    )


def gap_step(gap: Gap) -> Text | None:
    """What to do next on a gap: the quantified step, else the framework's improvement text."""
    if gap.next is not None:
        return gap.next.text
    return gap.next_step


def lead_lines(framework: Framework, result: Result) -> list[Text]:
    """What leads the gap list: vetoes, then the tier's failing conditions, then caps, then the N/A share."""
    lines = [*veto_lines(framework, result), *condition_lines(framework, result), *cap_lines(framework, result)]
    na = na_share_line(framework, result)
    return [*lines, na] if na is not None else lines


def lost_total(gaps: tuple[Gap, ...]) -> Fraction:
    return sum((g.lost for g in gaps), Fraction(0))
