"""Translated labels for the core's fixed vocabularies (categories, modes, statuses)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def category(value: str) -> str:
    return {
        "planning-consulting": QCoreApplication.translate("labels", "Planning & consulting"),
        "construction-implementation": QCoreApplication.translate("labels", "Construction & implementation"),
        "operations-maintenance": QCoreApplication.translate("labels", "Operations & maintenance"),
    }.get(value, value)


def mode(value: str) -> str:
    return {
        "self": QCoreApplication.translate("labels", "Self-assessment"),
        "third-party": QCoreApplication.translate("labels", "Third-party"),
    }.get(value, value)


def status(value: str) -> str:
    return {
        "draft": QCoreApplication.translate("labels", "Draft"),
        "finalized": QCoreApplication.translate("labels", "Finalized"),
    }.get(value, value)


def indicator_status(value: str) -> str:
    return {
        "answered": QCoreApplication.translate("labels", "Answered"),
        "unanswered": QCoreApplication.translate("labels", "Unanswered"),
        "not_applicable": QCoreApplication.translate("labels", "N/A"),
    }.get(value, value)


def stars(count: int, total: int = 5) -> str:
    return "★" * count + "☆" * max(0, total - count)


CATEGORIES = ("planning-consulting", "construction-implementation", "operations-maintenance")
MODES = ("self", "third-party")
STATUSES = ("draft", "finalized")
TIERS = ("regional", "city", "enterprise")


def tier(value: str) -> str:
    return {
        "regional": QCoreApplication.translate("labels", "Regional service"),
        "city": QCoreApplication.translate("labels", "City service"),
        "enterprise": QCoreApplication.translate("labels", "Enterprise service"),
    }.get(value, value)


def method_type(value: str) -> str:
    return {
        "scale": QCoreApplication.translate("labels", "Levels"),
        "yes_no": QCoreApplication.translate("labels", "Yes / no"),
        "choice": QCoreApplication.translate("labels", "Choice"),
        "threshold": QCoreApplication.translate("labels", "Tier threshold"),
        "bands": QCoreApplication.translate("labels", "Bands"),
        "ratio": QCoreApplication.translate("labels", "Ratio to target"),
        "per_item": QCoreApplication.translate("labels", "Per item"),
        "deduction": QCoreApplication.translate("labels", "Deduction"),
    }.get(value, value)


def evidence_kind(value: str) -> str:
    return {
        "contract": QCoreApplication.translate("labels", "contract"),
        "acceptance-report": QCoreApplication.translate("labels", "acceptance report"),
        "certificate": QCoreApplication.translate("labels", "certificate"),
        "staff-certificates": QCoreApplication.translate("labels", "staff certificates and social insurance"),
        "ip-certificate": QCoreApplication.translate("labels", "IP certificate"),
        "audited-financials": QCoreApplication.translate("labels", "audited financial statements"),
        "credit-report": QCoreApplication.translate("labels", "credit report"),
        "government-document": QCoreApplication.translate("labels", "government document"),
        "ops-report": QCoreApplication.translate("labels", "operations report"),
        "survey": QCoreApplication.translate("labels", "survey"),
        "standard": QCoreApplication.translate("labels", "standard"),
    }.get(value, value)


def evidence_kinds(values: tuple[str, ...] | list[str]) -> str:
    return QCoreApplication.translate("labels", ", ").join(evidence_kind(v) for v in values)


def sentences(parts: list[str]) -> str:
    """Join sentences: Chinese runs them together, English puts a space between them."""
    from cityeval_desktop.ui import i18n

    return ("" if i18n.lang() == "zh" else " ").join(p for p in parts if p)


def labelled(label: str, value: str) -> str:
    """ "label: value" with the colon of the interface language."""
    return QCoreApplication.translate("labels", "%1: %2").replace("%1", label).replace("%2", value)
