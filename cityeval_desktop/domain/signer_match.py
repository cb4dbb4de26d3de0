"""Whether a signer's certificate belongs to the assessed entity: who may sign a self-check.

A self-check is the entity's own statement, so it is signed by an identity of the entity itself: the
certificate subject's organisation (O) names the entity and, when the subject carries a 统一社会信用代码,
that code is the entity's. Names are compared after NFKC (full-width brackets and letters), without
blanks and case; codes after :func:`cityeval_desktop.domain.uscc.normalize`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cityeval_desktop.domain.text import Text
from cityeval_desktop.domain.uscc import normalize as normalize_uscc

__all__ = ["SignerMismatch", "same_organisation", "signer_mismatch"]

_BLANKS = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]+")


def _name_key(name: str) -> str:
    return _BLANKS.sub("", unicodedata.normalize("NFKC", name)).casefold()


def same_organisation(a: str | None, b: str | None) -> bool:
    """Two organisation names are the same (NFKC, blanks and case ignored); an empty name matches nothing."""
    if not a or not b:
        return False
    return _name_key(a) == _name_key(b) and bool(_name_key(a))


@dataclass(frozen=True)
class SignerMismatch:
    """A signer whose certificate does not name the assessed entity, with the facts on both sides."""

    signer_org: str | None
    signer_uscc: str | None
    entity_name: str
    entity_uscc: str

    @property
    def detail(self) -> Text:
        """Both sides in words (what the report prints after "签署人单位与被评估主体不一致：")."""
        org_zh = f"“{self.signer_org}”" if self.signer_org else "（证书未载明单位）"
        org_en = f"'{self.signer_org}'" if self.signer_org else "(the certificate names no organisation)"
        if self.signer_uscc:
            org_zh += f"（统一社会信用代码 {self.signer_uscc}）"
            org_en += f" (USCC {self.signer_uscc})"
        return Text(
            f"签署人单位 {org_zh}，被评估主体“{self.entity_name}”（统一社会信用代码 {self.entity_uscc}）",
            f"signer's organisation {org_en}, assessed entity '{self.entity_name}' (USCC {self.entity_uscc})",
        )

    @property
    def note(self) -> Text:
        """The line printed on a report signed with the mismatch confirmed."""
        return Text(
            f"签署人单位与被评估主体不一致：{self.detail.zh}；签署人已确认以此身份签署",
            f"The signer's organisation is not the assessed entity: {self.detail.en}; the signer confirmed "
            "signing with this identity",
        )

    def facts(self) -> dict[str, str | None]:
        """What the audit trail records of it (and what :meth:`from_facts` reads back)."""
        return {
            "signer_org": self.signer_org,
            "signer_uscc": self.signer_uscc,
            "entity_name": self.entity_name,
            "entity_uscc": self.entity_uscc,
        }

    @classmethod
    def from_facts(cls, facts: object) -> SignerMismatch | None:
        """The mismatch recorded by :meth:`facts`, or None when ``facts`` is not such a record."""
        if not isinstance(facts, dict) or not isinstance(facts.get("entity_name"), str):
            return None

        def text(key: str) -> str | None:
            value = facts.get(key)
            return value if isinstance(value, str) and value else None

        return cls(text("signer_org"), text("signer_uscc"), facts["entity_name"], text("entity_uscc") or "")


def signer_mismatch(
    signer_org: str | None, signer_uscc: str | None, entity_name: str, entity_uscc: str
) -> SignerMismatch | None:
    """None when the signer's certificate names the entity (its O, and its USCC if it carries one)."""
    org_ok = same_organisation(signer_org, entity_name)
    uscc_ok = signer_uscc is None or normalize_uscc(signer_uscc) == normalize_uscc(entity_uscc)
    if org_ok and uscc_ok:
        return None
    return SignerMismatch(signer_org or None, signer_uscc or None, entity_name, entity_uscc)
