"""A whole case with the keyboard only: new case → every indicator → vetoes → team, declarations and opinion →
finalize → report and package (issue 8, done-when; issue 14 §4).

Nothing here calls a widget's method to enter data: every answer is typed or chosen with keys,
and the result is read back with ``cityeval case show --json``, indicator by indicator.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import cityeval_gui_signing_helpers as helpers  # registered by conftest.py
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from cityeval_desktop.domain.methods import Choice, Deduction, PerItem, Scale, YesNo
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.packages import verify_packages
from cityeval_desktop.services.reporting import audit_entries, stored_final_report
from cityeval_desktop.signing.identity import create_identity
from cityeval_desktop.signing.pades import verify_pdf
from cityeval_desktop.ui.main_window import MainWindow
from tests.case_data_helpers import PASSWORD as TEAM_PASSWORD
from tests.case_data_helpers import org_identity_path, team_identity

# written against the 2026.1 ids and rules (tests of 2026.2 in the GUI: test_score_panel_rules, test_evidence_basis_gui)
pytestmark = pytest.mark.usefixtures("frameworks_2026_1")

FIXTURES = Path(__file__).parents[1] / "fixtures"
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
PASSWORD = "walk-secret-1"


def ime(widget, text: str) -> None:
    """Chinese arrives from a Pinyin input method as a commit string."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def focused():
    return QApplication.focusWidget()


def tab_to(widget, limit: int = 40) -> None:
    for _ in range(limit):
        if focused() is widget:
            return
        QTest.keyClick(focused(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget!r}")


@pytest.fixture
def window(qtbot, ctx):
    w = MainWindow(ctx, "en")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    return w


def test_a_whole_case_by_keyboard_stores_exactly_what_was_typed(window, ctx, cli, qtbot, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    scan = tmp_path / "证明材料.pdf"
    scan.write_bytes(b"%PDF-1.4 evidence scan")
    identity = tmp_path / "zhang.p12"
    create_identity(identity, name="张三", org="福建数字评估中心", password=PASSWORD, key_size=2048)
    answered = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answered.append(a) or QMessageBox.StandardButton.No)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(scan)], ""))

    # New case: Ctrl+N, type the fields, Tab between them, Enter creates
    QTest.keyClick(window, Qt.Key.Key_N, CTRL)
    dialog = next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == "NewCaseDialog" and w.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert focused() is dialog.name_edit  # the dialog opens on its first field
    ime(dialog.name_edit, "福州数字规划研究院有限公司")
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
    assert focused() is dialog.uscc_edit
    QTest.keyClicks(dialog.uscc_edit, "91350100M000100Y43")
    tab_to(dialog.framework_combo)
    planning = dialog.framework_combo.findData("planning-consulting@2026.1")
    while dialog.framework_combo.currentIndex() != planning:
        QTest.keyClick(dialog.framework_combo, Qt.Key.Key_Down)
    tab_to(dialog.tier_combo)
    while dialog.tier_combo.currentData() != "city":
        QTest.keyClick(dialog.tier_combo, Qt.Key.Key_Down)
    QTest.keyClick(dialog.tier_combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.workspace.detail is not None)
    ws = window.workspace
    editor = ws.editor
    ref = ws.ref
    framework = ws.detail.framework
    ids = ws.tree.ordered_ids()
    assert editor.indicator_id == ids[0]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert focused() is not None and ws.isAncestorOf(focused())

    # Every indicator: the answer, a note on some, evidence where required, Enter to go on
    typed: dict[str, object] = {}
    notes: dict[str, str] = {}
    for n, ind_id in enumerate(ids):
        assert editor.indicator_id == ind_id
        ind = framework.indicator(ind_id)
        m = ind.method
        if ind.evidence_required:
            tab_to(editor.add_files_button)
            QTest.keyClick(editor.add_files_button, Qt.Key.Key_Space)
            qtbot.waitUntil(lambda i=ind_id: len(ws.detail.evidence_for(i)) == 1)
        if n % 4 == 1:
            tab_to(editor.note_edit)
            ime(editor.note_edit, f"现场核查第{n}项")
            notes[ind_id] = f"现场核查第{n}项"
        editor.focus_answer()
        if isinstance(m, (Scale, Choice, YesNo)):
            buttons = editor.choice_group.buttons()
            pick = n % len(buttons)
            buttons[0].setFocus() if focused() not in buttons else None
            while editor.choice_group.id(focused()) != pick:
                QTest.keyClick(focused(), Qt.Key.Key_Down)
            QTest.keyClick(focused(), Qt.Key.Key_Space)
            typed[ind_id] = editor._choice_values[pick]
            QTest.keyClick(focused(), Qt.Key.Key_Return)
        else:
            assert focused() is editor.number_edit
            whole = isinstance(m, (PerItem, Deduction))  # counts are whole numbers
            text = str(n % 3) if whole else (str(n + 2) if n % 3 else f"{n}.5")
            QTest.keyClicks(editor.number_edit, text)
            typed[ind_id] = Decimal(text) if "." in text else int(text)
            QTest.keyClick(editor.number_edit, Qt.Key.Key_Return)

    # Vetoes: after the last indicator the keyboard is on the first veto; Down decides "does not apply"
    combos = list(ws.panel._veto_combos.values())
    assert focused() is combos[0]
    for combo in combos:
        assert focused() is combo
        QTest.keyClick(combo, Qt.Key.Key_Down)
        QTest.keyClick(combo, Qt.Key.Key_Tab)

    # The assessment details tab (Ctrl+PgDown): the team added in its dialog (Alt+A), each member's
    # declaration signed with their own identity (arrows in the table, Alt+D), the opinion drafted (Alt+R)
    team_identity(tmp_path / "team", "reviewer.p12", "赵审核", "福建省评估协会")
    reviewer = tmp_path / "team" / "reviewer.p12"
    QTest.keyClick(focused(), Qt.Key.Key_PageDown, CTRL)
    page = ws.case_page
    qtbot.waitUntil(page.isVisible)
    team = (
        ("张三", "lead", "福建数字评估中心", identity, PASSWORD),
        ("赵审核", "reviewer", "福建省评估协会", reviewer, TEAM_PASSWORD),
    )
    for name, role, org, _file, _password in team:
        QTest.keyClick(focused(), Qt.Key.Key_A, ALT)  # a mnemonic clicks its button after a moment
        qtbot.waitUntil(lambda: type(QApplication.activeWindow()).__name__ == "MemberDialog")
        member = page.member_dialog
        qtbot.waitUntil(lambda m=member: focused() is m.name_edit)
        ime(member.name_edit, name)
        QTest.keyClick(member.name_edit, Qt.Key.Key_Tab)
        helpers.choose(member.role_combo, role)
        QTest.keyClick(member.role_combo, Qt.Key.Key_Tab)
        assert focused() is member.org_edit
        ime(member.org_edit, org)
        QTest.keyClick(member.org_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda m=member: not m.isVisible())
        helpers.activate(qtbot, window)  # (offscreen has no window manager to hand the window back)
    stored = case_service.load_case(ctx, ref).case_data
    assert [(m.name, m.role, m.org) for m in stored.team] == [t[:3] for t in team]
    for row, (name, _role, _org, file, password) in enumerate(team):
        tab_to(page.team_table, 80)
        QTest.keyClick(page.team_table, Qt.Key.Key_Home, CTRL)  # the first row, then Down to the member
        for _ in range(row):
            QTest.keyClick(page.team_table, Qt.Key.Key_Down)
        assert page.current_member().name == name
        QTest.keyClick(page.team_table, Qt.Key.Key_D, ALT)
        qtbot.waitUntil(lambda: type(QApplication.activeWindow()).__name__ == "DeclarationDialog")
        declare = page.declaration_dialog
        qtbot.waitUntil(lambda d=declare: focused() is d.identity_edit)
        QTest.keyClick(declare.identity_edit, Qt.Key.Key_A, CTRL)
        QTest.keyClicks(declare.identity_edit, str(file))
        typer = helpers.password_typer(password)  # the password dialog that opens on Enter
        QTest.keyClick(declare.identity_edit, Qt.Key.Key_Return)
        typer.timer.stop()
        qtbot.waitUntil(lambda d=declare: d.operation is not None and d.operation.done, timeout=60_000)
        qtbot.waitUntil(lambda d=declare: not d.isVisible())
        helpers.activate(qtbot, window)
        assert case_service.load_case(ctx, ref).case_data.declaration_of(name) is not None, name
    QTest.keyClick(focused(), Qt.Key.Key_R, ALT)
    qtbot.waitUntil(lambda: case_service.load_case(ctx, ref).case_data.opinion is not None)
    assert case_service.load_case(ctx, ref).case_data.opinion == page.opinion_edit.toPlainText().strip() != ""

    # Finalize and sign: Ctrl+Shift+F, the identity's path and password typed, Enter signs
    QTest.keyClick(focused(), Qt.Key.Key_F, CTRL | SHIFT)
    sign = next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == "FinalizeDialog" and w.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is sign)
    assert focused() is sign.identity_edit
    QTest.keyClicks(sign.identity_edit, str(identity))
    tab_to(sign.password_edit)
    QTest.keyClicks(sign.password_edit, PASSWORD)
    # a third-party report: the organisation signs second, with its own identity (issue 12)
    tab_to(sign.org_identity_edit)
    QTest.keyClick(sign.org_identity_edit, Qt.Key.Key_A, CTRL)
    QTest.keyClicks(sign.org_identity_edit, str(org_identity_path(tmp_path)))
    tab_to(sign.org_password_edit)
    QTest.keyClicks(sign.org_password_edit, TEAM_PASSWORD)
    QTest.keyClick(sign.org_password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not sign.isVisible(), timeout=60_000)
    qtbot.waitUntil(lambda: ws.read_only, timeout=10_000)

    shown = cli("case", "show", ref, "--json")
    assert shown.code == 0, shown.err
    data = shown.json()
    by_id = {i["id"]: i for i in data["result"]["indicators"]}
    for ind_id, value in typed.items():
        got = by_id[ind_id]["answer"]
        want = float(value) if isinstance(value, Decimal) else value
        assert got == want, ind_id
        assert by_id[ind_id]["note"] == notes.get(ind_id), ind_id
        want_files = 1 if framework.indicator(ind_id).evidence_required else 0
        assert by_id[ind_id]["evidence"] == want_files, ind_id
    assert data["result"]["completeness"] == 1
    assert data["status"] == "finalized"
    assert data["result"]["vetoes"] == dict.fromkeys(ws.panel._veto_combos, False)
    signers = [(r.role, r.signer_name) for r in verify_pdf(stored_final_report(ctx, ref), [], trust_later=False)]
    assert signers == [("lead", "张三"), ("org", "福建数字评估中心")]  # lead first, then the organisation

    # The outputs: the signed report (Ctrl+P, the system's save dialog answers), then the case package
    # (Ctrl+Shift+P): the identity, the file and the password typed, Enter writes and checks it
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out / "报告.pdf"), ""))
    helpers.activate(qtbot, window)  # the signing dialog has closed
    QTest.keyClick(focused(), Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: opened == [str(out / "报告.pdf")], timeout=20_000)
    assert (out / "报告.pdf").read_bytes() == stored_final_report(ctx, ref)
    QTest.keyClick(focused(), Qt.Key.Key_P, CTRL | SHIFT)
    qtbot.waitUntil(lambda: ws.package_dialog is not None and ws.package_dialog.isVisible())
    send = ws.package_dialog
    helpers.activate(qtbot, send)
    tab_to(send.identity_edit)  # (filled with the identity that signed; typed over)
    QTest.keyClick(send.identity_edit, Qt.Key.Key_A, CTRL)
    QTest.keyClicks(send.identity_edit, str(identity))
    tab_to(send.out_edit)
    QTest.keyClick(send.out_edit, Qt.Key.Key_A, CTRL)
    QTest.keyClicks(send.out_edit, str(out / "case.cityeval"))
    tab_to(send.password_edit)
    QTest.keyClicks(send.password_edit, PASSWORD)
    QTest.keyClick(send.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: send.operation is not None and send.operation.done, timeout=60_000)
    assert send.message.text() == "" and send.result_value.path == out / "case.cityeval"
    (checked,) = verify_packages(ctx, [out / "case.cityeval"])
    assert checked.case_uuid == ref.split("@")[0] and not checked.failures[1:]
    exports = [e for e in audit_entries(ctx, checked.case_uuid) if e["action"] == "package.export"]
    assert [e["new"]["file"] for e in exports] == ["case.cityeval"]
    QTest.keyClick(send, Qt.Key.Key_Escape)  # Esc closes the dialog
    qtbot.waitUntil(lambda: not send.isVisible())


def test_escape_closes_the_new_case_dialog_without_creating_anything(window, ctx, qtbot) -> None:
    from cityeval_desktop.services import cases as case_service

    QTest.keyClick(window, Qt.Key.Key_N, CTRL)
    dialog = next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == "NewCaseDialog" and w.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    ime(dialog.name_edit, "福州数字规划研究院有限公司")
    QTest.keyClick(focused(), Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert case_service.list_cases(ctx) == []


def test_every_menu_command_can_be_reached_from_the_keyboard(window) -> None:
    """Each menu has a mnemonic (Alt+letter) and each command in it a shortcut, or a mnemonic of its own: a
    letter two entries of a menu share only moves between them, it runs neither."""
    missing = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if "&" not in menu_action.text():
            missing.append(menu_action.text())
        actions = [a for a in (menu.actions() if menu is not None else []) if not a.isSeparator()]
        letters = [re.search(r"&(\w)", a.text()) for a in actions]
        taken = Counter(m.group(1).lower() for m in letters if m)
        for action, letter in zip(actions, letters, strict=True):
            own = letter is not None and taken[letter.group(1).lower()] == 1
            if not own and action.shortcut().isEmpty():
                missing.append(f"{menu_action.text()} → {action.text()}")
    assert missing == []


def test_no_two_visible_mnemonics_of_the_workspace_share_a_letter(window, ctx, qtbot) -> None:
    """Alt+letter runs a button (or goes to a labelled field) only when no other visible one, nor a menu of
    the menu bar, has the letter: otherwise the keys only move the focus between them. Both tabs, a draft."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    from cityeval_desktop.services import frameworks as fw_registry

    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    ref = case_service.new_case(
        ctx, framework="mini", tier="city", mode="third-party", entity_name="快捷键主体", uscc="91350100M000100Y43"
    ).ref
    assert window.open_case(ref)
    ws = window.workspace
    clashes = []
    for tab in range(ws.tabs.count()):
        ws.tabs.setCurrentIndex(tab)
        qtbot.waitUntil(lambda t=tab: ws.tabs.currentWidget().isVisible())
        owners: dict[str, list[str]] = {}
        named = [a.text() for a in window.menuBar().actions()]
        named += [b.text() for b in window.findChildren(QAbstractButton) if b.isVisible()]
        named += [lab.text() for lab in window.findChildren(QLabel) if lab.isVisible() and lab.buddy() is not None]
        for text in named:
            letter = re.search(r"&(\w)", text.replace("&&", ""))
            if letter:
                owners.setdefault(letter.group(1).lower(), []).append(text)
        clashes += [(tab, texts) for texts in owners.values() if len(texts) > 1]
    assert clashes == [], clashes
