"""GUI test set-up: offscreen Qt, bundled font, settings in a temp folder, English UI by default."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="PySide6 is a required dependency; GUI tests need it")

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication


def _register_signing_helpers() -> None:
    """Make ``signing_helpers.py`` importable as ``cityeval_gui_signing_helpers`` (tests import by importlib)."""
    import importlib.util
    import sys

    name = "cityeval_gui_signing_helpers"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("signing_helpers.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)


_register_signing_helpers()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session", autouse=True)
def _qt_settings(tmp_path_factory: pytest.TempPathFactory, qapp: QApplication) -> None:
    QCoreApplication.setOrganizationName("CityEvalTests")
    QCoreApplication.setApplicationName("CityEval Desktop Tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path_factory.mktemp("qsettings")))
    from cityeval_desktop.ui.app import register_fonts

    register_fonts(qapp)


@pytest.fixture(autouse=True)
def _english_ui(qapp: QApplication) -> Iterator[None]:
    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.app import install_language

    i18n.set_lang("en")
    install_language(qapp, "en")
    QSettings().clear()
    yield
    i18n.set_lang("en")


@pytest.fixture(autouse=True)
def _no_window_outlives_its_test(qapp: QApplication) -> Iterator[None]:
    """Close every window a test left open (a dialog shown with ``open()`` stays modal after its test's
    main window is closed, until the deferred delete runs) so the next test starts with no modal window."""
    yield
    from PySide6.QtCore import QEvent

    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


STUCK_AFTER_S = float(os.environ.get("CITYEVAL_GUI_STUCK_AFTER_S", "90"))


@pytest.fixture(autouse=True)
def _no_box_waits_forever(qapp: QApplication) -> Iterator[None]:
    """A test whose key or click never reached a modal box (or an open menu) would sit in that box's own
    event loop until CI's time ran out, naming nothing. The event loop still runs there, so a timer that
    sees the same modal window or popup open for ``STUCK_AFTER_S`` seconds — far longer than any
    interaction takes — closes it so the test goes on, and the test fails naming what was open."""
    from tests.gui.modal import StuckWindowWatch

    watch = StuckWindowWatch(STUCK_AFTER_S).start()
    yield
    watch.stop()
    if watch.stuck:
        pytest.fail(
            f"a window stayed open {STUCK_AFTER_S:.0f} s with nothing answering it (closed by the watchdog): "
            + "; ".join(watch.stuck),
            pytrace=False,
        )


@pytest.fixture
def open_window(qtbot: Any, qapp: QApplication) -> Iterator[Callable[..., Any]]:
    """``open_window(ctx, lang, active=False)``: the main window on ``ctx`` in ``lang`` at 1366×768, shown
    (and the active window with ``active``); the interface is English again after the test."""
    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.app import install_language
    from cityeval_desktop.ui.main_window import MainWindow

    def open_(ctx: Any, lang: str = "en", *, active: bool = False) -> MainWindow:
        i18n.set_lang(lang)
        install_language(qapp, lang)
        window = MainWindow(ctx, lang)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        if active:
            window.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
        return window

    yield open_
    i18n.set_lang("en")
    install_language(qapp, "en")


@pytest.fixture(scope="session")
def samples_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample cases (finalized, amended, drafts), made once per run; each test copies them (``sample_ctx``)."""
    from cityeval_desktop.services import samples
    from cityeval_desktop.services.context import open_context

    folder = tmp_path_factory.mktemp("sample-template")
    ctx = open_context(folder / "cases.sqlite3", folder, actor="tester")
    samples.load_samples(ctx, key_size=2048)
    ctx.close()
    return folder


@pytest.fixture
def sample_ctx(samples_template: Path, tmp_path: Path) -> Iterator[object]:
    """A context on a copy of the sample cases of ``samples_template``."""
    import shutil

    from cityeval_desktop.services.context import open_context

    folder = tmp_path / "data"
    shutil.copytree(samples_template, folder)
    ctx = open_context(folder / "cases.sqlite3", folder, actor="tester")
    yield ctx
    ctx.close()


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every message box the window shows (its text and informative text), answered Ok instead of blocking."""
    from PySide6.QtWidgets import QMessageBox

    texts: list[str] = []

    def exec_(box: QMessageBox) -> int:
        texts.append(f"{box.text()}\n{box.informativeText()}")
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return texts
