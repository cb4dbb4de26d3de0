"""What changed between two revisions of a case: one pure diff over the revision's sections as JSON.

A revision is turned into *sections* (:func:`revision_sections`): ``answers`` (indicator id → the
answer's fields), ``vetoes`` (veto id → the decision's fields) and ``evidence`` (indicator id → the
attached files, each a record of its fields). :func:`diff_sections` compares two such documents field by
field without knowing the fields, so a field added later to an answer, a veto decision or an evidence
file (a veto's basis, a file's kind or verification) shows up in the diff by itself; give it words in
:data:`FIELD_LABELS` (and, if its values need them, :data:`VALUE_WORDS`). The workspace's Revisions
window, the report's "与上一修订版的差异" section and ``case show --json``'s ``changes`` all read
:class:`CaseChanges` from here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from cityeval_desktop.domain.basis import CONCLUSIONS, VERIFICATION_METHODS, kind_title
from cityeval_desktop.domain.methods import Choice, Scale, YesNo
from cityeval_desktop.domain.numbers import plain
from cityeval_desktop.domain.scoring import Answer
from cityeval_desktop.domain.text import Text

if TYPE_CHECKING:
    from cityeval_desktop.domain.framework import Framework, Indicator
    from cityeval_desktop.domain.records import CaseDetail

__all__ = [
    "ADDED",
    "ANSWERS",
    "EVIDENCE",
    "FIELD_LABELS",
    "REMOVED",
    "SECTIONS",
    "VETOES",
    "CaseChanges",
    "Change",
    "ChangeWords",
    "changes_json",
    "describe",
    "diff_details",
    "diff_sections",
    "revision_sections",
    "value_text",
    "words",
]

ANSWERS, VETOES, EVIDENCE = "answers", "vetoes", "evidence"
#: the sections in the order every reader lists them
SECTIONS = (ANSWERS, VETOES, EVIDENCE)
#: the ``field`` of an evidence file that is in one revision only
ADDED, REMOVED = "added", "removed"
#: what identifies an evidence file across revisions (its content and its name)
EVIDENCE_IDENTITY = ("sha256", "name")
#: evidence fields that are bookkeeping, not something the assessor decided (never compared)
_EVIDENCE_BOOKKEEPING = frozenset({"id", "indicator_id", "added_at", "size", "media_type", "original_name", "veto_id"})

Record = dict[str, Any]
Sections = dict[str, dict[str, Any]]

_YES, _NO = Text("是", "yes"), Text("否", "no")

#: the words for each field a reader sees: (section, field) → label. A field without one is shown by
#: its name, so a new field should get its label here.
FIELD_LABELS: dict[tuple[str, str], Text] = {
    (ANSWERS, "value"): Text("答案", "Answer"),
    (ANSWERS, "not_applicable"): Text("不适用", "Not applicable"),
    (ANSWERS, "reason"): Text("不适用理由", "N/A reason"),
    (ANSWERS, "note"): Text("备注", "Note"),
    (ANSWERS, "ground"): Text("不适用依据", "N/A ground"),
    (ANSWERS, "verification"): Text("证据整体核验", "Verification of the evidence"),
    (ANSWERS, "method"): Text("核验方式", "Method"),
    (ANSWERS, "conclusion"): Text("核验结论", "Conclusion"),
    (ANSWERS, "by"): Text("核验人", "Verified by"),
    (ANSWERS, "at"): Text("核验时间", "Verified at"),
    (VETOES, "decision"): Text("否决判定", "Veto decision"),
    (VETOES, "source"): Text("查询来源", "Source"),
    (VETOES, "queried_at"): Text("查询时间", "Queried at"),
    (VETOES, "note"): Text("说明", "Note"),
    (VETOES, "evidence"): Text("依据文件", "Basis files"),
    (EVIDENCE, ADDED): Text("新增证据", "Evidence added"),
    (EVIDENCE, REMOVED): Text("移除证据", "Evidence removed"),
    (EVIDENCE, "kind"): Text("证据类型", "Kind"),
    (EVIDENCE, "dated"): Text("证明日期", "Date proved"),
    (EVIDENCE, "verification"): Text("核验", "Verification"),
    (EVIDENCE, "method"): Text("核验方式", "Method"),
    (EVIDENCE, "conclusion"): Text("核验结论", "Conclusion"),
    (EVIDENCE, "by"): Text("核验人", "Verified by"),
    (EVIDENCE, "at"): Text("核验时间", "Verified at"),
    (EVIDENCE, "note"): Text("说明", "Note"),
}

_DECISION = {True: Text("成立（否决）", "applies (vetoed)"), False: Text("不成立", "does not apply")}
_UNDECIDED = Text("未判定", "undecided")


def _decision_words(value: Any, _indicator: Indicator | None) -> Text | None:
    if value is None:
        return _UNDECIDED
    return _DECISION.get(bool(value))


def _ground_words(value: Any, indicator: Indicator | None) -> Text | None:
    if value is None:
        return None
    rule = getattr(indicator, "not_applicable", None)
    ground = rule.ground(str(value)) if rule is not None else None
    return ground.title if ground is not None else Text(str(value), str(value))


def _catalogue(table: dict[str, Text]) -> Callable[[Any, Indicator | None], Text | None]:
    return lambda value, _indicator: None if value is None else table.get(str(value), Text(str(value), str(value)))


#: values that need more than :func:`words`: (section, field) → words(value, indicator or None); a field
#: inside a record (a verification's method) is looked up the same way
VALUE_WORDS: dict[tuple[str, str], Callable[[Any, Indicator | None], Text | None]] = {
    (ANSWERS, "value"): lambda value, indicator: value_text(indicator, value) if indicator else words(value),
    (ANSWERS, "ground"): _ground_words,
    (VETOES, "decision"): _decision_words,
    (EVIDENCE, "kind"): lambda value, _indicator: None if value is None else kind_title(str(value)),
    **{(section, "method"): _catalogue(VERIFICATION_METHODS) for section in (ANSWERS, EVIDENCE)},
    **{(section, "conclusion"): _catalogue(CONCLUSIONS) for section in (ANSWERS, EVIDENCE)},
}


# ----------------------------------------------------------------------------- the model
@dataclass(frozen=True)
class Change:
    """One field that differs. ``old``/``new`` are the JSON values (None = empty or absent).

    ``section`` is one of :data:`SECTIONS`, ``key`` the indicator or veto id. For evidence, ``item`` names
    the file and ``field`` is :data:`ADDED`, :data:`REMOVED` or a field of a file both revisions hold.
    """

    section: str
    key: str
    field: str
    old: Any
    new: Any
    item: str | None = None


@dataclass(frozen=True)
class CaseChanges:
    """Every change from revision ``from_revision`` to ``to_revision`` (in framework order per section)."""

    from_revision: int
    to_revision: int
    changes: tuple[Change, ...]

    @property
    def empty(self) -> bool:
        return not self.changes

    def of(self, section: str, key: str | None = None) -> list[Change]:
        """The changes of one section, or of one indicator/veto in it."""
        return [c for c in self.changes if c.section == section and (key is None or c.key == key)]

    def keys(self, section: str) -> list[str]:
        """The indicator/veto ids with a change in ``section``, first appearance first."""
        return list(dict.fromkeys(c.key for c in self.changes if c.section == section))

    def grouped(self, framework: Framework | None = None) -> list[Change]:
        """The changes as a reader lists them: per indicator (framework order) its answer, then its
        evidence; the veto decisions last."""
        rank = {i.id: n for n, i in enumerate(framework.indicators())} if framework is not None else {}
        first = {key: n for n, key in enumerate(self.indicator_ids())}

        def key(c: Change) -> tuple[int, int, int]:
            if c.section == VETOES:
                return (1, 0, 0)
            return (0, rank.get(c.key, len(rank) + first.get(c.key, 0)), c.section == EVIDENCE)

        return sorted(self.changes, key=key)

    def indicator_ids(self) -> list[str]:
        """The indicators with any change (answer or evidence)."""
        return list(dict.fromkeys(c.key for c in self.changes if c.section in (ANSWERS, EVIDENCE)))


@dataclass(frozen=True)
class ChangeWords:
    """A change as a reader reads it: what (the field, the file) and the old and new value in words."""

    what: Text
    old: Text | None
    new: Text | None


# ----------------------------------------------------------------------------- sections of a revision
def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else float(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime | date):  # (the date an evidence file proves: YYYY-MM-DD)
        return value.isoformat()
    return value


def _verification(value: Any) -> Record | None:
    """A verification's own fields (which file or indicator it is about is where it sits)."""
    if value is None:
        return None
    record = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    record.pop("indicator_id", None)
    record.pop("sha256", None)
    return record


def _answers(detail: CaseDetail) -> dict[str, Record]:
    out: dict[str, Record] = {}
    whole = getattr(detail, "verification_of", None)
    for indicator_id, answer in detail.answers.items():
        record: Record = {}
        for f in dataclasses.fields(answer):
            value = getattr(answer, f.name)
            if f.name == "value":  # as stored (an N/A answer's kept value is not its answer)
                value = detail.raw_values.get(indicator_id) if answer.value is not None else None
            record[f.name] = value
        out[indicator_id] = record
    if whole is not None:  # how the indicator's evidence as a whole was verified
        for v in detail.verifications:
            if v.sha256 is None:
                record = out.setdefault(v.indicator_id, dict(_ABSENT[ANSWERS]))
                record["verification"] = _verification(v)
    return out


def _veto_record(value: Any) -> Record:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return dict(value)
    return {"decision": value}


def _vetoes(detail: CaseDetail) -> dict[str, Record]:
    out = {veto_id: _veto_record(value) for veto_id, value in detail.vetoes.items()}
    for veto_id, basis in getattr(detail, "veto_basis", {}).items():  # source, query time, note
        out.setdefault(veto_id, {"decision": None}).update(_veto_record(basis) if basis is not None else {})
    for item in detail.evidence:  # the files the decision rests on
        if getattr(item, "veto_id", None):
            out.setdefault(item.veto_id, {"decision": None}).setdefault("evidence", []).append(item.original_name)
    for record in out.values():
        if "evidence" in record:
            record["evidence"] = sorted(record["evidence"])
    return out


def _evidence(detail: CaseDetail) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {}
    own = getattr(detail, "verification_of", None)
    for item in detail.evidence:
        if getattr(item, "veto_id", None):
            continue  # a veto decision's file: part of the veto's basis
        record: Record = {"sha256": item.sha256, "name": item.original_name}
        for f in dataclasses.fields(item):
            if f.name not in _EVIDENCE_BOOKKEEPING and f.name not in record:
                record[f.name] = getattr(item, f.name)
        if own is not None:
            record["verification"] = _verification(own(item.indicator_id, item.sha256))
        out.setdefault(item.indicator_id, []).append(record)
    return out


#: how each section is read from a revision; a new section is one more entry (and its place in SECTIONS)
SECTION_BUILDERS: dict[str, Callable[[CaseDetail], dict[str, Any]]] = {
    ANSWERS: _answers,
    VETOES: _vetoes,
    EVIDENCE: _evidence,
}

#: the record a section compares against when a revision has none for that id
_ABSENT: dict[str, Record] = {
    ANSWERS: {f.name: f.default for f in dataclasses.fields(Answer)},
    VETOES: {"decision": None},
}


def revision_sections(detail: CaseDetail) -> Sections:
    """The parts of a revision an amendment can change, as plain JSON values (see the module docstring)."""
    return {name: _jsonable(build(detail)) for name, build in SECTION_BUILDERS.items()}


# ----------------------------------------------------------------------------- the diff
def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _same(a: Any, b: Any) -> bool:
    if _blank(a) and _blank(b):
        return True
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


def _record_changes(section: str, key: str, old: Record, new: Record, item: str | None = None) -> list[Change]:
    out: list[Change] = []
    for name in [*old, *(k for k in new if k not in old)]:
        a, b = old.get(name), new.get(name)
        if not _same(a, b):
            out.append(Change(section, key, name, None if _blank(a) else a, None if _blank(b) else b, item))
    return out


def _files(records: Iterable[Record]) -> list[Record]:
    return [r for r in records if isinstance(r, dict)]


def _evidence_changes(key: str, old: list[Record], new: list[Record]) -> list[Change]:
    def ident(r: Record) -> tuple[Any, ...]:
        return tuple(r.get(k) for k in EVIDENCE_IDENTITY)

    remaining = list(new)
    removed: list[Record] = []
    kept: list[tuple[Record, Record]] = []
    for a in old:
        match = next((n for n, b in enumerate(remaining) if ident(b) == ident(a)), None)
        if match is None:
            removed.append(a)
        else:
            kept.append((a, remaining.pop(match)))
    out = [Change(EVIDENCE, key, REMOVED, a, None, str(a.get("name") or "")) for a in removed]
    out += [Change(EVIDENCE, key, ADDED, None, b, str(b.get("name") or "")) for b in remaining]
    for a, b in kept:
        rest_a = {k: v for k, v in a.items() if k not in EVIDENCE_IDENTITY}
        rest_b = {k: v for k, v in b.items() if k not in EVIDENCE_IDENTITY}
        out += _record_changes(EVIDENCE, key, rest_a, rest_b, str(a.get("name") or ""))
    return out


def _ordered(keys: Iterable[str], order: list[str]) -> list[str]:
    rank = {k: n for n, k in enumerate(order)}
    return sorted(dict.fromkeys(keys), key=lambda k: (rank.get(k, len(rank)), k))


def diff_sections(
    old: Sections,
    new: Sections,
    *,
    from_revision: int = 0,
    to_revision: int = 0,
    order: dict[str, list[str]] | None = None,
) -> CaseChanges:
    """Every field that differs from ``old`` to ``new`` (two :func:`revision_sections` documents).

    Records are compared field by field over the union of their fields; empty values (None, "", [], {})
    are equal to each other and to a missing field, so an answer cleared and an answer never given are
    the same. Evidence files are matched by content and name (the same file twice counts twice); a
    file in one revision only is :data:`ADDED` or :data:`REMOVED`, a file in both is compared by its
    other fields. ``order`` gives each section's ids in the order to list them (framework order);
    others follow sorted.
    """
    order = order or {}
    changes: list[Change] = []
    for section in [*SECTIONS, *(k for k in [*old, *new] if k not in SECTIONS)]:
        a, b = old.get(section) or {}, new.get(section) or {}
        for key in _ordered([*a, *b], order.get(section, [])):
            if section == EVIDENCE:
                changes += _evidence_changes(key, _files(a.get(key) or []), _files(b.get(key) or []))
                continue
            absent = _ABSENT.get(section, {})
            rec_a, rec_b = a.get(key), b.get(key)
            rec_a = rec_a if isinstance(rec_a, dict) else ({**absent} if rec_a is None else {"value": rec_a})
            rec_b = rec_b if isinstance(rec_b, dict) else ({**absent} if rec_b is None else {"value": rec_b})
            changes += _record_changes(section, key, rec_a, rec_b)
    return CaseChanges(from_revision, to_revision, tuple(changes))


def _framework_order(framework: Framework) -> dict[str, list[str]]:
    indicators = [i.id for i in framework.indicators()]
    return {ANSWERS: indicators, EVIDENCE: indicators, VETOES: [v.id for v in framework.vetoes]}


def diff_details(old: CaseDetail, new: CaseDetail) -> CaseChanges:
    """What changed from revision ``old`` to revision ``new`` (any two revisions; older first reads best).

    Indicators outside the newer revision's tier are left out, as are indicators the framework of
    neither revision knows.
    """
    order = _framework_order(new.framework)
    for name, ids in _framework_order(old.framework).items():
        order[name] += [i for i in ids if i not in order[name]]
    in_tier = {r.id for r in old.result.indicators} | {r.id for r in new.result.indicators}

    def keep(sections: Sections) -> Sections:
        return {
            name: {k: v for k, v in part.items() if name == VETOES or k in in_tier} for name, part in sections.items()
        }

    return diff_sections(
        keep(revision_sections(old)),
        keep(revision_sections(new)),
        from_revision=old.summary.revision,
        to_revision=new.summary.revision,
        order=order,
    )


# ----------------------------------------------------------------------------- words
def value_text(indicator: Indicator | None, value: Any) -> Text | None:
    """An answer value as a reader understands it: the level with its descriptor, the option, a number with unit."""
    if value is None:
        return None
    if indicator is None:
        return words(value)
    method = indicator.method
    if isinstance(method, Scale):
        level = int(value)
        descriptor = method.levels[level] if 0 <= level < len(method.levels) else Text("", "")
        return Text(f"{level} — {descriptor.zh}", f"{level} — {descriptor.en}")
    if isinstance(method, YesNo):
        return _YES if value else _NO
    if isinstance(method, Choice):
        option = method.option(value)
        return option.title if option else Text(str(value), str(value))
    if isinstance(value, Fraction):
        shown = plain(value)
    elif isinstance(value, float):
        shown = format(Decimal(repr(value)).normalize(), "f")
    else:
        shown = str(value)
    unit = getattr(method, "unit", None)
    if unit is None:
        return Text(shown, shown)
    return Text(f"{shown} {unit.zh}", f"{shown} {unit.en}")


def words(value: Any, section: str = "") -> Text | None:
    """Any JSON value in words: yes/no, numbers as written, lists joined, records as "label: value"."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        return _YES if value else _NO
    if isinstance(value, Fraction):
        return Text(plain(value), plain(value))
    if isinstance(value, float):
        shown = format(Decimal(repr(value)).normalize(), "f")
        return Text(shown, shown)
    if isinstance(value, list | tuple):
        parts = [w for w in (words(v, section) for v in value) if w is not None]
        return Text("、".join(p.zh for p in parts), ", ".join(p.en for p in parts))
    if isinstance(value, dict):
        parts_zh, parts_en = [], []
        for name, inner in value.items():
            special = VALUE_WORDS.get((section, str(name)))
            shown = special(inner, None) if special is not None else words(inner, section)
            if shown is None:
                continue
            label = FIELD_LABELS.get((section, str(name)), Text(str(name), str(name)))
            parts_zh.append(f"{label.zh}：{shown.zh}")
            parts_en.append(f"{label.en}: {shown.en}")
        return Text("；".join(parts_zh), "; ".join(parts_en)) if parts_zh else None
    return Text(str(value), str(value))


def field_label(section: str, field: str) -> Text:
    """The label of a field (its name when it has none in :data:`FIELD_LABELS`)."""
    return FIELD_LABELS.get((section, field), Text(field, field))


def describe(change: Change, framework: Framework | None = None) -> ChangeWords:
    """A change in words: what changed and the old and new value (None: empty)."""
    indicator = framework.indicator(change.key) if framework is not None and change.section != VETOES else None
    if change.section == EVIDENCE and change.field in (ADDED, REMOVED):
        name = Text(change.item or "", change.item or "")
        label = field_label(EVIDENCE, change.field)
        return ChangeWords(label, name if change.field == REMOVED else None, name if change.field == ADDED else None)
    label = field_label(change.section, change.field)
    if change.section == EVIDENCE:
        label = Text(f"证据“{change.item}”：{label.zh}", f"evidence '{change.item}': {label.en}")
    special = VALUE_WORDS.get((change.section, change.field))
    if special is not None:
        return ChangeWords(label, special(change.old, indicator), special(change.new, indicator))
    return ChangeWords(label, words(change.old, change.section), words(change.new, change.section))


def changes_json(changes: CaseChanges, framework: Framework | None, lang: str) -> dict[str, Any]:
    """``case show --json``'s ``changes``: each change with its JSON values and, in ``lang``, its words."""
    items = []
    for change in changes.changes:
        shown = describe(change, framework)
        items.append(
            {
                "section": change.section,
                "id": change.key,
                "field": change.field,
                "file": change.item,
                "old": change.old,
                "new": change.new,
                "label": shown.what.get(lang),
                "old_text": shown.old.get(lang) if shown.old is not None else None,
                "new_text": shown.new.get(lang) if shown.new is not None else None,
            }
        )
    return {"from_revision": changes.from_revision, "to_revision": changes.to_revision, "items": items}
