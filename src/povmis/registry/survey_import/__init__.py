"""The survey import: read a survey file, check it, show its effect, and land it whole or not at all.

What the rest of the project calls is here; the modules beside it are the import's own. Stored jobs
name the tasks in :mod:`povmis.registry.survey_import.jobs` by their dotted paths, and the pages of
two apps keep their uploads through :mod:`povmis.registry.survey_import.uploads`.
"""

from __future__ import annotations

from povmis.registry.survey_import.checks import WARNING
from povmis.registry.survey_import.effect import ImportEffect, Progress
from povmis.registry.survey_import.error_report import workbook as error_workbook
from povmis.registry.survey_import.files import SurveyFile, cell_text, read_csv_pair, read_survey, read_workbook
from povmis.registry.survey_import.guards import check_size
from povmis.registry.survey_import.importing import AlreadyCommitted, import_survey

__all__ = [
    "WARNING",
    "AlreadyCommitted",
    "ImportEffect",
    "Progress",
    "SurveyFile",
    "cell_text",
    "check_size",
    "error_workbook",
    "import_survey",
    "read_csv_pair",
    "read_survey",
    "read_workbook",
]
