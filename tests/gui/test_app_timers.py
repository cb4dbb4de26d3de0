"""Start-up timers end with the run (issue 8, item 23): after an in-process ``--smoke`` run, no timer of it
fires into a later event loop (it used to print "error: the window never painted" and end that loop)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.context import open_context
from cityeval_desktop.ui import app as app_module

SHORT_MS = 1_500  # the smoke run paints well before this; the loop below runs well past it


@pytest.fixture
def run_main(monkeypatch) -> Iterator[Callable[[list[str]], int]]:
    """``ui.app.main`` in this process, undoing what it sets up for a real start."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its own
    names = (QCoreApplication.organizationName(), QCoreApplication.applicationName())
    handlers = list(logging.getLogger().handlers)
    yield app_module.main
    for handler in logging.getLogger().handlers:
        if handler not in handlers:  # the log file handler of setup_logging
            logging.getLogger().removeHandler(handler)
            handler.close()
    QCoreApplication.setOrganizationName(names[0])
    QCoreApplication.setApplicationName(names[1])


def run_event_loop(ms: int) -> int:
    """Run an event loop (as a later test or dialog would) for ``ms``; its exit code."""
    loop = QEventLoop()
    QTimer.singleShot(ms, lambda: loop.exit(0))
    return loop.exec()


def test_the_smoke_timer_does_not_outlive_the_smoke_run(qtbot, data_dir, monkeypatch, capsys, run_main) -> None:
    db = data_dir / "cases.sqlite3"
    ctx = open_context(db, data_dir)
    case_service.new_case(
        ctx,
        framework="planning-consulting",
        tier="city",
        mode="third-party",
        entity_name="福州数字规划研究院有限公司",
        uscc="91350100M000100Y43",
    )
    ctx.close()
    monkeypatch.setattr(app_module, "SMOKE_TIMEOUT_MS", SHORT_MS)
    assert run_main(["--smoke", "--db", str(db), "--data-dir", str(data_dir), "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert "smoke ok: 1 case(s) listed" in out, err

    assert run_event_loop(SHORT_MS + 1_500) == 0  # nothing ended it early with exit code 1
    _out, err = capsys.readouterr()
    assert "never painted" not in err


def test_a_window_that_never_paints_still_fails_the_smoke_run(qtbot, data_dir, monkeypatch, capsys, run_main) -> None:
    """The timer still does its job while the run lasts."""
    from PySide6.QtCore import QObject

    class NeverPainted(QObject):
        def __init__(self, _callback) -> None:
            super().__init__()

    monkeypatch.setattr(app_module, "_FirstPaint", NeverPainted)
    monkeypatch.setattr(app_module, "SMOKE_TIMEOUT_MS", 300)
    code = run_main(["--smoke", "--db", str(data_dir / "cases.sqlite3"), "--data-dir", str(data_dir), "--lang", "en"])
    _out, err = capsys.readouterr()
    assert code == 1
    assert "error: the window never painted" in err
    assert run_event_loop(600) == 0
