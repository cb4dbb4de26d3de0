"""A wording update of a bundled framework (same id and version, new bytes) leaves existing cases as they were.

The 2026.1 default frameworks gained plain-language ``self_check`` texts after cases had been made
with them. Cases pin the file's sha256 and the database keeps the exact bytes, so a case made on the
first wording still opens, shows the first wording and scores to the same figures; new cases get
the new file.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from cityeval_desktop import paths
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services.results import case_json

# written against the 2026.1 default frameworks (their ids and rules): pinned to those files
pytestmark = pytest.mark.usefixtures("frameworks_2026_1")

OLD = Path(__file__).parents[2] / "fixtures" / "planning-consulting-2026.1-before-self-check.yaml"
USCC = ("91350100M000100Y43", "91512081MA62K0260E")


@pytest.fixture
def old_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The bundled forms folder as it was before the self-check texts (planning-consulting only)."""
    real = paths.forms_dir()
    folder = tmp_path / "forms-before"
    folder.mkdir()
    shutil.copy(OLD, folder / "planning-consulting.yaml")
    shutil.copy(real / "framework.schema.json", folder / "framework.schema.json")
    fw_registry.bundled_frameworks.cache_clear()
    monkeypatch.setattr(paths, "forms_dir", lambda: folder)

    def update_program() -> None:
        monkeypatch.setattr(paths, "forms_dir", lambda: real)
        fw_registry.bundled_frameworks.cache_clear()

    yield update_program
    update_program()


def test_case_made_on_the_first_wording_opens_and_scores_identically(ctx, old_forms) -> None:
    old_sha = hashlib.sha256(OLD.read_bytes()).hexdigest()
    summary = case_service.new_case(
        ctx, framework="planning-consulting", tier="city", mode="self", entity_name="旧版主体", uscc=USCC[0]
    )
    case_service.set_answer(ctx, summary.ref, "P1.1", value=7)
    case_service.set_answer(ctx, summary.ref, "P1.2", value=3)
    case_service.set_answer(ctx, summary.ref, "P2.4", value=True)
    case_service.set_answer(ctx, summary.ref, "P5.2", value="aa")
    case_service.set_answer(ctx, summary.ref, "P3.2", not_applicable=True, reason="尚无交付满6个月的规划")
    case_service.set_veto(ctx, summary.ref, "V1", False)
    before = case_json(case_service.load_case(ctx, summary.ref))
    assert before["framework"]["sha256"] == old_sha

    # the program is updated: forms/ now holds the new wording of the same id and version
    old_forms()
    new = fw_registry.resolve(ctx, "planning-consulting@2026.1")
    assert new.sha256 != old_sha and new.indicator("P1.1").self_check is not None

    detail = case_service.load_case(ctx, summary.ref)
    after = case_json(detail)
    assert after["framework"] == before["framework"]
    assert after["result"] == before["result"]
    assert detail.framework.indicator("P1.1").self_check is None  # the case keeps its own copy
    # it can still be edited, and the list shows its cached figures
    case_service.set_answer(ctx, summary.ref, "P1.3", value=2)
    assert case_service.load_case(ctx, summary.ref).summary.framework_sha256 == old_sha

    # a new case uses the new file; both versions are stored side by side
    second = case_service.new_case(
        ctx, framework="planning-consulting", tier="city", mode="self", entity_name="新版主体", uscc=USCC[1]
    )
    assert second.framework_sha256 == new.sha256
    with ctx.reading() as s:
        stored = {sha for fid, version, sha in fw_registry.stored_keys(s) if fid == "planning-consulting"}
    assert stored == {old_sha, new.sha256}
    listed = {s.entity_name: s for s in case_service.list_cases(ctx)}
    assert listed["旧版主体"].framework_sha256 == old_sha and listed["新版主体"].framework_sha256 == new.sha256


def test_the_new_wording_changes_no_scoring_rule() -> None:
    """Everything but the self-check texts is the same as in the first wording of 2026.1."""
    from cityeval_desktop.domain.loader import load_bytes

    old = load_bytes(OLD.read_bytes(), str(OLD))
    new = next(f for f in fw_registry.bundled_frameworks() if f.id == "planning-consulting")
    assert (old.id, old.version) == (new.id, new.version)
    assert [replace(i, self_check=None) for i in new.indicators()] == list(old.indicators())
    assert [replace(v, self_check=None) for v in new.vetoes] == list(old.vetoes)
    assert (old.tiers, old.grades, old.caps) == (new.tiers, new.grades, new.caps)
