"""Review cycles (kỳ rà soát) and the stages each commune goes through (Decision 24/2021 Art. 4)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """The official procedure, in order. After July 2025 there is no district: that stage is skipped."""

    SURVEY = "survey", _("Survey and scoring")
    VILLAGE_MEETING = "village_meeting", _("Village meeting")
    PUBLIC_NOTICE = "public_notice", _("Public notice")
    APPEALS = "appeals", _("Appeals")
    COMMUNE_APPROVED = "commune_approved", _("Approved by the commune")
    DISTRICT_CONSOLIDATED = "district_consolidated", _("Consolidated by the district")
    PROVINCE_APPROVED = "province_approved", _("Approved by the province")


STAGE_ORDER: list[str] = list(Stage.values)


class ReviewCycle(models.Model):
    # Holds no household data: any user with a role may read it (povmis.accounts.scoping).
    scope_path: ClassVar[str | None] = None

    year = models.PositiveIntegerField(unique=True)
    standard_id = models.CharField(max_length=50)
    # Further standards whose questions the review's survey asks too (comma-separated ids, often none):
    # their answers are checked and stored with the others, for classifying the review under them.
    also_asks = models.CharField(max_length=200, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def further_standard_ids(self) -> list[str]:
        return [standard_id for standard_id in self.also_asks.split(",") if standard_id]

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class CommuneReview(models.Model):
    """Where one commune stands in one cycle."""

    scope_path: ClassVar[str | None] = "commune__path"  # the rows' unit path (povmis.accounts.scoping)

    cycle = models.ForeignKey(ReviewCycle, on_delete=models.CASCADE, related_name="communes")
    commune = models.ForeignKey("units.AdminUnit", on_delete=models.PROTECT, related_name="reviews")
    stage = models.CharField(max_length=24, choices=Stage.choices, default=Stage.SURVEY)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["commune__path"]
        constraints = [models.UniqueConstraint(fields=["cycle", "commune"], name="one_review_per_commune")]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.stage}"


class StageChange(models.Model):
    """Who moved a commune to which stage, and when: the procedure's paper trail."""

    scope_path: ClassVar[str | None] = "review__commune__path"  # the rows' unit path (povmis.accounts.scoping)

    review = models.ForeignKey(CommuneReview, on_delete=models.CASCADE, related_name="changes")
    from_stage = models.CharField(max_length=24, choices=Stage.choices)
    to_stage = models.CharField(max_length=24, choices=Stage.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    changed_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"
