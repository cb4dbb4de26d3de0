"""Settings: your profile (name, organisation, default identity), language, data folder, evidence size limit."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
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
from cityeval_desktop.ui.profile import Profile, apply_actor, check_profile, load_profile, save_profile


class SettingsPage(QWidget):
    """The profile and the language apply at once; the data folder applies at the next start."""

    language_changed = Signal(str)
    profile_saved = Signal(object)  # Profile

    def __init__(self, ctx: AppContext, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.profile_box = self._build_profile()
        self.language = QComboBox(self)
        self.language.addItem("中文", "zh")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(self.language.findData(lang))
        self.language.activated.connect(self._on_language)
        self.data_dir = QLineEdit(str(ctx.data_dir), self)
        self.data_dir.setAccessibleName(self.tr("Data folder"))
        self.data_dir.setReadOnly(True)
        self.browse = QPushButton(self.tr("Change…"), self)
        self.browse.clicked.connect(self._on_browse)
        self.db_label = QLabel(ctx.shown_url, self)
        self.db_label.setWordWrap(True)
        self.limit = QSpinBox(self)
        self.limit.setAccessibleName(self.tr("Largest evidence file"))
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
        layout.addWidget(self.profile_box)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _build_profile(self) -> QGroupBox:
        profile = load_profile()
        box = QGroupBox(self.tr("Your profile"), self)
        self.name_edit = QLineEdit(profile.name, box)
        self.name_edit.setPlaceholderText(self.tr("Your name, as on your signing certificate"))
        self.org_edit = QLineEdit(profile.organisation, box)
        self.org_edit.setPlaceholderText(self.tr("Assessment organisation"))
        self.identity_edit = QLineEdit(profile.identity, box)
        self.identity_edit.setPlaceholderText(self.tr("Signing identity offered when finalizing (.p12)"))
        self.identity_browse = QPushButton(self.tr("Choose…"), box)
        self.identity_browse.clicked.connect(self._on_identity_browse)
        self.profile_save = QPushButton(self.tr("Save profile"), box)
        self.profile_save.clicked.connect(self._on_profile_save)
        for edit in (self.name_edit, self.org_edit, self.identity_edit):
            edit.returnPressed.connect(self._on_profile_save)
        self.profile_message = QLabel(box)
        self.profile_message.setWordWrap(True)
        identity_row = QHBoxLayout()
        identity_row.addWidget(self.identity_edit, 1)
        identity_row.addWidget(self.identity_browse)
        save_row = QHBoxLayout()
        save_row.addWidget(self.profile_save)
        save_row.addWidget(self.profile_message, 1)
        form = QFormLayout(box)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Organisation"), self.org_edit)
        form.addRow(self.tr("Default identity"), identity_row)
        form.addRow("", save_row)
        return box

    def profile(self) -> Profile:
        """The profile as typed (not yet saved)."""
        return Profile(self.name_edit.text().strip(), self.org_edit.text().strip(), self.identity_edit.text().strip())

    @Slot()
    def _on_identity_browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Default signing identity"),
            self.identity_edit.text(),
            self.tr("PKCS#12 identity (*.p12 *.pfx)"),
        )
        if name:
            self.identity_edit.setText(name)

    @Slot()
    def _on_profile_save(self) -> None:
        problems = check_profile(self.profile())
        if problems:
            self.profile_message.setStyleSheet("color: #b3261e;")
            self.profile_message.setText("\n".join(problems))
            return
        saved = save_profile(self.profile())
        apply_actor(self._ctx)  # the audit trail names the profile's person from now on
        self.profile_message.setStyleSheet("color: #1b7f3b;")
        self.profile_message.setText(
            self.tr("Saved. New cases name %1 as assessor.").replace("%1", saved.name)
            if saved.name
            else self.tr("Saved. Without a name, new cases leave the assessor empty.")
        )
        self.profile_saved.emit(saved)

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
                "current folder; copy them with a database backup (Database page) if you move."
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
