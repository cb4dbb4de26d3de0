"""What the window shows about imported cases and the import ledger (read-only queries, plain data).

The case list marks each imported revision (and, louder, each one imported although its signer is
not trusted here); the ledger's reasons are stored in both languages and read back as a ``Text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from cityeval_desktop.domain.text import Text
from cityeval_desktop.services.context import AppContext
from cityeval_desktop.store.models import CaseOrigin

#: What an imported revision whose signer is not trusted here is called, wherever it is shown.
UNVERIFIED = Text("未验证（签署人不受信任）", "unverified (signer not trusted)")


@dataclass(frozen=True)
class ImportMark:
    """The case list's marker of one imported revision."""

    trusted: bool
    signer_name: str
    file_name: str
    imported_at: datetime
    imported_by: str
    #: who chose to import it although its signer is not trusted (None for a trusted one)
    accepted_by: str | None

    @property
    def unverified(self) -> bool:
        return not self.trusted


def import_marks(ctx: AppContext, row_ids: list[int] | None = None) -> dict[int, ImportMark]:
    """The marker of every imported revision, by its row id (``CaseSummary.row_id``).

    Args:
        row_ids: Only these revisions (default: every imported one).
    """
    with ctx.reading() as s:
        query = select(CaseOrigin)
        if row_ids is not None:
            if not row_ids:
                return {}
            query = query.where(CaseOrigin.case_id.in_(row_ids))
        return {
            o.case_id: ImportMark(o.trusted, o.signer_name, o.file_name, o.imported_at, o.imported_by, o.accepted_by)
            for o in s.scalars(query)
        }


def reason_text(stored: str | None) -> Text | None:
    """A ledger reason as stored (the Chinese line, then the English one) as a bilingual text."""
    if not stored:
        return None
    zh, _, en = stored.partition("\n")
    return Text(zh, en or zh)
