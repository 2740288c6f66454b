"""The one place that decides which rows a user may read or change.

Pages, the API, exports, search and the CLI all filter through :func:`scope`; nothing else decides
access, so an outsider cannot reach a household of another commune by any route. The area is the
role's unit path (``66/643/24121/``), and every scoped model declares, in its own app, the lookup that
leads from its rows to a unit path (``scope_path = "household__commune__path"``; None for a table that
holds no household data), so the filter is one indexed prefix comparison. The programme's models
declare ``project_path`` too, the lookups to their programme and project.
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from povmis.accounts.models import RoleKind

M = TypeVar("M", bound=Model)
AnyUser = AbstractBaseUser | AnonymousUser


class Access(Enum):
    READ = "read"
    EDIT = "edit"  # change a household's answers, propose or decide corrections
    APPROVE = "approve"  # move a commune's list through the procedure's stages
    PROGRAMME = "programme"  # read (and, for recorders, record) the programme's capital plans and payments


ACCESS_KINDS: dict[Access, set[str]] = {
    # A finance officer and a project owner work on money and outputs: no household, review or registry page.
    Access.READ: set(RoleKind.values) - {RoleKind.FINANCE_OFFICER, RoleKind.PROJECT_OWNER},
    Access.EDIT: {RoleKind.COMMUNE_CADRE, RoleKind.ADMINISTRATOR},
    Access.APPROVE: {
        RoleKind.COMMUNE_CADRE,
        RoleKind.DISTRICT_OFFICER,
        RoleKind.PROVINCE_OFFICER,
        RoleKind.ADMINISTRATOR,
    },
    Access.PROGRAMME: set(RoleKind.values),
}

EVERYWHERE = ""


def signed_in(request: HttpRequest) -> User:
    """The request's user as a ``User`` (the views that call this are behind ``login_required``)."""
    if not isinstance(request.user, User):
        raise PermissionDenied(_("sign in first"))
    return request.user


def role_kind(user: AnyUser) -> str | None:
    if not user.is_authenticated:
        return None
    if getattr(user, "is_superuser", False):
        return RoleKind.ADMINISTRATOR
    try:
        kind: str = user.role.kind  # type: ignore[attr-defined]  # reverse one-to-one added by accounts.Role
    except ObjectDoesNotExist:
        return None
    return kind


def area_path(user: AnyUser, access: Access = Access.READ) -> str | None:
    """The unit path the user may act in: None for nowhere, ``EVERYWHERE`` for the whole country."""
    cached: dict[Access, str | None] = getattr(user, "_povmis_areas", {})
    if access not in cached:
        cached[access] = _area_path(user, access)
        user._povmis_areas = cached  # type: ignore[union-attr]  # per-request memo on the user object
    return cached[access]


def _area_path(user: AnyUser, access: Access) -> str | None:
    kind = role_kind(user)
    if kind is None or kind not in ACCESS_KINDS[access]:
        return None
    if kind == RoleKind.ADMINISTRATOR or getattr(user, "is_superuser", False):
        return EVERYWHERE
    unit = user.role.unit  # type: ignore[union-attr]  # see role_kind
    if unit is None:
        # Only read-only roles may be country-wide; an area role without an area sees nothing.
        read_only = kind in {RoleKind.STEERING_COMMITTEE, RoleKind.AUDITOR}
        return EVERYWHERE if read_only and access is Access.READ else None
    path: str = unit.path
    return path


def scope(user: AnyUser, queryset: QuerySet[M], access: Access = Access.READ) -> QuerySet[M]:
    """Narrow ``queryset`` to the rows ``user`` may read (or edit, or approve)."""
    area = area_path(user, access)
    if area is None:
        return queryset.none()
    if access is Access.PROGRAMME and role_kind(user) == RoleKind.PROJECT_OWNER:
        queryset = _own_project(user, queryset)
    if area == EVERYWHERE:
        return queryset
    path = unit_path(queryset.model)
    if path is None:
        return queryset
    return queryset.filter(**{f"{path}__startswith": area})


def unit_path(model: type[Model]) -> str | None:
    """The lookup from the model's rows to their unit path, as its app declares it; None for no household data."""
    try:
        path: str | None = model.scope_path  # type: ignore[attr-defined]  # declared by each scoped model
    except AttributeError:
        raise TypeError(f"{model._meta.label} declares no scope_path: it cannot be scoped") from None
    return path


def owned_project(user: AnyUser) -> tuple[str, str] | None:
    """``(programme, project)`` for a project owner; None for every other role (no project limit)."""
    if role_kind(user) != RoleKind.PROJECT_OWNER:
        return None
    role = user.role  # type: ignore[union-attr]  # see role_kind
    return str(role.programme), str(role.project)


def _own_project(user: AnyUser, queryset: QuerySet[M]) -> QuerySet[M]:
    owned = owned_project(user)
    paths: tuple[str, str] | None = getattr(queryset.model, "project_path", None)
    if owned is None or paths is None or not all(owned):
        return queryset.none()  # a project owner without a project, or a table outside the programme's, shows nothing
    programme, project = paths
    return queryset.filter(**{programme: owned[0], project: owned[1]})


def can(user: AnyUser, instance: Model, access: Access = Access.READ) -> bool:
    """Whether one row is within reach; the same rule as :func:`scope`, asked of one row."""
    manager = type(instance)._default_manager
    return scope(user, manager.filter(pk=instance.pk), access).exists()


class Capability(Enum):
    """What a role may see of the data within its area, beyond the rows themselves (data minimisation)."""

    NATIONAL_IDS = "national_ids"  # members' national ID numbers in full
    READ_LOG = "read_log"  # who read which household's personal data, and when
    AUDIT_LOG = "audit_log"  # who changed which answer, from what to what, when and why


# The commune enrols households in health insurance and support by their members' IDs; the district,
# the province and the steering committee work on classes and counts and see IDs masked. Auditors
# and administrators answer for the registry's use and read its read log.
CAPABILITY_KINDS: dict[Capability, set[str]] = {
    Capability.NATIONAL_IDS: {RoleKind.COMMUNE_CADRE, RoleKind.ADMINISTRATOR},
    Capability.READ_LOG: {RoleKind.AUDITOR, RoleKind.ADMINISTRATOR},
    Capability.AUDIT_LOG: {RoleKind.AUDITOR, RoleKind.ADMINISTRATOR},
}
SHOWN_ID_DIGITS = 3  # the last digits of a masked ID, enough to tell two members apart on a page


def may(user: AnyUser, capability: Capability) -> bool:
    return role_kind(user) in CAPABILITY_KINDS[capability]


def national_id_for(user: AnyUser, national_id: str) -> str:
    """A national ID as ``user`` may see it: whole, or masked but for its last digits ("•••••••••001")."""
    if not national_id or may(user, Capability.NATIONAL_IDS):
        return national_id
    hidden = max(len(national_id) - SHOWN_ID_DIGITS, 0)
    return "•" * hidden + national_id[hidden:]
