"""Operator wording for the shared indicator editor in the guided self-check (no formulas, no citations)."""

from __future__ import annotations

from math import ceil

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

from cityeval_desktop.domain.framework import Indicator
from cityeval_desktop.domain.methods import Bands, Choice, Deduction, PerItem, Ratio, Scale, Threshold
from cityeval_desktop.domain.numbers import plain
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.workspace.indicator_editor import IndicatorEditor


def question_text(indicator: Indicator) -> str:
    """The plain-language question of an indicator: its ``self_check`` text, else its guidance."""
    return i18n.pick(indicator.self_check or indicator.guidance)


def target_hint(indicator: Indicator, tier: str) -> str:
    """What a number should reach for the most points, in words (empty for non-numeric methods)."""
    m = indicator.method
    unit = i18n.pick(getattr(m, "unit", None)) if getattr(m, "unit", None) else ""
    goal = None
    if isinstance(m, Threshold):
        threshold = m.thresholds.get(tier)
        if threshold is not None and m.bands:
            goal = m.bands[0][0] * threshold
    elif isinstance(m, Bands) and m.bands:
        goal = m.bands[0][0]
    elif isinstance(m, Ratio):
        goal = m.target
    elif isinstance(m, PerItem):
        count = ceil(indicator.points / m.per)
        return QCoreApplication.translate(
            "SelfCheckWording", "Count each one: %1 or more earn the full points."
        ).replace("%1", str(count))
    elif isinstance(m, Deduction) and m.graded:
        return QCoreApplication.translate("SelfCheckWording", "Enter how many there were of each kind, 0 if none.")
    elif isinstance(m, Deduction):
        return QCoreApplication.translate("SelfCheckWording", "Enter how many there were, 0 if none.")
    if goal is None:
        return ""
    text = QCoreApplication.translate("SelfCheckWording", "Aim for %1 %2 or more: that earns the most points.")
    return text.replace("%1", plain(goal)).replace("%2", unit).replace("  ", " ")


def apply(editor: IndicatorEditor, indicator: Indicator, tier: str) -> None:
    """Reword the editor showing ``indicator`` for an operator: plain question, no scoring details."""
    editor.answer_box.setTitle(QCoreApplication.translate("SelfCheckWording", "Your answer"))
    editor.guidance.setText(question_text(indicator))
    meta = QCoreApplication.translate("SelfCheckWording", "Worth %1 of 100 points").replace(
        "%1", plain(indicator.points)
    )
    if indicator.evidence_required:
        meta += QCoreApplication.translate("SelfCheckWording", " · please attach proof")
    editor.meta.setText(meta)
    editor.number_hint.setText(target_hint(indicator, tier))
    editor.na_check.setText(QCoreApplication.translate("SelfCheckWording", "This does not apply to us (say why below)"))
    editor.na_reason.setPlaceholderText(
        QCoreApplication.translate("SelfCheckWording", "Why does this not apply to your organisation?")
    )
    editor.note_edit.setPlaceholderText(
        QCoreApplication.translate(
            "SelfCheckWording", "Anything you want to remember or tell the assessor (saved automatically)"
        )
    )
    note_label = _label_before(editor, editor.note_edit)
    if note_label is not None:
        note_label.setText(QCoreApplication.translate("SelfCheckWording", "Your notes (optional)"))
    editor.evidence_box.setTitle(QCoreApplication.translate("SelfCheckWording", "Supporting files"))
    _plain_options(editor, indicator)


def _label_before(editor: IndicatorEditor, widget: object) -> QLabel | None:
    """The caption the editor puts just above ``widget`` in its layout (the note box has one)."""
    body = editor.widget()
    layout = body.layout() if body is not None else None
    if layout is None:
        return None
    index = layout.indexOf(widget)  # type: ignore[arg-type]
    item = layout.itemAt(index - 1) if index > 0 else None
    label = item.widget() if item is not None else None
    return label if isinstance(label, QLabel) else None


def _plain_options(editor: IndicatorEditor, indicator: Indicator) -> None:
    """Option captions without level numbers or score percentages."""
    m = indicator.method
    if isinstance(m, Scale):
        texts = [i18n.pick(level) for level in m.levels]
    elif isinstance(m, Choice):
        texts = [i18n.pick(o.title) for o in m.options]
    else:
        return
    for button in editor.choice_group.buttons():
        n = editor.choice_group.id(button)
        if not 0 <= n < len(texts):
            continue
        button.setAccessibleName(texts[n])
        row = button.parentWidget()
        for label in row.findChildren(QLabel) if row is not None else []:
            label.setText(texts[n])
