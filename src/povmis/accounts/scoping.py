"""The one place that decides which rows a user may read or change.

Pages, the API, exports, search and the CLI all filter through :func:`scope`; nothing else decides
access, so an outsider cannot reach a household of another commune by any route. The area is the
role's unit path (``66/643/24121/``), and every scoped table names the lookup that leads from its
rows to a unit path, so the filter is one indexed prefix comparison.
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet

from povmis.accounts.models import RoleKind

M = TypeVar("M", bound=Model)
AnyUser = AbstractBaseUser | AnonymousUser

# How each scoped table reaches the unit path of the area it belongs to.
SCOPE_PATHS: dict[str, str] = {
    "registry.adminunit": "path",
    "registry.household": "commune__path",
    "registry.householdsurvey": "household__commune__path",
    "registry.membersurvey": "survey__household__commune__path",
    "registry.householdresult": "household__commune__path",
    "registry.communereview": "commune__path",
    "registry.stagechange": "review__commune__path",
    "registry.auditentry": "household__commune__path",
    "registry.changerequest": "household__commune__path",
    "registry.application": "household__commune__path",
    # An import is seen by whoever's area contains the area of the person who committed it.
    "registry.importbatch": "committed_by__role__unit__path",
    "registry.personaldataread": "commune__path",
    "support.delivery": "household__commune__path",
    "support.entitlement": "household__commune__path",
    # Capital plans and payments belong to the area of their spending unit.
    "programme.planline": "unit__path",
    "programme.plandecision": "line__unit__path",
    "programme.payment": "line__unit__path",
    "programme.output": "unit__path",
}

# How the programme's tables reach their programme and project: a project owner (a department answering
# for one project) sees only the rows of its project, within its area.
PROJECT_PATHS: dict[str, tuple[str, str]] = {
    "programme.planline": ("programme", "project"),
    "programme.plandecision": ("line__programme", "line__project"),
    "programme.payment": ("line__programme", "line__project"),
    "programme.output": ("programme", "project"),
}

# Tables that hold no household data: any user with a role may read them.
UNSCOPED = {"registry.reviewcycle", "registry.classificationrun"}


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
    label = queryset.model._meta.label_lower
    if access is Access.PROGRAMME and role_kind(user) == RoleKind.PROJECT_OWNER:
        queryset = _own_project(user, queryset, label)
    if label in UNSCOPED or area == EVERYWHERE:
        return queryset
    return queryset.filter(**{f"{SCOPE_PATHS[label]}__startswith": area})


def owned_project(user: AnyUser) -> tuple[str, str] | None:
    """``(programme, project)`` for a project owner; None for every other role (no project limit)."""
    if role_kind(user) != RoleKind.PROJECT_OWNER:
        return None
    role = user.role  # type: ignore[union-attr]  # see role_kind
    return str(role.programme), str(role.project)


def _own_project(user: AnyUser, queryset: QuerySet[M], label: str) -> QuerySet[M]:
    owned = owned_project(user)
    if owned is None or label not in PROJECT_PATHS or not all(owned):
        return queryset.none()  # a project owner without a project, or a table outside the programme's, shows nothing
    programme, project = PROJECT_PATHS[label]
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
