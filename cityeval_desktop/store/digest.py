"""The content of a case revision in canonical form, and its sha256 (the revision's content hash).

Finalize records this content and its hash in the case's audit chain and writes the hash into the
signed report, covered by the signature; the database check recomputes it from the rows of every
finalized revision. The form is documented in ``docs/integrity.md``: keep it stable (a new field
means a new ``form`` number, and older hashes stay checkable with the form they were made with).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from datetime import UTC, date, datetime
from typing import Any

from cityeval_desktop.store.audit import canonical_json
from cityeval_desktop.store.models import (
    AnswerRow,
    Case,
    DeclarationRow,
    EvidenceRow,
    InspectionRow,
    TeamMemberRow,
    VerificationRow,
    VetoDecision,
)

#: The version of the canonical form below: 2 adds N/A grounds, the basis of veto decisions, evidence
#: kinds, a veto's files and the verifications; 3 adds the case data the report rests on (reference
#: date, review window, the date each evidence file proves, the team with each signed declaration,
#: the written opinion, the on-site inspections with their attachments' hashes). Contents of the
#: older forms stay checkable as they were made.
FORM = 3
FORMS = (1, 2, 3)
#: the top-level keys form 3 adds
CASE_DATA_PARTS = ("reference_date", "window", "team", "opinion", "inspections")


def revision_content(case: Case, form: int = FORM) -> dict[str, Any]:
    """Everything a finalized revision's result rests on, as plain JSON values in a fixed order.

    Answer values are the stored canonical JSON text (so ``4`` and ``4.0`` stay what was stored);
    evidence is listed by content hash, sorted, so copying a revision keeps its content. ``form``
    1 is the content as it was recorded before form 2 (for revisions finalized then).
    """
    content = _form1(case)
    if form == 1:
        return content
    content["form"] = form
    grounds = {a.indicator_id: a.ground for a in case.answers}
    for a in content["answers"]:
        a["ground"] = grounds.get(a["indicator"])
    basis = {v.veto_id: v for v in case.vetoes}
    for v in content["vetoes"]:
        row = basis[v["veto"]]
        v["source"], v["queried_at"] = row.source, row.queried_at
    content["evidence"] = sorted(
        (
            {
                "indicator": e.indicator_id,
                "sha256": e.sha256,
                "name": e.original_name,
                "size": e.size,
                "media_type": e.media_type,
                "kind": e.kind,
                "veto": e.veto_id,
            }
            for e in case.evidence
        ),
        key=_evidence_order,
    )
    content["verifications"] = sorted(
        (
            {
                "indicator": v.indicator_id,
                "sha256": v.sha256 or None,
                "method": v.method,
                "conclusion": v.conclusion,
                "by": v.verified_by,
                "at": v.verified_at,
                "note": v.note,
            }
            for v in case.verifications
        ),
        key=lambda v: (v["indicator"], v["sha256"] or ""),
    )
    if form >= 3:
        dated = {(e.veto_id or "", e.indicator_id, e.sha256, e.original_name): e.dated for e in case.evidence}
        for e in content["evidence"]:
            day = dated.get((e.get("veto") or "", e["indicator"], e["sha256"], e["name"]))
            e["dated"] = day.isoformat() if day is not None else None
        content.update(_case_data(case))
    return content


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _case_data(case: Case) -> dict[str, Any]:
    """Form 3: the case data of issue 12 the report rests on (not the numbers and validity, which a
    finalize hands out after this content is fixed)."""
    declarations = {d.member: d for d in case.declarations}
    window = None
    if case.window_from is not None or case.window_to is not None:
        window = {"from": _day(case.window_from), "to": _day(case.window_to)}
    return {
        "reference_date": _day(case.reference_date),
        "window": window,
        "team": [
            {
                "name": m.name,
                "role": m.role,
                "org": m.org,
                "qualification": m.qualification,
                "declaration": _declaration(declarations.get(m.name)),
            }
            for m in case.team
        ],
        "opinion": case.opinion,
        "inspections": [
            {
                "date": _day(i.day),
                "place": i.place,
                "participants": _json_list(i.participants_json),
                "checked": i.checked,
                "findings": i.findings,
                "sampled_projects": _json_list(i.sampled_projects_json),
                "sampled_staff": _json_list(i.sampled_staff_json),
                "attachments": _json_list(i.attachments_json),
            }
            for i in case.inspections
        ],
    }


def _declaration(d: DeclarationRow | None) -> dict[str, Any] | None:
    if d is None:
        return None
    signed = d.signed_at.astimezone(UTC) if d.signed_at.tzinfo is not None else d.signed_at.replace(tzinfo=UTC)
    return {
        "statement": d.statement,
        "signer": d.signer_name,
        "fingerprint": d.signer_fingerprint,
        "signed_at": signed.isoformat(),
        "signature_sha256": hashlib.sha256(d.signature).hexdigest(),
        "signature": base64.b64encode(d.signature).decode("ascii"),
    }


def _json_list(raw: str | None) -> list[Any]:
    """A stored JSON list as it is (anything else, a changed row, reads as what it is: not a list)."""
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return [raw]
    return value if isinstance(value, list) else [value]


def _evidence_order(e: dict[str, Any]) -> tuple[Any, ...]:
    return (e.get("veto") or "", e["indicator"], e["sha256"], e["name"], e["size"], e["media_type"])


def _form1(case: Case) -> dict[str, Any]:
    return {
        "form": 1,
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
    for key in sorted((set(recorded) | set(current)) - {"answers", "vetoes", "evidence", "verifications"}):
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
    old_checks = _by_indicator(recorded.get("verifications"))
    new_checks = _by_indicator(current.get("verifications"))
    for indicator in sorted(set(old_checks) | set(new_checks), key=str):
        if old_checks.get(indicator) != new_checks.get(indicator):
            found.append(("verification", str(indicator)))
    return found


def _by_indicator(items: Any) -> dict[Any, list[Any]]:
    """Items by what they belong to: a veto's files by the veto, the others by their indicator."""
    grouped: dict[Any, list[Any]] = {}
    for item in items or []:
        if isinstance(item, dict):
            grouped.setdefault(item.get("veto") or item.get("indicator"), []).append(item)
    return grouped


# ----------------------------------------------------------------------------- the way back
class ContentError(ValueError):
    """A recorded content that cannot be the content of a revision; ``field`` names where."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


_LIMITS = {  # column widths of the rows a content becomes (store/models.py)
    "name": 200,
    "uscc": 18,
    "region": 12,
    "id": 64,
    "version": 40,
    "category": 40,
    "tier": 64,
    "assessor": 200,
    "indicator": 32,
    "file": 255,
    "media_type": 100,
    "ground": 64,
    "source": 200,
    "time": 40,
    "method": 32,
    "conclusion": 16,
}
_LIMITS.update({"member": 100, "role": 16})
_MAX_LIST = 200
_MAX_LINE = 500
_MAX_ITEMS = 10_000
_MAX_TEXT = 100_000
_MAX_FILE_SIZE = 1 << 40


def _text(value: Any, field: str, limit: int | None = _MAX_TEXT, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if not isinstance(value, str) or (limit is not None and len(value) > limit):
        raise ContentError(field)
    return value


def _items(value: Any, field: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or len(value) > _MAX_ITEMS or not all(isinstance(v, dict) for v in value):
        raise ContentError(field)
    return value


def _flag(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise ContentError(field)
    return value


def case_from_content(content: Any) -> Case:
    """The rows of a revision rebuilt from its recorded content (form 1, 2 or 3), not added to any session.

    The inverse of :func:`revision_content`: ``revision_content(case_from_content(c)) == c`` for
    every content this module made. Every field is checked for its type and its column's width
    (the content comes from outside when a package is imported); the status, dates and cached
    figures are left to the caller.

    Raises:
        ContentError: A field is missing, of the wrong type, too long, or given twice.
    """
    form = content.get("form") if isinstance(content, dict) else None
    if not isinstance(form, int) or isinstance(form, bool) or form not in FORMS:
        raise ContentError("form")
    known = {
        "form",
        "case",
        "revision",
        "entity",
        "framework",
        "category",
        "tier",
        "mode",
        "assessor",
        "amend_reason",
        "answers",
        "vetoes",
        "evidence",
    } | ({"verifications"} if form >= 2 else set())
    known |= set(CASE_DATA_PARTS) if form >= 3 else set()
    if set(content) != known:
        raise ContentError(sorted(set(content) ^ known)[0])
    revision = content["revision"]
    if not isinstance(revision, int) or isinstance(revision, bool) or not 1 <= revision <= 999_999_999:
        raise ContentError("revision")
    entity, framework = content["entity"], content["framework"]
    if not isinstance(entity, dict) or set(entity) != {"name", "uscc", "region"}:
        raise ContentError("entity")
    if not isinstance(framework, dict) or set(framework) != {"id", "version", "sha256"}:
        raise ContentError("framework")
    sha = _text(framework["sha256"], "framework.sha256", 64)
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise ContentError("framework.sha256")
    if content["mode"] not in ("self", "third-party"):
        raise ContentError("mode")
    case = Case(
        case_uuid=_text(content["case"], "case", 36),
        revision=revision,
        entity_name=_text(entity["name"], "entity.name", _LIMITS["name"]),
        uscc=_text(entity["uscc"], "entity.uscc", _LIMITS["uscc"]),
        region=_text(entity["region"], "entity.region", _LIMITS["region"]),
        framework_id=_text(framework["id"], "framework.id", _LIMITS["id"]),
        framework_version=_text(framework["version"], "framework.version", _LIMITS["version"]),
        framework_sha256=sha,
        category=_text(content["category"], "category", _LIMITS["category"]),
        tier=_text(content["tier"], "tier", _LIMITS["tier"]),
        mode=content["mode"],
        assessor=_text(content["assessor"], "assessor", _LIMITS["assessor"]),
        amend_reason=_text(content["amend_reason"], "amend_reason", optional=True),
    )
    seen: set[Any] = set()
    answers = []
    for a in _items(content["answers"], "answers"):
        if set(a) != {"indicator", "value", "not_applicable", "reason", "note"} | _added(form, "ground"):
            raise ContentError("answers")
        indicator = _text(a["indicator"], "answers", _LIMITS["indicator"])
        if indicator in seen:
            raise ContentError(f"answers.{indicator}")
        seen.add(indicator)
        value = _text(a["value"], f"answers.{indicator}.value", optional=True)
        if value is not None:
            try:
                json.loads(value, parse_constant=_refuse_constant)
            except (ValueError, RecursionError):
                raise ContentError(f"answers.{indicator}.value") from None
        answers.append(
            AnswerRow(
                indicator_id=indicator,
                value_json=value,
                not_applicable=_flag(a["not_applicable"], f"answers.{indicator}.not_applicable"),
                reason=_text(a["reason"], f"answers.{indicator}.reason", optional=True),
                note=_text(a["note"], f"answers.{indicator}.note", optional=True),
                ground=_text(a.get("ground"), f"answers.{indicator}.ground", _LIMITS["ground"], optional=True),
            )
        )
    vetoes = []
    seen = set()
    for v in _items(content["vetoes"], "vetoes"):
        if set(v) != {"veto", "decided", "note"} | _added(form, "source", "queried_at"):
            raise ContentError("vetoes")
        veto = _text(v["veto"], "vetoes", _LIMITS["indicator"])
        if veto in seen:
            raise ContentError(f"vetoes.{veto}")
        seen.add(veto)
        vetoes.append(
            VetoDecision(
                veto_id=veto,
                decided=_flag(v["decided"], f"vetoes.{veto}.decided"),
                note=_text(v["note"], f"vetoes.{veto}.note", optional=True),
                source=_text(v.get("source"), f"vetoes.{veto}.source", _LIMITS["source"], optional=True),
                queried_at=_text(v.get("queried_at"), f"vetoes.{veto}.queried_at", _LIMITS["time"], optional=True),
            )
        )
    evidence = []
    for e in _items(content["evidence"], "evidence"):
        keys = {"indicator", "sha256", "name", "size", "media_type"} | _added(form, "kind", "veto")
        if set(e) != keys | ({"dated"} if form >= 3 else set()):
            raise ContentError("evidence")
        indicator = _text(e["indicator"], "evidence", _LIMITS["indicator"])
        digest = _text(e["sha256"], f"evidence.{indicator}.sha256", 64)
        size = e["size"]
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ContentError(f"evidence.{indicator}.sha256")
        if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= _MAX_FILE_SIZE:
            raise ContentError(f"evidence.{indicator}.size")
        evidence.append(
            EvidenceRow(
                indicator_id=indicator,
                sha256=digest,
                original_name=_text(e["name"], f"evidence.{indicator}.name", _LIMITS["file"]),
                size=size,
                media_type=_text(e["media_type"], f"evidence.{indicator}.media_type", _LIMITS["media_type"]),
                kind=_text(e.get("kind"), f"evidence.{indicator}.kind", _LIMITS["ground"], optional=True),
                veto_id=_text(e.get("veto"), f"evidence.{indicator}.veto", _LIMITS["indicator"], optional=True),
                dated=_content_day(e.get("dated"), f"evidence.{indicator}.dated"),
            )
        )
    checks = []
    seen = set()
    for v in _items(content.get("verifications", []), "verifications"):
        if set(v) != {"indicator", "sha256", "method", "conclusion", "by", "at", "note"}:
            raise ContentError("verifications")
        indicator = _text(v["indicator"], "verifications", _LIMITS["indicator"])
        digest = _text(v["sha256"], f"verifications.{indicator}.sha256", 64, optional=True)
        if digest is not None and (len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest)):
            raise ContentError(f"verifications.{indicator}.sha256")
        if (indicator, digest) in seen:
            raise ContentError(f"verifications.{indicator}")
        seen.add((indicator, digest))
        checks.append(
            VerificationRow(
                indicator_id=indicator,
                sha256=digest or "",
                method=_text(v["method"], f"verifications.{indicator}.method", _LIMITS["method"]),
                conclusion=_text(v["conclusion"], f"verifications.{indicator}.conclusion", _LIMITS["conclusion"]),
                verified_by=_text(v["by"], f"verifications.{indicator}.by", _LIMITS["name"]),
                verified_at=_text(v["at"], f"verifications.{indicator}.at", _LIMITS["time"]),
                note=_text(v["note"], f"verifications.{indicator}.note", optional=True),
            )
        )
    case.answers, case.vetoes, case.evidence, case.verifications = answers, vetoes, evidence, checks
    if form >= 3:
        _case_data_from(content, case)
    return case


def _content_day(value: Any, field: str, *, optional: bool = True) -> date | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or len(value) != 10:
        raise ContentError(field)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ContentError(field) from None


def _lines(value: Any, field: str) -> list[str]:
    if not isinstance(value, list) or len(value) > _MAX_LIST or not all(isinstance(v, str) for v in value):
        raise ContentError(field)
    return [_text(v, field, _MAX_LINE) for v in value]


def _case_data_from(content: dict[str, Any], case: Case) -> None:
    """Form 3: the case data rows of a recorded content (the declarations as recorded; whether their
    signatures hold is the importing service's check, the store does no cryptography)."""
    case.reference_date = _content_day(content["reference_date"], "reference_date")
    window = content["window"]
    if window is not None:
        if not isinstance(window, dict) or set(window) != {"from", "to"}:
            raise ContentError("window")
        case.window_from = _content_day(window["from"], "window.from")
        case.window_to = _content_day(window["to"], "window.to")
    case.opinion = _text(content["opinion"], "opinion", optional=True)
    names: set[str] = set()
    team, declarations = [], []
    for k, m in enumerate(_items(content["team"], "team")):
        where = f"team[{k}]"
        if set(m) != {"name", "role", "org", "qualification", "declaration"}:
            raise ContentError(where)
        name = _text(m["name"], f"{where}.name", _LIMITS["member"])
        if name in names:
            raise ContentError(f"{where}.name")
        names.add(name)
        team.append(
            TeamMemberRow(
                position=k + 1,
                name=name,
                role=_text(m["role"], f"{where}.role", _LIMITS["role"]),
                org=_text(m["org"], f"{where}.org", _LIMITS["name"]),
                qualification=_text(m["qualification"], f"{where}.qualification", _LIMITS["member"], optional=True),
            )
        )
        d = m["declaration"]
        if d is None:
            continue
        keys = {"statement", "signer", "fingerprint", "signed_at", "signature_sha256", "signature"}
        if not isinstance(d, dict) or set(d) != keys:
            raise ContentError(f"{where}.declaration")
        try:
            signature = base64.b64decode(_text(d["signature"], f"{where}.declaration", _MAX_TEXT), validate=True)
            signed_at = datetime.fromisoformat(_text(d["signed_at"], f"{where}.declaration", _LIMITS["time"]))
        except (binascii.Error, ValueError):
            raise ContentError(f"{where}.declaration") from None
        if signed_at.tzinfo is None or hashlib.sha256(signature).hexdigest() != d["signature_sha256"]:
            raise ContentError(f"{where}.declaration")
        fingerprint = _text(d["fingerprint"], f"{where}.declaration", 64)
        declarations.append(
            DeclarationRow(
                member=name,
                statement=_text(d["statement"], f"{where}.declaration"),
                signature=signature,
                signer_name=_text(d["signer"], f"{where}.declaration", _LIMITS["name"]),
                signer_fingerprint=fingerprint,
                signed_at=signed_at,
            )
        )
    inspections = []
    for k, i in enumerate(_items(content["inspections"], "inspections")):
        where = f"inspections[{k}]"
        keys = {"date", "place", "participants", "checked", "findings", "sampled_projects", "sampled_staff"}
        if set(i) != keys | {"attachments"}:
            raise ContentError(where)
        files = []
        for f in _items(i["attachments"], f"{where}.attachments"):
            if set(f) != {"sha256", "name", "size", "media_type"}:
                raise ContentError(f"{where}.attachments")
            digest = _text(f["sha256"], f"{where}.attachments", 64)
            size = f["size"]
            if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
                raise ContentError(f"{where}.attachments")
            if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= _MAX_FILE_SIZE:
                raise ContentError(f"{where}.attachments")
            files.append(
                {
                    "sha256": digest,
                    "name": _text(f["name"], f"{where}.attachments", _LIMITS["file"]),
                    "size": size,
                    "media_type": _text(f["media_type"], f"{where}.attachments", _LIMITS["media_type"]),
                }
            )
        inspections.append(
            InspectionRow(
                position=k + 1,
                day=_content_day(i["date"], f"{where}.date", optional=False),
                place=_text(i["place"], f"{where}.place", _LIMITS["name"]),
                participants_json=_dumps(_lines(i["participants"], f"{where}.participants")),
                checked=_text(i["checked"], f"{where}.checked"),
                findings=_text(i["findings"], f"{where}.findings"),
                sampled_projects_json=_dumps(_lines(i["sampled_projects"], f"{where}.sampled_projects")),
                sampled_staff_json=_dumps(_lines(i["sampled_staff"], f"{where}.sampled_staff")),
                attachments_json=_dumps(files),
            )
        )
    case.team, case.declarations, case.inspections = team, declarations, inspections


def _dumps(value: list[Any]) -> str:
    return json.dumps(value, ensure_ascii=False)


def _added(form: int, *keys: str) -> set[str]:
    """The keys form 2 added to an item (none in form 1)."""
    return set(keys) if form >= 2 else set()


def _refuse_constant(name: str) -> Any:
    raise ValueError(name)  # NaN, Infinity
