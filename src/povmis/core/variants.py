"""A variant of a standard: the standard with a few values changed, checked like any standard file.

What-if questions ("what if the rural line were 2,200,000?") are variants. They go through the same
layer machinery as a provincial standard (core/layers.py), so a ``--set`` key and a layer file's
change key mean the same thing, and the variant has its own id and content hash.

>>> from povmis.core.standard import load_standard
>>> changed = variant(load_standard("vn-2022-2025"), {"line.rural": 2200000})
>>> changed.id, changed.line("poverty").values["rural"], changed.layer_over
('vn-2022-2025+line.rural=2200000', 2200000, 'vn-2022-2025')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from povmis.core.conditions import ConditionError
from povmis.core.layers import apply_changes, document_hash, parse_value
from povmis.core.schema import StandardError
from povmis.core.standard import Standard, parse_standard


def variant(standard: Standard, changes: Mapping[str, Any]) -> Standard:
    """``standard`` with ``changes`` applied; no changes gives the standard itself, unchanged."""
    if not changes:
        return standard
    document = apply_changes(standard.document, changes)
    label = ",".join(f"{key}={value}" for key, value in changes.items())
    document["id"] = f"{standard.id}+{label}"
    document["layer_over"] = standard.id
    try:
        return parse_standard(document, standard.path, document_hash(document))
    except (StandardError, ConditionError) as error:
        raise StandardError(f"{label}: {error}") from error


def parse_settings(settings: Sequence[str]) -> dict[str, Any]:
    """``["line.rural=2200000", "cutoff=2"]`` as changes; a setting without ``=`` is an error naming it."""
    changes: dict[str, Any] = {}
    for setting in settings:
        key, equals, value = setting.partition("=")
        if not equals or not key.strip() or not value.strip():
            raise StandardError(f"{setting!r}: expected KEY=VALUE, for example line.rural=2200000 or cutoff=2")
        changes[key.strip()] = parse_value(value)
    return changes


__all__ = ["parse_settings", "variant"]
