"""The read log: who opened which household's personal data (names, IDs, answers), where and when.

Written on every route that shows a household's personal data (its page, its API answer, the printed
lists of a commune); read by auditors on the read-log page. Entries are never changed or deleted by
the app.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonalDataRead(models.Model):
    scope_path: ClassVar[str | None] = "commune__path"  # the rows' unit path (povmis.accounts.scoping)

    class What(models.TextChoices):
        HOUSEHOLD = "household", _("Household's answers and members")
        VILLAGE_MEETING = "village_meeting", _("List for the village meeting")
        PUBLIC_NOTICE = "public_notice", _("Public notice")
        ROUND_DECISION = "round_decision", _("The review's recognition decision and certificates")
        ESCAPED_LISTS = "escaped_lists", _("Lists of escaped households")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(max_length=24, choices=What.choices)
    # One household's data, or a list of a whole commune's households (household empty).
    household = models.ForeignKey("registry.Household", null=True, blank=True, on_delete=models.CASCADE)
    # The commune the data belongs to: what scopes the log, so a district auditor sees its communes'.
    commune = models.ForeignKey("units.AdminUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-read_at", "-pk"]
        indexes = [models.Index(fields=["household", "read_at"]), models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.what} {self.household_id or self.commune_id} {self.read_at:%Y-%m-%d %H:%M}"
