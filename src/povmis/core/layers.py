"""Standards declared as changes to another: a provincial layer over a national standard, or a what-if.

A change names one value of a standard by a short key that a policy officer can read:

    line.rural / line.urban                 the first income line (the poverty line) for an area
    line.<line id>.<area>                   any income line for an area
    cutoff                                  the deprivations needed by the first class that counts them
    class.<class id>.cutoff                 the deprivations needed by one class
    class.<class id>.enabled                a class switched on or off (the average band, when unknown)
    indicator.<id>.<operator>               the threshold of the indicator's one comparison with that operator
    indicator.<id>.<column>.<operator>      the same, when the rule compares several answers
    indicator.<id>.above                    the share of members a member_share indicator needs
    indicator.<id>.enabled                  an indicator switched off (false) for the variant

Changes work on the standard's document (the parsed YAML), so the result is checked by the same
parser as any standard file, and its content hash is the hash of what was resolved.

>>> base = {"id": "x", "income": {"lines": [{"id": "poverty", "values": {"rural": 1500000, "urban": 2000000}}]},
...         "classes": [{"id": "poor", "rules": [{"income_at_or_below": "poverty", "deprivations_at_least": 3}]}],
...         "indicators": []}
>>> changed = apply_changes(base, {"line.rural": 2000000, "cutoff": 2})
>>> changed["income"]["lines"][0]["values"], changed["classes"][0]["rules"][0]["deprivations_at_least"]
({'rural': 2000000, 'urban': 2000000}, 2)
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from povmis.core.conditions import COMPARISONS
from povmis.core.schema import StandardError, expect, text

LAYER_KEYS = {"id", "name", "country", "legal_reference", "effective", "layer_over", "changes"}
Document = dict[str, Any]


def resolve_layer(document: Document, read_base: Callable[[str], Document]) -> Document:
    """The full document of a layer file: its base (itself possibly a layer) with its changes applied."""
    unknown = set(document) - LAYER_KEYS
    expect(not unknown, "top level", f"a layer may only have {sorted(LAYER_KEYS)}; unknown {sorted(unknown)}")
    base_id = text(document, "layer_over", "layer_over")
    changes = document.get("changes")
    if not isinstance(changes, list) or not changes:
        raise StandardError("changes: a layer needs a list of changes")
    resolved = copy.deepcopy(read_base(base_id))
    for i, change in enumerate(changes):
        key = f"changes[{i}]"
        expect(isinstance(change, dict) and "key" in change and "value" in change, key, "expected {key:, value:}")
        expect(bool(change.get("legal_reference")), f"{key}.legal_reference", "every change needs its legal source")
        try:
            _set(resolved, str(change["key"]), change["value"], change)
        except StandardError as error:
            raise StandardError(f"{key}: {error}") from error
    for name in ("id", "name", "country", "legal_reference", "effective"):
        if name in document:
            resolved[name] = copy.deepcopy(document[name])
    resolved["layer_over"] = base_id
    return resolved


def apply_changes(document: Document, changes: Mapping[str, Any]) -> Document:
    """A copy of ``document`` with each ``key: value`` applied (the what-if's ``--set``)."""
    changed = copy.deepcopy(document)
    for key, value in changes.items():
        _set(changed, key, value, {})
    return changed


def parse_value(raw: str) -> int | float | bool | str:
    """A value typed on a command line or a form: 2200000, 0.4, true, or a code."""
    lowered = raw.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    for kind in (int, float):
        try:
            return kind(raw.replace("_", "").replace(",", ""))
        except ValueError:
            continue
    return raw.strip()


def document_hash(document: Document) -> str:
    """The content hash of a resolved document: canonical JSON, so key order and comments do not count."""
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, default=_json_default)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _json_default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not serialisable: {value!r}")


def _set(document: Document, key: str, value: Any, provenance: Mapping[str, Any]) -> None:
    parts = key.split(".")
    kind = parts[0]
    setters = {"line": _set_line, "cutoff": _set_cutoff, "class": _set_class, "indicator": _set_indicator}
    expect(kind in setters, key, f"unknown key; a key starts with {', '.join(setters)}")
    setters[kind](document, key, parts[1:], value, provenance)


def _set_line(document: Document, key: str, rest: list[str], value: Any, provenance: Mapping[str, Any]) -> None:
    lines = (document.get("income") or {}).get("lines") or []
    expect(bool(lines), key, "the standard has no income lines")
    expect(len(rest) in (1, 2), key, "expected line.<area> or line.<line id>.<area>")
    line = lines[0] if len(rest) == 1 else _by_id(lines, rest[0], key, "income line")
    area = rest[-1]
    expect(area in line["values"], key, f"unknown area '{area}' (areas: {', '.join(line['values'])})")
    expect(isinstance(value, int) and not isinstance(value, bool) and value > 0, key, "must be a positive integer VND")
    line["values"][area] = value
    _cite(line, provenance)


def _set_cutoff(document: Document, key: str, rest: list[str], value: Any, provenance: Mapping[str, Any]) -> None:
    expect(not rest, key, "expected cutoff (or class.<class id>.cutoff)")
    counting = [c for c in document.get("classes") or [] if any(_counts(r) for r in c.get("rules") or [])]
    expect(bool(counting), key, "no class of the standard counts deprivations")
    _set_class_cutoff(counting[0], key, value, provenance)


def _set_class(document: Document, key: str, rest: list[str], value: Any, provenance: Mapping[str, Any]) -> None:
    expect(len(rest) == 2 and rest[1] in ("cutoff", "enabled"), key, "expected class.<id>.cutoff or .enabled")
    household_class = _by_id(document.get("classes") or [], rest[0], key, "class")
    if rest[1] == "cutoff":
        _set_class_cutoff(household_class, key, value, provenance)
    else:
        expect(isinstance(value, bool), key, "must be true or false")
        household_class["enabled"] = value
        _cite(household_class, provenance)


def _set_class_cutoff(household_class: Document, key: str, value: Any, provenance: Mapping[str, Any]) -> None:
    expect(isinstance(value, int) and not isinstance(value, bool) and value >= 0, key, "must be a whole number ≥ 0")
    rules = [rule for rule in household_class.get("rules") or [] if _counts(rule)]
    expect(bool(rules), key, f"class '{household_class.get('id')}' does not count deprivations")
    for rule in rules:
        rule["deprivations_at_least"] = value
    _cite(household_class, provenance)


def _set_indicator(document: Document, key: str, rest: list[str], value: Any, provenance: Mapping[str, Any]) -> None:
    expect(len(rest) in (2, 3), key, "expected indicator.<id>.<operator>, .<column>.<operator>, .above or .enabled")
    indicators = document.get("indicators") or []
    indicator = _by_id(indicators, rest[0], key, "indicator")
    if rest[1:] == ["enabled"]:
        expect(value is False, key, "an indicator can only be switched off (false)")
        indicators.remove(indicator)
        return
    rule = indicator["rule"]
    if rest[1:] == ["above"]:
        expect("above" in rule, key, f"indicator '{rest[0]}' is not a member_share rule")
        expect(isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 1, key, "a share 0-1")
        rule["above"] = value
    else:
        column, operator = (None, rest[1]) if len(rest) == 2 else (rest[1], rest[2])
        expect(operator in COMPARISONS, key, f"unknown operator '{operator}' (one of {', '.join(COMPARISONS)})")
        found = [c for c in _comparisons(rule) if operator in c and (column is None or c["column"] == column)]
        where = f"'{column}' {operator}" if column else operator
        expect(bool(found), key, f"indicator '{rest[0]}' has no comparison {where}")
        expect(len(found) == 1, key, f"indicator '{rest[0]}' compares {where} more than once: name the column")
        expect(type(value) is type(found[0][operator]) or _both_numbers(value, found[0][operator]), key,
               f"expected a value like {found[0][operator]!r}")  # fmt: skip
        found[0][operator] = value
    _cite(indicator, provenance)


def _comparisons(condition: Any) -> Iterator[Document]:
    """Every {column: ..., <operator>: ...} inside a rule, at any depth."""
    if isinstance(condition, dict):
        if "column" in condition:
            yield condition
        for value in condition.values():
            yield from _comparisons(value)
    elif isinstance(condition, list):
        for item in condition:
            yield from _comparisons(item)


def _both_numbers(a: Any, b: Any) -> bool:
    return all(isinstance(x, int | float) and not isinstance(x, bool) for x in (a, b))


def _counts(rule: Any) -> bool:
    return isinstance(rule, dict) and rule.get("deprivations_at_least") is not None


def _by_id(items: list[Document], wanted: str, key: str, what: str) -> Document:
    found = [item for item in items if isinstance(item, dict) and item.get("id") == wanted]
    known = ", ".join(str(item.get("id")) for item in items if isinstance(item, dict))
    expect(bool(found), key, f"no {what} '{wanted}' (known: {known})")
    return found[0]


def _cite(target: Document, provenance: Mapping[str, Any]) -> None:
    """A changed value carries the change's legal source, so the resolved standard still says where it is from."""
    if provenance.get("legal_reference"):
        target["legal_reference"] = str(provenance["legal_reference"])
    if provenance.get("confidence"):
        target["confidence"] = str(provenance["confidence"])
