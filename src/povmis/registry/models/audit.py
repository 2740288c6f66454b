"""The audit log (nhật ký) and change requests: corrections and appeals are proposals, never overwrites."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    scope_path: ClassVar[str | None] = "household__commune__path"  # the rows' unit path (povmis.accounts.scoping)

    class Source(models.TextChoices):
        IMPORT = "import", _("Import")
        CHANGE_REQUEST = "change_request", _("Change request")
        STAGE = "stage", _("Stage change")

    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.CASCADE, related_name="audit"
    )
    cycle = models.ForeignKey("registry.ReviewCycle", null=True, blank=True, on_delete=models.CASCADE)
    member_code = models.CharField(max_length=64, blank=True)
    field = models.CharField(max_length=64)
    old_value = models.TextField(null=True, blank=True)
    new_value = models.TextField(null=True, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    changed_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()
    source = models.CharField(max_length=16, choices=Source.choices)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.household_id} {self.field}: {self.old_value} → {self.new_value}"


class ChangeRequest(models.Model):
    scope_path: ClassVar[str | None] = "household__commune__path"  # the rows' unit path (povmis.accounts.scoping)

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        APPEAL = "appeal", _("Appeal")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    household = models.ForeignKey("registry.Household", on_delete=models.CASCADE, related_name="change_requests")
    cycle = models.ForeignKey("registry.ReviewCycle", on_delete=models.PROTECT)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    member_code = models.CharField(max_length=64, blank=True)
    field = models.CharField(max_length=64)
    old_value = models.TextField(null=True, blank=True)
    proposed_value = models.TextField()
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.household_id} {self.field} ({self.status})"
