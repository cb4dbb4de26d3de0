"""Sample cases: made through the services, fully answered, scored, the complete ones finalized and signed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.domain.uscc import validate
from cityeval_desktop.services import cases, revisions, samples
from cityeval_desktop.services.answers import decode_value
from cityeval_desktop.services.context import open_context
from cityeval_desktop.services.reporting import finalize_and_sign, stored_final_report
from cityeval_desktop.services.results import finalize_problems
from cityeval_desktop.store.models import AnswerRow, Case
from tests.case_data_helpers import org_for
from tests.conftest import SampleCases


@pytest.fixture(scope="module")
def loaded(
    _sample_cases: SampleCases, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, samples.LoadResult, tuple[str, ...]]]:
    """The sample cases loaded through the services (``tests/conftest.py``, once per process), on a copy."""
    folder = _sample_cases.copy_to(tmp_path_factory.mktemp("samples") / "data")
    ctx = open_context(folder / "cases.sqlite3", folder, actor="tester")
    yield ctx, _sample_cases.result, _sample_cases.steps
    ctx.close()


def test_codes_are_valid_gb32100_with_a_gb11714_organisation_code() -> None:
    for spec in samples.SAMPLES:
        check = validate(spec.uscc)
        assert check.ok, (spec.key, spec.uscc, check.errors)
        assert check.region == spec.region and spec.region[:2] in ("33", "35")  # Zhejiang, Fujian
        assert spec.uscc[16] == samples.org_check_character(spec.org_code)
    # the textbook example of GB 11714: D2143569-X
    assert samples.org_check_character("D2143569") == "X"


def test_every_category_and_mode_is_covered_and_some_are_finalized() -> None:
    combos = {(s.framework, s.mode) for s in samples.SAMPLES}
    assert combos == {
        (fw, mode)
        for fw in ("planning-consulting", "construction-implementation", "operations-maintenance")
        for mode in ("self", "third-party")
    }
    assert any(s.finalize for s in samples.SAMPLES) and not all(s.finalize for s in samples.SAMPLES)
    assert any(s.amend_reason for s in samples.SAMPLES)


def test_every_sample_case_is_complete_and_scored(loaded: Any) -> None:
    ctx, result, steps = loaded
    assert len(result.cases) == len(samples.SAMPLES) and result.skipped == ()
    assert steps[0] == samples.DEMO_SIGNER and steps[-1] == ""
    for spec, summary in zip(samples.SAMPLES, result.cases, strict=True):
        detail = cases.load_case(ctx, summary.ref)
        r = detail.result
        assert (summary.entity_name, summary.uscc, summary.mode, summary.tier) == (
            spec.entity_name,
            spec.uscc,
            spec.mode,
            spec.tier,
        )
        assert r.completeness == 1 and not r.undecided_vetoes and not r.vetoed, spec.key
        assert 40 < r.total_shown < 100 and r.grade is not None, (spec.key, r.total_shown)
        # answered, or N/A on a ground the framework names (a company is not a public institution)
        marked = {i: ground for i, ground, _ in spec.not_applicable}
        for i in r.indicators:
            if i.indicator.id in marked:
                assert i.status == "not_applicable" and detail.answers[i.indicator.id].ground == marked[i.indicator.id]
            else:
                assert i.status == "answered", (spec.key, i.indicator.id)
        if detail.summary.is_draft:
            assert finalize_problems(detail) == [], spec.key
        if spec.mode == "third-party":
            required = [
                i.indicator.id for i in r.indicators if i.indicator.evidence_required and i.status == "answered"
            ]
            assert all(detail.evidence_for(i) for i in required), spec.key
        # the evidence is the generated certificate images and PDFs, really in the store
        assert detail.evidence
        for item in detail.evidence:
            assert item.media_type in ("application/pdf", "image/png"), item
            data = ctx.evidence.path_of(item.sha256).read_bytes()
            assert data.startswith(b"%PDF" if item.media_type == "application/pdf" else b"\x89PNG")
            assert item.size < 100_000


def test_answers_are_stored_as_the_answers_document_says(loaded: Any, tmp_path: Path) -> None:
    ctx, result, _ = loaded
    spec = next(s for s in samples.SAMPLES if not s.amend_reason)
    summary = next(c for c in result.cases if c.uscc == spec.uscc)
    framework = cases.load_case(ctx, summary.ref).framework
    doc = samples.answers_document(spec, framework, tmp_path)
    with ctx.reading() as s:
        case = cases.find_case(s, summary.ref)
        rows = {r.indicator_id: r for r in s.query(AnswerRow).filter(AnswerRow.case_id == case.id)}
    assert set(rows) == set(doc["answers"])
    for indicator_id, entry in doc["answers"].items():
        if entry.get("not_applicable"):
            assert rows[indicator_id].not_applicable and rows[indicator_id].ground == entry["ground"], indicator_id
            continue
        assert decode_value(rows[indicator_id].value_json) == entry["value"], indicator_id
        assert rows[indicator_id].note == entry.get("note")


def test_finalized_samples_carry_the_demo_signature(loaded: Any) -> None:
    ctx, result, _ = loaded
    assert result.identity_path.is_file() and result.password == samples.DEMO_PASSWORD
    finalized = 0
    for summary in cases.list_cases(ctx, all_revisions=True):
        history = {r.summary.revision: r for r in revisions.history(ctx, summary.ref)}
        info = history[summary.revision]
        if summary.status == "finalized":
            finalized += 1
            assert info.signer_name == samples.DEMO_SIGNER
            pdf = stored_final_report(ctx, summary.ref)
            assert pdf is not None and b"/ByteRange" in pdf
    assert finalized == sum(s.finalize + s.finalize_amendment for s in samples.SAMPLES)


def test_amended_samples_have_two_revisions_that_differ(loaded: Any) -> None:
    ctx, result, _ = loaded
    for spec in (s for s in samples.SAMPLES if s.amend_reason):
        summary = next(c for c in result.cases if c.uscc == spec.uscc)
        assert summary.revision == 2 and summary.amend_reason == spec.amend_reason
        assert summary.status == ("finalized" if spec.finalize_amendment else "draft")
        d = revisions.diff(ctx, f"{summary.case_uuid}@1", summary.ref)
        assert d.indicators and any(c.evidence_added for c in d.indicators)
        assert any(c.evidence_removed for c in d.indicators)
        assert any(f.field == "value" for c in d.indicators for f in c.changes)


def test_the_case_list_shows_the_latest_revision_once(loaded: Any) -> None:
    ctx, _result, _ = loaded
    listed = cases.list_cases(ctx)
    assert len(listed) == len(samples.SAMPLES)
    assert len({c.case_uuid for c in listed}) == len(listed)
    amended = {c.case_uuid: c.revision for c in listed if c.uscc in {s.uscc for s in samples.SAMPLES if s.amend_reason}}
    assert set(amended.values()) == {2}


def test_loading_again_adds_nothing(loaded: Any) -> None:
    ctx, _, _ = loaded
    with ctx.reading() as s:
        before = s.query(Case).count()
    again = samples.load_samples(ctx, key_size=2048)
    assert again.cases == () and set(again.skipped) == {s.key for s in samples.SAMPLES}
    with ctx.reading() as s:
        assert s.query(Case).count() == before


def test_a_complete_draft_sample_finalizes_with_the_demo_identity(loaded: Any) -> None:
    ctx, result, _ = loaded
    draft = next(c for c in result.cases if c.is_draft and c.revision == 1)
    identity = samples.demo_identity_for(ctx, draft.mode, draft.entity_name, draft.uscc, key_size=2048)
    assert identity.name == samples.DEMO_SIGNER and "演示" in identity.name
    final = finalize_and_sign(ctx, draft.ref, identity, org_identity=org_for(ctx, draft.ref))
    assert final.detail.summary.status == "finalized" and final.signer_mismatch is None


def test_self_check_samples_are_signed_by_the_entitys_own_demo_identity(loaded: Any) -> None:
    """A self-check is the entity's own statement (issue 11 §3): its sample signer names the entity."""
    ctx, _result, _ = loaded
    from cityeval_desktop.services.reporting import audit_entries

    signed = 0
    for summary in cases.list_cases(ctx, all_revisions=True):
        if summary.mode != "self" or summary.status != "finalized":
            continue
        entry = [e for e in audit_entries(ctx, summary.case_uuid) if e["action"] == "report.sign"][-1]
        assert entry["new"]["signer_org"] == summary.entity_name and "signer_mismatch" not in entry["new"]
        signed += 1
    # (at least: another test of this module finalizes a self-check draft with its demo identity too)
    assert signed >= sum(s.finalize for s in samples.SAMPLES if s.mode == "self") > 0


def test_values_follow_each_method() -> None:
    import random

    from cityeval_desktop.services import frameworks as fw_registry

    for framework in fw_registry.bundled_frameworks():
        for indicator in framework.indicators():
            tier = "city" if indicator.applies_to("city") else indicator.tiers[0]  # enterprise-only ones
            for f in (0.0, 0.5, 1.0):
                value = samples.value_for(indicator, tier, f, random.Random(1))
                parsed = indicator.method.parse(value)
                got = indicator.method.fraction(parsed, tier=tier, points=indicator.points)
                if f == 1.0 and indicator.method.type not in ("ratio",):
                    assert got == 1, (indicator.id, value)
                assert 0 <= got <= 1
