"""Guided self-check: one plain-language question at a time (indicators, then vetoes), ending on a plan.

Enter means "save and go to the next question" everywhere in the walk: the pending edit is committed
to the question it was typed for, then the dialog moves on (Next is the only default button; no
other button of the dialog, least of all a destructive one, ever fires on Enter).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtGui import QGuiApplication, QShowEvent, QTextDocument
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.domain.framework import Veto
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.cases import CaseDetail
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.errors import describe, show_error
from cityeval_desktop.ui.workspace import evidence_actions, self_check_wording
from cityeval_desktop.ui.workspace.indicator_editor import IndicatorEditor
from cityeval_desktop.ui.workspace.self_check_plan import INDICATOR_LINK, VETO_LINK, improvement_plan_html

__all__ = ["SelfCheckDialog", "VetoPage", "improvement_plan_html"]


class VetoPage(QWidget):
    """One veto question: yes / no / not decided yet; a click is saved at once."""

    decided = Signal(str, object)  # veto id, True / False / None

    CHOICES = (True, False, None)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.veto: Veto | None = None
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.intro = QLabel(self.tr("A yes/no question that can stop the grade: please answer it honestly."), self)
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet("color: #4b5563;")
        self.question = QLabel(self)
        self.question.setWordWrap(True)
        self.group = QButtonGroup(self)
        self.buttons = [
            QRadioButton(self.tr("Yes — this applies to us (there will be no grade)"), self),
            QRadioButton(self.tr("No — this does not apply to us"), self),
            QRadioButton(self.tr("Not sure yet — decide later"), self),
        ]
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.question)
        for n, button in enumerate(self.buttons):
            self.group.addButton(button, n)
            layout.addWidget(button)
        layout.addStretch(1)
        self.group.idClicked.connect(self._on_clicked)

    def show_veto(self, veto: Veto, decision: bool | None, read_only: bool) -> None:
        self.veto = veto
        self.title.setText(f"{veto.id}  {i18n.pick(veto.title)}")
        self.question.setText(i18n.pick(veto.self_check or veto.guidance))
        self.show_decision(decision)
        for button in self.buttons:
            button.setEnabled(not read_only)

    def show_decision(self, decision: bool | None) -> None:
        self.group.setExclusive(False)
        for button, value in zip(self.buttons, self.CHOICES, strict=True):
            button.setChecked(value is decision)
        self.group.setExclusive(True)

    def focus_choice(self) -> None:
        checked = self.group.checkedButton()
        (checked or self.buttons[0]).setFocus()

    @Slot(int)
    def _on_clicked(self, button_id: int) -> None:
        if self.veto is not None:
            self.decided.emit(self.veto.id, self.CHOICES[button_id])


class SelfCheckDialog(QDialog):
    """Walks a case's questions in plain language; answers are saved as they are given.

    A self-assessment draft is answered here; any other case (third-party, finalized) opens as a
    read-only preview of the same questions.
    """

    def __init__(self, ctx: AppContext, ref: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.ref = ref
        self.detail: CaseDetail = case_service.load_case(ctx, ref)
        self.read_only = ctx.read_only or not (self.detail.summary.mode == "self" and self.detail.summary.is_draft)
        self._ids = [i.id for i in self.detail.result.indicators]
        self._veto_ids = [v.id for v in self.detail.framework.vetoes]
        self._pos = 0
        title = self.tr("Self-check preview — %1") if self.read_only else self.tr("Guided self-check — %1")
        self.setWindowTitle(title.replace("%1", self.detail.summary.entity_name))
        self.resize(860, 700)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fef3c7; padding: 6px;")
        self.banner.setText(
            self.tr(
                "Preview: this is not a self-assessment draft, so nothing can be answered here. "
                "Answers of a third-party case are entered in the workspace."
            )
        )
        self.banner.setVisible(self.read_only)
        self.progress = QProgressBar(self)
        self.step_label = QLabel(self)
        self.score_label = QLabel(self)
        self.score_label.setStyleSheet("font-weight: 600;")
        self.editor = IndicatorEditor(self, guided=True)
        self.editor.set_evidence_path_resolver(lambda sha: ctx.evidence.path_of(sha))
        self.veto_page = VetoPage(self)
        self.plan = QTextBrowser(self)
        self.plan.setOpenLinks(False)
        self.plan.anchorClicked.connect(self._on_plan_link)
        self.stack = QStackedWidget(self)
        for page in (self.editor, self.veto_page, self.plan):
            self.stack.addWidget(page)
        self.back_button = QPushButton(self.tr("← Previous"), self)
        self.next_button = QPushButton(self.tr("Next →"), self)
        self.plan_button = QPushButton(self.tr("See improvement plan"), self)
        self.copy_button = QPushButton(self.tr("Copy plan"), self)
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.back_button.clicked.connect(self._on_back)
        self.next_button.clicked.connect(self._on_next)
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
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        self.editor.value_committed.connect(self._on_value_committed)
        self.editor.na_committed.connect(self._on_na)
        self.editor.note_committed.connect(self._on_note_committed)
        self.editor.files_added.connect(self._on_files_added)
        self.editor.evidence_remove_requested.connect(self._on_evidence_remove)
        self.editor.evidence_open_requested.connect(self._on_evidence_open)
        self.veto_page.decided.connect(self._on_veto_decided)
        self._no_default_buttons()
        self.go(self._first_open_question())

    # ------------------------------------------------------------------ Enter never destroys
    def _no_default_buttons(self) -> None:
        """Next is the only default button: Enter saves and moves on, it never clears or removes."""
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.next_button.setDefault(self.stack.currentWidget() is not self.plan)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._no_default_buttons()
        self._focus_question()

    # ------------------------------------------------------------------ positions
    @property
    def _plan_pos(self) -> int:
        return len(self._ids) + len(self._veto_ids)

    def _first_open_question(self) -> int:
        r = self.detail.result
        first = next((n for n, i in enumerate(r.indicators) if i.status == "unanswered"), None)
        if first is None and r.undecided_vetoes:
            first = len(self._ids) + self._veto_ids.index(r.undecided_vetoes[0])
        return first or 0

    def current_indicator(self) -> str:
        return self._ids[self._pos] if self._pos < len(self._ids) else ""

    def current_veto(self) -> str:
        n = self._pos - len(self._ids)
        return self._veto_ids[n] if 0 <= n < len(self._veto_ids) else ""

    def _leave_question(self) -> bool:
        """Commit what is pending on the shown question; False (reason shown there) when refused."""
        if self.read_only or self.stack.currentWidget() is not self.editor:
            return True
        return self.editor.commit_pending()

    @Slot()
    def _on_next(self) -> None:
        self.go(self._pos + 1)

    @Slot()
    def _on_back(self) -> None:
        self.go(self._pos - 1)

    def go(self, pos: int) -> bool:
        """Show question ``pos`` (indicators first, then vetoes; past the end, the plan)."""
        if not self._leave_question():
            return False
        pos = max(0, min(pos, self._plan_pos))
        if pos == self._plan_pos:
            self.show_plan()
            return True
        self._pos = pos
        self.next_button.setVisible(True)
        self.plan_button.setVisible(True)
        self.copy_button.setVisible(False)
        self.print_button.setVisible(False)
        self.back_button.setEnabled(pos > 0)
        if pos < len(self._ids):
            self._show_indicator()
        else:
            veto = self.detail.framework.veto(self.current_veto())
            assert veto is not None
            self.stack.setCurrentWidget(self.veto_page)
            self.veto_page.show_veto(veto, self.detail.vetoes.get(veto.id), self.read_only)
        self._focus_question()
        self.step_label.setText(
            self.tr("Question %1 of %2").replace("%1", str(pos + 1)).replace("%2", str(self._plan_pos))
        )
        self._no_default_buttons()
        self._update_status()
        return True

    def _show_indicator(self) -> None:
        indicator_id = self._ids[self._pos]
        self.stack.setCurrentWidget(self.editor)
        self.editor.show_indicator(self.detail, indicator_id, read_only=self.read_only)
        ind = self.detail.framework.indicator(indicator_id)
        assert ind is not None
        self_check_wording.apply(self.editor, ind, self.detail.summary.tier)
        self.editor.verticalScrollBar().setValue(0)

    def _focus_question(self) -> None:
        """Put the keyboard on the shown question's answer, so typing and Enter go on from there."""
        if self.stack.currentWidget() is self.veto_page:
            self.veto_page.focus_choice()
            return
        if self.stack.currentWidget() is not self.editor or self.read_only or not self.editor.answer_box.isEnabled():
            self.next_button.setFocus()
            return
        ind = self.detail.framework.indicator(self.current_indicator())
        if self.editor.severity_spins:  # a graded deduction: the first severity's count
            self.editor.focus_answer()
        elif ind is not None and ind.method.numeric:
            self.editor.number_edit.setFocus()
            self.editor.number_edit.selectAll()
        elif self.editor.choice_group.buttons():
            checked = self.editor.choice_group.checkedButton()
            (checked or self.editor.choice_group.buttons()[0]).setFocus()

    # ------------------------------------------------------------------ saving
    def _save(self, fn: Any, *args: Any, **kwargs: Any) -> bool:
        if self.read_only:
            return False
        try:
            self.detail = fn(self._ctx, self.ref, *args, **kwargs)
        except InputError as exc:
            self.editor.show_input_error("\n".join(describe(exc)))
            return False
        except Exception as exc:
            self.editor.commit_failed()
            show_error(self, exc)
            return False
        self._show_saved()
        return True

    def _show_saved(self) -> None:
        if self.stack.currentWidget() is self.editor:
            self.editor.refresh(self.detail)
        elif self.stack.currentWidget() is self.veto_page:
            self.veto_page.show_decision(self.detail.vetoes.get(self.current_veto()))
        self._update_status()

    @Slot(str, object)
    def _on_value_committed(self, indicator_id: str, value: object) -> None:
        self._save(case_service.set_answer, indicator_id, value=value)

    @Slot(str, bool, str)
    def _on_na(self, indicator_id: str, na: bool, reason: str) -> None:
        if na:
            self._save(
                case_service.set_answer,
                indicator_id,
                not_applicable=True,
                reason=reason,
                ground=self.editor.na_ground_id(),
            )
        else:
            self._save(case_service.set_answer, indicator_id)

    @Slot(str, str)
    def _on_note_committed(self, indicator_id: str, note: str) -> None:
        answer = self.detail.answers.get(indicator_id)
        if (answer.note if answer else None) == (note or None):
            return
        kwargs: dict[str, Any] = {"note": note}
        if answer is not None and answer.not_applicable:
            kwargs.update(not_applicable=True, reason=answer.reason)
        self._save(case_service.set_answer, indicator_id, **kwargs)

    @Slot(str, object)
    def _on_veto_decided(self, veto_id: str, decided: object) -> None:
        if not self._save(case_service.set_veto, veto_id, decided):
            self.veto_page.show_decision(self.detail.vetoes.get(veto_id))

    # ------------------------------------------------------------------ evidence
    @Slot(str, list)
    def _on_files_added(self, indicator_id: str, files: list[Path]) -> None:
        if not self.read_only:
            evidence_actions.attach_files(self, self._ctx, self.ref, indicator_id, files, self._on_evidence_saved)

    def _on_evidence_saved(self, detail: CaseDetail) -> None:
        self.detail = detail
        self._show_saved()

    @Slot(str, list)
    def _on_evidence_remove(self, indicator_id: str, evidence_ids: list[int]) -> None:
        if self.read_only or not evidence_actions.confirm_removal(self, self.detail, indicator_id, evidence_ids):
            return
        for evidence_id in evidence_ids:
            if not self._save(case_service.remove_evidence, evidence_id):
                break

    @Slot(int)
    def _on_evidence_open(self, evidence_id: int) -> None:
        evidence_actions.open_evidence(self, self._ctx, self.detail, evidence_id)

    # ------------------------------------------------------------------ status
    def _update_status(self) -> None:
        r = self.detail.result
        done = r.answered + r.not_applicable
        self.progress.setRange(0, max(1, r.tier_indicators))
        self.progress.setValue(done)
        self.progress.setFormat(
            self.tr("%1 of %2 answered").replace("%1", str(done)).replace("%2", str(r.tier_indicators))
        )
        if r.provisional:
            text = self.tr("Running score %1 (provisional)").replace("%1", str(r.total_shown))
        elif r.vetoed:
            text = self.tr("Score %1 · veto applies").replace("%1", str(r.total_shown))
        else:
            grade = r.grade.id if r.grade else "–"
            text = self.tr("Score %1 · %2").replace("%1", str(r.total_shown)).replace("%2", grade)
        self.score_label.setText(text)

    # ------------------------------------------------------------------ plan
    @Slot()
    def show_plan(self) -> None:
        if not self._leave_question():
            return
        self._pos = self._plan_pos
        self.plan.setHtml(improvement_plan_html(self.detail))
        self.stack.setCurrentWidget(self.plan)
        self.next_button.setVisible(False)
        self.plan_button.setVisible(False)
        self.back_button.setEnabled(True)
        self.copy_button.setVisible(True)
        self.print_button.setVisible(True)
        self._no_default_buttons()
        open_count = len(self.detail.result.unanswered) + len(self.detail.result.undecided_vetoes)
        if open_count:
            self.step_label.setText(self.tr("Improvement plan (%1 not answered yet)").replace("%1", str(open_count)))
        else:
            self.step_label.setText(self.tr("Improvement plan"))
        self._update_status()

    @Slot(QUrl)
    def _on_plan_link(self, url: QUrl) -> None:
        target = url.toString()
        if target.startswith(INDICATOR_LINK) and target[len(INDICATOR_LINK) :] in self._ids:
            self.go(self._ids.index(target[len(INDICATOR_LINK) :]))
        elif target.startswith(VETO_LINK) and target[len(VETO_LINK) :] in self._veto_ids:
            self.go(len(self._ids) + self._veto_ids.index(target[len(VETO_LINK) :]))

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
        if not self.read_only and self.stack.currentWidget() is self.editor:
            self.editor.commit_pending()
        super().done(result)
