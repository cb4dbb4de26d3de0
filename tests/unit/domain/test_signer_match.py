"""Who may sign a self-check: the certificate's organisation (and its code, if it carries one) is the entity."""

from __future__ import annotations

from cryptography import x509
from cryptography.x509.oid import NameOID

from cityeval_desktop.domain.signer_match import SignerMismatch, same_organisation, signer_mismatch
from cityeval_desktop.signing.identity import ORGANIZATION_IDENTIFIER, subject_uscc

ENTITY, USCC = "福州数字规划研究院有限公司", "91350100M000100Y43"


def test_the_entitys_own_name_matches_whatever_the_width_blanks_and_case() -> None:
    assert signer_mismatch(ENTITY, None, ENTITY, USCC) is None
    assert signer_mismatch(" 福州数字规划研究院 有限公司", USCC.lower(), ENTITY, USCC) is None
    assert same_organisation("ＡＢＣ（福州）有限公司", "abc(福州)有限公司")
    assert not same_organisation("", "") and not same_organisation(None, ENTITY)


def test_another_company_no_company_or_another_code_is_a_mismatch() -> None:
    other = signer_mismatch("福建数字评估中心", None, ENTITY, USCC)
    assert isinstance(other, SignerMismatch) and "福建数字评估中心" in other.detail.zh and ENTITY in other.detail.zh
    assert other.note.zh.startswith("签署人单位与被评估主体不一致：")
    none = signer_mismatch(None, None, ENTITY, USCC)
    assert none is not None and "证书未载明单位" in none.detail.zh
    code = signer_mismatch(ENTITY, "91512081MA62K0260E", ENTITY, USCC)  # same name, another organisation's code
    assert code is not None and "91512081MA62K0260E" in code.detail.zh


def test_a_recorded_mismatch_reads_back() -> None:
    found = signer_mismatch("福建数字评估中心", None, ENTITY, USCC)
    assert found is not None and SignerMismatch.from_facts(found.facts()) == found
    assert SignerMismatch.from_facts(None) is None and SignerMismatch.from_facts({"x": 1}) is None


def test_the_code_is_read_from_the_subjects_usual_places_and_only_when_valid() -> None:
    def name(oid: x509.ObjectIdentifier, value: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "王五"), x509.NameAttribute(oid, value)])

    assert subject_uscc(name(ORGANIZATION_IDENTIFIER, USCC)) == USCC
    assert subject_uscc(name(ORGANIZATION_IDENTIFIER, "NTRCN-" + USCC)) == USCC
    assert subject_uscc(name(NameOID.SERIAL_NUMBER, USCC.lower())) == USCC
    assert subject_uscc(name(NameOID.ORGANIZATIONAL_UNIT_NAME, "信息部")) is None
    assert subject_uscc(name(NameOID.SERIAL_NUMBER, "91350100M000100Y44")) is None  # wrong check character
    assert subject_uscc(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "王五")])) is None
