"""Text from outside cannot drive the terminal, and a flood of problems is summarised (issue 9, item 14)."""

from __future__ import annotations

import json

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.context import open_context


def test_control_characters_in_a_name_are_refused_at_input(cli) -> None:
    result = cli(
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
        "假公司\x1b[2J\nerror: fake",
        "--uscc",
        "91350100M000100Y43",
    )
    assert result.code == 1 and "control characters" in result.err
    assert "\x1b" not in result.err


def test_names_already_stored_are_printed_without_their_control_characters(cli) -> None:
    ctx = open_context(cli.db, cli.data_dir, actor="tester")
    try:
        ref = case_service.new_case(
            ctx,
            framework="planning-consulting",
            tier="city",
            mode="self",
            entity_name="正常名称",
            uscc="91350100M000100Y43",
        ).ref
        with ctx.transaction() as s:  # as an older version or another program might have stored it
            case = case_service.find_case(s, ref)
            case.entity_name = "恶意\x1b]0;pwned\x07名称\n第二行\u202e"
    finally:
        ctx.close()
    listed = cli("case", "list")
    assert listed.code == 0, listed.err
    assert "\x1b" not in listed.out and "\x07" not in listed.out and "\u202e" not in listed.out
    row = next(line for line in listed.out.splitlines() if "恶意" in line)
    assert "第二行" in row  # the newline did not start a fake line
    shown = cli("case", "show", ref)
    assert "\x1b" not in shown.out
    data = cli("case", "show", ref, "--json").json()
    assert data["entity"]["name"] == "恶意\x1b]0;pwned\x07名称\n第二行\u202e"  # JSON keeps the data, escaped


def test_fifty_thousand_unknown_ids_give_a_bounded_list_of_errors(cli, tmp_path) -> None:
    case = cli.new_case()
    doc = {"answers": {f"X{n}": {"value": 1} for n in range(50_000)}}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = cli("--lang", "en", "case", "answer", case, "--file", str(path))
    lines = result.err.splitlines()
    assert result.code == 1
    assert len(lines) == 51, len(lines)
    assert "49950 more problems" in lines[-1]
