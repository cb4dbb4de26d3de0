"""The basis of one veto decision in the workspace: source, query time, note and the files attached."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from cityeval_desktop.domain.basis import VetoBasis
from cityeval_desktop.domain.framework import Veto
from cityeval_desktop.services.cases import CaseDetail
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.widgets.time_edit import OptionalTimeEdit


def _aware(text: str | None) -> datetime | None:
    """A stored query time (ISO 8601 with its offset) as a datetime, None when there is none."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


class VetoBasisRow(QWidget):
    """Source (an editable list of the framework's suggested sources), query time, note, attach.

    Each field is saved when it is left or Enter is pressed (``basis_committed``); the row is enabled
    only while the veto is decided and the case can be edited.
    """

    basis_committed = Signal(str, object)  # veto id, VetoBasis
    files_requested = Signal(str)  # veto id

    def __init__(self, veto: Veto, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.veto_id = veto.id
        #: the framework asks for the basis (or suggests where to look it up)
        self.asked = veto.basis_required or bool(veto.sources)
        self._shown = VetoBasis()
        self._loading = False
        self.source = QComboBox(self)
        self.source.setEditable(True)
        self.source.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # a long suggested source must not widen the narrow score panel
        self.source.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.source.setMinimumContentsLength(8)
        for suggested in veto.sources:
            self.source.addItem(i18n.pick(suggested))
        self.source.lineEdit().setPlaceholderText(self.tr("Where it was looked up"))
        self.source.setToolTip(self.tr("Where the decision was looked up (pick a suggested source or type one)"))
        self.source.lineEdit().editingFinished.connect(self._on_edited)
        self.source.activated.connect(lambda _i: self._on_edited())
        self.queried_at = OptionalTimeEdit(self.tr("not given"), self)
        self.queried_at.setAccessibleName(self.tr("When it was looked up"))
        self.queried_at.setToolTip(self.tr("When it was looked up (local time; saved with its time zone)"))
        self.queried_at.editingFinished.connect(self._on_edited)
        self.queried_at.calendarWidget().clicked.connect(lambda _day: self._on_edited())
        # tool buttons: as wide as their words, so the whole time fits the narrow score panel
        self.now_button = QToolButton(self)
        self.now_button.setText(self.tr("Now"))
        self.now_button.setToolTip(self.tr("Fill in the current time with its time zone"))
        self.now_button.clicked.connect(self._on_now_clicked)
        self.note = QLineEdit(self)
        self.note.setAccessibleName(self.tr("What the query showed"))
        self.note.setPlaceholderText(self.tr("What the query showed"))
        self.note.editingFinished.connect(self._on_edited)
        self.attach_button = QToolButton(self)
        self.attach_button.setText(self.tr("Attach…"))
        self.attach_button.setToolTip(self.tr("Attach the query result (a screenshot or a saved page)"))
        self.attach_button.clicked.connect(lambda: self.files_requested.emit(self.veto_id))
        self.files = QLabel(self)
        self.files.setWordWrap(True)
        self.files.setStyleSheet("color: #4b5563;")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        # never clipped: the whole date and time stay readable (a narrow panel puts the label above)
        self.queried_at.setMinimumWidth(self.queried_at.sizeHint().width())
        form = QFormLayout(self)
        form.setContentsMargins(12, 0, 0, 6)
        form.setHorizontalSpacing(4)
        form.setVerticalSpacing(2)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Source"), self.source)
        form.addRow(self.tr("Queried at"), self._beside(self.queried_at, self.now_button))
        form.addRow(self.tr("Note"), self._beside(self.note, self.attach_button))
        form.addRow(self.files)
        form.addRow(self.message)
        self.source_label, self.queried_label, self.note_label = (
            form.labelForField(field)
            for field in (self.source, self.queried_at.parentWidget(), self.note.parentWidget())
        )
        for label, buddy in zip(
            (self.source_label, self.queried_label, self.note_label),
            (self.source, self.queried_at, self.note),
            strict=True,
        ):
            label.setBuddy(buddy)
            label.setStyleSheet("color: #4b5563;")

    def _beside(self, field: QWidget, button: QToolButton) -> QWidget:
        """A field with its button on the right, as one form field."""
        pair = QWidget(self)
        row = QHBoxLayout(pair)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        field.setParent(pair)
        button.setParent(pair)
        row.addWidget(field, 1)
        row.addWidget(button)
        return pair

    def show_basis(self, detail: CaseDetail, editable: bool) -> None:
        """Show the stored basis (a field being typed in keeps its text)."""
        self._loading = True
        decided = detail.vetoes.get(self.veto_id)
        found = detail.veto_basis.get(self.veto_id) or VetoBasis()
        self._shown = found
        if not self.source.lineEdit().hasFocus():
            self.source.setEditText(found.source or "")
        if not self.queried_at.hasFocus():
            self.queried_at.set_value(_aware(found.queried_at))
        self.queried_at.setToolTip(
            self.tr("When it was looked up (local time; saved with its time zone)")
            + (self.tr("\nSaved: %1").replace("%1", found.queried_at) if found.queried_at else "")
        )
        if not self.note.hasFocus():
            self.note.setText(found.note or "")
        names = [e.original_name for e in detail.veto_evidence(self.veto_id)]
        self.files.setText(self.tr("Files: %1").replace("%1", "; ".join(names)) if names else "")
        enabled = editable and decided is not None
        for w in (self.source, self.queried_at, self.now_button, self.note, self.attach_button):
            w.setEnabled(enabled)
        # shown for a decided veto of a third-party case where the framework asks for its basis or one
        # is stored (a self-check, or a cityeval-framework/1 file, decides with the bare choice as before)
        third_party = detail.summary.mode == "third-party"
        self.setVisible(decided is not None and ((third_party and self.asked) or not found.empty or bool(names)))
        self._loading = False

    def current(self) -> VetoBasis:
        """What the fields hold now."""
        when = self.queried_at.value()
        stored = self._shown.queried_at
        shown = _aware(stored)
        # the field shows minutes in local time: a stored time it still shows unchanged is kept as stored
        if when is not None and shown is not None and when == shown.replace(second=0, microsecond=0):
            queried_at: str | None = stored
        else:
            queried_at = when.isoformat() if when is not None else None
        return VetoBasis(self.source.currentText().strip() or None, queried_at, self.note.text().strip() or None)

    def show_error(self, message: str) -> None:
        self.message.setText(message)

    @Slot()
    def _on_edited(self) -> None:
        if self._loading or not self.isEnabled():
            return
        given = self.current()
        if given == self._shown:
            return
        self.message.clear()
        self.basis_committed.emit(self.veto_id, given)

    @Slot()
    def _on_now_clicked(self) -> None:
        self.queried_at.set_value(datetime.now())
        self._on_edited()
