"""The registry's tables, one module per sub-concept."""

from povmis.registry.models.applications import Application
from povmis.registry.models.audit import AuditEntry, ChangeRequest
from povmis.registry.models.cycles import CommuneReview, ReviewCycle, Stage, StageChange
from povmis.registry.models.households import Household, HouseholdSurvey, MemberSurvey
from povmis.registry.models.imports import ImportBatch
from povmis.registry.models.reads import PersonalDataRead
from povmis.registry.models.results import ClassificationRun, HouseholdResult
from povmis.registry.models.standard_runs import StandardResult, StandardRun

__all__ = [
    "Application",
    "AuditEntry",
    "ChangeRequest",
    "ClassificationRun",
    "CommuneReview",
    "Household",
    "HouseholdResult",
    "HouseholdSurvey",
    "ImportBatch",
    "MemberSurvey",
    "PersonalDataRead",
    "ReviewCycle",
    "Stage",
    "StageChange",
    "StandardResult",
    "StandardRun",
]
