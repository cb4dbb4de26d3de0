"""Region names from the bundled GB/T 2260 list: city and county level, unknown codes warned."""

from __future__ import annotations

import pytest

from cityeval_desktop.domain import regions
from cityeval_desktop.domain.regions import region_label, region_name, region_warning
from cityeval_desktop.domain.uscc import validate_region


@pytest.mark.parametrize(
    ("code", "zh", "en"),
    [
        ("350100", "福建省福州市", "Fuzhou, Fujian"),
        ("330106", "浙江省杭州市西湖区", "Xihu District, Hangzhou, Zhejiang"),
        ("110101", "北京市东城区", "Dongcheng District, Beijing"),
        ("350000", "福建省", "Fujian"),
        ("419001", "河南省济源市", "Henan"),
    ],
)
def test_names_go_down_to_city_and_county(code: str, zh: str, en: str) -> None:
    name = region_name(code)
    assert name is not None and (name.zh, name.en) == (zh, en)
    assert region_warning(code) is None
    assert region_label(code, "zh") == f"{code} {zh}"


@pytest.mark.parametrize("code", ["990000", "350199", "35010", "3501000", "35 0100", "３５０１００", "x" * 10_000])
def test_an_unknown_or_malformed_code_has_no_name_and_is_shown_with_a_warning(code: str) -> None:
    assert region_name(code) is None
    warning = region_warning(code)
    assert warning is not None and "GB/T 2260" in warning.zh
    label = region_label(code, "en")
    assert "not in the GB/T 2260 list" in label and len(label) < 120


def test_every_line_of_the_bundled_list_is_well_formed_and_names_every_province() -> None:
    table = regions._table()
    assert len(table) > 3000
    for prefix in regions.PROVINCES:
        if prefix != "10":
            assert prefix + "0000" in table
    assert not any("直辖" in zh for zh, _ in table.values())


def test_a_damaged_list_is_refused(tmp_path, monkeypatch) -> None:
    bad = tmp_path / "gbt2260.tsv"
    bad.write_text("350100\t福州市\n", encoding="utf-8")
    monkeypatch.setattr(regions, "DATA", bad)
    regions._table.cache_clear()
    try:
        with pytest.raises(regions.RegionListError, match="line 1"):
            regions._table()
    finally:
        monkeypatch.undo()
        regions._table.cache_clear()


def test_a_region_code_not_in_the_list_is_a_warning_when_checked() -> None:
    assert validate_region("350100").warnings == ()
    check = validate_region("350199")
    assert check.ok and "350199" in check.warnings[0].en
