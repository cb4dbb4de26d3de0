"""The Objections page (异议, issue 13 §2.6; docs/objections.md): every objection and how it stands.

The list (all, or the open ones), the details of the selected one (the grounds, the files handed in, its
history with the reasons and times), and the three steps: record (登记异议), start the review (开始审查) and
decide (作出决定). Each step is ``services/objections.py``: one transaction with its audit entry. An upheld
objection withdraws the result it was made against from the regional view and the disclosure
(``objections_changed`` tells the pages that show them). In a read-only window the steps are disabled.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,  # type: ignore[attr-defined]
    QCoreApplication,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.services import objections as objection_service
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.objections import ObjectionInfo
from cityeval_desktop.ui import i18n, labels
from cityeval_desktop.ui.dialogs.objection import (
    DecideObjectionDialog,
    RecordObjectionDialog,
    problem_lines,
    state_words,
)
from cityeval_desktop.ui.errors import show_error
from cityeval_desktop.ui.widgets.table_model import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
INFO_ROLE = Qt.ItemDataRole.UserRole + 1
SHA_ROLE = Qt.ItemDataRole.UserRole + 2
STATE_COLOURS = {
    objection_service.RECEIVED: QColor("#8a5a00"),
    objection_service.UNDER_REVIEW: QColor("#1b5fa8"),
    objection_service.UPHELD: QColor("#b3261e"),
    objection_service.DISMISSED: QColor("#4b5563"),
}


def when(value: datetime | None) -> str:
    """A time as the window shows times (local, to the minute)."""
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else ""


def not_named() -> str:
    return QCoreApplication.translate("ObjectionsPage", "not named")


class ObjectionTableModel(RowsTableModel):
    """One row per objection, oldest first."""

    CONTEXT = "ObjectionTableModel"
    ITEM_ROLE = INFO_ROLE
    COL_NUMBER, COL_ENTITY, COL_USCC, COL_CASE, COL_STATE, COL_RECEIVED, COL_BY = range(7)
    COLUMNS: ClassVar[list[Any]] = [  # source texts (QT_TRANSLATE_NOOP is typed object)
        QT_TRANSLATE_NOOP("ObjectionTableModel", "Number"),
        QT_TRANSLATE_NOOP("ObjectionTableModel", "Entity"),
        QT_TRANSLATE_NOOP("ObjectionTableModel", "USCC"),
        QT_TRANSLATE_NOOP("ObjectionTableModel", "Case"),
        QT_TRANSLATE_NOOP("ObjectionTableModel", "State"),
        QT_TRANSLATE_NOOP("ObjectionTableModel", "Received"),
        QT_TRANSLATE_NOOP("ObjectionTableModel", "Objected by"),
    ]

    def info(self, row: int) -> ObjectionInfo:
        return self._rows[row]

    def row_of(self, number: str) -> int | None:
        return next((k for k, r in enumerate(self._rows) if r.number == number), None)

    def cell(self, r: ObjectionInfo, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_NUMBER:
                return r.number
            if col == self.COL_ENTITY:
                return r.entity_name
            if col == self.COL_USCC:
                return r.uscc
            if col == self.COL_CASE:
                uuid, _, revision = r.case_ref.partition("@")
                return f"{uuid[:8]}@{revision}"
            if col == self.COL_STATE:
                return state_words(r.state)
            if col == self.COL_RECEIVED:
                return r.received_at.astimezone().date().isoformat()
            if col == self.COL_BY:
                return r.objector or not_named()
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_CASE:
            return r.case_ref
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_STATE:
            return STATE_COLOURS.get(r.state)
        return None


class ObjectionsPage(QWidget):
    """The list with its "open only" filter, the details pane, and Record / Start review / Decide."""

    case_opened = Signal(str)  # "Open case" in the details
    objections_changed = Signal()  # after a step was stored (an upheld one changes what counts)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, read_only: bool = False) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.read_only = read_only
        self.record_dialog: RecordObjectionDialog | None = None
        self.decide_dialog: DecideObjectionDialog | None = None
        intro = QLabel(
            self.tr(
                "Objections to published results. Record each one as it is handed in, take it under review and "
                "decide it with the reason. An upheld objection withdraws the result it was made against from "
                "the regional view and the public disclosure until an amended revision is there."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.record_button = QPushButton(self.tr("&Record objection…"), self)
        self.record_button.clicked.connect(lambda: self.record())
        self.review_button = QPushButton(self.tr("Start re&view"), self)
        self.review_button.clicked.connect(self.start_review)
        self.decide_button = QPushButton(self.tr("&Decide…"), self)
        self.decide_button.clicked.connect(lambda: self.decide())
        self.open_only = QCheckBox(self.tr("&Open only"), self)
        self.open_only.setToolTip(self.tr("Only the objections not decided yet"))
        self.open_only.toggled.connect(lambda _on: self.reload())
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(lambda: self.reload())
        actions = QHBoxLayout()
        for button in (self.record_button, self.review_button, self.decide_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.open_only)
        actions.addWidget(self.refresh_button)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.read_only_label = QLabel(
            self.tr("This window is read-only: objections can be looked at here, not recorded or decided."), self
        )
        self.read_only_label.setWordWrap(True)
        self.read_only_label.setStyleSheet("color: #8a5a00;")
        self.read_only_label.setVisible(read_only)

        self.model = ObjectionTableModel(self)
        self.table = QTableView(self)
        self.table.setAccessibleName(self.tr("Objections"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ObjectionTableModel.COL_ENTITY, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._show_details())
        self.table.doubleClicked.connect(lambda _i: self.decide() if self.decide_button.isEnabled() else None)
        self.count_label = QLabel(self)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        top = QWidget(splitter)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.count_label)
        splitter.addWidget(top)
        splitter.addWidget(self._build_details(splitter))
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addLayout(actions)
        layout.addWidget(self.read_only_label)
        layout.addWidget(self.status_label)
        layout.addWidget(splitter, 1)
        self.reload()

    def _build_details(self, parent: QWidget) -> QWidget:
        pane = QWidget(parent)
        self.details_title = QLabel(pane)
        self.details_title.setTextFormat(Qt.TextFormat.PlainText)
        self.details_title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.details_title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_case_button = QPushButton(self.tr("Open &case"), pane)
        self.open_case_button.setToolTip(self.tr("Open the result objected to (read-only)"))
        self.open_case_button.clicked.connect(self._on_open_case)
        title_row = QHBoxLayout()
        title_row.addWidget(self.details_title, 1)
        title_row.addWidget(self.open_case_button)
        self.grounds_view = QPlainTextEdit(pane)
        self.grounds_view.setReadOnly(True)
        self.grounds_view.setAccessibleName(self.tr("Grounds of the objection"))
        self.grounds_view.setTabChangesFocus(True)
        self.grounds_view.setMaximumHeight(130)
        self.grounds_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.grounds_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history_view = QPlainTextEdit(pane)
        self.history_view.setReadOnly(True)
        self.history_view.setAccessibleName(self.tr("History of the objection"))
        self.history_view.setTabChangesFocus(True)
        self.history_view.setMaximumHeight(130)
        self.history_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.history_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.attachment_list = QListWidget(pane)
        self.attachment_list.setAccessibleName(self.tr("Files handed in"))
        self.attachment_list.setMaximumHeight(84)
        self.attachment_list.itemDoubleClicked.connect(lambda _i: self.open_attachment())
        self.attachment_list.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.open_file_button = QPushButton(self.tr("O&pen file"), pane)
        self.open_file_button.clicked.connect(lambda: self.open_attachment())
        self.save_file_button = QPushButton(self.tr("&Save a copy…"), pane)
        self.save_file_button.clicked.connect(lambda: self.save_attachment())
        file_buttons = QVBoxLayout()
        file_buttons.addWidget(self.open_file_button)
        file_buttons.addWidget(self.save_file_button)
        file_buttons.addStretch(1)
        files_row = QHBoxLayout()
        files_row.addWidget(self.attachment_list, 1)
        files_row.addLayout(file_buttons)
        form = QFormLayout()
        form.addRow(self.tr("Grounds"), self.grounds_view)
        form.addRow(self.tr("Files"), files_row)
        form.addRow(self.tr("History"), self.history_view)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(title_row)
        layout.addLayout(form, 1)
        return pane

    # ------------------------------------------------------------------ the list
    @Slot()
    def reload(self, select: str | None = None) -> None:
        """Read the objections again, keeping (or moving to ``select``) the selected one."""
        keep = select or (self.selected.number if self.selected is not None else None)
        try:
            rows = objection_service.list_objections(self._ctx, open_only=self.open_only.isChecked())
        except Exception as exc:
            rows = []
            self.status_label.setStyleSheet("color: #b3261e;")
            self.status_label.setText("\n".join(problem_lines(exc)))
        self.model.set_rows(rows)
        if rows:
            row = self.model.row_of(keep) if keep else None
            self.select_row(row if row is not None else len(rows) - 1)
        if self.open_only.isChecked():
            text = i18n.plural(len(rows), self.tr("%1 open objection"), self.tr("%1 open objections"))
        else:
            text = i18n.plural(len(rows), self.tr("%1 objection"), self.tr("%1 objections"))
        self.count_label.setText(text)
        self._show_details()

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    @property
    def selected(self) -> ObjectionInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.info(rows[0].row()) if rows else None

    def _show_details(self) -> None:
        info = self.selected
        self.attachment_list.clear()
        if info is None:
            self.details_title.setText(
                self.tr("No objection selected.") if self.model.rowCount() else self.tr("No objections recorded.")
            )
            self.grounds_view.clear()
            self.history_view.clear()
            self._update_buttons()
            return
        self.details_title.setText(
            f"{info.number} · {state_words(info.state)} · {info.entity_name} · {info.uscc} · "
            f"{labels.category(info.category)} · {info.case_ref}"
        )
        self.grounds_view.setPlainText(info.grounds)
        for a in info.attachments:
            item = QListWidgetItem(f"{a.name} ({self._size(a.size)})", self.attachment_list)
            item.setData(SHA_ROLE, a.sha256)
            item.setToolTip(f"SHA-256 {a.sha256}\n{a.media_type}")
        if info.attachments:
            self.attachment_list.setCurrentRow(0)
        self.history_view.setPlainText("\n".join(self.history(info)))
        self._update_buttons()

    def history(self, info: ObjectionInfo) -> list[str]:
        """The objection's steps with their times, people and reasons, oldest first."""
        lines = [
            self.tr("%1  received from %2, recorded by %3")
            .replace("%1", when(info.received_at))
            .replace("%2", info.objector or not_named())
            .replace("%3", info.recorded_by)
        ]
        if info.reviewed_at is not None:
            lines.append(
                self.tr("%1  review started by %2")
                .replace("%1", when(info.reviewed_at))
                .replace("%2", info.reviewed_by or "")
            )
        if info.decided_at is not None:
            lines.append(
                self.tr("%1  decided by %2: %3")
                .replace("%1", when(info.decided_at))
                .replace("%2", info.decided_by or "")
                .replace("%3", state_words(info.state))
            )
            lines.append(self.tr("Reason: %1").replace("%1", info.reason or ""))
            if info.state == objection_service.UPHELD:
                lines.append(
                    self.tr(
                        "The result %1 is withdrawn from the regional view and the public disclosure until an "
                        "amended revision is there."
                    ).replace("%1", info.case_ref)
                )
                if info.amended_by is not None:
                    lines.append(
                        self.tr(
                            "An amended revision is here: %1. It takes the withdrawn result's place in the regional "
                            "view and the disclosure, by the usual counting rule."
                        ).replace("%1", info.amended_by)
                    )
        return lines

    def _size(self, size: int) -> str:
        if size >= 1024 * 1024:
            return f"{size / 1048576:.1f} MB"
        if size >= 1024:
            return f"{size / 1024:.1f} KB"
        return self.tr("%1 bytes").replace("%1", str(size))

    def _update_buttons(self) -> None:
        info = self.selected
        writable = not self.read_only
        self.record_button.setEnabled(writable)
        self.review_button.setEnabled(writable and info is not None and info.state == objection_service.RECEIVED)
        self.decide_button.setEnabled(writable and info is not None and info.open)
        self.open_case_button.setEnabled(info is not None)
        has_file = info is not None and self.attachment_list.currentItem() is not None
        self.open_file_button.setEnabled(has_file)
        self.save_file_button.setEnabled(has_file)

    def _done(self, text: str) -> None:
        self.status_label.setStyleSheet("color: #1b7f3b;")
        self.status_label.setText(text)

    # ------------------------------------------------------------------ the steps
    def record(self, target: str | None = None) -> RecordObjectionDialog | None:
        """Open the record form (prefilled with ``target``, a case reference or USCC)."""
        if self.read_only:
            return None
        dialog = RecordObjectionDialog(self._ctx, self, target=target)
        dialog.finished.connect(lambda _r: self._on_recorded(dialog))
        self.record_dialog = dialog
        dialog.open()
        return dialog

    def _on_recorded(self, dialog: RecordObjectionDialog) -> None:
        info = dialog.created
        if info is None:
            return
        self.reload(select=info.number)
        self._done(
            self.tr("Objection %1 recorded against %2 (%3).")
            .replace("%1", info.number)
            .replace("%2", info.entity_name)
            .replace("%3", info.case_ref)
        )
        self.objections_changed.emit()
        self.table.setFocus()

    @Slot()
    def start_review(self) -> None:
        info = self.selected
        if info is None or self.read_only:
            return
        try:
            done = objection_service.review_objection(self._ctx, info.number)
        except Exception as exc:
            show_error(self, exc, self.tr("Review not started"))
            self.reload()
            return
        self.reload(select=done.number)
        self._done(self.tr("Objection %1 is under review.").replace("%1", done.number))
        self.objections_changed.emit()

    def decide(self) -> DecideObjectionDialog | None:
        info = self.selected
        if info is None or self.read_only or not info.open:
            return None
        dialog = DecideObjectionDialog(self._ctx, info, self)
        dialog.finished.connect(lambda _r: self._on_decided(dialog))
        self.decide_dialog = dialog
        dialog.open()
        return dialog

    def _on_decided(self, dialog: DecideObjectionDialog) -> None:
        info = dialog.decided
        if info is None:
            return
        self.reload(select=info.number)
        text = self.tr("Objection %1 decided: %2.").replace("%1", info.number).replace("%2", state_words(info.state))
        if info.state == objection_service.UPHELD:
            text += " " + self.tr(
                "The result %1 is withdrawn from the regional view and the public disclosure until an amended "
                "revision is there."
            ).replace("%1", info.case_ref)
        self._done(text)
        self.objections_changed.emit()
        self.table.setFocus()

    # ------------------------------------------------------------------ details
    @Slot()
    def _on_open_case(self) -> None:
        info = self.selected
        if info is not None:
            self.case_opened.emit(info.case_ref)

    def _current_file(self) -> tuple[ObjectionInfo, str, str] | None:
        info, item = self.selected, self.attachment_list.currentItem()
        if info is None or item is None:
            return None
        sha = item.data(SHA_ROLE)
        name = next((a.name for a in info.attachments if a.sha256 == sha), sha)
        return info, sha, name

    def open_attachment(self) -> Path | None:
        """Open the selected file with the system viewer (a temporary copy under its own name)."""
        current = self._current_file()
        if current is None:
            return None
        info, sha, name = current
        try:
            path = objection_service.attachment_copy_for_viewing(self._ctx, info.number, sha)
        except Exception as exc:
            show_error(self, exc, self.tr("File not opened"))
            return None
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.warning(
                self,
                self.tr("File not opened"),
                self.tr("No program is set up to open %1. A copy is at:\n%2")
                .replace("%1", name)
                .replace("%2", str(path)),
            )
        return path

    def save_attachment(self, out: Path | None = None) -> Path | None:
        """Save a copy of the selected file where the user chooses (``out`` given: there, without asking)."""
        current = self._current_file()
        if current is None:
            return None
        info, sha, name = current
        if out is None:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Save a copy"), str(Path.home() / Path(name).name))
            if not chosen:
                return None
            out = Path(chosen)
        try:
            written = objection_service.save_attachment(self._ctx, info.number, sha, out)
        except Exception as exc:
            show_error(self, exc, self.tr("Copy not saved"))
            return None
        self._done(self.tr("Saved a copy of %1 to %2").replace("%1", name).replace("%2", str(written)))
        return written
