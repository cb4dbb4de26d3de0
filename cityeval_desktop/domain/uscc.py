"""统一社会信用代码 (GB 32100-2015) and region code (GB/T 2260) checks with messages that say what is wrong."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from cityeval_desktop.domain.regions import PROVINCES, region_name, region_warning
from cityeval_desktop.domain.text import Text

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


@dataclass(frozen=True)
class UsccCheck:
    """Outcome of checking one code: hard errors, soft warnings and the region code."""

    code: str
    errors: tuple[Text, ...] = ()
    warnings: tuple[Text, ...] = ()
    region: str | None = None
    expected_check: str | None = field(default=None)

    @property
    def ok(self) -> bool:
        return not self.errors


def check_character(first17: str) -> str:
    """Return the check character for the first 17 characters of a code."""
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


# Longer input is not a code: it is checked no further than this (a stray paste of a whole page).
MAX_INPUT = 200
# Per-character errors listed one by one; the rest are counted.
MAX_CHARACTER_ERRORS = 5
# What a paste or an input method brings along: blanks of every kind (also inside the code) and
# invisible format characters (zero-width space, BOM, word joiner).
_INVISIBLE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]+")


def normalize(code: str) -> str:
    """The code as it is checked and stored: NFKC, no blanks anywhere, upper case.

    NFKC turns the full-width letters and digits of a Chinese input method (``ＡＢＣ１２３``) into
    ASCII; blanks include those inside the code (``9135 0100 …`` as printed on a licence), the
    ideographic space U+3000 and no-break spaces; people type codes in lower case.
    """
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", code[: MAX_INPUT * 4])).upper()


def validate(raw: str) -> UsccCheck:
    """Check a 统一社会信用代码: length, character set, check character, region.

    The code is normalised first (:func:`normalize`). Length, characters and the check character
    are hard errors; an unknown region prefix is only a warning (GB/T 2260 changes over time).
    """
    code = normalize(raw)
    errors: list[Text] = []
    warnings: list[Text] = []
    if len(code) > MAX_INPUT:
        return UsccCheck(
            code[:18],
            (
                Text(
                    f"这不是统一社会信用代码（{len(code)} 个字符，应为 18 位）",
                    f"this is not a unified social credit code ({len(code)} characters, it has 18)",
                ),
            ),
        )
    if len(code) != 18:
        errors.append(
            Text(
                f"统一社会信用代码应为 18 位，实际为 {len(code)} 位",
                f"a unified social credit code has 18 characters, this one has {len(code)}",
            )
        )
    bad_characters = 0
    for pos, ch in enumerate(code, start=1):
        if ch not in _VALUE or (3 <= pos <= 8 and not ch.isdigit()):
            bad_characters += 1
            if bad_characters > MAX_CHARACTER_ERRORS:
                continue
        if ch not in _VALUE:
            hint_zh = "（不使用 I、O、S、V、Z）" if ch in "IOSVZ" else ""
            hint_en = " (I, O, S, V and Z are not used)" if ch in "IOSVZ" else ""
            errors.append(
                Text(
                    f"第 {pos} 位字符“{ch}”不合法{hint_zh}",
                    f"character {pos} '{ch}' is not allowed{hint_en}",
                )
            )
        elif 3 <= pos <= 8 and not ch.isdigit():
            errors.append(
                Text(
                    f"第 {pos} 位“{ch}”应为数字（第 3–8 位是行政区划代码）",
                    f"character {pos} '{ch}' must be a digit (positions 3-8 are the region code)",
                )
            )
    if bad_characters > MAX_CHARACTER_ERRORS:
        more = bad_characters - MAX_CHARACTER_ERRORS
        errors.append(Text(f"另有 {more} 个字符不合法", f"{more} more characters are not allowed"))
    if errors:
        return UsccCheck(code, tuple(errors))
    expected = check_character(code[:17])
    if code[17] != expected:
        return UsccCheck(
            code,
            (
                Text(
                    f"校验位错误：第 18 位为“{code[17]}”，按前 17 位应为“{expected}”",
                    f"wrong check character: position 18 is '{code[17]}', the first 17 characters give '{expected}'",
                ),
            ),
            expected_check=expected,
        )
    region = code[2:8]
    if region[:2] not in PROVINCES:
        warnings.append(
            Text(
                f"行政区划代码 {region} 不在已知省级区划中，请核对",
                f"region code {region} is not a known province-level code; please check it",
            )
        )
    return UsccCheck(code, (), tuple(warnings), region, expected)


@dataclass(frozen=True)
class RegionCheck:
    """Outcome of checking a 6-digit region code (GB/T 2260): errors refuse it, warnings only ask."""

    code: str
    errors: tuple[Text, ...] = ()
    warnings: tuple[Text, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def normalize_region(raw: str) -> str:
    """A region code as it is checked and stored: NFKC (full-width digits), no blanks anywhere."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", raw[: MAX_INPUT * 4]))


def validate_region(raw: str, registration_region: str | None = None) -> RegionCheck:
    """Check a region code, and compare it with the code's registration region if one is given.

    Args:
        raw: the region code as typed (normalised first, see :func:`normalize_region`).
        registration_region: positions 3-8 of a valid 统一社会信用代码, if known.

    Returns:
        Errors for anything but six digits; warnings (never errors: an entity may be assessed for
        work outside the place it is registered) for a code not in the GB/T 2260 list and for a region other
        than the registration region.
    """
    code = normalize_region(raw)
    if not re.fullmatch(r"[0-9]{6}", code):
        shown = code if len(code) <= 20 else code[:20] + "…"
        return RegionCheck(
            shown,
            (
                Text(
                    f"行政区划代码应为 6 位数字（GB/T 2260），“{shown}”不是",
                    f"a region code is 6 digits (GB/T 2260); '{shown}' is not",
                ),
            ),
        )
    warnings: list[Text] = []
    unknown = region_warning(code)
    if unknown is not None:
        warnings.append(unknown)
    if registration_region and code != registration_region:
        name = region_name(registration_region)
        place_zh = f"{registration_region} {name.zh}" if name else registration_region
        place_en = f"{registration_region} ({name.en})" if name else registration_region
        warnings.append(
            Text(
                f"与统一社会信用代码中的登记地（{place_zh}）不同；如在登记地以外评估可保留，否则请核对",
                f"differs from the registration region {place_en} in the unified social credit code; "
                "keep it if the entity is assessed outside the place it is registered, else check it",
            )
        )
    return RegionCheck(code, (), tuple(warnings))
