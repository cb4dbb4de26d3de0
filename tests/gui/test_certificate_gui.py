"""The result certificate from the workspace (issue 12 §2): the PDF button's menu offers it for a finalized
third-party revision; the dialog is filled with the keyboard; the file is written, signed, and verifies
against the case through the same services as ``verify-pdf``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cityeval_gui_signing_helpers as helpers  # registered by conftest.py
import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.certificates import check_certificate
from cityeval_desktop.services.reporting import audit_entries, finalize_with_identity_file
from cityeval_desktop.services.signatures import verify_signed_pdf
from cityeval_desktop.signing.identity import create_identity, load_identity
from tests.gui.modal import act_when

FIXTURES = Path(__file__).parents[1] / "fixtures"
SHOTS = Path("/tmp/cityeval-shots")


@pytest.fixture(scope="module")
def org_identity(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pki") / "org.p12"
    create_identity(path, name="证书签发人", org="福建数字评估中心", password=helpers.PASSWORD, key_size=2048)
    return path


@pytest.fixture
def make_window(open_window, ctx):
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    return lambda lang: open_window(ctx, lang)


# an open menu grabs the keyboard, which the offscreen platform cannot do (harmless there)
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
@pytest.mark.parametrize(("ui_lang", "cert_lang"), [("en", "zh"), ("zh", "en")])
def test_the_result_certificate_is_written_from_the_pdf_menu_and_verifies(
    make_window, ctx, qtbot, tmp_path, org_identity, shown_errors, ui_lang, cert_lang
) -> None:
    summary = case_service.new_case(
        ctx, framework="mini", tier="city", mode="third-party", entity_name="证书主体", uscc="91350100M000100Y43"
    )
    helpers.complete(ctx, summary.ref, tmp_path)
    lead = tmp_path / "team" / "lead.p12"  # made by helpers.complete (the lead assessor signs the report)
    from tests.case_data_helpers import PASSWORD as TEAM_PASSWORD
    from tests.case_data_helpers import org_identity_path

    finalize_with_identity_file(
        ctx, summary.ref, lead, TEAM_PASSWORD, org_identity_path=org_identity_path(), org_password=TEAM_PASSWORD
    )
    window = make_window(ui_lang)
    assert window.open_case(summary.ref)
    workspace = window.workspace
    button = workspace.pdf_button
    entries = [a for a in button.menu().actions() if not a.isSeparator()]
    assert entries[-1].text() == ("Result certificate…" if ui_lang == "en" else "结果证书…")

    def pick_certificate(popup: Any) -> None:  # the menu is open: Up goes to its last entry, the certificate; Enter
        for _ in entries:
            if popup.activeAction() is entries[-1]:
                break
            QTest.keyClick(popup, Qt.Key.Key_Up)
        QTest.keyClick(popup, Qt.Key.Key_Return)

    answer = act_when(QApplication.activePopupWidget, pick_certificate)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not answer.gave_up, answer.gave_up
    qtbot.waitUntil(lambda: getattr(workspace, "certificate_dialog", None) is not None, timeout=5000)
    dialog = workspace.certificate_dialog
    qtbot.waitExposed(dialog)

    out = tmp_path / "certificate.pdf"
    helpers.retype(dialog.identity_edit, str(org_identity))
    helpers.retype(dialog.out_edit, str(out))
    combo = dialog.lang_combo
    combo.setFocus()
    while combo.currentData() != cert_lang:
        QTest.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() == 0 else Qt.Key.Key_Up)
    helpers.retype(dialog.password_edit, helpers.PASSWORD)
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    op = dialog.operation
    assert op is not None, dialog.message.text()
    qtbot.waitUntil(lambda: op.done, timeout=60000)
    assert op.error is None, op.error
    assert not shown_errors, shown_errors
    result = dialog.result_value
    assert out.is_file() and result.path == out
    assert result.sha256 in dialog.result_label.text()

    # what is stored and written: the audit entry, and a certificate that verifies against this case
    entries_ = [e for e in audit_entries(ctx, summary.case_uuid) if e["action"] == "report.certificate"]
    assert len(entries_) == 1 and entries_[0]["new"]["sha256"] == result.sha256
    assert entries_[0]["new"]["lang"] == cert_lang
    pem = tmp_path / "org.pem"
    pem.write_bytes(load_identity(org_identity, helpers.PASSWORD).certificate.public_bytes(Encoding.PEM))
    verdict = verify_signed_pdf(ctx, out, [pem])
    assert verdict.ok
    check = check_certificate(ctx, verdict.signatures)
    assert check is not None and check.ok and check.qr_text == f"cityeval-certificate:1:{result.sha256}"
    assert check.matched is not None and summary.case_uuid in check.matched.en
    detail = case_service.load_case(ctx, summary.ref)
    assert check.facts["certificate_no"] == detail.case_data.certificate_no

    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / f"certificate-dialog-{ui_lang}.png"))
    window.grab().save(str(SHOTS / f"certificate-window-{ui_lang}.png"))
    dialog.reject()

    # the window's verify page checks it the same way: signature, facts against the QR value, the case
    from cityeval_desktop.services import trust_store

    trust_store.add_trusted(ctx, pem)
    helpers.press(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.signing_page
    window.signing_page.tabs.setCurrentIndex(2)
    page = window.signing_page.verify
    helpers.retype(page.path_edit, str(out))
    QTest.keyClick(page.path_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.operation is not None and page.operation.done, timeout=60000)
    assert page.headline.text().startswith("✔"), page.headline.text()
    shown = page.details.toPlainText()
    assert result.qr_text in shown and detail.case_data.certificate_no in shown
    assert (
        f"matches case {summary.case_uuid} revision 1" if ui_lang == "en" else f"与案例 {summary.case_uuid} 第 1 版一致"
    ) in shown
    page.grab().save(str(SHOTS / f"certificate-verify-{ui_lang}.png"))


def test_no_certificate_is_offered_for_a_self_check(make_window, ctx, qtbot, tmp_path) -> None:
    from cityeval_desktop.services.reporting import finalize_and_sign

    summary = case_service.new_case(
        ctx, framework="mini", tier="city", mode="self", entity_name="自评主体", uscc="91512081MA62K0260E"
    )
    helpers.complete(ctx, summary.ref, tmp_path)
    own = tmp_path / "own.p12"
    identity = create_identity(
        own, name="自评人", org="自评主体", uscc="91512081MA62K0260E", password=helpers.PASSWORD, key_size=2048
    )
    finalize_and_sign(ctx, summary.ref, identity)
    window = make_window("en")
    assert window.open_case(summary.ref)
    entries = [a for a in window.workspace.pdf_button.menu().actions() if not a.isSeparator()]
    assert [a.text() for a in entries if "certificate" in a.text().lower()] == []
    assert window.workspace.write_certificate() is None
