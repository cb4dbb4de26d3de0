"""Every message the window shows is in the user's language and names fields, not options or paths (item 11).

The realistic error sources are walked in Chinese: a bad value typed into an indicator, N/A without a
reason, a wrong identity password, a file that is not an identity, a missing identity, a bad region
code, and the signing progress. The shown text may quote what the user gave (a file path, a number)
but must hold no command-line option, no internal path such as ``P2.1.value`` and no English word.
"""

from __future__ import annotations

import re
from pathlib import Path

import cityeval_gui_signing_helpers as helpers  # registered by conftest.py
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.signing.identity import create_identity
from cityeval_desktop.ui import i18n
from cityeval_desktop.ui.app import install_language
from cityeval_desktop.ui.errors import describe, field_name
from cityeval_desktop.ui.main_window import MainWindow
from cityeval_desktop.ui.worker import Progress

FIXTURES = Path(__file__).parents[1] / "fixtures"
OPTION = re.compile(r"--[a-z]")
INTERNAL_PATH = re.compile(r"\b(?:answers|vetoes)\.|\.(?:value|reason|note|not_applicable|evidence)\b")
# names of formats and of the things the user quoted are not English words
ALLOWED = {"PKCS", "p12", "pfx", "PDF", "pdf", "SHA", "GB"}  # formats, the GB/T standards
WORD = re.compile(r"[A-Za-z]{2,}")


def assert_reads_as_chinese(message: str, *quoted: object) -> None:
    """No option, no internal path, no English word (the user's own quoted input taken out)."""
    assert message.strip(), "nothing shown"
    assert not OPTION.search(message), message
    assert not INTERNAL_PATH.search(message), message
    rest = message
    for q in quoted:
        rest = rest.replace(str(q), "")
    words = [w for w in WORD.findall(rest) if w not in ALLOWED]
    assert not words, f"English in {message!r}: {words}"
    assert re.search(r"[\u4e00-\u9fff]", message), message


@pytest.fixture
def zh(qapp):
    i18n.set_lang("zh")
    install_language(qapp, "zh")
    yield
    i18n.set_lang("en")
    install_language(qapp, "en")


@pytest.fixture(scope="module")
def identity_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pki") / "assessor.p12"
    create_identity(path, name="李四", org="福建数字评估中心", password=helpers.PASSWORD, key_size=2048)
    return path


@pytest.fixture
def window(qtbot, ctx, zh):
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    w = MainWindow(ctx, "zh")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def _case(ctx, mode: str = "third-party") -> str:
    return case_service.new_case(
        ctx, framework="mini", tier="city", mode=mode, entity_name="消息主体", uscc="91350100M000100Y43"
    ).ref


def test_field_names_are_one_readable_mapping(zh) -> None:
    assert field_name("P2.1.value") == "P2.1 的作答值"
    assert field_name("answers.P1.1.reason") == "P1.1 的不适用理由"
    assert field_name("--region 35010") == "行政区划代码 35010"
    assert field_name("--identity") == "签名身份"
    assert field_name("vetoes.V1") == "否决项 V1"
    assert field_name("a.json: answers.P1.1.note") == "a.json：P1.1 的备注"
    assert field_name("/tmp/x/证书.pdf") == "/tmp/x/证书.pdf"  # a file the user chose stays as it is
    lines = describe(InputError([DomainError(Text("应为数字", "expected a number"), "P2.1.value")]))
    assert lines == ["P2.1 的作答值：应为数字"]


def test_field_names_in_english(qapp) -> None:
    assert field_name("P2.1.value") == "answer of P2.1"
    assert field_name("--region 35010") == "region code 35010"
    assert describe(DomainError(Text("太长", "too long"), "S.note")) == ["note of S: too long"]


def test_a_bad_typed_value_is_shown_on_the_indicator_in_chinese(window, ctx, qtbot) -> None:
    ref = _case(ctx)
    assert window.open_case(ref)
    ws = window.workspace
    ws.tree.select_indicator("X")  # a count: a fraction is refused by the service
    editor = ws.editor
    editor.number_edit.setFocus()
    QTest.keyClicks(editor.number_edit, "2.5")
    QTest.keyClick(editor.number_edit, Qt.Key.Key_Return)
    assert "X" not in case_service.load_case(ctx, ref).answers
    shown = editor.input_message.text()  # the reason, on the indicator it was typed for
    assert shown.startswith("X 的作答值："), shown
    assert_reads_as_chinese(shown, "2.5")


def test_na_without_a_reason_and_a_bad_region_read_as_chinese(window, ctx) -> None:
    ref = _case(ctx)
    with pytest.raises(InputError) as err:
        case_service.set_answer(ctx, ref, "S", not_applicable=True, reason="  ")
    lines = describe(err.value)
    assert any(line.startswith("S 的不适用理由：") for line in lines), lines
    for line in lines:
        assert_reads_as_chinese(line)
    with pytest.raises(InputError) as err:
        case_service.new_case(
            ctx,
            framework="mini",
            tier="city",
            mode="self",
            entity_name="区划主体",
            uscc="91350100M000100Y43",
            region="35010",
        )
    for line in describe(err.value):
        assert line.startswith("行政区划代码 35010")
        assert_reads_as_chinese(line, "35010")


@pytest.mark.parametrize("case", ["wrong password", "not an identity", "missing file"])
def test_identity_problems_are_shown_in_chinese_in_the_signing_dialog(
    window, ctx, qtbot, tmp_path, identity_file, case
) -> None:
    ref = _case(ctx)
    helpers.complete(ctx, ref, tmp_path, identity_file)
    assert window.open_case(ref)
    dialog = helpers.open_sign_dialog(qtbot, window)
    path, password = identity_file, "wrong"
    if case == "not an identity":
        path = tmp_path / "notes.p12"
        path.write_text("这不是身份文件", encoding="utf-8")
        password = helpers.PASSWORD
    elif case == "missing file":
        path = tmp_path / "gone.p12"
        password = helpers.PASSWORD
    op = helpers.sign_in_dialog(qtbot, dialog, path, password, "zh")
    assert op.error is not None
    shown = dialog.message.text()
    assert_reads_as_chinese(shown, path, path.name)
    assert case_service.load_case(ctx, ref).summary.status == "draft"


def test_signing_progress_names_its_steps_in_chinese(window, ctx, qtbot, tmp_path, identity_file, monkeypatch) -> None:
    said: list[str] = []
    original = Progress.report

    def report(self, done: int, total: int, text: str = "") -> None:
        said.append(text)
        original(self, done, total, text)

    monkeypatch.setattr(Progress, "report", report)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    ref = _case(ctx)
    helpers.complete(ctx, ref, tmp_path, identity_file)
    assert window.open_case(ref)
    dialog = helpers.open_sign_dialog(qtbot, window)
    op = helpers.sign_in_dialog(qtbot, dialog, identity_file, helpers.PASSWORD, "zh")
    assert op.error is None, op.error
    steps = [t for t in said if t]
    assert len(steps) == 4, said
    for text in steps:
        assert_reads_as_chinese(text)
    assert "checks" not in " ".join(said) and "report and signature" not in " ".join(said)
