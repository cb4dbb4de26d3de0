"""The command line as a user runs it (DESIGN §6), each call a subprocess.

Bad input gives exit 1, one ``error:`` line per problem naming the file or field, and
nothing written: ``case show --json``, the audit entry count of ``db check`` and the
evidence folder are the same before and after. Usage errors give exit 2.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import install_frameworks_2026_1

PLANNING_2026_1 = "planning-consulting@2026.1"

REPO = Path(__file__).resolve().parents[2]
FORMS = sorted((REPO / "forms").glob("*.yaml"))
USCC = "91350100M000100Y43"
ENTITY = "福州数字规划研究院有限公司"
HAN = re.compile(r"[\u4e00-\u9fff]")


# ----------------------------------------------------------------------------- a prepared case
@dataclass(frozen=True)
class Template:
    data: Path
    case: str


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """A data folder with one answered third-party draft, built once and copied per test."""
    from cityeval_desktop.services import cases
    from cityeval_desktop.services.context import open_context

    root = tmp_path_factory.mktemp("cli-template")
    data = root / "data"
    data.mkdir()
    (root / "scans").mkdir()
    (root / "scans" / "certs.pdf").write_bytes(b"%PDF certificates " + bytes(range(256)))
    doc = {
        "answers": {
            "P1.1": {"value": 7, "note": "7 名持证人员", "evidence": ["scans/certs.pdf"]},
            "P1.2": {"value": 3},
            "P1.3": {"not_applicable": True, "reason": "本层级不涉及"},
            "P2.1": {"value": 2},
            "P3.2": {"value": 33},
            "P5.2": {"value": "a"},
        },
        "vetoes": {"V1": False},
    }
    (root / "first.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        for key in [k for k in os.environ if k.startswith("CITYEVAL_")]:
            mp.delenv(key)
        install_frameworks_2026_1(data)  # the answers below are written against the 2026.1 ids and rules
        ctx = open_context(data / "cases.sqlite3", data, actor="测试评估员")
        try:
            case = cases.new_case(
                ctx, framework=PLANNING_2026_1, tier="city", mode="third-party", entity_name=ENTITY, uscc=USCC
            )
            cases.apply_answers_file(ctx, case.case_uuid, root / "first.json")
        finally:
            ctx.close()
    return Template(data, case.case_uuid)


@pytest.fixture
def case(template: Template, cli: Any) -> str:
    """The template's data folder copied (byte for byte) into this test's folder."""
    shutil.copytree(template.data, cli.data_dir, dirs_exist_ok=True)
    return template.case


def evidence_files(data_dir: Path) -> list[str]:
    root = data_dir / "evidence"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def snapshot(cli: Any, case: str) -> tuple[str, int, list[str]]:
    """``case show --json`` text, the audit entry count from ``db check``, the evidence files (read through the
    entry point in this process: what a test ran as a process is what it is about, not these reads)."""
    here = cli.here()
    shown, checked = here("case", "show", case, "--json"), here("--lang", "en", "db", "check")
    assert shown.code == 0, shown.err
    assert checked.code == 0, checked.err + checked.out
    entries = re.search(r"; (\d+) audit entries", checked.out)
    assert entries, checked.out
    return shown.out, int(entries.group(1)), evidence_files(cli.data_dir)


_BASELINE: dict[str, tuple[str, int, list[str]]] = {}


def baseline(cli: Any, case: str) -> tuple[str, int, list[str]]:
    """The snapshot of a fresh copy of the template (all copies are identical)."""
    if case not in _BASELINE:
        _BASELINE[case] = snapshot(cli, case)
        shown = json.loads(_BASELINE[case][0])
        assert shown["result"]["completeness"] > 0 and shown["evidence"], "the template must have content"
    return _BASELINE[case]


def error_lines(err: str) -> list[str]:
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines, "no message on stderr"
    errors = [line for line in lines if line.startswith("error: ")]
    assert errors, f"no line starts with 'error:': {err!r}"
    assert "internal error" not in err and "Traceback" not in err, err
    return errors


# ----------------------------------------------------------------------------- bad answers files
def good_update(folder: Path) -> dict[str, Any]:
    """Valid changes (visible if any part were applied) with evidence next to the file."""
    (folder / "scans").mkdir(parents=True, exist_ok=True)
    (folder / "scans" / "contract.pdf").write_bytes(b"%PDF signed contract")
    return {
        "answers": {
            "P1.1": {"value": 9, "evidence": ["scans/contract.pdf"]},
            "P1.2": {"value": 5},
            "P2.4": {"value": True},
        },
        "vetoes": {"V2": False},
    }


def with_bad(folder: Path, answers: dict[str, Any] | None = None, vetoes: dict[str, Any] | None = None) -> Path:
    doc = good_update(folder)
    doc["answers"].update(answers or {})
    doc["vetoes"].update(vetoes or {})
    path = folder / "answers.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def big_scan(folder: Path) -> dict[str, Any]:
    (folder / "scans").mkdir(parents=True, exist_ok=True)
    (folder / "scans" / "big-scan.pdf").write_bytes(b"%PDF" + bytes(4096))
    return {"P1.4": {"value": 2, "evidence": ["scans/big-scan.pdf"]}}


def malformed(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "answers.json"
    path.write_text('{\n  "answers": {\n    "P1.2": {"value": 4,}\n  }\n}\n', encoding="utf-8")
    return path


# name -> (make the file, field the error names, English message fragment, extra environment)
BAD_FILES: dict[str, tuple[Callable[[Path], Path], str, str, dict[str, str]]] = {
    "malformed-json": (malformed, "answers.json", "malformed JSON (line 3, column 25)", {}),
    "unknown-indicator": (lambda f: with_bad(f, {"P9.9": {"value": 1}}), "answers.P9.9", "unknown indicator", {}),
    "unknown-veto": (lambda f: with_bad(f, vetoes={"V99": True}), "vetoes.V99", "unknown veto 'V99'", {}),
    "text-for-a-number": (
        lambda f: with_bad(f, {"P1.1": {"value": "seven"}}),
        "answers.P1.1.value",
        "expected a number",
        {},
    ),
    "level-out-of-range": (
        lambda f: with_bad(f, {"P1.2": {"value": 9}}),
        "answers.P1.2.value",
        "level must be a whole number 0-5",
        {},
    ),
    "negative-count": (
        lambda f: with_bad(f, {"P2.1": {"value": -3}}),
        "answers.P2.1.value",
        "must not be negative",
        {},
    ),
    "unknown-choice": (
        lambda f: with_bad(f, {"P5.2": {"value": "AAA+"}}),
        "answers.P5.2.value",
        "unknown choice 'AAA+'",
        {},
    ),
    "na-without-reason": (
        lambda f: with_bad(f, {"P1.4": {"not_applicable": True}}),
        "answers.P1.4.reason",
        "N/A needs a written reason",
        {},
    ),
    "evidence-missing": (
        lambda f: with_bad(f, {"P1.4": {"value": 2, "evidence": ["scans/lost.pdf"]}}),
        "answers.P1.4.evidence[0] (scans/lost.pdf)",
        "does not exist",
        {},
    ),
    "evidence-folder": (
        lambda f: with_bad(f, {"P1.4": {"value": 2, "evidence": ["scans"]}}),
        "answers.P1.4.evidence[0] (scans)",
        "this is a folder",
        {},
    ),
    "evidence-over-limit": (
        lambda f: with_bad(f, big_scan(f)),
        "answers.P1.4.evidence[0] (scans/big-scan.pdf)",
        "file too large",
        {"CITYEVAL_EVIDENCE_LIMIT_MB": "0.001"},
    ),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_answers_file_is_refused_and_nothing_written(cli: Any, case: str, tmp_path: Path, name: str) -> None:
    make, field, message, extra_env = BAD_FILES[name]
    before = baseline(cli, case)
    path = make(tmp_path / "from-the-field")
    r = cli("--lang", "en", "case", "answer", case, "--file", str(path), env=cli.env(**extra_env))
    assert r.code == 1, (r.out, r.err)
    assert r.out == ""
    errors = error_lines(r.err)
    assert any(str(path) in line and field in line and message in line for line in errors), errors
    assert snapshot(cli, case) == before


def test_messages_are_chinese_by_default_and_english_with_lang_en(cli: Any, case: str, tmp_path: Path) -> None:
    path = with_bad(tmp_path, {"P9.9": {"value": 1}})
    zh = cli("case", "answer", case, "--file", str(path))
    en = cli("case", "answer", case, "--file", str(path), "--lang", "en")
    assert zh.code == en.code == 1
    (zh_line,) = error_lines(zh.err)
    (en_line,) = error_lines(en.err)
    assert "未知指标" in zh_line and "P9.9" in zh_line and str(path) in zh_line
    assert "unknown indicator 'P9.9'" in en_line and str(path) in en_line
    assert not HAN.search(en_line.replace(str(path), "")), en_line


# ----------------------------------------------------------------------------- other bad input
def test_amending_a_draft_is_refused(cli: Any, case: str) -> None:
    before = baseline(cli, case)
    r = cli("--lang", "en", "case", "amend", case, "--reason", "更正")
    assert r.code == 1, (r.out, r.err)
    errors = error_lines(r.err)
    assert any(case in line and "only a finalized case can be amended" in line for line in errors), errors
    assert snapshot(cli, case) == before


def test_invalid_uscc_creates_no_case(cli: Any) -> None:
    r = cli(
        "--lang",
        "en",
        "case",
        "new",
        "--framework",
        "planning-consulting",
        "--tier",
        "city",
        "--mode",
        "self",
        "--entity-name",
        ENTITY,
        "--uscc",
        "91350100M000100Y44",
    )
    assert r.code == 1, (r.out, r.err)
    assert r.out == ""
    errors = error_lines(r.err)
    assert any(line.startswith("error: --uscc 91350100M000100Y44:") and "position 18" in line for line in errors)
    listed = cli("case", "list", "--json")
    assert listed.code == 0, listed.err
    assert listed.json() == []


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_db_that_is_not_a_database_is_refused_unchanged(cli: Any, tmp_path: Path) -> None:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    notes = folder / "notes.txt"
    notes.write_text("会议纪要：这不是数据库。\n" * 50, encoding="utf-8")
    junk = folder / "junk.sqlite3"
    junk.write_bytes(bytes((i * 131 + 7) % 256 for i in range(20000)))
    for target in (notes, junk):
        before = digest(target)
        r = cli("--db", str(target), "--lang", "en", "case", "list", "--json")
        assert r.code == 1, (r.out, r.err)
        errors = error_lines(r.err)
        assert any(str(target) in line and "not a CityEval database" in line for line in errors), errors
        assert digest(target) == before
    assert sorted(os.listdir(folder)) == ["junk.sqlite3", "notes.txt"], "files were created beside them"


def test_db_from_a_newer_version_is_refused_unchanged(cli: Any, template: Template, tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite3"
    shutil.copyfile(template.data / "cases.sqlite3", newer)
    raw = sqlite3.connect(newer)
    raw.execute("UPDATE alembic_version SET version_num = '0042_future'")
    raw.commit()
    raw.close()
    before = digest(newer)
    r = cli("--db", str(newer), "--lang", "en", "case", "list", "--json")
    assert r.code == 1, (r.out, r.err)
    errors = error_lines(r.err)
    assert any(str(newer) in line and "newer" in line and "0042_future" in line for line in errors), errors
    assert digest(newer) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "newer.sqlite3"]


# ----------------------------------------------------------------------------- usage errors
@pytest.mark.parametrize(
    "args",
    [
        ("frobnicate",),
        ("case", "frobnicate"),
        (
            "case",
            "new",
            "--framework",
            "planning-consulting",
            "--tier",
            "city",
            "--mode",
            "self",
            "--entity-name",
            "X",
        ),  # --uscc missing
        ("case", "answer", "0000"),  # --file missing
        (
            "case",
            "new",
            "--framework",
            "planning-consulting",
            "--tier",
            "city",
            "--mode",
            "solo",
            "--entity-name",
            "X",
            "--uscc",
            USCC,
        ),
    ],
    ids=["unknown-command", "unknown-subcommand", "missing-uscc", "missing-file", "bad-mode-choice"],
)
def test_usage_errors_exit_2(cli: Any, args: tuple[str, ...]) -> None:
    r = cli(*args)
    assert r.code == 2, (r.out, r.err)
    assert "usage:" in r.err
    assert not (cli.data_dir / "cases.sqlite3").exists(), "a usage error must not create the database"


# ----------------------------------------------------------------------------- forms validate
def test_forms_validate_passes_on_the_default_frameworks(cli: Any) -> None:
    assert len(FORMS) == 3
    r = cli("--lang", "en", "forms", "validate", *map(str, FORMS))
    assert r.code == 0, r.err
    assert r.err == ""
    assert [line.split(" ")[1] for line in r.out.splitlines()] == [str(p) for p in FORMS]


def test_forms_validate_reports_file_line_path_reason(cli: Any, tmp_path: Path) -> None:
    source = (REPO / "forms" / "planning-consulting.yaml").read_text(encoding="utf-8")
    weights = tmp_path / "weights.yaml"
    weights.write_text(source.replace("weight: 25", "weight: 26", 1), encoding="utf-8")
    weight_line = weights.read_text(encoding="utf-8").splitlines().index("    weight: 26") + 1
    bad_yaml = tmp_path / "malformed.yaml"
    bad_yaml.write_text(source.replace("dimensions:", "dimensions: [\n  oops: {", 1), encoding="utf-8")
    r = cli("--lang", "en", "forms", "validate", str(weights), str(bad_yaml))
    assert r.code == 1, (r.out, r.err)
    errors = error_lines(r.err)
    shape = re.compile(r"^error: (?P<file>.+?):(?P<line>\d+): (?P<rest>.+)$")
    assert all(shape.match(line) for line in errors), errors
    assert f"error: {weights}:{weight_line}: dimensions[D1].weight: " in r.err
    assert "sum to 25, not to the dimension weight 26" in r.err
    assert re.search(rf"^error: {re.escape(str(bad_yaml))}:\d+: YAML syntax error", r.err, re.M), r.err
    assert weights.read_text(encoding="utf-8").count("weight: 26") == 1, "the checked file must not be changed"


# ----------------------------------------------------------------------------- show and backup
def test_case_show_prints_entity_code_total_and_grade(cli: Any, case: str) -> None:
    shown = cli("case", "show", case, "--json")
    zh = cli("case", "show", case)
    en = cli("case", "show", case, "--lang", "en")
    assert shown.code == zh.code == en.code == 0, (shown.err, zh.err, en.err)
    result = shown.json()["result"]
    total = f"{result['total']:.2f}"
    assert total != f"{round(result['total'])}.00", "pick answers whose total has a fractional part"
    # the case is unfinished: --json keeps the grade and says provisional, the text shows no grade word
    assert result["grade"] == "C" and result["provisional"] is True
    assert f"经营主体: {ENTITY}" in zh.out and f"统一社会信用代码: {USCC}" in zh.out
    assert re.search(rf"^总分（暂计）: {re.escape(total)}\s+等级: 暂不评定（", zh.out, re.M), zh.out
    assert f"Entity: {ENTITY}" in en.out and f"USCC: {USCC}" in en.out
    assert re.search(rf"^Total \(provisional\): {re.escape(total)}\s+Grade: Not rated yet \(", en.out, re.M), en.out
    assert "不合格" not in zh.out and "Failing" not in en.out and "★" not in zh.out + en.out


def test_db_backup_writes_a_usable_copy_and_refuses_to_overwrite(cli: Any, case: str, tmp_path: Path) -> None:
    out = tmp_path / "backups" / "cityeval-backup.sqlite3"
    r = cli("--lang", "en", "db", "backup", str(out))
    assert r.code == 0, r.err
    assert out.is_file() and str(out) in r.out
    original = cli("case", "list", "--json")
    copy = cli("--db", str(out), "case", "list", "--json")
    assert original.code == copy.code == 0, (original.err, copy.err)
    assert copy.json() == original.json() and [c["case_id"] for c in copy.json()] == [case]

    before = digest(out)
    again = cli("--lang", "en", "db", "backup", str(out))
    assert again.code == 1, (again.out, again.err)
    errors = error_lines(again.err)
    assert any(str(out) in line and "not overwritten" in line for line in errors), errors
    assert digest(out) == before
