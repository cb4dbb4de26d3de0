"""What pastes and Chinese input methods bring along is cleaned before a code is checked (issue 8, item 15),
and region codes are checked and compared with the registration region (item 14)."""

from __future__ import annotations

import pytest

from cityeval_desktop.domain.uscc import (
    MAX_CHARACTER_ERRORS,
    check_character,
    normalize,
    normalize_region,
    validate,
    validate_region,
)

CODE = "91350100M000100Y43"
FULL_WIDTH = "".join(chr(ord(ch) + 0xFEE0) for ch in CODE)  # what a Chinese IME types: ９１３５…


@pytest.mark.parametrize(
    "raw",
    [
        "9135 0100 M000 100Y 43",  # grouped as printed on a business licence
        " 91350100M000100Y43\n",
        "91350100\tM000100Y43",
        "91350100\u3000M000100Y43",  # ideographic space
        "91350100\u00a0M000\u200b100Y43\ufeff",  # no-break space, zero-width space, BOM
        FULL_WIDTH,
        "９１３５０１００ｍ０００１００ｙ４３",  # full-width lower case
        "９１３５ ０１００　Ｍ０００ １００Ｙ ４３",  # full-width, with both kinds of space
        "91350100m000100y43",
    ],
)
def test_pasted_and_ime_codes_normalise_to_the_code(raw: str) -> None:
    assert normalize(raw) == CODE
    check = validate(raw)
    assert check.ok, [e.en for e in check.errors]
    assert check.code == CODE
    assert check.region == "350100"


def test_full_width_code_gives_no_character_errors() -> None:
    # before the fix: 18 "character n is not allowed" errors
    assert validate(FULL_WIDTH).errors == ()


def test_a_wrong_full_width_code_names_the_normalised_characters() -> None:
    bad = FULL_WIDTH[:2] + "Ｉ" + FULL_WIDTH[3:]
    check = validate(bad)
    assert not check.ok
    assert [e.en for e in check.errors] == ["character 3 'I' is not allowed (I, O, S, V and Z are not used)"]


def test_many_bad_characters_are_summed_up() -> None:
    check = validate("我" * 18)
    assert len(check.errors) == MAX_CHARACTER_ERRORS + 1
    assert check.errors[-1].en == f"{18 - MAX_CHARACTER_ERRORS} more characters are not allowed"
    assert check.errors[-1].zh == f"另有 {18 - MAX_CHARACTER_ERRORS} 个字符不合法"


def test_a_huge_paste_is_refused_in_one_message() -> None:
    check = validate("9" * 100_000)
    assert len(check.errors) == 1
    assert "18" in check.errors[0].en
    assert len(check.code) <= 18


def test_inner_blanks_do_not_hide_a_wrong_length() -> None:
    check = validate("9135 0100 M000 100Y 4")
    assert [e.en for e in check.errors] == ["a unified social credit code has 18 characters, this one has 17"]


@pytest.mark.parametrize("raw", ["350100", " 350100 ", "３５０１００", "350 100", "350\u3000100"])
def test_region_codes_are_normalised(raw: str) -> None:
    assert normalize_region(raw) == "350100"
    check = validate_region(raw)
    assert check.ok and check.code == "350100" and check.warnings == ()


@pytest.mark.parametrize("raw", ["35010", "3501000", "35O100", "福州市", "35-010"])
def test_region_codes_other_than_six_digits_are_refused(raw: str) -> None:
    check = validate_region(raw)
    assert not check.ok
    assert "6 digits" in check.errors[0].en and "6 位数字" in check.errors[0].zh
    assert "--" not in check.errors[0].en + check.errors[0].zh


def test_region_other_than_the_registration_region_is_only_a_warning() -> None:
    check = validate_region("510100", registration_region="350100")
    assert check.ok
    assert len(check.warnings) == 1
    assert "350100 (Fuzhou, Fujian)" in check.warnings[0].en
    assert "登记地（350100 福建省福州市）不同" in check.warnings[0].zh


def test_the_registration_region_itself_gives_no_warning() -> None:
    assert validate_region("350100", registration_region="350100").warnings == ()


def test_unknown_province_in_a_region_code_is_a_warning() -> None:
    check = validate_region("990100")
    assert check.ok and "990100" in check.warnings[0].en


def test_the_check_character_of_a_normalised_code_is_checked() -> None:
    body = "９１３５０１００Ｍ０００１００Ｙ４"
    assert check_character(normalize(body)) == "3"
    assert not validate(body + "４").ok
