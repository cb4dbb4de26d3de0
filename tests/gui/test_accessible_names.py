"""Every control a user can reach has an accessible name (issue 14, item 4): what a screen reader says.

The test walks the widget tree of every page (reached with its Ctrl+digit shortcut, each tab of it),
the workspace of every sample case (both tabs, every indicator of the tree, so every answer editor is
shown), and the dialogs, and asks Qt's accessibility layer for each interactive widget's name — the
name a screen reader reads, from the widget's text, its form label (buddy) or its accessible name.
A control without one fails the test, named by its class, placeholder and parents.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.ui.main_window import MainWindow

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
    QAbstractSlider,
    QTabBar,
)


def unnamed(root: QWidget) -> list[str]:
    """The interactive widgets shown in ``root`` that have no accessible name."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root):
            continue
        if isinstance(widget, (QHeaderView, QScrollBar)):  # parts of a view or scroll area, named by it
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
            continue  # the text part of a combo or spin box: the box carries the name
        iface = QAccessible.queryAccessibleInterface(widget)
        if iface is not None and iface.text(QAccessible.Text.Name).strip():
            continue
        chain, parent = [], widget.parent()
        while parent is not None and len(chain) < 4:
            chain.append(type(parent).__name__)
            parent = parent.parent()
        hint = getattr(widget, "placeholderText", lambda: "")() or widget.toolTip()
        found.append(f"{type(widget).__name__} ({hint[:40]!r}) in {' < '.join(chain)}")
    return found


@pytest.fixture(params=["zh", "en"])
def window(request: Any, qtbot: Any, qapp: Any, sample_ctx: Any) -> MainWindow:
    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.app import install_language

    i18n.set_lang(request.param)
    install_language(qapp, request.param)
    w = MainWindow(sample_ctx, request.param)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def _record_an_objection(ctx: Any) -> Any:
    from cityeval_desktop.services import objections

    cases = case_service.list_cases(ctx)
    finalized = next(s for s in cases if s.status == "finalized" and s.mode == "third-party")
    return objections.add_objection(ctx, finalized.ref, "无障碍检查用的异议理由", by="张三")


def _a_delta_dialog(ctx: Any, window: MainWindow) -> Any:
    """The delta dialog of a sample entity with both results (or the one saying there is nothing to compare)."""
    from cityeval_desktop.services import region
    from cityeval_desktop.ui.dialogs.delta import DeltaDialog

    codes = dict.fromkeys(s.uscc for s in case_service.list_cases(ctx))
    for code in codes:
        try:
            region.delta(ctx, code)
        except Exception:
            continue
        return DeltaDialog(ctx, code, window.lang, None, window)
    return DeltaDialog(ctx, next(iter(codes)), window.lang, None, window)


def _walk_tabs(window: MainWindow, where: str, problems: dict[str, list[str]]) -> None:
    problems[where] = unnamed(window)
    for tabs in window.stack.currentWidget().findChildren(QTabWidget):
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            QTest.qWait(0)
            problems[f"{where}, tab {tabs.tabText(i)!r}"] = unnamed(window)


def test_every_control_of_every_page_and_case_screen_has_a_name(window, sample_ctx, qtbot) -> None:
    problems: dict[str, list[str]] = {}
    _record_an_objection(sample_ctx)  # the objections page then shows its details pane
    # Ctrl+1 … Ctrl+8: cases, frameworks, identities and trust, database, settings, import, the regional view,
    # objections
    for key in "12345678":
        QTest.keyClick(window, getattr(Qt.Key, f"Key_{key}"), Qt.KeyboardModifier.ControlModifier)
        if key == "7":  # the regional view reads its figures on the background worker
            assert window.stack.currentWidget() is window.region_page
            qtbot.waitUntil(lambda: not window.region_page.loading, timeout=10_000)
        _walk_tabs(window, f"page Ctrl+{key}", problems)
    QTest.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    for summary in case_service.list_cases(sample_ctx):
        assert window.open_case(summary.ref)
        ws = window.workspace
        for i in range(ws.tabs.count()):
            ws.tabs.setCurrentIndex(i)
            QTest.qWait(0)
            problems[f"{summary.entity_name} ({summary.status}), tab {i}"] = unnamed(window)
        ws.tabs.setCurrentIndex(0)
        for indicator in list(ws.tree._items):
            ws.tree.select_indicator(indicator)
            problems[f"{summary.entity_name} ({summary.status}), {indicator}"] = unnamed(window)
    bad = {where: found for where, found in problems.items() if found}
    assert not bad, "controls without an accessible name:\n" + "\n".join(
        f"{where}: {item}" for where, found in bad.items() for item in found
    )


def test_every_control_of_the_dialogs_has_a_name(window, sample_ctx, qtbot, tmp_path) -> None:
    from cityeval_desktop.domain.case_data import CaseData
    from cityeval_desktop.ui.dialogs.certificate import CertificateDialog
    from cityeval_desktop.ui.dialogs.countersign import CountersignDialog
    from cityeval_desktop.ui.dialogs.export_package import ExportPackageDialog
    from cityeval_desktop.ui.dialogs.finalize import FinalizeDialog
    from cityeval_desktop.ui.dialogs.new_case import NewCaseDialog
    from cityeval_desktop.ui.dialogs.new_identity import NewIdentityDialog
    from cityeval_desktop.ui.dialogs.objection import DecideObjectionDialog, RecordObjectionDialog
    from cityeval_desktop.ui.dialogs.password import PasswordDialog
    from cityeval_desktop.ui.dialogs.verify_package import VerifyPackageDialog
    from cityeval_desktop.ui.workspace.case_data_dialogs import InspectionDialog, MemberDialog

    cases = case_service.list_cases(sample_ctx)
    finalized = next(s for s in cases if s.status == "finalized" and s.mode == "third-party")
    draft = next(s for s in cases if s.is_draft and s.mode == "third-party")
    objection = _record_an_objection(sample_ctx)
    dialogs = [
        NewCaseDialog(sample_ctx, window),
        NewIdentityDialog(sample_ctx, window, key_size=2048),
        PasswordDialog(window, "Password", "The identity's password", confirm=True),
        VerifyPackageDialog(sample_ctx, window),
        FinalizeDialog(sample_ctx, draft.ref, window),
        ExportPackageDialog(sample_ctx, finalized, window),
        CertificateDialog(sample_ctx, finalized, window),
        CountersignDialog(sample_ctx, case_service.load_case(sample_ctx, finalized.ref), window),
        MemberDialog(CaseData(), lambda *a: None, window),
        InspectionDialog(lambda *a: None, ["张三"], window),
        RecordObjectionDialog(sample_ctx, window, target=finalized.ref),
        DecideObjectionDialog(sample_ctx, objection, window),
        _a_delta_dialog(sample_ctx, window),
    ]
    problems = {}
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        QTest.qWait(0)
        problems[type(dialog).__name__] = unnamed(dialog)
        dialog.close()
    bad = {where: found for where, found in problems.items() if found}
    assert not bad, "controls without an accessible name:\n" + "\n".join(
        f"{where}: {item}" for where, found in bad.items() for item in found
    )
