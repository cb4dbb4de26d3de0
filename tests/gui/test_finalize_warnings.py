"""The finalize dialog names what the assessor should look at again before signing without stopping the
finalize (issue 12 §1.1: an evidence file dated outside the review window), then signs with Enter."""

from __future__ import annotations

from pathlib import Path

import cityeval_gui_signing_helpers as helpers
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.signing.identity import create_identity
from cityeval_desktop.ui.main_window import MainWindow

FIXTURES = Path(__file__).parents[1] / "fixtures"
ENTITY = "证明日期自评主体"


@pytest.fixture
def window(qtbot, ctx, monkeypatch):
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)  # "open it?"
    w = MainWindow(ctx, "en")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def _signed_with_enter(qtbot, dialog, identity: Path) -> None:
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    if not dialog.identity_edit.text():
        QTest.keyClicks(dialog.identity_edit, str(identity))
        QTest.keyClick(dialog.identity_edit, Qt.Key.Key_Tab)
    dialog.password_edit.setFocus()
    QTest.keyClicks(dialog.password_edit, helpers.PASSWORD)
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    op = dialog.operation
    assert op is not None
    qtbot.waitUntil(lambda: op.done, timeout=60000)
    assert op.error is None, dialog.message.text()


@pytest.mark.parametrize("dated", ["2001-03-01", None])
def test_a_file_dated_outside_the_window_is_named_before_signing_and_does_not_stop_it(
    window, ctx, qtbot, tmp_path, dated
) -> None:
    identity = tmp_path / "self.p12"
    create_identity(identity, name="王自评", org=ENTITY, password=helpers.PASSWORD, key_size=2048)
    ref = case_service.new_case(
        ctx, framework="mini", tier="city", mode="self", entity_name=ENTITY, uscc="91350100M000100Y43"
    ).ref
    helpers.complete(ctx, ref, tmp_path)
    (tmp_path / "旧合同.pdf").write_bytes(b"%PDF-1.4 a contract of 2001")
    case_service.add_evidence(ctx, ref, "S", [tmp_path / "旧合同.pdf"], dated=dated)
    assert window.open_case(ref)

    dialog = helpers.open_sign_dialog(qtbot, window)
    if dated:
        assert dialog.warnings.isVisibleTo(dialog)
        text = dialog.warnings.text()
        assert "does not stop finalizing" in text and "旧合同.pdf" in text and "2001-03-01" in text
        assert "outside the review window" in text
    else:
        assert not dialog.warnings.isVisibleTo(dialog)
    _signed_with_enter(qtbot, dialog, identity)
    assert case_service.load_case(ctx, ref).summary.status == "finalized"
