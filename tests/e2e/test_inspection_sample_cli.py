"""The on-site inspection sample on the command line: a framework asking for one is validated by
``forms validate`` (its bad value named at its line), and ``case inspection CASE list`` says what is asked
and what the records sample so far, in Chinese and English; a self-check is not told."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.inspection_sample_helpers import RAW, SAMPLE, with_setting

USCC = "91350100M000100Y43"


def _ok(res: Any) -> Any:
    assert res.code == 0, res.err
    return res


def _record(folder: Path, projects: list[str], staff: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    doc = {
        "date": "2026-06-20",
        "place": "福州市鼓楼区软件园 A 座",
        "participants": ["张三"],
        "checked": "核对项目合同",
        "findings": "一致",
        "sampled_projects": projects,
        "sampled_staff": staff,
    }
    path = folder / "record.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_forms_validate_names_a_bad_sample_at_its_line(cli: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(with_setting(b"inspection: {sample_projects: 5000}"))
    res = cli("forms", "validate", str(bad))
    assert res.code != 0
    assert f"{bad}:8: inspection.sample_projects: 应 <= 1000，实际为 5000" in res.out + res.err
    good = tmp_path / "good.yaml"
    good.write_bytes(with_setting(SAMPLE))
    _ok(cli("forms", "validate", str(good)))


def test_the_list_says_the_sample_asked_and_taken(cli: Any, tmp_path: Path) -> None:
    forms = cli.data_dir / "frameworks"
    forms.mkdir(exist_ok=True)
    (forms / "mini2-sample.yaml").write_bytes(with_setting(SAMPLE, RAW.replace(b"id: mini2\n", b"id: mini2-sample\n")))
    refs = {}
    for mode in ("third-party", "self"):
        refs[mode] = _ok(
            cli(
                "case", "new", "--framework", "mini2-sample", "--tier", "city", "--mode", mode,
                "--entity-name", "命令行主体", "--uscc", USCC,
            )
        ).out.strip()  # fmt: skip
        _ok(
            cli(
                "case",
                "inspection",
                refs[mode],
                "add",
                "--file",
                str(_record(tmp_path / mode, ["甲项目", "乙项目"], ["王五"])),
            )
        )
    ref = refs["third-party"]
    zh = _ok(cli("case", "inspection", ref, "list")).out
    assert "框架要求的抽查：项目 2 个（至少 3 个）；人员 1 人（至少 2 人）（不足，第三方评估不能定稿）" in zh
    en = _ok(cli("--lang", "en", "case", "inspection", ref, "list")).out
    assert "Sample the framework asks for: 2 of at least 3 projects; 1 of at least 2 staff (short: a third-party " in en
    _ok(
        cli("case", "inspection", ref, "add", "--file", str(_record(tmp_path / "more", ["丙项目", "甲项目"], ["赵六"])))
    )
    zh = _ok(cli("case", "inspection", ref, "list")).out
    assert "框架要求的抽查：项目 3 个（至少 3 个）；人员 2 人（至少 2 人）\n" in zh
    assert "框架要求" not in _ok(cli("case", "inspection", refs["self"], "list")).out
    listed = _ok(cli("case", "inspection", ref, "list", "--json")).json()
    assert [r["sampled_projects"] for r in listed] == [["甲项目", "乙项目"], ["丙项目", "甲项目"]]
