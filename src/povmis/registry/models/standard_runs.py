"""A round classified under a further standard, beside its official results (which it never touches).

A change of standard is judged on the same answers: the end-2026 round under vn-2022-2025 (official,
the lists of 2026) and under vn-2027-2030 (what the 2027 lists will look like). Each further run keeps
the standard's id and content hash, and each household's class under it, the class the official
standard gives the same answers, and why the two differ (core/comparison.py's codes).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class StandardRun(models.Model):
    cycle = models.ForeignKey("registry.ReviewCycle", on_delete=models.CASCADE, related_name="standard_runs")
    standard_id = models.CharField(max_length=50)
    standard_hash = models.CharField(max_length=64)
    # The round's own standard the classes are compared with, as it was when this run was made.
    official_standard_id = models.CharField(max_length=50)
    official_standard_hash = models.CharField(max_length=64)
    # JSON list of the indicators the round's answers could not assess (counted as not deprived).
    not_assessed = models.TextField(default="[]")
    ran_at = models.DateTimeField(auto_now_add=True)
    ran_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    household_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["cycle", "standard_id"]
        constraints = [models.UniqueConstraint(fields=["cycle", "standard_id"], name="one_run_per_standard")]

    def __str__(self) -> str:
        return f"{self.cycle_id} {self.standard_id}"


class StandardResult(models.Model):
    run = models.ForeignKey(StandardRun, on_delete=models.CASCADE, related_name="results", db_index=False)
    household = models.ForeignKey("registry.Household", on_delete=models.CASCADE, related_name="standard_results")
    # Empty when the answers were invalid and the household could not be classified.
    household_class = models.CharField(max_length=20, blank=True)
    official_class = models.CharField(max_length=20, blank=True)
    class_rule = models.CharField(max_length=200, blank=True)
    deprivation_count = models.PositiveSmallIntegerField(default=0)
    # Bit i: the run's standard's i-th indicator, as HouseholdResult.deprived_mask.
    deprived_mask = models.BigIntegerField(default=0)
    # "reclassified_by_standard" or "same_class": a move caused by the standard, never by the household.
    transition = models.CharField(max_length=40)
    why_line = models.BooleanField(default=False)
    why_deprivations = models.BooleanField(default=False)
    why_cutoff = models.BooleanField(default=False)
    why_classes = models.BooleanField(default=False)
    # JSON lists of indicator ids deprived under this standard and not the official one, and the reverse.
    gained = models.TextField(default="[]")
    lost = models.TextField(default="[]")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "household"], name="one_standard_result_per_run")]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.official_class} → {self.household_class}"
