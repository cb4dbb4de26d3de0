"""The content of a case revision in canonical form, and its sha256 (the revision's content hash).

Finalize records this content and its hash in the case's audit chain and writes the hash into the
signed report, covered by the signature; the database check recomputes it from the rows of every
finalized revision. The form is documented in ``docs/integrity.md``: keep it stable (a new field
means a new ``form`` number, and older hashes stay checkable with the form they were made with).
"""

from __future__ import annotations

import hashlib
from typing import Any

from cityeval_desktop.store.audit import canonical_json
from cityeval_desktop.store.models import Case

#: The version of the canonical form below.
FORM = 1


def revision_content(case: Case) -> dict[str, Any]:
    """Everything a finalized revision's result rests on, as plain JSON values in a fixed order.

    Answer values are the stored canonical JSON text (so ``4`` and ``4.0`` stay what was stored);
    evidence is listed by content hash, sorted, so copying a revision keeps its content.
    """
    return {
        "form": FORM,
        "case": case.case_uuid,
        "revision": case.revision,
        "entity": {"name": case.entity_name, "uscc": case.uscc, "region": case.region},
        "framework": {"id": case.framework_id, "version": case.framework_version, "sha256": case.framework_sha256},
        "category": case.category,
        "tier": case.tier,
        "mode": case.mode,
        "assessor": case.assessor or "",
        "amend_reason": case.amend_reason,
        "answers": sorted(
            (
                {
                    "indicator": a.indicator_id,
                    "value": a.value_json,
                    "not_applicable": bool(a.not_applicable),
                    "reason": a.reason,
                    "note": a.note,
                }
                for a in case.answers
            ),
            key=lambda a: a["indicator"],
        ),
        "vetoes": sorted(
            ({"veto": v.veto_id, "decided": bool(v.decided), "note": v.note} for v in case.vetoes),
            key=lambda v: v["veto"],
        ),
        "evidence": sorted(
            (
                {
                    "indicator": e.indicator_id,
                    "sha256": e.sha256,
                    "name": e.original_name,
                    "size": e.size,
                    "media_type": e.media_type,
                }
                for e in case.evidence
            ),
            key=lambda e: (e["indicator"], e["sha256"], e["name"], e["size"], e["media_type"]),
        ),
    }


def content_hash(content: dict[str, Any]) -> str:
    """sha256 of the canonical JSON (sorted keys, no spaces, UTF-8) of ``content``."""
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def revision_hash(case: Case) -> str:
    """The content hash of one revision as its rows stand now."""
    return content_hash(revision_content(case))


def differences(recorded: dict[str, Any], current: dict[str, Any]) -> list[tuple[str, str]]:
    """What changed between a recorded content and the current one, as ``(part, key)`` pairs.

    ``part`` is ``case`` (a field of the revision itself: ``key`` names it), ``answer``, ``veto`` or
    ``evidence`` (``key`` is the indicator or veto id). Each changed item is named once.
    """
    found: list[tuple[str, str]] = []
    for key in sorted((set(recorded) | set(current)) - {"answers", "vetoes", "evidence"}):
        if recorded.get(key) != current.get(key):
            found.append(("case", key))
    for part, list_key, id_key in (("answer", "answers", "indicator"), ("veto", "vetoes", "veto")):
        old = {item.get(id_key): item for item in recorded.get(list_key) or [] if isinstance(item, dict)}
        new = {item.get(id_key): item for item in current.get(list_key) or []}
        for item_id in sorted(set(old) | set(new), key=str):
            if old.get(item_id) != new.get(item_id):
                found.append((part, str(item_id)))
    old_files = _by_indicator(recorded.get("evidence"))
    new_files = _by_indicator(current.get("evidence"))
    for indicator in sorted(set(old_files) | set(new_files), key=str):
        if old_files.get(indicator) != new_files.get(indicator):
            found.append(("evidence", str(indicator)))
    return found


def _by_indicator(items: Any) -> dict[Any, list[Any]]:
    grouped: dict[Any, list[Any]] = {}
    for item in items or []:
        if isinstance(item, dict):
            grouped.setdefault(item.get("indicator"), []).append(item)
    return grouped
