"""``case show`` of an unfinished case: a running total without a grade word; ``--json`` says provisional."""

from __future__ import annotations

import json
from pathlib import Path

from cityeval_desktop.domain.loader import load_file
from cityeval_desktop.paths import forms_dir

FRAMEWORK = load_file(forms_dir() / "planning-consulting.yaml")
CITY = FRAMEWORK.tier_indicators("city")
VALUES = json.loads((Path(__file__).parents[1] / "fixtures" / "planning-city-values.json").read_text("utf-8"))
LOWEST = FRAMEWORK.grades[-1]


def _answers(tmp_path: Path, vetoes: dict[str, bool]) -> Path:
    answers = {i.id: {"value": VALUES[i.id]} for i in CITY}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": answers, "vetoes": vetoes}, ensure_ascii=False), "utf-8")
    return path


def test_unfinished_case_shows_no_grade_word_and_json_says_provisional(cli, tmp_path: Path) -> None:
    case = cli.new_case(mode="self")
    for lang, total, grade_word in (
        ("zh", "总分（暂计）", LOWEST.title.zh),
        ("en", "Total (provisional)", LOWEST.title.en),
    ):
        shown = cli("--lang", lang, "case", "show", case)
        assert shown.code == 0, shown.err
        line = next(x for x in shown.out.splitlines() if x.startswith(total))
        assert grade_word not in shown.out and "★" not in line and "·C" not in line, line
        n = len(CITY)
        assert (f"{n} 个指标未作答" if lang == "zh" else f"{n} indicators unanswered") in line
    data = cli("case", "show", case, "--json").json()
    assert data["result"]["provisional"] is True and data["result"]["grade"] == LOWEST.id  # kept for compatibility

    # every indicator done, one veto still open: still provisional
    vetoes = {v.id: False for v in FRAMEWORK.vetoes[1:]}
    assert cli("case", "answer", case, "--file", str(_answers(tmp_path, vetoes))).code == 0
    shown = cli("--lang", "en", "case", "show", case)
    line = next(x for x in shown.out.splitlines() if x.startswith("Total (provisional)"))
    assert "1 veto item undecided" in line and "★" not in line
    assert cli("case", "show", case, "--json").json()["result"]["provisional"] is True

    # complete: the grade is shown, and the JSON says so
    assert cli("case", "answer", case, "--file", str(_answers(tmp_path, {FRAMEWORK.vetoes[0].id: False}))).code == 0
    shown = cli("--lang", "en", "case", "show", case)
    line = next(x for x in shown.out.splitlines() if x.startswith("Total:"))
    result = cli("--lang", "en", "case", "show", case, "--json").json()["result"]
    assert "★" in line and "City service ★" in line and result["label"] in line
    assert result["provisional"] is False and result["completeness"] == 1
