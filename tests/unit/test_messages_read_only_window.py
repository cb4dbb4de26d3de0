"""The workbench on a database it cannot write (issue 9 item 12): the cases are listed and shown, the title
says why it is read-only, an edit is refused with that reason, and the file keeps its bytes.

The medium is made read-only for this process by answering ``os.access`` as a read-only mount does
(EROFS for writes under that folder): chmod cannot do it for root, and the command-line test in
``tests/hostile/test_databases.py`` uses a real read-only mount.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from cityeval_desktop.services import cases as case_service
from tests.hostile import databases

pytestmark = pytest.mark.gui
SHOTS = Path("/tmp/shots/dbfiles")


def make_read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """From now on this process may not write under ``folder`` (``os.access`` answers as on a read-only mount)."""
    real_access = os.access

    def access(path: Any, mode: int, *args: Any, **kwargs: Any) -> bool:
        if mode & os.W_OK and Path(os.fspath(path)).resolve().is_relative_to(folder.resolve()):
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_window_lists_a_read_only_database_and_refuses_edits_with_the_reason(
    qapp: Any, qtbot: Any, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    from cityeval_desktop.services.context import open_context
    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.app import install_language, register_fonts
    from cityeval_desktop.ui.main_window import MainWindow

    read_only_folder = tmp_path / "medium"
    read_only_folder.mkdir()
    db = read_only_folder / "cases.sqlite3"
    ref = databases.cityeval_database(db, data_dir, notes=1)
    make_read_only(monkeypatch, read_only_folder)
    before = databases.snapshot(read_only_folder)

    register_fonts(qapp)
    install_language(qapp, lang)
    i18n.set_lang(lang)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: shown.append(text))
    ctx = open_context(db, data_dir)
    try:
        assert ctx.read_only and ctx.read_only_reason is not None
        window = MainWindow(ctx, lang)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        wanted = "数据库文件或其所在磁盘不可写" if lang == "zh" else "the database file or its disk cannot be written"
        assert wanted in window.windowTitle()
        assert window.cases_page.model.rowCount() == 1
        assert not window.new_action.isEnabled()
        assert window.open_case(ref)
        assert window.workspace.read_only
        status = window.workspace.status_label
        assert ("数据库无法写入" if lang == "zh" else "the database cannot be written") in status.text()
        assert ctx.read_only_reason.get(lang) == status.toolTip()
        SHOTS.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(SHOTS / f"read-only-medium-{lang}.png"))
        with pytest.raises(Exception) as info:  # past the disabled widgets: the service itself refuses
            case_service.set_answer(ctx, ref, "P1.1", value=1)
        assert ("只读" if lang == "zh" else "read-only") in info.value.problems[0].message.get(lang)
    finally:
        ctx.close()
        install_language(qapp, "zh")
        i18n.set_lang("zh")
    assert databases.snapshot(read_only_folder) == before, "something was written on the read-only medium"
