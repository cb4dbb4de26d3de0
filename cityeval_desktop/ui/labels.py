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
