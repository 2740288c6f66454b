"""Logging reads of personal data, and the read and audit logs as auditors see them (scoped to their area)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from povmis.accounts.scoping import AnyUser, Capability, may, scope
from povmis.registry.models import AuditEntry, Household, PersonalDataRead
from povmis.units.models import AdminUnit

What = PersonalDataRead.What


def log_household_read(user: AnyUser, household: Household, year: int | None) -> None:
    """One entry for a household's page or API answer, with its answers, members and class."""
    if user.is_authenticated:
        PersonalDataRead.objects.create(
            user_id=user.pk, what=What.HOUSEHOLD, household=household, commune_id=household.commune_id, year=year
        )


def log_list_read(user: AnyUser, what: str, commune: AdminUnit, year: int) -> None:
    """One entry for a printed list of a commune's households (names, classes, scores)."""
    if user.is_authenticated:
        PersonalDataRead.objects.create(user_id=user.pk, what=what, commune=commune, year=year)


def read_log(user: AnyUser, household_code: str | None = None) -> QuerySet[PersonalDataRead]:
    """The entries an auditor (or administrator) may see: those of their area; nothing for other roles."""
    if not may(user, Capability.READ_LOG):
        return PersonalDataRead.objects.none()
    entries = scope(user, PersonalDataRead.objects.select_related("user", "household", "commune"))
    return entries.filter(household__code=household_code) if household_code else entries


@dataclass(frozen=True)
class AuditFilter:
    """What the audit log page narrows to; an empty field narrows nothing."""

    household: str = ""
    field: str = ""
    account: str = ""
    source: str = ""
    since: date | None = None
    until: date | None = None  # inclusive


def audit_log(user: AnyUser, wanted: AuditFilter | None = None) -> QuerySet[AuditEntry]:
    """The changes to answers an auditor (or administrator) may see, newest first: those of their area only."""
    if not may(user, Capability.AUDIT_LOG):
        return AuditEntry.objects.none()
    wanted = wanted or AuditFilter()
    entries = scope(user, AuditEntry.objects.select_related("household", "cycle", "changed_by"))
    narrowing = {
        "household__code": wanted.household,
        "field": wanted.field,
        "changed_by__username": wanted.account,
        "source": wanted.source,
        "changed_at__date__gte": wanted.since,
        "changed_at__date__lte": wanted.until,
    }
    return entries.filter(**{lookup: value for lookup, value in narrowing.items() if value})
