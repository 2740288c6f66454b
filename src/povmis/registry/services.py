"""Every state change of the registry, one function per use case: pages, API and CLI all call these.

Nothing else writes to the registry's tables.
"""

from __future__ import annotations

from povmis.registry.changes import decide_change, propose_change
from povmis.registry.classification import classify_cycle
from povmis.registry.imports import ImportEffect, import_survey
from povmis.registry.stages import advance_stage, close_cycle, open_cycle
from povmis.registry.units import load_successions, load_units

__all__ = [
    "ImportEffect",
    "advance_stage",
    "classify_cycle",
    "close_cycle",
    "decide_change",
    "import_survey",
    "load_successions",
    "load_units",
    "open_cycle",
    "propose_change",
]
