"""``cityeval-desktop FILE.cityeval`` (what double-clicking a package in the file manager runs, through the
.deb's desktop entry and the Windows installer's file association) starts the workbench with that package in
the verify view; a missing or foreign file gets the view's own verdict with the reason, in the user's language."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.packages import export_package
from cityeval_desktop.services.reporting import finalize_and_sign
from cityeval_desktop.services.samples import make_uscc
from cityeval_desktop.services.trust_store import add_trusted
from cityeval_desktop.signing.identity import create_identity, load_identity
from cityeval_desktop.ui import app as app_module
from cityeval_desktop.ui.main_window import MainWindow
from cityeval_desktop.ui.widgets.package_models import CheckTableModel
from tests.case_data_helpers import org_for, org_identity, staff_if_third_party

FIXTURES = Path(__file__).parents[1] / "fixtures"
PASSWORD = "Pinggu-Baoguo-2026!"
VALUES = {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One finalized case of an assessor, exported as a signed package; the certificates to trust it."""
    root = tmp_path_factory.mktemp("assessor")
    identity = root / "assessor.p12"
    create_identity(identity, name="张三", org="福建数字评估中心", password=PASSWORD, key_size=2048)
    signer = load_identity(identity, PASSWORD)
    pem = root / "assessor.pem"
    pem.write_bytes(signer.certificate.public_bytes(serialization.Encoding.PEM))
    org_pem = root / "organisation.pem"
    org_pem.write_bytes(org_identity().certificate.public_bytes(serialization.Encoding.PEM))
    ctx = open_context(root / "cases.sqlite3", root, actor="张三")
    try:
        fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
        ref = case_service.new_case(
            ctx, framework="mini", tier="city", mode="third-party", entity_name="福州云图规划院",
            uscc=make_uscc("350100", "MA01A0B1"),
        ).ref  # fmt: skip
        for ind, value in VALUES.items():
            case_service.set_answer(ctx, ref, ind, value=value)
        for veto in ("V1", "V2"):
            case_service.set_veto(ctx, ref, veto, False)
        scan = root / "资质证书.pdf"
        scan.write_bytes(b"%PDF-1.4 certificate scan")
        case_service.add_evidence(ctx, ref, "S", [scan])
        staff_if_third_party(ctx, ref, root, lead=signer)
        finalize_and_sign(ctx, ref, signer, org_identity=org_for(ctx, ref), lang="zh")
        out = export_package(ctx, ref, root / "福州云图规划院.cityeval", signer).path
    finally:
        ctx.close()
    return {"package": out, "pem": pem, "org_pem": org_pem}


@pytest.fixture
def run_main(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[list[str]], int]]:
    """``ui.app.main`` in this process (no --smoke: the event loop runs until the test ends it)."""
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


def _main_window() -> MainWindow | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)


def _when_verified(seen: dict[str, Any], tries: int = 400) -> None:
    """Poll the running workbench until the package's verdict is shown; note what a user sees, close the
    dialog with a mouse click on its Close button, then end the event loop."""
    window = _main_window()
    dialog = window.package_dialog if window is not None else None
    if dialog is None or dialog.operation is None or not dialog.operation.done:
        if tries:
            QTimer.singleShot(50, lambda: _when_verified(seen, tries - 1))
        else:
            seen["timeout"] = True
            QApplication.exit(3)
        return
    seen["visible"] = dialog.isVisible()
    seen["path"] = dialog.path_edit.text()
    seen["headline"] = dialog.headline.text()
    seen["results"] = [
        dialog.model.data(dialog.model.index(r, CheckTableModel.COL_RESULT)) for r in range(dialog.model.rowCount())
    ]
    seen["reasons"] = [
        dialog.model.data(dialog.model.index(r, CheckTableModel.COL_REASON)) for r in range(dialog.model.rowCount())
    ]
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    QTest.mouseClick(close, Qt.MouseButton.LeftButton, pos=QPoint(close.width() // 2, close.height() // 2))
    seen["closed"] = not dialog.isVisible()
    QApplication.exit(0)


def _start(run_main: Callable[[list[str]], int], data_dir: Path, lang: str, argument: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    QTimer.singleShot(0, lambda: _when_verified(seen))
    code = run_main(["--data-dir", str(data_dir), "--db", str(data_dir / "cases.sqlite3"), "--lang", lang, argument])
    assert code == 0, seen
    assert not seen.get("timeout"), "the verify view never showed a verdict"
    return seen


def test_a_package_named_on_the_command_line_opens_in_the_verify_view(
    qtbot: Any, package: dict[str, Path], data_dir: Path, run_main: Callable[[list[str]], int]
) -> None:
    agency = open_context(data_dir / "cases.sqlite3", data_dir, actor="tester")
    add_trusted(agency, package["pem"])
    add_trusted(agency, package["org_pem"])
    agency.close()

    seen = _start(run_main, data_dir, "en", str(package["package"]))
    assert seen["visible"] and seen["path"] == str(package["package"])
    assert "Valid: every check passed" in seen["headline"]
    assert set(seen["results"]) == {"passed"} and len(seen["results"]) == 10
    assert seen["closed"]
    # verifying writes nothing: the agency's database still holds no case
    agency = open_context(data_dir / "cases.sqlite3", data_dir, actor="tester")
    try:
        assert case_service.list_cases(agency) == []
    finally:
        agency.close()


def test_a_file_url_from_the_file_manager_is_the_same_file(
    qtbot: Any, package: dict[str, Path], data_dir: Path, run_main: Callable[[list[str]], int]
) -> None:
    seen = _start(run_main, data_dir, "en", package["package"].as_uri())
    assert seen["path"] == str(package["package"])
    # a fresh database does not trust the signer: every check passed, the verdict says so
    assert "signer is not trusted here" in seen["headline"]


@pytest.mark.parametrize("kind", ["missing", "foreign", "folder"])
def test_a_missing_or_foreign_file_is_refused_with_the_reason_in_chinese(
    qtbot: Any, tmp_path: Path, data_dir: Path, run_main: Callable[[list[str]], int], kind: str
) -> None:
    target = tmp_path / "案例包.cityeval"
    if kind == "foreign":
        target.write_bytes(os.urandom(4096))  # a file with the right name that is no ZIP at all
    elif kind == "folder":
        target.mkdir()
    seen = _start(run_main, data_dir, "zh", str(target))
    assert seen["headline"].startswith("✘ 无效")
    reason = seen["reasons"][0]
    expected = {"missing": "文件不存在", "foreign": "不是案例包", "folder": "文件夹"}[kind]
    assert expected in reason, reason
    assert not any(word in reason for word in ("file", "folder", "package", "not ")), reason  # no English
    assert seen["closed"]


def test_an_unusable_argument_is_said_in_a_message(
    qtbot: Any, data_dir: Path, run_main: Callable[[list[str]], int]
) -> None:
    seen: dict[str, Any] = {}

    def look(tries: int = 200) -> None:
        box = next((w for w in QApplication.topLevelWidgets() if w.objectName() == "package_argument_refused"), None)
        if box is None or not box.isVisible():
            if tries:
                QTimer.singleShot(50, lambda: look(tries - 1))
            else:
                QApplication.exit(3)
            return
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text()
        QTest.keyClick(box, Qt.Key.Key_Escape)
        QApplication.exit(0)

    QTimer.singleShot(0, look)
    code = run_main(["--data-dir", str(data_dir), "--lang", "en", "x" * (app_module.MAX_ARGUMENT_CHARS + 1)])
    assert code == 0
    assert "give the path of a case package" in seen["text"]
