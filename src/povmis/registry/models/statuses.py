"""The statuses a household or one of its members holds in a review, beside (never inside) its class.

A row is a holder: an agricultural household with an average living standard, or a low-income worker
(member_code set). It comes from the review's answers (written whenever the review's results are
stored, replaced each time) or from a recognised application (kept: a decision stands until another).
The rule's id and content hash are recorded, so a holder can be traced to the text that made it one.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.Model):
    class Kind(models.TextChoices):
        AGRICULTURAL_AVERAGE = "agricultural_average", _("agricultural household with an average living standard")
        LOW_INCOME_WORKER = "low_income_worker", _("low-income worker")

    class Source(models.TextChoices):
        REVIEW = "review", _("the review's answers")
        APPLICATION = "application", _("recognised on application")

    cycle = models.ForeignKey("registry.ReviewCycle", on_delete=models.PROTECT, related_name="+", db_index=False)
    household = models.ForeignKey("registry.Household", on_delete=models.CASCADE, related_name="statuses")
    member_code = models.CharField(max_length=64, blank=True)  # "" for a household's status
    status = models.CharField(max_length=32, choices=Kind.choices)
    rule = models.CharField(max_length=64)
    rule_hash = models.CharField(max_length=64)
    # The income the rule compared, VND per person per month (null when it was not recorded).
    income_per_person_month = models.BigIntegerField(null=True, blank=True)
    source = models.CharField(max_length=12, choices=Source.choices)
    application = models.ForeignKey(
        "registry.Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    held_from = models.DateField()

    class Meta:
        ordering = ["household_id", "member_code", "status"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "household", "member_code", "status"], name="one_status_per_holder_and_cycle"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.member_code} {self.status} in {self.cycle_id}"
