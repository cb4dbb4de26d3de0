"""Load and check a framework file; every problem is reported as ``file:line: path: reason``."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cityeval_desktop.domain.case_data import DEFAULT_REVIEW_WINDOW_MONTHS, DEFAULT_VALIDITY_YEARS, InspectionSample
from cityeval_desktop.domain.files import FileReadError, read_regular
from cityeval_desktop.domain.framework import (
    DEFAULT_GAP_BELOW,
    DEFAULT_NA_MAX_SHARE,
    EVIDENCE_ALWAYS,
    EVIDENCE_POSITIVE,
    LEGACY_NOT_APPLICABLE,
    NO_NOT_APPLICABLE,
    SCHEMA_V1,
    SCHEMA_V2,
    Cap,
    Dimension,
    Framework,
    Grade,
    Indicator,
    NaGround,
    NotApplicableRule,
    Tier,
    TierCondition,
    Veto,
)
from cityeval_desktop.domain.methods import (
    Bands,
    Choice,
    ChoiceOption,
    Deduction,
    Method,
    PerItem,
    Ratio,
    Scale,
    Severity,
    Threshold,
    YesNo,
)
from cityeval_desktop.domain.numbers import MAX_NUMBER_TEXT, RANGE_TEXT, NumberRangeError, check_bounds, exact, plain
from cityeval_desktop.domain.text import CityEvalError, Text

# yaml and jsonschema are imported where used: commands that never load a framework file
# (`cityeval case list`) start ~35 ms faster without them.
if TYPE_CHECKING:
    import jsonschema
    import yaml

MAX_FRAMEWORK_BYTES = 4 * 1024 * 1024
SCHEMA_ID = SCHEMA_V1
SCHEMAS = (SCHEMA_V1, SCHEMA_V2)
SCHEMA_FILES = {SCHEMA_V1: "framework.schema.json", SCHEMA_V2: "framework-2.schema.json"}
PathT = tuple[str | int, ...]
_PLAIN_TAGS = {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


@dataclass(frozen=True)
class Problem:
    """One located problem in a framework file."""

    file: str
    line: int
    path: str
    reason: Text

    def render(self, lang: str) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.reason.get(lang)}" if self.path else (f"{where}: {self.reason.get(lang)}")


class FrameworkError(CityEvalError):
    """A framework file that cannot be used; ``problems`` lists every located reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.render("en") for p in problems))
        self.problems = problems

    def render(self, lang: str) -> list[str]:
        return [p.render(lang) for p in self.problems]

    def lines(self, lang: str) -> list[str]:
        return self.render(lang)


# --------------------------------------------------------------------------- YAML with lines
class _Tree:
    """Plain Python data built from a YAML node tree, with the line of every path."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[PathT, int] = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()

    def build(self, node: yaml.Node, path: PathT, loader: Any) -> Any:
        import yaml

        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") and len(node.value) > MAX_NUMBER_TEXT:
                self._problem(path, RANGE_TEXT)  # refused before converting: 10^9 digits would take minutes
                return None
            try:
                value = loader.construct_object(node, deep=True)
            except ValueError:
                self._problem(path, RANGE_TEXT)
                return None
            if isinstance(value, int | float) and not isinstance(value, bool):
                try:
                    check_bounds(value)
                except NumberRangeError:
                    self._problem(path, RANGE_TEXT)
                    return None
                except ValueError:
                    self._problem(
                        path,
                        Text("不是有限数字（不能用 .inf 或 .nan）", "not a finite number (.inf and .nan are refused)"),
                    )
                    return None
            return value
        if node.tag not in _PLAIN_TAGS:
            self._problem(
                path,
                Text("不支持 YAML 标签（只允许普通的文本、数字、列表和映射）", f"YAML tag {node.tag} is not allowed"),
            )
            return None
        if id(node) in self._seen:
            self._problem(path, Text("不支持 YAML 锚点/别名", "YAML anchors and aliases are not supported"))
            return None
        self._seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), loader) for i, item in enumerate(node.value)]
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(path, Text("不支持 YAML 合并键 <<", "YAML merge keys (<<) are not supported"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(path, Text("键必须是简单字符串", "keys must be plain strings"))
                continue
            key = str(loader.construct_object(key_node))
            if key in result:
                self.lines[(*path, key)] = key_node.start_mark.line + 1
                self._problem((*path, key), Text("重复的键", "duplicate key"))
                continue
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, (*path, key), loader)
        return result

    def line(self, path: PathT) -> int:
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)

    def _problem(self, path: PathT, reason: Text) -> None:
        shown = "".join(f"[{x}]" if isinstance(x, int) else (f".{x}" if i else str(x)) for i, x in enumerate(path))
        self.problems.append(Problem(self.file, self.line(path), shown, reason))


def _format_path(data: Any, path: PathT) -> str:
    out = ""
    node = data
    for part in path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            label = item.get("id") if isinstance(item, dict) else None
            out += f"[{label}]" if isinstance(label, str) and label else f"[{part}]"
            node = item
        else:
            out += f".{part}" if out else part
            node = node.get(part) if isinstance(node, dict) else None
    return out


# PyYAML's problems have no codes: its English words pick the Chinese wording (the English stays in English)
_YAML_PROBLEMS_ZH = (
    ("constructor for the tag", "不支持该 YAML 标签（只允许普通的文本、数字、列表和映射）"),
    ("cannot start any token", "此处有不能开始内容的字符（YAML 不能用制表符缩进，请改用空格）"),
    ("maximum nesting depth", "嵌套层数过多"),
    ("mapping values are not allowed", "此处不能开始一个键值（请检查缩进，或给含冒号的文本加引号）"),
    ("did not find expected", "缺少应有的括号、逗号或引号，或缩进不一致"),
    ("expected <block end>", "缩进不一致"),
    ("found unexpected end of stream", "文件在引号或括号结束之前就结束了"),
    ("found undefined alias", "使用了未定义的别名"),
    ("unknown escape character", "双引号文本中有无效的转义字符"),
)


def _yaml_problem_zh(problem: str) -> str:
    for words, zh in _YAML_PROBLEMS_ZH:
        if words in problem:
            return zh
    return "请检查该行及上一行的缩进、冒号、引号和括号"


def _parse_yaml(raw: bytes, file: str) -> tuple[Any, _Tree]:
    import yaml

    tree = _Tree(file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FrameworkError(
            [Problem(file, line, "", Text("文件不是 UTF-8 编码", "the file is not UTF-8 text"))]
        ) from None
    # libyaml's parser when available (same safe constructor, ~10x faster to compose)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise FrameworkError([Problem(file, 1, "", Text("文件为空", "the file is empty"))])
        data = tree.build(node, (), loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or exc.context or "syntax error"
        raise FrameworkError(
            [Problem(file, line, "", Text(f"YAML 语法错误：{_yaml_problem_zh(what)}", f"YAML syntax error: {what}"))]
        ) from None
    except yaml.YAMLError as exc:
        raise FrameworkError(
            [Problem(file, 1, "", Text("YAML 内容无法读取（结构有误）", f"YAML error: {exc}"))]
        ) from None
    finally:
        loader.dispose()
    if tree.problems:
        raise FrameworkError(tree.problems)
    return data, tree


# --------------------------------------------------------------------------- schema
@cache
def framework_schema(schema: str = SCHEMA_V1) -> dict[str, Any]:
    """The JSON Schema of one framework format (forms/framework.schema.json, forms/framework-2.schema.json)."""
    from cityeval_desktop.paths import forms_dir

    return json.loads((forms_dir() / SCHEMA_FILES[schema]).read_text("utf-8"))


_TYPE_ZH = {
    "string": "文本",
    "number": "数字",
    "integer": "整数",
    "object": "映射",
    "array": "列表",
    "boolean": "true/false",
}


def _schema_reason(err: jsonschema.ValidationError) -> Text:
    v, val = err.validator, err.validator_value
    if v == "required":
        missing = [k for k in val if isinstance(err.instance, dict) and k not in err.instance]
        names = ", ".join(missing)
        return Text(f"缺少必填字段：{_quoted(missing)}", f"missing required field: {names}")
    if v == "additionalProperties":
        extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
        names = ", ".join(map(str, extra))
        return Text(f"未知字段：{_quoted(extra)}", f"unknown field: {names}")
    if v == "type":
        got = _shown(err.instance)
        if val == "object" and err.schema.get("required") == ["zh", "en"]:  # a text in both languages
            return Text(
                f"应为中英文两种文本 {{zh: …, en: …}}，实际为 {got}",
                f"expected a text in both languages {{zh: ..., en: ...}}, got {got}",
            )
        types = val if isinstance(val, list) else [val]
        zh = "或".join(_TYPE_ZH.get(t, t) for t in types)
        return Text(f"应为{zh}，实际为 {got}", f"expected {' or '.join(types)}, got {got}")
    if v in ("enum", "const"):
        allowed = ", ".join(map(str, val if isinstance(val, list) else [val]))
        return Text(
            f"取值 {_shown(err.instance)} 不允许，可选：{allowed}",
            f"value {_shown(err.instance)} is not allowed; expected: {allowed}",
        )
    if v in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        op = {"minimum": ">=", "exclusiveMinimum": ">", "maximum": "<=", "exclusiveMaximum": "<"}[v]
        return Text(f"应 {op} {val}，实际为 {err.instance}", f"must be {op} {val}, got {err.instance}")
    if v in ("minItems", "maxItems", "minProperties"):
        bound = {"minItems": f"至少 {val} 项", "maxItems": f"至多 {val} 项", "minProperties": f"至少 {val} 个字段"}[v]
        return Text(f"条目数量不符合要求（应{bound}）", f"wrong number of entries ({v} {val})")
    if v in ("minLength", "maxLength"):
        bound = f"至少 {val} 个字符" if v == "minLength" else f"至多 {val} 个字符"
        n = len(err.instance) if isinstance(err.instance, str) else 0
        return Text(
            f"文本长度不符合要求（应{bound}，实际 {n} 个字符）",
            f"text length out of range ({v} {val}, it has {n} characters)",
        )
    if v == "pattern":
        return Text(
            f"格式不正确：{_shown(err.instance)}（应匹配 {val}）",
            f"badly formed: {_shown(err.instance)} (must match {val})",
        )
    if v == "oneOf" and "severities" in err.schema.get("oneOf", [{}])[-1].get("required", ()):
        return Text(
            "扣分项应给出 “per”（每次扣分）或 “severities”（按严重程度扣分）二者之一",
            "a deduction gives either 'per' (points per occurrence) or 'severities', not both and not neither",
        )
    if v == "oneOf" and "veto_not_raised" in err.schema.get("oneOf", [{}])[-1].get("required", ()):
        return Text(
            "准入条件应只有一种判断：“indicator” 加 “at_least”、“in” 或 “is” 之一，或者 “veto_not_raised”",
            "a condition has exactly one test: 'indicator' with one of 'at_least', 'in' or 'is', or 'veto_not_raised'",
        )
    return Text("不符合框架文件的格式要求", f"does not fit the schema: {err.message}")


def _shown(value: Any, limit: int = 60) -> str:
    """A value as a message shows it: its repr, shortened (a hostile file may hold megabytes in one field)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quoted(names: list[Any]) -> str:
    """Field names as the file must spell them, quoted: they are the file's words, not Chinese ones."""
    return "、".join(f"“{n}”" for n in names)


def _schema_problems(data: Any, tree: _Tree) -> list[Problem]:
    import jsonschema

    version = data.get("schema")
    if version not in SCHEMAS:
        allowed = ", ".join(SCHEMAS)
        return [
            Problem(
                tree.file,
                tree.line(("schema",)),
                "schema",
                Text(
                    f"取值 {version!r} 不允许，可选：{allowed}",
                    f"value {version!r} is not allowed; expected: {allowed}",
                ),
            )
        ]
    validator = jsonschema.Draft202012Validator(framework_schema(version))
    problems = []
    for err in sorted(validator.iter_errors(data), key=lambda e: tree.line(tuple(e.absolute_path))):
        leaves = [err]
        # if/then in "method" hides the real cause one level down
        if err.context and err.validator != "oneOf":  # oneOf: "exactly one of", said as one reason
            leaves = [e for e in err.context if e.validator not in ("if", "allOf")] or leaves
        for leaf in leaves:
            path = tuple(leaf.absolute_path) if leaf is err else (*err.absolute_path, *leaf.path)
            problems.append(Problem(tree.file, tree.line(path), _format_path(data, path), _schema_reason(leaf)))
    # a broken "method" may be reported once per if/then branch: keep each message once
    unique: dict[tuple[int, str, str], Problem] = {}
    for p in problems:
        unique.setdefault((p.line, p.path, p.reason.en), p)
    return list(unique.values())


# --------------------------------------------------------------------------- consistency
class _Checker:
    def __init__(self, data: dict[str, Any], tree: _Tree) -> None:
        self.data = data
        self.tree = tree
        self.problems: list[Problem] = []

    def add(self, path: PathT, reason: Text) -> None:
        self.problems.append(Problem(self.tree.file, self.tree.line(path), _format_path(self.data, path), reason))

    def unique(self, items: Iterable[tuple[PathT, str]], what: Text) -> None:
        seen: dict[str, PathT] = {}
        for path, ident in items:
            if ident in seen:
                first = self.tree.line(seen[ident])
                self.add(
                    path,
                    Text(
                        f"重复的{what.zh} id “{ident}”（第 {first} 行已定义）",
                        f"duplicate {what.en} id '{ident}' (first defined on line {first})",
                    ),
                )
            else:
                seen[ident] = path

    def run(self) -> None:
        d = self.data
        tiers = [t["id"] for t in d["tiers"]]
        self.unique(((("tiers", i, "id"), t) for i, t in enumerate(tiers)), Text("层级", "tier"))
        grades = d["grades"]
        self.unique(((("grades", i, "id"), g["id"]) for i, g in enumerate(grades)), Text("等级", "grade"))
        for i in range(1, len(grades)):
            if exact(grades[i]["min"]) >= exact(grades[i - 1]["min"]):
                self.add(
                    ("grades", i, "min"),
                    Text(
                        "等级须按分数从高到低排列（min 严格递减）",
                        "grades must go from high to low (min strictly decreasing)",
                    ),
                )
        if grades and exact(grades[-1]["min"]) != 0:
            self.add(
                ("grades", len(grades) - 1, "min"),
                Text(
                    "最低等级的 min 应为 0，否则部分总分没有等级",
                    "the lowest grade must have min 0, or some totals get no grade",
                ),
            )
        grade_ids = {g["id"] for g in grades}
        for i, cap in enumerate(d.get("caps", [])):
            if cap["max_grade"] not in grade_ids:
                self.add(
                    ("caps", i, "max_grade"),
                    Text(f"未知等级 “{cap['max_grade']}”", f"unknown grade '{cap['max_grade']}'"),
                )
        dims = d["dimensions"]
        self.unique(((("dimensions", i, "id"), x["id"]) for i, x in enumerate(dims)), Text("维度", "dimension"))
        total = sum((exact(x["weight"]) for x in dims), Fraction(0))
        if total != 100:
            self.add(
                ("dimensions",),
                Text(
                    f"维度权重之和应为 100，实际为 {plain(total)}",
                    f"dimension weights must sum to 100, they sum to {plain(total)}",
                ),
            )
        all_ind = [
            (("dimensions", di, "indicators", ii, "id"), ind["id"])
            for di, x in enumerate(dims)
            for ii, ind in enumerate(x["indicators"])
        ]
        self.unique(all_ind, Text("指标", "indicator"))
        for di, dim in enumerate(dims):
            self.dimension_points(di, dim, tiers)
            for ii, ind in enumerate(dim["indicators"]):
                self.indicator(("dimensions", di, "indicators", ii), ind, tiers)
        vetoes = d.get("vetoes", [])
        self.unique(((("vetoes", i, "id"), v["id"]) for i, v in enumerate(vetoes)), Text("否决项", "veto"))
        if d["schema"] == SCHEMA_V2:
            self.version_2(tiers, grade_ids)

    def dimension_points(self, di: int, dim: dict[str, Any], tiers: list[str]) -> None:
        """The indicator points of a dimension sum to its weight.

        Every indicator counts; a /2 file may instead reach the weight in each tier over the
        indicators that apply to it, so a tier may ask its own questions (``tiers:``) in place of
        another tier's.
        """
        weight = exact(dim["weight"])
        everything = sum((exact(i["points"]) for i in dim["indicators"]), Fraction(0))
        if everything == weight:
            return
        groups: list[tuple[str | None, list[dict[str, Any]]]] = [(None, dim["indicators"])]
        if self.data["schema"] == SCHEMA_V2 and any("tiers" in i for i in dim["indicators"]):
            groups = [(t, [i for i in dim["indicators"] if t in i.get("tiers", tiers)]) for t in tiers]
        for tier, indicators in groups:
            points = sum((exact(i["points"]) for i in indicators), Fraction(0))
            if points == weight:
                continue
            at_zh, at_en = ("", "")
            if tier is not None:
                title = next((t["title"] for t in self.data["tiers"] if t["id"] == tier), {"zh": tier})
                at_zh, at_en = f"在{title['zh']}", f" at tier {tier}"
            self.add(
                ("dimensions", di, "weight"),
                Text(
                    f"维度 {dim['id']} {at_zh}的指标分值之和为 {plain(points)}，应等于维度权重 {plain(weight)}",
                    f"indicator points of {dim['id']}{at_en} sum to {plain(points)}, "
                    f"not to the dimension weight {plain(weight)}",
                ),
            )
            return

    # ----------------------------------------------------------------- cityeval-framework/2 rules
    def version_2(self, tiers: list[str], grade_ids: set[str]) -> None:
        d = self.data
        veto_ids = {v["id"] for v in d.get("vetoes", [])}
        dim_ids = {x["id"] for x in d["dimensions"]}
        indicators = {ind["id"]: ind for x in d["dimensions"] for ind in x["indicators"]}
        grades = d["grades"]
        passing = [g.get("pass", True) for g in grades]
        if passing and not passing[0]:
            self.add(("grades", 0, "pass"), Text("最高等级必须是通过等级", "the highest grade must be a passing grade"))
        for i in range(1, len(grades)):
            if passing[i] and not passing[i - 1]:
                self.add(
                    ("grades", i, "pass"),
                    Text(
                        "未通过的等级之下不能再有通过的等级（pass: false 只用于最低的等级）",
                        "a passing grade cannot be below a failing one (pass: false belongs on the lowest grades)",
                    ),
                )
        for i, cap in enumerate(d.get("caps", [])):
            dim = cap.get("dimension")
            if dim is not None and dim not in dim_ids:
                self.add(("caps", i, "dimension"), Text(f"未知维度 “{dim}”", f"unknown dimension '{dim}'"))
        marked = [i for i, v in enumerate(d.get("vetoes", [])) if v.get("false_evidence")]
        for i in marked[1:]:
            self.add(
                ("vetoes", i, "false_evidence"),
                Text("只能有一个否决项标记 false_evidence", "only one veto can be marked false_evidence"),
            )
        for ti, tier in enumerate(d["tiers"]):
            self.tier(ti, tier, tiers, grade_ids, passing, veto_ids, indicators)
        for di, dim in enumerate(d["dimensions"]):
            for ii, ind in enumerate(dim["indicators"]):
                self.indicator_2(("dimensions", di, "indicators", ii), ind, veto_ids)

    def tier(
        self,
        ti: int,
        tier: dict[str, Any],
        tiers: list[str],
        grade_ids: set[str],
        passing: list[bool],
        veto_ids: set[str],
        indicators: dict[str, dict[str, Any]],
    ) -> None:
        base: PathT = ("tiers", ti)
        pass_grade = tier.get("pass_grade")
        if pass_grade is not None:
            ids = [g["id"] for g in self.data["grades"]]
            if pass_grade not in grade_ids:
                self.add((*base, "pass_grade"), Text(f"未知等级 “{pass_grade}”", f"unknown grade '{pass_grade}'"))
            elif not passing[ids.index(pass_grade)]:
                self.add(
                    (*base, "pass_grade"),
                    Text(f"等级 “{pass_grade}” 不是通过等级", f"grade '{pass_grade}' is not a passing grade"),
                )
        fallback = tier.get("fallback")
        if fallback is not None:
            if fallback not in tiers:
                self.add((*base, "fallback"), Text(f"未知层级 “{fallback}”", f"unknown tier '{fallback}'"))
            elif tiers.index(fallback) <= ti:
                self.add(
                    (*base, "fallback"),
                    Text(
                        f"降级评定的层级 “{fallback}” 应低于本层级（层级按从高到低排列）",
                        f"the fallback tier '{fallback}' must be below this tier (tiers go from high to low)",
                    ),
                )
        conditions = tier.get("conditions", [])
        self.unique(
            (((*base, "conditions", k, "id"), c["id"]) for k, c in enumerate(conditions)), Text("准入条件", "condition")
        )
        for k, cond in enumerate(conditions):
            self.condition((*base, "conditions", k), cond, tier["id"], veto_ids, indicators)

    def condition(
        self,
        cpath: PathT,
        cond: dict[str, Any],
        tier_id: str,
        veto_ids: set[str],
        indicators: dict[str, dict[str, Any]],
    ) -> None:
        veto = cond.get("veto_not_raised")
        if veto is not None:
            if veto not in veto_ids:
                self.add((*cpath, "veto_not_raised"), Text(f"未知否决项 “{veto}”", f"unknown veto '{veto}'"))
            return
        ind_id = cond["indicator"]
        ind = indicators.get(ind_id)
        if ind is None:
            self.add((*cpath, "indicator"), Text(f"未知指标 “{ind_id}”", f"unknown indicator '{ind_id}'"))
            return
        if tier_id not in ind.get("tiers", [t["id"] for t in self.data["tiers"]]):
            self.add(
                (*cpath, "indicator"),
                Text(
                    f"指标 {ind_id} 不适用于层级 “{tier_id}”，不能作为其准入条件",
                    f"indicator {ind_id} does not apply to tier '{tier_id}', so it cannot be its condition",
                ),
            )
        method = ind["method"]
        kind = method["type"]
        if "at_least" in cond:
            if kind not in ("scale", "threshold", "bands", "ratio", "per_item"):
                self.add(
                    (*cpath, "at_least"),
                    Text(
                        f"“at_least” 只能用于数值或等级类指标（{ind_id} 的计分方法是 {kind}）",
                        f"'at_least' applies to numeric and scale indicators only ({ind_id} is scored by {kind})",
                    ),
                )
            elif kind == "scale":
                top = len(method["levels"]) - 1
                level = exact(cond["at_least"])
                if level.denominator != 1 or level > top:
                    self.add(
                        (*cpath, "at_least"),
                        Text(
                            f"等级条件应为 0–{top} 的整数，实际为 {plain(level)}",
                            f"a level condition must be a whole number 0-{top}, got {plain(level)}",
                        ),
                    )
        elif "in" in cond:
            if kind != "choice":
                self.add(
                    (*cpath, "in"),
                    Text(
                        f"“in” 只能用于选项类指标（{ind_id} 的计分方法是 {kind}）",
                        f"'in' applies to choice indicators only ({ind_id} is scored by {kind})",
                    ),
                )
            else:
                options = {o["id"] for o in method["options"]}
                for k, option in enumerate(cond["in"]):
                    if option not in options:
                        self.add(
                            (*cpath, "in", k),
                            Text(
                                f"指标 {ind_id} 没有选项 “{option}”（可选：{', '.join(sorted(options))}）",
                                f"indicator {ind_id} has no option '{option}' (options: {', '.join(sorted(options))})",
                            ),
                        )
        elif "is" in cond and kind != "yes_no":
            self.add(
                (*cpath, "is"),
                Text(
                    f"“is” 只能用于是否类指标（{ind_id} 的计分方法是 {kind}）",
                    f"'is' applies to yes_no indicators only ({ind_id} is scored by {kind})",
                ),
            )

    def indicator_2(self, base: PathT, ind: dict[str, Any], veto_ids: set[str]) -> None:
        na = ind.get("not_applicable")
        if na is not None:
            grounds = na.get("grounds", [])
            if na["allowed"] and not grounds:
                self.add(
                    (*base, "not_applicable", "grounds"),
                    Text(
                        "允许不适用时至少要列出一项不适用的依据（grounds）",
                        "N/A allowed needs at least one ground (grounds)",
                    ),
                )
            if not na["allowed"]:
                for key in ("grounds", "evidence"):
                    if key in na:
                        self.add(
                            (*base, "not_applicable", key),
                            Text(
                                f"不允许不适用时不能给出 “{key}”",
                                f"'{key}' is given but N/A is not allowed",
                            ),
                        )
            elif "why_not" in na:
                self.add(
                    (*base, "not_applicable", "why_not"),
                    Text(
                        "“why_not” 是拒绝不适用时的说明，但此处允许不适用",
                        "'why_not' is the message when N/A is refused, but N/A is allowed here",
                    ),
                )
            self.unique(
                (((*base, "not_applicable", "grounds", k, "id"), g["id"]) for k, g in enumerate(grounds)),
                Text("不适用依据", "ground"),
            )
        ev = ind.get("evidence", {})
        if "when" in ev and not ev.get("required", False):
            self.add(
                (*base, "evidence", "when"),
                Text(
                    "“when” 只在证据为必需（required: true）时有意义",
                    "'when' only matters when evidence is required (required: true)",
                ),
            )
        m = ind["method"]
        severities = m.get("severities", []) if m["type"] == "deduction" else []
        self.unique(
            (((*base, "method", "severities", k, "id"), v["id"]) for k, v in enumerate(severities)),
            Text("严重程度", "severity"),
        )
        for k, sev in enumerate(severities):
            veto = sev.get("veto")
            if veto is not None and veto not in veto_ids:
                self.add(
                    (*base, "method", "severities", k, "veto"), Text(f"未知否决项 “{veto}”", f"unknown veto '{veto}'")
                )

    def indicator(self, base: PathT, ind: dict[str, Any], tiers: list[str]) -> None:
        applies = ind.get("tiers", tiers)
        for k, t in enumerate(applies):
            if t not in tiers:
                self.add(
                    (*base, "tiers", k),
                    Text(
                        f"未知层级 “{t}”（已定义：{', '.join(tiers)}）",
                        f"unknown tier '{t}' (defined: {', '.join(tiers)})",
                    ),
                )
        if len(set(applies)) != len(applies):
            self.add((*base, "tiers"), Text("层级重复", "a tier is listed twice"))
        m = ind["method"]
        mpath = (*base, "method")
        if m["type"] == "threshold":
            for t in m["thresholds"]:
                if t not in tiers:
                    self.add((*mpath, "thresholds", t), Text(f"未知层级 “{t}”", f"unknown tier '{t}'"))
            for t in applies:
                if t in tiers and t not in m["thresholds"]:
                    self.add((*mpath, "thresholds"), Text(f"缺少层级 “{t}” 的门槛值", f"no threshold for tier '{t}'"))
        if m["type"] in ("threshold", "bands"):
            bands = m["bands"]
            for k in range(1, len(bands)):
                if exact(bands[k][0]) >= exact(bands[k - 1][0]):
                    self.add(
                        (*mpath, "bands", k),
                        Text(
                            "分档须从高到低排列（下限严格递减）",
                            "bands must go from high to low (bounds strictly decreasing)",
                        ),
                    )
                elif exact(bands[k][1]) > exact(bands[k - 1][1]):
                    self.add(
                        (*mpath, "bands", k),
                        Text("分档得分率不能高于上一档", "a lower band cannot score more than the band above"),
                    )
        if m["type"] == "choice":
            self.unique(
                (((*mpath, "options", k, "id"), o["id"]) for k, o in enumerate(m["options"])), Text("选项", "option")
            )


# --------------------------------------------------------------------------- build
def _text(v: dict[str, str] | None) -> Text | None:
    return Text(v["zh"], v["en"]) if v else None


def _bands(raw: list[list[Any]]) -> tuple[tuple[Fraction, Fraction], ...]:
    return tuple((exact(a), exact(b)) for a, b in raw)


def _method(m: dict[str, Any]) -> Method:
    kind = m["type"]
    unit = _text(m.get("unit"))
    if kind == "scale":
        return Scale(tuple(Text(x["zh"], x["en"]) for x in m["levels"]))
    if kind == "yes_no":
        return YesNo()
    if kind == "choice":
        return Choice(
            tuple(
                ChoiceOption(o["id"], Text(o["title"]["zh"], o["title"]["en"]), exact(o["fraction"]))
                for o in m["options"]
            )
        )
    if kind == "threshold":
        return Threshold({k: exact(v) for k, v in m["thresholds"].items()}, _bands(m["bands"]), unit)
    if kind == "bands":
        return Bands(_bands(m["bands"]), unit)
    if kind == "ratio":
        return Ratio(exact(m["target"]), unit)
    if kind == "per_item":
        return PerItem(exact(m["per"]), unit)
    severities = tuple(
        Severity(v["id"], Text(v["title"]["zh"], v["title"]["en"]), exact(v["per"]), v.get("veto"))
        for v in m.get("severities", ())
    )
    per = exact(m["per"]) if "per" in m else min(v.per for v in severities)
    return Deduction(per, unit, severities)


def _not_applicable(raw: dict[str, Any] | None, v2: bool) -> NotApplicableRule:
    if not v2:
        return LEGACY_NOT_APPLICABLE
    if raw is None:
        return NO_NOT_APPLICABLE
    return NotApplicableRule(
        allowed=bool(raw["allowed"]),
        grounds=tuple(
            NaGround(g["id"], Text(g["title"]["zh"], g["title"]["en"]), _text(g.get("source")))
            for g in raw.get("grounds", ())
        ),
        evidence=bool(raw.get("evidence", False)),
        why_not=_text(raw.get("why_not")),
    )


def _condition(c: dict[str, Any]) -> TierCondition:
    return TierCondition(
        id=c["id"],
        title=Text(c["title"]["zh"], c["title"]["en"]),
        indicator=c.get("indicator"),
        at_least=exact(c["at_least"]) if "at_least" in c else None,
        one_of=tuple(c["in"]) if "in" in c else None,
        is_true=True if "is" in c else None,
        veto_not_raised=c.get("veto_not_raised"),
        source=_text(c.get("source")),
    )


def _title(x: dict[str, Any]) -> Text:
    return Text(x["title"]["zh"], x["title"]["en"])


def _tier(t: dict[str, Any]) -> Tier:
    return Tier(
        t["id"],
        _title(t),
        pass_grade=t.get("pass_grade"),
        conditions=tuple(_condition(c) for c in t.get("conditions", ())),
        fallback=t.get("fallback"),
    )


def _build(data: dict[str, Any], raw: bytes, source: str) -> Framework:
    tier_ids = tuple(t["id"] for t in data["tiers"])
    v2 = data["schema"] == SCHEMA_V2
    dims = []
    for x in data["dimensions"]:
        inds = []
        for i in x["indicators"]:
            ev = i.get("evidence", {})
            inds.append(
                Indicator(
                    id=i["id"],
                    title=Text(i["title"]["zh"], i["title"]["en"]),
                    guidance=_text(i.get("guidance")),
                    improve=_text(i.get("improve")),
                    points=exact(i["points"]),
                    method=_method(i["method"]),
                    evidence_required=bool(ev.get("required", False)),
                    evidence_kinds=tuple(ev.get("kinds", ())),
                    tiers=tuple(i.get("tiers", tier_ids)),
                    dimension_id=x["id"],
                    self_check=_text(i.get("self_check")),
                    not_applicable=_not_applicable(i.get("not_applicable"), v2),
                    evidence_when=ev.get("when", EVIDENCE_POSITIVE) if v2 else EVIDENCE_ALWAYS,
                    source=_text(i.get("source")),
                )
            )
        dims.append(Dimension(x["id"], _title(x), exact(x["weight"]), tuple(inds)))
    return Framework(
        id=data["id"],
        version=str(data["version"]),
        category=data["category"],
        title=Text(data["title"]["zh"], data["title"]["en"]),
        description=_text(data.get("description")),
        tiers=tuple(_tier(t) for t in data["tiers"]),
        grades=tuple(
            Grade(
                g["id"],
                exact(g["min"]),
                int(g.get("stars", 0)),
                _title(g),
                bool(g.get("pass", True)),
            )
            for g in data["grades"]
        ),
        caps=tuple(Cap(exact(c["dimension_below"]), c["max_grade"], c.get("dimension")) for c in data.get("caps", [])),
        dimensions=tuple(dims),
        vetoes=tuple(
            Veto(
                v["id"],
                Text(v["title"]["zh"], v["title"]["en"]),
                _text(v.get("guidance")),
                _text(v.get("self_check")),
                sources=tuple(Text(x["zh"], x["en"]) for x in v.get("sources", ())),
                basis_required=bool(v.get("basis_required", True)) if v2 else False,
                false_evidence=bool(v.get("false_evidence", False)),
                source=_text(v.get("source")),
            )
            for v in data.get("vetoes", [])
        ),
        sha256=hashlib.sha256(raw).hexdigest(),
        source=source,
        raw=raw,
        schema=data["schema"],
        not_applicable_max_share=exact(data.get("not_applicable_max_share", DEFAULT_NA_MAX_SHARE))
        if v2
        else Fraction(1),
        gap_below=exact(data.get("gap_below", DEFAULT_GAP_BELOW)) if v2 else Fraction(1),
        review_window_months=int(data.get("review_window_months", DEFAULT_REVIEW_WINDOW_MONTHS)),
        validity_years=int(data.get("validity_years", DEFAULT_VALIDITY_YEARS)),
        inspection=InspectionSample(
            int(data.get("inspection", {}).get("sample_projects", 0)),
            int(data.get("inspection", {}).get("sample_staff", 0)),
        ),
    )


def load_bytes(raw: bytes, source: str = "<framework>") -> Framework:
    """Parse and check framework bytes; raise FrameworkError listing every problem."""
    if len(raw) > MAX_FRAMEWORK_BYTES:
        raise FrameworkError(
            [
                Problem(
                    source,
                    1,
                    "",
                    Text(
                        f"文件过大（{len(raw)} 字节，上限 {MAX_FRAMEWORK_BYTES}）",
                        f"file too large ({len(raw)} bytes, limit {MAX_FRAMEWORK_BYTES})",
                    ),
                )
            ]
        )
    data, tree = _parse_yaml(raw, source)
    if not isinstance(data, dict):
        raise FrameworkError([Problem(source, 1, "", Text("顶层应为映射", "the top level must be a mapping"))])
    problems = _schema_problems(data, tree)
    if problems:
        raise FrameworkError(problems)
    checker = _Checker(data, tree)
    checker.run()
    if checker.problems:
        raise FrameworkError(sorted(checker.problems, key=lambda p: p.line))
    return _build(data, raw, source)


@dataclass(frozen=True)
class FrameworkWords:
    """The titles of a framework's dimensions, grades and tiers, by id (as :func:`load_bytes` builds them)."""

    dimensions: tuple[tuple[str, Text], ...]
    grades: tuple[tuple[str, Text], ...]
    tiers: tuple[tuple[str, Text], ...]


def load_words(raw: bytes, source: str = "<framework>") -> FrameworkWords:
    """The titles of the framework text ``raw`` without its checks, for a text checked when it was stored
    (a pinned framework whose SHA-256 still matches): the regional view names the dimensions, grades and
    tiers of thousands of cases and a whole load (schema and cross checks, ~0.3 s with the schema
    library's import in a fresh process) is more than the rest of its work. A FrameworkError where the
    text does not have them."""
    import yaml

    try:  # libyaml's safe loader, without the line-numbered tree of a checked load
        data = yaml.load(raw.decode("utf-8-sig"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (UnicodeDecodeError, yaml.YAMLError):
        data = None
    try:
        return FrameworkWords(
            dimensions=tuple((x["id"], _title(x)) for x in data["dimensions"]),
            grades=tuple((g["id"], _title(g)) for g in data["grades"]),
            tiers=tuple((t["id"], _title(t)) for t in data["tiers"]),
        )
    except (KeyError, TypeError, AttributeError):
        raise FrameworkError(
            [
                Problem(
                    source,
                    1,
                    "",
                    Text("框架缺少维度、等级或层级的名称", "the framework lacks dimension, grade or tier titles"),
                )
            ]
        ) from None


def load_file(path: Path | str) -> Framework:
    """Load one framework file; unreadable files become a located FrameworkError."""
    p = Path(path)
    try:
        # a pipe in the frameworks folder must not hang `forms list`; the size is checked before reading
        raw = read_regular(p, MAX_FRAMEWORK_BYTES)
    except FileReadError as exc:
        raise FrameworkError([Problem(str(p), 1, "", exc.message)]) from None
    return load_bytes(raw, str(p))
