"""First run (issue 8, item 19): the empty workbench explains itself, loads sample cases, F1 opens the guide.

Real key and mouse events on the real window; what the samples stored is read back through the services.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from cityeval_desktop import paths
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import samples
from cityeval_desktop.services.reporting import stored_final_report
from cityeval_desktop.ui import help as guide
from cityeval_desktop.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
# the offscreen platform cannot raise a window above another; harmless there
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture
def window(qtbot, ctx):
    w = MainWindow(ctx, "en")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    activate(qtbot, w)
    yield w
    for top in QApplication.topLevelWidgets():
        if isinstance(top, guide.HelpWindow):
            top.close()


@pytest.fixture
def fast_keys(monkeypatch):
    """2048-bit demo key instead of 3072 (the same code path, a second faster)."""
    from cityeval_desktop.signing import identity

    monkeypatch.setattr(identity, "KEY_SIZE", 2048)


def activate(qtbot, window) -> None:
    """Make the window active again (the progress dialog of a load takes the activation away)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def press_f1(qtbot, widget) -> guide.HelpWindow:
    """F1 typed where the user is working (``widget`` has the focus); the guide window comes up, active."""
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_F1)
    found: list[guide.HelpWindow] = []

    def shown() -> None:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, guide.HelpWindow) and w.isVisible()]
        assert found

    qtbot.waitUntil(shown, timeout=3000)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is found[0], timeout=3000)
    return found[0]


def load_by_click(qtbot, window) -> None:
    welcome = window.cases_page.welcome
    QTest.mouseClick(welcome.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: welcome.operation is None, timeout=180_000)  # ~30 s of signing when loaded
    activate(qtbot, window)


# ----------------------------------------------------------------------------- the empty workbench
def test_an_empty_workbench_explains_itself_instead_of_an_empty_table(window) -> None:
    page = window.cases_page
    welcome = page.welcome
    assert welcome.isVisible() and not page.table.isVisible() and not page.search.isVisible()
    text = " ".join(label.text() for label in welcome.findChildren(type(welcome.samples_note)))
    for who in ("Third-party assessor", "Operator (self-check)", "Agency"):
        assert who in text
    assert "New case" in text and "Guided self-check" in text
    # the agency's card names what the agency pages do today, and how to get there (nothing left "planned")
    assert "Import case packages… (Ctrl+6)" in text and "Regional view (Ctrl+7)" in text
    assert "planned" not in text
    assert samples.DEMO_PASSWORD in welcome.samples_note.text() and "demo identity" in welcome.samples_note.text()
    assert welcome.load_button.isEnabled()


def test_clicking_load_sample_cases_fills_the_list_with_stored_complete_cases(qtbot, window, ctx, fast_keys) -> None:
    load_by_click(qtbot, window)
    page = window.cases_page
    assert not page.welcome.isVisible() and page.table.isVisible()
    stored = case_service.list_cases(ctx)
    assert page.model.rowCount() == len(stored) == len(samples.SAMPLES)
    assert {c.category for c in stored} == {
        "planning-consulting",
        "construction-implementation",
        "operations-maintenance",
    }
    assert {c.mode for c in stored} == {"self", "third-party"}
    for summary in stored:
        detail = case_service.load_case(ctx, summary.ref)
        assert detail.result.completeness == 1 and not detail.result.undecided_vetoes
    finalized = [c for c in case_service.list_cases(ctx, all_revisions=True) if not c.is_draft]
    assert finalized and all(stored_final_report(ctx, c.ref) is not None for c in finalized)
    assert "sample cases loaded" in window.statusBar().currentMessage()
    # the list has the focus: Enter opens the selected sample
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.workspace
    assert window.workspace.detail is not None and window.workspace.detail.summary.uscc in {
        s.uscc for s in samples.SAMPLES
    }


def test_the_welcome_panel_buttons_start_a_case_and_a_self_check(qtbot, window) -> None:
    from cityeval_desktop.ui.dialogs.new_case import NewCaseDialog

    welcome = window.cases_page.welcome
    modes = []
    for button in (welcome.new_button, welcome.self_check_button):
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        dialogs = [d for d in window.findChildren(NewCaseDialog) if d.isVisible()]
        assert len(dialogs) == 1
        modes.append(dialogs[0].mode_combo.currentData())
        QTest.keyClick(dialogs[0], Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda d=dialogs[0]: not d.isVisible(), timeout=2000)
    assert modes == ["third-party", "self"]
    assert case_service.list_cases(window.ctx) == []  # nothing created by opening and escaping


def test_the_first_screen_with_an_empty_list_loads_no_sqlalchemy(tmp_path: Path) -> None:
    """The welcome panel is on the first screen of an empty database: it must not slow the fast start."""
    code = (
        "import os, sys\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from cityeval_desktop.ui.main_window import MainWindow\n"
        "w = MainWindow(None, 'en', url='sqlite:///x', preview=[])\n"
        "w.show(); app.processEvents()\n"
        "welcome = w.cases_page.welcome\n"
        "assert welcome.isVisible() and not welcome.load_button.isEnabled()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))\n"
    )
    env = {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


# ----------------------------------------------------------------------------- F1 and the guide
def test_f1_opens_the_guide_at_the_page_of_each_screen(qtbot, window, ctx, fast_keys) -> None:
    QTest.qWait(50)
    window.cases_page.welcome.load_button.setFocus()
    help_window = press_f1(qtbot, window.cases_page.welcome.load_button)
    assert help_window.page == "start"
    assert "Getting started" in help_window.browser.toPlainText()
    help_window.close()

    load_by_click(qtbot, window)
    window.cases_page.table.setFocus()
    assert press_f1(qtbot, window.cases_page.table).page == "cases"

    activate(qtbot, window)
    QTest.keyClick(window.cases_page.table, Qt.Key.Key_Return)  # open the selected case
    assert window.stack.currentWidget() is window.workspace
    window.workspace.tree.setFocus()
    shown = press_f1(qtbot, window.workspace.tree)
    assert shown.page == "workspace" and "The case workspace" in shown.browser.toPlainText()

    for shortcut, page in ((Qt.Key.Key_2, "frameworks"), (Qt.Key.Key_5, "settings")):
        activate(qtbot, window)
        QTest.keyClick(window, shortcut, Qt.KeyboardModifier.ControlModifier)
        window.stack.currentWidget().setFocus()
        assert press_f1(qtbot, window.stack.currentWidget()).page == page


def test_the_guide_follows_the_interface_language(qtbot, window) -> None:
    from cityeval_desktop.ui import i18n

    i18n.set_lang("zh")
    help_window = press_f1(qtbot, window.cases_page.welcome.load_button)
    source = Path(help_window.browser.source().toLocalFile())
    assert source.parent.name == "zh" and source.name == "start.md"
    text = help_window.browser.toPlainText()
    assert "快速上手" in text and "Getting started" not in text


def test_links_between_guide_pages_work_from_the_keyboard(qtbot, window) -> None:
    help_window = press_f1(qtbot, window.cases_page.welcome.load_button)
    help_window.show_page("index")
    browser = help_window.browser
    browser.setFocus()
    QTest.keyClick(browser, Qt.Key.Key_Tab)  # the first link: Getting started
    QTest.keyClick(browser, Qt.Key.Key_Tab)  # the second link: the case list
    QTest.keyClick(browser, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: help_window.page != "index", timeout=2000)
    assert help_window.page in ("start", "cases")
    QTest.keyClick(help_window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # Back
    qtbot.waitUntil(lambda: help_window.page == "index", timeout=2000)
    QTest.keyClick(browser, Qt.Key.Key_Escape)
    assert not help_window.isVisible()


def test_the_guide_shows_its_screenshots_scaled_to_the_window(qtbot, window) -> None:
    help_window = press_f1(qtbot, window.cases_page.welcome.load_button)
    help_window.show_page("cases")
    image = help_window.browser.loadResource(2, help_window.browser.source().resolved(_url("../img/cases-en.png")))
    assert not image.isNull() and image.width() <= help_window.browser.viewport().width()


def _url(relative: str):
    from PySide6.QtCore import QUrl

    return QUrl(relative)


# ----------------------------------------------------------------------------- the guide as files
LINK = re.compile(r"\]\(([^)#]+)\)")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_screen_has_a_guide_page_and_every_link_and_image_resolves(lang: str) -> None:
    folder = paths.guide_dir() / lang
    for page in {*guide.PAGE_ANCHORS.values(), guide.HOME}:
        assert (folder / f"{page}.md").is_file(), (lang, page)
    for md in folder.glob("*.md"):
        for target in LINK.findall(md.read_text(encoding="utf-8")):
            if target.startswith(("http:", "https:")):
                continue
            assert (md.parent / target).resolve().is_file(), (md.name, target)
            if target.endswith(".png"):
                assert target.endswith(f"-{lang}.png"), (md.name, target)


def test_the_chinese_guide_reads_as_chinese() -> None:
    allowed = {"F1", "Ctrl", "Shift", "Alt", "Esc", "PDF", "Excel", "SHA", "CA", "ITSS", "PostgreSQL", "SQLite"}
    for md in (paths.guide_dir() / "zh").glob("*.md"):
        text = md.read_text(encoding="utf-8")
        text = re.sub(r"\([^)]*\.(md|png)\)", "", text)  # link targets
        text = re.sub(r"`[^`]*`", "", text)  # file names and passwords
        words = set(re.findall(r"[A-Za-z]{2,}", text)) - allowed
        assert not words, (md.name, sorted(words))


def test_the_guide_is_bundled_in_the_wheel_and_found_from_the_checkout() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert include["docs/guide"] == "cityeval_desktop/_bundled/guide"
    assert paths.guide_dir() == ROOT / "docs" / "guide"
    pngs = list((paths.guide_dir() / "img").glob("*.png"))
    assert pngs and all(p.stat().st_size < 200_000 for p in pngs)
