"""The registry's tables, one module per sub-concept."""

from povmis.registry.models.applications import Application
from povmis.registry.models.audit import AuditEntry, ChangeRequest
from povmis.registry.models.cycles import CommuneReview, ReviewCycle, Stage, StageChange
from povmis.registry.models.households import Household, HouseholdSurvey, MemberSurvey
from povmis.registry.models.imports import ImportBatch
from povmis.registry.models.meetings import Complaint, Posting, RoundCertificate, RoundDecision, VillageMeeting
from povmis.registry.models.reads import PersonalDataRead
from povmis.registry.models.results import ClassificationRun, HouseholdResult
from povmis.registry.models.standard_runs import StandardResult, StandardRun
from povmis.registry.models.statuses import Status

__all__ = [
    "Application",
    "AuditEntry",
    "ChangeRequest",
    "ClassificationRun",
    "CommuneReview",
    "Complaint",
    "Household",
    "HouseholdResult",
    "HouseholdSurvey",
    "ImportBatch",
    "MemberSurvey",
    "PersonalDataRead",
    "Posting",
    "ReviewCycle",
    "RoundCertificate",
    "RoundDecision",
    "Stage",
    "StageChange",
    "StandardResult",
    "StandardRun",
    "Status",
    "VillageMeeting",
]
