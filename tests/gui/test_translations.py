"""The Chinese catalogue: complete, up to date with the code, compiled, and used by the real window.

When a test here fails after a UI string was added or changed, run ``installer/update-translations.sh``,
translate the new messages in ``resources/translations/cityeval_zh_CN.ts`` (Qt Linguist:
``.venv/bin/pyside6-linguist``), and run the script again to compile the ``.qm``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTranslator

ROOT = Path(__file__).resolve().parents[2]
UI_DIR = ROOT / "cityeval_desktop" / "ui"
TS = ROOT / "resources" / "translations" / "cityeval_zh_CN.ts"
QM = ROOT / "resources" / "translations" / "cityeval_zh_CN.qm"
FIX = "run installer/update-translations.sh, translate the new messages in cityeval_zh_CN.ts, run the script again"

PLACEHOLDER = re.compile(r"%[1-9]")
ACCELERATOR = re.compile(r"&([^\s&])")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    translation: str
    type: str | None  # "unfinished", "vanished", "obsolete" or None (finished)

    def __str__(self) -> str:
        return f"[{self.context}] {self.source!r}"


def read_ts(path: Path) -> list[Message]:
    messages = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            messages.append(
                Message(
                    context=name,
                    source=message.findtext("source") or "",
                    translation=(translation.text or "") if translation is not None else "",
                    type=translation.get("type") if translation is not None else "unfinished",
                )
            )
    return messages


def qt_tool(name: str) -> Path:
    """pyside6-lupdate / pyside6-lrelease: $PYSIDE6_BIN, next to this Python, or inside the PySide6 package."""
    import PySide6

    candidates = [Path(os.environ["PYSIDE6_BIN"]) / f"pyside6-{name}"] if os.environ.get("PYSIDE6_BIN") else []
    candidates += [Path(sys.executable).parent / f"pyside6-{name}", Path(PySide6.__file__).parent / name]
    found = shutil.which(f"pyside6-{name}")
    candidates += [Path(found)] if found else []
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    pytest.skip(f"pyside6-{name} not found (set PYSIDE6_BIN)")
    raise AssertionError  # unreachable


@pytest.fixture(scope="module")
def catalogue() -> list[Message]:
    assert TS.is_file(), f"{TS.relative_to(ROOT)} is missing: {FIX}"
    messages = read_ts(TS)
    assert messages, "the catalogue holds no messages"
    return messages


# ----------------------------------------------------------------------------- (a) complete
def test_every_message_has_a_finished_translation(catalogue: list[Message]) -> None:
    untranslated = [str(m) for m in catalogue if m.type is not None or not m.translation.strip()]
    assert not untranslated, f"{len(untranslated)} message(s) without a finished translation ({FIX}):\n" + "\n".join(
        untranslated
    )


def test_translations_keep_placeholders_accelerators_and_ellipses(catalogue: list[Message]) -> None:
    problems = []
    for m in catalogue:
        if sorted(PLACEHOLDER.findall(m.source)) != sorted(PLACEHOLDER.findall(m.translation)):
            problems.append(f"{m}: placeholders differ in {m.translation!r}")
        source_keys = [k.casefold() for k in ACCELERATOR.findall(m.source)]
        if source_keys != [k.casefold() for k in ACCELERATOR.findall(m.translation)]:
            problems.append(f"{m}: keyboard accelerator differs in {m.translation!r}")
        if m.source.endswith("…") != m.translation.endswith("…"):
            problems.append(f"{m}: trailing ellipsis differs in {m.translation!r}")
    assert not problems, "\n".join(problems)


# ----------------------------------------------------------------------------- (b) up to date
def test_catalogue_is_up_to_date_with_the_code(catalogue: list[Message], tmp_path: Path) -> None:
    sources = sorted(str(p) for p in UI_DIR.rglob("*.py"))
    fresh = tmp_path / "fresh.ts"
    proc = subprocess.run(
        [str(qt_tool("lupdate")), "-silent", "-no-obsolete", "-locations", "none", *sources, "-ts", str(fresh)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    in_code = {(m.context, m.source) for m in read_ts(fresh)}
    in_catalogue = {(m.context, m.source) for m in catalogue}
    missing = sorted(in_code - in_catalogue)
    stale = sorted(in_catalogue - in_code)
    lines = [f"  not in the catalogue: [{c}] {s!r}" for c, s in missing]
    lines += [f"  no longer in the code: [{c}] {s!r}" for c, s in stale]
    assert not lines, f"cityeval_zh_CN.ts is out of date with cityeval_desktop/ui ({FIX}):\n" + "\n".join(lines)


# ----------------------------------------------------------------------------- (c) compiled
def test_qm_is_the_compiled_catalogue(catalogue: list[Message]) -> None:
    assert QM.is_file(), f"{QM.relative_to(ROOT)} is missing: run installer/update-translations.sh"
    translator = QTranslator()
    assert translator.load(str(QM)), f"{QM.relative_to(ROOT)} cannot be loaded"
    wrong = [
        f"{m}: .qm says {translator.translate(m.context, m.source)!r}, .ts says {m.translation!r}"
        for m in catalogue
        if translator.translate(m.context, m.source) != m.translation
    ]
    assert not wrong, "cityeval_zh_CN.qm is older than the .ts: run installer/update-translations.sh\n" + "\n".join(
        wrong
    )


# ----------------------------------------------------------------------------- (d) used by the window
def _nav_texts(window: object) -> list[str]:
    nav = window.nav  # type: ignore[attr-defined]
    return [nav.item(row).text() for row in range(nav.count())]


def _header_texts(window: object) -> list[str]:
    model = window.cases_page.table.model()  # type: ignore[attr-defined]
    return [model.headerData(col, Qt.Orientation.Horizontal) for col in range(model.columnCount())]


@pytest.mark.gui
def test_main_window_shows_the_chosen_language(qapp, qtbot, ctx, catalogue: list[Message]) -> None:
    from cityeval_desktop.ui import i18n
    from cityeval_desktop.ui.app import install_language
    from cityeval_desktop.ui.main_window import MainWindow
    from cityeval_desktop.ui.pages.case_table_model import CaseTableModel

    expected = {m.source: m.translation for m in catalogue if m.context == "CaseTableModel"}
    try:
        i18n.set_lang("zh")
        install_language(qapp, "zh")
        zh = MainWindow(ctx, "zh")
        qtbot.addWidget(zh)
        assert _nav_texts(zh) == [
            "案例", "评估框架", "证书与信任", "数据库维护", "设置", "导入案例包", "区域视图", "异议",
        ]  # fmt: skip
        headers = _header_texts(zh)
        assert headers == [expected[c] for c in CaseTableModel.COLUMNS]
        assert {"经营主体", "统一社会信用代码", "层级", "评估方式", "总分", "等级", "完整度"} <= set(headers)
        assert zh.menuBar().actions()[0].text() == "文件(&F)"
    finally:
        i18n.set_lang("en")
        install_language(qapp, "en")
    en = MainWindow(ctx, "en")
    qtbot.addWidget(en)
    assert _nav_texts(en) == [
        "Cases",
        "Frameworks",
        "Identities & trust",
        "Database",
        "Settings",
        "Import packages",
        "Regional view",
        "Objections",
    ]
    assert _header_texts(en) == list(CaseTableModel.COLUMNS)
    assert en.menuBar().actions()[0].text() == "&File"
