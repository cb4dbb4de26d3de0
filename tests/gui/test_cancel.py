"""Cancel of every background operation that offers one (issue 14 §3), through the real window.

Each test starts the operation with real keys or clicks, holds the background work at a checkpoint (a
``threading.Event`` in a wrapped service function: the user's timing made exact, no sleep race), presses
the progress dialog's Cancel button (or Esc), lets the work go on, and then checks what a user would: the
window is usable again (the same command runs to its end), the cancel is said in the interface's language,
and nothing was half-written (no file in the output folder, the case and its audit trail unchanged, as read
back through the services).

Package import has its own Cancel button on the import page: tests/gui/test_packages_gui.py
(``test_cancel_stops_between_packages_and_leaves_no_partial_state``, in both languages). Sample loading
stops between samples: the one being made is finished whole, the others are not started.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cityeval_gui_signing_helpers as helpers  # registered by conftest.py
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog, QPushButton, QWidget

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services import maintenance, reporting, workbooks
from cityeval_desktop.services.maintenance import check_database
from cityeval_desktop.services.reporting import audit_entries
from cityeval_desktop.ui.main_window import MainWindow
from cityeval_desktop.ui.worker import BackgroundOperation

FIXTURES = Path(__file__).parents[1] / "fixtures"
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
NOTHING_SAVED = {"en": "Cancelled; nothing was saved.", "zh": "已取消，未保存任何内容。"}
LANGS = pytest.mark.parametrize("lang", ["zh", "en"])


class Gate:
    """Holds the first call made on the worker thread until the test has pressed Cancel."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.release = threading.Event()

    def stop(self) -> None:
        if threading.current_thread() is not threading.main_thread() and not self.reached.is_set():
            self.reached.set()
            assert self.release.wait(30), "the test never let the work go on"

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def gated(*args: Any, **kwargs: Any) -> Any:
            self.stop()
            return fn(*args, **kwargs)

        return gated


@pytest.fixture
def gate() -> Any:
    g = Gate()
    yield g
    g.release.set()  # a failed test never leaves the worker waiting


@pytest.fixture(autouse=True)
def _earlier_operations() -> None:
    """Operations of earlier tests whose window is gone are not waited for."""
    global EARLIER
    EARLIER = set(BackgroundOperation._running)


EARLIER: set[BackgroundOperation] = set()


def running() -> set[BackgroundOperation]:
    return BackgroundOperation._running - EARLIER


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Files the window asks the system to open (none is opened)."""
    from PySide6.QtGui import QDesktopServices

    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url.toLocalFile()) or True)
    return urls


@pytest.fixture
def draft(ctx: Any, tmp_path: Path) -> str:
    """A draft case of the mini framework, partly answered, with two evidence files on S."""
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    ref = case_service.new_case(
        ctx, framework="mini", tier="city", mode="self", entity_name="福州数字规划研究院", uscc="91350100M000100Y43"
    ).ref
    for ind, value in {"S": 3, "Y": True, "T": 9}.items():
        case_service.set_answer(ctx, ref, ind, value=value)
    scans = []
    for n in (1, 2):
        scan = tmp_path / f"资质证书-{n}.pdf"
        scan.write_bytes(b"%PDF-1.4 certificate scan " + bytes([48 + n]))
        scans.append(scan)
    case_service.add_evidence(ctx, ref, "S", scans)
    return ref


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """The system's save dialog answers with ``path``."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def press(qtbot: Any, window: MainWindow, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
    """A key press where the user's keyboard is (the focused widget of the active window)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    target = QApplication.focusWidget()
    if target is None or target.window() is not window:
        target = window.nav
        target.setFocus()
    QTest.keyClick(target, key, modifiers)


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(widget.width() // 2, widget.height() // 2))


def progress_dialog(qtbot: Any) -> QProgressDialog:
    found: list[QProgressDialog] = []

    def shown() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown, timeout=10000)
    return found[0]


def cancel_while_held(qtbot: Any, gate: Gate, *, escape: bool = False) -> None:
    """Wait for the work to reach the gate, press Cancel in its progress dialog, let the work go on, wait."""
    qtbot.waitUntil(gate.reached.is_set, timeout=20000)
    dialog = progress_dialog(qtbot)
    if escape:
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
    else:
        button = dialog.findChild(QPushButton)
        assert button is not None and button.isVisible(), "the progress dialog offers no Cancel"
        click(button)
    assert dialog.labelText() in ("Cancelling…", "正在取消…")
    gate.release.set()
    qtbot.waitUntil(lambda: not running(), timeout=20000)
    assert not any(isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


def status_message(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def wait_done(qtbot: Any) -> None:
    qtbot.waitUntil(lambda: not running(), timeout=30000)


def stored(ctx: Any, ref: str) -> tuple[Any, ...]:
    """What a user could compare: the case's answers, evidence and revision, and its audit trail."""
    detail = case_service.load_case(ctx, ref)
    evidence = sorted((e.indicator_id, e.sha256) for e in detail.evidence)
    return detail.raw_values, evidence, detail.summary.revision, audit_entries(ctx, detail.summary.case_uuid)


# ----------------------------------------------------------------------------- the case's outputs
@LANGS
@pytest.mark.parametrize(
    ("key", "modifiers", "what", "suffix"),
    [
        (Qt.Key.Key_P, CTRL, "render_report", ".pdf"),
        (Qt.Key.Key_E, CTRL, "load_case", ".xlsx"),
        (Qt.Key.Key_E, CTRL_SHIFT, "find_case", ".xlsx"),
    ],
    ids=["pdf-report", "case-workbook", "checklist-workbook"],
)
def test_cancelled_case_output_writes_no_file_and_the_command_works_again(
    open_window, ctx, draft, qtbot, gate, opened, out_dir, monkeypatch, lang, key, modifiers, what, suffix
) -> None:
    module = workbooks if what == "find_case" else reporting
    real = getattr(module, what)
    monkeypatch.setattr(module, what, gate.wrap(real))
    window = open_window(ctx, lang, active=True)
    assert window.open_case(draft)
    before = stored(ctx, draft)
    out = out_dir / f"output{suffix}"
    save_to(monkeypatch, out)

    press(qtbot, window, key, modifiers)
    cancel_while_held(qtbot, gate)

    assert status_message(window) == NOTHING_SAVED[lang]
    assert list(out_dir.iterdir()) == []  # no file, no temp file
    assert opened == []
    assert stored(ctx, draft) == before
    # the window is usable: the same keys write the file now
    monkeypatch.setattr(module, what, real)
    press(qtbot, window, key, modifiers)
    wait_done(qtbot)
    assert [p.name for p in out_dir.iterdir()] == [out.name] and out.stat().st_size > 0
    assert opened == [str(out)]


# ----------------------------------------------------------------------------- evidence
@LANGS
def test_cancelled_evidence_adds_no_file_to_the_case(
    open_window, ctx, draft, qtbot, gate, tmp_path, monkeypatch, lang
) -> None:
    files = []
    for n in (1, 2):
        path = tmp_path / f"现场照片-{n}.pdf"
        path.write_bytes(b"%PDF-1.4 site photo " + bytes([48 + n]))
        files.append(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(p) for p in files], ""))
    monkeypatch.setattr(ctx.evidence, "add", gate.wrap(ctx.evidence.add))
    window = open_window(ctx, lang, active=True)
    assert window.open_case(draft)
    before = stored(ctx, draft)
    ws = window.workspace
    qtbot.waitUntil(lambda: ws.editor.indicator_id is not None)
    ws.tree.setFocus()
    for _ in range(len(ws.tree.ordered_ids()) * 3):  # the indicator with evidence: arrows in the tree
        if ws.editor.indicator_id == "S":
            break
        QTest.keyClick(ws.tree, Qt.Key.Key_Up)
    assert ws.editor.indicator_id == "S", (ws.editor.indicator_id, ws.tree.ordered_ids())
    button = ws.editor.add_files_button
    for _ in range(40):
        if QApplication.focusWidget() is button:
            break
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is button
    QTest.keyClick(button, Qt.Key.Key_Space)

    cancel_while_held(qtbot, gate, escape=True)

    assert status_message(window) == NOTHING_SAVED[lang]
    assert stored(ctx, draft) == before  # neither file is attached, no audit entry
    assert len(ws.detail.evidence_for("S")) == 2
    assert check_database(ctx).ok  # the copied bytes are within the grace period, not a problem
    assert ws.editor.add_files_button.isEnabled()


# ----------------------------------------------------------------------------- case list, framework workbook
@LANGS
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard|propagateSizeHints)")
def test_cancelled_case_list_export_writes_no_file(
    open_window, ctx, draft, qtbot, gate, opened, out_dir, monkeypatch, lang
) -> None:
    real = reporting.load_case
    monkeypatch.setattr(reporting, "load_case", gate.wrap(real))
    window = open_window(ctx, lang, active=True)
    out = out_dir / "cases.xlsx"
    save_to(monkeypatch, out)

    def export_from_the_file_menu() -> None:  # Alt+F, then the entry's letter X
        press(qtbot, window, Qt.Key.Key_F, ALT)
        qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=3000)
        QTest.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_X)

    export_from_the_file_menu()
    cancel_while_held(qtbot, gate)

    assert status_message(window) == NOTHING_SAVED[lang]
    assert list(out_dir.iterdir()) == [] and opened == []
    monkeypatch.setattr(reporting, "load_case", real)
    export_from_the_file_menu()
    wait_done(qtbot)
    assert [p.name for p in out_dir.iterdir()] == [out.name] and opened == [str(out)]


@LANGS
def test_cancelled_framework_workbook_export_writes_no_file(
    open_window, ctx, draft, qtbot, gate, out_dir, monkeypatch, lang
) -> None:
    real = fw_registry.resolve
    monkeypatch.setattr(fw_registry, "resolve", gate.wrap(real))
    window = open_window(ctx, lang, active=True)
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    page = window.frameworks_page
    qtbot.waitUntil(lambda: page.list.count() > 0, timeout=5000)
    page.list.setFocus()
    while not page.list.currentItem() or not page.list.currentItem().text().endswith("mini@1"):
        QTest.keyClick(page.list, Qt.Key.Key_Down)
    out = out_dir / "mini.xlsx"
    save_to(monkeypatch, out)

    click(page.export_workbook_button)
    cancel_while_held(qtbot, gate)

    assert status_message(window) == NOTHING_SAVED[lang]
    assert list(out_dir.iterdir()) == []
    monkeypatch.setattr(fw_registry, "resolve", real)
    click(page.export_workbook_button)
    wait_done(qtbot)
    assert [p.name for p in out_dir.iterdir()] == [out.name]


# ----------------------------------------------------------------------------- package export
@LANGS
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_cancelled_package_export_leaves_no_file_and_records_nothing(
    open_window, sample_ctx, qtbot, gate, out_dir, monkeypatch, lang
) -> None:
    """Held while the package is half-written (its temp file beside the target), Esc in the progress dialog."""
    import cityeval_desktop.exchange.package as package_format
    from cityeval_desktop.services import samples

    real = package_format.open_regular
    monkeypatch.setattr(package_format, "open_regular", gate.wrap(real))  # the first evidence file's copy
    ctx = sample_ctx
    finalized = next(s for s in case_service.list_cases(ctx) if s.status == "finalized" and s.mode == "third-party")
    window = open_window(ctx, lang, active=True)
    assert window.open_case(finalized.ref)
    before = stored(ctx, finalized.ref)
    press(qtbot, window, Qt.Key.Key_P, CTRL_SHIFT)
    dialog = window.workspace.package_dialog
    qtbot.waitExposed(dialog)
    out = out_dir / "发送.cityeval"
    for edit, text in (
        (dialog.identity_edit, str(ctx.data_dir / samples.SAMPLE_FOLDER / samples.DEMO_IDENTITY_NAME)),
        (dialog.out_edit, str(out)),
        (dialog.password_edit, samples.DEMO_PASSWORD),
    ):
        helpers.retype(edit, text)
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)

    qtbot.waitUntil(gate.reached.is_set, timeout=30000)
    assert [p.name for p in out_dir.iterdir() if p.name.endswith(".partial")]  # the package is half-written
    cancel_while_held(qtbot, gate, escape=True)

    said = {"en": "Cancelled; nothing was written.", "zh": "已取消，未写出任何文件。"}
    assert dialog.isVisible() and dialog.message.text() == said[lang]
    assert list(out_dir.iterdir()) == []  # neither the package nor its temp file
    assert stored(ctx, finalized.ref) == before  # no package.export entry in the trail
    assert dialog.action_button.isEnabled() and dialog.result_label.isHidden()
    # the dialog exports again with the same fields
    monkeypatch.setattr(package_format, "open_regular", real)
    QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    wait_done(qtbot)
    assert dialog.message.text() == "" and [p.name for p in out_dir.iterdir()] == [out.name]
    trail = audit_entries(ctx, finalized.case_uuid)
    assert [e["new"]["file"] for e in trail if e["action"] == "package.export"] == [out.name]
    dialog.close()


# ----------------------------------------------------------------------------- sample cases
@pytest.fixture
def fast_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """2048-bit demo keys instead of 3072 (the same code path, faster)."""
    from cityeval_desktop.signing import identity

    monkeypatch.setattr(identity, "KEY_SIZE", 2048)


def load_button(qtbot: Any, window: MainWindow) -> QPushButton:
    welcome = window.cases_page.welcome
    qtbot.waitUntil(lambda: welcome.isVisible() and welcome.load_button.isEnabled(), timeout=5000)
    return welcome.load_button


@LANGS
def test_sample_loading_cancelled_before_the_first_sample_leaves_nothing(
    open_window, ctx, qtbot, gate, monkeypatch, lang
) -> None:
    from cityeval_desktop.services import samples

    monkeypatch.setattr(samples, "existing_samples", gate.wrap(samples.existing_samples))
    window = open_window(ctx, lang, active=True)
    click(load_button(qtbot, window))
    cancel_while_held(qtbot, gate)

    said = {"en": "Cancelled; no sample case was loaded.", "zh": "已取消，未载入任何示例案例。"}
    assert status_message(window) == said[lang]
    assert case_service.list_cases(ctx, all_revisions=True) == []
    assert not (ctx.data_dir / samples.SAMPLE_FOLDER).exists()  # no demo identity made
    assert [p for p in (ctx.data_dir / "evidence").rglob("*") if p.is_file()] == []
    assert check_database(ctx).ok
    assert window.cases_page.welcome.isVisible() and load_button(qtbot, window).isEnabled()


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_sample_loading_cancelled_mid_way_finishes_that_sample_whole_and_starts_no_other(
    open_window, ctx, qtbot, gate, monkeypatch, fast_keys
) -> None:
    """Three samples asked for (a draft, a finalized third-party one, another); Cancel while the second is made."""
    from cityeval_desktop.services import samples

    specs = (samples.SAMPLES[1], samples.SAMPLES[2], samples.SAMPLES[3])
    real_load, real_build, built = samples.load_samples, samples._build, []

    def build(ctx: Any, spec: samples.SampleSpec, *args: Any, **kwargs: Any) -> Any:
        built.append(spec.key)
        if len(built) == 2:
            gate.stop()
        return real_build(ctx, spec, *args, **kwargs)

    monkeypatch.setattr(samples, "load_samples", lambda ctx, **kw: real_load(ctx, specs=specs, **kw))
    monkeypatch.setattr(samples, "_build", build)
    window = open_window(ctx, "zh", active=True)
    click(load_button(qtbot, window))
    cancel_while_held(qtbot, gate)

    assert built == [specs[0].key, specs[1].key]  # the third was never started
    assert status_message(window) == "已在载入 2 个示例案例后取消；其余的未载入。"
    made = {c.entity_name: c for c in case_service.list_cases(ctx)}
    assert set(made) == {specs[0].entity_name, specs[1].entity_name}
    # the one being made when Cancel was pressed is whole: finalized and signed, as its spec says
    second = made[specs[1].entity_name]
    assert specs[1].finalize and second.status == "finalized"
    assert reporting.stored_final_report(ctx, second.ref) is not None
    assert made[specs[0].entity_name].is_draft
    assert check_database(ctx).ok
    page = window.cases_page
    assert not page.welcome.isVisible() and page.model.rowCount() == 2  # the list shows what was made


# ----------------------------------------------------------------------------- database maintenance
@LANGS
def test_cancelled_backup_leaves_no_file_and_the_page_backs_up_again(
    open_window, ctx, draft, qtbot, gate, out_dir, monkeypatch, lang
) -> None:
    real = maintenance._backup_database

    def held_between_pages(engine: Any, out: Path, step: Any) -> Any:
        def held(done: int, total: int) -> None:
            gate.stop()  # the partial copy exists by now
            step(done, total)

        return real(engine, out, held if step is not None else None)

    monkeypatch.setattr(maintenance, "_backup_database", held_between_pages)
    window = open_window(ctx, lang, active=True)
    press(qtbot, window, Qt.Key.Key_4, CTRL)
    page = window.database_page
    out = out_dir / "backup.sqlite3"
    save_to(monkeypatch, out)

    click(page.backup_button)
    cancel_while_held(qtbot, gate)

    said = {"en": "Backup cancelled; no file was written.", "zh": "备份已取消，未写出任何文件。"}
    assert page.backup_label.text() == said[lang]
    assert list(out_dir.iterdir()) == []  # neither the backup nor its partial copy
    assert page.backup_button.isEnabled()
    click(page.backup_button)
    wait_done(qtbot)
    assert [p.name for p in out_dir.iterdir()] == [out.name]


@LANGS
def test_cancelled_check_says_so_and_changes_nothing(open_window, ctx, draft, qtbot, gate, monkeypatch, lang) -> None:
    monkeypatch.setattr(ctx.evidence, "verify", gate.wrap(ctx.evidence.verify))  # between the two files
    window = open_window(ctx, lang, active=True)
    press(qtbot, window, Qt.Key.Key_4, CTRL)
    page = window.database_page
    before = stored(ctx, draft)

    click(page.check_button)
    cancel_while_held(qtbot, gate)

    said = {"en": "Check cancelled.", "zh": "检查已取消。"}
    assert page.check_headline.text() == said[lang]
    assert page.problem_list.count() == 0 and page.repair_button.isHidden()
    assert stored(ctx, draft) == before
    assert page.check_button.isEnabled()
    click(page.check_button)
    wait_done(qtbot)
    assert page.check_result.ok and page.check_result.evidence_files == 2


def test_repair_offers_no_cancel_it_would_not_honour(open_window, ctx, draft, qtbot, gate, monkeypatch) -> None:
    """The repair is one audited transaction: its progress dialog has no Cancel button to be ignored."""
    import os
    import time

    from PySide6.QtWidgets import QMessageBox

    stray = ctx.data_dir / "evidence" / ".incoming-killed-attach"
    stray.write_bytes(b"x" * 4096)
    old = time.time() - maintenance.ORPHAN_GRACE_SECONDS - 60
    os.utime(stray, (old, old))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(maintenance, "repair_database", gate.wrap(maintenance.repair_database))
    window = open_window(ctx, "en", active=True)
    press(qtbot, window, Qt.Key.Key_4, CTRL)
    page = window.database_page
    click(page.check_button)
    wait_done(qtbot)
    assert page.repair_button.isVisible()

    click(page.repair_button)
    qtbot.waitUntil(gate.reached.is_set, timeout=20000)
    dialog = progress_dialog(qtbot)
    assert not any(b.isVisible() for b in dialog.findChildren(QPushButton))
    QTest.keyClick(dialog, Qt.Key.Key_Escape)  # nothing to stop: the repair goes on to its end
    gate.release.set()
    wait_done(qtbot)
    assert not stray.exists()
    assert page.last_repair.removed_files and check_database(ctx).ok
