"""2026.1 cases score exactly as before: every figure of 27 cases against the golden file.

``tests/fixtures/golden-2026.1.json`` was written by ``tests/make_golden_2026_1.py`` before the
scoring rules of cityeval-framework/2 were added; the cases are built again the same way (services,
an answers file, vetoes) on the 2026.1 frameworks and every old figure is compared: total, grade,
grade before cap, capped, vetoes, completeness, each dimension, each indicator's status, fraction and
earned points, and the gaps with their lost points.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from cityeval_desktop import paths
from cityeval_desktop.services import frameworks as fw_registry

ROOT = Path(__file__).resolve().parents[3]
GOLDEN = json.loads((ROOT / "tests" / "fixtures" / "golden-2026.1.json").read_text("utf-8"))["cases"]


def _maker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_golden_2026_1", ROOT / "tests" / "make_golden_2026_1.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKER = _maker()


@pytest.fixture
def forms_2026_1(monkeypatch: pytest.MonkeyPatch):
    """The bundled forms as they were in 2026.1, whatever forms/ holds now."""
    fw_registry.bundled_frameworks.cache_clear()
    monkeypatch.setattr(paths, "forms_dir", lambda: MAKER.FORMS)
    yield
    fw_registry.bundled_frameworks.cache_clear()


def test_golden_covers_what_matters() -> None:
    results = [c["result"] for c in GOLDEN]
    assert len({(c["framework"], c["tier"]) for c in GOLDEN}) == 9
    assert any(r["capped"] for r in results) and any(r["vetoed"] for r in results)
    assert any(r["provisional"] for r in results) and any(r["undecided_vetoes"] for r in results)
    assert any(i["status"] == "not_applicable" for r in results for i in r["indicators"])
    assert {r["grade"] for r in results} >= {"AAA", "AA", "A", "B", "C", None}


# one test per case (each on its own database): the 27 spread over the test workers
IDS = [f"{c['framework']}-{c['tier']}-{n}" for n, c in enumerate(GOLDEN)]


@pytest.mark.parametrize("n", range(len(GOLDEN)), ids=IDS)
def test_2026_1_cases_score_exactly_as_before(ctx, forms_2026_1, tmp_path: Path, n: int) -> None:
    case = GOLDEN[n]
    spec = {k: case[k] for k in ("framework", "tier", "mode", "answers", "vetoes")}
    doc = MAKER.build(ctx, spec, tmp_path, n)
    assert doc["framework"]["sha256"] == case["sha256"]
    got = MAKER.figures(doc["result"])
    assert got == case["result"], (n, case["framework"], case["tier"], case["mode"])
    # in a /1 file every point lost is a gap, and the full list is the same list
    assert [g["id"] for g in doc["result"]["below_full"]] == [g["id"] for g in case["result"]["gaps"]]
