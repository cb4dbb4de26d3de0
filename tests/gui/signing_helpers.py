"""Shared steps of the finalize/output GUI tests: a complete case, signing through the dialog with the keyboard."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from cityeval_desktop.services import cases as case_service
from tests.case_data_helpers import MINI_VALUES, org_identity_path, staff_if_third_party
from tests.case_data_helpers import PASSWORD as TEAM_PASSWORD

PASSWORD = "Xianchang-Pinggu-2026!"  # typed key by key (QTest types Latin-1 only)


def complete(ctx: object, ref: str, tmp_path: Path, lead: Path | None = None, password: str = PASSWORD) -> None:
    """Answer every indicator of the mini framework, decide the vetoes, attach S's required file; a
    third-party case also gets its team (led by the identity file ``lead``, who then signs, or by one of
    its own), their signed declarations and the opinion (issue 12)."""
    for ind, value in MINI_VALUES.items():
        case_service.set_answer(ctx, ref, ind, value=value)
    for veto in ("V1", "V2"):
        case_service.set_veto(ctx, ref, veto, False)
    scan = tmp_path / "方法手册.pdf"
    scan.write_bytes(b"%PDF-1.4 method handbook")
    case_service.add_evidence(ctx, ref, "S", [scan])
    from cityeval_desktop.signing.identity import load_identity

    staff_if_third_party(ctx, ref, tmp_path, lead=load_identity(lead, password) if lead is not None else None)


def type_text(widget: object, text: str) -> None:
    """Type like a person: keys for ASCII, an input-method commit for Chinese (as a Pinyin IME sends it)."""
    for part in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if part.isascii():
            QTest.keyClicks(widget, part)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(part)
            QApplication.sendEvent(widget, event)


def retype(widget: object, text: str) -> None:
    """Select all in a line edit and type ``text`` over it, key by key."""
    widget.setFocus()  # type: ignore[attr-defined]
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(widget, Qt.Key.Key_Delete)
    type_text(widget, text)


def sign_in_dialog(qtbot: object, dialog: object, identity: Path, password: str, report_lang: str) -> object:
    """Fill the finalize dialog with the keyboard and press Enter; returns the finished background operation."""
    retype(dialog.identity_edit, str(identity))  # type: ignore[attr-defined]
    combo = dialog.lang_combo  # type: ignore[attr-defined]
    combo.setFocus()
    while combo.currentData() != report_lang:
        QTest.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() == 0 else Qt.Key.Key_Up)
    retype(dialog.password_edit, password)  # type: ignore[attr-defined]
    if dialog.third_party:  # type: ignore[attr-defined]  # the organisation signs second (issue 12)
        retype(dialog.org_identity_edit, str(org_identity_path()))  # type: ignore[attr-defined]
        retype(dialog.org_password_edit, TEAM_PASSWORD)  # type: ignore[attr-defined]
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    op = dialog.operation  # type: ignore[attr-defined]
    assert op is not None, dialog.message.text()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: op.done, timeout=60000)  # type: ignore[attr-defined]
    return op


def activate(qtbot: object, window: object) -> None:
    """Make ``window`` the active window (shortcuts only reach an active window)."""
    window.activateWindow()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)  # type: ignore[attr-defined]


def press(qtbot: object, window: object, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    """A key press where the user's keyboard is: the focused widget of the active window (its shortcuts apply)."""
    activate(qtbot, window)
    target = QApplication.focusWidget()
    if target is None or target.window() is not window:
        target = window.workspace.tree  # type: ignore[attr-defined]
        target.setFocus()
    QTest.keyClick(target, key, modifiers)


def open_sign_dialog(qtbot: object, window: object) -> object:
    """Ctrl+Shift+F on a case whose checks pass opens the signing dialog; return it."""
    from cityeval_desktop.ui.dialogs.finalize import FinalizeDialog

    press(qtbot, window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.findChild(FinalizeDialog) is not None, timeout=5000)  # type: ignore[attr-defined]
    dialog = window.findChild(FinalizeDialog)  # type: ignore[attr-defined]
    assert QApplication.activeModalWidget() in (dialog, None)
    return dialog


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF as pdftotext reads it, whitespace removed (rotated marks come apart)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-raw", str(path), "-"], capture_output=True, check=True)
    pages = out.stdout.decode("utf-8").split("\f")
    return [re.sub(r"\s+", "", page) for page in pages if page.strip()]


def password_typer(password: str) -> Any:
    """Types ``password`` into the next password dialog as it opens (key by key, then Enter)."""

    class Typer:
        def __init__(self) -> None:
            self.prompts: list[str] = []
            self.timer = QTimer()
            self.timer.setInterval(10)
            self.timer.timeout.connect(self._tick)
            self.timer.start()

        def _tick(self) -> None:
            from cityeval_desktop.ui.dialogs.password import PasswordDialog

            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, PasswordDialog) or dialog.property("typed"):
                return
            dialog.setProperty("typed", True)
            self.prompts.append(dialog.prompt.text())
            QTest.keyClicks(dialog.password_edit, password)
            QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)

    return Typer()


def choose(combo: Any, data: str) -> None:
    """Pick an entry of the focused combo box with the arrow keys (Home, then Down to it)."""
    QTest.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        QTest.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == data
