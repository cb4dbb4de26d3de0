"""The workspace records a veto decision's basis, an N/A ground, evidence kinds and verifications (issue 11).

Real key and mouse events on the real window; what is checked is what the services stored.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

from cityeval_desktop.domain.basis import VetoBasis
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.ui.main_window import MainWindow

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
USCC = "91350100M000100Y43"
SHOTS = Path("/tmp/shots/evidence")


@pytest.fixture
def window(qtbot, ctx):
    w = MainWindow(ctx, "en")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def case_ref(ctx, window):
    fw_registry.install_file(ctx, FIXTURES / "mini2.yaml")
    summary = case_service.new_case(
        ctx, framework="mini2", tier="city", mode="third-party", entity_name="福州数字规划研究院", uscc=USCC
    )
    assert window.open_case(summary.ref)
    return summary.ref


def type_text(widget, text: str) -> None:
    for part in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if part.isascii():
            QTest.keyClicks(widget, part)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(part)
            QApplication.sendEvent(widget, event)


def click(widget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def go(window, indicator_id: str) -> None:
    tree = window.workspace.tree
    item = tree._items[indicator_id]
    tree.scrollToItem(item)
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())
    assert window.workspace.editor.indicator_id == indicator_id


def choose(combo, data) -> None:
    """Pick an item of a closed combo box with the arrow keys (each step is a user's choice)."""
    combo.setFocus()
    target = combo.findData(data)
    assert target >= 0, data
    while combo.currentIndex() != target:
        before = combo.currentIndex()
        QTest.keyClick(combo, Qt.Key.Key_Down if target > before else Qt.Key.Key_Up)
        assert combo.currentIndex() != before


def test_a_veto_basis_is_typed_picked_and_attached_and_stored(window, ctx, case_ref, tmp_path, monkeypatch) -> None:
    panel = window.workspace.panel
    choose(panel._veto_combos["V1"], False)
    assert case_service.load_case(ctx, case_ref).vetoes["V1"] is False
    row = panel.basis_rows["V1"]
    assert row.isVisible() and row.source.isEnabled()
    assert [row.source.itemText(n) for n in range(row.source.count())] == [
        "Credit China",
        "National Enterprise Credit Information Publicity System",
    ]
    row.source.setFocus()
    QTest.keyClick(row.source, Qt.Key.Key_Down)  # the second suggested source, picked with the keyboard
    # each field has a visible label; the query time is a date-time field in the interface's locale
    assert [(label.text(), label.buddy()) for label in (row.source_label, row.queried_label, row.note_label)] == [
        ("Source", row.source),
        ("Queried at", row.queried_at),
        ("Note", row.note),
    ]
    assert row.queried_label.isVisible() and row.queried_at.displayFormat() == "MM/dd/yyyy hh:mm Ap"
    click(row.queried_at.lineEdit())  # where a user clicks: the text, not the frame around it
    assert row.queried_at.text() == "not given"
    QTest.keyClick(row.queried_at, Qt.Key.Key_Up)  # an arrow key on the empty field starts from now
    QTest.keyClick(row.queried_at, Qt.Key.Key_Return)
    click(row.note)
    type_text(row.note, "未查到严重失信记录")
    QTest.keyClick(row.note, Qt.Key.Key_Return)
    shot = tmp_path / "信用中国查询.png"
    shot.write_bytes(b"\x89PNG no record")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(shot)], ""))
    click(row.attach_button)
    detail = case_service.load_case(ctx, case_ref)
    basis = detail.veto_basis["V1"]
    assert basis.source == "National Enterprise Credit Information Publicity System"
    stored = datetime.fromisoformat(basis.queried_at)
    now = datetime.now().astimezone()
    assert stored.utcoffset() == now.utcoffset() and abs((now - stored).total_seconds()) < 120
    assert basis.queried_at == row.queried_at.value().isoformat()  # ISO 8601 with the offset
    assert basis.note == "未查到严重失信记录"
    assert [e.original_name for e in detail.veto_evidence("V1")] == ["信用中国查询.png"]
    assert "信用中国查询.png" in row.files.text()
    # a time stored with another offset (from an answers file) shows in local time and is kept as stored
    case_service.set_veto_basis(ctx, case_ref, "V1", VetoBasis(basis.source, "2026-11-30T10:00:00+08:00", basis.note))
    assert window.open_case(case_ref)
    row = window.workspace.panel.basis_rows["V1"]
    local = datetime(2026, 11, 30, 2, 0, tzinfo=UTC).astimezone()
    assert row.queried_at.text() == local.strftime("%m/%d/%Y %I:%M %p")
    assert "2026-11-30T10:00:00+08:00" in row.queried_at.toolTip()
    click(row.note)
    QTest.keyClick(row.note, Qt.Key.Key_End)
    type_text(row.note, "，另查中国政府采购网")
    QTest.keyClick(row.note, Qt.Key.Key_Return)
    basis = case_service.load_case(ctx, case_ref).veto_basis["V1"]
    assert (basis.queried_at, basis.note) == ("2026-11-30T10:00:00+08:00", "未查到严重失信记录，另查中国政府采购网")
    # a changed day is saved in local time with the local offset
    click(row.queried_at.lineEdit())  # where a user clicks: the text, not the frame around it
    QTest.keyClick(row.queried_at, Qt.Key.Key_Home)  # the first section: the month
    QTest.keyClick(row.queried_at, Qt.Key.Key_Up)
    QTest.keyClick(row.queried_at, Qt.Key.Key_Return)
    expected = local.replace(month=12, tzinfo=None).astimezone()
    assert case_service.load_case(ctx, case_ref).veto_basis["V1"].queried_at == expected.isoformat()
    # "Now" fills the current time; Delete on the selected field empties it again
    click(row.now_button)
    stored = datetime.fromisoformat(case_service.load_case(ctx, case_ref).veto_basis["V1"].queried_at)
    assert abs((datetime.now().astimezone() - stored).total_seconds()) < 120
    click(row.queried_at.lineEdit())  # where a user clicks: the text, not the frame around it
    QTest.keyClick(row.queried_at, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(row.queried_at, Qt.Key.Key_Delete)
    QTest.keyClick(row.queried_at, Qt.Key.Key_Return)
    assert row.queried_at.text() == "not given"
    assert case_service.load_case(ctx, case_ref).veto_basis["V1"].queried_at is None


def test_an_n_a_takes_a_ground_from_the_list_and_is_disabled_where_not_allowed(window, ctx, case_ref) -> None:
    editor = window.workspace.editor
    go(window, "X")
    assert not editor.na_check.isEnabled()
    assert "Every entity has a public credit record" in editor.na_check.toolTip()
    go(window, "B")
    assert editor.na_check.isEnabled() and not editor.na_ground.isVisible()
    click(editor.na_check)
    assert editor.na_ground.isVisible()
    choose(editor.na_ground, "public-body")
    click(editor.na_reason)
    type_text(editor.na_reason, "本单位为事业单位")
    QTest.keyClick(editor.na_reason, Qt.Key.Key_Return)
    answer = case_service.load_case(ctx, case_ref).answers["B"]
    assert (answer.not_applicable, answer.ground, answer.reason) == (True, "public-body", "本单位为事业单位")
    go(window, "Y")
    go(window, "B")  # shown again as stored
    assert editor.na_ground.currentData() == "public-body" and editor.na_ground.isVisible()
    choose(editor.na_ground, "new-firm")  # a new ground for the stored N/A is saved at once
    assert case_service.load_case(ctx, case_ref).answers["B"].ground == "new-firm"


def test_a_file_gets_its_kind_and_a_verification_through_the_dialog(
    window, ctx, case_ref, tmp_path, monkeypatch, qtbot
) -> None:
    editor = window.workspace.editor
    go(window, "X")
    scan = tmp_path / "信用报告.pdf"
    scan.write_bytes(b"%PDF-1.4 credit query")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(scan)], ""))
    click(editor.add_files_button)
    qtbot.waitUntil(lambda: bool(case_service.load_case(ctx, case_ref).evidence_for("X")), timeout=10_000)
    qtbot.waitUntil(lambda: editor.evidence_list.topLevelItemCount() == 1, timeout=5_000)
    (item,) = case_service.load_case(ctx, case_ref).evidence_for("X")
    assert item.kind == "credit-report"  # X names one kind: the file takes it
    assert editor.evidence_hint.text().startswith("Kinds: credit report.")  # its title, not its id
    go(window, "T")
    staff = tmp_path / "社保名单.pdf"
    staff.write_bytes(b"%PDF-1.4 staff")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(staff)], ""))
    click(editor.add_files_button)
    qtbot.waitUntil(lambda: editor.evidence_list.topLevelItemCount() == 1, timeout=10_000)
    (file,) = case_service.load_case(ctx, case_ref).evidence_for("T")
    combo = editor.kind_combos[file.id]
    choose(combo, "staff-certificates")
    assert case_service.load_case(ctx, case_ref).evidence_for("T")[0].kind == "staff-certificates"
    row = editor.evidence_list.topLevelItem(0)
    editor.evidence_list.scrollToItem(row)
    QTest.mouseClick(
        editor.evidence_list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=editor.evidence_list.visualItemRect(row).center(),
    )

    def fill() -> None:
        dialog = editor.verification_dialog
        choose(dialog.method, "issuer-query")
        choose(dialog.conclusion, "untrue")
        click(dialog.by)
        type_text(dialog.by, "王核查")
        click(dialog.at)
        QTest.keyClick(dialog.at, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_text(dialog.at, "2026-11-30")
        QTest.keyClick(dialog.at, Qt.Key.Key_Return)  # the dialog's OK

    QTimer.singleShot(0, fill)
    click(editor.verify_button)
    detail = case_service.load_case(ctx, case_ref)
    check = detail.verification_of("T", file.sha256)
    assert check is not None
    assert (check.method, check.conclusion, check.by, check.at) == ("issuer-query", "untrue", "王核查", "2026-11-30")
    flag = window.workspace.panel.flag_label
    assert flag.isVisible() and "T" in flag.text() and "V4" in flag.text()
    assert "untrue" in editor.evidence_list.topLevelItem(0).text(2)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screenshots(qtbot, ctx, tmp_path, lang) -> None:
    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.app import install_language

    i18n.set_lang(lang)
    install_language(QApplication.instance(), lang)
    w = MainWindow(ctx, lang)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    fw_registry.install_file(ctx, FIXTURES / "mini2.yaml")
    ref = case_service.new_case(
        ctx, framework="mini2", tier="city", mode="third-party", entity_name="福州数字规划研究院", uscc=USCC
    ).ref
    (tmp_path / "cert.pdf").write_bytes(b"%PDF-1.4 cert")
    (tmp_path / "q.png").write_bytes(b"png")
    case_service.set_answer(ctx, ref, "B", not_applicable=True, reason="本单位为事业单位", ground="public-body")
    case_service.set_answer(ctx, ref, "S", value=2)
    detail = case_service.add_evidence(ctx, ref, "S", [tmp_path / "cert.pdf"])
    sha = detail.evidence_for("S")[0].sha256
    case_service.set_verification(
        ctx, ref, "S", sha, {"method": "original", "conclusion": "confirmed", "by": "王核查", "at": "2026-11-30"}
    )
    from cityeval_desktop.domain.basis import VetoBasis

    case_service.set_veto(ctx, ref, "V1", False, VetoBasis("信用中国", "2026-11-30T10:00:00+08:00", "无记录"))
    case_service.add_veto_evidence(ctx, ref, "V1", [tmp_path / "q.png"])
    assert w.open_case(ref)
    go(w, "S")
    SHOTS.mkdir(parents=True, exist_ok=True)
    qtbot.wait(100)  # the previous indicator's widgets are deleted on the event loop
    w.grab().save(str(SHOTS / f"workspace-S-{lang}.png"))
    go(w, "B")
    qtbot.wait(100)
    w.grab().save(str(SHOTS / f"workspace-na-{lang}.png"))
    panel = w.workspace.panel
    panel.ensureWidgetVisible(panel.basis_rows["V1"])
    qtbot.wait(100)
    w.grab().save(str(SHOTS / f"workspace-veto-{lang}.png"))
    i18n.set_lang("en")
    install_language(QApplication.instance(), "en")


def test_the_query_time_field_reads_as_the_chinese_locale_writes_it(qtbot, qapp) -> None:
    """In Chinese the field shows 年/月/日 order with a 24-hour clock, and typing that order gives the time."""
    from cityeval_desktop.ui.app import install_language
    from cityeval_desktop.ui.widgets.time_edit import OptionalTimeEdit

    install_language(qapp, "zh")
    field = OptionalTimeEdit("未填写")
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    assert field.displayFormat() == "yyyy/MM/dd HH:mm" and field.text() == "未填写" and field.value() is None
    field.setFocus()
    QTest.keyClicks(field, "2026/11/30 10:05")  # typing into the empty field
    assert field.value() == datetime(2026, 11, 30, 10, 5).astimezone()
    QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(field, Qt.Key.Key_Backspace)
    assert field.value() is None and field.text() == "未填写"


def undo_names(window) -> str:
    window.menuBar()
    return window.undo_action.text().replace("&", "")


def test_basis_kind_and_verification_edits_are_undone_and_redone(
    window, ctx, case_ref, tmp_path, monkeypatch, qtbot
) -> None:
    """Ctrl+Z / Ctrl+Shift+Z step through basis, basis files, kinds and verifications; what is STORED moves."""
    ws = window.workspace
    panel, editor = ws.panel, ws.editor
    stored = lambda: case_service.load_case(ctx, case_ref)  # noqa: E731

    def undo(keys: Qt.KeyboardModifier = Qt.KeyboardModifier.ControlModifier) -> None:
        ws.tree.setFocus()  # out of the field first: Ctrl+Z in a field undoes its typing
        QTest.keyClick(ws.tree, Qt.Key.Key_Z, keys)

    def redo() -> None:
        undo(Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)

    choose(panel._veto_combos["V1"], False)
    row = panel.basis_rows["V1"]
    click(row.note)
    type_text(row.note, "未查到严重失信记录")
    QTest.keyClick(row.note, Qt.Key.Key_Return)
    assert stored().veto_basis["V1"].note == "未查到严重失信记录"
    assert undo_names(window) == "Undo basis of veto V1"
    undo()
    assert stored().veto_basis["V1"].note is None and panel.basis_rows["V1"].note.text() == ""
    redo()
    assert stored().veto_basis["V1"].note == "未查到严重失信记录"
    # the basis files
    shot = tmp_path / "信用中国查询.png"
    shot.write_bytes(b"\x89PNG no record")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(shot)], ""))
    click(panel.basis_rows["V1"].attach_button)
    assert [e.original_name for e in stored().veto_evidence("V1")] == ["信用中国查询.png"]
    assert undo_names(window) == "Undo basis files of veto V1"
    undo()
    assert stored().veto_evidence("V1") == [] and "信用中国查询.png" not in panel.basis_rows["V1"].files.text()
    redo()
    assert [e.original_name for e in stored().veto_evidence("V1")] == ["信用中国查询.png"]
    # undeciding the veto drops its basis; undoing that brings the decision back with its basis
    choose(panel._veto_combos["V1"], None)
    assert "V1" not in stored().vetoes
    undo()
    detail = stored()
    assert detail.vetoes["V1"] is False and detail.veto_basis["V1"].note == "未查到严重失信记录"
    # an evidence kind
    go(window, "T")
    staff = tmp_path / "社保名单.pdf"
    staff.write_bytes(b"%PDF-1.4 staff")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(staff)], ""))
    click(editor.add_files_button)
    qtbot.waitUntil(lambda: editor.evidence_list.topLevelItemCount() == 1, timeout=10_000)
    (file,) = stored().evidence_for("T")
    assert file.kind == "staff-certificates"  # T names one kind: the file takes it
    choose(editor.kind_combos[file.id], None)  # "(kind not given)"
    assert stored().evidence_for("T")[0].kind is None
    assert undo_names(window) == "Undo evidence kind in T"
    undo()
    assert stored().evidence_for("T")[0].kind == "staff-certificates"
    assert editor.kind_combos[file.id].currentData() == "staff-certificates"
    redo()
    assert stored().evidence_for("T")[0].kind is None
    undo()
    # a verification through the dialog
    item = editor.evidence_list.topLevelItem(0)
    QTest.mouseClick(
        editor.evidence_list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=editor.evidence_list.visualItemRect(item).center(),
    )

    def fill() -> None:
        dialog = editor.verification_dialog
        choose(dialog.conclusion, "untrue")
        click(dialog.by)
        type_text(dialog.by, "王核查")
        QTest.keyClick(dialog.by, Qt.Key.Key_Return)  # the dialog's OK

    QTimer.singleShot(0, fill)
    click(editor.verify_button)
    assert stored().verification_of("T", file.sha256).conclusion == "untrue"
    assert panel.flag_label.isVisible()
    window.activateWindow()  # the dialog has closed: the workspace's window takes the keys again
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    assert undo_names(window) == "Undo verification in T"
    undo()
    assert stored().verification_of("T", file.sha256) is None and not panel.flag_label.isVisible()
    redo()
    check = stored().verification_of("T", file.sha256)
    assert (check.conclusion, check.by) == ("untrue", "王核查") and panel.flag_label.isVisible()
    # and back through everything to the start: nothing of it is stored
    while window.undo_action.isEnabled():
        undo()
    detail = stored()
    assert "V1" not in detail.vetoes and detail.evidence == () and detail.verifications == ()
