"""How an assessor verified evidence: method, conclusion, by whom, when and a note (one dialog)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from cityeval_desktop.domain import days
from cityeval_desktop.domain.basis import CONCLUSIONS, VERIFICATION_METHODS
from cityeval_desktop.domain.framework import Indicator
from cityeval_desktop.ui import i18n


class VerificationDialog(QDialog):
    """Asks for a verification of ``files`` selected files (0: the indicator's evidence as a whole).

    The service checks what is entered (a date or a time with its offset, a name); the dialog only
    collects it, so the window and an answers file are refused the same way.
    """

    def __init__(self, parent: QWidget | None, indicator: Indicator, files: int) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Verify the evidence of %1").replace("%1", indicator.id))
        what = (
            self.tr("All of the evidence of %1").replace("%1", indicator.id)
            if files == 0
            else i18n.plural(files, self.tr("%1 selected file"), self.tr("%1 selected files"))
        )
        self.what = QLabel(what, self)
        self.method = QComboBox(self)
        for key, title in VERIFICATION_METHODS.items():
            self.method.addItem(i18n.pick(title), key)
        self.conclusion = QComboBox(self)
        for key, title in CONCLUSIONS.items():
            self.conclusion.addItem(i18n.pick(title), key)
        self.by = QLineEdit(self)
        self.by.setPlaceholderText(self.tr("Who verified it"))
        self.at = QLineEdit(days.today().isoformat(), self)
        self.at.setToolTip(self.tr("A date (2026-11-30) or a time with its time zone"))
        self.note = QLineEdit(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.what)
        form.addRow(self.tr("Method"), self.method)
        form.addRow(self.tr("Conclusion"), self.conclusion)
        form.addRow(self.tr("Verified by"), self.by)
        form.addRow(self.tr("Verified on"), self.at)
        form.addRow(self.tr("Note"), self.note)
        form.addRow(buttons)
        self.buttons = buttons

    def verification(self) -> dict[str, Any]:
        """What was entered, in the shape ``services.cases.set_verification`` takes."""
        return {
            "method": self.method.currentData(),
            "conclusion": self.conclusion.currentData(),
            "by": self.by.text(),
            "at": self.at.text().strip(),
            "note": self.note.text().strip() or None,
        }
