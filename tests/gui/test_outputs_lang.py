"""Signed reports leave the window byte for byte whatever the interface language; every export says where it went.

Issue 8, items 9 and 13. The case is signed through the finalize dialog with the keyboard, the exports
are started with their shortcuts and buttons, and the written files are compared with what the
services stored.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import cityeval_gui_signing_helpers as helpers  # registered by conftest.py
import openpyxl
import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.reporting import signed_report_info, stored_final_report
from cityeval_desktop.signing.identity import create_identity
from cityeval_desktop.ui.widgets.export_notice import ExportNotice
from tests.gui.modal import act_when

FIXTURES = Path(__file__).parents[1] / "fixtures"
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(scope="module")
def identity_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pki") / "assessor.p12"
    create_identity(path, name="李四", org="福建数字评估中心", password=helpers.PASSWORD, key_size=2048)
    return path


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(QUrl(url).toLocalFile()) or True)
    return urls


class SaveDialog:
    """Stands in for QFileDialog.getSaveFileName: remembers what it was asked, answers with ``answer``."""

    def __init__(self) -> None:
        self.answer = ""
        self.asked: list[tuple[str, str]] = []  # (title, suggested path)

    def __call__(self, _parent, title, suggested, _pattern="", *a, **k):
        self.asked.append((title, suggested))
        return self.answer, ""


@pytest.fixture
def save_dialog(monkeypatch) -> SaveDialog:
    dialog = SaveDialog()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    return dialog


@pytest.fixture
def make_window(open_window, ctx):
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    return lambda lang: open_window(ctx, lang)


def _signed_case(ctx, qtbot, window, tmp_path, identity_file, report_lang, monkeypatch) -> str:
    summary = case_service.new_case(
        ctx, framework="mini", tier="city", mode="third-party", entity_name="语言主体", uscc="91350100M000100Y43"
    )
    helpers.complete(ctx, summary.ref, tmp_path, identity_file)
    assert window.open_case(summary.ref)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    dialog = helpers.open_sign_dialog(qtbot, window)
    op = helpers.sign_in_dialog(qtbot, dialog, identity_file, helpers.PASSWORD, report_lang)
    assert op.error is None, op.error
    info = signed_report_info(ctx, summary.ref)
    assert info is not None and info.lang == report_lang
    return summary.ref


def _press(qtbot, window, key, modifiers=CTRL) -> None:
    helpers.press(qtbot, window, key, modifiers)


def _notice(window) -> ExportNotice:
    notice = window.statusBar().findChild(ExportNotice, "export_notice")
    assert notice is not None and notice.isVisible(), "the export did not say where the file went"
    return notice


@pytest.mark.parametrize(("ui_lang", "report_lang"), [("en", "zh"), ("zh", "en")])
def test_signed_report_is_exported_byte_for_byte_in_its_own_language(
    make_window,
    ctx,
    qtbot,
    tmp_path,
    identity_file,
    opened,
    save_dialog,
    shown_errors,
    monkeypatch,
    ui_lang,
    report_lang,
) -> None:
    window = make_window(ui_lang)
    ref = _signed_case(ctx, qtbot, window, tmp_path, identity_file, report_lang, monkeypatch)
    out = tmp_path / "out" / "signed.pdf"
    out.parent.mkdir()
    save_dialog.answer = str(out)
    _press(qtbot, window, Qt.Key.Key_P)  # Case → PDF report…
    qtbot.waitUntil(lambda: out.exists() or bool(shown_errors), timeout=20000)
    assert not shown_errors, shown_errors
    assert out.read_bytes() == stored_final_report(ctx, ref)
    title, suggested = save_dialog.asked[-1]
    assert Path(suggested).suffix == ".pdf"
    assert ("signed report" if ui_lang == "en" else "已签署报告") in title
    assert ("Chinese" if report_lang == "zh" else "英文") in title
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)  # opened on the GUI thread after the write
    assert opened[-1] == str(out)
    if shutil.which("pdfsig"):
        check = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True).stdout
        assert "Signature is Valid" in check


# an open menu grabs the keyboard, which the offscreen platform cannot do (harmless there)
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
@pytest.mark.parametrize(("ui_lang", "report_lang"), [("en", "zh"), ("zh", "en")])
def test_other_language_is_offered_as_an_unsigned_copy(
    make_window,
    ctx,
    qtbot,
    tmp_path,
    identity_file,
    opened,
    save_dialog,
    shown_errors,
    monkeypatch,
    ui_lang,
    report_lang,
) -> None:
    window = make_window(ui_lang)
    ref = _signed_case(ctx, qtbot, window, tmp_path, identity_file, report_lang, monkeypatch)
    stored = stored_final_report(ctx, ref)
    out = tmp_path / "copy.pdf"
    save_dialog.answer = str(out)
    button = window.workspace.pdf_button
    entries = [a for a in button.menu().actions() if not a.isSeparator()] if button.menu() else []
    # the signed report, the copy, then (third-party, the reviewer not signed yet) the countersign and the certificate
    assert len(entries) == 4

    def pick_copy(popup: Any) -> None:  # the button's menu is open: Down to its second entry, the copy; Enter
        for _ in entries:
            if popup.activeAction() is entries[1]:
                break
            QTest.keyClick(popup, Qt.Key.Key_Down)
        QTest.keyClick(popup, Qt.Key.Key_Return)

    answer = act_when(QApplication.activePopupWidget, pick_copy)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not answer.gave_up, answer.gave_up
    qtbot.waitUntil(lambda: out.exists() or bool(shown_errors), timeout=30000)
    assert not shown_errors, shown_errors
    title, suggested = save_dialog.asked[-1]
    other = "en" if report_lang == "zh" else "zh"
    if ui_lang == "en":
        assert "unsigned copy" in title and "unsigned-copy" in Path(suggested).name
    else:
        assert "未签名副本" in title and "未签名副本" in Path(suggested).name
    assert Path(suggested).name.endswith(f"-{other}.pdf")
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and data != stored
    pages = helpers.pdf_pages(out)
    mark, foreign = ("UNSIGNEDCOPY", "未签名副本") if other == "en" else ("未签名副本", "UNSIGNEDCOPY")
    assert pages and all(mark in page and foreign not in page for page in pages)  # every page, in its language
    assert ("Unsignedcopy:" in pages[0]) if other == "en" else ("未签名副本：" in pages[0])
    # the signature box says so too, in its language
    assert ("unsigned" if other == "en" else "未签署") in "".join(pages)
    if shutil.which("pdfsig"):
        check = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True)
        assert "Signature is Valid" not in check.stdout
    assert stored_final_report(ctx, ref) == stored  # the signed report is untouched
    # the file is in place a moment before the worker's success reaches the window (the checks above
    # run no event loop): wait for the notice rather than race it
    qtbot.waitUntil(
        lambda: (n := window.statusBar().findChild(ExportNotice, "export_notice")) is not None and n.isVisible(),
        timeout=10000,
    )
    assert "unsigned" in _notice(window).text().lower() or "未签名副本" in _notice(window).text()


def test_open_the_report_right_after_signing_writes_and_opens_the_signed_report(
    make_window, ctx, qtbot, tmp_path, identity_file, opened, shown_errors, monkeypatch
) -> None:
    window = make_window("en")
    summary = case_service.new_case(
        ctx, framework="mini", tier="city", mode="third-party", entity_name="打开主体", uscc="91350100M000100Y43"
    )
    helpers.complete(ctx, summary.ref, tmp_path, identity_file)
    assert window.open_case(summary.ref)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog = helpers.open_sign_dialog(qtbot, window)
    op = helpers.sign_in_dialog(qtbot, dialog, identity_file, helpers.PASSWORD, "zh")
    assert op.error is None, op.error
    qtbot.waitUntil(lambda: bool(opened) or bool(shown_errors), timeout=30000)
    assert not shown_errors, shown_errors
    report = Path(opened[-1])
    assert report.read_bytes() == stored_final_report(ctx, summary.ref)
    assert str(report) in _notice(window).text()


def test_every_export_shows_its_path_with_open_folder(
    make_window, ctx, qtbot, tmp_path, opened, save_dialog, shown_errors
) -> None:
    window = make_window("en")
    summary = case_service.new_case(
        ctx, framework="mini", tier="city", mode="self", entity_name="导出主体", uscc="91350100M000100Y43"
    )
    case_service.set_answer(ctx, summary.ref, "S", value=2)
    assert window.open_case(summary.ref)
    folder = tmp_path / "exports"
    folder.mkdir()
    exports = [
        (Qt.Key.Key_P, folder / "report.pdf", "PDF report"),
        (Qt.Key.Key_E, folder / "case.xlsx", "Excel workbook"),
    ]
    for key, out, what in exports:
        save_dialog.answer = str(out)
        _press(qtbot, window, key)
        qtbot.waitUntil(lambda out=out: out.exists() or bool(shown_errors), timeout=20000)
        assert not shown_errors, shown_errors
        expected = f"{what} saved: {out}"
        # the file is in place a moment before the worker's success reaches the window
        qtbot.waitUntil(lambda expected=expected: _notice(window) is not None and _notice(window).text() == expected)
        notice = _notice(window)
        assert notice.text() == expected
        opened.clear()
        QTest.mouseClick(notice.open_button, Qt.MouseButton.LeftButton)
        assert opened == [str(folder)]
    assert "Indicators" in openpyxl.load_workbook(folder / "case.xlsx").sheetnames
    # the case list workbook, from the case list's button
    window.show_cases()
    out = tmp_path / "list" / "cases.xlsx"
    out.parent.mkdir()
    save_dialog.answer = str(out)
    QTest.mouseClick(window.cases_page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: out.exists(), timeout=20000)
    qtbot.waitUntil(lambda: "Case list workbook" in _notice(window).text(), timeout=5000)
    notice = _notice(window)
    assert notice.text() == f"Case list workbook saved: {out}"
    opened.clear()
    QTest.mouseClick(notice.open_button, Qt.MouseButton.LeftButton)
    assert opened == [str(out.parent)]
