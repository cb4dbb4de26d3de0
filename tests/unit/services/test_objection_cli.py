"""``cityeval objection add|review|decide|list`` in-process (issue 13 §2.6): the id printed, text in one
language, ``--json`` and ``--open``, the exit codes, and ``db check`` passing afterwards."""

from __future__ import annotations

import json
import re

import pytest

from cityeval_desktop.cli.main import main
from cityeval_desktop.services import objections as obj
from tests.unit.services.test_objections import USCC, amended, finalized
from tests.unit.services.test_objections import signer as signer  # the module's identity fixture
from tests.unit.test_messages_chinese import english_words


@pytest.fixture
def cli(db_url, data_dir, capsys):
    def run(*args: str, lang: str = "zh") -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--lang", lang, "--db", db_url, "--data-dir", str(data_dir), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _plain(text: str, *tokens: str) -> str:
    """``text`` without the ids, codes, dates and names a line carries as data."""
    for token in tokens:
        text = text.replace(token, " ")
    return re.sub(r"\b[0-9a-f]{8}@\d+\b|\d{4}-\d{2}-\d{2}|\d{4}-\d{4}", " ", text)


def test_add_review_decide_list_on_the_command_line(ctx, tmp_path, signer, cli) -> None:
    ref = finalized(ctx, tmp_path, signer)
    scan = tmp_path / "材料.pdf"
    scan.write_bytes(b"%PDF-1.4 objection")
    code, out, err = cli("objection", "add", ref, "--grounds", "评分与事实不符", "--file", str(scan), "--by", "张三")
    assert code == 0, err
    number = out.strip()
    assert re.fullmatch(r"\d{4}-\d{4}", number)
    code, out, err = cli("objection", "add", USCC, "--grounds", "第二项异议")  # by the entity's code, not named
    assert code == 0, err
    second = out.strip()
    assert second != number

    code, out, _ = cli("objection", "list")
    assert code == 0
    assert number in out and second in out and "已受理" in out and "张三" in out and "未署名" in out
    assert "规划咨询" in out and "评分与事实不符" in out and "共 2 项异议" in out
    assert english_words(_plain(out, USCC, "异议主体有限公司")) == []

    code, out, _ = cli("objection", "review", number)
    assert code == 0 and "复核中" in out
    code, out, err = cli("objection", "decide", number, "--upheld", "--reason", "核查记录缺失")
    assert code == 0, err
    assert "异议成立" in out and "撤下" in out and ref in out
    assert english_words(_plain(out, ref)) == []

    code, out, err = cli("objection", "decide", number, "--dismissed", "--reason", "again")
    assert code == 1 and out == "" and "不能再次处理" in err  # decided once
    code, _, err = cli("objection", "decide", number, "--dismissed", "--reason", "again", lang="en")
    assert code == 1 and "cannot be handled again" in err
    with pytest.raises(SystemExit) as usage:  # --upheld or --dismissed is required: a usage error
        cli("objection", "decide", second, "--reason", "没有说成立与否")
    assert usage.value.code == 2

    code, out, _ = cli("objection", "list", "--json", "--open")
    rows = json.loads(out)
    assert code == 0 and [r["id"] for r in rows] == [second] and rows[0]["state"] == "received"
    code, out, _ = cli("objection", "list", "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    first = rows[number]
    assert first["state"] == "upheld" and first["withdrawn"] and not first["open"]
    assert first["case"] == ref and first["uscc"] == USCC and first["by"] == "张三"
    assert first["reason"] == "核查记录缺失"
    assert first["attachments"][0]["name"] == "材料.pdf" and len(first["attachments"][0]["sha256"]) == 64
    assert first["received_at"].endswith("Z") and first["decided_at"].endswith("Z")
    assert rows[second]["by"] is None and rows[second]["attachments"] == []

    code, out, _ = cli("objection", "list", "--lang", "en")
    assert code == 0 and "upheld" in out and "received" in out and "not named" in out and "2 objections" in out

    code, out, err = cli("db", "check")
    assert code == 0, out + err

    with ctx.reading() as s:
        assert obj.withdrawn_revision_ids(s) == {ctx_row(ctx, ref)}
    newer = amended(ctx, tmp_path, signer, ref)
    with ctx.reading() as s:
        assert ctx_row(ctx, newer) not in obj.withdrawn_revision_ids(s)


def ctx_row(ctx, ref: str) -> int:
    from cityeval_desktop.services import cases as case_service

    return case_service.load_case(ctx, ref).summary.row_id


def test_refusals_exit_1_with_one_error_line_each(ctx, tmp_path, signer, cli) -> None:
    ref = finalized(ctx, tmp_path, signer)
    folder = tmp_path / "folder"
    folder.mkdir()
    link = tmp_path / "link.pdf"
    link.symlink_to(folder)
    code, out, err = cli("objection", "add", ref, "--grounds", "x", "--file", str(folder), "--file", str(link))
    assert code == 1 and out == ""
    lines = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(lines) == 2 and "文件夹" in lines[0] and "符号链接" in lines[1]
    assert all(english_words(_plain(line.removeprefix("error: "), str(folder), str(link))) == [] for line in lines)
    code, _, err = cli("objection", "add", ref, "--grounds", "长" * 4001)
    assert code == 1 and "上限 4000 字" in err
    code, _, err = cli("objection", "review", "2026-9999")
    assert code == 1 and "没有这个异议编号" in err
    assert english_words(_plain(err.removeprefix("error: "), "2026-9999", "cityeval objection list")) == []
    code, out, _ = cli("objection", "list", "--open")
    assert code == 0 and "没有未决定的异议" in out
    code, out, _ = cli("objection", "list", "--json")
    assert json.loads(out) == []
