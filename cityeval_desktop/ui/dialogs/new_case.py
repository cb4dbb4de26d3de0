"""New-case dialog: entity, 统一社会信用代码 with live validation, region, framework, tier, mode."""

from __future__ import annotations

import re

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.domain.framework import Framework
from cityeval_desktop.domain.uscc import region_name
from cityeval_desktop.domain.uscc import validate as validate_uscc
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.cases import CaseSummary
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.ui import i18n, labels
from cityeval_desktop.ui.errors import show_error

OK_STYLE = "color: #1b7f3b;"
BAD_STYLE = "color: #b3261e;"


class NewCaseDialog(QDialog):
    """Collects what a new case needs; creates it on OK (``created`` holds the summary)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, default_mode: str = "third-party") -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.created: CaseSummary | None = None
        self._region_edited = False
        self.setWindowTitle(self.tr("New case"))
        self.setMinimumWidth(560)

        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(self.tr("Registered name of the entity"))
        self.uscc_edit = QLineEdit(self)
        self.uscc_edit.setMaxLength(18)
        self.uscc_edit.setPlaceholderText(self.tr("18 characters, e.g. 91350100M000100Y43"))
        self.uscc_status = QLabel(self)
        self.uscc_status.setWordWrap(True)
        self.region_edit = QLineEdit(self)
        self.region_edit.setMaxLength(6)
        self.region_edit.setPlaceholderText(self.tr("6-digit region code (GB/T 2260)"))
        self.region_edit.textEdited.connect(self._on_region_edited)
        self.category_combo = QComboBox(self)
        for c in labels.CATEGORIES:
            self.category_combo.addItem(labels.category(c), c)
        self.framework_combo = QComboBox(self)
        self.tier_combo = QComboBox(self)
        self.mode_combo = QComboBox(self)
        for m in labels.MODES:
            self.mode_combo.addItem(labels.mode(m), m)
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(default_mode)))
        self.assessor_edit = QLineEdit(self)
        self.assessor_edit.setText(ctx.actor if default_mode == "third-party" else "")

        form = QFormLayout()
        form.addRow(self.tr("Entity name"), self.name_edit)
        form.addRow(self.tr("Unified social credit code"), self.uscc_edit)
        form.addRow("", self.uscc_status)
        form.addRow(self.tr("Region code"), self.region_edit)
        form.addRow(self.tr("Category"), self.category_combo)
        form.addRow(self.tr("Framework"), self.framework_combo)
        form.addRow(self.tr("Tier"), self.tier_combo)
        form.addRow(self.tr("Mode"), self.mode_combo)
        form.addRow(self.tr("Assessor"), self.assessor_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self._frameworks: list[Framework] = []
        try:
            self._frameworks = fw_registry.available(ctx)
        except Exception as exc:
            show_error(self, exc)
        self.category_combo.currentIndexChanged.connect(self._on_category_changed)
        self.framework_combo.currentIndexChanged.connect(self._on_framework_changed)
        self.uscc_edit.textChanged.connect(self._on_uscc_changed)
        self.name_edit.textChanged.connect(self._update_ok)
        self._on_category_changed()
        self._on_uscc_changed("")

    # ------------------------------------------------------------------ slots
    @Slot()
    def _on_category_changed(self) -> None:
        category = self.category_combo.currentData()
        self.framework_combo.clear()
        for f in reversed([f for f in self._frameworks if f.category == category]):
            self.framework_combo.addItem(f"{i18n.pick(f.title)} ({f.id} @ {f.version})", f.key)
        self._on_framework_changed()

    def framework(self) -> Framework | None:
        key = self.framework_combo.currentData()
        return next((f for f in self._frameworks if f.key == key), None)

    @Slot()
    def _on_framework_changed(self) -> None:
        current = self.tier_combo.currentData()
        self.tier_combo.clear()
        fw = self.framework()
        if fw is not None:
            for t in fw.tiers:
                self.tier_combo.addItem(i18n.pick(t.title), t.id)
            index = self.tier_combo.findData(current or "city")
            self.tier_combo.setCurrentIndex(max(0, index))
        self._update_ok()

    @Slot(str)
    def _on_region_edited(self, _text: str) -> None:
        self._region_edited = True

    @Slot(str)
    def _on_uscc_changed(self, text: str) -> None:
        code = text.strip()
        if not code:
            self.uscc_status.setText(self.tr("Enter the 18-character code; it is checked as you type."))
            self.uscc_status.setStyleSheet("")
        else:
            check = validate_uscc(code)
            if check.ok:
                region = region_name(check.region)
                msg = self.tr("Valid code. Registered in %1.").replace(
                    "%1", f"{check.region} {i18n.pick(region)}".strip()
                )
                if check.warnings:
                    msg += " " + " ".join(i18n.pick(w) for w in check.warnings)
                self.uscc_status.setText(msg)
                self.uscc_status.setStyleSheet(OK_STYLE)
                if not self._region_edited and check.region:
                    self.region_edit.setText(check.region)
            else:
                self.uscc_status.setText(
                    "；".join(i18n.pick(e) for e in check.errors)
                    if i18n.lang() == "zh"
                    else "; ".join(i18n.pick(e) for e in check.errors)
                )
                self.uscc_status.setStyleSheet(BAD_STYLE)
        self._update_ok()

    @Slot()
    def _update_ok(self) -> None:
        ok = (
            bool(self.name_edit.text().strip())
            and validate_uscc(self.uscc_edit.text()).ok
            and self.framework() is not None
            and self.tier_combo.currentData() is not None
            and (not self.region_edit.text() or bool(re.fullmatch(r"\d{6}", self.region_edit.text())))
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def accept(self) -> None:
        fw = self.framework()
        if fw is None:
            return
        try:
            self.created = case_service.new_case(
                self._ctx,
                framework=fw.key,
                tier=self.tier_combo.currentData(),
                mode=self.mode_combo.currentData(),
                entity_name=self.name_edit.text(),
                uscc=self.uscc_edit.text(),
                region=self.region_edit.text() or None,
                assessor=self.assessor_edit.text(),
            )
        except Exception as exc:
            show_error(self, exc)
            return
        super().accept()
