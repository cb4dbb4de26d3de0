"""The new-identity dialog says the password minimum and creates nothing below it (issue 9 item 14)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from cityeval_desktop.services import identities as identity_service

pytestmark = pytest.mark.gui
SHOTS = Path("/tmp/shots/dbfiles")


def _activate(qtbot: Any, widget: Any) -> None:
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=3000)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_short_password_keeps_create_disabled_with_the_minimum_named(
    qapp: Any, qtbot: Any, ctx: Any, tmp_path: Path, lang: str
) -> None:
    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.app import install_language, register_fonts
    from cityeval_desktop.ui.dialogs.new_identity import NewIdentityDialog

    register_fonts(qapp)
    install_language(qapp, lang)
    i18n.set_lang(lang)
    try:
        dialog = NewIdentityDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        _activate(qtbot, dialog)
        out = tmp_path / "wang.p12"
        dialog.path_edit.setFocus()
        QTest.keyClick(dialog.path_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(dialog.path_edit, str(out))
        dialog.name_edit.setFocus()
        QTest.keyClicks(dialog.name_edit, "Wang Wu")
        QTest.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
        QTest.keyClick(dialog.org_edit, Qt.Key.Key_Tab)
        assert dialog.uscc_edit.hasFocus()  # the organisation's credit code, optional: left empty
        QTest.keyClick(dialog.uscc_edit, Qt.Key.Key_Tab)
        assert dialog.password_edit.hasFocus()
        placeholder = dialog.password_edit.placeholderText()
        assert placeholder == ("至少 8 个字符" if lang == "zh" else "At least 8 characters"), placeholder
        QTest.keyClicks(dialog.password_edit, "1234567")
        QTest.keyClick(dialog.password_edit, Qt.Key.Key_Tab)
        QTest.keyClicks(dialog.repeat_edit, "1234567")

        assert not dialog.create_button.isEnabled()
        wanted = "密码至少需要 8 个字符（现在 7 个）" if lang == "zh" else "at least 8 characters (it has 7)"
        assert wanted in dialog.message.text(), dialog.message.text()
        SHOTS.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(SHOTS / f"new-identity-short-password-{lang}.png"))
        QTest.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)  # Enter with a short password creates nothing
        assert dialog.operation is None and not out.exists()

        dialog.password_edit.setFocus()
        QTest.keyClick(dialog.password_edit, Qt.Key.Key_End)
        QTest.keyClicks(dialog.password_edit, "8")
        dialog.repeat_edit.setFocus()
        QTest.keyClick(dialog.repeat_edit, Qt.Key.Key_End)
        QTest.keyClicks(dialog.repeat_edit, "8")
        assert dialog.create_button.isEnabled(), dialog.message.text()
        QTest.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.operation is not None and not dialog.isVisible(), timeout=60000)
        opened = identity_service.open_identity(ctx, out, "12345678")  # stored: the file opens with it
        assert opened.name == "Wang Wu"
    finally:
        install_language(qapp, "zh")
        i18n.set_lang("zh")
