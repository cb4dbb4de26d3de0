"""The profile in Settings names the assessor of new cases, the audit actor and the usual identity (item 10).

Typed into the real Settings page with keys and an input-method commit for Chinese; what counts is
what the services store afterwards (the case's assessor, the audit rows) and what the signing dialog
offers.
"""

from __future__ import annotations

from pathlib import Path

import cityeval_gui_signing_helpers as helpers  # registered by conftest.py
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.reporting import audit_entries
from cityeval_desktop.ui.dialogs.new_case import NewCaseDialog
from cityeval_desktop.ui.main_window import MainWindow
from cityeval_desktop.ui.profile import load_profile

FIXTURES = Path(__file__).parents[1] / "fixtures"
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, ctx):
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    w = MainWindow(ctx, "en")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def _settings(qtbot, window):
    nav = window.nav  # a click on "Settings" in the navigation list
    item = next(nav.item(row) for row in range(nav.count()) if nav.item(row).text() == "Settings")
    QTest.mouseClick(
        nav.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, nav.visualItemRect(item).center()
    )
    page = window.settings_page
    qtbot.waitUntil(page.isVisible, timeout=3000)
    return page


def _type_profile(page, name: str, org: str, identity: str) -> None:
    QTest.mouseClick(page.name_edit, Qt.MouseButton.LeftButton)
    helpers.type_text(page.name_edit, name)
    QTest.keyClick(page.name_edit, Qt.Key.Key_Tab)
    assert page.org_edit.hasFocus()
    helpers.type_text(page.org_edit, org)
    QTest.keyClick(page.org_edit, Qt.Key.Key_Tab)
    assert page.identity_edit.hasFocus()
    helpers.type_text(page.identity_edit, identity)
    QTest.keyClick(page.identity_edit, Qt.Key.Key_Return)


def _new_case_dialog(qtbot, window) -> NewCaseDialog:
    helpers.press(qtbot, window, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), NewCaseDialog), timeout=3000)
    return QApplication.activeModalWidget()


def test_profile_names_the_assessor_the_audit_actor_and_the_identity(window, ctx, qtbot, tmp_path) -> None:
    identity = tmp_path / "zhangsan.p12"
    identity.write_bytes(b"not read: only the path is offered")
    page = _settings(qtbot, window)
    _type_profile(page, "张三", "福建数字评估中心", str(identity))
    assert "张三" in page.profile_message.text()
    assert load_profile() == type(load_profile())("张三", "福建数字评估中心", str(identity))
    assert ctx.actor == "张三"

    dialog = _new_case_dialog(qtbot, window)
    assert dialog.assessor_edit.text() == "张三"  # not the login name
    dialog.name_edit.setFocus()
    helpers.type_text(dialog.name_edit, "资料主体")
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
    QTest.keyClicks(dialog.uscc_edit, "91350100M000100Y43")
    combo = dialog.framework_combo  # the small test framework, chosen with the arrow keys
    target = next(i for i in range(combo.count()) if str(combo.itemData(i)).startswith("mini@"))
    combo.setFocus()
    while combo.currentIndex() != target:
        QTest.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.waitUntil(ok.isEnabled, timeout=3000)
    QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.created is not None, timeout=5000)
    ref = dialog.created.ref
    detail = case_service.load_case(ctx, ref)
    assert detail.summary.assessor == "张三"
    assert [e["actor"] for e in audit_entries(ctx, detail.summary.case_uuid)] == ["张三"]  # case.create

    # the signing dialog offers the profile's identity
    helpers.complete(ctx, ref, tmp_path)
    assert window.open_case(ref)
    sign = helpers.open_sign_dialog(qtbot, window)
    assert sign.identity_edit.text() == str(identity)
    qtbot.waitUntil(sign.isActiveWindow, timeout=3000)
    assert sign.password_edit.hasFocus()  # the identity is there: the password is what is left to type


def test_without_a_profile_new_cases_do_not_name_the_login(window, ctx, qtbot) -> None:
    assert ctx.actor == "tester"  # the login the context was opened with
    dialog = _new_case_dialog(qtbot, window)
    assert dialog.assessor_edit.text() == ""
    QTest.keyClick(dialog, Qt.Key.Key_Escape)


def test_a_bad_profile_is_refused_and_nothing_is_saved(window, ctx, qtbot, tmp_path) -> None:
    page = _settings(qtbot, window)
    _type_profile(page, "李四", "机构", str(tmp_path / "missing.p12"))
    assert "missing.p12" in page.profile_message.text() and "not a file" in page.profile_message.text()
    assert load_profile().name == "" and ctx.actor == "tester"
    # a folder or a file of another kind is not an identity either
    helpers.retype(page.identity_edit, str(tmp_path))
    QTest.keyClick(page.identity_edit, Qt.Key.Key_Return)
    assert load_profile().identity == ""
    notes = tmp_path / "notes.txt"
    notes.write_text("x", encoding="utf-8")
    helpers.retype(page.identity_edit, str(notes))
    QTest.keyClick(page.identity_edit, Qt.Key.Key_Return)
    assert "not an identity file" in page.profile_message.text() and load_profile().identity == ""
    # a name longer than a case's assessor field
    helpers.retype(page.identity_edit, "")
    helpers.retype(page.name_edit, "x" * 201)
    QTest.keyClick(page.name_edit, Qt.Key.Key_Return)
    assert "at most 200" in page.profile_message.text() and load_profile().name == ""
