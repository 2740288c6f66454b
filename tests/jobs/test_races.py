"""Races on the real database (threads, each on its own connection): nothing lost, nothing silently wrong.

Two commits of one file at once land once; one upload commits once; a classification that overlaps an
import never stores classes older than the registry without the stage guard seeing it.
"""

from __future__ import annotations

import threading

import pytest

from povmis.errors import ServiceError
from povmis.registry.models import AuditEntry, CommuneReview, Household, HouseholdResult, ImportBatch, MemberSurvey
from povmis.registry.samples import household, member, survey
from povmis.registry.services import advance_stage, classify_cycle, import_survey
from povmis.registry.stages import answered_since_classification
from povmis.registry.survey_import import AlreadyCommitted

pytestmark = pytest.mark.django_db(transaction=True)


def households(count: int, **changes: str) -> list[dict[str, str]]:
    return [household(household_id=f"R{i:04d}", **changes) for i in range(count)]


def members(count: int, **changes: str) -> list[dict[str, str]]:
    return [member(household_id=f"R{i:04d}", national_id=f"0660{i:08d}", **changes) for i in range(count)]


def stored_classes() -> set[str]:
    results = HouseholdResult.objects.filter(household__code__startswith="R")
    return set(results.values_list("household_class", flat=True))


def commit_twice_at_once(threads, file, user, keys=(None, None)):
    barrier = threading.Barrier(2)

    def commit(key):
        barrier.wait()
        return import_survey(file, year=2024, user=user, commit=True, upload_key=key)

    started = [threads(lambda key=key: commit(key)) for key in keys]
    for thread, _outcome in started:
        thread.join()
    return [outcome for _thread, outcome in started]


def test_the_same_new_file_committed_twice_at_once_lands_once(world, threads):
    file = survey(households(200), members(200))
    outcomes = commit_twice_at_once(threads, file, world.personas["cadre"])
    assert [outcome.error for outcome in outcomes] == [None, None]
    assert sorted(outcome.value.committed for outcome in outcomes) == [False, True]
    assert sorted(outcome.value.counts["new"] for outcome in outcomes) == [0, 200]
    assert ImportBatch.objects.count() == 1
    assert Household.objects.filter(code__startswith="R").count() == 200
    assert MemberSurvey.objects.count() == 200
    assert AuditEntry.objects.count() == 200


def test_the_same_changed_file_committed_twice_at_once_audits_each_change_once_with_its_true_old_value(world, threads):
    cadre = world.personas["cadre"]
    import_survey(survey(households(100), members(100)), year=2024, user=cadre, commit=True)
    poorer = survey(households(100, income_per_capita="100000"), members(100))
    outcomes = commit_twice_at_once(threads, poorer, cadre)
    assert [outcome.error for outcome in outcomes] == [None, None]
    assert sorted(outcome.value.counts["changed"] for outcome in outcomes) == [0, 100]
    edits = AuditEntry.objects.filter(field="income_per_capita")
    assert sorted(set(edits.values_list("old_value", "new_value"))) == [("1200000", "100000")]
    assert edits.count() == 100


def test_one_upload_commits_once_and_the_second_commit_is_told_so(world, threads):
    file = survey(households(50), members(50))
    outcomes = commit_twice_at_once(threads, file, world.personas["cadre"], keys=("upload-1", "upload-1"))
    errors = [outcome.error for outcome in outcomes]
    assert sorted(type(error).__name__ for error in errors) == ["AlreadyCommitted", "NoneType"]
    refusal = next(error for error in errors if error is not None)
    assert str(refusal).startswith("this upload has already been committed (import ")
    assert ImportBatch.objects.get().upload_key == "upload-1"
    with pytest.raises(AlreadyCommitted):
        import_survey(file, year=2024, user=world.personas["cadre"], commit=True, upload_key="upload-1")


def test_a_classification_overlapping_an_import_never_lets_a_stale_list_move_on(world, threads):
    """The import waits for the classification; its fall in income is then newer than the classes."""
    cadre, admin = world.personas["cadre"], world.personas["admin"]
    import_survey(survey(households(100), members(100)), year=2024, user=cadre, commit=True)
    deprived = {"water_source": "surface_water", "latrine": "open_defecation"}
    poorer = survey(households(100, income_per_capita="100000", **deprived), members(100, health_insurance="0"))
    importing: list[tuple[threading.Thread, object]] = []

    def start_the_import_while_classifying(message: str) -> None:
        if message.startswith("classifying"):
            importing.append(threads(lambda: import_survey(poorer, year=2024, user=cadre, commit=True)))
            importing[0][0].join(timeout=1.0)  # it is waiting for the classification's lock

    classify_cycle(world.cycle, user=admin, progress=start_the_import_while_classifying)
    thread, outcome = importing[0]
    thread.join()
    assert outcome.error is None
    assert outcome.value.counts["changed"] == 100
    assert stored_classes() == {"near_poor"}  # the classes of the answers the classification read, whole
    review = CommuneReview.objects.get(cycle=world.cycle, commune=world.c1)
    assert answered_since_classification(review) == 100
    with pytest.raises(ServiceError, match="100 household"):
        advance_stage(review, user=cadre)
    classify_cycle(world.cycle, user=admin)
    assert stored_classes() == {"poor"}
    assert advance_stage(review, user=cadre).stage != "draft"
