"""统一社会信用代码: the published examples, every single-character mutation, and messages."""

from __future__ import annotations

import pytest

from cityeval_desktop.domain.uscc import ALPHABET, check_character, validate

EXAMPLES = ("91350100M000100Y43", "91512081MA62K0260E")


@pytest.mark.parametrize("code", EXAMPLES)
def test_published_examples_are_valid(code: str) -> None:
    result = validate(code)
    assert result.ok, result.errors
    assert result.region == code[2:8]
    assert result.warnings == ()


def test_lower_case_and_blanks_are_accepted() -> None:
    assert validate("  91512081ma62k0260e ").ok


@pytest.mark.parametrize("code", EXAMPLES)
def test_every_single_character_mutation_is_rejected(code: str) -> None:
    # The check character detects every single substitution: weights are non-zero mod 31.
    for pos in range(18):
        for ch in ALPHABET + "IOSVZ":
            if ch == code[pos]:
                continue
            mutated = code[:pos] + ch + code[pos + 1 :]
            result = validate(mutated)
            assert not result.ok, f"{mutated} (position {pos + 1} -> {ch}) was accepted"


def test_wrong_check_character_names_the_expected_one() -> None:
    result = validate("91350100M000100Y44")
    assert not result.ok
    assert "“3”" in result.errors[0].zh
    assert "'3'" in result.errors[0].en
    assert result.expected_check == "3"


def test_length_message_says_how_long() -> None:
    result = validate("9135010")
    assert "18" in result.errors[0].en and "7" in result.errors[0].en
    assert "实际为 7 位" in result.errors[0].zh


@pytest.mark.parametrize("bad, pos", [("I1350100M000100Y43", 1), ("91350100M0001O0Y43", 14)])
def test_forbidden_letters_are_located(bad: str, pos: int) -> None:
    result = validate(bad)
    assert any(f"character {pos} " in e.en for e in result.errors)
    assert any("I, O, S, V and Z" in e.en for e in result.errors)


def test_letters_in_the_region_positions_are_rejected() -> None:
    code = "9135A100M000100Y43"
    result = validate(code)
    assert any("positions 3-8" in e.en for e in result.errors)


def test_unknown_region_is_only_a_warning() -> None:
    body = "919901000000100Y4"
    code = body + check_character(body)
    result = validate(code)
    assert result.ok
    assert result.warnings and "990100" in result.warnings[0].en
