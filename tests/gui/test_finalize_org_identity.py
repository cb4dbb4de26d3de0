"""The finalize dialog of a third-party case (issue 12 §1.4, §1.5): it reads the case when it opens, asks
for the lead assessor's and the organisation's identities, names what is missing, and signs twice.

Driven with real keys (Ctrl+Shift+F, typing, Tab, Enter); what is stored is read back through the services.
"""

from __future__ import annotations

from pathlib import Path

import cityeval_gui_signing_helpers as helpers
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.reporting import signed_report_info, stored_final_report
from cityeval_desktop.signing.identity import create_identity
from cityeval_desktop.signing.pades import verify_pdf
from cityeval_desktop.ui.main_window import MainWindow
from tests.case_data_helpers import PASSWORD as TEAM_PASSWORD
from tests.case_data_helpers import org_identity_path, team_identity

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture(scope="module")
def identity_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pki") / "lead.p12"
    create_identity(path, name="张三", org="福建数字评估中心", password=helpers.PASSWORD, key_size=2048)
    return path


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


def _focused():
    return QApplication.focusWidget()


def _tab_to(widget, limit: int = 30) -> None:
    for _ in range(limit):
        if _focused() is widget:
            return
        QTest.keyClick(_focused(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget!r}")


def _type_over(widget, text: str) -> None:
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(widget, Qt.Key.Key_Delete)
    QTest.keyClicks(widget, text)


def _third_party_case(ctx, tmp_path: Path, name: str) -> str:
    return case_service.new_case(
        ctx, framework="mini", tier="city", mode="third-party", entity_name=name, uscc="91350100M000100Y43"
    ).ref


def test_the_dialog_asks_for_the_organisation_and_signs_lead_then_organisation(
    window, ctx, qtbot, tmp_path, identity_file
) -> None:
    ref = _third_party_case(ctx, tmp_path, "机构签章主体")
    assert window.open_case(ref)
    # the team, the declarations and the opinion arrive after the window read the case (another program)
    helpers.complete(ctx, ref, tmp_path, identity_file)
    org = org_identity_path(tmp_path)

    dialog = helpers.open_sign_dialog(qtbot, window)  # Ctrl+Shift+F: the case is read again, nothing is missing
    assert dialog.third_party and dialog.org_identity_edit.isVisibleTo(dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert _focused() is dialog.identity_edit
    QTest.keyClicks(dialog.identity_edit, str(identity_file))
    _tab_to(dialog.password_edit)
    QTest.keyClicks(dialog.password_edit, helpers.PASSWORD)
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)  # the organisation is still missing
    assert dialog.operation is None and "organisation's identity file" in dialog.message.text()
    assert _focused() is dialog.org_identity_edit

    QTest.keyClicks(dialog.org_identity_edit, str(identity_file))  # the lead's own file: refused in the dialog
    QTest.keyClick(dialog.org_identity_edit, Qt.Key.Key_Return)
    assert dialog.operation is None and "its own identity" in dialog.message.text()
    _type_over(dialog.org_identity_edit, str(org))
    _tab_to(dialog.org_password_edit)
    QTest.keyClick(dialog.org_password_edit, Qt.Key.Key_Return)
    assert dialog.operation is None and "organisation identity's password" in dialog.message.text()
    assert case_service.load_case(ctx, ref).summary.is_draft  # nothing signed or numbered yet
    assert case_service.load_case(ctx, ref).case_data.report_no is None

    QTest.keyClicks(dialog.org_password_edit, TEAM_PASSWORD)
    QTest.keyClick(dialog.org_password_edit, Qt.Key.Key_Return)
    op = dialog.operation
    assert op is not None
    qtbot.waitUntil(lambda: op.done, timeout=60000)
    assert op.error is None, dialog.message.text()

    assert case_service.load_case(ctx, ref).summary.status == "finalized"
    reports = verify_pdf(stored_final_report(ctx, ref), [], trust_later=False)  # (no trust list here)
    assert [(r.role, r.signer_name) for r in reports] == [("lead", "张三"), ("org", "福建数字评估中心")]
    assert all(r.intact and r.valid and r.covers_whole_document for r in reports)
    assert signed_report_info(ctx, ref).signer_name == "张三"


def test_a_person_identity_as_the_organisation_is_refused_with_the_reason(
    window, ctx, qtbot, tmp_path, identity_file
) -> None:
    ref = _third_party_case(ctx, tmp_path, "个人签章主体")
    helpers.complete(ctx, ref, tmp_path, identity_file)
    person = team_identity(tmp_path / "team", "person.p12", "孙评估", "福建数字评估中心").path
    assert window.open_case(ref)
    dialog = helpers.open_sign_dialog(qtbot, window)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    QTest.keyClicks(dialog.identity_edit, str(identity_file))
    _tab_to(dialog.password_edit)
    QTest.keyClicks(dialog.password_edit, helpers.PASSWORD)
    _tab_to(dialog.org_identity_edit)
    _type_over(dialog.org_identity_edit, str(person))
    _tab_to(dialog.org_password_edit)
    QTest.keyClicks(dialog.org_password_edit, TEAM_PASSWORD)
    QTest.keyClick(dialog.org_password_edit, Qt.Key.Key_Return)
    op = dialog.operation
    qtbot.waitUntil(lambda: op.done, timeout=60000)
    assert op.error is not None and "not an organisation identity" in dialog.message.text()
    assert dialog.isVisible() and dialog.sign_button.isEnabled()
    detail = case_service.load_case(ctx, ref)
    assert detail.summary.is_draft and detail.case_data.report_no is None


def test_a_self_check_dialog_has_no_organisation_fields(window, ctx, qtbot, tmp_path) -> None:
    from cityeval_desktop.ui.dialogs.finalize import FinalizeDialog

    ref = case_service.new_case(
        ctx, framework="mini", tier="city", mode="self", entity_name="自评主体", uscc="91350100M000100Y43"
    ).ref
    dialog = FinalizeDialog(ctx, ref, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.third_party and not dialog.org_identity_edit.isVisible()
    assert not dialog.org_password_edit.isVisible()
