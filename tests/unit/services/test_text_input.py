"""Text from outside: a lone surrogate or an over-long reason gets its own message (issue 9, items 9 and 14)."""

from __future__ import annotations

import json

import pytest

from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services.answers import MAX_TEXT
from cityeval_desktop.services.errors import InputError


@pytest.fixture
def ref(ctx):
    return case_service.new_case(
        ctx,
        framework="planning-consulting",
        tier="city",
        mode="third-party",
        entity_name="福州数字规划研究院有限公司",
        uscc="91350100M000100Y43",
    ).ref


def test_a_lone_surrogate_in_a_note_is_refused_with_a_message(ctx, ref) -> None:
    with pytest.raises(InputError) as info:
        case_service.set_answer(ctx, ref, "P1.1", value=7, note="坏字符\ud800")
    assert "invalid character" in info.value.problems[0].message.en
    assert "P1.1" not in case_service.load_case(ctx, ref).answers


def test_a_lone_surrogate_in_an_answers_file_is_refused(ctx, ref, tmp_path) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{"answers": {"P1.1": {"value": 7, "note": "\\ud800"}}}', encoding="utf-8")
    with pytest.raises(InputError) as info:
        case_service.apply_answers_file(ctx, ref, path)
    assert "invalid character" in " ".join(p.message.en for p in info.value.problems)


def test_an_over_long_amend_reason_says_so(ctx, ref) -> None:
    with ctx.transaction() as s:
        case_service.mark_finalized(s, case_service.find_case(s, ref), "tester")
    with pytest.raises(InputError) as info:
        case_service.amend(ctx, ref, "补充" * 15_000)
    message = info.value.problems[0].message.en
    assert "too long" in message and str(MAX_TEXT) in message
    with pytest.raises(InputError) as info:
        case_service.amend(ctx, ref, "   ")
    assert "give a reason" in info.value.problems[0].message.en
    json.dumps([p.message.en for p in info.value.problems])
