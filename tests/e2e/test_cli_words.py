"""``case list`` / ``case show`` text in the reader's words (issue 12 §2): tiers as words, local query
times, the "no basis recorded" note only under a third-party decision without its basis, English plurals."""

from __future__ import annotations

import re

from tests.conftest import VALID_USCC


def test_veto_basis_note_only_for_third_party_decisions(cli) -> None:
    third = cli.new_case(mode="third-party")
    self_check = cli.new_case(mode="self", uscc=VALID_USCC[1])
    for ref in (third, self_check):
        assert cli("case", "answer", ref, "--file", _vetoes_file(cli, ref)).code == 0
    third_shown = cli("case", "show", third).out
    self_shown = cli("case", "show", self_check).out
    # a third-party decision rests on a recorded basis: its absence is pointed out
    assert third_shown.count("（未记录判定依据）") == 1
    # a self-check answers for itself: nothing to point out under its decisions
    assert "未记录判定依据" not in self_shown
    assert "列入严重失信主体名单：不成立" in self_shown


def _vetoes_file(cli, ref: str, vetoes: dict | None = None) -> str:
    import json

    path = cli.data_dir.parent / f"{ref[:8]}-vetoes.json"
    path.write_text(json.dumps({"vetoes": vetoes or {"V1": False}}, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_query_time_shown_as_local_date_time(cli) -> None:
    ref = cli.new_case(mode="third-party")
    basis = {"decision": False, "source": "信用中国", "queried_at": "2026-11-30T10:00:00+08:00", "note": "未查到"}
    assert cli("case", "answer", ref, "--file", _vetoes_file(cli, ref, {"V1": basis})).code == 0
    shown = cli("case", "show", ref, env=cli.env(TZ="Asia/Shanghai")).out
    assert "查询时间: 2026-11-30 10:00" in shown
    assert "2026-11-30T10:00" not in shown
    assert "未记录判定依据" not in shown


def test_case_list_words_and_plurals(cli) -> None:
    cli.new_case(tier="city")
    listed = cli("case", "list").out
    assert "城市服务级" in listed and not re.search(r"\bcity\b", listed)
    assert listed.rstrip().endswith("共 1 个案例")
    english = cli("--lang", "en", "case", "list").out
    assert "City service" in english
    assert english.rstrip().endswith("1 case")  # not "1 case(s)"
    cli.new_case(tier="regional", uscc=VALID_USCC[1])
    assert cli("--lang", "en", "case", "list").out.rstrip().endswith("2 cases")
