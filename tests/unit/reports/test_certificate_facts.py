"""The certificate's facts as read back from a signed PDF's keywords: outside input, read strictly and bounded."""

from __future__ import annotations

import base64
import json

import pytest

from cityeval_desktop.reports.certificate import (
    FIELDS,
    MAX_PAYLOAD_CHARS,
    PAYLOAD_KEYWORD,
    SCHEMA,
    facts_bytes,
    parse_facts,
    qr_text,
    read_certificate_keywords,
    sha256_hex,
)

FACTS = {key: f"v-{key}" for key in FIELDS} | {"schema": SCHEMA, "vetoed": None, "total": "87.50"}


def _keywords(payload: bytes, sha: str | None = None) -> str:
    sha = sha if sha is not None else sha256_hex(payload)
    return f"{qr_text(sha)}, {PAYLOAD_KEYWORD}{base64.b64encode(payload).decode()}"


def test_facts_round_trip_and_hash_is_that_of_the_canonical_bytes() -> None:
    payload = facts_bytes(FACTS)
    assert payload == json.dumps(FACTS, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    found = read_certificate_keywords(_keywords(payload))
    assert found is not None and found.problem is None and found.payload == payload
    assert found.qr_text == f"cityeval-certificate:1:{sha256_hex(payload)}" and found.sha256 == sha256_hex(payload)
    assert parse_facts(payload) == (FACTS, None)


def test_a_report_that_is_no_certificate_is_not_read_as_one() -> None:
    assert read_certificate_keywords("mini@1, uuid@1, final, cityeval-content-sha256:" + "0" * 64) is None
    assert read_certificate_keywords(None) is None and read_certificate_keywords("") is None


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        (b"\xff\xfe not utf-8", "不是有效的证书数据"),
        (b"[1, 2]", "不是有效的证书数据"),
        (b'{"schema": "x"}', "不是有效的证书数据"),  # fields missing
        (facts_bytes(FACTS)[:-1] + b',"extra":"1"}', "不是有效的证书数据"),
        (facts_bytes({**FACTS, "total": 87.5}), "不是有效的证书数据"),  # a number, not the total's string
        (facts_bytes({**FACTS, "schema": "cityeval-certificate/9"}), "cityeval-certificate/9"),
        (json.dumps(FACTS, ensure_ascii=False, indent=1).encode(), "不是规范形式"),
        (facts_bytes(FACTS)[:-1] + b',"total":"99.00"}', "不是有效的证书数据"),  # a duplicate key
        (b"[" * 100_000, "不是有效的证书数据"),  # nesting deep enough to exhaust the parser
    ],
)
def test_bad_facts_are_refused_with_the_reason(payload: bytes, words: str) -> None:
    facts, problem = parse_facts(payload)
    assert facts is None and problem is not None and words in problem.zh and problem.en


def test_oversized_and_damaged_payloads_are_refused_before_decoding() -> None:
    huge = f"{qr_text('0' * 64)}, {PAYLOAD_KEYWORD}{'A' * (MAX_PAYLOAD_CHARS + 4)}"
    found = read_certificate_keywords(huge)
    assert found is not None and found.payload is None and "过长" in found.problem.zh
    damaged = read_certificate_keywords(f"{qr_text('0' * 64)}, {PAYLOAD_KEYWORD}abc")  # not a multiple of 4
    assert damaged is not None and damaged.payload is None and "编码已损坏" in damaged.problem.zh
    missing = read_certificate_keywords(qr_text("0" * 64))
    assert missing is not None and missing.payload is None and missing.problem is not None


def test_a_payload_without_its_qr_value_is_reported() -> None:
    payload = facts_bytes(FACTS)
    found = read_certificate_keywords(f"{PAYLOAD_KEYWORD}{base64.b64encode(payload).decode()}")
    assert found is not None and found.qr_text is None and found.payload == payload
