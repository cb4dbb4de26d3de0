"""The dialogs of the case data page: a team member, a member's signed declaration, an inspection record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.domain import days
from cityeval_desktop.domain.case_data import (
    EARLIEST_DAY,
    LEAD,
    MAX_NAME,
    MAX_ORG,
    MAX_QUALIFICATION,
    ROLES,
    CaseData,
    TeamMember,
    independence_statement,
)
from cityeval_desktop.domain.text import DomainError
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.widgets.identity_file import choose_identity_file

_ERROR_STYLE = "color: #b3261e;"
MAX_LIST_LINES = 200  # as the service (one entry per line)


def problem_lines(exc: BaseException, names: dict[str, str]) -> list[str]:
    """A refusal of the services as lines naming the dialog's own fields (``names``: where → field label)."""
    from cityeval_desktop.ui.errors import describe

    if not isinstance(exc, InputError):
        return describe(exc)
    sep = "：" if i18n.lang() == "zh" else ": "
    lines = []
    for p in exc.problems:
        where = p.where or ""
        label = next((v for k, v in names.items() if where == k or where.endswith(": " + k)), None)
        if label is None:
            label = next((v for k, v in names.items() if f": {k}[" in where), where)
        text = i18n.pick(p.message) if isinstance(p, DomainError) else str(p)
        lines.append(f"{label}{sep}{text}" if label else text)
    return lines


def _pick_day(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


def date_edit(parent: QWidget, value: date | None) -> QDateEdit:
    """A day field written YYYY-MM-DD with a calendar, between 2000-01-01 and today."""
    edit = QDateEdit(parent)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    edit.setMinimumDate(QDate(EARLIEST_DAY.year, EARLIEST_DAY.month, EARLIEST_DAY.day))
    today = days.today()
    edit.setMaximumDate(QDate(today.year, today.month, today.day))
    day = value or today
    edit.setDate(QDate(day.year, day.month, day.day))
    return edit


def _form_and_buttons(
    dialog: QDialog, rows: list[tuple[str, QWidget | QLayout]], ok_text: str, on_accepted: Callable[[], None]
) -> tuple[QLabel, QDialogButtonBox, QPushButton]:
    """Lay ``dialog`` out as its form rows, a red message line, then OK (reading ``ok_text``) and Cancel."""
    message = QLabel(dialog)
    message.setWordWrap(True)
    message.setStyleSheet(_ERROR_STYLE)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok_button.setText(ok_text)
    ok_button.setDefault(True)
    buttons.accepted.connect(on_accepted)
    buttons.rejected.connect(dialog.reject)
    form = QFormLayout()
    for label, field in rows:
        form.addRow(label, field)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(message)
    layout.addWidget(buttons)
    return message, buttons, ok_button


# ----------------------------------------------------------------------------- a member
class MemberDialog(QDialog):
    """Add a team member: name, role, organisation, qualification. Checked here first (a name once, one
    lead), then by the service; a refusal is shown beside the fields and nothing is stored."""

    def __init__(self, data: CaseData, save: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a team member"))
        self.setMinimumWidth(480)
        self._data = data
        self._save = save  # (name, role, org, qualification) -> None, raises on refusal
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(MAX_NAME)
        self.role_combo = QComboBox(self)
        for key, title in ROLES.items():
            self.role_combo.addItem(i18n.pick(title), key)
        has_lead = bool(data.with_role(LEAD))
        self.role_combo.setCurrentIndex(self.role_combo.findData("member" if has_lead else LEAD))
        self.org_edit = QLineEdit(self)
        self.org_edit.setMaxLength(MAX_ORG)
        self.qualification_edit = QLineEdit(self)
        self.qualification_edit.setMaxLength(MAX_QUALIFICATION)
        self.qualification_edit.setPlaceholderText(self.tr("optional: certificate or expert-pool number"))
        self.message, self.buttons, self.ok_button = _form_and_buttons(
            self,
            [
                (self.tr("&Name"), self.name_edit),
                (self.tr("&Role"), self.role_combo),
                (self.tr("&Organisation"), self.org_edit),
                (self.tr("&Qualification"), self.qualification_edit),
            ],
            self.tr("Add"),
            self._on_accepted,
        )
        self.name_edit.setFocus()

    def _problem(self) -> tuple[str, QWidget] | None:
        name, org = self.name_edit.text().strip(), self.org_edit.text().strip()
        role = self.role_combo.currentData()
        if not name:
            return self.tr("Type the member's name."), self.name_edit
        if self._data.member(name) is not None:
            return self.tr("%1 is already on the team.").replace("%1", name), self.name_edit
        lead = next(iter(self._data.with_role(LEAD)), None)
        if role == LEAD and lead is not None:
            return (
                self.tr("The team already has a lead assessor (%1); a team has one lead.").replace("%1", lead.name),
                self.role_combo,
            )
        if not org:
            return self.tr("Type the member's organisation."), self.org_edit
        return None

    @Slot()
    def _on_accepted(self) -> None:
        found = self._problem()
        if found is not None:
            self.message.setText(found[0])
            found[1].setFocus()
            return
        try:
            self._save(
                self.name_edit.text().strip(),
                self.role_combo.currentData(),
                self.org_edit.text().strip(),
                self.qualification_edit.text().strip() or None,
            )
        except Exception as exc:
            names = {
                "--name": self.tr("Name"),
                "--role": self.tr("Role"),
                "--org": self.tr("Organisation"),
                "--qualification": self.tr("Qualification"),
            }
            self.message.setText("\n".join(problem_lines(exc, names)))
            return
        self.accept()


# ----------------------------------------------------------------------------- a declaration
class DeclarationDialog(QDialog):
    """Sign a member's 回避与独立性声明: the statement as it will be signed, the member's own identity; the
    password is asked in the password dialog and the signing runs in the background."""

    signed = Signal(object)  # the fresh case detail

    def __init__(
        self, ctx: Any, ref: str, member: TeamMember, statement: str, default_identity: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self._ctx, self._ref, self._member = ctx, ref, member
        self.operation: Any = None
        self.setWindowTitle(self.tr("Independence declaration of %1").replace("%1", member.name))
        self.setMinimumSize(620, 460)
        intro = QLabel(
            self.tr(
                "%1 signs this statement with their own signing identity (its name must be %1). The signed "
                "statement is stored with the case and checked each time it is shown."
            ).replace("%1", member.name),
            self,
        )
        intro.setWordWrap(True)
        self.statement_view = QPlainTextEdit(statement, self)
        self.statement_view.setReadOnly(True)
        self.statement_view.setTabChangesFocus(True)
        self.identity_edit = QLineEdit(default_identity, self)
        self.identity_edit.setPlaceholderText(self.tr("The member's signing identity (.p12)"))
        browse = QPushButton(self.tr("&Browse…"), self)
        browse.clicked.connect(self._on_browse)
        row = QHBoxLayout()
        row.addWidget(self.identity_edit, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("&Identity"), row)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(_ERROR_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.sign_button = self.buttons.addButton(self.tr("&Sign…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_button.setDefault(True)
        self.buttons.accepted.connect(self.sign)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.statement_view, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.identity_edit.setFocus()

    @Slot()
    def _on_browse(self) -> None:
        choose_identity_file(self.identity_edit, self.tr("Signing identity"))

    @Slot()
    def sign(self) -> None:
        from cityeval_desktop.ui.dialogs.password import PasswordDialog
        from cityeval_desktop.ui.worker import BackgroundOperation, Progress

        if self.operation is not None and not self.operation.done:
            return
        text = self.identity_edit.text().strip()
        if not text:
            self.message.setText(self.tr("Choose the member's identity file."))
            self.identity_edit.setFocus()
            return
        path = Path(text)
        password = PasswordDialog(
            self,
            self.tr("Identity password"),
            self.tr("Password of %1 (the identity of %2)").replace("%1", path.name).replace("%2", self._member.name),
        ).ask()
        if password is None:
            return
        self.message.clear()
        self.sign_button.setEnabled(False)
        ctx, ref, member, lang = self._ctx, self._ref, self._member.name, i18n.lang()

        def work(progress: Progress) -> Any:
            from cityeval_desktop.services.case_data import declare
            from cityeval_desktop.services.identities import load_signing_identity

            progress.report(0, 1, "")
            identity = load_signing_identity(path, password)
            return declare(ctx, ref, member, identity, lang=lang)

        def failed(exc: BaseException) -> None:
            self.sign_button.setEnabled(True)
            self.message.setText("\n".join(problem_lines(exc, {"--identity": self.tr("Identity")})))

        def done(detail: Any) -> None:
            from PySide6.QtCore import QSettings

            QSettings().setValue(identity_key(member), str(path))  # offered the next time this member signs
            self.signed.emit(detail)
            self.accept()

        self.operation = (
            BackgroundOperation(self, work, title=self.tr("Signing the declaration"), cancellable=False)
            .success(done)
            .failure(failed)
            .run()
        )


def identity_key(member: str) -> str:
    """Where the settings keep the identity file a member last signed with (a path, never the password)."""
    return "declarations/identity/" + member.replace("/", "_")


def statement_preview(detail: Any, member: TeamMember) -> str:
    """The declaration a member would sign now (the words depend on the case and its review window)."""
    data, s = detail.case_data, detail.summary
    if data.window_from is None or data.window_to is None:
        return ""
    return independence_statement(
        member,
        entity=s.entity_name,
        uscc=s.uscc,
        window=(data.window_from, data.window_to),
        case_uuid=s.case_uuid,
        lang=i18n.lang(),
    )


# ----------------------------------------------------------------------------- an inspection
class InspectionDialog(QDialog):
    """Add an on-site inspection record: date, place, participants, what was checked, findings, the sampled
    projects and staff (one per line), attachments chosen from disk. Stored whole or not at all."""

    def __init__(self, save: Any, default_participants: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add an on-site inspection record"))
        self.setMinimumWidth(620)
        self._save = save  # (fields) -> None, raises on refusal
        self.date_edit = date_edit(self, None)
        self.place_edit = QLineEdit(self)
        self.place_edit.setMaxLength(200)
        self.participants_edit = self._lines("\n".join(default_participants))
        self.participants_edit.setPlaceholderText(self.tr("one person per line"))
        self.checked_edit = self._lines("")
        self.checked_edit.setPlaceholderText(self.tr("what was checked on site"))
        self.findings_edit = self._lines("")
        self.findings_edit.setPlaceholderText(self.tr("what was found"))
        self.projects_edit = self._lines("")
        self.projects_edit.setPlaceholderText(self.tr("optional: one project per line"))
        self.staff_edit = self._lines("")
        self.staff_edit.setPlaceholderText(self.tr("optional: one person per line"))
        self.files_list = QListWidget(self)
        self.files_list.setAccessibleName(self.tr("Attachments"))
        self.files_list.setFixedHeight(72)
        self.add_files_button = QPushButton(self.tr("Add &files…"), self)
        self.add_files_button.clicked.connect(lambda: self.add_files())
        self.remove_file_button = QPushButton(self.tr("Remove file"), self)
        self.remove_file_button.clicked.connect(self._on_remove_file)
        files_row = QHBoxLayout()
        files_row.addWidget(self.files_list, 1, Qt.AlignmentFlag.AlignTop)
        side = QVBoxLayout()
        side.addWidget(self.add_files_button)
        side.addWidget(self.remove_file_button)
        files_row.addLayout(side)
        self.message, self.buttons, self.ok_button = _form_and_buttons(
            self,
            [
                (self.tr("&Date"), self.date_edit),
                (self.tr("&Place"), self.place_edit),
                (self.tr("Partici&pants"), self.participants_edit),
                (self.tr("&Checked"), self.checked_edit),
                (self.tr("F&indings"), self.findings_edit),
                (self.tr("Sampled pro&jects"), self.projects_edit),
                (self.tr("Sampled s&taff"), self.staff_edit),
                (self.tr("Attachments"), files_row),
            ],
            self.tr("Add"),
            self._on_accepted,
        )
        self.files: list[Path] = []
        self.date_edit.setFocus()

    def _lines(self, text: str) -> QPlainTextEdit:
        edit = QPlainTextEdit(text, self)
        edit.setTabChangesFocus(True)  # Tab goes on to the next field: no keyboard trap
        edit.setFixedHeight(56)
        return edit

    def add_files(self, files: list[Path] | None = None) -> None:
        if files is None:
            names, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach files to the inspection record"))
            files = [Path(n) for n in names]
        for f in files:
            if f not in self.files:
                self.files.append(f)
                self.files_list.addItem(f.name)
                self.files_list.item(self.files_list.count() - 1).setToolTip(str(f))

    @Slot()
    def _on_remove_file(self) -> None:
        row = self.files_list.currentRow()
        if 0 <= row < len(self.files):
            del self.files[row]
            self.files_list.takeItem(row)

    @staticmethod
    def _split(edit: QPlainTextEdit) -> list[str]:
        return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]

    def fields(self) -> dict[str, Any]:
        return {
            "date": _pick_day(self.date_edit).isoformat(),
            "place": self.place_edit.text().strip(),
            "participants": self._split(self.participants_edit),
            "checked": self.checked_edit.toPlainText().strip(),
            "findings": self.findings_edit.toPlainText().strip(),
            "sampled_projects": self._split(self.projects_edit),
            "sampled_staff": self._split(self.staff_edit),
            "attachments": list(self.files),
        }

    def _problem(self, fields: dict[str, Any]) -> tuple[str, QWidget] | None:
        required = (
            ("place", self.tr("Type where the inspection took place."), self.place_edit),
            ("participants", self.tr("Name at least one participant."), self.participants_edit),
            ("checked", self.tr("Describe what was checked."), self.checked_edit),
            ("findings", self.tr("Describe the findings."), self.findings_edit),
        )
        for key, text, widget in required:
            if not fields[key]:
                return text, widget
        for key, widget in (
            ("participants", self.participants_edit),
            ("sampled_projects", self.projects_edit),
            ("sampled_staff", self.staff_edit),
        ):
            if len(fields[key]) > MAX_LIST_LINES:
                return self.tr("At most %1 lines.").replace("%1", str(MAX_LIST_LINES)), widget
        return None

    @Slot()
    def _on_accepted(self) -> None:
        fields = self.fields()
        found = self._problem(fields)
        if found is not None:
            self.message.setText(found[0])
            found[1].setFocus()
            return
        try:
            self._save(fields)
        except Exception as exc:
            names = {
                "date": self.tr("Date"),
                "place": self.tr("Place"),
                "participants": self.tr("Participants"),
                "checked": self.tr("Checked"),
                "findings": self.tr("Findings"),
                "sampled_projects": self.tr("Sampled projects"),
                "sampled_staff": self.tr("Sampled staff"),
                "attachments": self.tr("Attachments"),
            }
            self.message.setText("\n".join(problem_lines(exc, names)))
            return
        self.accept()
