"""The reviewer's countersignature from the workspace (issue 12 §1.4, ``cityeval report countersign``): the PDF
button's menu offers 审核人签名… on a finalized third-party revision signed by the lead assessor and the
organisation; the dialog takes the reviewer's identity and password from the keyboard and refuses, with a
clear message, another member's identity, a wrong password and a second countersignature; the stored
report then carries the three signatures and the status line names them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cityeval_gui_signing_helpers as helpers  # registered by conftest.py
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.reporting import (
    audit_entries,
    finalize_with_identity_file,
    report_signatures,
    stored_final_report,
)
from cityeval_desktop.signing.pades import verify_pdf
from cityeval_desktop.ui.dialogs.countersign import CountersignDialog
from tests.case_data_helpers import ORG_NAME, org_identity_path
from tests.case_data_helpers import PASSWORD as TEAM_PASSWORD
from tests.gui.modal import act_when

FIXTURES = Path(__file__).parents[1] / "fixtures"
SHOTS = Path("/tmp/team")
WORDS = {
    "zh": {
        "entry": "审核人签名…",
        "awaiting": "待审核人签名",
        "not_reviewer": "审核签名须由评审组的审核人（赵审核）签署",
        "password": "密码错误",
        "again": "该报告已由审核人加签，不能再签一次",
        "signed": ["钱组长（评估组长）", f"{ORG_NAME}（评估机构）", "赵审核（审核人）"],
        "three": f"报告现有三个签名：评估组长 钱组长、评估机构 {ORG_NAME}、审核人 赵审核。",
    },
    "en": {
        "entry": "Countersign as reviewer…",
        "awaiting": "awaiting the reviewer's countersignature",
        "not_reviewer": "the reviewer's signature is made by the team's reviewer (赵审核)",
        "password": "wrong password",
        "again": "this report has been countersigned already",
        "signed": ["signed by 钱组长 (lead assessor)", f"{ORG_NAME} (organisation)", "赵审核 (reviewer)"],
        "three": f"The report now carries three signatures: lead assessor 钱组长, organisation {ORG_NAME}, "
        "reviewer 赵审核.",
    },
}


@pytest.fixture
def make_window(open_window, ctx):
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    return lambda lang: open_window(ctx, lang)


def _finalized(ctx, tmp_path: Path) -> object:
    """A third-party case finalized by its lead (钱组长) and the organisation; its reviewer is 赵审核."""
    summary = case_service.new_case(
        ctx, framework="mini", tier="city", mode="third-party", entity_name="加签主体", uscc="91350100M000100Y43"
    )
    helpers.complete(ctx, summary.ref, tmp_path)  # the team: tmp_path/team/lead.p12 and reviewer.p12
    finalize_with_identity_file(
        ctx,
        summary.ref,
        tmp_path / "team" / "lead.p12",
        TEAM_PASSWORD,
        org_identity_path=org_identity_path(),
        org_password=TEAM_PASSWORD,
    )
    return summary


def _sign(qtbot, dialog: CountersignDialog, password: str) -> object:
    """Type the password over what is there and press Enter; the finished operation."""
    helpers.retype(dialog.password_edit, password)
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    op = dialog.operation
    assert op is not None, dialog.message.text()
    qtbot.waitUntil(lambda: op.done, timeout=60000)
    return op


def _countersigned(ctx, case_uuid: str) -> list:
    return [e for e in audit_entries(ctx, case_uuid) if e["action"] == "report.countersign"]


# an open menu grabs the keyboard, which the offscreen platform cannot do (harmless there)
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard|propagateSizeHints)")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_reviewer_countersigns_from_the_pdf_menu(
    make_window, ctx, qtbot, tmp_path, monkeypatch, shown_errors, lang
) -> None:
    words = WORDS[lang]
    summary = _finalized(ctx, tmp_path)
    lead, reviewer = tmp_path / "team" / "lead.p12", tmp_path / "team" / "reviewer.p12"
    window = make_window(lang)
    assert window.open_case(summary.ref)
    workspace = window.workspace
    assert words["awaiting"] in workspace.status_label.text()
    button = workspace.pdf_button
    entries = [a for a in button.menu().actions() if not a.isSeparator()]
    wanted = next(a for a in entries if a.text() == words["entry"])

    def pick_countersign(popup: Any) -> None:  # the menu is open: Up from the bottom to the entry, then Enter
        for _ in entries:
            if popup.activeAction() is wanted:
                break
            QTest.keyClick(popup, Qt.Key.Key_Up)
        QTest.keyClick(popup, Qt.Key.Key_Return)

    answer = act_when(QApplication.activePopupWidget, pick_countersign)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not answer.gave_up, answer.gave_up
    qtbot.waitUntil(lambda: workspace.countersign_dialog is not None, timeout=5000)
    dialog = workspace.countersign_dialog
    qtbot.waitExposed(dialog)
    assert "赵审核" in dialog.intro.text()  # the intro names the case's reviewer

    # the lead's identity is not the reviewer's: refused, nothing stored
    helpers.retype(dialog.identity_edit, str(lead))
    op = _sign(qtbot, dialog, TEAM_PASSWORD)
    assert op.error is not None and words["not_reviewer"] in dialog.message.text(), dialog.message.text()
    assert _countersigned(ctx, summary.case_uuid) == []
    # the reviewer's file, chosen with Choose…, and a wrong password
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(reviewer), ""))
    QTest.mouseClick(dialog.identity_button, Qt.MouseButton.LeftButton)
    assert dialog.identity_edit.text() == str(reviewer) and dialog.focusWidget() is dialog.password_edit
    op = _sign(qtbot, dialog, "not-the-password")
    assert op.error is not None and words["password"] in dialog.message.text(), dialog.message.text()
    assert _countersigned(ctx, summary.case_uuid) == []
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / f"guivalid-countersign-error-{lang}.png"))
    # the right password: countersigned
    op = _sign(qtbot, dialog, TEAM_PASSWORD)
    assert op.error is None, op.error
    assert not shown_errors, shown_errors
    assert words["three"] in dialog.result_label.text(), dialog.result_label.text()
    dialog.grab().save(str(SHOTS / f"guivalid-countersign-done-{lang}.png"))

    # what is stored: the report with the lead's, the organisation's and the reviewer's signatures, audited
    reports = verify_pdf(stored_final_report(ctx, summary.ref), [], trust_later=False)
    assert [(r.role, r.signer_name) for r in reports] == [("lead", "钱组长"), ("org", ORG_NAME), ("reviewer", "赵审核")]
    assert all(r.intact and r.valid for r in reports)
    [entry] = _countersigned(ctx, summary.case_uuid)
    assert entry["new"]["signer"] == "赵审核" and entry["new"]["sha256"] == op.result.report_sha256
    sigs = report_signatures(ctx, summary.ref)
    assert sigs is not None and (sigs.lead, sigs.org, sigs.reviewer) == ("钱组长", ORG_NAME, "赵审核")

    # the status line names the three signatures; the menu no longer offers the countersignature
    status = workspace.status_label.text()
    assert all(part in status for part in words["signed"]), status
    assert words["awaiting"] not in status
    assert words["entry"] not in [a.text() for a in button.menu().actions()]
    assert workspace.countersign() is None
    window.grab().save(str(SHOTS / f"guivalid-countersigned-window-{lang}.png"))
    dialog.reject()

    # a dialog left open from before is refused by the service, clearly
    late = CountersignDialog(ctx, case_service.load_case(ctx, summary.ref), window)
    qtbot.addWidget(late)
    late.show()
    helpers.retype(late.identity_edit, str(reviewer))
    op = _sign(qtbot, late, TEAM_PASSWORD)
    assert op.error is not None and words["again"] in late.message.text(), late.message.text()
    assert len(_countersigned(ctx, summary.case_uuid)) == 1
    late.reject()


def test_no_countersignature_is_offered_for_a_self_check(make_window, ctx, qtbot, tmp_path) -> None:
    from cityeval_desktop.services.reporting import finalize_and_sign
    from cityeval_desktop.signing.identity import create_identity

    summary = case_service.new_case(
        ctx, framework="mini", tier="city", mode="self", entity_name="自评主体", uscc="91512081MA62K0260E"
    )
    helpers.complete(ctx, summary.ref, tmp_path)
    identity = create_identity(
        tmp_path / "own.p12",
        name="自评人",
        org="自评主体",
        uscc="91512081MA62K0260E",
        password=helpers.PASSWORD,
        key_size=2048,
    )
    finalize_and_sign(ctx, summary.ref, identity)
    window = make_window("en")
    assert window.open_case(summary.ref)
    texts = [a.text() for a in window.workspace.pdf_button.menu().actions()]
    assert "Countersign as reviewer…" not in texts
    assert window.workspace.countersign() is None
    assert "awaiting" not in window.workspace.status_label.text()
