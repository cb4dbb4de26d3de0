"""The user's profile (name, organisation, default signing identity), kept with the other settings."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings

if TYPE_CHECKING:
    from cityeval_desktop.services.context import AppContext

NAME_KEY, ORG_KEY, IDENTITY_KEY = "profile/name", "profile/organisation", "profile/identity"
MAX_NAME = 200  # the case's assessor field holds at most 200 characters


@dataclass(frozen=True)
class Profile:
    """Who works at this computer: the assessor of new cases, the audit actor, the usual identity."""

    name: str = ""
    organisation: str = ""
    identity: str = ""  # path of the default PKCS#12 identity (.p12)


def load_profile() -> Profile:
    """The saved profile (empty fields when none was saved)."""
    settings = QSettings()
    return Profile(
        name=str(settings.value(NAME_KEY, "") or ""),
        organisation=str(settings.value(ORG_KEY, "") or ""),
        identity=str(settings.value(IDENTITY_KEY, "") or ""),
    )


def check_profile(profile: Profile) -> list[str]:
    """What is wrong with ``profile``, one translated line per problem (empty when it can be saved)."""
    problems = []
    for value, what in (
        (profile.name, QCoreApplication.translate("profile", "Name")),
        (profile.organisation, QCoreApplication.translate("profile", "Organisation")),
    ):
        if len(value) > MAX_NAME:
            problems.append(
                QCoreApplication.translate("profile", "%1: at most %2 characters; shorten it.")
                .replace("%1", what)
                .replace("%2", str(MAX_NAME))
            )
        elif any(unicodedata.category(ch).startswith("C") for ch in value):
            problems.append(
                QCoreApplication.translate("profile", "%1: contains control characters; type it again.").replace(
                    "%1", what
                )
            )
    if profile.identity:
        path = Path(profile.identity).expanduser()
        if not path.is_file():
            problems.append(
                QCoreApplication.translate(
                    "profile", "Default identity: %1 is not a file; choose your identity file (.p12)."
                ).replace("%1", profile.identity)
            )
        elif path.suffix.lower() not in (".p12", ".pfx"):
            problems.append(
                QCoreApplication.translate(
                    "profile", "Default identity: %1 is not an identity file (.p12 or .pfx); choose another file."
                ).replace("%1", path.name)
            )
    return problems


def save_profile(profile: Profile) -> Profile:
    """Store the profile (fields trimmed); the caller checks it with :func:`check_profile` first."""
    clean = Profile(profile.name.strip(), profile.organisation.strip(), profile.identity.strip())
    settings = QSettings()
    settings.setValue(NAME_KEY, clean.name)
    settings.setValue(ORG_KEY, clean.organisation)
    settings.setValue(IDENTITY_KEY, clean.identity)
    return clean


def apply_actor(ctx: AppContext) -> str:
    """Name the profile's person in the audit trail of ``ctx`` (the login it was opened with when none)."""
    login = ctx.__dict__.setdefault("_login_actor", ctx.actor)
    ctx.actor = load_profile().name or login
    return ctx.actor
