"""The annual review's paper trail at the commune: the village meetings' minutes, the posting, the complaints.

Decision 24/2021 Art. 4 steps 3 and 4: each village meets to agree the list (two minutes signed by the
chair, the secretary and household representatives), then the commune posts the result and receives
complaints for as long as it is posted; each complaint is decided, an upheld one by a correction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VillageMeeting(models.Model):
    """One village meeting's minutes (biên bản họp thôn): who attended and how they voted on the list."""

    review = models.ForeignKey("registry.CommuneReview", on_delete=models.CASCADE, related_name="meetings")
    # Null: one meeting for the commune's households that belong to no village.
    village = models.ForeignKey(
        "units.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField()
    chair = models.CharField(max_length=200)
    secretary = models.CharField(max_length=200)
    invited = models.PositiveIntegerField()
    attending = models.PositiveIntegerField()
    agree = models.PositiveIntegerField()
    disagree = models.PositiveIntegerField()
    # Whether the agreement reached the procedure's threshold when the minutes were recorded.
    passed = models.BooleanField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.review_id} {self.village_id} {self.held_on}"

    @property
    def agreement_percent(self) -> int:
        return self.agree * 100 // self.attending if self.attending else 0


class Posting(models.Model):
    """When the commune's result was posted (niêm yết công khai), and until when complaints are received."""

    review = models.OneToOneField("registry.CommuneReview", on_delete=models.CASCADE, related_name="posting")
    posted_on = models.DateField()
    ends_on = models.DateField()
    places = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.review_id} {self.posted_on}..{self.ends_on}"


class Complaint(models.Model):
    """A complaint (khiếu nại) received during the posting, and the commune's decision on it."""

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        POST = "post", _("by post")
        PHONE = "phone", _("by telephone")
        ONLINE = "online", _("online public-service portal")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        UPHELD = "upheld", _("Upheld")
        REJECTED = "rejected", _("Rejected")

    review = models.ForeignKey("registry.CommuneReview", on_delete=models.CASCADE, related_name="complaints")
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="complaints")
    complainant = models.CharField(max_length=200)
    received_on = models.DateField()
    channel = models.CharField(max_length=12, choices=Channel.choices)
    text = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    reasons = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The correction an upheld complaint caused.
    correction = models.ForeignKey(
        "registry.ChangeRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.household_id} {self.received_on} ({self.decision})"


class RoundDecision(models.Model):
    """The commune's recognition decision of the annual review (Mẫu 02), numbered in the commune's year."""

    review = models.OneToOneField("registry.CommuneReview", on_delete=models.CASCADE, related_name="decision")
    number = models.PositiveIntegerField()
    decided_on = models.DateField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.number}/QĐ-UBND {self.decided_on}"


class RoundCertificate(models.Model):
    """A poor or near-poor household's certificate (Mẫu 03) under the commune's annual decision."""

    decision = models.ForeignKey(RoundDecision, on_delete=models.CASCADE, related_name="certificates")
    household = models.ForeignKey("registry.Household", on_delete=models.PROTECT, related_name="round_certificates")
    number = models.PositiveIntegerField()
    household_class = models.CharField(max_length=20)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "household"], name="one_certificate_per_decision"),
        ]

    def __str__(self) -> str:
        return f"{self.number}/GCN-HN.HCN {self.household_id}"
