"""Administrative units (đơn vị hành chính), their succession across reorganisations and their outlines."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("province")
    DISTRICT = "district", _("district")
    COMMUNE = "commune", _("commune")
    VILLAGE = "village", _("village")


class AdminUnit(models.Model):
    """A province, district, commune or village, valid between two dates.

    ``path`` is the chain of codes from the province down ("66/643/24121/"), kept so that "everything
    inside this district" is one indexed prefix filter: the access scoping relies on it.
    """

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=200, db_index=True, editable=False)
    is_urban = models.BooleanField(default=False)
    # Extremely disadvantaged area (xã đặc biệt khó khăn, vùng đồng bào dân tộc thiểu số và miền núi).
    is_disadvantaged = models.BooleanField(default=False)
    valid_from = models.DateField(default=dt.date(2000, 1, 1))
    valid_to = models.DateField(null=True, blank=True)

    # Which rows a user may see (povmis.accounts.scoping): the units inside the user's area.
    scope_path: ClassVar[str | None] = "path"

    class Meta:
        # The table kept its name when the units left the registry for their own app: no data moved.
        db_table = "registry_adminunit"
        ordering = ["path"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.path = (self.parent.path if self.parent else "") + f"{self.code}/"
        super().save(*args, **kwargs)

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


class UnitSuccession(models.Model):
    """One unit became (part of) another on a date: a merger, a split or a rename."""

    class Kind(models.TextChoices):
        MERGED_INTO = "merged_into", _("merged into")
        SPLIT_INTO = "split_into", _("split into")
        RENAMED = "renamed", _("renamed")

    predecessor = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="successions")
    successor = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="predecessions")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    effective = models.DateField()
    # For splits: the predecessor's population share that went to this successor (0-1).
    share = models.FloatField(default=1.0)

    class Meta:
        db_table = "registry_unitsuccession"  # as AdminUnit's
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="one_succession_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor.code} {self.kind} {self.successor.code} ({self.effective})"


class Boundary(models.Model):
    """One unit's outline for the maps: a GeoJSON geometry, kept as text and sent to the page as is."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=10)
    geometry = models.TextField()

    class Meta:
        # The table kept its name when the outlines left monitoring for the units app: no data moved.
        db_table = "monitoring_boundary"
        ordering = ("code",)

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
