"""Names shown on the pages for the registry's codes, as English msgids translated per language.

The registry's models keep their stored codes ("village_meeting", "near_poor"); the pages show these
names instead, so every language gets its own words from the locale files.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from povmis.registry.models import AuditEntry, ChangeRequest, Stage

# The stored codes' own labels (the models' choices), so that a stage or a status is named once.
STAGES: dict[str, str | Promise] = dict(Stage.choices)

CLASSES: dict[str, Promise] = {
    "poor": _("Poor"),
    "near_poor": _("Near-poor"),
    "average": _("Average living standard"),
    "not_poor": _("Not poor"),
    "unclassified": _("Unclassified"),
}

CHANGE_KINDS: dict[str, str | Promise] = dict(ChangeRequest.Kind.choices)
CHANGE_STATUSES: dict[str, str | Promise] = dict(ChangeRequest.Status.choices)
AUDIT_SOURCES: dict[str, str | Promise] = dict(AuditEntry.Source.choices)
IMPORT_STATUSES: dict[str, Promise] = {
    "new": _("New"),
    "changed": _("Changed"),
    "unchanged": _("Unchanged"),
    "rejected": _("Rejected"),
}
TRANSITIONS: dict[str, Promise] = {
    "stayed_poor": _("stayed poor"),
    "escaped_poverty": _("escaped poverty"),
    "poor_to_near_poor": _("poor to near-poor"),
    "newly_poor": _("newly poor"),
    "fell_back_into_poverty": _("fell back into poverty"),
    "near_poor_to_poor": _("near-poor to poor"),
    "stayed_near_poor": _("stayed near-poor"),
    "escaped_near_poverty": _("escaped near-poverty"),
    "newly_near_poor": _("newly near-poor"),
    "stayed_out": _("neither poor nor near-poor"),
    "unclassified": _("unclassified"),
}


def label(names: Mapping[str, str | Promise], code: str | None) -> str:
    """The name for ``code``, or the code itself when it has none (a newer standard's class)."""
    if code is None:
        return ""
    return str(names.get(code, code))
