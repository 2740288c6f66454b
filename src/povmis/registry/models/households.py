"""Households (hộ gia đình), and their survey answers for each review cycle.

Answers are stored as canonical JSON keyed by the standard's question ids, not as one column per
question: a new standard with new questions is a new YAML file, not a migration. The canonical form
(sorted keys, typed values) also makes "did anything change?" a string comparison, which is what
keeps re-importing the same file a no-op.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django.db import models


class Household(models.Model):
    scope_path: ClassVar[str | None] = "commune__path"  # the rows' unit path (povmis.accounts.scoping)

    code = models.CharField(max_length=64, unique=True)
    commune = models.ForeignKey("units.AdminUnit", on_delete=models.PROTECT, related_name="households")
    village = models.ForeignKey(
        "units.AdminUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="village_households",
    )
    head_name = models.CharField(max_length=200, blank=True)
    # Whether the head belongs to an ethnic minority (hộ dân tộc thiểu số); None when the survey did not say.
    # The programme sets separate targets for these households (domain.md §5.1), so monitoring splits by it.
    ethnic_minority = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class HouseholdSurvey(models.Model):
    """A household's answers in one review cycle (phiếu B), with its members' answers beside it."""

    scope_path: ClassVar[str | None] = "household__commune__path"  # the rows' unit path (povmis.accounts.scoping)

    # No index of its own: the unique (cycle, household) and (cycle, updated_at) indexes start with it.
    cycle = models.ForeignKey("registry.ReviewCycle", on_delete=models.PROTECT, related_name="surveys", db_index=False)
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="surveys")
    answers = models.TextField()
    # sha256 of the household's and its members' canonical answers: equal fingerprints, nothing changed.
    fingerprint = models.CharField(max_length=64)
    import_batch = models.ForeignKey("registry.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "household"], name="one_survey_per_cycle")]
        # "Answered since the last classification?" is asked of every commune at every stage: a range
        # on this index finds the few such surveys instead of scanning the cycle's half a million.
        indexes = [models.Index(fields=["cycle", "updated_at"], name="survey_cycle_updated")]

    def __str__(self) -> str:
        return f"{self.household_id} in {self.cycle_id}"

    @property
    def answer_dict(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.answers)
        return parsed


class MemberSurvey(models.Model):
    scope_path: ClassVar[str | None] = (
        "survey__household__commune__path"  # the rows' unit path (povmis.accounts.scoping)
    )

    # No index of its own: the unique (survey, member_code) index starts with it. Two million members a
    # province: every index less is a faster import.
    survey = models.ForeignKey(HouseholdSurvey, on_delete=models.CASCADE, related_name="members", db_index=False)
    member_code = models.CharField(max_length=64)
    # Căn cước công dân: optional, but when given it must not appear in two households.
    national_id = models.CharField(max_length=20, blank=True)
    answers = models.TextField()

    class Meta:
        ordering = ["member_code"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "member_code"], name="one_member_code_per_survey"),
        ]
        # Only members who carry an ID are looked up by it (children mostly do not).
        indexes = [
            models.Index(fields=["national_id"], name="member_national_id", condition=~models.Q(national_id="")),
        ]

    def __str__(self) -> str:
        return self.member_code

    @property
    def answer_dict(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.answers)
        return parsed
