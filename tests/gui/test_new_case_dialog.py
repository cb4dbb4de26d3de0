"""The new-case dialog with the keyboard (issue 8, items 14-16): pasted and IME-typed codes, the region
checked as it is typed, problems beside their fields, and a second open draft of the same entity.

Every test sends real key and mouse events and reads what the services stored.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QMessageBox

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.reporting import audit_entries
from cityeval_desktop.ui.dialogs import new_case as new_case_module
from cityeval_desktop.ui.dialogs.new_case import NewCaseDialog
from cityeval_desktop.ui.main_window import MainWindow

USCC = "91350100M000100Y43"
NAME = "福州数字规划研究院有限公司"
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, ctx, monkeypatch):
    def no_error_dialog(_parent, exc, _title=None):  # an error dialog would block the test
        raise AssertionError(f"unexpected error dialog: {exc}")

    monkeypatch.setattr(new_case_module, "show_error", no_error_dialog)
    w = MainWindow(ctx, "en")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def open_dialog(qtbot, window: MainWindow) -> NewCaseDialog:
    """Ctrl+N, as a user opens it."""
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), NewCaseDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, NewCaseDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def type_keys(widget, text: str) -> None:
    """Key presses as a keyboard sends them; full-width characters (an IME's full-width mode) carry their text.

    ``QTest.keyClicks`` handles Latin-1 only, so other characters go out one key event each.
    """
    for ch in text:
        if ch.isascii():
            QTest.keyClicks(widget, ch)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def ime_commit(widget, text: str) -> None:
    """What a Chinese input method sends when the user picks a candidate (full-width letters included)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def create_button(dialog: NewCaseDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def shown_texts(dialog: NewCaseDialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel) if label.isVisible())


def fill_entity(dialog: NewCaseDialog, uscc: str = USCC) -> None:
    dialog.name_edit.setFocus()
    ime_commit(dialog.name_edit, NAME)
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
    assert dialog.uscc_edit.hasFocus()
    QTest.keyClicks(dialog.uscc_edit, uscc)
    QTest.keyClick(dialog.uscc_edit, Qt.Key.Key_Tab)
    assert dialog.region_edit.hasFocus()


def retype(widget, text: str) -> None:
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_A, CTRL)
    QTest.keyClick(widget, Qt.Key.Key_Delete)
    type_keys(widget, text)


def cases_of(ctx) -> list[case_service.CaseSummary]:
    return case_service.list_cases(ctx)


def when_shown(get: Callable[[], object], then: Callable[[object], None], timeout_ms: int = 5000) -> QTimer:
    """Run ``then(box)`` once ``get()`` returns a visible box (a modal box runs its own event loop)."""
    timer = QTimer()
    waited = {"ms": 0}

    def poll() -> None:
        box = get()
        if box is not None and box.isVisible():
            timer.stop()
            then(box)
        elif waited["ms"] > timeout_ms:
            timer.stop()
        waited["ms"] += 20

    timer.timeout.connect(poll)
    timer.start(20)
    return timer


# ----------------------------------------------------------------------------- item 14: the region
def test_the_region_is_checked_as_it_is_typed_and_create_waits_for_it(qtbot, ctx, window) -> None:
    dialog = open_dialog(qtbot, window)
    fill_entity(dialog)
    assert dialog.region_edit.text() == "350100"  # taken from the code
    assert create_button(dialog).isEnabled()

    retype(dialog.region_edit, "35010")
    assert not create_button(dialog).isEnabled()
    assert dialog.region_status.isVisible()
    assert "A region code is 6 digits (GB/T 2260); '35010' is not" in dialog.region_status.text()
    assert "--" not in shown_texts(dialog)
    QTest.keyClick(dialog.region_edit, Qt.Key.Key_Return)  # Enter on a bad region creates nothing
    assert dialog.isVisible() and cases_of(ctx) == []

    QTest.keyClicks(dialog.region_edit, "A")
    assert not create_button(dialog).isEnabled()
    QTest.keyClick(dialog.region_edit, Qt.Key.Key_Backspace)
    QTest.keyClicks(dialog.region_edit, "0")
    assert create_button(dialog).isEnabled()
    assert dialog.region_status.text() == "Region 350100 Fuzhou, Fujian."
    QTest.keyClick(dialog.region_edit, Qt.Key.Key_Backspace)
    QTest.keyClicks(dialog.region_edit, "2")  # a district of the registration city: allowed, with a warning
    assert create_button(dialog).isEnabled()
    assert "Differs from the registration region 350100 (Fuzhou, Fujian)" in dialog.region_status.text()

    QTest.keyClick(dialog.region_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    (summary,) = cases_of(ctx)
    assert summary.region == "350102"
    assert window.workspace.ref == summary.ref


def test_a_region_other_than_the_registration_region_is_a_warning_not_a_refusal(qtbot, ctx, window) -> None:
    dialog = open_dialog(qtbot, window)
    fill_entity(dialog)
    retype(dialog.region_edit, "５１０１００")  # full-width digits from an input method
    assert create_button(dialog).isEnabled()
    text = dialog.region_status.text()
    assert "Differs from the registration region 350100 (Fuzhou, Fujian)" in text
    assert "#8a5a00" in dialog.region_status.styleSheet()  # a warning, not an error
    QTest.keyClick(dialog.region_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    (summary,) = cases_of(ctx)
    assert case_service.load_case(ctx, summary.ref).summary.region == "510100"


def test_a_changed_code_rechecks_the_typed_region(qtbot, ctx, window) -> None:
    dialog = open_dialog(qtbot, window)
    fill_entity(dialog)
    retype(dialog.region_edit, "512081")  # a retired code (简阳, now 510185): not in the list
    assert "differs from the registration region" in dialog.region_status.text()
    assert "512081 is not in the GB/T 2260 list" in dialog.region_status.text()
    retype(dialog.uscc_edit, "91512081MA62K0260E")
    assert dialog.region_edit.text() == "512081"  # typed by the user: kept
    assert "differs" not in dialog.region_status.text()
    assert "512081 is not in the GB/T 2260 list" in dialog.region_status.text()


def test_problems_the_service_finds_are_shown_beside_the_field_without_an_option(qtbot, ctx, window) -> None:
    dialog = open_dialog(qtbot, window)
    fill_entity(dialog)
    dialog.name_edit.setFocus()
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_End)
    QTest.keyClicks(dialog.name_edit, "x" * 200)  # over the 200-character limit only the service knows
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.name_status.isVisible()
    assert dialog.name_status.text() == "The name is too long (limit 200)"
    assert "--" not in shown_texts(dialog)
    assert dialog.name_edit.hasFocus()
    assert cases_of(ctx) == []
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Backspace)
    assert not dialog.name_status.isVisible()  # the message goes when the field is edited


def test_the_region_message_is_chinese_in_the_chinese_interface(qtbot, ctx, window) -> None:
    from cityeval_desktop.ui import i18n

    i18n.set_lang("zh")
    dialog = open_dialog(qtbot, window)
    fill_entity(dialog)
    retype(dialog.region_edit, "35010")
    assert "行政区划代码应为 6 位数字（GB/T 2260），“35010”不是" in dialog.region_status.text()
    retype(dialog.region_edit, "510100")
    assert "与统一社会信用代码中的登记地（350100 福建省福州市）不同" in dialog.region_status.text()


# ----------------------------------------------------------------------------- item 15: the code
def test_a_full_width_code_typed_with_spaces_is_accepted_and_stored_normalised(qtbot, ctx, window) -> None:
    dialog = open_dialog(qtbot, window)
    dialog.name_edit.setFocus()
    ime_commit(dialog.name_edit, NAME)
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
    type_keys(dialog.uscc_edit, "９１３５ ０１００　Ｍ０００ １００Ｙ ４３")  # keys of a full-width IME
    assert dialog.uscc_status.text() == "Valid code 91350100M000100Y43. Registered in 350100 Fuzhou, Fujian."
    assert create_button(dialog).isEnabled()
    QTest.keyClick(dialog.uscc_edit, Qt.Key.Key_Tab)  # leaving the field shows the code as it is stored
    assert dialog.uscc_edit.text() == USCC
    assert dialog.region_edit.text() == "350100"
    QTest.keyClick(dialog.region_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    (summary,) = cases_of(ctx)
    detail = case_service.load_case(ctx, summary.ref)
    assert (detail.summary.uscc, detail.summary.region, detail.summary.entity_name) == (USCC, "350100", NAME)


def test_a_code_committed_by_an_input_method_in_lower_case_full_width(qtbot, ctx, window) -> None:
    dialog = open_dialog(qtbot, window)
    dialog.uscc_edit.setFocus()
    ime_commit(dialog.uscc_edit, "９１３５０１００ｍ０００１００ｙ４３")
    assert dialog.uscc_status.text().startswith("Valid code 91350100M000100Y43.")
    assert "not allowed" not in dialog.uscc_status.text()


def test_a_code_pasted_with_spaces_is_not_cut_before_it_is_cleaned(qtbot, ctx, window) -> None:
    dialog = open_dialog(qtbot, window)
    dialog.name_edit.setFocus()
    ime_commit(dialog.name_edit, NAME)
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
    QGuiApplication.clipboard().setText(" 9135 0100 M000 100Y 43\n")  # copied from a scanned licence
    QTest.keyClick(dialog.uscc_edit, Qt.Key.Key_V, CTRL)
    assert "".join(dialog.uscc_edit.text().split()) == USCC  # nothing cut off
    assert dialog.uscc_status.text().startswith("Valid code 91350100M000100Y43.")
    QTest.keyClick(dialog.uscc_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    (summary,) = cases_of(ctx)
    assert case_service.load_case(ctx, summary.ref).summary.uscc == USCC


def test_a_wrong_full_width_code_gives_one_error_per_wrong_character(qtbot, ctx, window) -> None:
    dialog = open_dialog(qtbot, window)
    dialog.uscc_edit.setFocus()
    type_keys(dialog.uscc_edit, "９１３５０１００Ｍ０００１００Ｙ４４")  # wrong check character
    assert dialog.uscc_status.text() == ("Wrong check character: position 18 is '4', the first 17 characters give '3'")
    assert not create_button(dialog).isEnabled()


# ----------------------------------------------------------------------------- item 16: open drafts
def existing_draft(ctx, mode: str = "third-party") -> case_service.CaseSummary:
    return case_service.new_case(
        ctx,
        framework="planning-consulting",
        tier="city",
        mode=mode,
        entity_name=NAME,
        uscc=USCC,
        assessor="李四",
    )


def case_creations(ctx) -> int:
    return sum(
        1 for s in case_service.list_cases(ctx) for e in audit_entries(ctx, s.case_uuid) if e["action"] == "case.create"
    )


def test_a_second_open_draft_is_offered_and_opened_instead(qtbot, ctx, window) -> None:
    draft = existing_draft(ctx)
    window.cases_page.reload()
    dialog = open_dialog(qtbot, window)
    fill_entity(dialog, "9135 0100 m000 100y 43")
    seen: dict[str, str] = {}

    def answer(box) -> None:
        seen["text"] = box.text() + "\n" + box.informativeText()
        QTest.keyClick(box, Qt.Key.Key_Return)  # the default: open the existing case

    timer = when_shown(lambda: dialog.open_drafts_box, answer)
    QTest.keyClick(dialog.region_edit, Qt.Key.Key_Return)
    timer.stop()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert f"{NAME} ({USCC}) already has an open draft case with this framework." in seen["text"]
    assert "Third-party, revision 1" in seen["text"] and "assessor 李四" in seen["text"]
    assert [s.case_uuid for s in case_service.list_cases(ctx)] == [draft.case_uuid]  # nothing created
    assert case_creations(ctx) == 1
    assert dialog.existing is not None and dialog.created is None
    assert window.stack.currentWidget() is window.workspace
    assert window.workspace.ref == draft.ref


def test_create_anyway_makes_a_second_case(qtbot, ctx, window) -> None:
    draft = existing_draft(ctx)
    dialog = open_dialog(qtbot, window)
    fill_entity(dialog)

    def answer(box) -> None:
        create = next(b for b in box.buttons() if b.text() == "Create a new case anyway")
        QTest.mouseClick(create, Qt.MouseButton.LeftButton)

    timer = when_shown(lambda: dialog.open_drafts_box, answer)
    QTest.keyClick(dialog.region_edit, Qt.Key.Key_Return)
    timer.stop()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    summaries = case_service.list_cases(ctx)
    assert len(summaries) == 2 and case_creations(ctx) == 2
    assert dialog.created is not None and dialog.created.case_uuid != draft.case_uuid
    assert window.workspace.ref == dialog.created.ref


def test_escape_in_the_warning_goes_back_to_the_dialog(qtbot, ctx, window) -> None:
    existing_draft(ctx)
    dialog = open_dialog(qtbot, window)
    fill_entity(dialog)
    timer = when_shown(lambda: dialog.open_drafts_box, lambda box: QTest.keyClick(box, Qt.Key.Key_Escape))
    QTest.keyClick(dialog.region_edit, Qt.Key.Key_Return)
    timer.stop()
    assert dialog.isVisible()
    assert len(case_service.list_cases(ctx)) == 1 and case_creations(ctx) == 1
    assert dialog.created is None and dialog.existing is None


def test_a_finalized_case_or_another_framework_is_not_a_duplicate(qtbot, ctx, window, monkeypatch) -> None:
    draft = existing_draft(ctx)
    with ctx.transaction() as s:
        case_service.mark_finalized(s, case_service.find_case(s, draft.ref), "tester")
    case_service.new_case(
        ctx, framework="operations-maintenance", tier="city", mode="third-party", entity_name=NAME, uscc=USCC
    )
    monkeypatch.setattr(QMessageBox, "exec", lambda _box: pytest.fail("no warning expected"))
    dialog = open_dialog(qtbot, window)
    fill_entity(dialog)
    QTest.keyClick(dialog.region_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert len(case_service.list_cases(ctx)) == 3
