"""Classification results, stored with the standard that produced them so they can be reproduced."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models


class ClassificationRun(models.Model):
    # Holds no household data: any user with a role may read it (povmis.accounts.scoping).
    scope_path: ClassVar[str | None] = None

    cycle = models.ForeignKey("registry.ReviewCycle", on_delete=models.PROTECT, related_name="runs")
    standard_id = models.CharField(max_length=50)
    standard_hash = models.CharField(max_length=64)
    ran_at = models.DateTimeField(auto_now_add=True)
    ran_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    household_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"{self.cycle_id} {self.standard_id} {self.ran_at:%Y-%m-%d}"


class HouseholdResult(models.Model):
    scope_path: ClassVar[str | None] = "household__commune__path"  # the rows' unit path (povmis.accounts.scoping)

    # No index of its own: the unique (cycle, household) index starts with it.
    cycle = models.ForeignKey("registry.ReviewCycle", on_delete=models.CASCADE, related_name="results", db_index=False)
    run = models.ForeignKey(ClassificationRun, on_delete=models.CASCADE, related_name="results")
    household = models.ForeignKey("registry.Household", on_delete=models.CASCADE, related_name="results")
    # Empty when the answers were invalid and the household could not be classified.
    household_class = models.CharField(max_length=20, blank=True)
    class_rule = models.CharField(max_length=200, blank=True)
    deprivation_count = models.PositiveSmallIntegerField(default=0)
    # The indicators the household is deprived in, as bits the database can filter on (``deprived_mask &
    # bit``): bit i is the run's standard's i-th indicator (Standard.indicators order; the run records the
    # standard's hash). core.deprivations reads them back.
    deprived_mask = models.BigIntegerField(default=0)
    reason_vi = models.TextField(blank=True)
    reason_en = models.TextField(blank=True)
    transition = models.CharField(max_length=40, blank=True)
    # When this household alone was classified again after its run (an approved correction); null: at
    # the run's time. Answers changed after it make the household stale again (stages.stale_surveys).
    classified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "household"], name="one_result_per_cycle")]
        indexes = [models.Index(fields=["cycle", "household_class"])]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.household_class}"
