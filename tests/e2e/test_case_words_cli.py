"""What people read on the command line: grade words (never grade ids) in ``case list``, no grade while
provisional (as ``case show`` says), the veto basis and the evidence kinds and verifications in
``case show``, and a third-party N/A that needs evidence blocking finalize (cityeval-framework/2)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from cityeval_desktop.domain.wording import time_words

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PASSWORD = "correct horse battery staple"
QUERIED = "2026-11-30T10:00:00+08:00"
CHECK = {"method": "原件核对", "conclusion": "属实", "by": "王核查", "at": "2026-11-30"}


@pytest.fixture
def cli2(cli):
    """The CLI with the test framework mini2 (graded deduction X, N/A grounds on Y and B) in the user folder."""
    folder = cli.data_dir / "frameworks"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "mini2.yaml", folder / "mini2.yaml")
    return cli


def _answers(folder: Path, *, y_file: bool = False) -> Path:
    for name in ("cert.pdf", "staff.pdf", "credit.png", "queries.png", "secret.pdf"):
        (folder / name).write_bytes(f"file {name}".encode())

    def ev(path: str, kind: str) -> dict:
        return {"path": path, "kind": kind, "verification": CHECK}

    y = {"not_applicable": True, "ground": "no-secret", "reason": "本单位无涉密业务"}
    if y_file:
        y["evidence"] = [{"path": "secret.pdf", "verification": CHECK}]
    doc = {
        "framework": "mini2",
        "answers": {
            "S": {"value": 3, "evidence": [ev("cert.pdf", "certificate")]},
            "Y": y,
            "C": {"value": "hi"},
            "T": {"value": 9, "evidence": [ev("staff.pdf", "staff-certificates")]},
            "B": {"value": 6},
            "R": {"value": 60},
            "P": {"value": 14},
            "X": {"value": {"minor": 0}, "evidence": [ev("credit.png", "credit-report")]},
        },
        "vetoes": {
            "V1": {
                "decision": False,
                "source": "信用中国",
                "queried_at": QUERIED,
                "note": "未查到严重失信记录",
                "evidence": ["queries.png"],
            },
            "V2": False,
            "V4": {"decision": False, "source": "委托方函证", "queried_at": QUERIED, "evidence": ["queries.png"]},
        },
    }
    path = folder / "answers.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _new(cli, uscc: str = "91350100M000100Y43", name: str = "福州测试科技有限公司") -> str:
    return cli.new_case(framework="mini2", tier="city", mode="third-party", uscc=uscc, name=name)


def test_case_list_shows_stars_and_title_and_no_grade_while_provisional(cli2, tmp_path: Path) -> None:
    done = _new(cli2)
    assert cli2("case", "answer", done, "--file", str(_answers(tmp_path))).code == 0
    draft = _new(cli2, uscc="91512081MA62K0260E", name="未完成主体")
    vetoed = _new(cli2, uscc="91350102MA2YQ8K45E", name="否决主体")
    assert cli2("case", "answer", vetoed, "--file", str(_answers(tmp_path))).code == 0
    (tmp_path / "veto.json").write_text(json.dumps({"framework": "mini2", "vetoes": {"V2": True}}), encoding="utf-8")
    assert cli2("case", "answer", vetoed, "--file", str(tmp_path / "veto.json")).code == 0
    shown = {lang: cli2("--lang", lang, "case", "list") for lang in ("zh", "en")}
    for lang, word in (("zh", "一票否决"), ("en", "Vetoed")):  # the workbench's words, not "-"
        row = next(x for x in shown[lang].out.splitlines() if x.startswith(vetoed[:8]))
        assert word in row, row
    for lang, words, provisional in (("zh", "★★★★★ 优秀", "暂不评定"), ("en", "★★★★★ Excellent", "Not rated yet")):
        out = shown[lang]
        assert out.code == 0, out.err
        row = next(x for x in out.out.splitlines() if x.startswith(done[:8]))
        assert words in row and not re.search(r"\bexcellent\b", row), row
        other = next(x for x in out.out.splitlines() if x.startswith(draft[:8]))
        assert provisional in other and "★" not in other, other
        # case show says the same of each: the grade words, and no grade word while provisional
        show = cli2("--lang", lang, "case", "show", draft).out
        assert ("暂不评定" if lang == "zh" else "Not rated yet") in show
        assert words in cli2("--lang", lang, "case", "show", done).out
    data = {row["case_id"]: row for row in cli2("--lang", "zh", "case", "list", "--json").json()}
    assert data[done]["grade"] == "excellent" and data[done]["grade_label"] == "★★★★★ 优秀"  # the id stays (contract)
    assert data[done]["provisional"] is False
    assert data[draft]["provisional"] is True and data[draft]["grade_label"] is None


def test_case_show_prints_the_veto_basis_and_the_evidence_checks(cli2, tmp_path: Path) -> None:
    case = _new(cli2)
    assert cli2("case", "answer", case, "--file", str(_answers(tmp_path))).code == 0
    zh = cli2("--lang", "zh", "case", "show", case)
    assert zh.code == 0, zh.err
    text = zh.out
    block = text[text.index("否决项：") : text.index("证据文件：")]
    assert "V1     严重失信：不成立" in block
    # the query time as a local date-time (the command runs in this process's time zone), never raw ISO
    assert "查询来源: 信用中国" in block and f"查询时间: {time_words(QUERIED)}" in block and QUERIED not in block
    assert "判定说明: 未查到严重失信记录" in block and "依据文件: queries.png" in block
    assert "V2     重大事故：不成立" in block and "（未记录判定依据）" in block
    evidence = text[text.index("证据文件：") :]
    line = next(x for x in evidence.splitlines() if "staff.pdf" in x)
    assert line.split()[0] == "T" and "核验: 原件核对，属实（王核查，2026-11-30）" in line
    # Chinese only: no English words of ours in the new sections (file names and ids aside)
    for word in ("Source", "Queried", "kind", "verification", "not raised", "Files", "Note"):
        assert word not in block + evidence, word
    en = cli2("--lang", "en", "case", "show", case).out
    assert "V1     Serious dishonesty: not raised" in en and "Source: 信用中国" in en
    assert "  T      staff.pdf   kind: staff certificates and social insurance   verification: checked against " in en
    y_en = next(x for x in en.splitlines() if x.startswith("Y "))
    y_zh = next(x for x in text.splitlines() if x.startswith("Y "))
    assert "N/A" in y_en and "No classified work" in y_en, y_en  # an N/A shows its ground
    assert "不适用" in y_zh and "无涉密业务" in y_zh, y_zh
    vetoes = json.loads(cli2("case", "show", case, "--json").out)["vetoes"]
    assert next(v for v in vetoes if v["id"] == "V1")["source"] == "信用中国"


def test_a_third_party_na_that_needs_evidence_blocks_finalize(cli2, tmp_path: Path) -> None:
    env = cli2.env(CITYEVAL_PASSWORD=PASSWORD)
    ident = tmp_path / "zhang.p12"
    made = cli2("identity", "new", "--name", "张三", "--org", "福建数字评估中心", "--out", str(ident), env=env)
    assert made.code == 0, made.err
    case = _new(cli2)
    assert cli2("case", "answer", case, "--file", str(_answers(tmp_path))).code == 0
    cli2.staff(case, ident, PASSWORD)
    refused = cli2("--lang", "zh", "case", "finalize", case, "--identity", str(ident), *cli2.org_args(), env=env)
    assert refused.code != 0
    assert "指标 Y（是否）标记为不适用，需要至少 1 个证据文件" in refused.err, refused.err
    assert json.loads(cli2("case", "show", case, "--json").out)["status"] == "draft"
    # the N/A's file attached: nothing else stands in the way
    assert cli2("case", "answer", case, "--file", str(_answers(tmp_path, y_file=True))).code == 0
    done = cli2("--lang", "zh", "case", "finalize", case, "--identity", str(ident), *cli2.org_args(), env=env)
    assert done.code == 0 and "指标 Y" not in done.err, done.err
    assert json.loads(cli2("case", "show", case, "--json").out)["status"] == "finalized"
