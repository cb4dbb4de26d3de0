"""The date an evidence file proves on the command line (issue 12 §1.1): ``evidence add --dated``,
``evidence date --dated|--clear``, ``case show`` (text and ``--json``), the approver role."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parents[1] / "fixtures"


def _ok(res: Any) -> Any:
    assert res.code == 0, res.err
    return res


def _case(cli: Any) -> str:
    forms = cli.data_dir / "frameworks"
    forms.mkdir(exist_ok=True)
    (forms / "mini.yaml").write_bytes((FIXTURES / "mini.yaml").read_bytes())
    res = _ok(
        cli(
            "case", "new", "--framework", "mini", "--tier", "city", "--mode", "third-party",
            "--entity-name", "证明日期主体", "--uscc", "91350100M000100Y43", "--reference-date", "2026-06-30",
        )
    )  # fmt: skip
    return res.out.strip()


def test_evidence_dates_on_the_command_line(cli: Any, tmp_path: Path) -> None:
    ref = _case(cli)
    (tmp_path / "合同.pdf").write_bytes(b"%PDF-1.4 contract")
    (tmp_path / "证书.pdf").write_bytes(b"%PDF-1.4 certificate")
    res = _ok(cli("evidence", "add", ref, "S", str(tmp_path / "合同.pdf"), "--dated", "2021-03-01"))
    assert "合同.pdf" in res.out and "证明日期 2021-03-01" in res.out
    assert "warning: 证明日期 2021-03-01 不在考察期 2023-07-01 至 2026-06-30 内" in res.err
    _ok(cli("evidence", "add", ref, "S", str(tmp_path / "证书.pdf")))

    shown = _ok(cli("case", "show", ref)).out
    assert "证明日期: 2021-03-01" in shown
    assert "注意: 证明日期 2021-03-01 不在考察期 2023-07-01 至 2026-06-30 内" in shown
    english = _ok(cli("--lang", "en", "case", "show", ref)).out
    assert "proves: 2021-03-01" in english and "outside the review window 2023-07-01 to 2026-06-30" in english
    doc = json.loads(_ok(cli("case", "show", ref, "--json")).out)
    assert sorted((e["name"], e["dated"], e["outside_window"]) for e in doc["evidence"]) == [
        ("合同.pdf", "2021-03-01", True),
        ("证书.pdf", None, False),
    ]

    res = _ok(cli("evidence", "date", ref, "证书.pdf", "--dated", "2025-05-20"))
    assert "证明日期 2025-05-20" in res.out and res.err == ""
    bad = cli("evidence", "date", ref, "证书.pdf", "--dated", "2030-01-01")
    assert bad.code == 1 and "--dated" in bad.err and "证明日期" in bad.err and "超出范围" in bad.err
    missing = cli("evidence", "date", ref, "没有.pdf", "--clear")
    assert missing.code == 1 and "没有.pdf" in missing.err
    _ok(cli("evidence", "date", ref, "合同.pdf", "--clear"))
    doc = json.loads(_ok(cli("case", "show", ref, "--json")).out)
    assert sorted((e["name"], e["dated"], e["outside_window"]) for e in doc["evidence"]) == [
        ("合同.pdf", None, False),
        ("证书.pdf", "2025-05-20", False),
    ]
    usage = cli("evidence", "date", ref, "合同.pdf")
    assert usage.code == 2  # --dated or --clear is required


def test_the_approver_role_on_the_command_line(cli: Any) -> None:
    ref = _case(cli)
    _ok(cli("case", "team", ref, "add", "--name", "张三", "--role", "lead", "--org", "福建数字评估中心"))
    res = _ok(cli("case", "team", ref, "add", "--name", "孙批准", "--role", "approver", "--org", "福建数字评估中心"))
    assert "孙批准（批准）" in res.out
    again = cli("case", "team", ref, "add", "--name", "周二", "--role", "approver", "--org", "省评估协会")
    assert again.code == 1 and "已有批准 孙批准" in again.err
    team = json.loads(_ok(cli("case", "team", ref, "list", "--json")).out)
    assert [(m["name"], m["role"]) for m in team] == [("张三", "lead"), ("孙批准", "approver")]
