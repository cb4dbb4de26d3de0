"""The public disclosure (评估结果公示, issue 13 §2.5): public fields only (the leak test), small groups
suppressed, the notice in working days, upheld objections, atomic writes, the signature, and the commands.

The leak test finalizes through the services (signed reports, a team, declarations, an opinion) so every
private text sits where the program stores it; the suppression tests mark revisions finalized straight in
the rows, as tests/unit/services/test_region.py does (what they check is the counting and the figures).
"""

from __future__ import annotations

import csv
import io
import json
import random
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from cityeval_desktop.cli.main import main
from cityeval_desktop.domain import days
from cityeval_desktop.domain import disclosure as dd
from cityeval_desktop.domain.basis import VetoBasis
from cityeval_desktop.domain.disclosure import CalendarDay
from cityeval_desktop.domain.uscc import check_character
from cityeval_desktop.services import case_data, disclosure
from cityeval_desktop.services import cases as case_service
from cityeval_desktop.services import frameworks as fw_registry
from cityeval_desktop.services import objections as obj
from cityeval_desktop.services.errors import InputError
from cityeval_desktop.services.reporting import finalize_and_sign
from cityeval_desktop.signing.identity import create_identity, load_identity
from cityeval_desktop.signing.pades import verify_pdf
from cityeval_desktop.store.models import Case
from tests.case_data_helpers import org_for, staff_if_third_party

FIXTURES = Path(__file__).parents[2] / "fixtures"
DAY = date(2026, 12, 1)  # a Tuesday
PASSWORD = "agency-pw-2026"


def _uscc(region_code: str, serial: int) -> str:
    first = f"91{region_code}MA{serial:07d}"[:17]
    return first + check_character(first)


@pytest.fixture(scope="module")
def lead(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("pki") / "lead.p12"
    return create_identity(
        path, name="保密签名人甲乙丙", org="福建数字评估中心", password="pw-lead-2026", key_size=2048
    )


@pytest.fixture(scope="module")
def agency(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("agency") / "agency.p12"
    create_identity(
        path, name="福建省数字化转型促进中心", org="福建省数字化转型促进中心", password=PASSWORD, key_size=2048
    )
    return path


SECRETS = {
    "note": "备注机密字符串NOTE7781",
    "na_reason": "不适用理由机密NA4410",
    "veto_note": "否决依据机密VETO5520",
    "veto_source": "信用中国查询机密SRC6631",
    "evidence": "证据文件名机密EVID9902.pdf",
    "opinion": "评审意见机密OPIN3317",
    "grounds": "异议理由机密GRND2208",
    "reason": "异议决定理由机密RSN1190",
    "objector": "异议人机密王某OBJ5054",
    "amend": "修订原因机密AMD6606",
}


def _secret_case(ctx: Any, tmp_path: Path, lead: Any, uscc: str, name: str) -> str:
    """A third-party case of the mini framework full of private words, finalized through the services."""
    fw_registry.install_file(ctx, FIXTURES / "mini.yaml")
    ref = case_service.new_case(
        ctx,
        framework="mini",
        tier="city",
        mode="third-party",
        entity_name=name,
        uscc=uscc,
        assessor="评估人机密ASR8870",
    ).ref
    values = {"S": 3, "Y": True, "C": "hi", "T": 9, "B": 6, "R": 60, "P": 14}
    for ind, value in values.items():
        case_service.set_answer(ctx, ref, ind, value=value, note=f"{SECRETS['note']}-{ind}")
    case_service.set_answer(ctx, ref, "X", not_applicable=True, reason=SECRETS["na_reason"])
    case_service.set_veto(ctx, ref, "V1", False, VetoBasis(source=SECRETS["veto_source"], note=SECRETS["veto_note"]))
    case_service.set_veto(ctx, ref, "V2", False)
    evidence = tmp_path / SECRETS["evidence"]
    evidence.write_bytes(b"%PDF-1.4 private evidence")
    case_service.add_evidence(ctx, ref, "S", [evidence])
    staff_if_third_party(ctx, ref, tmp_path, lead=lead)
    case_data.set_opinion(ctx, ref, SECRETS["opinion"] + "：" + "评审组认为材料齐全。" * 3)
    return finalize_and_sign(ctx, ref, lead, org_identity=org_for(ctx, ref)).detail.summary.ref


def _quick(
    ctx: Any,
    uscc: str,
    *,
    name: str | None = None,
    answers: dict[str, Any] | None = None,
    mode: str = "third-party",
    at: datetime | None = None,
) -> str:
    """A planning-consulting case marked finalized in its row (as test_region does)."""
    ref = case_service.new_case(
        ctx, framework="planning-consulting", tier="city", mode=mode, entity_name=name or f"主体{uscc[-5:]}", uscc=uscc
    ).ref
    for indicator, value in (answers or {"P1.1": 6}).items():
        case_service.set_answer(ctx, ref, indicator, value=value)
    with ctx.transaction() as s:
        case = case_service.find_case(s, ref)
        s.execute(
            update(Case)
            .where(Case.id == case.id)
            .values(
                status="finalized",
                finalized_at=at or datetime(2026, 11, 1, 2, tzinfo=UTC),
                valid_from=date(2026, 1, 1),
                valid_until=date(2028, 12, 31),
            )
        )
    return ref


def _read(paths: dict[str, Path]) -> tuple[str, list[list[str]], dict[str, Any]]:
    text = subprocess.run(["pdftotext", "-layout", str(paths["pdf"]), "-"], capture_output=True, check=True).stdout
    raw = paths["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel reads UTF-8 by
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    return text.decode("utf-8"), rows, json.loads(paths["json"].read_text("utf-8"))


def _publish(ctx: Any, agency: Path, folder: Path, lang: str = "zh", **kw: Any) -> tuple[Any, dict[str, Path]]:
    paths = {
        "pdf": folder / f"notice-{lang}.pdf",
        "csv": folder / f"notice-{lang}.csv",
        "json": folder / f"n-{lang}.json",
    }
    result = disclosure.publish(
        ctx,
        load_identity(agency, PASSWORD),
        paths["pdf"],
        csv_out=paths["csv"],
        json_out=paths["json"],
        lang=lang,
        **kw,
    )
    return result, paths


def test_the_leak_test_no_private_word_reaches_any_output(ctx: Any, tmp_path: Path, lead: Any, agency: Path) -> None:
    shown = _secret_case(ctx, tmp_path, lead, _uscc("350100", 11), "公开主体甲有限公司")
    withdrawn = _secret_case(ctx, tmp_path, lead, _uscc("350100", 12), "被撤下主体乙有限公司")
    # a dismissed objection against the shown one, an upheld one against the other
    kept = obj.add_objection(ctx, shown, SECRETS["grounds"], by=SECRETS["objector"])
    obj.decide_objection(ctx, kept.number, upheld=False, reason=SECRETS["reason"])
    gone = obj.add_objection(ctx, withdrawn, SECRETS["grounds"] + "2", by=SECRETS["objector"])
    obj.decide_objection(ctx, gone.number, upheld=True, reason=SECRETS["reason"] + "2")
    # a draft and a self-check full of notes are never disclosed
    draft = case_service.new_case(
        ctx, framework="mini", tier="city", mode="third-party", entity_name="草稿主体丙", uscc=_uscc("350100", 13)
    ).ref
    case_service.set_answer(ctx, draft, "S", value=2, note=SECRETS["note"] + "-draft")
    _quick(ctx, _uscc("350100", 14), name="自评主体丁", mode="self")
    today = days.today()
    result, paths = _publish(ctx, agency, tmp_path, contact="福州市鼓楼区公示路1号，电话 0591-12345678")
    text, rows, data = _read(paths)
    outputs = {"pdf": text, "csv": "\n".join(",".join(r) for r in rows), "json": json.dumps(data, ensure_ascii=False)}
    detail = case_service.load_case(ctx, shown)
    team = [m.name for m in detail.case_data.team]
    assert team and lead.name in team
    private = [*SECRETS.values(), *team, "评估人机密ASR8870", "草稿主体丙", "自评主体丁", "被撤下主体乙有限公司"]
    private.append(_uscc("350100", 12))
    for where, body in outputs.items():
        for word in private:
            assert word not in body, f"{word!r} leaked into the {where}"
        # the public fields are there
        for word in ("公开主体甲有限公司", detail.summary.uscc, "福建数字评估中心"):
            assert word in body.replace("\n", ""), f"{word!r} missing from the {where}"
        # the notice (the PDF and the JSON; the CSV carries the rows)
        assert where == "csv" or "福州市鼓楼区公示路1号" in body.replace("\n", "")
    assert result.entities == 1 and [e["entity"] for e in data["entities"]] == ["公开主体甲有限公司"]
    [entity] = data["entities"]
    assert entity["total"] == float(detail.result.total_shown)
    assert entity["dimensions"] == {d.id: float(d.score_shown) for d in detail.result.dimensions}
    assert entity["valid_until"] == detail.case_data.valid_until.isoformat()
    assert entity["assessor"] == "福建数字评估中心" and entity["result"]
    # the notice: today, 7 working days, the deadline
    period = dd.notice_period(today, 7, [])
    assert data["notice"]["end"] == period.end.isoformat() == data["notice"]["objection_deadline"]
    assert dd.day_words(period.end, "zh") in text
    # the signature: valid, by the agency, trusted once its certificate is
    agency_id = load_identity(agency, PASSWORD)
    [sig] = verify_pdf(paths["pdf"].read_bytes(), [agency_id.certificate])
    assert sig.intact and sig.trusted and sig.signer_name == "福建省数字化转型促进中心"
    pdfsig = subprocess.run(["pdfsig", str(paths["pdf"])], capture_output=True, text=True).stdout
    assert "Signature is Valid" in pdfsig
    # an amended revision of the withdrawn one is disclosed again
    new = case_service.amend(ctx, withdrawn, SECRETS["amend"]).ref
    staff_if_third_party(ctx, new, tmp_path, lead=lead)
    finalize_and_sign(ctx, new, lead, org_identity=org_for(ctx, new))
    (tmp_path / "again").mkdir()
    _, paths = _publish(ctx, agency, tmp_path / "again")
    text, rows, data = _read(paths)
    assert {e["entity"] for e in data["entities"]} == {"公开主体甲有限公司", "被撤下主体乙有限公司"}
    assert SECRETS["amend"] not in text + json.dumps(data, ensure_ascii=False)


def test_small_groups_are_suppressed_in_all_three_outputs(ctx: Any, tmp_path: Path, agency: Path) -> None:
    for n in range(6):
        _quick(ctx, _uscc("350100", 100 + n), answers={"P1.1": 3 + n})
    for n in range(2):
        _quick(ctx, _uscc("350200", 200 + n))
    _, paths = _publish(ctx, agency, tmp_path, as_of=DAY)
    text, rows, data = _read(paths)
    groups = {g["region"]: g for g in data["groups"]}
    assert groups["350100"]["suppressed"] is False and groups["350100"]["entities"] == 6
    assert groups["350100"]["mean_total"] is not None and sum(groups["350100"]["grades"].values()) == 6
    small = groups["350200"]
    assert small == {**small, "suppressed": True, "entities": None, "grades": None, "mean_total": None}
    assert small["dimension_means"] is None
    [everywhere] = data["categories"]
    assert everywhere["entities"] == 8 and not everywhere["suppressed"]
    # every entity row is still listed; only the figures are withheld
    assert len(data["entities"]) == 8
    blank = rows.index([])
    assert len(rows[1:blank]) == 8
    xiamen = next(r for r in rows[blank + 2 :] if r and r[0] == "350200")
    assert xiamen[3] == "—" and xiamen[4] == "—" and xiamen[5] == "—"
    assert rows[-1][0].startswith("“—”：该组少于 5 家")
    line = next(x for x in text.splitlines() if "350200" in x and "厦门" in x and "规划咨询" in x and "—" in x)
    assert line.count("—") >= 3
    assert "该组少于 5 家经营主体" in text
    # the database's setting changes it (and is audited); --min-group overrides it
    assert disclosure.set_min_group(ctx, 2).min_group == 2
    _, paths = _publish(ctx, agency, tmp_path, as_of=DAY)
    assert all(not g["suppressed"] for g in json.loads(paths["json"].read_text("utf-8"))["groups"])
    _, paths = _publish(ctx, agency, tmp_path, "en", as_of=DAY, min_group=7)
    text, rows, data = _read(paths)
    assert all(g["suppressed"] for g in data["groups"]) and data["min_group"] == 7
    assert "fewer than 7 entities" in text and "Public Notice of Assessment Results" in text
    with pytest.raises(InputError):
        disclosure.set_min_group(ctx, 0)


# ----------------------------------------------------------------------------- working days
def _reference_end(start: date, n: int, calendar: dict[date, bool]) -> date:
    """The obvious definition, day by day: the n-th working day from ``start`` (counted when it is one)."""
    day, seen = start, 0
    while True:
        working = calendar.get(day, day.weekday() < 5)
        seen += working
        if working and seen == n:
            return day
        day += timedelta(days=1)


def test_working_days_skip_weekends_holidays_and_count_make_up_days() -> None:
    friday, saturday, sunday = date(2026, 10, 9), date(2026, 10, 10), date(2026, 10, 11)
    assert dd.notice_period(friday, 1, []).end == friday
    assert dd.notice_period(friday, 2, []).end == date(2026, 10, 12)  # over the weekend
    weekend = dd.notice_period(saturday, 1, [])
    assert weekend.first == weekend.end == date(2026, 10, 12) and weekend.published == saturday
    assert dd.notice_period(date(2026, 10, 5), 5, []).end == friday
    holidays = [CalendarDay(date(2026, 10, d)) for d in range(5, 9)]  # Monday to Thursday off
    assert dd.notice_period(date(2026, 10, 5), 1, holidays).end == friday
    make_up = [*holidays, CalendarDay(sunday, working=True)]  # 调休: Sunday worked
    assert dd.notice_period(friday, 2, make_up).end == sunday
    assert dd.notice_period(saturday, 1, make_up).first == sunday
    rng = random.Random(20261001)
    for _ in range(400):
        start = date(2026, 1, 1) + timedelta(days=rng.randrange(700))
        calendar: dict[date, bool] = {}
        for _ in range(rng.randrange(40)):
            day = start + timedelta(days=rng.randrange(-5, 90))
            calendar[day] = day.weekday() >= 5 and rng.random() < 0.5
        entries = dd.check_calendar(CalendarDay(d, w) for d, w in calendar.items())
        n = rng.randint(1, 60)
        period = dd.notice_period(start, n, entries)
        assert period.end == _reference_end(start, n, calendar)
        assert (
            sum(
                dd.is_working_day(period.first + timedelta(i), calendar)
                for i in range((period.end - period.first).days + 1)
            )
            == n
        )


def test_inputs_are_bounded_and_dates_strict() -> None:
    for bad in ("20261001", "2026-1-01", "2026-02-30", "1999-12-31", "2026-10-01x", "", "二〇二六"):
        with pytest.raises(InputError):
            dd.parse_strict_day(bad, "DATE")
    assert dd.parse_strict_day("2026-10-01", "DATE") == date(2026, 10, 1)
    for n in (0, 61, -1):
        with pytest.raises(InputError):
            dd.notice_period(DAY, n, [])
    with pytest.raises(InputError):  # a make-up working day must be a weekend day
        dd.check_calendar([CalendarDay(date(2026, 10, 8), working=True)])
    with pytest.raises(InputError):  # both kinds for one day
        dd.check_calendar([CalendarDay(date(2026, 10, 10)), CalendarDay(date(2026, 10, 10), working=True)])
    many = [CalendarDay(date(2030, 1, 1) + timedelta(days=i)) for i in range(dd.MAX_HOLIDAYS + 1)]
    with pytest.raises(InputError):
        dd.check_calendar(many)
    assert len(dd.check_calendar(many[: dd.MAX_HOLIDAYS])) == dd.MAX_HOLIDAYS
    with pytest.raises(InputError):
        dd.check_contact("x" * (dd.MAX_CONTACT + 1))


def test_the_holiday_list_is_kept_with_the_database(ctx: Any, tmp_path: Path, agency: Path) -> None:
    assert disclosure.holidays(ctx) == []  # nothing shipped: the agency enters the State Council's list
    disclosure.add_holidays(ctx, ["2026-12-02", "2026-12-03"])
    disclosure.add_holidays(ctx, ["2026-12-06"], working=True)
    assert disclosure.holidays(ctx) == [
        CalendarDay(date(2026, 12, 2)),
        CalendarDay(date(2026, 12, 3)),
        CalendarDay(date(2026, 12, 6), True),
    ]
    _quick(ctx, _uscc("350100", 300))
    result, paths = _publish(ctx, agency, tmp_path, as_of=DAY, notice_days=3)
    # Tue 1 (1), Wed 2 and Thu 3 off, Fri 4 (2), Sun 6 worked (3)
    assert (result.notice.first, result.notice.end) == (DAY, date(2026, 12, 6))
    assert json.loads(paths["json"].read_text("utf-8"))["notice"]["end"] == "2026-12-06"
    disclosure.remove_holidays(ctx, ["2026-12-03"])
    assert [c.day.day for c in disclosure.holidays(ctx)] == [2, 6]
    with pytest.raises(InputError):
        disclosure.remove_holidays(ctx, ["2026-12-25"])
    with pytest.raises(InputError):
        disclosure.add_holidays(ctx, ["2026/12/25"])
    from cityeval_desktop.services.reporting import audit_entries

    actions = [e["action"] for e in audit_entries(ctx, "system")]
    assert actions.count("settings.holidays") == 3 and "disclosure.publish" in actions


def test_nothing_is_written_when_a_write_fails(ctx: Any, tmp_path: Path, agency: Path, monkeypatch: Any) -> None:
    import os

    _quick(ctx, _uscc("350100", 400))
    folder = tmp_path / "out"
    folder.mkdir()
    old = folder / "notice-zh.pdf"
    old.write_bytes(b"old notice")
    real_fsync, calls = os.fsync, []

    def failing_fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:  # the JSON, after the PDF and the CSV are ready
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    from cityeval_desktop.services.reporting import audit_entries

    before = len(audit_entries(ctx, "system"))
    with pytest.raises(InputError) as caught:
        _publish(ctx, agency, folder, as_of=DAY)
    assert "nothing was written" in caught.value.render("en")[0]
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert old.read_bytes() == b"old notice"
    assert sorted(p.name for p in folder.iterdir()) == ["notice-zh.pdf"]
    assert len(audit_entries(ctx, "system")) == before


# ----------------------------------------------------------------------------- the commands
def test_the_command_writes_the_three_files_and_refuses_bad_input(
    ctx: Any, tmp_path: Path, agency: Path, capsys: Any, monkeypatch: Any
) -> None:
    for n in range(3):
        _quick(ctx, _uscc("350100", 500 + n))
    db = ["--db", ctx.url, "--data-dir", str(ctx.data_dir)]
    out = tmp_path / "out"
    out.mkdir()
    args = ["region", "disclosure", str(out / "n.pdf"), "--identity", str(agency), "--as-of", "2026-12-01"]
    files = ["--csv", str(out / "n.csv"), "--json", str(out / "n.json")]
    monkeypatch.setenv("CITYEVAL_PASSWORD", "wrong password")
    assert main([*db, "--lang", "en", *args, *files]) == 1
    assert "error:" in capsys.readouterr().err
    monkeypatch.delenv("CITYEVAL_PASSWORD")
    assert main([*db, "--lang", "en", *args]) == 1  # no terminal to ask in, no variable
    assert "CITYEVAL_PASSWORD" in capsys.readouterr().err
    monkeypatch.setenv("CITYEVAL_PASSWORD", PASSWORD)
    refused = [
        ["--notice-days", "0"],
        ["--notice-days", "61"],
        ["--min-group", "0"],
        ["--as-of", "20261201"],
        ["--csv", str(out / "n.pdf")],
        ["--json", str(out)],
        ["--csv", str(tmp_path / "missing" / "n.csv")],
        ["--category", "nonsense"],
        ["--region", "12"],
        ["--contact", "x" * 501],
    ]
    for extra in refused:
        assert main([*db, *args, *extra]) == 1, extra
        assert "error:" in capsys.readouterr().err
    assert main([*db, "region", "disclosure", str(out / "n.pdf"), "--identity", str(tmp_path / "none.p12")]) == 1
    assert "error:" in capsys.readouterr().err
    assert list(out.iterdir()) == []  # nothing written by any refusal
    assert main([*db, "--lang", "en", *args, *files, "--notice-days", "10", "--contact", "Room 1, tel 1"]) == 0
    said = capsys.readouterr().out
    assert "public notice written" in said and "10 working days" in said
    data = json.loads((out / "n.json").read_text("utf-8"))
    assert data["notice"]["working_days"] == 10 and data["lang"] == "en" and len(data["entities"]) == 3
    assert (out / "n.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert main([*db, "verify-pdf", str(out / "n.pdf"), "--trust", str(_cert(agency, tmp_path))]) == 0
    capsys.readouterr()


def _cert(agency: Path, folder: Path) -> Path:
    from cryptography.hazmat.primitives.serialization import Encoding

    pem = folder / "agency.pem"
    pem.write_bytes(load_identity(agency, PASSWORD).certificate.public_bytes(Encoding.PEM))
    return pem


def test_the_settings_commands(ctx: Any, capsys: Any) -> None:
    db = ["--db", ctx.url, "--data-dir", str(ctx.data_dir)]
    assert main([*db, "settings", "holidays", "list"]) == 0
    assert "为空" in capsys.readouterr().out
    assert main([*db, "settings", "holidays", "add", "2026-10-01", "2026-10-02"]) == 0
    assert main([*db, "settings", "holidays", "add", "2026-10-11", "--working"]) == 0
    capsys.readouterr()
    assert main([*db, "settings", "holidays", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"date": "2026-10-01", "working": False},
        {"date": "2026-10-02", "working": False},
        {"date": "2026-10-11", "working": True},
    ]
    assert main([*db, "--lang", "en", "settings", "holidays", "list"]) == 0
    listed = capsys.readouterr().out
    assert "2026-10-11 Sun  make-up working day" in listed and "2026-10-01 Thu  holiday" in listed
    assert main([*db, "settings", "holidays", "add", "2026-10-12", "--working"]) == 1  # a Monday
    assert main([*db, "settings", "holidays", "add", "2026-13-01"]) == 1
    assert main([*db, "settings", "holidays", "remove", "2026-10-02"]) == 0
    assert main([*db, "settings", "holidays", "remove", "2026-10-03"]) == 1
    capsys.readouterr()
    assert main([*db, "settings", "disclosure", "--min-group", "3", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"min_group": 3, "holidays": 2}
    assert main([*db, "settings", "disclosure", "--min-group", "1001"]) == 1
    assert disclosure.disclosure_settings(ctx).min_group == 3
