"""The self-check's improvement plan: the result, what is still unanswered, then the points really lost."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from cityeval_desktop.services.cases import CaseDetail
from cityeval_desktop.ui import i18n, labels

#: links in the plan: ``ind:ID`` jumps back to an indicator's question, ``veto:ID`` to a veto question
INDICATOR_LINK = "ind:"
VETO_LINK = "veto:"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def result_line(detail: CaseDetail) -> str:
    """The result in one sentence: a running (provisional) figure, a veto, or the grade (HTML)."""
    r, fw, s = detail.result, detail.framework, detail.summary
    total = f"<b>{r.total_shown}</b>"
    if r.provisional:
        done = r.answered + r.not_applicable
        text = (
            QCoreApplication.translate("SelfCheckPlan", "Running score (provisional): %1 — %2 of %3 questions answered")
            .replace("%1", total)
            .replace("%2", str(done))
            .replace("%3", str(r.tier_indicators))
        )
        if r.undecided_vetoes:
            text += i18n.plural(
                len(r.undecided_vetoes),
                QCoreApplication.translate("SelfCheckPlan", ", %1 veto question open"),
                QCoreApplication.translate("SelfCheckPlan", ", %1 veto questions open"),
            )
        text += QCoreApplication.translate("SelfCheckPlan", ". The grade is given once every question is answered.")
        if r.vetoed:
            text += " " + QCoreApplication.translate(
                "SelfCheckPlan", "A veto item applies (%1): there will be no grade."
            ).replace("%1", ", ".join(r.vetoed))
        return text
    if r.vetoed:
        text = QCoreApplication.translate("SelfCheckPlan", "Score %1 — a veto item applies (%2): no grade.")
        return text.replace("%1", total).replace("%2", ", ".join(r.vetoed))
    tier = fw.tier(s.tier)
    grade = ""
    if r.grade is not None:
        grade = (
            f"{_esc(i18n.pick(tier.title) if tier else s.tier)}·{r.grade.id} "
            f"{labels.stars(r.grade.stars)} {_esc(i18n.pick(r.grade.title))}"
        )
    heading = (
        QCoreApplication.translate("SelfCheckPlan", "Self-assessment result")
        if s.mode == "self"
        else QCoreApplication.translate("SelfCheckPlan", "Current result")
    )
    return labels.labelled(_esc(heading), f"{total} {grade}")


def _texts() -> dict[str, str]:
    # translated one by one, outside f-strings, so lupdate sees every source text
    return {
        "title": QCoreApplication.translate("SelfCheckPlan", "Improvement plan"),
        "not_counted": QCoreApplication.translate("SelfCheckPlan", "not counted"),
        "veto": QCoreApplication.translate("SelfCheckPlan", "veto question"),
        "open": QCoreApplication.translate("SelfCheckPlan", "Not answered yet"),
        "open_hint": QCoreApplication.translate(
            "SelfCheckPlan", "Click a question to answer it. Unanswered questions earn no points yet."
        ),
        "lost": QCoreApplication.translate("SelfCheckPlan", "Where points are lost, largest first"),
        "question": QCoreApplication.translate("SelfCheckPlan", "Question"),
        "points_lost": QCoreApplication.translate("SelfCheckPlan", "Points lost"),
        "next": QCoreApplication.translate("SelfCheckPlan", "What to do next"),
        "none_lost": QCoreApplication.translate("SelfCheckPlan", "No points lost on the questions answered so far."),
    }


def improvement_plan_html(detail: CaseDetail) -> str:
    """The plan: result, dimension scores, questions not answered yet (linked), then the real gaps."""
    r, fw, s = detail.result, detail.framework, detail.summary
    t = {key: _esc(value) for key, value in _texts().items()}
    dims = []
    for d in r.dimensions:
        dim = fw.dimension(d.id)
        if dim is not None:
            shown = str(d.score_shown) if d.score_shown is not None else t["not_counted"]
            dims.append(f"<li>{labels.labelled(_esc(i18n.pick(dim.title)), shown)}</li>")
    parts = [
        f"<h2>{t['title']} — {_esc(s.entity_name)}</h2>",
        f"<p>{result_line(detail)}</p><ul>{''.join(dims)}</ul>",
    ]
    open_items = [
        f"<li><a href='{INDICATOR_LINK}{i.id}'><b>{i.id}</b> {_esc(i18n.pick(i.indicator.title))}</a></li>"
        for i in r.unanswered
    ]
    for veto_id in r.undecided_vetoes:
        veto = fw.veto(veto_id)
        title = _esc(i18n.pick(veto.title) if veto else veto_id)
        open_items.append(f"<li><a href='{VETO_LINK}{veto_id}'><b>{veto_id}</b> {title}</a> ({t['veto']})</li>")
    if open_items:
        parts.append(f"<h3>{t['open']}</h3><p>{t['open_hint']}</p><ul>{''.join(open_items)}</ul>")
    parts.append(f"<h3>{t['lost']}</h3>")
    gaps = r.answered_gaps
    if gaps:
        rows = [
            f"<tr><td>{n}</td><td><b>{g.id}</b> {_esc(i18n.pick(g.indicator.title))}</td>"
            f"<td align='right'>−{g.lost_shown}</td><td>{_esc(i18n.pick(g.next_step))}</td></tr>"
            for n, g in enumerate(gaps, start=1)
        ]
        parts.append(
            "<table border='1' cellspacing='0' cellpadding='4'>"
            f"<tr><th>#</th><th>{t['question']}</th><th>{t['points_lost']}</th><th>{t['next']}</th></tr>"
            f"{''.join(rows)}</table>"
        )
    else:
        parts.append(f"<p>{t['none_lost']}</p>")
    return "".join(parts)
