"""A user's role and area (cán bộ xã, cán bộ huyện, ...), and API tokens."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RoleKind(models.TextChoices):
    COMMUNE_CADRE = "commune_cadre", _("Commune cadre")
    DISTRICT_OFFICER = "district_officer", _("District officer")
    PROVINCE_OFFICER = "province_officer", _("Province officer")
    STEERING_COMMITTEE = "steering_committee", _("Steering committee")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")
    # Records capital plans and payments in their area; sees no household data.
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    # A department responsible for one project of a programme: its lines, payments and outputs only.
    PROJECT_OWNER = "project_owner", _("Project owner")


class Role(models.Model):
    """What a user may do and where. No role, no access: an account alone sees nothing."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role")
    kind = models.CharField(max_length=24, choices=RoleKind.choices)
    # The area the role covers; empty only for administrators and country-wide read-only roles.
    unit = models.ForeignKey("units.AdminUnit", null=True, blank=True, on_delete=models.PROTECT)
    # A project owner's project (a folder under programmes/ and a project id in it); empty for other roles.
    programme = models.CharField(max_length=40, blank=True)
    project = models.CharField(max_length=10, blank=True)

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.unit_id or '*'}"


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token. Only its hash is stored: the key is shown once, when it is issued (accounts.services)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Recorded at most once a minute per token, so a busy script does not write on every call.
    last_used_at = models.DateTimeField(null=True, blank=True)
    # A revoked token stays, for the record of who stopped it and when; the API refuses it.
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Every token expires (settings.POVMIS_API_TOKEN_DAYS unless issued with another lifetime): a key
    # forgotten in an old script or a leaked log stops working by itself; the API refuses it from then on.
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.user} {self.name}"

    @property
    def has_expired(self) -> bool:
        """Past its expiry: the API refuses it (api/security.py filters on the same moment)."""
        return self.expires_at <= timezone.now()


class RoleChange(models.Model):
    """Who gave which account which role and area, or took it away, and when (the users page's record)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    # "kind@unit" or "" for none, and whether the account could sign in, before and after.
    role_before = models.CharField(max_length=100, blank=True)
    role_after = models.CharField(max_length=100, blank=True)
    active_before = models.BooleanField(null=True)
    active_after = models.BooleanField()

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user}: {self.role_before or '-'} -> {self.role_after or '-'}"
