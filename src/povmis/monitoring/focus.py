"""Which unit a page looks at, always inside the user's area: the area decides, the URL only narrows."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from povmis.accounts.scoping import EVERYWHERE, Access, AnyUser, area_path
from povmis.units.models import AdminUnit


@dataclass(frozen=True)
class Focus:
    """The unit a page is about; ``unit`` None is everything an administrator may see."""

    area: str
    unit: AdminUnit | None

    @property
    def path(self) -> str:
        return self.unit.path if self.unit else EVERYWHERE

    @property
    def depth(self) -> int:
        return self.path.count("/")

    @property
    def code(self) -> str:
        return self.unit.code if self.unit else ""

    def trail(self) -> list[AdminUnit]:
        """The units from the top of the user's area down to this one, for the breadcrumb."""
        if self.unit is None:
            return []
        codes = [code for code in self.path.split("/") if code]
        units = {unit.code: unit for unit in AdminUnit.objects.filter(code__in=codes)}
        chain = [units[code] for code in codes if code in units]
        return [unit for unit in chain if unit.path.startswith(self.area)]


def focus_of(user: AnyUser, code: str | None) -> Focus:
    """The user's own area, or the unit ``code`` inside it (a unit outside it does not exist for them)."""
    area = area_path(user, Access.READ)
    if area is None:
        raise PermissionDenied(_("your account has no role"))
    try:
        return focus_in(area, code)
    except AdminUnit.DoesNotExist as error:
        raise Http404("no such unit in your area") from error


def focus_in(area: str, code: str | None = None) -> Focus:
    """The unit ``code`` inside the area path ``area`` (``AdminUnit.DoesNotExist`` outside it), or the area."""
    if code:
        unit = AdminUnit.objects.filter(code=code, path__startswith=area).first()
        if unit is None:
            raise AdminUnit.DoesNotExist(f"no unit {code} in this area")
        return Focus(area, unit)
    if area == EVERYWHERE:
        return Focus(area, None)
    return Focus(area, AdminUnit.objects.get(path=area))
