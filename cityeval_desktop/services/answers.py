"""Answers as data: parsing and checking an answers document against a case's framework."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from cityeval_desktop.domain import basis
from cityeval_desktop.domain.basis import TimeTextError, Verification, VetoBasis
from cityeval_desktop.domain.case_data import parse_day
from cityeval_desktop.domain.files import FileReadError, read_regular
from cityeval_desktop.domain.framework import Framework, Indicator
from cityeval_desktop.domain.methods import AnswerValueError
from cityeval_desktop.domain.numbers import NumberRangeError, bounded_decimal, bounded_int
from cityeval_desktop.domain.scoring import Answer, na_problem
from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.store.evidence import EvidenceError, check_source, confined_source, shown_name

MAX_ANSWERS_BYTES = 20 * 1024 * 1024
MAX_TEXT = 20_000
MAX_FILES = 1000  # evidence entries of one indicator or veto in one document
_ENTRY_KEYS = {"value", "note", "evidence", "not_applicable", "reason", "ground"}
_EVIDENCE_KEYS = {"path", "kind", "verification", "dated"}
_VERIFICATION_KEYS = {"method", "conclusion", "by", "at", "note"}
_VETO_KEYS = {"decision", "source", "queried_at", "note", "evidence"}
_TOP_KEYS = {"answers", "vetoes", "framework", "comment"}


@dataclass
class AnswerUpdate:
    """Set one indicator's answer (``answer`` None clears it) and add evidence files.

    ``kinds``, ``checks`` and ``dated`` give a file's kind, verification and the day it proves by its
    path (the verification's ``sha256`` is filled in once the file is stored).
    """

    indicator_id: str
    answer: Answer | None
    raw_value: Any = None
    evidence: list[Path] = field(default_factory=list)
    kinds: dict[Path, str] = field(default_factory=dict)
    checks: dict[Path, Verification] = field(default_factory=dict)
    #: the day a file proves (证明日期), by its path
    dated: dict[Path, date] = field(default_factory=dict)


@dataclass
class AnswerBatch:
    """Everything one answers document changes, checked and ready to apply.

    ``veto_basis`` holds the basis given with a decision (a bare boolean gives none and keeps the
    stored one); ``veto_evidence`` the files to attach to a decision.
    """

    answers: list[AnswerUpdate] = field(default_factory=list)
    vetoes: dict[str, bool | None] = field(default_factory=dict)
    source: str = ""
    veto_basis: dict[str, VetoBasis] = field(default_factory=dict)
    veto_evidence: dict[str, list[Path]] = field(default_factory=dict)

    def files(self) -> list[Path]:
        """Every file the batch attaches, each once, in document order."""
        seen: dict[Path, None] = {}
        for update in self.answers:
            seen.update(dict.fromkeys(update.evidence))
        for paths in self.veto_evidence.values():
            seen.update(dict.fromkeys(paths))
        return list(seen)


def encode_value(raw: Any) -> str | None:
    """Store a raw answer value as JSON text, keeping decimals exact."""
    if raw is None:
        return None
    if isinstance(raw, Decimal):
        return str(raw)
    return json.dumps(raw, ensure_ascii=False)


def decode_value(text: str | None) -> Any:
    return None if text is None else json.loads(text, parse_float=Decimal)


class _JsonRefusedError(ValueError):
    """Raised inside the JSON parser with the words to show (the parser's own are English only)."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            shown = repr(key[:80])
            raise _JsonRefusedError(Text(f"键 {shown} 重复出现", f"duplicate key {shown}"))
        out[key] = value
    return out


def _reject_constant(name: str) -> Any:
    raise _JsonRefusedError(
        Text(
            "不允许非有限数字（无穷大或非数字）；请填写一个普通数字", f"{name} is not allowed; write an ordinary number"
        )
    )


# The json module's messages have no codes: their English picks the Chinese wording
_JSON_PROBLEMS_ZH = (
    ("Expecting property name", "此处应为用双引号括起的键名（最后一项后面不能有逗号）"),
    ("Expecting value", "此处应有一个值"),
    ("Expecting ',' delimiter", "缺少逗号"),
    ("Expecting ':' delimiter", "缺少冒号"),
    ("Unterminated string", "文本没有结束的双引号"),
    ("Invalid control character", "文本中有控制字符（换行等须写成转义形式）"),
    ("Invalid \\uXXXX escape", "无效的 \\u 转义"),
    ("Invalid \\escape", "无效的转义字符"),
    ("Extra data", "内容结束后还有多余的字符"),
)


def _json_problem_zh(msg: str) -> str:
    for words, zh in _JSON_PROBLEMS_ZH:
        if msg.startswith(words):
            return zh
    return "格式不正确"


def read_json(path: Path) -> Any:
    """Read a JSON file strictly (exact decimals, no NaN, no duplicate keys)."""
    where = str(path)
    try:
        raw = read_regular(path, MAX_ANSWERS_BYTES)
    except FileReadError as exc:
        raise InputError([exc]) from None
    try:
        text = raw.decode("utf-8-sig")
        return json.loads(
            text,
            parse_float=bounded_decimal,
            parse_int=bounded_int,
            object_pairs_hook=_pairs,
            parse_constant=_reject_constant,
        )
    except NumberRangeError as exc:
        raise InputError.one(exc.text, where) from None
    except UnicodeDecodeError:
        raise InputError.one(Text("文件不是 UTF-8 编码", "the file is not UTF-8 text"), where) from None
    except json.JSONDecodeError as exc:
        raise InputError.one(
            Text(
                f"JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）：{_json_problem_zh(exc.msg)}",
                f"malformed JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}",
            ),
            where,
        ) from None
    except _JsonRefusedError as exc:
        raise InputError.one(Text(f"JSON 内容错误：{exc.text.zh}", f"bad JSON content: {exc.text.en}"), where) from None
    except RecursionError:
        raise InputError.one(
            Text("JSON 嵌套层数过多，无法读取", "the JSON is nested too deeply to be read"), where
        ) from None
    except ValueError as exc:
        raise InputError.one(Text("JSON 内容错误：含有无法使用的值", f"bad JSON content: {exc}"), where) from None


def check_text(value: Any, where: str, problems: list[DomainError], *, required: bool = False) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        problems.append(DomainError(Text("应为非空文本", "expected non-empty text"), where))
        return None
    if len(value) > MAX_TEXT:
        problems.append(
            DomainError(
                Text(
                    f"文本过长（{len(value)} 字，上限 {MAX_TEXT} 字）",
                    f"text too long ({len(value)}, limit {MAX_TEXT})",
                ),
                where,
            )
        )
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # a lone surrogate (from a broken paste or a crafted file) cannot be stored or printed
        problems.append(
            DomainError(Text("文本含有无效字符（不成对的代理字符）", "the text holds an invalid character"), where)
        )
        return None
    return value


def check_line(value: Any, where: str, problems: list[DomainError], limit: int) -> str | None:
    """One line of text of at most ``limit`` characters (a source, a name); None when left out or blank."""
    if value is None:
        return None
    text = check_text(value, where, problems)
    if text is None:
        return None
    if len(text) > limit or any(not (ch.isprintable() or ch == " ") for ch in text):
        problems.append(
            DomainError(
                Text(f"应为一行文字，不超过 {limit} 字", f"expected one line of at most {limit} characters"), where
            )
        )
        return None
    return text.strip() or None


def check_kind(indicator: Indicator, kind: Any, where: str, problems: list[DomainError]) -> str | None:
    """One of the indicator's evidence kinds, or a problem listing them."""
    if kind is None:
        return None
    kinds = indicator.evidence_kinds
    if isinstance(kind, str) and kind.strip() in kinds:
        return kind.strip()
    if not kinds:
        problems.append(
            DomainError(
                Text(
                    f"指标 {indicator.id} 没有规定证据类型，不能填写类型",
                    f"indicator {indicator.id} names no evidence kinds; leave the kind out",
                ),
                where,
            )
        )
        return None
    listed = basis.kinds_listed(kinds)
    shown = repr(str(kind)[:40])
    problems.append(
        DomainError(
            Text(
                f"指标 {indicator.id} 的证据类型不能是 {shown}；可选：{listed.zh}",
                f"{shown} is not an evidence kind of indicator {indicator.id}; expected one of: {listed.en}",
            ),
            where,
        )
    )
    return None


def parse_verification(value: Any, indicator_id: str, where: str, problems: list[DomainError]) -> Verification | None:
    """A verification ``{method, conclusion, by, at, note}``; ids or the Chinese words are accepted."""
    start = len(problems)
    if not isinstance(value, dict):
        problems.append(
            DomainError(
                Text(
                    '应为对象 {"method": ..., "conclusion": ..., "by": ..., "at": ...}',
                    'expected an object {"method": ..., "conclusion": ..., "by": ..., "at": ...}',
                ),
                where,
            )
        )
        return None
    unknown = sorted(set(value) - _VERIFICATION_KEYS)
    if unknown:
        problems.append(
            DomainError(Text(f"未知字段：{', '.join(unknown)}", f"unknown field: {', '.join(unknown)}"), where)
        )
    method_text = value.get("method")
    method = basis.method_id(method_text) if isinstance(method_text, str) and len(method_text) <= 40 else None
    if method is None:
        listed = basis.methods_listed()
        problems.append(
            DomainError(
                Text(f"核验方式应为：{listed.zh}", f"the method must be one of: {listed.en}"), f"{where}.method"
            )
        )
    conclusion_text = value.get("conclusion")
    conclusion = (
        basis.conclusion_id(conclusion_text)
        if isinstance(conclusion_text, str) and len(conclusion_text) <= 40
        else None
    )
    if conclusion is None:
        listed = basis.conclusions_listed()
        problems.append(
            DomainError(
                Text(f"核验结论应为：{listed.zh}", f"the conclusion must be one of: {listed.en}"),
                f"{where}.conclusion",
            )
        )
    given_by = value.get("by")
    by = check_line(given_by, f"{where}.by", problems, basis.MAX_BY)
    if given_by is None or (isinstance(given_by, str) and not given_by.strip()):
        problems.append(DomainError(Text("请填写核验人", "say who verified it"), f"{where}.by"))
    at = None
    try:
        at = basis.date_or_time(value.get("at"))  # type: ignore[arg-type]
    except TimeTextError as exc:
        problems.append(DomainError(exc.text, f"{where}.at"))
    note = check_text(value.get("note"), f"{where}.note", problems)
    if len(problems) > start or method is None or conclusion is None or by is None or at is None:
        return None
    return Verification(indicator_id, None, method, conclusion, by, at, note or None)


def evidence_paths(
    ev: Any, where: str, problems: list[DomainError], base_dir: Path | None, evidence_limit: int, *, rich: bool
) -> list[tuple[Path, dict[str, Any], str]]:
    """The files of an ``evidence`` list, each checked: ``(path, the entry as an object, where)``."""
    shape = Text("应为文件路径列表", "expected a list of file paths")
    if rich:
        shape = Text(
            '应为列表，每项是文件路径或 {"path": ..., "kind": ..., "verification": ...}',
            'expected a list of file paths or {"path": ..., "kind": ..., "verification": ...}',
        )
    if not isinstance(ev, list):
        problems.append(DomainError(shape, where))
        return []
    if len(ev) > MAX_FILES:
        problems.append(
            DomainError(
                Text(
                    f"证据文件过多（{len(ev)} 个，上限 {MAX_FILES} 个）",
                    f"too many files ({len(ev)}, limit {MAX_FILES})",
                ),
                where,
            )
        )
        return []
    found = []
    for k, item in enumerate(ev):
        at = f"{where}[{k}]"
        entry: dict[str, Any] = {"path": item} if isinstance(item, str) else item
        if not isinstance(entry, dict) or (not rich and not isinstance(item, str)):
            problems.append(DomainError(shape, at))
            continue
        name = entry.get("path")
        if not isinstance(name, str) or not name:
            problems.append(DomainError(Text("应为文件路径", "expected a file path"), f"{at}.path"))
            continue
        unknown = sorted(set(entry) - _EVIDENCE_KEYS)
        if unknown:
            problems.append(
                DomainError(Text(f"未知字段：{', '.join(unknown)}", f"unknown field: {', '.join(unknown)}"), at)
            )
        path = Path(name)
        try:
            if base_dir is not None:
                # a document's paths stay inside its folder (DESIGN §6); the window passes chosen files
                path = confined_source(base_dir, name)
            check_source(path, evidence_limit)
        except EvidenceError as exc:
            problems.append(DomainError(exc.message, f"{at} ({shown_name(name)})"))
        found.append((path, entry, at))
    return found


def parse_entry(
    framework: Framework,
    tier: str,
    indicator_id: str,
    entry: Any,
    where: str,
    problems: list[DomainError],
    base_dir: Path | None,
    evidence_limit: int,
) -> AnswerUpdate | None:
    """Check one answers-document entry; record problems; return the update if it is good."""
    start = len(problems)
    indicator = framework.indicator(indicator_id)
    if indicator is None:
        problems.append(
            DomainError(
                Text(
                    f"未知指标 “{indicator_id}”（框架 {framework.key}）",
                    f"unknown indicator '{indicator_id}' (framework {framework.key})",
                ),
                where,
            )
        )
        return None
    if not indicator.applies_to(tier):
        problems.append(
            DomainError(
                Text(
                    f"指标 {indicator_id} 不适用于层级 {tier}",
                    f"indicator {indicator_id} does not apply to tier {tier}",
                ),
                where,
            )
        )
        return None
    if entry is None:
        return AnswerUpdate(indicator_id, None)
    if not isinstance(entry, dict):
        problems.append(
            DomainError(Text('应为对象，如 {"value": ...}', 'expected an object such as {"value": ...}'), where)
        )
        return None
    unknown = sorted(set(entry) - _ENTRY_KEYS)
    if unknown:
        problems.append(
            DomainError(Text(f"未知字段：{', '.join(unknown)}", f"unknown field: {', '.join(unknown)}"), where)
        )
    na = entry.get("not_applicable", False)
    if not isinstance(na, bool):
        problems.append(DomainError(Text("应为 true 或 false", "expected true or false"), f"{where}.not_applicable"))
        na = False
    note = check_text(entry.get("note"), f"{where}.note", problems)
    raw = entry.get("value")
    value = None
    reason = None
    ground = None
    if na:
        ground = _na_ground(indicator, entry.get("ground"), where, problems)
        given = entry.get("reason")
        if given is None or (isinstance(given, str) and not given.strip()):
            problems.append(
                DomainError(Text("标记为不适用（N/A）时必须填写理由", "N/A needs a written reason"), f"{where}.reason")
            )
        else:
            reason = check_text(given, f"{where}.reason", problems, required=True)
        if raw is not None:
            problems.append(
                DomainError(
                    Text("不适用（N/A）的指标不能同时有答案", "an N/A indicator cannot also have a value"),
                    f"{where}.value",
                )
            )
    else:
        if entry.get("reason") is not None:
            check_text(entry.get("reason"), f"{where}.reason", problems)
            reason = entry.get("reason") if isinstance(entry.get("reason"), str) else None
        if entry.get("ground") is not None:
            check_line(entry.get("ground"), f"{where}.ground", problems, 64)
            ground = entry.get("ground") if isinstance(entry.get("ground"), str) else None
        if raw is not None:
            try:
                value = indicator.method.parse(raw)
            except AnswerValueError as exc:
                problems.append(DomainError(exc.message, f"{where}.value"))
    files: list[Path] = []
    kinds: dict[Path, str] = {}
    checks: dict[Path, Verification] = {}
    dated: dict[Path, date] = {}
    for path, item, at in evidence_paths(
        entry.get("evidence", []), f"{where}.evidence", problems, base_dir, evidence_limit, rich=True
    ):
        files.append(path)
        kind = check_kind(indicator, item.get("kind"), f"{at}.kind", problems)
        if kind is None and item.get("kind") is None and len(indicator.evidence_kinds) == 1:
            kind = indicator.evidence_kinds[0]  # the one kind the indicator asks for
        if kind is not None:
            kinds[path] = kind
        if item.get("verification") is not None:
            check = parse_verification(item["verification"], indicator.id, f"{at}.verification", problems)
            if check is not None:
                checks[path] = check
        if item.get("dated") is not None:
            try:
                dated[path] = parse_day(item["dated"], f"{at}.dated")
            except DomainError as exc:
                problems.append(
                    DomainError(Text(f"证明日期：{exc.message.zh}", f"the date proved: {exc.message.en}"), exc.where)
                )
    if len(problems) > start:
        return None
    answer = Answer(value=value, not_applicable=na, reason=reason, note=note, ground=ground)
    return AnswerUpdate(indicator_id, answer, None if na else raw, files, kinds, checks, dated)


def _na_ground(indicator: Indicator, given: Any, where: str, problems: list[DomainError]) -> str | None:
    """Check that the framework allows N/A here and that ``given`` is one of its grounds."""
    rule = indicator.not_applicable
    if rule.allowed and rule.free_reason:
        if given is not None:
            problems.append(
                DomainError(
                    Text(
                        "该框架未规定不适用依据，请删去 ground，只写理由",
                        "this framework names no N/A grounds: leave out ground and give a reason",
                    ),
                    f"{where}.ground",
                )
            )
        return None
    ground = given.strip()[:64] if isinstance(given, str) and given.strip() else None
    problem = na_problem(indicator, Answer(not_applicable=True, ground=ground))
    if problem is not None:
        problems.append(DomainError(problem, f"{where}.not_applicable" if not rule.allowed else f"{where}.ground"))
        return None
    return ground


def parse_document(
    doc: Any, framework: Framework, tier: str, *, source: str, base_dir: Path | None, evidence_limit: int
) -> AnswerBatch:
    """Check a whole answers document; raise InputError listing every problem."""
    problems: list[DomainError] = []
    if not isinstance(doc, dict):
        raise InputError.one(
            Text(
                '顶层应为对象 {"answers": ..., "vetoes": ...}',
                'the top level must be an object {"answers": ..., "vetoes": ...}',
            ),
            source,
        )
    unknown = sorted(set(doc) - _TOP_KEYS)
    if unknown:
        problems.append(
            DomainError(Text(f"未知字段：{', '.join(unknown)}", f"unknown field: {', '.join(unknown)}"), source)
        )
    fw = doc.get("framework")
    if fw is not None:
        expected = {framework.key, framework.id}
        if fw not in expected:
            problems.append(
                DomainError(
                    Text(
                        f"答案文件针对框架 {fw}，本案例使用 {framework.key}",
                        f"the file is for framework {fw}, the case uses {framework.key}",
                    ),
                    f"{source}: framework",
                )
            )
    batch = AnswerBatch(source=source)
    answers = doc.get("answers", {})
    if not isinstance(answers, dict):
        problems.append(DomainError(Text("answers 应为对象", "answers must be an object"), f"{source}: answers"))
        answers = {}
    for ind_id, entry in answers.items():
        update = parse_entry(
            framework, tier, ind_id, entry, f"{source}: answers.{ind_id}", problems, base_dir, evidence_limit
        )
        if update is not None:
            batch.answers.append(update)
    vetoes = doc.get("vetoes", {})
    if not isinstance(vetoes, dict):
        problems.append(DomainError(Text("vetoes 应为对象", "vetoes must be an object"), f"{source}: vetoes"))
        vetoes = {}
    for veto_id, decided in vetoes.items():
        where = f"{source}: vetoes.{veto_id}"
        if framework.veto(veto_id) is None:
            known = ", ".join(v.id for v in framework.vetoes)
            problems.append(
                DomainError(
                    Text(f"未知否决项 “{veto_id}”（可选：{known}）", f"unknown veto '{veto_id}' (known: {known})"),
                    where,
                )
            )
        elif isinstance(decided, dict):
            _parse_veto(batch, veto_id, decided, where, problems, base_dir, evidence_limit)
        elif decided is not None and not isinstance(decided, bool):
            problems.append(
                DomainError(
                    Text(
                        "应为 true（否决成立）、false、null（未判定）"
                        '或 {"decision": ..., "source": ..., "queried_at": ...}',
                        'expected true (veto applies), false, null (undecided) or {"decision": ..., "source": ..., '
                        '"queried_at": ...}',
                    ),
                    where,
                )
            )
        else:
            batch.vetoes[veto_id] = decided
    if problems:
        raise InputError(problems)
    return batch


def parse_veto_basis(source: Any, queried_at: Any, note: Any, where: str, problems: list[DomainError]) -> VetoBasis:
    """The basis of a veto decision, each part checked (a blank part is None)."""
    text = check_line(source, f"{where}.source", problems, basis.MAX_SOURCE)
    when = None
    if queried_at is not None and not (isinstance(queried_at, str) and not queried_at.strip()):
        try:
            when = basis.aware_time(queried_at)
        except TimeTextError as exc:
            problems.append(DomainError(exc.text, f"{where}.queried_at"))
    remark = check_text(note, f"{where}.note", problems)
    return VetoBasis(text, when, (remark or "").strip() or None)


def _parse_veto(
    batch: AnswerBatch,
    veto_id: str,
    entry: dict[str, Any],
    where: str,
    problems: list[DomainError],
    base_dir: Path | None,
    evidence_limit: int,
) -> None:
    start = len(problems)
    unknown = sorted(set(entry) - _VETO_KEYS)
    if unknown:
        problems.append(
            DomainError(Text(f"未知字段：{', '.join(unknown)}", f"unknown field: {', '.join(unknown)}"), where)
        )
    decided = entry.get("decision")
    if not isinstance(decided, bool):
        problems.append(
            DomainError(
                Text("decision 应为 true（否决成立）或 false（不成立）", "decision must be true (applies) or false"),
                f"{where}.decision",
            )
        )
    found = parse_veto_basis(entry.get("source"), entry.get("queried_at"), entry.get("note"), where, problems)
    files = [
        path
        for path, _, _ in evidence_paths(
            entry.get("evidence", []), f"{where}.evidence", problems, base_dir, evidence_limit, rich=False
        )
    ]
    if len(problems) > start:
        return
    batch.vetoes[veto_id] = bool(decided)
    batch.veto_basis[veto_id] = found
    if files:
        batch.veto_evidence[veto_id] = files
