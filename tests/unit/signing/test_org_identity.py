"""Organisation identities (issue 12 §1.5) and the role fields of a report's signatures (§1.4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cityeval_desktop.signing.errors import SigningError
from cityeval_desktop.signing.identity import ORGANIZATION_IDENTIFIER, create_identity, load_identity
from cityeval_desktop.signing.pades import ROLE_FIELDS, sign_pdf, verify_pdf

ORG = "福建数字评估中心"
USCC = "91350100PGJX20268U"
PASSWORD = "org-identity-2026"


def test_an_identity_with_a_code_in_its_subject_is_an_organisation_identity(tmp_path: Path) -> None:
    create_identity(tmp_path / "org.p12", name=ORG, org=ORG, uscc=USCC, password=PASSWORD, key_size=2048)
    create_identity(tmp_path / "person.p12", name="张三", org=ORG, password=PASSWORD, key_size=2048)
    org, person = load_identity(tmp_path / "org.p12", PASSWORD), load_identity(tmp_path / "person.p12", PASSWORD)
    assert org.is_organisation and org.uscc == USCC
    assert org.certificate.subject.get_attributes_for_oid(ORGANIZATION_IDENTIFIER)[0].value == USCC
    assert not person.is_organisation and person.uscc is None


def test_the_service_makes_an_organisation_identity_only_with_its_name_and_code(tmp_path: Path) -> None:
    from cityeval_desktop.services.identities import create_identity as make

    with pytest.raises(SigningError) as err:
        make(None, tmp_path / "x.p12", name="", org=ORG, password=PASSWORD, key_size=2048, organisation_identity=True)
    assert "--uscc" in err.value.render("en") and "统一社会信用代码" in err.value.render("zh")
    assert not (tmp_path / "x.p12").exists()
    info = make(
        None, tmp_path / "org.p12", name="", org=ORG, uscc=USCC, password=PASSWORD, key_size=2048,
        organisation_identity=True,
    )  # fmt: skip
    assert (info.name, info.organisation, info.uscc, info.is_organisation) == (ORG, ORG, USCC, True)


def test_each_role_signs_its_own_field_once(helpers: Any, pki: Any) -> None:
    pdf = helpers.small_pdf(pages=1)
    lead = sign_pdf(pdf, pki.signer, box=(0, (40.0, 40.0, 220.0, 120.0)), role="lead")
    with pytest.raises(SigningError) as err:
        sign_pdf(lead, pki.signer, box=(0, (240.0, 40.0, 420.0, 120.0)), role="lead")
    assert "lead assessor's signature" in err.value.render("en")
    both = sign_pdf(lead, pki.signer, box=(0, (240.0, 40.0, 420.0, 120.0)), role="org")
    reports = verify_pdf(both, [pki.ca.certificate])
    assert [(r.field_name, r.role) for r in reports] == [(ROLE_FIELDS["lead"], "lead"), (ROLE_FIELDS["org"], "org")]
    assert all(r.ok for r in reports) and [r.later_signatures for r in reports] == [1, 0]


def test_a_later_untrusted_signature_needs_to_hold_only_when_trust_is_judged_apart(helpers: Any, pki: Any) -> None:
    pdf = helpers.small_pdf(pages=1)
    lead = sign_pdf(pdf, pki.signer, box=(0, (40.0, 40.0, 220.0, 120.0)), role="lead")
    folder = pki.folder / "untrusted"
    folder.mkdir(exist_ok=True)
    stranger = create_identity(folder / "s.p12", name="外人", org=None, password=PASSWORD, key_size=2048)
    both = sign_pdf(lead, stranger, box=(0, (240.0, 40.0, 420.0, 120.0)), role="org")
    first, second = verify_pdf(both, [pki.ca.certificate])
    assert not first.covers_whole_document and not second.trusted  # the default: the later one must be trusted
    first, second = verify_pdf(both, [pki.ca.certificate], trust_later=False)
    assert first.ok and first.covers_whole_document and not second.ok
