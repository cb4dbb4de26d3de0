"""The guided self-check driven with real keys and clicks; what it stores is checked through the services."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QDesktopServices, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QPushButton

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.reporting import audit_entries
from cityeval_desktop.ui.main_window import MainWindow
from cityeval_desktop.ui.workspace.self_check import SelfCheckDialog

# written against the 2026.1 wording and rules (2026.2 in the GUI: test_score_panel_rules, test_evidence_basis_gui)
pytestmark = pytest.mark.usefixtures("frameworks_2026_1")

FIXTURES = Path(__file__).parents[1] / "fixtures"
USCC = "91350100M000100Y43"


@pytest.fixture
def window(qtbot, ctx):
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    w = MainWindow(ctx, "en")
    qtbot.addWidget(w)
    w.show()
    return w


def _case(ctx, framework: str = "planning-consulting", mode: str = "self"):
    return case_service.new_case(
        ctx, framework=framework, tier="city", mode=mode, entity_name="福州数字规划研究院", uscc=USCC, assessor="张三"
    )


def _open(window, qtbot, ref: str):
    assert window.open_case(ref)
    dialog = window.self_check(ref)
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isActiveWindow())
    return dialog


def _actions(ctx, summary) -> list[tuple[str, str]]:
    return [(row["action"], row["target"]) for row in audit_entries(ctx, summary.case_uuid)]


def _enter(widget) -> None:
    QTest.keyClick(widget, Qt.Key.Key_Return)


# ----------------------------------------------------------------------------- item 1: Enter
def test_enter_saves_and_moves_on_never_clears(window, ctx, qtbot) -> None:
    summary = _case(ctx)
    dialog = _open(window, qtbot, summary.ref)
    editor = dialog.editor
    # Next is the only default button of the dialog; nothing else fires on Enter
    for button in dialog.findChildren(QPushButton):
        assert not button.autoDefault(), button.text()
        assert button.isDefault() == (button is dialog.next_button), button.text()

    # a number: type 7, Enter
    assert dialog.current_indicator() == "P1.1"
    assert editor.number_edit.hasFocus()
    QTest.keyClicks(editor.number_edit, "7")
    _enter(editor.number_edit)
    qtbot.wait(50)  # the clear used to fire ~10 ms after the save
    stored = case_service.load_case(ctx, summary.ref)
    assert stored.raw_values.get("P1.1") == 7
    assert ("answer.clear", "P1.1") not in _actions(ctx, summary)
    assert dialog.current_indicator() == "P1.2"

    # the N/A reason field: tick N/A with the mouse, type the reason, Enter
    QTest.mouseClick(editor.na_check, Qt.MouseButton.LeftButton, pos=QPoint(8, editor.na_check.height() // 2))
    assert editor.na_reason.isVisible()
    editor.na_reason.setFocus()
    QTest.keyClicks(editor.na_reason, "we only do thematic studies")
    _enter(editor.na_reason)
    qtbot.wait(50)
    stored = case_service.load_case(ctx, summary.ref)
    assert stored.answers["P1.2"].not_applicable and stored.answers["P1.2"].reason == "we only do thematic studies"
    assert dialog.current_indicator() == "P1.3"

    # a focused choice: Space picks the focused level, Down moves and picks the next, Enter goes on
    buttons = editor.choice_group.buttons()
    assert buttons[0].hasFocus()
    QTest.keyClick(buttons[0], Qt.Key.Key_Down)
    assert dialog.focusWidget() is buttons[1]
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Space)
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Down)
    assert dialog.focusWidget() is buttons[2]
    _enter(dialog.focusWidget())
    qtbot.wait(50)
    stored = case_service.load_case(ctx, summary.ref)
    assert stored.raw_values.get("P1.3") == 2
    assert dialog.current_indicator() == "P1.4"
    # the earlier answers are untouched and nothing was ever cleared
    assert stored.raw_values.get("P1.1") == 7
    assert not [a for a in _actions(ctx, summary) if a[0] == "answer.clear"]


def test_enter_on_a_refused_number_stays_on_the_question(window, ctx, qtbot) -> None:
    summary = _case(ctx)
    dialog = _open(window, qtbot, summary.ref)
    editor = dialog.editor
    QTest.keyClicks(editor.number_edit, "-3")
    _enter(editor.number_edit)
    qtbot.wait(50)
    assert dialog.current_indicator() == "P1.1"
    assert editor.input_message.text()
    assert "P1.1" not in case_service.load_case(ctx, summary.ref).answers


def test_enter_on_a_veto_question_saves_the_focused_choice_and_goes_on(window, ctx, qtbot) -> None:
    summary = _case(ctx, framework="mini")
    for ind in case_service.load_case(ctx, summary.ref).framework.tier_indicators("city"):
        case_service.set_answer(ctx, summary.ref, ind.id, not_applicable=True, reason="不涉及")
    dialog = _open(window, qtbot, summary.ref)
    # every indicator is answered: the walk opens on the first veto question
    assert dialog.current_veto() == "V1" and dialog.stack.currentWidget() is dialog.veto_page
    page = dialog.veto_page
    # undecided is shown as "not sure yet", and the keyboard starts on the stored choice
    assert page.buttons[2].isChecked() and page.buttons[2].hasFocus()
    QTest.keyClick(page.buttons[2], Qt.Key.Key_Up)  # arrows move and pick: "No"
    assert dialog.focusWidget() is page.buttons[1] and page.buttons[1].isChecked()
    _enter(dialog.focusWidget())
    assert case_service.load_case(ctx, summary.ref).vetoes == {"V1": False}
    assert dialog.current_veto() == "V2"
    for n in (0, 2):  # "Yes", then back to "not sure yet": both are saved
        QTest.mouseClick(page.buttons[n], Qt.MouseButton.LeftButton, pos=QPoint(6, page.buttons[n].height() // 2))
        assert case_service.load_case(ctx, summary.ref).vetoes.get("V2") == (True if n == 0 else None)
    _enter(dialog.focusWidget())
    assert dialog.stack.currentWidget() is dialog.plan
    detail = case_service.load_case(ctx, summary.ref)
    assert detail.vetoes == {"V1": False} and detail.result.undecided_vetoes == ("V2",)
    assert ("veto.set", "V1") in _actions(ctx, summary)
    # the plan names the open veto question apart, and the result is still provisional
    text = dialog.plan_text()
    assert "Not answered yet" in text and "V2" in text and "provisional" in text
    assert "provisional" in dialog.score_label.text()


# ----------------------------------------------------------------------------- item 3: evidence
def test_evidence_buttons_attach_open_and_remove(window, ctx, qtbot, tmp_path, monkeypatch) -> None:
    summary = _case(ctx, framework="mini")
    dialog = _open(window, qtbot, summary.ref)
    editor = dialog.editor
    assert dialog.current_indicator() == "S"
    scan = tmp_path / "证书扫描.pdf"
    scan.write_bytes(b"%PDF-1.4 certificate scan")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(scan)], "")))
    QTest.mouseClick(editor.add_files_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(case_service.load_case(ctx, summary.ref).evidence) == 1, timeout=5000)
    qtbot.waitUntil(lambda: editor.evidence_list.topLevelItemCount() == 1)
    stored = case_service.load_case(ctx, summary.ref).evidence[0]
    assert (stored.indicator_id, stored.original_name) == ("S", "证书扫描.pdf")

    # open: the system viewer gets a copy under the original name
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    item = editor.evidence_list.topLevelItem(0)
    rect = editor.evidence_list.visualItemRect(item)
    QTest.mouseClick(editor.evidence_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseClick(editor.open_file_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and Path(opened[0]).name == "证书扫描.pdf"
    assert Path(opened[0]).read_bytes() == scan.read_bytes()

    # remove: asks first; No keeps the file, Yes removes it
    asked: list[str] = []

    def answer(reply):
        def question(_parent, _title, text, *a, **k):
            asked.append(text)
            return reply

        return staticmethod(question)

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    QTest.mouseClick(editor.remove_file_button, Qt.MouseButton.LeftButton)
    assert len(case_service.load_case(ctx, summary.ref).evidence) == 1
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    QTest.mouseClick(editor.remove_file_button, Qt.MouseButton.LeftButton)
    assert case_service.load_case(ctx, summary.ref).evidence == ()
    assert len(asked) == 2 and "证书扫描.pdf" in asked[0]
    assert editor.evidence_list.topLevelItemCount() == 0
    actions = [a for a, _ in _actions(ctx, summary)]
    assert "evidence.add" in actions and "evidence.remove" in actions


def test_a_refused_file_says_why_and_attaches_nothing(window, ctx, qtbot, tmp_path, monkeypatch) -> None:
    summary = _case(ctx, framework="mini")
    dialog = _open(window, qtbot, summary.ref)
    folder = tmp_path / "a folder"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(folder)], "")))
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    QTest.mouseClick(dialog.editor.add_files_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "a folder" in shown[0] or "regular file" in shown[0] or shown[0]
    assert case_service.load_case(ctx, summary.ref).evidence == ()


# ----------------------------------------------------------------------------- item 7: the plan
def test_plan_lists_unanswered_questions_apart_and_jumps_back(window, ctx, qtbot) -> None:
    summary = _case(ctx, framework="mini")
    case_service.set_answer(ctx, summary.ref, "S", value=2)
    case_service.set_answer(ctx, summary.ref, "Y", value=False)
    dialog = _open(window, qtbot, summary.ref)
    QTest.mouseClick(dialog.plan_button, Qt.MouseButton.LeftButton)
    text = dialog.plan_text()
    unanswered, _, gaps = text.partition("Where points are lost, largest first")
    assert "Not answered yet" in unanswered
    for ind in ("C Choice", "T Threshold", "B Bands", "V1 Serious dishonesty"):
        assert ind in unanswered
    # the gaps are the answered questions only: nothing "lost" on a question never answered
    assert "S Scale" in gaps and "Y Yes-no" in gaps
    assert "C Choice" not in gaps and "T Threshold" not in gaps

    # click the link of an unanswered question: the walk goes back to it
    cursor = dialog.plan.document().find("C Choice")
    assert not cursor.isNull()
    cursor.setPosition(cursor.selectionStart() + 1, QTextCursor.MoveMode.MoveAnchor)
    pos = dialog.plan.cursorRect(cursor).center()
    QTest.mouseClick(dialog.plan.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert dialog.stack.currentWidget() is dialog.editor
    assert dialog.current_indicator() == "C"


# ----------------------------------------------------------------------------- item 8: wording
def test_the_walk_speaks_to_the_operator(window, ctx, qtbot) -> None:
    summary = _case(ctx)
    dialog = _open(window, qtbot, summary.ref)
    fw = dialog.detail.framework
    editor = dialog.editor
    dialog.go(dialog._ids.index("P1.1"))
    # the number's goal in words for the case's tier (city: 6 people, full points from 1.5 times that)
    assert editor.number_hint.text() == "Aim for 9 people or more: that earns the most points."
    assert editor.na_check.text() == "This does not apply to us (say why below)"
    note_caption = [w for w in editor.widget().findChildren(QLabel) if w.text() == "Your notes (optional)"]
    assert len(note_caption) == 1 and note_caption[0].isVisible()
    for target in ("P1.1", "P1.2", "P5.2"):
        dialog.go(dialog._ids.index(target))
        ind = fw.indicator(target)
        assert editor.guidance.text() == ind.self_check.en
        shown = " ".join([editor.guidance.text(), editor.meta.text(), editor.number_hint.text()])
        for assessor_only in ("GB/T", "f =", "level /", "Threshold for this tier", "Bands:", "Assessor"):
            assert assessor_only not in shown, (target, assessor_only)
        options = [b.accessibleName() for b in editor.choice_group.buttons()]
        assert not [o for o in options if "%)" in o or (o[:1].isdigit() and " — " in o)], options
    assert "Assessor" not in editor.note_edit.placeholderText()
    # options are worded without their score: P5.2's choices carry no percentage
    assert [b.accessibleName() for b in editor.choice_group.buttons()][:2] == ["AAA", "AA"]


def test_third_party_case_offers_only_a_read_only_preview(window, ctx, qtbot) -> None:
    summary = _case(ctx, mode="third-party")
    assert window.open_case(summary.ref)
    ws = window.workspace
    assert ws.self_check_button.text() == "Self-check preview…"
    QTest.mouseClick(ws.self_check_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(SelfCheckDialog)
    assert dialog is not None and dialog.read_only
    qtbot.addWidget(dialog)
    assert dialog.banner.isVisible() and "preview" in dialog.windowTitle()
    editor = dialog.editor
    assert not editor.answer_box.isEnabled() and not editor.add_files_button.isEnabled()
    QTest.keyClicks(editor.number_edit, "9")
    _enter(editor.number_edit)
    assert dialog.current_indicator() == "P1.2"  # Enter still walks on
    dialog.go(len(dialog._ids))  # the first veto question
    assert not any(b.isEnabled() for b in dialog.veto_page.buttons)
    dialog.accept()
    assert case_service.load_case(ctx, summary.ref).answers == {}
    assert not [a for a, _ in _actions(ctx, summary) if a.startswith("answer.")]
