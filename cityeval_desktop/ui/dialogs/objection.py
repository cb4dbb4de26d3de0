"""Record an objection (登记异议) and decide one (作出决定): the two forms of the Objections page.

Both hand their fields to ``services/objections.py`` unchanged; what the service refuses (an empty ground,
a draft or a self-check as the target, a file that is a link or too large, an empty reason) is shown in the
form's red line in the interface language, and nothing is stored then. Recording copies the files into the
evidence store, so it runs on the background worker.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.domain.text import DomainError
from cityeval_desktop.services import objections as objection_service
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.ui import i18n, labels
from cityeval_desktop.ui.errors import describe, field_name
from cityeval_desktop.ui.widgets.confirm import confirm_anyway
from cityeval_desktop.ui.worker import BackgroundOperation, Progress

BAD_COLOUR, OK_COLOUR = "#b3261e", "#1b7f3b"


def _field_names() -> dict[str, str]:
    # the service names its fields as the command line does; each literal is spelled out for lupdate
    return {
        "--grounds": QCoreApplication.translate("ObjectionForms", "Grounds"),
        "--by": QCoreApplication.translate("ObjectionForms", "Objected by"),
        "--reason": QCoreApplication.translate("ObjectionForms", "Reason for the decision"),
        "--file": QCoreApplication.translate("ObjectionForms", "Files handed in"),
    }


def problem_lines(exc: BaseException) -> list[str]:
    """The service's refusal in the interface language, its fields named as the forms name them."""
    problems: list[DomainError] = []
    if isinstance(exc, InputError):
        problems = list(exc.problems)
    elif isinstance(exc, DomainError):
        problems = [exc]
    if not problems:
        return describe(exc)
    sep = "：" if i18n.lang() == "zh" else ": "
    names = _field_names()
    out = []
    for p in problems:
        where = names.get(p.where) or (field_name(p.where) if p.where else "")
        text = p.message.get(i18n.lang())
        out.append(f"{where}{sep}{text}" if where else text)
    return out


def state_words(state: str) -> str:
    """An objection's state in the interface language (the service's words)."""
    word = objection_service.STATE_WORDS.get(state)
    return word.get(i18n.lang()) if word else state


def _message_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(f"color: {BAD_COLOUR};")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class RecordObjectionDialog(QDialog):
    """Target (case reference or USCC, checked as it is left), grounds, who objected, files; Record."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, target: str | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.files: list[Path] = []
        self.created: objection_service.ObjectionInfo | None = None
        self.operation: BackgroundOperation | None = None
        self.setWindowTitle(self.tr("Record objection"))
        self.setMinimumWidth(640)
        intro = QLabel(
            self.tr(
                "Record an objection to one finalized third-party result: name the result by its case "
                "reference (uuid@revision) or by the entity's USCC, write the grounds as handed in, and add the "
                "files that came with it. The objection is received at once and gets its number."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.target_label = QLabel(self)
        self.target_label.setWordWrap(True)
        self.target_label.setTextFormat(Qt.TextFormat.PlainText)
        self.target_edit = QLineEdit(target or "", self)
        self.target_edit.setAccessibleName(self.tr("Result objected to"))
        self.target_edit.setPlaceholderText(self.tr("Case reference (uuid@revision) or USCC"))
        self.target_edit.editingFinished.connect(self.check_target)
        self.target_edit.textEdited.connect(lambda _t: self.target_label.clear())
        self.grounds_edit = QPlainTextEdit(self)
        self.grounds_edit.setAccessibleName(self.tr("Grounds"))
        self.grounds_edit.setPlaceholderText(self.tr("The grounds of the objection, as handed in (required)"))
        self.grounds_edit.setTabChangesFocus(True)  # Tab moves on: the form works from the keyboard
        self.grounds_edit.setMinimumHeight(120)
        self.by_edit = QLineEdit(self)
        self.by_edit.setAccessibleName(self.tr("Objected by"))
        self.by_edit.setPlaceholderText(self.tr("Name of the person or organisation (left empty: not named)"))
        self.by_edit.setMaxLength(objection_service.MAX_NAME)
        self.file_list = QListWidget(self)
        self.file_list.setAccessibleName(self.tr("Files handed in"))
        self.file_list.setMaximumHeight(110)
        self.add_file_button = QPushButton(self.tr("&Add files…"), self)
        self.add_file_button.clicked.connect(self._on_add_files)
        self.remove_file_button = QPushButton(self.tr("Re&move file"), self)
        self.remove_file_button.clicked.connect(self._on_remove_file)
        file_buttons = QVBoxLayout()
        file_buttons.addWidget(self.add_file_button)
        file_buttons.addWidget(self.remove_file_button)
        file_buttons.addStretch(1)
        files_row = QHBoxLayout()
        files_row.addWidget(self.file_list, 1)
        files_row.addLayout(file_buttons)
        form = QFormLayout()
        form.addRow(self.tr("&Result"), self.target_edit)
        form.addRow("", self.target_label)
        form.addRow(self.tr("&Grounds"), self.grounds_edit)
        form.addRow(self.tr("Objected &by"), self.by_edit)
        form.addRow(self.tr("Files"), files_row)
        self.message = _message_label(self)
        self.buttons = QDialogButtonBox(self)
        self.record_button = self.buttons.addButton(self.tr("Record"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.record_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.record)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._update_buttons()
        if target:
            self.check_target()
            self.grounds_edit.setFocus()
        else:
            self.target_edit.setFocus()

    # ------------------------------------------------------------------ fields
    @Slot()
    def check_target(self) -> bool:
        """Say which result the target names, or why no objection can be made against it."""
        text = self.target_edit.text().strip()
        if not text:
            self.target_label.clear()
            return False
        try:
            found = objection_service.check_target(self._ctx, text)
        except Exception as exc:
            self.target_label.setStyleSheet(f"color: {BAD_COLOUR};")
            self.target_label.setText("\n".join(problem_lines(exc)))
            return False
        self.target_label.setStyleSheet(f"color: {OK_COLOUR};")
        self.target_label.setText(
            f"{found.entity_name} · {found.uscc} · {labels.category(found.category)} · {found.case_ref}"
        )
        return True

    def add_files(self, paths: list[Path]) -> None:
        for path in paths:
            path = Path(path)
            if path not in self.files:
                self.files.append(path)
                self.file_list.addItem(str(path))
        self._update_buttons()

    @Slot()
    def _on_add_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Files handed in with the objection"), str(Path.home()))
        self.add_files([Path(n) for n in names])

    @Slot()
    def _on_remove_file(self) -> None:
        for row in sorted({i.row() for i in self.file_list.selectedIndexes()}, reverse=True):
            self.file_list.takeItem(row)
            del self.files[row]
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_file_button.setEnabled(bool(self.files))

    # ------------------------------------------------------------------ recording
    @Slot()
    def record(self) -> None:
        """Check the required fields, then record on the background worker; the number is kept in ``created``."""
        if self.operation is not None and not self.operation.done:
            return
        target, grounds = self.target_edit.text().strip(), self.grounds_edit.toPlainText()
        if not target:
            self._refuse(self.tr("Name the result objected to: its case reference or the entity's USCC."))
            self.target_edit.setFocus()
            return
        if not grounds.strip():
            self._refuse(self.tr("Write the grounds of the objection: they are required."))
            self.grounds_edit.setFocus()
            return
        by = self.by_edit.text().strip() or None
        files = list(self.files)
        ctx = self._ctx
        self.message.clear()
        self.record_button.setEnabled(False)

        def work(_progress: Progress) -> objection_service.ObjectionInfo:
            return objection_service.add_objection(ctx, target, grounds, files=files, by=by)

        self.operation = (
            BackgroundOperation(self, work, title=self.tr("Recording the objection"), cancellable=False)
            .success(self._on_recorded)
            .failure(self._on_failed)
            .run()
        )

    def _refuse(self, text: str) -> None:
        self.message.setText(text)

    def _on_recorded(self, info: objection_service.ObjectionInfo) -> None:
        self.created = info
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.record_button.setEnabled(True)
        self.message.setText("\n".join(problem_lines(exc)))


class DecideObjectionDialog(QDialog):
    """Upheld or dismissed (radio buttons), the reason (required); asks before deciding, once and for good."""

    def __init__(self, ctx: AppContext, info: objection_service.ObjectionInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.info = info
        self.decided: objection_service.ObjectionInfo | None = None
        self.confirm_box: QMessageBox | None = None
        self.setWindowTitle(self.tr("Decide objection %1").replace("%1", info.number))
        self.setMinimumWidth(600)
        about = QLabel(self)
        about.setWordWrap(True)
        about.setText(
            self.tr("Objection %1 against the result of %2 (%3, %4), now: %5.")
            .replace("%1", html.escape(info.number))
            .replace("%2", f"<b>{html.escape(info.entity_name)}</b>")
            .replace("%3", html.escape(info.uscc))
            .replace("%4", html.escape(info.case_ref))
            .replace("%5", html.escape(state_words(info.state)))
        )
        self.upheld_radio = QRadioButton(self.tr("&Upheld: the objection holds"), self)
        self.dismissed_radio = QRadioButton(self.tr("&Dismissed: the objection does not hold"), self)
        self.verdict = QButtonGroup(self)
        self.verdict.addButton(self.upheld_radio)
        self.verdict.addButton(self.dismissed_radio)
        self.verdict.buttonToggled.connect(lambda *_a: self._on_verdict())
        self.withdrawn_note = QLabel(
            self.tr(
                "An upheld objection withdraws this result (%1) from the regional view and the public "
                "disclosure until an amended revision is imported or finalized. The decision cannot be "
                "taken back."
            ).replace("%1", info.case_ref),
            self,
        )
        self.withdrawn_note.setWordWrap(True)
        self.withdrawn_note.setTextFormat(Qt.TextFormat.PlainText)
        self.withdrawn_note.setStyleSheet(f"color: {BAD_COLOUR}; font-weight: bold;")
        self.withdrawn_note.hide()
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setAccessibleName(self.tr("Reason for the decision"))
        self.reason_edit.setPlaceholderText(self.tr("Why the objection holds or does not hold (required)"))
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setMinimumHeight(110)
        form = QFormLayout()
        verdicts = QVBoxLayout()
        verdicts.addWidget(self.upheld_radio)
        verdicts.addWidget(self.dismissed_radio)
        form.addRow(self.tr("Decision"), verdicts)
        form.addRow("", self.withdrawn_note)
        form.addRow(self.tr("&Reason"), self.reason_edit)
        self.message = _message_label(self)
        self.buttons = QDialogButtonBox(self)
        self.decide_button = self.buttons.addButton(self.tr("Decide…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.decide_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.decide)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.upheld_radio.setFocus()

    def _on_verdict(self) -> None:
        self.withdrawn_note.setVisible(self.upheld_radio.isChecked())
        self.message.clear()

    def _track(self, box: QMessageBox | None) -> None:
        self.confirm_box = box

    @Slot()
    def decide(self) -> None:
        """Check the fields, ask, then decide; a refusal is shown here and nothing is stored."""
        if not (self.upheld_radio.isChecked() or self.dismissed_radio.isChecked()):
            self.message.setText(self.tr("Choose the decision: upheld or dismissed."))
            self.upheld_radio.setFocus()
            return
        reason = self.reason_edit.toPlainText()
        if not reason.strip():
            self.message.setText(self.tr("Write the reason for the decision: it is required."))
            self.reason_edit.setFocus()
            return
        upheld = self.upheld_radio.isChecked()
        if upheld:
            text = self.tr("Uphold objection %1 and withdraw the result?").replace("%1", self.info.number)
            detail = self.tr(
                "The result of %1 (%2) leaves the regional view and the public disclosure until an amended "
                "revision is there. The decision is final."
            )
            accept = self.tr("&Uphold and withdraw")
        else:
            text = self.tr("Dismiss objection %1?").replace("%1", self.info.number)
            detail = self.tr("The result of %1 (%2) stays counted and disclosed. The decision is final.")
            accept = self.tr("&Dismiss")
        detail = detail.replace("%1", self.info.entity_name).replace("%2", self.info.case_ref)
        if not confirm_anyway(
            self, title=self.windowTitle(), text=text, detail=detail, accept=accept, track=self._track
        ):
            return
        try:
            self.decided = objection_service.decide_objection(self._ctx, self.info.number, upheld=upheld, reason=reason)
        except Exception as exc:
            self.message.setText("\n".join(problem_lines(exc)))
            return
        self.accept()
