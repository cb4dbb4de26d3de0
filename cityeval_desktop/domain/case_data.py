"""The case data of an official report (issue 12): reference date and review window, validity, report and
certificate numbers, the assessment team, independence declarations, on-site inspection records.

Plain data and the rules on it (dates, the numbering pattern, the words of a declaration); the
services store it, the interfaces show it.
"""

from __future__ import annotations

import string
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cityeval_desktop.domain import days
from cityeval_desktop.domain.text import DomainError, Text

LEAD, MEMBER, EXPERT, REVIEWER, APPROVER = "lead", "member", "expert", "reviewer", "approver"
#: the roles of an assessment team member (评审组), in the order a team is listed: the one place the
#: words of a role come from (the command line, the window's team page, reports)
ROLES: dict[str, Text] = {
    LEAD: Text("组长", "lead assessor"),
    MEMBER: Text("成员", "member"),
    EXPERT: Text("技术专家", "technical expert"),
    REVIEWER: Text("审核", "reviewer"),
    APPROVER: Text("批准", "approver"),
}
#: the roles a team holds at most one member of (批准 is given by one person, who is not the lead)
SINGLE_ROLES = (LEAD, APPROVER)


def role_words(lang: str) -> list[tuple[str, str]]:
    """``(role id, its word in lang)`` for every role, in the order a team is listed (for a choice list)."""
    return [(role, title.get(lang)) for role, title in ROLES.items()]


#: the defaults of a framework that sets neither (docs/framework.md)
DEFAULT_REVIEW_WINDOW_MONTHS = 36
DEFAULT_VALIDITY_YEARS = 3
#: the earliest date a reference date or an inspection may carry
EARLIEST_DAY = date(2000, 1, 1)

MAX_NAME = 100
MAX_ORG = 200
MAX_QUALIFICATION = 100
MAX_TEAM = 50
MAX_OPINION = 20_000

#: the numbering patterns (a setting of the database): fields ``{org}``, ``{year}``, ``{seq}`` only
DEFAULT_REPORT_PATTERN = "{org}-{year}-{seq:04d}"
DEFAULT_CERTIFICATE_PATTERN = "{org}-ZS-{year}-{seq:04d}"
DEFAULT_ORG_CODE = "CE"
MAX_PATTERN = 60
MAX_NUMBER = 64
MAX_ORG_CODE = 20
_FIELDS = ("org", "year", "seq")


@dataclass(frozen=True)
class TeamMember:
    name: str
    role: str
    org: str
    qualification: str | None = None

    def role_title(self, lang: str) -> str:
        found = ROLES.get(self.role)
        return found.get(lang) if found else self.role


@dataclass(frozen=True)
class Declaration:
    """A member's signed independence declaration: the exact statement and a detached CMS signature over
    its UTF-8 bytes."""

    member: str
    statement: str
    signature: bytes
    signer_name: str
    signer_fingerprint: str
    signed_at: datetime


@dataclass(frozen=True)
class InspectionFile:
    sha256: str
    name: str
    size: int
    media_type: str


@dataclass(frozen=True)
class Inspection:
    """One on-site inspection record (现场核查记录)."""

    day: date
    place: str
    participants: tuple[str, ...]
    checked: str
    findings: str
    sampled_projects: tuple[str, ...] = ()
    sampled_staff: tuple[str, ...] = ()
    attachments: tuple[InspectionFile, ...] = ()


@dataclass(frozen=True)
class InspectionSample:
    """How many distinct projects and staff a framework asks the on-site inspections to sample (0: none)."""

    projects: int = 0
    staff: int = 0

    @property
    def asked(self) -> bool:
        return self.projects > 0 or self.staff > 0


#: a framework without an ``inspection`` setting asks for no sample
NO_SAMPLE = InspectionSample()


@dataclass(frozen=True)
class CaseData:
    """What a revision carries besides its answers (all empty for a case made before issue 12)."""

    reference_date: date | None = None
    window_from: date | None = None
    window_to: date | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    report_no: str | None = None
    certificate_no: str | None = None
    opinion: str | None = None
    team: tuple[TeamMember, ...] = ()
    declarations: tuple[Declaration, ...] = ()
    inspections: tuple[Inspection, ...] = ()

    def member(self, name: str) -> TeamMember | None:
        return next((m for m in self.team if m.name == name), None)

    def with_role(self, role: str) -> list[TeamMember]:
        return [m for m in self.team if m.role == role]

    def declaration_of(self, name: str) -> Declaration | None:
        return next((d for d in self.declarations if d.member == name), None)

    def expired(self, today: date | None = None) -> bool:
        """Whether the validity has ended (False while no validity is set)."""
        return self.valid_until is not None and self.valid_until < (today or days.today())


# ----------------------------------------------------------------------------- dates
def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months (the last day of a shorter month when it has no such day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # (unreachable: every month has a 28th)


def review_window(reference: date, months: int) -> tuple[date, date]:
    """The review window (考察期): the ``months`` months up to and including the reference date."""
    return add_months(reference, -months) + timedelta(days=1), reference


def validity(start: date, years: int) -> tuple[date, date]:
    """The validity (有效期) of a result finalized on ``start``: ``years`` years, the last day included."""
    return start, add_months(start, 12 * years) - timedelta(days=1)


def parse_day(value: object, where: str, *, today: date | None = None) -> date:
    """A date written ``YYYY-MM-DD``, not before 2000 and not after today.

    Raises:
        DomainError: Not such a date, or outside those bounds.
    """
    now = today or days.today()
    if not isinstance(value, str) or len(value) != 10:
        raise DomainError(
            Text("日期应写作 YYYY-MM-DD（如 2026-06-30）", "a date is written YYYY-MM-DD (2026-06-30)"), where
        )
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise DomainError(
            Text(f"不是有效日期：{value}（应写作 YYYY-MM-DD）", f"not a valid date: {value} (write YYYY-MM-DD)"), where
        ) from None
    if day < EARLIEST_DAY or day > now:
        raise DomainError(
            Text(
                f"日期 {value} 超出范围：应在 {EARLIEST_DAY} 至今天（{now}）之间",
                f"the date {value} is out of range: it must lie between {EARLIEST_DAY} and today ({now})",
            ),
            where,
        )
    return day


def outside_window(day: date | None, data: CaseData) -> bool:
    """Whether a date an evidence file proves (证明日期) lies outside the case's review window (考察期).

    False when either is not set (a file without a date, a case made before issue 12): only a date
    known to be outside is flagged. Computed from the window as it stands, never stored, so a new
    reference date re-evaluates every file.
    """
    if day is None or data.window_from is None or data.window_to is None:
        return False
    return not data.window_from <= day <= data.window_to


def window_flag(day: date | None, data: CaseData) -> Text | None:
    """What a file dated outside the review window is flagged with (None when it is not)."""
    if not outside_window(day, data):
        return None
    return Text(
        f"证明日期 {day} 不在考察期 {data.window_from} 至 {data.window_to} 内",
        f"the date proved, {day}, lies outside the review window {data.window_from} to {data.window_to}",
    )


# ----------------------------------------------------------------------------- numbering
def pattern_problems(pattern: object) -> list[Text]:
    """What is wrong with a numbering pattern (empty: it is good).

    Allowed: literal text without spaces or braces, the fields ``{org}`` and ``{year}`` without a
    format, and ``{seq}`` exactly once, plain or zero-padded to at most 9 digits (``{seq:04d}``).
    """
    if not isinstance(pattern, str) or not pattern.strip():
        return [Text("编号格式不能为空", "the number pattern must not be empty")]
    if len(pattern) > MAX_PATTERN:
        return [Text(f"编号格式过长（上限 {MAX_PATTERN} 字）", f"the number pattern is too long (limit {MAX_PATTERN})")]
    problems: list[Text] = []
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        return [Text("编号格式中的花括号不成对", "the number pattern has unbalanced braces")]
    seqs = 0
    for literal, field, spec, conversion in parts:
        if any(not ch.isprintable() or ch.isspace() for ch in literal):
            problems.append(
                Text("编号格式不能含空格或控制字符", "the number pattern must hold no spaces or control characters")
            )
        if field is None:
            continue
        if field not in _FIELDS or conversion:
            problems.append(
                Text(
                    f"编号格式只能使用 {{org}}、{{year}}、{{seq}}，不能使用 {{{field}}}",
                    f"the number pattern may use only {{org}}, {{year}} and {{seq}}, not {{{field}}}",
                )
            )
            continue
        if field == "seq":
            seqs += 1
            if spec and not (len(spec) == 3 and spec[0] == "0" and spec[1] in "123456789" and spec[2] == "d"):
                problems.append(
                    Text(
                        f"序号格式 {{seq:{spec}}} 无效：写作 {{seq}} 或 {{seq:04d}}（补零至 1–9 位）",
                        f"the sequence format {{seq:{spec}}} is not valid: write {{seq}} or {{seq:04d}} "
                        "(1 to 9 digits)",
                    )
                )
        elif spec:
            problems.append(Text(f"{{{field}}} 不能带格式（{spec}）", f"{{{field}}} takes no format ({spec})"))
    if seqs != 1:
        problems.append(Text("编号格式须且只须含一个 {seq}（序号）", "the number pattern needs exactly one {seq}"))
    return problems


def org_code_problems(code: object) -> list[Text]:
    """What is wrong with an organisation code for the numbers (one word, at most 20 characters)."""
    if not isinstance(code, str) or not code.strip():
        return [Text("机构代号不能为空", "the organisation code must not be empty")]
    if len(code) > MAX_ORG_CODE or any(not ch.isprintable() or ch.isspace() or ch in "{}" for ch in code):
        return [
            Text(
                f"机构代号应为不含空格和花括号的一个词，不超过 {MAX_ORG_CODE} 字",
                f"the organisation code is one word without spaces or braces, at most {MAX_ORG_CODE} characters",
            )
        ]
    return []


def format_number(pattern: str, org: str, year: int, seq: int) -> str:
    """A number from a checked pattern (see :func:`pattern_problems`)."""
    return pattern.format(org=org, year=year, seq=seq)


def number_scope(kind: str, pattern: str, org: str, year: int) -> str:
    """The counter a number is drawn from: one per kind and organisation, and per year when the pattern shows it."""
    shows_year = any(field == "year" for _, field, _, _ in string.Formatter().parse(pattern))
    return f"{kind}:{org}:{year if shows_year else '*'}"


# ----------------------------------------------------------------------------- declarations
def independence_statement(
    member: TeamMember,
    *,
    entity: str,
    uscc: str,
    window: tuple[date, date],
    case_uuid: str,
    lang: str,
) -> str:
    """The words of a member's 回避与独立性声明 (the text that is signed)."""
    start, end = window
    role = member.role_title(lang)
    if lang == "en":
        return (
            f"I, {member.name} ({member.org}, {role} of the assessment team), declare that during the review "
            f"window from {start} to {end} I had no consultancy engagement, employment, shareholding or relative "
            f"at the assessed entity {entity} (unified social credit code {uscc}), and that I have no interest in "
            f"the outcome of this assessment (case {case_uuid})."
        )
    return (
        f"本人 {member.name}（{member.org}，评审组{role}）声明：在考察期 {start} 至 {end} 内，本人与被评估主体"
        f"{entity}（统一社会信用代码 {uscc}）不存在咨询服务、雇佣、持股或亲属关系，与本次评估（案例 {case_uuid}）"
        "的结果无利害关系。"
    )


# ----------------------------------------------------------------------------- finalize
def finalize_gaps(data: CaseData) -> list[tuple[str, Text]]:
    """What a third-party finalize still needs of the case data, each named: (kind, message).

    A lead, a reviewer who is not the lead, every member's declaration and a written opinion.
    """
    found: list[tuple[str, Text]] = []
    leads = data.with_role(LEAD)
    reviewers = [m for m in data.with_role(REVIEWER) if all(m.name != lead.name for lead in leads)]
    if not leads:
        found.append(("team_lead", Text("评审组没有组长（lead）", "the team has no lead assessor (lead)")))
    if not reviewers:
        found.append(
            (
                "team_reviewer",
                Text(
                    "评审组没有独立于组长的审核人（reviewer）",
                    "the team has no reviewer distinct from the lead (reviewer)",
                ),
            )
        )
    missing = [m.name for m in data.team if data.declaration_of(m.name) is None]
    if missing:
        found.append(
            (
                "declaration_missing",
                Text(
                    f"以下成员尚未签署回避与独立性声明：{'、'.join(missing)}",
                    f"these members have not signed their independence declaration: {', '.join(missing)}",
                ),
            )
        )
    if not (data.opinion or "").strip():
        found.append(
            (
                "opinion_missing",
                Text(
                    "尚无综合评价意见：用 case opinion --draft 起草，编辑后用 case opinion --file 保存",
                    "there is no written opinion: draft one with case opinion --draft, edit it, store it with "
                    "case opinion --file",
                ),
            )
        )
    return found


def _name_key(name: str) -> str:
    """One sampled project or person however it was typed (full-width, spacing, letter case)."""
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()


def sampled_counts(data: CaseData) -> tuple[int, int]:
    """The distinct projects and staff sampled across every inspection record of the case."""
    projects = {_name_key(p) for i in data.inspections for p in i.sampled_projects}
    staff = {_name_key(p) for i in data.inspections for p in i.sampled_staff}
    projects.discard("")
    staff.discard("")
    return len(projects), len(staff)


def _counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def sample_gaps(data: CaseData, sample: InspectionSample) -> list[tuple[str, Text]]:
    """What a third-party finalize still needs of the on-site inspections' sample the framework asks for:
    (kind, message), ``inspection_projects`` and ``inspection_staff``, each distinct name counted once."""
    projects, staff = sampled_counts(data)
    found: list[tuple[str, Text]] = []
    if projects < sample.projects:
        found.append(
            (
                "inspection_projects",
                Text(
                    f"现场核查抽查项目 {projects} 个，框架要求至少 {sample.projects} 个："
                    "请在现场核查记录中列出抽查的项目（sampled_projects）",
                    f"the on-site inspections sampled {_counted(projects, 'project', 'projects')}; the framework "
                    f"asks for at least {sample.projects}: list the sampled projects in the inspection records "
                    "(sampled_projects)",
                ),
            )
        )
    if staff < sample.staff:
        found.append(
            (
                "inspection_staff",
                Text(
                    f"现场核查抽查人员 {staff} 人，框架要求至少 {sample.staff} 人："
                    "请在现场核查记录中列出抽查的人员（sampled_staff）",
                    f"the on-site inspections sampled {_counted(staff, 'staff member', 'staff members')}; the "
                    f"framework asks for at least {sample.staff}: list the sampled staff in the inspection records "
                    "(sampled_staff)",
                ),
            )
        )
    return found
