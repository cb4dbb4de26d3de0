"""'Details are in the log' only when the log was written (issue 9 item 14): else where it could not be, and why."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.cli import commands
from cityeval_desktop.cli.main import main


@pytest.fixture
def broken_command(monkeypatch: pytest.MonkeyPatch) -> None:
    """`case list` fails with an error nobody expected (the internal-error path of the command line)."""

    def fail(_args: object, _out: object) -> int:
        raise RuntimeError("something nobody planned for")

    monkeypatch.setattr(commands, "case_list", fail)


def run_list(data: Path, capsys: pytest.CaptureFixture[str], lang: str = "zh") -> tuple[int, str]:
    code = main(["--lang", lang, "--data-dir", str(data), "--db", str(data / "cases.sqlite3"), "case", "list"])
    return code, capsys.readouterr().err


@pytest.mark.usefixtures("broken_command")
def test_the_internal_error_names_the_log_it_was_written_to(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run_list(data_dir, capsys)
    log_file = data_dir / "logs" / "cityeval-cli.log"
    assert code == 1
    assert f"详情已写入日志 {log_file}" in err, err
    assert "something nobody planned for" in log_file.read_text(encoding="utf-8")


@pytest.mark.usefixtures("broken_command")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_pointer_to_a_log_whose_folder_cannot_be_made(
    data_dir: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    (data_dir / "logs").write_text("a file where the log folder should be", encoding="utf-8")
    code, err = run_list(data_dir, capsys, lang)
    assert code == 1
    if lang == "zh":
        assert "详情已写入日志" not in err and "日志无法写入" in err, err
    else:
        assert "details are in the log" not in err and "the log could not be written" in err, err
    assert str(data_dir / "logs") in err, "the message names where the log could not be written"


@pytest.mark.usefixtures("broken_command")
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (a device whose writes fail: disk full)")
def test_a_log_write_that_fails_is_reported_without_a_logging_traceback(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "logs").mkdir()
    (data_dir / "logs" / "cityeval-cli.log").symlink_to("/dev/full")  # opens, but every write: ENOSPC
    code, err = run_list(data_dir, capsys)
    assert code == 1
    assert "日志无法写入" in err and "磁盘已满" in err, err
    assert "Logging error" not in err and "Traceback" not in err, err


@pytest.mark.gui
def test_the_window_does_not_point_to_a_log_that_was_not_written(data_dir: Path, qapp: Any) -> None:
    from cityeval_desktop.services import logbook
    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.errors import describe
    from cityeval_desktop.ui.language import install_language

    install_language(qapp, "en")  # (an earlier test may have left the Chinese catalogue installed)

    (data_dir / "logs").write_text("not a folder", encoding="utf-8")
    logbook.start(data_dir, "cityeval-desktop.log")
    i18n.set_lang("en")
    try:
        [line] = describe(RuntimeError("boom"))
        assert "Details are in the log file" not in line and "the log could not be written" in line, line
        logbook.start(data_dir / "elsewhere", "cityeval-desktop.log")
        [line] = describe(RuntimeError("boom"))
        assert f"Details are in the log file {data_dir / 'elsewhere' / 'logs' / 'cityeval-desktop.log'}" in line, line
    finally:
        i18n.set_lang("zh")
        logbook.start(data_dir / "last", "cityeval-desktop.log")


@pytest.mark.gui
def test_an_unexpected_start_up_failure_points_to_the_log_only_when_it_was_written(
    qapp: object, data_dir: Path
) -> None:
    from cityeval_desktop.services import logbook
    from cityeval_desktop.ui.app import _start_up_failed

    (data_dir / "logs").write_text("not a folder", encoding="utf-8")
    logbook.start(data_dir, "cityeval-desktop.log")
    try:
        message = _start_up_failed("en")
        assert "the log could not be written" in message and str(data_dir / "logs") in message, message
        logbook.start(data_dir / "ok", "cityeval-desktop.log")
        assert f"details are in the log {data_dir / 'ok' / 'logs' / 'cityeval-desktop.log'}" in _start_up_failed("en")
    finally:
        logbook.start(data_dir / "last", "cityeval-desktop.log")
