"""Settings: interface language, data folder, evidence size limit."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.services.context import AppContext
from cityeval_desktop.ui.errors import show_error


class SettingsPage(QWidget):
    """Language applies at once; the data folder applies at the next start."""

    language_changed = Signal(str)

    def __init__(self, ctx: AppContext, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.language = QComboBox(self)
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(self.language.findData(lang))
        self.language.activated.connect(self._on_language)
        self.data_dir = QLineEdit(str(ctx.data_dir), self)
        self.data_dir.setReadOnly(True)
        self.browse = QPushButton(self.tr("Change…"), self)
        self.browse.clicked.connect(self._on_browse)
        self.db_label = QLabel(ctx.url, self)
        self.db_label.setWordWrap(True)
        self.limit = QSpinBox(self)
        self.limit.setRange(1, 100_000)
        self.limit.setSuffix(" MB")
        self._limit_loaded = False
        self.limit_save = QPushButton(self.tr("Apply"), self)
        self.limit_save.clicked.connect(self._on_limit)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.data_dir, 1)
        row.addWidget(self.browse)
        limit_row = QHBoxLayout()
        limit_row.addWidget(self.limit)
        limit_row.addWidget(self.limit_save)
        limit_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Data folder"), row)
        form.addRow(self.tr("Database"), self.db_label)
        form.addRow(self.tr("Evidence file size limit"), limit_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def showEvent(self, event: QShowEvent) -> None:
        # one database read, only when the page is first shown
        if not self._limit_loaded:
            self._limit_loaded = True
            try:
                self.limit.setValue(max(1, self._ctx.evidence_limit() // (1024 * 1024)))
            except Exception as exc:
                show_error(self, exc)
        super().showEvent(event)

    @Slot()
    def _on_language(self) -> None:
        lang = self.language.currentData()
        QSettings().setValue("ui/language", lang)
        self.language_changed.emit(lang)

    @Slot()
    def _on_browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the data folder"), str(self._ctx.data_dir))
        if not folder:
            return
        QSettings().setValue("paths/data_dir", folder)
        self.data_dir.setText(folder)
        QMessageBox.information(
            self,
            self.tr("Data folder"),
            self.tr(
                "The new data folder is used from the next start. Cases stay in the "
                "current folder; copy them with “cityeval db backup” if you move."
            ),
        )

    @Slot()
    def _on_limit(self) -> None:
        try:
            self._ctx.set_evidence_limit(self.limit.value() * 1024 * 1024)
        except Exception as exc:
            show_error(self, exc)
            return
        self.message.setText(
            self.tr("Evidence files larger than %1 MB are refused.").replace("%1", str(self.limit.value()))
        )
