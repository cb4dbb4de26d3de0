"""Table models of the package screens: the checks of one package, the outcome of an import, the import ledger."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any, ClassVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,  # type: ignore[attr-defined]
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from cityeval_desktop.services.package_views import reason_text
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.widgets.icons import check_icon
from cityeval_desktop.ui.widgets.table_model import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_DECORATION = Qt.ItemDataRole.DecorationRole
BAD, GOOD, WARN, GREY = QColor("#b3261e"), QColor("#1b7f3b"), QColor("#8a5a00"), QColor("#6b7280")


def _file_name(path: object) -> str:
    text = str(path)
    return PurePath(text).name or text


def size_text(size: int) -> str:
    """A byte count as people read it (1.5 MB)."""
    for unit, step in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= step:
            return f"{size / step:.1f} {unit}"
    return f"{size} B"


def trusted_text(trusted: bool | None) -> str:
    """The "trusted" column: yes, no (unverified), or a dash when no signer was read."""
    if trusted is None:
        return "–"
    return (
        QCoreApplication.translate("PackageTables", "yes")
        if trusted
        else QCoreApplication.translate("PackageTables", "no")
    )


class _RowsModel(RowsTableModel):
    """Rows of plain data, a fixed list of translated column titles (``COLUMNS``, in the class's context);
    ``ROW_ROLE`` gives the row itself."""

    ITEM_ROLE = ROW_ROLE


class CheckTableModel(_RowsModel):
    """The named checks of one package, in order: passed, failed (and why), or not run (``ok`` is None)."""

    CONTEXT = "CheckTableModel"
    COL_CHECK, COL_RESULT, COL_REASON = range(3)
    COLUMNS: ClassVar[list[str]] = [
        QT_TRANSLATE_NOOP("CheckTableModel", "Check"),
        QT_TRANSLATE_NOOP("CheckTableModel", "Result"),
        QT_TRANSLATE_NOOP("CheckTableModel", "Reason"),
    ]

    def cell(self, check: Any, col: int, role: int) -> Any:
        if role == _DISPLAY:
            if col == self.COL_CHECK:
                return i18n.pick(check.label)
            if col == self.COL_RESULT:
                if check.ok is None:
                    return QCoreApplication.translate("PackageTables", "not checked")
                return (
                    QCoreApplication.translate("PackageTables", "passed")
                    if check.ok
                    else QCoreApplication.translate("PackageTables", "failed")
                )
            if check.ok is None:
                return QCoreApplication.translate("PackageTables", "not checked: an earlier check failed")
            return i18n.pick(check.detail) if check.detail is not None else ""
        if role == _DECORATION and col == self.COL_RESULT and check.ok is not None:
            return check_icon(bool(check.ok))
        if role == _FOREGROUND:
            if check.ok is None:
                return GREY
            if col == self.COL_RESULT:
                return GOOD if check.ok else BAD
        if role == _TOOLTIP and col == self.COL_REASON and check.detail is not None:
            return i18n.pick(check.detail)
        return None


class ImportResultModel(_RowsModel):
    """One row per package file of the last import: what happened to it, and why."""

    CONTEXT = "ImportResultModel"
    COL_FILE, COL_OUTCOME, COL_CASE, COL_SIGNER, COL_TRUSTED, COL_REASON = range(6)
    COLUMNS: ClassVar[list[str]] = [
        QT_TRANSLATE_NOOP("ImportResultModel", "File"),
        QT_TRANSLATE_NOOP("ImportResultModel", "Outcome"),
        QT_TRANSLATE_NOOP("ImportResultModel", "Case"),
        QT_TRANSLATE_NOOP("ImportResultModel", "Signer"),
        QT_TRANSLATE_NOOP("ImportResultModel", "Trusted"),
        QT_TRANSLATE_NOOP("ImportResultModel", "Reason"),
    ]

    def cell(self, o: Any, col: int, role: int) -> Any:
        check = o.check
        if role == _DISPLAY:
            if col == self.COL_FILE:
                return _file_name(o.path)
            if col == self.COL_OUTCOME:
                text = i18n.pick(o.label)
                if not o.rejected and not check.trusted:
                    text = QCoreApplication.translate("PackageTables", "%1 — unverified").replace("%1", text)
                return text
            if col == self.COL_CASE:
                return _case_text(check.entity_name, check.case_uuid, check.revision)
            if col == self.COL_SIGNER:
                return check.signer_name or "–"
            if col == self.COL_TRUSTED:
                return trusted_text(check.trusted if check.signer_fingerprint else None)
            return i18n.pick(o.reason) if o.reason is not None else ""
        if role == _DECORATION and col == self.COL_OUTCOME:
            return check_icon(not o.rejected)
        if role == _FOREGROUND:
            if col == self.COL_OUTCOME:
                return BAD if o.rejected else (GOOD if check.trusted else WARN)
            if col == self.COL_TRUSTED and check.signer_fingerprint and not check.trusted:
                return BAD
        if role == _TOOLTIP:
            if col == self.COL_FILE:
                return str(o.path)
            if col == self.COL_CASE and o.ref:
                return o.ref
            if col == self.COL_SIGNER and check.signer_fingerprint:
                return QCoreApplication.translate("PackageTables", "Certificate fingerprint (SHA-256): %1").replace(
                    "%1", check.signer_fingerprint
                )
            if col == self.COL_REASON and o.reason is not None:
                where = QCoreApplication.translate("PackageTables", "Copied to the quarantine folder: %1").replace(
                    "%1", str(o.quarantine)
                )
                return i18n.pick(o.reason) + ("\n" + where if o.quarantine else "")
        return None


def _case_text(entity: str | None, uuid: str | None, revision: int | None) -> str:
    if not uuid:
        return "–"
    rev = QCoreApplication.translate("PackageTables", "revision %1").replace("%1", str(revision)) if revision else ""
    parts = [entity, uuid[:8], rev] if entity else [uuid[:8], rev]
    return " · ".join(p for p in parts if p)


class LedgerModel(_RowsModel):
    """The import ledger, newest first: every attempt, rejected ones included."""

    CONTEXT = "LedgerModel"
    COL_WHEN, COL_OUTCOME, COL_FILE, COL_CASE, COL_SIGNER, COL_TRUSTED, COL_REASON, COL_BY = range(8)
    COLUMNS: ClassVar[list[str]] = [
        QT_TRANSLATE_NOOP("LedgerModel", "When"),
        QT_TRANSLATE_NOOP("LedgerModel", "Outcome"),
        QT_TRANSLATE_NOOP("LedgerModel", "File"),
        QT_TRANSLATE_NOOP("LedgerModel", "Case"),
        QT_TRANSLATE_NOOP("LedgerModel", "Signer"),
        QT_TRANSLATE_NOOP("LedgerModel", "Trusted"),
        QT_TRANSLATE_NOOP("LedgerModel", "Reason"),
        QT_TRANSLATE_NOOP("LedgerModel", "By"),
    ]

    def cell(self, e: Any, col: int, role: int) -> Any:
        if role == _DISPLAY:
            if col == self.COL_WHEN:
                return e.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            if col == self.COL_OUTCOME:
                return i18n.pick(e.label)
            if col == self.COL_FILE:
                return _file_name(e.file_name)
            if col == self.COL_CASE:
                return _case_text(None, e.case_uuid, e.revision)
            if col == self.COL_SIGNER:
                return e.signer_name or "–"
            if col == self.COL_TRUSTED:
                return trusted_text(e.trusted)
            if col == self.COL_REASON:
                return i18n.pick(reason_text(e.reason))
            return e.actor
        if role == _FOREGROUND:
            if col == self.COL_OUTCOME:
                return BAD if e.outcome == "rejected" else None
            if col == self.COL_TRUSTED and e.trusted is False:
                return BAD
        if role == _DECORATION and col == self.COL_OUTCOME:
            return check_icon(e.outcome != "rejected")
        if role == _TOOLTIP:
            if col == self.COL_FILE:
                lines = [e.file_name]
                if e.package_sha256:
                    lines.append(f"SHA-256: {e.package_sha256}")
                if e.quarantine:
                    lines.append(
                        QCoreApplication.translate("PackageTables", "Copied to the quarantine folder: %1").replace(
                            "%1", e.quarantine
                        )
                    )
                return "\n".join(lines)
            if col == self.COL_CASE and e.case_uuid:
                return f"{e.case_uuid}@{e.revision}" if e.revision else e.case_uuid
            if col == self.COL_SIGNER and e.signer_fingerprint:
                return QCoreApplication.translate("PackageTables", "Certificate fingerprint (SHA-256): %1").replace(
                    "%1", e.signer_fingerprint
                )
            if col == self.COL_REASON and e.reason:
                return i18n.pick(reason_text(e.reason))
        return None


class LedgerFilterProxy(QSortFilterProxyModel):
    """Filter the ledger by outcome and by a text found in the file, case, signer, reason or person."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._outcome: str | None = None
        self._search = ""

    def set_outcome(self, outcome: str | None) -> None:
        self.beginFilterChange()
        self._outcome = outcome or None
        self.endFilterChange()

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._search = text.strip().casefold()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, LedgerModel)
        e = model.row_data(source_row)
        if self._outcome is not None and e.outcome != self._outcome:
            return False
        if not self._search:
            return True
        fields = (e.file_name, e.case_uuid, e.signer_name, e.signer_fingerprint, e.package_sha256, e.reason, e.actor)
        return any(self._search in (f or "").casefold() for f in fields)
