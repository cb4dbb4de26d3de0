"""Region names (GB/T 2260) down to city and county level, from the bundled code list.

The list is ``data/gbt2260.tsv`` beside this module (one ``code<TAB>Chinese<TAB>English`` line per
code), built by ``installer/update-regions.py``; docs/regions.md says where it comes from and how
to update it. A name is the chain province → city → county of the codes that exist:
``350100`` → 福建省福州市 / Fuzhou, Fujian; ``330106`` → 浙江省杭州市西湖区 / Xihu District,
Hangzhou, Zhejiang. A code that is not in the list has no name: it is shown as the code with a
warning (:func:`region_warning`), never guessed.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from cityeval_desktop.domain.text import Text

# GB/T 2260 province-level prefixes (positions 3-4 of the code); "10" is used by
# national-level registrations.
PROVINCES: dict[str, Text] = {
    "10": Text("国家级", "National"),
    "11": Text("北京市", "Beijing"),
    "12": Text("天津市", "Tianjin"),
    "13": Text("河北省", "Hebei"),
    "14": Text("山西省", "Shanxi"),
    "15": Text("内蒙古自治区", "Inner Mongolia"),
    "21": Text("辽宁省", "Liaoning"),
    "22": Text("吉林省", "Jilin"),
    "23": Text("黑龙江省", "Heilongjiang"),
    "31": Text("上海市", "Shanghai"),
    "32": Text("江苏省", "Jiangsu"),
    "33": Text("浙江省", "Zhejiang"),
    "34": Text("安徽省", "Anhui"),
    "35": Text("福建省", "Fujian"),
    "36": Text("江西省", "Jiangxi"),
    "37": Text("山东省", "Shandong"),
    "41": Text("河南省", "Henan"),
    "42": Text("湖北省", "Hubei"),
    "43": Text("湖南省", "Hunan"),
    "44": Text("广东省", "Guangdong"),
    "45": Text("广西壮族自治区", "Guangxi"),
    "46": Text("海南省", "Hainan"),
    "50": Text("重庆市", "Chongqing"),
    "51": Text("四川省", "Sichuan"),
    "52": Text("贵州省", "Guizhou"),
    "53": Text("云南省", "Yunnan"),
    "54": Text("西藏自治区", "Tibet"),
    "61": Text("陕西省", "Shaanxi"),
    "62": Text("甘肃省", "Gansu"),
    "63": Text("青海省", "Qinghai"),
    "64": Text("宁夏回族自治区", "Ningxia"),
    "65": Text("新疆维吾尔自治区", "Xinjiang"),
    "71": Text("台湾省", "Taiwan"),
    "81": Text("香港特别行政区", "Hong Kong"),
    "82": Text("澳门特别行政区", "Macao"),
}

DATA = Path(__file__).resolve().parent / "data" / "gbt2260.tsv"
# The bundled list is trusted data, but it is read as if it were not: a line longer than this, or
# a file larger than MAX_BYTES, is not a region list.
MAX_BYTES = 2_000_000
MAX_LINE = 200
_CODE = re.compile(r"[0-9]{6}")


class RegionListError(ValueError):
    """The bundled region list is damaged (a broken installation)."""


@cache
def _table() -> dict[str, tuple[str, str]]:
    raw = DATA.read_bytes()
    if len(raw) > MAX_BYTES:
        raise RegionListError(f"{DATA}: {len(raw)} bytes, more than a region list has")
    table: dict[str, tuple[str, str]] = {}
    for number, line in enumerate(raw.decode("utf-8").splitlines(), start=1):
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(line) > MAX_LINE or len(parts) != 3 or not _CODE.fullmatch(parts[0]) or not parts[1]:
            raise RegionListError(f"{DATA}, line {number}: not 'code<TAB>Chinese<TAB>English'")
        table[parts[0]] = (parts[1], parts[2])
    return table


def _clean(region: str | None) -> str | None:
    if not region or len(region) != 6 or not _CODE.fullmatch(region):
        return None
    return region


def codes() -> list[str]:
    """Every code of the bundled list, in order (provinces before their cities and counties)."""
    return sorted(_table())


def known(region: str | None) -> bool:
    """Whether ``region`` is a code of the bundled list."""
    code = _clean(region)
    return code is not None and code in _table()


def region_name(region: str | None) -> Text | None:
    """The full name of a 6-digit region code, province to county, or None if it is not known."""
    code = _clean(region)
    table = _table()
    if code is None or code not in table:
        return None
    chain = [c for c in dict.fromkeys((code[:2] + "0000", code[:4] + "00", code)) if c in table]
    zh = "".join(table[c][0] for c in chain)
    english: list[str] = []
    for c in reversed(chain):
        en = table[c][1]
        if not en and c.endswith("0000"):
            province = PROVINCES.get(c[:2])
            en = province.en if province else ""
        if en:
            english.append(en)
    return Text(zh, ", ".join(english) if english else code)


def _shown(region: str) -> str:
    return region if len(region) <= 20 else region[:20] + "…"


def region_warning(region: str | None) -> Text | None:
    """What to say about a code that has no name (None for a known code or no code at all)."""
    if not region or known(region):
        return None
    shown = _shown(region)
    return Text(
        f"行政区划代码 {shown} 不在 GB/T 2260 区划代码表中，请核对",
        f"region code {shown} is not in the GB/T 2260 list of region codes; please check it",
    )


def region_label(region: str | None, lang: str) -> str:
    """The code and its name for a line of text: ``350100 福建省福州市``; an unknown code with its warning."""
    if not region:
        return "—"
    name = region_name(region)
    if name is not None:
        return f"{region} {name.get(lang)}"
    warning = region_warning(region)
    assert warning is not None
    return f"{_shown(region)}（{warning.zh}）" if lang == "zh" else f"{_shown(region)} ({warning.en})"
