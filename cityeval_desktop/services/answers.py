"""Answers as data: parsing and checking an answers document against a case's framework."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from cityeval_desktop.domain.files import FileReadError, read_regular
from cityeval_desktop.domain.framework import Framework
from cityeval_desktop.domain.methods import AnswerValueError
from cityeval_desktop.domain.numbers import NumberRangeError, bounded_decimal, bounded_int
from cityeval_desktop.domain.scoring import Answer
from cityeval_desktop.domain.text import DomainError, Text
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.store.evidence import EvidenceError, check_source, confined_source, shown_name

MAX_ANSWERS_BYTES = 20 * 1024 * 1024
MAX_TEXT = 20_000
_ENTRY_KEYS = {"value", "note", "evidence", "not_applicable", "reason"}
_TOP_KEYS = {"answers", "vetoes", "framework", "comment"}


@dataclass
class AnswerUpdate:
    """Set one indicator's answer (``answer`` None clears it) and add evidence files."""

    indicator_id: str
    answer: Answer | None
    raw_value: Any = None
    evidence: list[Path] = field(default_factory=list)


@dataclass
class AnswerBatch:
    """Everything one answers document changes, checked and ready to apply."""

    answers: list[AnswerUpdate] = field(default_factory=list)
    vetoes: dict[str, bool | None] = field(default_factory=dict)
    source: str = ""


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
    if na:
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
        if raw is not None:
            try:
                value = indicator.method.parse(raw)
            except AnswerValueError as exc:
                problems.append(DomainError(exc.message, f"{where}.value"))
    files: list[Path] = []
    ev = entry.get("evidence", [])
    if not isinstance(ev, list) or not all(isinstance(x, str) and x for x in ev):
        problems.append(DomainError(Text("应为文件路径列表", "expected a list of file paths"), f"{where}.evidence"))
    else:
        for k, name in enumerate(ev):
            path = Path(name)
            try:
                if base_dir is not None:
                    # a document's paths stay inside its folder (DESIGN §6); the window passes chosen files
                    path = confined_source(base_dir, name)
                check_source(path, evidence_limit)
            except EvidenceError as exc:
                problems.append(DomainError(exc.message, f"{where}.evidence[{k}] ({shown_name(name)})"))
            files.append(path)
    if len(problems) > start:
        return None
    answer = Answer(value=value, not_applicable=na, reason=reason, note=note)
    return AnswerUpdate(indicator_id, answer, None if na else raw, files)


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
        elif decided is not None and not isinstance(decided, bool):
            problems.append(
                DomainError(
                    Text(
                        "应为 true（否决成立）、false 或 null（未判定）",
                        "expected true (veto applies), false or null (undecided)",
                    ),
                    where,
                )
            )
        else:
            batch.vetoes[veto_id] = decided
    if problems:
        raise InputError(problems)
    return batch
