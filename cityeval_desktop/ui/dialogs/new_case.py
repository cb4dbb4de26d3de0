"""New-case dialog: entity, 统一社会信用代码 and region checked as typed, framework, tier, mode.

What is typed or pasted is normalised the way the service stores it (blanks anywhere, full-width
characters of a Chinese input method, lower case), so the dialog never refuses a code the service
would accept. A second open draft of the same entity and framework is offered instead of created.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.domain.framework import Framework
from cityeval_desktop.domain.regions import region_name
from cityeval_desktop.domain.text import DomainError
from cityeval_desktop.domain.uscc import UsccCheck, validate_region
from cityeval_desktop.domain.uscc import validate as validate_uscc
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.cases import CaseSummary
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.ui import i18n, labels
from cityeval_desktop.ui.errors import show_error
from cityeval_desktop.ui.profile import load_profile

OK_STYLE = "color: #1b7f3b;"
WARN_STYLE = "color: #8a5a00;"
BAD_STYLE = "color: #b3261e;"
# Generous bounds: a code pasted with blanks or typed full-width is longer than 18 characters
# until it is normalised; the bound only stops a stray paste of a whole page.
USCC_MAX_TYPED = 100
REGION_MAX_TYPED = 40
OPEN_DRAFTS_LISTED = 5


class NewCaseDialog(QDialog):
    """Collects what a new case needs; creates it on OK.

    After it closes, ``created`` holds the new case, or ``existing`` the open draft of the same
    entity and framework the user chose to open instead.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, default_mode: str = "third-party") -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.created: CaseSummary | None = None
        self.existing: CaseSummary | None = None
        self.open_drafts_box: QMessageBox | None = None
        self._region_edited = False
        self.setWindowTitle(self.tr("New case"))
        self.setMinimumWidth(560)

        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(self.tr("Registered name of the entity"))
        self.name_status = self._status_label()
        self.uscc_edit = QLineEdit(self)
        self.uscc_edit.setMaxLength(USCC_MAX_TYPED)
        self.uscc_edit.setPlaceholderText(self.tr("18 characters, e.g. 91350100M000100Y43"))
        self.uscc_status = self._status_label()
        self.region_edit = QLineEdit(self)
        self.region_edit.setMaxLength(REGION_MAX_TYPED)
        self.region_edit.setPlaceholderText(self.tr("6-digit region code (GB/T 2260)"))
        self.region_edit.textEdited.connect(self._on_region_edited)
        self.region_status = self._status_label()
        self.category_combo = QComboBox(self)
        for c in labels.CATEGORIES:
            self.category_combo.addItem(labels.category(c), c)
        self.framework_combo = QComboBox(self)
        self.frameworks_status = self._status_label()  # the user's framework files that do not load
        self.tier_combo = QComboBox(self)
        self.mode_combo = QComboBox(self)
        for m in labels.MODES:
            self.mode_combo.addItem(labels.mode(m), m)
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(default_mode)))
        self.assessor_edit = QLineEdit(self)
        self.assessor_edit.setText(load_profile().name if default_mode == "third-party" else "")

        form = QFormLayout()
        form.addRow(self.tr("Entity name"), self.name_edit)
        form.addRow("", self.name_status)
        form.addRow(self.tr("Unified social credit code"), self.uscc_edit)
        form.addRow("", self.uscc_status)
        form.addRow(self.tr("Region code"), self.region_edit)
        form.addRow("", self.region_status)
        form.addRow(self.tr("Category"), self.category_combo)
        form.addRow(self.tr("Framework"), self.framework_combo)
        form.addRow("", self.frameworks_status)
        form.addRow(self.tr("Tier"), self.tier_combo)
        form.addRow(self.tr("Mode"), self.mode_combo)
        form.addRow(self.tr("Assessor"), self.assessor_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form_status = self._status_label()  # problems the service found in the other fields
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.form_status)
        layout.addWidget(self.buttons)

        self._frameworks: list[Framework] = []
        try:
            self._frameworks = fw_registry.available(ctx)
            self._show_skipped(fw_registry.skipped(ctx))
        except Exception as exc:
            show_error(self, exc)
        self.category_combo.currentIndexChanged.connect(self._on_category_changed)
        self.framework_combo.currentIndexChanged.connect(self._on_framework_changed)
        self.uscc_edit.textChanged.connect(self._on_uscc_changed)
        self.uscc_edit.editingFinished.connect(self._on_uscc_editing_finished)
        self.region_edit.textChanged.connect(self._on_region_changed)
        self.name_edit.textChanged.connect(self._on_name_changed)
        self._on_category_changed()
        self._on_uscc_changed("")

    def _status_label(self) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.hide()
        return label

    def _show_skipped(self, skipped: list[fw_registry.FrameworkEntry]) -> None:
        """Name the user's framework files that do not load (each reason in the tooltip)."""
        if not skipped:
            return
        names = ("、" if i18n.lang() == "zh" else ", ").join(e.path.name for e in skipped)
        text = self.tr("Not offered, as they cannot be loaded: %1. The Frameworks page says why.").replace("%1", names)
        self._show_status(self.frameworks_status, text, WARN_STYLE)
        self.frameworks_status.setToolTip("\n".join(i18n.pick(fw_registry.skipped_notice(e)) for e in skipped))

    @staticmethod
    def _show_status(label: QLabel, text: str, style: str = "") -> None:
        label.setText(text)
        label.setStyleSheet(style)
        label.setVisible(bool(text))

    def _uscc_check(self) -> UsccCheck:
        return validate_uscc(self.uscc_edit.text())

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
    def _on_name_changed(self, _text: str) -> None:
        self._show_status(self.name_status, "")
        self._update_ok()

    @Slot(str)
    def _on_uscc_changed(self, text: str) -> None:
        if not text.strip():
            self._show_status(self.uscc_status, self.tr("Enter the 18-character code; it is checked as you type."))
        else:
            check = validate_uscc(text)
            if check.ok:
                region = region_name(check.region)
                msg = (
                    self.tr("Valid code %1. Registered in %2.")
                    .replace("%1", check.code)
                    .replace("%2", f"{check.region} {i18n.pick(region)}".strip())
                )
                if check.warnings:
                    msg += " " + " ".join(i18n.pick(w) for w in check.warnings)
                self._show_status(self.uscc_status, msg, OK_STYLE)
                if not self._region_edited and check.region and self.region_edit.text() != check.region:
                    self.region_edit.setText(check.region)
            else:
                self._show_status(self.uscc_status, i18n.join_messages(i18n.pick(e) for e in check.errors), BAD_STYLE)
        self._on_region_changed(self.region_edit.text())  # the registration region may have changed

    @Slot()
    def _on_uscc_editing_finished(self) -> None:
        """Show a valid code as it will be stored (a pasted ``9135 0100 …`` becomes ``91350100…``)."""
        check = self._uscc_check()
        if check.ok and self.uscc_edit.text() != check.code:
            self.uscc_edit.setText(check.code)

    @Slot(str)
    def _on_region_changed(self, text: str) -> None:
        check = self._uscc_check()
        registration = check.region if check.ok else None
        if not text.strip():
            hint = (
                self.tr("Empty: the registration region %1 of the code is used.").replace("%1", registration)
                if registration
                else self.tr("Empty: the registration region of the code is used.")
            )
            self._show_status(self.region_status, hint)
        else:
            region = validate_region(text, registration)
            if not region.ok:
                self._show_status(
                    self.region_status, i18n.join_messages(i18n.pick(e) for e in region.errors), BAD_STYLE
                )
            elif region.warnings:
                self._show_status(
                    self.region_status, i18n.join_messages(i18n.pick(w) for w in region.warnings), WARN_STYLE
                )
            else:
                place = f"{region.code} {i18n.pick(region_name(region.code))}".strip()
                self._show_status(self.region_status, self.tr("Region %1.").replace("%1", place), OK_STYLE)
        self._update_ok()

    def _region_ok(self) -> bool:
        text = self.region_edit.text()
        return not text.strip() or validate_region(text).ok

    @Slot()
    def _update_ok(self) -> None:
        ok = (
            bool(self.name_edit.text().strip())
            and self._uscc_check().ok
            and self._region_ok()
            and self.framework() is not None
            and self.tier_combo.currentData() is not None
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def accept(self) -> None:
        fw = self.framework()
        if fw is None or not self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled():
            return
        self._show_status(self.form_status, "")
        try:
            drafts = case_service.open_drafts(self._ctx, self.uscc_edit.text(), fw.id)
        except Exception as exc:
            show_error(self, exc)
            return
        if drafts:
            choice = self._ask_about_open_drafts(drafts)
            if choice is None:
                return  # back to the dialog
            if choice == "open":
                self.existing = drafts[0]
                super().accept()
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
        except InputError as exc:
            self._show_problems(exc.problems)
            return
        except Exception as exc:
            show_error(self, exc)
            return
        super().accept()

    def _ask_about_open_drafts(self, drafts: list[CaseSummary]) -> str | None:
        """ "open" (the newest draft), "create" (a new case anyway) or None (back to the dialog)."""
        newest = drafts[0]
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("An open case exists"))
        box.setText(
            (
                self.tr("%1 (%2) already has an open draft case with this framework.")
                if len(drafts) == 1
                else self.tr("%1 (%2) already has %3 open draft cases with this framework.")
            )
            .replace("%1", newest.entity_name)
            .replace("%2", newest.uscc)
            .replace("%3", str(len(drafts)))
        )
        lines = [self._describe_draft(d) for d in drafts[:OPEN_DRAFTS_LISTED]]
        if len(drafts) > OPEN_DRAFTS_LISTED:
            lines.append("…")
        lines.append("")
        lines.append(
            self.tr("Open the newest one to go on with it, or create a new case if this is a separate assessment.")
        )
        box.setInformativeText("\n".join(lines))
        # wide enough for one line per draft: no line break inside a name
        box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 30em; }")
        open_button = box.addButton(self.tr("Open the existing case"), QMessageBox.ButtonRole.AcceptRole)
        create_button = box.addButton(self.tr("Create a new case anyway"), QMessageBox.ButtonRole.ActionRole)
        cancel_button = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(open_button)
        box.setEscapeButton(cancel_button)
        self.open_drafts_box = box  # for tests and screenshots while it is shown
        box.exec()
        clicked = box.clickedButton()
        self.open_drafts_box = None
        if clicked is open_button:
            return "open"
        if clicked is create_button:
            return "create"
        return None

    def _describe_draft(self, draft: CaseSummary) -> str:
        when = draft.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        text = (
            self.tr("• %1, revision %2, created %3")
            .replace("%1", labels.mode(draft.mode))
            .replace("%2", str(draft.revision))
            .replace("%3", when)
        )
        if draft.assessor:
            text += self.tr(", assessor %1").replace("%1", draft.assessor)
        return text

    def _show_problems(self, problems: list[DomainError]) -> None:
        """Each problem beside its field, in the interface language, never naming a command-line option."""
        beside = {
            "--entity-name": (self.name_edit, self.name_status),
            "--uscc": (self.uscc_edit, self.uscc_status),
            "--region": (self.region_edit, self.region_status),
        }
        field_names = {
            "--framework": self.tr("Framework"),
            "--tier": self.tr("Tier"),
            "--mode": self.tr("Mode"),
            "--assessor": self.tr("Assessor"),
        }
        per_field: dict[str, list[str]] = {}
        other: list[str] = []
        for problem in problems:
            option = problem.where.split(" ", 1)[0] if problem.where.startswith("--") else ""
            message = i18n.pick(problem.message)
            if option in beside:
                per_field.setdefault(option, []).append(message)
            elif option in field_names:
                other.append(f"{field_names[option]}{_separator()}{message}")
            else:
                other.append(message)
        for option, messages in per_field.items():
            self._show_status(beside[option][1], i18n.join_messages(messages), BAD_STYLE)
        self._show_status(self.form_status, "\n".join(other), BAD_STYLE)
        first = next((edit for option, (edit, _label) in beside.items() if option in per_field), None)
        if first is not None:
            first.setFocus()


def _separator() -> str:
    return "：" if i18n.lang() == "zh" else ": "
