"""The window asks before signing a self-check with another company's identity, and before trusting a
namesake CA: real key presses, and what was stored read back through the services."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import cityeval_gui_signing_helpers as helpers
import pytest
from cryptography.hazmat.primitives import serialization
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services import trust_store
from cityeval_desktop.services.reporting import audit_entries, stored_final_report
from cityeval_desktop.signing.ca import init_ca
from cityeval_desktop.signing.identity import create_identity
from cityeval_desktop.ui.main_window import MainWindow
from cityeval_desktop.ui.pages.trust_page import TrustPage
from tests.case_data_helpers import org_for
from tests.gui.modal import act_when

FIXTURES = Path(__file__).parents[1] / "fixtures"
ENTITY, USCC = "导出主体有限公司", "91350100M000100Y43"


@pytest.fixture(scope="module")
def other_identity(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pki") / "other.p12"
    create_identity(path, name="李四", org="福建数字评估中心", password=helpers.PASSWORD, key_size=2048)
    return path


@pytest.fixture
def window(qtbot, ctx, monkeypatch):
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)  # "open it?"
    w = MainWindow(ctx, "en")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def answer_box(owner: Any, attribute: str, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> list[str]:
    """Press ``key`` in the question box ``owner.<attribute>`` as soon as it is open; returns its texts.

    A key that reaches the box before it is ready is lost (it hung a CI run with the box open): while the
    box stays open the key is pressed again."""
    seen: list[str] = []

    def press(box: Any) -> None:
        if not seen:
            seen.append(box.text() + "\n" + box.informativeText())
        QTest.keyClick(box, key, modifiers)

    act_when(lambda: getattr(owner, attribute, None), press, again_after_ms=500)
    return seen


def test_a_self_check_signed_with_another_company_is_asked_about_refused_then_confirmed(
    window, ctx, qtbot, tmp_path, other_identity
) -> None:
    summary = case_service.new_case(ctx, framework="mini", tier="city", mode="self", entity_name=ENTITY, uscc=USCC)
    helpers.complete(ctx, summary.ref, tmp_path, other_identity)
    window.open_case(summary.ref)

    dialog = helpers.open_sign_dialog(qtbot, window)
    seen = answer_box(dialog, "mismatch_box", Qt.Key.Key_Escape)  # Escape: Cancel, the default
    helpers.sign_in_dialog(qtbot, dialog, other_identity, helpers.PASSWORD, "zh")
    qtbot.waitUntil(lambda: bool(seen), timeout=30000)
    assert "福建数字评估中心" in seen[0] and ENTITY in seen[0] and "report will then say" in seen[0]
    qtbot.waitUntil(lambda: "Not signed" in dialog.message.text(), timeout=5000)
    assert case_service.load_case(ctx, summary.ref).summary.status == "draft"  # nothing signed or locked

    seen = answer_box(dialog, "mismatch_box", Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # "Sign anyway"
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(seen), timeout=30000)
    qtbot.waitUntil(lambda: case_service.load_case(ctx, summary.ref).summary.status == "finalized", timeout=60000)

    signed = [e for e in audit_entries(ctx, summary.case_uuid) if e["action"] == "report.sign"]
    assert signed[-1]["new"]["signer_mismatch"]["signer_org"] == "福建数字评估中心"
    if shutil.which("pdftotext"):
        report = tmp_path / "signed.pdf"
        report.write_bytes(stored_final_report(ctx, summary.ref) or b"")
        text = "".join(helpers.pdf_pages(report))
        assert "签署人单位与被评估主体不一致" in text and "自评单位" in text and "评估机构" not in text


def test_trusting_a_namesake_ca_is_asked_about_and_cancel_trusts_nothing(qtbot, ctx, tmp_path, monkeypatch) -> None:
    pems = []
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        ca = init_ca(tmp_path / folder / "CA.p12", name="同名评估 CA", password=helpers.PASSWORD, key_size=2048)
        pem = tmp_path / folder / "CA.pem"
        pem.write_bytes(ca.certificate.public_bytes(serialization.Encoding.PEM))
        pems.append(pem)
    trust_store.add_trust_file(ctx, Path(pems[0]))
    page = TrustPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(pems[1]), ""))

    seen = answer_box(page, "namesake_box", Qt.Key.Key_Escape)
    QTest.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert seen and "同名评估 CA" in seen[0] and "refused as forged" in seen[0]
    assert len(trust_store.list_trusted(ctx)) == 1 and "Not added" in page.message.text()

    seen = answer_box(page, "namesake_box", Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # "Add anyway"
    QTest.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert seen
    trusted = trust_store.list_trusted(ctx)
    assert len(trusted) == 2 and {e.subject for e in trusted} == {trusted[0].subject}
    assert "Trusted" in page.message.text()


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # the offscreen platform cannot raise a window
def test_the_revisions_window_and_the_report_list_new_kinds_of_change(
    window, ctx, qtbot, tmp_path, other_identity, monkeypatch
) -> None:
    """A veto's basis and a file's verification changed in an amendment show up as the answers do."""
    from cityeval_desktop.domain.basis import VetoBasis
    from cityeval_desktop.services.reporting import finalize_and_sign
    from cityeval_desktop.signing.identity import load_identity

    summary = case_service.new_case(
        ctx, framework="mini", tier="city", mode="third-party", entity_name=ENTITY, uscc=USCC
    )
    helpers.complete(ctx, summary.ref, tmp_path, other_identity)
    case_service.set_veto(ctx, summary.ref, "V1", False, VetoBasis("信用中国", "2026-11-30T10:00:00+08:00"))
    finalize_and_sign(
        ctx, summary.ref, load_identity(other_identity, helpers.PASSWORD), org_identity=org_for(ctx, summary.ref)
    )
    second = case_service.amend(ctx, summary.ref, "复核").ref
    case_service.set_veto_basis(ctx, second, "V1", VetoBasis("国家企业信用信息公示系统", "2026-12-01T09:00:00+08:00"))
    scan = case_service.load_case(ctx, second).evidence_for("S")[0]
    case_service.set_verification(
        ctx, second, "S", scan.sha256, {"method": "原件核对", "conclusion": "属实", "by": "王五", "at": "2026-12-01"}
    )
    case_service.set_answer(ctx, second, "S", value=2)
    window.open_case(second)

    QTest.mouseClick(window.workspace.revisions_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace.revisions_dialog is not None, timeout=5000)
    dialog = window.workspace.revisions_dialog
    qtbot.waitUntil(lambda: dialog.diff is not None, timeout=5000)
    rows = {}
    tree = dialog.tree
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        for j in range(group.childCount()):
            item = group.child(j)
            for k in range(item.childCount()):
                child = item.child(k)
                rows[(item.text(0).split()[0], child.text(0))] = (child.text(1), child.text(2))
    assert rows[("V1", "Source")] == ("信用中国", "国家企业信用信息公示系统")
    assert rows[("S", "Answer")][1].startswith("2")
    verification = rows[("S", f"evidence '{scan.original_name}': Verification")]
    assert verification[0] == "(empty)" and "checked against the original" in verification[1]

    # Enter on the indicator shows it in the workspace
    s_item = next(
        tree.topLevelItem(i).child(j)
        for i in range(tree.topLevelItemCount())
        for j in range(tree.topLevelItem(i).childCount())
        if tree.topLevelItem(i).child(j).text(0).startswith("S ")
    )
    tree.setCurrentItem(s_item)
    tree.setFocus()
    QTest.keyClick(tree, Qt.Key.Key_Return)
    assert window.workspace.tree.current_id() == "S"

    if shutil.which("pdftotext"):
        from PySide6.QtGui import QDesktopServices

        monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
        out = tmp_path / "amended.pdf"
        op = window.workspace.export_pdf(out, lang="zh")
        qtbot.waitUntil(lambda: op.done, timeout=30000)
        text = "".join(helpers.pdf_pages(out))
        assert "与上一修订版（第1版）的差异" in text
        assert "国家企业信用信息公示系统" in text and "原件核对" in text
