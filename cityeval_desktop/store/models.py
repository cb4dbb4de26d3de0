"""Typed SQLAlchemy 2 models of the case store (schema changes only via Alembic)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class UTCDateTime(TypeDecorator[datetime]):
    """A UTC datetime that reads back timezone-aware on every backend (SQLite keeps no offset)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    """The one declarative base of the project."""


class FrameworkRow(Base):
    """A framework file's exact bytes, pinned by sha256, so cases score the same forever."""

    __tablename__ = "frameworks"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    framework_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(40))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow)


class Entity(Base):
    """A market entity, identified by its 统一社会信用代码."""

    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    registration_region: Mapped[str] = mapped_column(String(6))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow)


class Case(Base):
    """One revision of an assessment case; (case_uuid, revision) is unique."""

    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("case_uuid", "revision", name="uq_case_revision"),
        Index("ix_cases_status", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_uuid: Mapped[str] = mapped_column(String(36), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    entity_name: Mapped[str] = mapped_column(String(200))
    uscc: Mapped[str] = mapped_column(String(18), index=True)
    region: Mapped[str] = mapped_column(String(12))
    framework_id: Mapped[str] = mapped_column(String(64))
    framework_version: Mapped[str] = mapped_column(String(40))
    framework_sha256: Mapped[str] = mapped_column(ForeignKey("frameworks.sha256"))
    category: Mapped[str] = mapped_column(String(40))
    tier: Mapped[str] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(20))
    assessor: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    amend_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow)
    finalized_at: Mapped[datetime | None] = mapped_column(UTCDateTime(timezone=True), nullable=True)
    # cached figures for fast lists; always recomputed from the answers on change
    total: Mapped[str | None] = mapped_column(String(12), nullable=True)
    grade: Mapped[str | None] = mapped_column(String(10), nullable=True)
    completeness: Mapped[str | None] = mapped_column(String(12), nullable=True)
    # Result.provisional: an answer or a veto decision is still missing (the list shows no grade then)
    provisional: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    #: the shown total (rounded half-up to 2 decimals, DESIGN §4) as an exact integer of hundredths of a
    #: point, so that SQL sorts and sums it on every backend (migration 0010); None: not scored yet
    total_hundredths: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # incremented by every write to this revision, in that write's transaction; finalize locks the
    # revision only if it is still the version its report was rendered from (compare-and-set)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # the case data of issue 12 (all nullable: a case made before it has none of them)
    #: 评估基准日, and the review window (考察期) the framework sets before it
    reference_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    window_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    window_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: 有效期, set at finalize
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: 报告编号 and (finalized third-party results) the certificate number, set at finalize; the numbers
    #: this database issued are kept in ``issued_numbers`` (an imported case carries its sender's)
    report_no: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    certificate_no: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: 综合评价意见 as the lead assessor edited it
    opinion: Mapped[str | None] = mapped_column(Text, nullable=True)

    answers: Mapped[list[AnswerRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="AnswerRow.indicator_id"
    )
    vetoes: Mapped[list[VetoDecision]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="VetoDecision.veto_id"
    )
    evidence: Mapped[list[EvidenceRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="EvidenceRow.id"
    )
    verifications: Mapped[list[VerificationRow]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        order_by="(VerificationRow.indicator_id, VerificationRow.sha256)",
    )
    team: Mapped[list[TeamMemberRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="TeamMemberRow.position"
    )
    declarations: Mapped[list[DeclarationRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="DeclarationRow.id"
    )
    inspections: Mapped[list[InspectionRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="InspectionRow.position"
    )
    dimension_scores: Mapped[list[DimensionScoreRow]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="DimensionScoreRow.dimension_id"
    )


class AnswerRow(Base):
    """The answer to one indicator of one case revision."""

    __tablename__ = "answers"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    indicator_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    value_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    not_applicable: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: the framework's ground id of an N/A (None: no ground named, as in cityeval-framework/1 files)
    ground: Mapped[str | None] = mapped_column(String(64), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow)

    case: Mapped[Case] = relationship(back_populates="answers")


class DimensionScoreRow(Base):
    """The cached score of one dimension of one case revision, written with the case's other cached
    figures (migration 0010): the regional view averages them in SQL instead of re-scoring every case."""

    __tablename__ = "case_dimension_scores"
    __table_args__ = (Index("ix_case_dimension_scores_dimension", "dimension_id"),)

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    dimension_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    #: the shown score D_d in hundredths of a point (exact); None when the dimension is excluded
    score_hundredths: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: no applicable indicator at the case's tier: the dimension is left out of the total (DESIGN §4)
    excluded: Mapped[bool] = mapped_column(Boolean, default=False)

    case: Mapped[Case] = relationship(back_populates="dimension_scores")


class VetoDecision(Base):
    """An assessor's decision on one veto item (true = the veto applies)."""

    __tablename__ = "veto_decisions"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    veto_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    decided: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: the basis of the decision: where it was looked up (信用中国, …) and when (ISO 8601 with its offset)
    source: Mapped[str | None] = mapped_column(String(200), nullable=True)
    queried_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow)

    case: Mapped[Case] = relationship(back_populates="vetoes")


class EvidenceRow(Base):
    """A file attached to an indicator (or, with ``veto_id``, to a veto decision's basis); the bytes
    live in the content-addressed store."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    #: the indicator the file is evidence for ("" for a veto's file)
    indicator_id: Mapped[str] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(100))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow)
    #: one of the indicator's evidence kinds (None: not given yet)
    kind: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: set for a file attached to a veto decision (the query result, the "no record" screenshot)
    veto_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    #: the day the file proves (证明日期, a contract's signing date; None: not said), migration 0009
    dated: Mapped[date | None] = mapped_column(Date, nullable=True)

    case: Mapped[Case] = relationship(back_populates="evidence")


class VerificationRow(Base):
    """How an assessor verified one evidence file (``sha256``) or an indicator's evidence as a whole
    (``sha256`` ""): method, conclusion, by whom and when."""

    __tablename__ = "verifications"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    indicator_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    method: Mapped[str] = mapped_column(String(32))
    conclusion: Mapped[str] = mapped_column(String(16))
    verified_by: Mapped[str] = mapped_column(String(200))
    verified_at: Mapped[str] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow)

    case: Mapped[Case] = relationship(back_populates="verifications")


class TeamMemberRow(Base):
    """One member of a case's assessment team (评审组); a name is one member of one case."""

    __tablename__ = "case_team"
    __table_args__ = (UniqueConstraint("case_id", "name", name="uq_case_team_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    #: lead | member | expert | reviewer
    role: Mapped[str] = mapped_column(String(16))
    org: Mapped[str] = mapped_column(String(200))
    #: qualification or expert-pool number
    qualification: Mapped[str | None] = mapped_column(String(100), nullable=True)

    case: Mapped[Case] = relationship(back_populates="team")


class DeclarationRow(Base):
    """A team member's signed 回避与独立性声明: the statement's exact text and a detached CMS signature over
    its UTF-8 bytes."""

    __tablename__ = "case_declarations"
    __table_args__ = (UniqueConstraint("case_id", "member", name="uq_case_declaration_member"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    member: Mapped[str] = mapped_column(String(100))
    statement: Mapped[str] = mapped_column(Text)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    signer_name: Mapped[str] = mapped_column(String(200))
    signer_fingerprint: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True))

    case: Mapped[Case] = relationship(back_populates="declarations")


class InspectionRow(Base):
    """One on-site inspection record (现场核查记录); lists are stored as JSON arrays of text."""

    __tablename__ = "case_inspections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200))
    participants_json: Mapped[str] = mapped_column(Text)
    checked: Mapped[str] = mapped_column(Text)
    findings: Mapped[str] = mapped_column(Text)
    sampled_projects_json: Mapped[str] = mapped_column(Text, default="[]")
    sampled_staff_json: Mapped[str] = mapped_column(Text, default="[]")
    #: the attachments, each ``{"sha256", "name", "size", "media_type"}`` (bytes in the evidence store)
    attachments_json: Mapped[str] = mapped_column(Text, default="[]")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow)

    case: Mapped[Case] = relationship(back_populates="inspections")


class NumberCounter(Base):
    """The last sequence number handed out in one numbering scope (report or certificate, org, year)."""

    __tablename__ = "number_counters"

    scope: Mapped[str] = mapped_column(String(200), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class IssuedNumber(Base):
    """Every report and certificate number this database handed out, never deleted: a number is
    reserved before the report that carries it is rendered, so one whose finalize failed stays here
    (``issued`` False) and is never handed out again."""

    __tablename__ = "issued_numbers"

    number: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: report | certificate
    kind: Mapped[str] = mapped_column(String(16))
    case_uuid: Mapped[str] = mapped_column(String(36), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    reserved_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow)
    #: True once the finalize that reserved it locked the revision
    issued: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditRow(Base):
    """One append-only audit entry; ``hash`` chains it to the previous entry of its chain."""

    __tablename__ = "audit"
    __table_args__ = (UniqueConstraint("chain", "position", name="uq_audit_chain_position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chain: Mapped[str] = mapped_column(String(36), index=True)
    position: Mapped[int] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    revision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    target: Mapped[str] = mapped_column(String(200), default="")
    old_json: Mapped[str] = mapped_column(Text, default="null")
    new_json: Mapped[str] = mapped_column(Text, default="null")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """Where one audit chain ends (its newest entry), written with that entry: deleting entries shows."""

    __tablename__ = "audit_heads"

    chain: Mapped[str] = mapped_column(String(36), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class Setting(Base):
    """Small key/value settings kept with the database (e.g. evidence size limit)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class TrustedCertificate(Base):
    """A certificate the user trusts (an agency CA or one assessor), kept with the database."""

    __tablename__ = "trusted_certificates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the DER bytes
    subject: Mapped[str] = mapped_column(String(500))
    issuer: Mapped[str] = mapped_column(String(500))
    not_before: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True))
    not_after: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True))
    is_ca: Mapped[bool] = mapped_column(Boolean, default=False)
    pem: Mapped[str] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow)
    added_by: Mapped[str] = mapped_column(String(200), default="")


class CaseReport(Base):
    """A report produced for a case revision; the bytes live in the content-addressed store."""

    __tablename__ = "case_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "pdf"
    lang: Mapped[str] = mapped_column(String(5))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    signed: Mapped[bool] = mapped_column(Boolean, default=False)
    final: Mapped[bool] = mapped_column(Boolean, default=False)  # the report made when finalizing
    signer_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    signer_fingerprint: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow)


class PackageImport(Base):
    """The import ledger: one row per attempt to import a package, rejected ones included."""

    __tablename__ = "package_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200), default="")
    file_name: Mapped[str] = mapped_column(String(500))
    package_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    size: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    case_uuid: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    revision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    signer_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    signer_fingerprint: Mapped[str | None] = mapped_column(String(64), nullable=True)
    trusted: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    #: imported | skipped | superseded | history | rejected
    outcome: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    quarantine: Mapped[str | None] = mapped_column(Text, nullable=True)


class CaseOrigin(Base):
    """Where an imported revision came from; a revision with an origin is read-only at the agency."""

    __tablename__ = "case_origins"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    package_sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(500))
    signer_name: Mapped[str] = mapped_column(String(200))
    signer_fingerprint: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(timezone=True), nullable=True)
    trusted: Mapped[bool] = mapped_column(Boolean)
    #: who chose to import it although its signer is not trusted (``--accept-untrusted``)
    accepted_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(200), default="")
    #: the package signer's certificate and the issuers its signature carried (PEM), to check it again later
    signer_certificates: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: why it is no longer trusted (a revocation list added after it was imported), "zh\nen"
    distrusted: Mapped[str | None] = mapped_column(Text, nullable=True)


class RevocationList(Base):
    """A certificate revocation list (CRL) added to the trust store, as its DER bytes."""

    __tablename__ = "revocation_lists"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    #: the trusted CA certificate that signed the list
    issuer_fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    issuer: Mapped[str] = mapped_column(String(500))
    crl_number: Mapped[str | None] = mapped_column(String(64), nullable=True)
    this_update: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True))
    next_update: Mapped[datetime | None] = mapped_column(UTCDateTime(timezone=True), nullable=True)
    der: Mapped[bytes] = mapped_column(LargeBinary)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow)
    added_by: Mapped[str] = mapped_column(String(200), default="")


class CaRevocation(Base):
    """A CA's register of the certificates it revoked (``ca revoke``), from which ``ca crl`` makes its lists."""

    __tablename__ = "ca_revocations"
    __table_args__ = (UniqueConstraint("ca_fingerprint", "serial", name="uq_ca_revocations_serial"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ca_fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    serial: Mapped[str] = mapped_column(String(64))  # hex
    cert_fingerprint: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(500))
    revoked_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True))
    reason: Mapped[str] = mapped_column(String(40), default="unspecified")
    actor: Mapped[str] = mapped_column(String(200), default="")
    #: sha256 of the revoked certificate's public key (SubjectPublicKeyInfo, DER): the CA will not certify it again
    key_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)


class Objection(Base):
    """An objection (异议) against one finalized third-party revision's result, and its handling.

    ``state`` goes received → under_review → upheld | dismissed (or straight from received to a
    decision); an upheld one withdraws exactly the revision ``case_id`` from the regional view and the
    disclosure (``services/objections.py withdrawn_revision_ids``; docs/objections.md). Migration 0011.
    """

    __tablename__ = "objections"
    __table_args__ = (Index("ix_objections_state", "state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: what the user types and sees: ``YYYY-NNNN`` (the year it was received, a sequence within it)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    #: the revision objected to (never deleted: only drafts are deleted, and a draft is never a target)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    case_uuid: Mapped[str] = mapped_column(String(36))
    revision: Mapped[int] = mapped_column(Integer)
    uscc: Mapped[str] = mapped_column(String(18), index=True)
    category: Mapped[str] = mapped_column(String(40))
    #: who objected (None: not named, an anonymous objection)
    objector: Mapped[str | None] = mapped_column(String(200), nullable=True)
    grounds: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(timezone=True), default=utcnow)
    #: who recorded it (the user of this program)
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    #: received | under_review | upheld | dismissed
    state: Mapped[str] = mapped_column(String(16), default="received")
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(timezone=True), nullable=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(timezone=True), nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    attachments: Mapped[list[ObjectionAttachment]] = relationship(
        back_populates="objection", cascade="all, delete-orphan", order_by="ObjectionAttachment.position"
    )


class ObjectionAttachment(Base):
    """A file handed in with an objection; the bytes live in the content-addressed evidence store."""

    __tablename__ = "objection_attachments"
    __table_args__ = (UniqueConstraint("objection_id", "position", name="uq_objection_attachment_position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    objection_id: Mapped[int] = mapped_column(ForeignKey("objections.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(100))

    objection: Mapped[Objection] = relationship(back_populates="attachments")
