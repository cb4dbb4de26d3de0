"""``review_window_months`` and ``validity_years`` of cityeval-framework/2: defaults, bounds, and the workbook."""

from __future__ import annotations

from pathlib import Path

import pytest

from cityeval_desktop.domain.loader import FrameworkError, load_bytes, load_file
from cityeval_desktop.exchange.framework_xlsx import export_framework_workbook, import_framework_workbook

FIXTURES = Path(__file__).parents[2] / "fixtures"
RAW = (FIXTURES / "mini2.yaml").read_bytes()


def _with(extra: bytes) -> bytes:
    return RAW.replace(b"gap_below: 0.6", b"gap_below: 0.6\n" + extra)


def test_defaults_for_both_schemas() -> None:
    assert (
        load_file(FIXTURES / "mini2.yaml").review_window_months,
        load_file(FIXTURES / "mini2.yaml").validity_years,
    ) == (36, 3)
    v1 = load_file(FIXTURES / "mini.yaml")
    assert (v1.review_window_months, v1.validity_years) == (36, 3)


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (b"review_window_months: 0", "must be >= 1"),
        (b"review_window_months: 121", "must be <= 120"),
        (b"validity_years: 2.5", "expected integer"),
        (b"validity_years: 11", "must be <= 10"),
    ],
)
def test_out_of_bounds_values_are_refused_with_their_line(extra: bytes, words: str) -> None:
    with pytest.raises(FrameworkError) as err:
        load_bytes(_with(extra), "f.yaml")
    assert any(words in line and line.startswith("f.yaml:8:") for line in err.value.render("en"))


def test_the_workbook_carries_them(tmp_path: Path) -> None:
    fw = load_bytes(_with(b"review_window_months: 24\nvalidity_years: 2"))
    out = tmp_path / "fw.xlsx"
    export_framework_workbook(fw, out)
    again = load_bytes(import_framework_workbook(out))
    assert (again.review_window_months, again.validity_years) == (24, 2)
