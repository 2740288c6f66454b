"""Every state change of the registry, one function per use case: pages, API and CLI all call these.

Nothing else writes to the registry's tables.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from povmis.accounts.models import RoleKind
from povmis.accounts.scoping import role_kind
from povmis.errors import PermissionDenied
from povmis.registry import changes, classification
from povmis.registry.changes import propose_change
from povmis.registry.complaints import decide_complaint, file_complaint
from povmis.registry.meetings import record_minutes, record_posting
from povmis.registry.models import ChangeRequest, ClassificationRun, ReviewCycle
from povmis.registry.round_decision import issue_round_decision
from povmis.registry.signals import results_amended, results_stored
from povmis.registry.stages import advance_stage, close_cycle, open_cycle
from povmis.registry.standard_runs import classify_cycle_under
from povmis.registry.survey_import import ImportEffect, Progress, import_survey
from povmis.units import services as units

__all__ = [
    "ImportEffect",
    "advance_stage",
    "classify_cycle",
    "classify_cycle_under",
    "close_cycle",
    "decide_change",
    "decide_complaint",
    "file_complaint",
    "import_survey",
    "issue_round_decision",
    "load_successions",
    "load_units",
    "open_cycle",
    "propose_change",
    "record_minutes",
    "record_posting",
]


def classify_cycle(cycle: ReviewCycle, *, user: User | None, progress: Progress | None = None) -> ClassificationRun:
    """Classify the review (:func:`povmis.registry.classification.classify_cycle`), then announce its results."""
    classified = classification.classify_review(cycle, user=user, progress=progress)
    results_stored.send(sender=ClassificationRun, run=classified.run, results=classified.results)
    return classified.run


def load_units(source: Path | str, *, user: User | None = None) -> int:
    """Create or update administrative units from CSV (:func:`povmis.units.services.load_units`)."""
    _check_admin(user)
    return units.load_units(source)


def load_successions(source: Path | str, *, user: User | None = None) -> int:
    """Record the units' mergers, splits and renames from CSV (:func:`povmis.units.services.load_successions`)."""
    _check_admin(user)
    return units.load_successions(source)


def _check_admin(user: User | None) -> None:
    if user is not None and role_kind(user) != RoleKind.ADMINISTRATOR:
        raise PermissionDenied(_("only an administrator loads administrative units"))


def decide_change(request: ChangeRequest, *, user: User, approve: bool, note: str = "") -> ChangeRequest:
    """Decide a correction (:func:`povmis.registry.changes.decide_change`); an approved one re-classifies
    its household at once, alone, so the commune's list and counts are right the moment it is approved.
    """
    with transaction.atomic():
        decided = changes.decide_change(request, user=user, approve=approve, note=note)
        if approve:
            run = classification.reclassify_households(decided.cycle, [decided.household.code])
            if run is not None:
                results_amended.send(sender=ClassificationRun, run=run, households=[decided.household_id])
    return decided
