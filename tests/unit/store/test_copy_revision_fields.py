"""A new revision copies every column of its case rows (answers, vetoes, evidence, team, inspections...)."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from cityeval_desktop.store import case_repo
from cityeval_desktop.store.models import (
    AnswerRow,
    DeclarationRow,
    EvidenceRow,
    InspectionRow,
    TeamMemberRow,
    VerificationRow,
    VetoDecision,
)

# the row's own keys, and its time of change (a copy is changed now)
NOT_COPIED = {"id", "case_id", "updated_at"}


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (AnswerRow, case_repo._ANSWER_FIELDS),
        (VetoDecision, case_repo._VETO_FIELDS),
        (EvidenceRow, case_repo._EVIDENCE_FIELDS),
        (VerificationRow, case_repo._VERIFICATION_FIELDS),
        (TeamMemberRow, case_repo._TEAM_FIELDS),
        (DeclarationRow, case_repo._DECLARATION_FIELDS),
        (InspectionRow, case_repo._INSPECTION_FIELDS),
    ],
)
def test_a_column_added_to_a_case_row_is_copied_by_amend_and_import(model: type, fields: tuple[str, ...]) -> None:
    columns = {c.key for c in inspect(model).column_attrs}
    assert set(fields) == columns - NOT_COPIED, model.__name__
