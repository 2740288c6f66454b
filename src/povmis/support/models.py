"""A delivery: one policy's support given to a household (or one of its members) on a date."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models


class Delivery(models.Model):
    scope_path: ClassVar[str | None] = "household__commune__path"  # the rows' unit path (povmis.accounts.scoping)

    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="deliveries")
    # A member is named as the agency's list names them; members live in each cycle's survey, so the
    # code (and the national ID when given) is kept rather than a key into one cycle.
    member_code = models.CharField(max_length=64, blank=True)
    national_id = models.CharField(max_length=20, blank=True)
    policy = models.CharField(max_length=64)  # a folder under policies/
    delivered_on = models.DateField()
    amount_vnd = models.BigIntegerField(null=True, blank=True)  # integer VND, never a float
    quantity = models.IntegerField(null=True, blank=True)
    # Programme and project codes (ntp-spr-2021-2025, ntp-em-1719, project 5): plain codes for now, so
    # that the programme's capital and payments can link to them without a migration here.
    programme = models.CharField(max_length=64, blank=True)
    project = models.CharField(max_length=64, blank=True)
    agency = models.CharField(max_length=100, blank=True)
    reference = models.CharField(max_length=100, blank=True)
    # The fields above joined by "|": re-importing the same list finds every row already present.
    fingerprint = models.CharField(max_length=600, unique=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["delivered_on", "id"]
        indexes = [models.Index(fields=["policy", "delivered_on"], name="delivery_policy_date")]

    def __str__(self) -> str:
        return f"{self.policy} to {self.household_id} on {self.delivered_on}"


class Entitlement(models.Model):
    """What one household (or one of its members) is entitled to under one policy, for a classified review.

    Written in bulk for the whole review whenever its results are stored (support.entitlements), never
    one by one; the policy's content hash makes a past review's entitlements reproducible exactly.
    """

    scope_path: ClassVar[str | None] = "household__commune__path"  # the rows' unit path (povmis.accounts.scoping)

    # No index of their own: the (cycle, policy) and (household, cycle) indexes start with them. A review
    # stores a million entitlements at once: every index less is a faster store.
    cycle = models.ForeignKey(
        "registry.ReviewCycle", on_delete=models.CASCADE, related_name="entitlements", db_index=False
    )
    household = models.ForeignKey(
        "registry.Household", on_delete=models.CASCADE, related_name="entitlements", db_index=False
    )
    member_code = models.CharField(max_length=64, blank=True)  # blank for a household-level policy
    policy = models.CharField(max_length=64)
    policy_hash = models.CharField(max_length=64)
    rule = models.CharField(max_length=64)
    share = models.FloatField(null=True, blank=True)  # a fraction of a premium (a ratio, not money)
    amount_vnd = models.BigIntegerField(null=True, blank=True)  # integer VND, never a float
    computed_on = models.DateField()  # the date the rules were judged on

    class Meta:
        ordering = ["policy", "household_id", "member_code"]
        indexes = [
            models.Index(fields=["cycle", "policy"], name="entitlement_cycle_policy"),
            models.Index(fields=["household", "cycle"], name="entitlement_household"),
        ]

    def __str__(self) -> str:
        return f"{self.policy} for {self.household_id} ({self.member_code or 'household'})"


class ReconciliationCount(models.Model):
    """A review's reconciliation counts for one policy, commune and class, stored so that a page only reads them.

    Written in bulk (support.counts) whenever the entitlements are stored, deliveries recorded or a
    correction judged again, from the same core function whose lists the drill-down pages show.
    """

    cycle = models.ForeignKey("registry.ReviewCycle", on_delete=models.CASCADE, related_name="reconciliation_counts")
    policy = models.CharField(max_length=64)
    unit_path = models.CharField(max_length=255)  # the commune's path
    household_class = models.CharField(max_length=20)
    entitled = models.IntegerField()
    delivered = models.IntegerField()
    missed = models.IntegerField()
    # Entitled, nothing in the year, but supported earlier within the limit's own period (a house in 2023).
    already_supported = models.IntegerField(default=0)
    ineligible = models.IntegerField()
    twice = models.IntegerField()
    unmatched = models.IntegerField()

    class Meta:
        ordering = ["cycle", "policy", "unit_path", "household_class"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "policy", "unit_path", "household_class"], name="reconciliation_count_unique"
            )
        ]
        indexes = [models.Index(fields=["cycle", "unit_path"], name="reconciliation_count_unit")]

    def __str__(self) -> str:
        return f"{self.policy} in {self.unit_path} ({self.household_class})"
