"""A graded deduction (counts per severity) is answered with one spin box per severity, in the workspace
and in the guided self-check; real keys, and what the services stored is checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.ui.main_window import MainWindow

FIXTURES = Path(__file__).parents[1] / "fixtures"
USCC = "91350100M000100Y43"
OTHERS = {"S": 2, "Y": True, "C": "mid", "T": 8, "B": 4, "R": 45, "P": 10}


def _window(qtbot, ctx, lang: str = "en") -> MainWindow:
    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.app import install_language

    i18n.set_lang(lang)
    install_language(QApplication.instance(), lang)
    w = MainWindow(ctx, lang)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def _case(ctx, mode: str = "third-party", answers: dict | None = None) -> str:
    fw_registry.install_file(ctx, FIXTURES / "mini2.yaml")
    ref = case_service.new_case(ctx, framework="mini2", tier="regional", mode=mode, entity_name="甲公司", uscc=USCC).ref
    for ind, value in (answers or {}).items():
        case_service.set_answer(ctx, ref, ind, value=value)
    return ref


def _go(window, indicator_id: str) -> None:
    tree = window.workspace.tree
    item = tree._items[indicator_id]
    tree.scrollToItem(item)
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())
    assert window.workspace.editor.indicator_id == indicator_id


def _earned(detail, indicator_id: str):
    return next(i for i in detail.result.indicators if i.id == indicator_id).earned_shown


def _type(spin, text: str) -> None:
    spin.setFocus()
    spin.selectAll()
    QTest.keyClicks(spin, text)


def test_counts_per_severity_are_typed_and_stored(qtbot, ctx) -> None:
    ref = _case(ctx, answers=OTHERS)
    window = _window(qtbot, ctx)
    assert window.open_case(ref)
    _go(window, "X")
    editor = window.workspace.editor
    spins = editor.severity_spins
    assert list(spins) == ["minor", "major", "grave"]
    assert not editor.number_row.isVisible()  # no single-number box for a graded deduction
    assert all(s.isVisible() and s.text() == "–" for s in spins.values())  # not answered yet
    titles = [lbl.text() for lbl in editor.severity_row.findChildren(QLabel) if lbl.buddy() is not None]
    assert titles == ["Minor", "Major", "Grave"]
    assert spins["grave"].toolTip() == "10 points off each; any raises veto V1"
    assert spins["minor"].toolTip() == "1 point off each"  # one point: singular
    assert editor.meta.text() == (
        "10 points · points off per occurrence by severity: Minor 1, Major 3, Grave 10, down to 0 · evidence required"
    )

    _type(spins["minor"], "2")
    QTest.keyClick(spins["minor"], Qt.Key.Key_Tab)  # focus leaves: saved, the others count 0
    stored = case_service.load_case(ctx, ref)
    assert stored.raw_values["X"] == {"minor": 2, "major": 0, "grave": 0}
    assert _earned(stored, "X") == 8

    assert spins["major"].hasFocus()
    QTest.keyClicks(spins["major"], "1")
    QTest.keyClick(spins["major"], Qt.Key.Key_Return)  # Enter: saved, on to the next indicator
    stored = case_service.load_case(ctx, ref)
    assert stored.raw_values["X"] == {"minor": 2, "major": 1, "grave": 0}
    assert _earned(stored, "X") == 5
    assert not editor.severity_spins["major"].hasFocus()  # X is the last indicator: the vetoes come next

    # back on X the stored counts show; Escape gives back typed-over counts; Alt+Down saves before moving
    _go(window, "X")
    spins = editor.severity_spins  # built again for the indicator shown
    assert [s.value() for s in spins.values()] == [2, 1, 0]
    _type(spins["grave"], "3")
    QTest.keyClick(spins["grave"], Qt.Key.Key_Escape)
    assert spins["grave"].value() == 0
    _type(spins["minor"], "4")
    QTest.keyClick(spins["minor"], Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert editor.indicator_id == "P"
    stored = case_service.load_case(ctx, ref)
    assert stored.raw_values["X"] == {"minor": 4, "major": 1, "grave": 0}
    # a grave record raises V1 whatever was decided
    _go(window, "X")
    spins = editor.severity_spins
    _type(spins["grave"], "1")
    QTest.keyClick(spins["grave"], Qt.Key.Key_Return)
    stored = case_service.load_case(ctx, ref)
    assert stored.raw_values["X"]["grave"] == 1
    assert "V1" in stored.result.vetoed


def test_severity_titles_read_chinese(qtbot, ctx) -> None:
    ref = _case(ctx)
    window = _window(qtbot, ctx, "zh")
    assert window.open_case(ref)
    _go(window, "X")
    editor = window.workspace.editor
    titles = [lbl.text() for lbl in editor.severity_row.findChildren(QLabel) if lbl.buddy() is not None]
    assert titles == ["一般", "较重", "严重"]
    assert editor.severity_spins["grave"].toolTip() == "每次扣 10 分；出现即触发否决项 V1"
    assert editor.severity_spins["minor"].suffix() == " 次"
    assert "occurrence" not in editor.number_hint.text() and editor.number_hint.text()


def test_self_check_walk_stores_counts(qtbot, ctx) -> None:
    ref = _case(ctx, mode="self", answers=OTHERS)
    window = _window(qtbot, ctx)
    assert window.open_case(ref)
    dialog = window.self_check(ref)
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isActiveWindow())
    dialog.go(dialog._ids.index("X"))
    assert dialog.current_indicator() == "X"
    spins = dialog.editor.severity_spins
    assert spins["minor"].hasFocus()  # the walk puts the keyboard on the first count
    assert dialog.editor.number_hint.text() == "Enter how many there were of each kind, 0 if none."
    QTest.keyClicks(spins["minor"], "3")
    QTest.keyClick(spins["minor"], Qt.Key.Key_Return)  # Enter: the dialog's Next saves and moves on
    qtbot.waitUntil(lambda: dialog.current_indicator() != "X")
    stored = case_service.load_case(ctx, ref)
    assert stored.raw_values["X"] == {"minor": 3, "major": 0, "grave": 0}
    assert _earned(stored, "X") == 7


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screenshot_editor_with_graded_deduction(qtbot, ctx, lang) -> None:
    ref = _case(ctx, answers={**OTHERS, "X": {"minor": 2, "major": 1}})
    window = _window(qtbot, ctx, lang)
    assert window.open_case(ref)
    _go(window, "X")
    out = Path("/tmp/shots/polish")
    if out.is_dir():
        window.grab().save(str(out / f"editor-graded-{lang}.png"))
    assert [s.value() for s in window.workspace.editor.severity_spins.values()] == [2, 1, 0]


def test_the_meta_line_reads_as_chinese(qtbot, ctx) -> None:
    """In Chinese the parts of the scoring rule are listed with 、, never with English commas."""
    ref = _case(ctx, answers=OTHERS)
    window = _window(qtbot, ctx, "zh")
    assert window.open_case(ref)
    _go(window, "X")
    editor = window.workspace.editor
    assert editor.meta.text() == "10 分 · 按严重程度每次扣分：一般 1、较重 3、严重 10，扣完为止 · 需提供证据"
    assert editor.severity_spins["minor"].toolTip() == "每次扣 1 分"
    _go(window, "C")
    assert editor.meta.text() == "10 分 · 选项：高 = 1、中 = 0.6、无 = 0"
    assert "," not in editor.meta.text()
