"""Accounts and their roles, managed by administrators on the users page: one function per use case.

Each role works at one level of the administrative units (a commune cadre in a commune, a district
officer in a district, ...). Every change is recorded (RoleChange): who gave whom which role and area.
An administrator cannot take away their own administration or lock themselves out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from povmis.accounts.models import Role, RoleChange, RoleKind
from povmis.accounts.scoping import role_kind
from povmis.errors import PermissionDenied, ServiceError
from povmis.units.models import AdminUnit, Level

# The unit levels each role may be given (None: no unit, the whole country). A role not listed here
# (added later) may be given any unit or none.
ROLE_LEVELS: dict[str, set[str | None]] = {
    RoleKind.COMMUNE_CADRE: {Level.COMMUNE},
    RoleKind.DISTRICT_OFFICER: {Level.DISTRICT},
    RoleKind.PROVINCE_OFFICER: {Level.PROVINCE},
    RoleKind.STEERING_COMMITTEE: {Level.PROVINCE, Level.DISTRICT, Level.COMMUNE},
    RoleKind.AUDITOR: {None, Level.PROVINCE, Level.DISTRICT, Level.COMMUNE},
    RoleKind.ADMINISTRATOR: {None},
    RoleKind.FINANCE_OFFICER: {Level.PROVINCE, Level.DISTRICT, Level.COMMUNE},
}


@dataclass(frozen=True)
class AccountChange:
    username: str
    kind: str  # "" for no role: the account sees nothing
    unit_code: str = ""
    password: str = ""  # required for a new account; a new one replaces the old
    active: bool = True


def save_account(change: AccountChange, *, by: User) -> User:
    """Create or change an account and its role; refused unless ``by`` is an administrator."""
    if role_kind(by) != RoleKind.ADMINISTRATOR:
        raise PermissionDenied(_("only an administrator manages accounts and roles"))
    unit = _unit_for(change.kind, change.unit_code)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=change.username).first()
        if user is not None and user.pk == by.pk and (change.kind != RoleKind.ADMINISTRATOR or not change.active):
            raise ServiceError(_("you cannot take away your own administration or lock yourself out"))
        before = (_role_text(user), user.is_active) if user is not None else ("", None)
        user = user or User(username=change.username)
        _set_password(user, change.password, new=user.pk is None)
        user.is_active = change.active
        user.save()
        Role.objects.filter(user=user).delete()
        if change.kind:
            Role.objects.create(user=user, kind=change.kind, unit=unit)
        RoleChange.objects.create(
            user=user, changed_by=by, role_before=before[0], role_after=_role_text(user),
            active_before=before[1], active_after=user.is_active,
        )  # fmt: skip
    return user


def _unit_for(kind: str, code: str) -> AdminUnit | None:
    if kind and kind not in RoleKind.values:
        raise ServiceError(_("no such role: %(kind)s"), kind=kind)
    unit = AdminUnit.objects.filter(code=code).first() if code else None
    if code and unit is None:
        raise ServiceError(_("no unit has the code %(code)s"), code=code)
    allowed = ROLE_LEVELS.get(kind)
    if kind and allowed is not None and (unit.level if unit else None) not in allowed:
        # Lazy both: the refusal is read in English by the command line and in its reader's language on the page.
        names = {"kind": RoleKind(kind).label, "levels": lazy(_levels, str)(allowed)}
        raise ServiceError(_("%(kind)s: the unit must be a %(levels)s"), **names)
    return unit


def _levels(allowed: set[str | None]) -> str:
    names = [str(Level(level).label) if level else str(_("none (the whole country)")) for level in allowed]
    return str(_(" or ")).join(sorted(names))


def _set_password(user: User, password: str, *, new: bool) -> None:
    if not password:
        if new:
            raise ServiceError(_("a new account needs a password"))
        return
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ServiceError(" ".join(error.messages)) from None
    user.set_password(password)


def _role_text(user: User | None) -> str:
    role = Role.objects.filter(user=user).select_related("unit").first() if user and user.pk else None
    return f"{role.kind}@{role.unit.code if role.unit else '*'}" if role else ""
