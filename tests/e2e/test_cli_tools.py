"""``identity export-cert``, ``trust remove`` and the exact wording of ``db check`` (shared with the workbench)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

PASSWORD = "correct horse battery staple"


@pytest.fixture
def identity(cli: Any, tmp_path: Path) -> Path:
    path = tmp_path / "zhang.p12"
    r = cli("identity", "new", "--name", "张三", "--out", str(path), env=cli.env(CITYEVAL_PASSWORD=PASSWORD))
    assert r.code == 0, r.err
    return path


def test_export_trust_and_remove_again(cli: Any, identity: Path, tmp_path: Path) -> None:
    env = cli.env(CITYEVAL_PASSWORD=PASSWORD)
    pem = tmp_path / "zhang.pem"
    r = cli("--lang", "en", "identity", "export-cert", str(identity), str(pem), env=env)
    assert r.code == 0 and f"certificate exported: {pem} (张三, fingerprint " in r.out, r.err
    assert pem.read_text().count("BEGIN CERTIFICATE") == 1
    again = cli("--lang", "en", "identity", "export-cert", str(identity), str(pem), env=env)
    assert again.code == 1 and "already exists" in again.err

    assert cli("trust", "add", str(pem)).code == 0
    listed = cli("trust", "list", "--json").json()
    fp = listed[0]["fingerprint"]
    bad = cli("--lang", "en", "trust", "remove", "12")
    assert bad.code == 1 and "at least 8 hex digits" in bad.err
    r = cli("--lang", "en", "trust", "remove", fp[:12].upper())
    assert r.code == 0 and r.out == f"no longer trusted: CN=张三 (fingerprint {fp})\n"
    assert cli("trust", "list", "--json").json() == []
    missing = cli("trust", "remove", fp)
    assert missing.code == 1 and missing.err == f"error: {fp}: 信任列表中没有该指纹的证书\n"


def test_db_check_words_each_problem_in_the_users_language(cli: Any, tmp_path: Path) -> None:
    case = cli.new_case()
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    answers = tmp_path / "a.json"
    answers.write_text('{"answers": {"P1.1": {"value": 7, "evidence": ["scan.pdf"]}}}', "utf-8")
    assert cli("case", "answer", case, "--file", str(answers)).code == 0
    url = f"sqlite:///{cli.db}"
    ok = cli("db", "check")
    assert ok.code == 0 and ok.out.startswith(f"检查通过：{url}；审计记录 ")
    assert ok.out.endswith(" 条，链完整；证据文件 1 个均完好\n")
    with sqlite3.connect(cli.db) as con:
        con.execute("update audit set actor = 'mallory' where position = 1 and chain != 'system'")
    stored = next(p for p in (cli.data_dir / "evidence").rglob("*") if p.is_file())
    stored.write_bytes(b"changed")
    zh, en = cli("db", "check"), cli("--lang", "en", "db", "check")
    uuid = case.split("@")[0]
    assert (zh.code, en.code) == (1, 1)
    assert zh.err == (
        f"error: 审计链 {uuid} 第 1 条：该记录写入后被改动\nerror: 证据文件在添加后被改动：{stored.name}\n"
    )
    assert zh.out == f"检查未通过：2 个问题（{url}）；请从备份恢复\n"
    assert en.err == (
        f"error: audit chain {uuid} entry 1: the entry was changed after it was written\n"
        f"error: evidence file changed since it was attached: {stored.name}\n"
    )
    assert en.out == f"check FAILED: 2 problems ({url}); restore a backup\n"
