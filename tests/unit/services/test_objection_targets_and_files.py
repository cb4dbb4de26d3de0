"""What the objection forms of the window ask the service: which result a target names (nothing stored), and
copies of the files handed in (only that objection's, checked against their sha256, written atomically)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from cityeval_desktop.services import objections as obj
from cityeval_desktop.services.errors import InputError, NotFoundError, StateError
from tests.region_helpers import finalize, make
from tests.region_helpers import uscc_in as uscc

AT = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.fixture
def result(ctx) -> tuple[str, str]:
    code = uscc("350100", 71)
    ref = make(ctx, code, answers={"P1.1": 6})
    finalize(ctx, ref, at=AT)
    return code, ref


def test_check_target_names_the_result_and_stores_nothing(ctx, result) -> None:
    code, ref = result
    by_code = obj.check_target(ctx, code)
    assert by_code.case_ref == ref and by_code.uscc == code and by_code.category == "planning-consulting"
    assert obj.check_target(ctx, ref).entity_name == f"主体{code[-4:]}"
    assert obj.list_objections(ctx) == []


def test_check_target_refuses_as_recording_would(ctx, result) -> None:
    code, _ref = result
    draft = make(ctx, uscc("350100", 72), answers={"P1.1": 3})
    own = make(ctx, code, mode="self", answers={"P1.1": 9})
    finalize(ctx, own, at=AT)
    with pytest.raises(StateError, match="draft"):
        obj.check_target(ctx, draft)
    with pytest.raises(StateError, match="self-check"):
        obj.check_target(ctx, own)
    with pytest.raises(NotFoundError):
        obj.check_target(ctx, uscc("350100", 73))
    with pytest.raises(InputError):
        obj.check_target(ctx, code[:-1] + ("0" if code[-1] != "0" else "1"))  # a mistyped check character


def test_a_copy_of_a_file_handed_in_is_its_stored_content(ctx, result, tmp_path: Path) -> None:
    code, _ref = result
    handed = tmp_path / "申诉材料.pdf"
    handed.write_bytes(b"%PDF-1.4 objection evidence")
    info = obj.add_objection(ctx, code, "理由", files=[handed], by="张三")
    (item,) = info.attachments
    out = obj.save_attachment(ctx, info.number, item.sha256, tmp_path / "copy.pdf")
    assert out.read_bytes() == handed.read_bytes()
    viewed = obj.attachment_copy_for_viewing(ctx, info.number, item.sha256)
    assert viewed.name == "申诉材料.pdf" and viewed.read_bytes() == handed.read_bytes()
    with pytest.raises(NotFoundError):
        obj.save_attachment(ctx, info.number, "0" * 64, tmp_path / "other.pdf")
    assert not (tmp_path / "other.pdf").exists()
    ctx.evidence.path_of(item.sha256).write_bytes(b"altered")
    with pytest.raises(StateError, match="altered"):
        obj.save_attachment(ctx, info.number, item.sha256, tmp_path / "altered.pdf")
    assert not (tmp_path / "altered.pdf").exists()
