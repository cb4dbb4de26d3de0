"""Publish the public disclosure (评估结果公示): the agency's identity and password, the notice (working days,
contact), the minimum group size, the output files, and the agency's holiday list; signed and written on
the worker, with Cancel.

The document is built, signed and written by ``services/disclosure.py publish`` (the same service as
``cityeval region disclosure``); each change of the holiday list is stored at once (``set_holidays``, one
audited transaction). docs/disclosure.md is the contract.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cityeval_desktop.domain import days
from cityeval_desktop.domain import disclosure as dd
from cityeval_desktop.domain.regions import region_name
from cityeval_desktop.services import disclosure
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.ui import i18n, labels
from cityeval_desktop.ui.dialogs.finalize import LAST_IDENTITY_KEY, default_identity
from cityeval_desktop.ui.dialogs.identity_form import IdentityFormDialog
from cityeval_desktop.ui.errors import describe
from cityeval_desktop.ui.worker import BackgroundOperation, Progress


class DisclosureDialog(IdentityFormDialog):
    """Asks for everything the disclosure needs; ``published`` carries the PublishResult.

    ``filters`` (``as_of``, ``by``, ``category``, ``tier``, ``region``) are the regional view's, passed on
    to the service as they are."""

    published = Signal(object)  # PublishResult

    def __init__(
        self, ctx: AppContext, lang: str, parent: QWidget | None = None, *, filters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(
            ctx,
            "",
            parent,
            title=self.tr("Publish disclosure"),
            intro=self.tr(
                "Publish the counted third-party results with their public fields only, signed by the agency. "
                "The notice runs the given number of working days from today, skipping weekends and the "
                "holidays listed below; figures of groups smaller than the minimum size are withheld."
            ),
            identity_label=self.tr("Agency identity"),
            identity_hint=self.tr("The agency's identity (.p12)"),
            identity=default_identity(),
            remember_key=LAST_IDENTITY_KEY,
            action=self.tr("Publish"),
            with_folder=True,
            width=720,
        )
        self.filters = dict(filters or {})
        settings = disclosure.disclosure_settings(ctx)
        self.days_spin = QSpinBox(self)
        self.days_spin.setRange(dd.MIN_NOTICE_DAYS, dd.MAX_NOTICE_DAYS)
        self.days_spin.setValue(dd.DEFAULT_NOTICE_DAYS)
        self.days_spin.setSuffix(self.tr(" working days"))
        self.contact_edit = QLineEdit(self)
        self.contact_edit.setMaxLength(dd.MAX_CONTACT)
        self.contact_edit.setPlaceholderText(self.tr("Where and how to hand in an objection"))
        self.group_spin = QSpinBox(self)
        self.group_spin.setRange(dd.MIN_MIN_GROUP, dd.MAX_MIN_GROUP)
        self.group_spin.setValue(settings.min_group)
        self.group_spin.setSuffix(self.tr(" entities"))
        self.lang_combo = QComboBox(self)
        self.lang_combo.addItem("中文", "zh")
        self.lang_combo.addItem("English", "en")
        self.lang_combo.setCurrentIndex(1 if lang == "en" else 0)
        name = self.tr("disclosure")
        stem = Path.home() / f"{name}-{days.today().isoformat()}"
        self.pdf_edit = QLineEdit(str(stem.with_suffix(".pdf")), self)
        self.csv_edit = QLineEdit(str(stem.with_suffix(".csv")), self)
        self.json_edit = QLineEdit(str(stem.with_suffix(".json")), self)
        self.csv_edit.setPlaceholderText(self.tr("Leave empty for no CSV"))
        self.json_edit.setPlaceholderText(self.tr("Leave empty for no JSON"))
        self.scope_label = QLabel(self.scope_text(), self)
        self.scope_label.setWordWrap(True)
        self.form.addRow(self.tr("Results"), self.scope_label)
        self.form.addRow(self.tr("Notice period"), self.days_spin)
        self.form.addRow(self.tr("Contact for objections"), self.contact_edit)
        self.form.addRow(self.tr("Minimum group size"), self.group_spin)
        self.form.addRow(self.tr("Language"), self.lang_combo)
        for label, edit, kind in (
            (self.tr("PDF (signed)"), self.pdf_edit, "pdf"),
            (self.tr("CSV"), self.csv_edit, "csv"),
            (self.tr("JSON"), self.json_edit, "json"),
        ):
            button = self.choose_button(partial(self._choose_out, edit, kind))
            self.form.addRow(label, self.file_row(edit, button, label))

        # the holiday list, stored at once
        self.holidays_box = QGroupBox(self.tr("Holidays and make-up working days"), self)
        self.holiday_list = QListWidget(self.holidays_box)
        self.holiday_list.setAccessibleName(self.tr("Holidays and make-up working days"))
        self.holiday_list.setMinimumHeight(90)
        self.date_edit = QLineEdit(self.holidays_box)
        self.date_edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.date_edit.setAccessibleName(self.tr("Date"))
        self.kind_combo = QComboBox(self.holidays_box)
        self.kind_combo.addItem(self.tr("Holiday"), False)
        self.kind_combo.addItem(self.tr("Make-up working day"), True)
        self.add_button = QPushButton(self.tr("Add"), self.holidays_box)
        self.remove_button = QPushButton(self.tr("Remove"), self.holidays_box)
        for b in (self.add_button, self.remove_button):
            b.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_holiday)
        self.remove_button.clicked.connect(self.remove_holiday)
        self.date_edit.returnPressed.connect(self.add_holiday)
        row = QHBoxLayout()
        row.addWidget(self.date_edit, 1)
        row.addWidget(self.kind_combo)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        box = QVBoxLayout(self.holidays_box)
        box.addWidget(self.holiday_list)
        box.addLayout(row)
        self._show_holidays(settings.holidays)

        self.publish_button = self.action_button
        self.finish_layout(self.publish, self.holidays_box)

    def scope_text(self) -> str:
        """Which results the disclosure publishes: the regional view's filters in words."""
        f = self.filters
        code = f.get("region")
        name = region_name(code) if code else None
        region = f"{code} {i18n.pick(name) if name else ''}".strip() if code else self.tr("all regions")
        category = labels.category(f["category"]) if f.get("category") else self.tr("all categories")
        tier = labels.tier(f["tier"]) if f.get("tier") else self.tr("all tiers")
        day = f["as_of"].isoformat() if f.get("as_of") else days.today().isoformat()
        return (
            self.tr("%1 · %2 · %3 · valid on %4")
            .replace("%4", day)
            .replace("%3", tier)
            .replace("%2", category)
            .replace("%1", region)
        )

    # ------------------------------------------------------------------ the holiday list
    def _show_holidays(self, days: list[dd.CalendarDay]) -> None:
        self.holiday_list.clear()
        for c in days:
            kind = self.tr("make-up working day") if c.working else self.tr("holiday")
            item = QListWidgetItem(f"{c.day.isoformat()}  {kind}")
            item.setData(256, c.day.isoformat())
            self.holiday_list.addItem(item)

    @Slot()
    def add_holiday(self) -> None:
        text = self.date_edit.text().strip()
        if not text:
            self.message.setText(self.tr("Type a date (YYYY-MM-DD) to add."))
            self.date_edit.setFocus()
            return
        try:
            days = disclosure.add_holidays(self._ctx, [text], working=bool(self.kind_combo.currentData()))
        except Exception as exc:  # the service says what is wrong (a bad date, a weekday as make-up day)
            self.message.setText("\n".join(describe(exc)))
            self.date_edit.selectAll()
            self.date_edit.setFocus()
            return
        self.message.clear()
        self.date_edit.clear()
        self._show_holidays(days)

    @Slot()
    def remove_holiday(self) -> None:
        item = self.holiday_list.currentItem()
        if item is None:
            self.message.setText(self.tr("Choose a date in the list to remove."))
            return
        try:
            days = disclosure.remove_holidays(self._ctx, [str(item.data(256))])
        except Exception as exc:
            self.message.setText("\n".join(describe(exc)))
            return
        self.message.clear()
        self._show_holidays(days)

    # ------------------------------------------------------------------ publishing
    def _choose_out(self, edit: QLineEdit, kind: str) -> None:
        filters = {"pdf": self.tr("PDF (*.pdf)"), "csv": self.tr("CSV (*.csv)"), "json": self.tr("JSON (*.json)")}
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save as"), edit.text(), filters[kind])
        if name:
            edit.setText(str(_with_suffix(Path(name), kind)))

    @Slot()
    def publish(self) -> BackgroundOperation | None:
        """Check the fields, then build, sign and write the disclosure on the background worker."""
        pdf_text = self.pdf_edit.text().strip()
        checks = self.identity_checks(self.tr("Choose the agency's identity file."))
        checks.append((not pdf_text, self.tr("Choose where to save the PDF."), self.pdf_edit))
        if self.busy() or self.refuse(checks):
            return None
        pdf = _with_suffix(Path(pdf_text).expanduser(), "pdf")
        self.pdf_edit.setText(str(pdf))
        csv_text, json_text = self.csv_edit.text().strip(), self.json_edit.text().strip()
        kwargs: dict[str, Any] = {
            "csv_out": _with_suffix(Path(csv_text).expanduser(), "csv") if csv_text else None,
            "json_out": _with_suffix(Path(json_text).expanduser(), "json") if json_text else None,
            "lang": str(self.lang_combo.currentData()),
            "notice_days": self.days_spin.value(),
            "contact": self.contact_edit.text(),
            "min_group": self.group_spin.value(),
            **self.filters,
        }
        ctx, identity_path, password = self._ctx, self.identity_path, self.password_edit.text()

        def work(progress: Progress) -> Any:
            progress.report(0, 1, "")
            return disclosure.publish_with_identity_file(
                ctx, identity_path, password, pdf, check=progress.check, **kwargs
            )

        return self.start(work, self.tr("Publishing the disclosure"), self._on_published, cancellable=True)

    def _on_published(self, result: Any) -> None:
        n = result.notice
        results = i18n.plural(result.entities, self.tr("%1 result"), self.tr("%1 results"))
        pages = i18n.plural(result.pages, self.tr("%1 page"), self.tr("%1 pages"))
        lines = [  # the counts first: a file name may hold "%2"
            self.tr("Disclosure written: %1 (%2, %3)")
            .replace("%3", pages)
            .replace("%2", results)
            .replace("%1", str(result.pdf)),
        ]
        lines += [self.tr("Written: %1").replace("%1", str(p)) for p in (result.csv, result.json) if p is not None]
        lines.append(
            self.tr("Notice period %1 to %2 (%3 working days); objections by %2")
            .replace("%1", n.first.isoformat())
            .replace("%2", n.end.isoformat())
            .replace("%3", str(n.working_days))
        )
        self.done_with(lines)
        self.holidays_box.setEnabled(False)
        self.published.emit(result)


def _with_suffix(path: Path, kind: str) -> Path:
    return path if path.suffix.lower() == f".{kind}" else path.with_name(f"{path.name}.{kind}")
