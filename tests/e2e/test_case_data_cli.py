"""The case data of issue 12 on the command line, as a user runs it: reference date, team, declarations,
opinion, inspections, numbering, `case show` (text and JSON), `case list`, and a package round trip."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.domain import days
from cityeval_desktop.exchange.package import read_package

FIXTURES = Path(__file__).parents[1] / "fixtures"
PASSWORD = "case-data-cli-2026"
ANSWERS = {
    "answers": {
        k: {"value": v} for k, v in {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14, "X": 0}.items()
    },
    "vetoes": {"V1": False, "V2": False},
}


def _ok(res: Any) -> Any:
    assert res.code == 0, res.err
    return res


@pytest.fixture
def case(cli: Any, tmp_path: Path) -> dict[str, Any]:
    """A third-party case on the mini framework, answered, with its evidence and two identities (made through
    the entry point in this process: these commands run in subprocesses in the tests about them)."""
    cli = cli.here()
    forms = cli.data_dir / "frameworks"
    forms.mkdir(exist_ok=True)
    (forms / "mini.yaml").write_bytes((FIXTURES / "mini.yaml").read_bytes())
    res = _ok(
        cli(
            "case", "new", "--framework", "mini", "--tier", "city", "--mode", "third-party",
            "--entity-name", "命令行主体", "--uscc", "91350100M000100Y43", "--reference-date", "2026-06-30",
        )
    )  # fmt: skip
    ref = res.out.strip()
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "证书.pdf").write_bytes(b"%PDF-1.4 scan")
    doc = json.loads(json.dumps(ANSWERS))
    doc["answers"]["S"]["evidence"] = ["证书.pdf"]
    (folder / "answers.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    _ok(cli("case", "answer", ref, "--file", str(folder / "answers.json")))
    env = cli.env(CITYEVAL_PASSWORD=PASSWORD)
    ids = {}
    for name, org in (("张三", "福建数字评估中心"), ("李四", "省评估协会")):
        ids[name] = tmp_path / f"{name}.p12"
        _ok(cli("identity", "new", "--name", name, "--org", org, "--out", str(ids[name]), env=env))
    return {"ref": ref, "ids": ids, "env": env}


def _staff(cli: Any, case: dict[str, Any], tmp_path: Path) -> None:
    ref, env = case["ref"], case["env"]
    _ok(
        cli(
            "case",
            "team",
            ref,
            "add",
            "--name",
            "张三",
            "--role",
            "lead",
            "--org",
            "福建数字评估中心",
            "--qualification",
            "ZJ-1",
        )
    )
    _ok(cli("case", "team", ref, "add", "--name", "李四", "--role", "reviewer", "--org", "省评估协会"))
    for name in ("张三", "李四"):
        _ok(cli("case", "declare", ref, "--member", name, "--identity", str(case["ids"][name]), env=env))
    record = tmp_path / "record"
    record.mkdir()
    (record / "现场.jpg").write_bytes(b"\xff\xd8\xff site photo")
    (record / "record.json").write_text(
        json.dumps(
            {
                "date": "2026-06-20",
                "place": "福州市鼓楼区软件园",
                "participants": ["张三", "李四"],
                "checked": "核对劳动合同与社保记录",
                "findings": "与申报材料一致",
                "attachments": ["现场.jpg"],
                "sampled_projects": ["鼓楼区数字化规划"],
                "sampled_staff": ["王五"],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    _ok(cli("case", "inspection", ref, "add", "--file", str(record / "record.json")))
    drafted = _ok(cli("case", "opinion", ref, "--draft")).out
    (tmp_path / "opinion.txt").write_text(drafted + "\n评审组意见：同意。", encoding="utf-8")
    _ok(cli("case", "opinion", ref, "--file", str(tmp_path / "opinion.txt")))


def test_the_whole_case_data_on_the_command_line_and_in_the_json(
    cli: Any, case: dict[str, Any], tmp_path: Path
) -> None:
    ref = case["ref"]
    _staff(cli, case, tmp_path)
    listed = _ok(cli("case", "team", ref, "list", "--json")).json()
    assert [(m["name"], m["role"], m["declaration"]["verified"]) for m in listed] == [
        ("张三", "lead", True),
        ("李四", "reviewer", True),
    ]
    shown = _ok(cli("case", "show", ref, "--json")).json()
    assert shown["reference_date"] == "2026-06-30"
    assert shown["window"] == {"from": "2023-07-01", "to": "2026-06-30"}
    assert shown["valid"] is None and shown["report_no"] is None and shown["certificate_no"] is None
    assert [m["name"] for m in shown["team"]] == ["张三", "李四"]
    assert shown["opinion"].endswith("评审组意见：同意。") and "总分" in shown["opinion"]
    assert shown["inspections"][0]["attachments"][0]["name"] == "现场.jpg"

    text = _ok(cli("case", "show", ref)).out
    assert "评估基准日: 2026-06-30；考察期 2023-07-01 至 2026-06-30" in text
    assert "组长" in text and "审核" in text and "签名有效" in text and "现场核查记录" in text
    english = _ok(cli("--lang", "en", "case", "show", ref)).out
    assert "Reference date: 2026-06-30; review window 2023-07-01 to 2026-06-30" in english
    assert "lead assessor" in english and "reviewer" in english and "On-site inspections:" in english

    _ok(cli("settings", "numbering", "--org", "FJPG"))
    res = _ok(cli("case", "finalize", ref, "--identity", str(case["ids"]["张三"]), *cli.org_args(), env=case["env"]))
    assert "已定稿" in res.out
    year = days.today().year
    done = _ok(cli("case", "show", ref, "--json")).json()
    assert done["report_no"] == f"FJPG-{year}-0001" and done["certificate_no"] == f"FJPG-ZS-{year}-0001"
    until = days.today().replace(year=days.today().year + 3) - timedelta(days=1)
    assert done["valid"] == {"from": days.today().isoformat(), "until": until.isoformat()}
    assert "报告编号: FJPG-" in _ok(cli("case", "show", ref)).out
    # set on a draft only
    res = cli("case", "set", ref, "--reference-date", "2026-05-31")
    assert res.code == 1 and "已定稿" in res.err
    res = cli("case", "team", ref, "add", "--name", "王五", "--role", "member", "--org", "X")
    assert res.code == 1


def test_expired_results_read_as_expired(cli: Any, case: dict[str, Any], tmp_path: Path) -> None:
    ref = case["ref"]
    _staff(cli.here(), case, tmp_path)  # the team, declarations and opinion: the first test's subject
    _ok(cli("case", "finalize", ref, "--identity", str(case["ids"]["张三"]), *cli.org_args(), env=case["env"]))
    assert "过期" not in _ok(cli("case", "list")).out
    with sqlite3.connect(cli.db) as conn:  # three years later
        conn.execute("UPDATE cases SET valid_until = ?", ((days.today() - timedelta(days=1)).isoformat(),))
    assert "已过期" in _ok(cli("case", "list")).out
    assert "finalized, expired" in _ok(cli("--lang", "en", "case", "list")).out
    assert _ok(cli("case", "list", "--json")).json()[0]["expired"] is True
    assert "（已过期）" in _ok(cli("case", "show", ref)).out
    assert "(EXPIRED)" in _ok(cli("--lang", "en", "case", "show", ref)).out


def test_bad_input_on_the_command_line_is_named(cli: Any, case: dict[str, Any], tmp_path: Path) -> None:
    ref = case["ref"]
    res = cli("case", "team", ref, "add", "--name", "张三", "--role", "boss", "--org", "X")
    assert res.code == 1 and "未知角色" in res.err
    _ok(cli("case", "team", ref, "add", "--name", "张三", "--role", "lead", "--org", "X"))
    res = cli("--lang", "en", "case", "team", ref, "add", "--name", "李四", "--role", "lead", "--org", "X")
    assert res.code == 1 and "already has a lead assessor" in res.err
    res = cli("case", "set", ref, "--reference-date", "2026-13-01")
    assert res.code == 1 and "--reference-date" in res.err
    res = cli("case", "declare", ref, "--member", "张三", "--identity", str(case["ids"]["李四"]), env=case["env"])
    assert res.code == 1 and "成员本人" in res.err
    res = cli("settings", "numbering", "--pattern", "{org}-{name}")
    assert res.code == 1 and "{seq}" in res.err
    bad = tmp_path / "bad.json"
    bad.write_text('{"date": "2026-06-20", "place": "x", "participants": ["a"], "checked": "c", "findings": "f", '
                   '"attachments": ["../outside.jpg"]}', encoding="utf-8")  # fmt: skip
    res = cli("case", "inspection", ref, "add", "--file", str(bad))
    assert res.code == 1 and "attachments[0]" in res.err


def test_a_package_carries_the_case_data_and_imports_it(cli: Any, case: dict[str, Any], tmp_path: Path) -> None:
    ref = case["ref"]
    _staff(cli.here(), case, tmp_path)  # the team, declarations and opinion: the first test's subject
    _ok(cli("case", "finalize", ref, "--identity", str(case["ids"]["张三"]), *cli.org_args(), env=case["env"]))
    out = tmp_path / "case.cityeval"
    _ok(cli("package", "export", ref, str(out), "--identity", str(case["ids"]["张三"]), env=case["env"]))
    opened = read_package(out)
    doc = opened.case_json
    assert doc["report_no"] and [m["name"] for m in doc["team"]] == ["张三", "李四"]
    photo = doc["inspections"][0]["attachments"][0]
    assert photo["path"] in {p for p, _, _ in opened.evidence}
    shown = _ok(cli("case", "show", ref, "--json")).json()

    agency = tmp_path / "agency"
    agency.mkdir()
    from tests.conftest import Cli

    other = Cli(agency)
    res = other("package", "import", str(out), "--accept-untrusted")
    assert res.code == 0, res.err + res.out
    theirs = _ok(other("case", "show", ref, "--json")).json()
    for key in ("reference_date", "window", "valid", "report_no", "certificate_no", "team", "opinion", "inspections"):
        assert theirs[key] == shown[key], key
    listed = _ok(other("case", "team", ref, "list", "--json")).json()
    assert all(m["declaration"]["verified"] for m in listed)


def test_a_file_dated_outside_the_window_is_a_warning_at_finalize_not_a_refusal(
    cli: Any, case: dict[str, Any], tmp_path: Path
) -> None:
    ref = case["ref"]
    _staff(cli.here(), case, tmp_path)  # the team, declarations and opinion: the first test's subject
    _ok(cli("evidence", "date", ref, "证书.pdf", "--dated", "2021-03-01"))
    res = _ok(cli("case", "finalize", ref, "--identity", str(case["ids"]["张三"]), *cli.org_args(), env=case["env"]))
    assert "已定稿" in res.out
    assert "warning: S 的证据文件 证书.pdf：证明日期 2021-03-01 不在考察期 2023-07-01 至 2026-06-30 内" in res.err
    done = _ok(cli("case", "show", ref, "--json")).json()
    assert done["status"] == "finalized"
    assert [(e["dated"], e["outside_window"]) for e in done["evidence"]] == [("2021-03-01", True)]
    late = cli("evidence", "date", ref, "证书.pdf", "--clear")  # a finalized file keeps its date
    assert late.code == 1 and late.err
    _ok(cli("db", "check"))
