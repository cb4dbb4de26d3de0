"""Guided self-check: one indicator at a time in plain language, ending on an improvement plan."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.domain.scoring import NOT_APPLICABLE
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.cases import CaseDetail
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.ui import i18n, labels
from cityeval_desktop.ui.errors import describe, show_error
from cityeval_desktop.ui.workspace.indicator_editor import IndicatorEditor


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def improvement_plan_html(detail: CaseDetail) -> str:
    """The improvement plan: current result, then every gap in order with what to do next."""
    r, fw, s = detail.result, detail.framework, detail.summary
    tier = fw.tier(s.tier)
    if r.grade is not None:
        grade = f"{i18n.pick(tier.title) if tier else s.tier}·{r.grade.id} {labels.stars(r.grade.stars)}"
    else:
        grade = QCoreApplication.translate("SelfCheckDialog", "VETOED") if r.vetoed else "–"
    rows = []
    for n, gap in enumerate(r.gaps, start=1):
        rows.append(
            f"<tr><td>{n}</td><td><b>{gap.id}</b> {_esc(i18n.pick(gap.indicator.title))}</td>"
            f"<td align='right'>{gap.lost_shown}</td><td>{_esc(i18n.pick(gap.next_step))}</td></tr>"
        )
    dims = []
    for d in r.dimensions:
        dim = fw.dimension(d.id)
        if dim is not None:
            shown = d.score_shown if d.score_shown is not None else "–"
            dims.append(f"<li>{_esc(labels.labelled(i18n.pick(dim.title), str(shown)))}</li>")
    if s.mode == "self":
        heading = QCoreApplication.translate("SelfCheckDialog", "Self-assessment result")
    else:
        heading = QCoreApplication.translate("SelfCheckDialog", "Current result")
    title = QCoreApplication.translate("SelfCheckDialog", "Improvement plan")
    lost = QCoreApplication.translate("SelfCheckDialog", "Where points are lost, largest first")
    col_ind = QCoreApplication.translate("SelfCheckDialog", "Indicator")
    col_lost = QCoreApplication.translate("SelfCheckDialog", "Points lost")
    col_next = QCoreApplication.translate("SelfCheckDialog", "What to do next")
    return (
        f"<h2>{_esc(title)} — {_esc(s.entity_name)}</h2>"
        f"<p>{labels.labelled(_esc(heading), f'<b>{r.total_shown}</b> {grade}')}</p><ul>{''.join(dims)}</ul>"
        f"<h3>{_esc(lost)}</h3>"
        f"<table border='1' cellspacing='0' cellpadding='4'><tr><th>#</th><th>{_esc(col_ind)}</th>"
        f"<th>{_esc(col_lost)}</th><th>{_esc(col_next)}</th></tr>{''.join(rows)}</table>"
    )


class SelfCheckDialog(QDialog):
    """Walks the applicable indicators of a draft case; answers are saved as they are given."""

    def __init__(self, ctx: AppContext, ref: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.ref = ref
        self.detail: CaseDetail = case_service.load_case(ctx, ref)
        self._ids = [i.id for i in self.detail.result.indicators]
        self._pos = 0
        self.setWindowTitle(self.tr("Guided self-check — %1").replace("%1", self.detail.summary.entity_name))
        self.resize(820, 680)
        self.progress = QProgressBar(self)
        self.step_label = QLabel(self)
        self.score_label = QLabel(self)
        self.score_label.setStyleSheet("font-weight: 600;")
        self.editor = IndicatorEditor(self, guided=True)
        self.editor.set_evidence_path_resolver(lambda sha: ctx.evidence.path_of(sha))
        self.plan = QTextBrowser(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.editor)
        self.stack.addWidget(self.plan)
        self.back_button = QPushButton(self.tr("← Previous"), self)
        self.next_button = QPushButton(self.tr("Next →"), self)
        self.plan_button = QPushButton(self.tr("See improvement plan"), self)
        self.copy_button = QPushButton(self.tr("Copy plan"), self)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.back_button.clicked.connect(lambda: self.go(self._pos - 1))
        self.next_button.clicked.connect(lambda: self.go(self._pos + 1))
        self.plan_button.clicked.connect(self.show_plan)
        self.copy_button.clicked.connect(self.copy_plan)
        self.print_button.clicked.connect(self.print_plan)
        self.close_button.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(self.step_label)
        top.addWidget(self.progress, 1)
        top.addWidget(self.score_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.plan_button)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.editor.value_committed.connect(lambda i, v: self._save(case_service.set_answer, i, value=v))
        self.editor.na_committed.connect(self._on_na)
        self.editor.note_committed.connect(
            lambda i, n: self._save(case_service.set_answer, i, note=n, **self._na_of(i))
        )
        first = next((n for n, i in enumerate(self.detail.result.indicators) if i.status == "unanswered"), 0)
        self.go(first)

    def _na_of(self, indicator_id: str) -> dict[str, object]:
        a = self.detail.answers.get(indicator_id)
        return {"not_applicable": True, "reason": a.reason} if a is not None and a.not_applicable else {}

    @Slot(str, bool, str)
    def _on_na(self, indicator_id: str, na: bool, reason: str) -> None:
        if na:
            self._save(case_service.set_answer, indicator_id, value=None, not_applicable=True, reason=reason)
        else:
            self._save(case_service.set_answer, indicator_id, value=None)

    def _save(self, fn: object, *args: object, **kwargs: object) -> None:
        try:
            self.detail = fn(self._ctx, self.ref, *args, **kwargs)  # type: ignore[operator]
        except InputError as exc:
            self.editor.show_input_error("\n".join(describe(exc)))
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.editor.refresh(self.detail)
        self._update_status()

    def _update_status(self) -> None:
        r = self.detail.result
        done = r.answered + r.not_applicable
        self.progress.setRange(0, max(1, r.tier_indicators))
        self.progress.setValue(done)
        self.progress.setFormat(
            self.tr("%1 of %2 answered").replace("%1", str(done)).replace("%2", str(r.tier_indicators))
        )
        grade = r.grade.id if r.grade else "–"
        self.score_label.setText(self.tr("Score %1 · %2").replace("%1", str(r.total_shown)).replace("%2", grade))

    def go(self, pos: int) -> None:
        self.editor.flush_note()
        if self.stack.currentWidget() is self.plan and pos > self._pos:
            return
        if self.stack.currentWidget() is self.plan:
            pos = self._pos
        if pos >= len(self._ids):
            self.show_plan()
            return
        self._pos = max(0, pos)
        self.stack.setCurrentWidget(self.editor)
        self.editor.show_indicator(self.detail, self._ids[self._pos], read_only=False)
        self.step_label.setText(
            self.tr("Question %1 of %2").replace("%1", str(self._pos + 1)).replace("%2", str(len(self._ids)))
        )
        self.back_button.setEnabled(self._pos > 0)
        self.next_button.setVisible(True)
        self.plan_button.setVisible(True)
        self.copy_button.setVisible(False)
        self.print_button.setVisible(False)
        self._update_status()

    def current_indicator(self) -> str:
        return self._ids[self._pos]

    @Slot()
    def show_plan(self) -> None:
        self.editor.flush_note()
        self.plan.setHtml(improvement_plan_html(self.detail))
        self.stack.setCurrentWidget(self.plan)
        self.next_button.setVisible(False)
        self.plan_button.setVisible(False)
        self.back_button.setEnabled(True)
        self.copy_button.setVisible(True)
        self.print_button.setVisible(True)
        self.step_label.setText(self.tr("Improvement plan"))
        unanswered = [i.id for i in self.detail.result.indicators if i.status not in ("answered", NOT_APPLICABLE)]
        if unanswered:
            self.step_label.setText(
                self.tr("Improvement plan (%1 not answered yet)").replace("%1", str(len(unanswered)))
            )

    def plan_text(self) -> str:
        doc = QTextDocument()
        doc.setHtml(improvement_plan_html(self.detail))
        return doc.toPlainText()

    @Slot()
    def copy_plan(self) -> None:
        QGuiApplication.clipboard().setText(self.plan_text())

    @Slot()
    def print_plan(self) -> None:
        try:
            from PySide6.QtPrintSupport import QPrintDialog, QPrinter
        except ImportError:
            self.copy_plan()
            return
        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.plan.document().print_(printer)

    def done(self, result: int) -> None:
        self.editor.flush_note()
        super().done(result)
