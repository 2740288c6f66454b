"""A household's application in the regular (monthly) review, and the commune's decision on it.

Decision 24/2021 Art. 5: the household files Mẫu 01 (to be reviewed as poor or near-poor, or identified as
an agricultural household with an average living standard) or Mẫu 04 (to be recognised as having
escaped); the commune runs steps 2-4 of the periodic review for it, then decides within 15 days of the
monthly review's start: a recognition (Mẫu 02, numbered, with a numbered certificate Mẫu 03 for a poor or
near-poor household) or a written reply with reasons.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Application(models.Model):
    scope_path: ClassVar[str | None] = "household__commune__path"  # the rows' unit path (povmis.accounts.scoping)

    class Form(models.TextChoices):
        REVIEW = "mau_01", _("Form 01: to be reviewed")
        ESCAPE = "mau_04", _("Form 04: to be recognised as having escaped")
        # Decree 30/2025's application form was not obtained: no official number is given to it.
        WORKER = "worker", _("A worker's application (form not obtained)")

    class Request(models.TextChoices):
        POOR_OR_NEAR_POOR = "poor_or_near_poor", _("to be reviewed as poor or near-poor")
        AVERAGE_LIVING = "average_living", _("to be identified as an agricultural household of average living standard")
        ESCAPE = "escape", _("to be recognised as having escaped poverty or near-poverty")
        LOW_INCOME_WORKER = "low_income_worker", _("to be identified as a low-income worker")

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        POST = "post", _("by post")
        ONLINE = "online", _("online public-service portal")

    class Step(models.TextChoices):
        """Where the application stands: the procedure's steps 2-4, then the decision."""

        FILED = "filed", _("Filed")
        ASSESSED = "assessed", _("Surveyed and classified")
        VILLAGE_MEETING = "village_meeting", _("Agreed at the village meeting")
        POSTED = "posted", _("Posted publicly")
        RECOGNISED = "recognised", _("Recognised")
        REFUSED = "refused", _("Refused, with reasons")

    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="applications")
    form = models.CharField(max_length=8, choices=Form.choices)
    request = models.CharField(max_length=20, choices=Request.choices)
    channel = models.CharField(max_length=12, choices=Channel.choices)
    filed_on = models.DateField()
    reason = models.TextField(blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    step = models.CharField(max_length=16, choices=Step.choices, default=Step.FILED)
    # The worker a low-income worker's application is for ("" for the household's own applications).
    member_code = models.CharField(max_length=64, blank=True)
    # The facts a status's rule reads that the survey does not ask, recorded at step 2 (JSON, statuses/).
    assessed_facts = models.TextField(blank=True)
    # The status a recognised status application gives (never a class: those stay in decided_class).
    decided_status = models.CharField(max_length=32, blank=True)
    # The household's class on the list in force when the application was decided ("" when not on it).
    previous_class = models.CharField(max_length=20, blank=True)
    # What the evaluator gave the household's answers (step 2), and from which review's survey.
    assessed_class = models.CharField(max_length=20, blank=True)
    assessed_reason_vi = models.TextField(blank=True)
    assessed_cycle = models.ForeignKey("registry.ReviewCycle", null=True, blank=True, on_delete=models.PROTECT)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_class = models.CharField(max_length=20, blank=True)
    refusal_reasons = models.TextField(blank=True)
    # Numbered in the commune's year: the decision (Mẫu 02) and, for the poor and near-poor, the certificate.
    decision_number = models.PositiveIntegerField(null=True, blank=True)
    certificate_number = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-filed_on", "-pk"]
        indexes = [models.Index(fields=["step", "filed_on"], name="application_step_filed")]

    def __str__(self) -> str:
        return f"{self.household_id} {self.form} {self.filed_on}"

    @property
    def is_open(self) -> bool:
        return self.step not in (self.Step.RECOGNISED, self.Step.REFUSED)
