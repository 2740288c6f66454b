"""The registry's API shapes: stable English field names, whatever the tables or the pages call them."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Literal

from ninja import Schema

from povmis.core.deprivations import deprived_ids
from povmis.core.standard import Standard, load_standard
from povmis.registry.models import ChangeRequest, CommuneReview, HouseholdResult, ImportBatch
from povmis.registry.queries import shown_class
from povmis.registry.stages import next_stage


class Unit(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None
    path: str
    is_urban: bool
    is_disadvantaged: bool
    valid_from: dt.date
    valid_to: dt.date | None


class UnitDetail(Unit):
    children: list[Unit]


class Cycle(Schema):
    year: int
    standard_id: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    is_closed: bool


class CommuneStage(Schema):
    commune_code: str
    commune_name: str
    stage: str
    next_stage: str | None
    updated_at: dt.datetime

    @staticmethod
    def resolve_commune_code(obj: CommuneReview) -> str:
        return obj.commune.code

    @staticmethod
    def resolve_commune_name(obj: CommuneReview) -> str:
        return obj.commune.name

    @staticmethod
    def resolve_next_stage(obj: CommuneReview) -> str | None:
        return next_stage(obj)


class CycleDetail(Cycle):
    communes: list[CommuneStage]


class AdvanceIn(Schema):
    note: str = ""


class HouseholdItem(Schema):
    code: str
    head_name: str
    commune_code: str
    commune_name: str
    village_code: str | None
    village_name: str | None
    # The class in the review given as ``cycle`` (null without one, or when not yet classified).
    household_class: str | None

    @staticmethod
    def resolve_household_class(obj: Any) -> str | None:
        return shown_class(getattr(obj, "stored_class", None))


class Result(Schema):
    household_code: str
    head_name: str
    commune_code: str
    village_code: str | None
    household_class: str
    class_rule: str
    deprivation_count: int
    deprived: list[str]
    reason_vi: str
    reason_en: str
    transition: str

    @staticmethod
    def resolve_household_code(obj: HouseholdResult) -> str:
        return obj.household.code

    @staticmethod
    def resolve_head_name(obj: HouseholdResult) -> str:
        return obj.household.head_name

    @staticmethod
    def resolve_commune_code(obj: HouseholdResult) -> str:
        return obj.household.commune.code

    @staticmethod
    def resolve_village_code(obj: HouseholdResult) -> str | None:
        village = obj.household.village
        return village.code if village else None

    @staticmethod
    def resolve_household_class(obj: HouseholdResult) -> str | None:
        return shown_class(obj.household_class)

    @staticmethod
    def resolve_deprived(obj: HouseholdResult) -> list[str]:
        return deprived_ids(obj.deprived_mask, standard_named(obj.run.standard_id))


class SummaryCount(Schema):
    commune_code: str
    commune_name: str
    household_class: str
    households: int
    # The results list behind this count (the same filters).
    results_url: str


class Summary(Schema):
    year: int
    total: int
    by_class: dict[str, int]
    counts: list[SummaryCount]


class Issue(Schema):
    file: str
    table: str
    row: int | None
    household_id: str | None
    member_id: str | None
    column: str | None
    value: str | None
    severity: str
    message_vi: str | None
    message_en: str | None


class Change(Schema):
    household_id: str
    member_id: str | None
    column: str
    old: str | None
    new: str | None


class ImportEffect(Schema):
    year: int
    files: list[str]
    sha256: str
    committed: bool
    batch_id: int | None
    counts: dict[str, int]
    issues: list[Issue]
    changes: list[Change]


class ImportItem(Schema):
    id: int
    year: int
    file_name: str
    sha256: str
    committed_by: str | None
    committed_at: dt.datetime
    new_count: int
    changed_count: int
    unchanged_count: int
    rejected_count: int

    @staticmethod
    def resolve_year(obj: ImportBatch) -> int:
        return obj.cycle.year

    @staticmethod
    def resolve_committed_by(obj: ImportBatch) -> str | None:
        return obj.committed_by.get_username() if obj.committed_by else None


class ChangeIn(Schema):
    year: int
    field: str
    value: str
    reason: str
    kind: Literal["correction", "appeal"] = "correction"
    member_code: str = ""


class ChangeDecisionIn(Schema):
    approve: bool
    note: str = ""


class MeetingVote(Schema):
    """A village meeting as its minutes record it, read and written alike: who chaired and wrote the
    minutes, who was invited and came, how many agreed with the list and how many did not."""

    held_on: dt.date
    chair: str
    secretary: str
    invited: int
    attending: int
    agree: int
    disagree: int


class ComplaintFiled(Schema):
    """A complaint as it was received, read and written alike."""

    complainant: str
    received_on: dt.date
    channel: Literal["in_person", "post", "phone", "online"]
    text: str


class ChangeOut(Schema):
    id: int
    household_code: str
    year: int
    kind: str
    member_code: str
    field: str
    old_value: str | None
    proposed_value: str
    reason: str
    status: str
    requested_by: str
    requested_at: dt.datetime
    reviewed_by: str | None
    reviewed_at: dt.datetime | None
    review_note: str

    @staticmethod
    def resolve_household_code(obj: ChangeRequest) -> str:
        return obj.household.code

    @staticmethod
    def resolve_year(obj: ChangeRequest) -> int:
        return obj.cycle.year

    @staticmethod
    def resolve_requested_by(obj: ChangeRequest) -> str:
        return obj.requested_by.get_username()

    @staticmethod
    def resolve_reviewed_by(obj: ChangeRequest) -> str | None:
        return obj.reviewed_by.get_username() if obj.reviewed_by else None


@lru_cache(maxsize=16)
def standard_named(standard_id: str) -> Standard:
    """A standard read once per process for a list's rows (a run records its hash; a stored run is checked
    against the file where figures are computed, registry.cycle_data)."""
    return load_standard(standard_id)
