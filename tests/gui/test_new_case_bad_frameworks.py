"""The new-case dialog with bad files in the user's frameworks folder (issue 9, item 9).

Before the fix a dangling link there made every framework vanish from the dialog behind an error box;
now each bad file is named under the framework list and the bundled frameworks are offered as always.
The test drives the dialog with the keyboard and reads the created case back from the services.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.ui.dialogs import new_case as new_case_module
from cityeval_desktop.ui.dialogs.new_case import NewCaseDialog
from cityeval_desktop.ui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hostile"))
import corpus  # the hostile-input builders (tests/hostile/corpus.py)

SHOTS = Path("/tmp/shots/inputs")


def _bad_files(data_dir: Path) -> list[str]:
    folder = data_dir / "frameworks"
    folder.mkdir(parents=True, exist_ok=True)
    corpus.framework_yaml(folder, ".inf", fid="hostile-inf")
    corpus.framework_yaml(folder, "7" * 5000, fid="hostile-digits")
    (folder / "gone.yaml").symlink_to(folder / "no-such-file.yaml")
    if hasattr(os, "mkfifo"):
        corpus.fifo(folder, "pipe.yaml")
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def window(qtbot, ctx, monkeypatch):
    def no_error_dialog(_parent, exc, _title=None):
        raise AssertionError(f"unexpected error dialog: {exc}")

    monkeypatch.setattr(new_case_module, "show_error", no_error_dialog)
    w = MainWindow(ctx, "en")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def _open_dialog(qtbot, window: MainWindow) -> NewCaseDialog:
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), NewCaseDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, NewCaseDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_bad_user_frameworks_are_named_and_the_bundled_ones_still_create_a_case(qtbot, ctx, window) -> None:
    bad = _bad_files(ctx.data_dir)
    dialog = _open_dialog(qtbot, window)
    notice, reasons = dialog.frameworks_status.text(), dialog.frameworks_status.toolTip()
    assert dialog.frameworks_status.isVisible()
    assert notice.startswith("Not offered, as they cannot be loaded: ") and "Frameworks page" in notice
    for name in bad:
        assert name in notice and name in reasons, (name, notice, reasons)
    assert "not a finite number" in reasons and "number out of range" in reasons
    offered = [dialog.framework_combo.itemData(i) for i in range(dialog.framework_combo.count())]
    assert offered == ["planning-consulting@2026.2"]  # the category shown first: planning and consulting

    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "new-case-bad-frameworks-en.png"))
    dialog.name_edit.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString("福州数字规划研究院有限公司")
    QApplication.sendEvent(dialog.name_edit, event)
    QTest.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
    QTest.keyClicks(dialog.uscc_edit, "91350100M000100Y43")
    QTest.keyClick(dialog.uscc_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    (summary,) = case_service.list_cases(ctx)
    assert (summary.framework_id, summary.framework_version) == ("planning-consulting", "2026.2")


def test_the_notice_is_chinese_in_the_chinese_interface(qtbot, ctx, qapp, window) -> None:
    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.app import install_language

    _bad_files(ctx.data_dir)
    i18n.set_lang("zh")
    install_language(qapp, "zh")
    dialog = _open_dialog(qtbot, window)
    notice, reasons = dialog.frameworks_status.text(), dialog.frameworks_status.toolTip()
    assert notice.startswith("以下框架文件无法加载，未列出：") and "“评估框架”页" in notice
    assert "gone.yaml、hostile-digits.yaml、hostile-inf.yaml" in notice
    assert reasons.count("已跳过无法加载的框架文件") == len(list((ctx.data_dir / "frameworks").iterdir()))
    assert "不是有限数字" in reasons and "数字超出范围" in reasons
    assert "skipped" not in notice + reasons and "cannot" not in notice + reasons
    assert dialog.framework_combo.count() == 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "new-case-bad-frameworks-zh.png"))
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert case_service.list_cases(ctx) == []
    install_language(qapp, "en")
