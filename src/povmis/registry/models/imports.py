"""A committed survey import: which file, who, when, and what it did."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models


class ImportBatch(models.Model):
    # An import is seen by whoever's area contains the area of the person who committed it.
    scope_path: ClassVar[str | None] = "committed_by__role__unit__path"  # the rows' unit path (povmis.accounts.scoping)

    cycle = models.ForeignKey("registry.ReviewCycle", on_delete=models.PROTECT, related_name="imports")
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    # The import page's upload this batch committed (null from the command line and the API): unique, so
    # a double-clicked Commit cannot land one upload twice, whatever the web server's processes do.
    upload_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    committed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    committed_at = models.DateTimeField(auto_now_add=True)
    new_count = models.PositiveIntegerField(default=0)
    changed_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-committed_at"]

    def __str__(self) -> str:
        return self.file_name
