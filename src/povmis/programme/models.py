"""Capital plan lines, the decisions that allocate or amend them, and the payments made against them.

Money is whole VND (BigIntegerField). A line's allocation is never stored as a total: it is the sum of
its decisions up to a date, so an amendment is a decision like any other and a past date's figure
can be reproduced.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CapitalType(models.TextChoices):
    INVESTMENT = "investment", _("investment")
    RECURRENT = "recurrent", _("recurrent")


class Source(models.TextChoices):
    CENTRAL = "central", _("central budget")
    PROVINCIAL = "provincial", _("provincial budget")
    DISTRICT = "district", _("district budget")
    COMMUNE = "commune", _("commune budget")
    MOBILISED = "mobilised", _("mobilised")
    CREDIT = "credit", _("policy credit")


class PlanLine(models.Model):
    """One programme x project x sub-project x type x source x capital year x plan year x spending unit.

    A carry-over is a line whose plan year is later than its capital year.
    """

    # Capital plans and payments belong to the area of their spending unit.
    scope_path: ClassVar[str | None] = "unit__path"  # the rows' unit path (povmis.accounts.scoping)
    # A project owner sees only its project's rows: the lookups to their programme and project.
    project_path: ClassVar[tuple[str, str]] = ("programme", "project")

    programme = models.CharField(max_length=40)
    project = models.CharField(max_length=10)
    sub_project = models.CharField(max_length=10, blank=True)
    type = models.CharField(max_length=12, choices=CapitalType.choices)
    source = models.CharField(max_length=12, choices=Source.choices)
    capital_year = models.PositiveSmallIntegerField()
    plan_year = models.PositiveSmallIntegerField()
    unit = models.ForeignKey("units.AdminUnit", on_delete=models.PROTECT, related_name="plan_lines")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "project", "sub_project", "type", "source", "capital_year", "plan_year", "unit"],
                name="one_plan_line_per_key",
            ),
        ]
        indexes = [models.Index(fields=["plan_year", "programme"])]

    def __str__(self) -> str:
        years = f"{self.capital_year}>{self.plan_year}"
        return f"{self.programme} {self.project}/{self.sub_project} {self.type} {self.source} {years}"


class DecisionKind(models.TextChoices):
    ALLOCATION = "allocation", _("allocation or amendment")
    # A dissolved unit's unspent capital moved to a successor: withdrawn from its line, given to the successor's.
    TRANSFER_OUT = "transfer_out", _("transferred to a successor")
    TRANSFER_IN = "transfer_in", _("transferred from a dissolved unit")


class PlanDecision(models.Model):
    """An allocation to a line, or an amendment adding (positive) or withdrawing (negative) capital.

    A transfer decision is recorded on both lines: withdrawn from the dissolved unit's (``TRANSFER_OUT``)
    and given to each successor's (``TRANSFER_IN``, ``transferred_from`` naming the line it comes from).
    """

    scope_path: ClassVar[str | None] = "line__unit__path"  # the rows' unit path (povmis.accounts.scoping)
    # A project owner sees only its project's rows: the lookups to their programme and project.
    project_path: ClassVar[tuple[str, str]] = ("line__programme", "line__project")

    line = models.ForeignKey(PlanLine, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=12, choices=DecisionKind.choices, default=DecisionKind.ALLOCATION)
    transferred_from = models.ForeignKey(
        PlanLine, null=True, blank=True, on_delete=models.PROTECT, related_name="transfers_out"
    )
    amount_vnd = models.BigIntegerField()
    decision = models.CharField(max_length=60)
    decided_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["line", "decision"], name="one_amount_per_decision_and_line")]

    def __str__(self) -> str:
        return f"{self.decision} {self.amount_vnd}"


class Payment(models.Model):
    """Money paid out by the treasury against a line (giải ngân), on a date, under a voucher."""

    scope_path: ClassVar[str | None] = "line__unit__path"  # the rows' unit path (povmis.accounts.scoping)
    # A project owner sees only its project's rows: the lookups to their programme and project.
    project_path: ClassVar[tuple[str, str]] = ("line__programme", "line__project")

    line = models.ForeignKey(PlanLine, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField()
    amount_vnd = models.BigIntegerField()
    voucher = models.CharField(max_length=60, unique=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["paid_on"])]

    def __str__(self) -> str:
        return f"{self.voucher} {self.amount_vnd}"


class Output(models.Model):
    """An output the programme reports that is not a household's support (a road, a water work, a model, jobs).

    The outputs that are a household's support (a house, a trainee) are the support deliveries
    themselves (support.Delivery) and are counted from them, never stored here a second time.
    ``period`` is the last day of the period the value covers; ``value`` is a count for count
    indicators, a percentage for percent indicators.
    """

    scope_path: ClassVar[str | None] = "unit__path"  # the rows' unit path (povmis.accounts.scoping)
    # A project owner sees only its project's rows: the lookups to their programme and project.
    project_path: ClassVar[tuple[str, str]] = ("programme", "project")

    programme = models.CharField(max_length=40)
    project = models.CharField(max_length=10)
    indicator = models.CharField(max_length=60)
    unit = models.ForeignKey("units.AdminUnit", on_delete=models.PROTECT, related_name="programme_outputs")
    period = models.DateField()
    value = models.FloatField()
    # The report or record the value comes from; recording it again with the same value changes nothing.
    reference = models.CharField(max_length=60, unique=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["programme", "indicator", "period"])]

    def __str__(self) -> str:
        return f"{self.indicator} {self.unit_id} {self.period} {self.value}"
