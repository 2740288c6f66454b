"""A programme's indicators and results framework (Circular 10/2022, Biểu 01), from ``indicators.yaml``.

>>> framework = load_indicators("ntp-spr-2021-2025")
>>> framework.indicator("models").targets, framework.indicator("models").level
({2025: 1000.0}, 'output')
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from povmis.core.programmes.definition import Programme, load_programme, read_yaml
from povmis.core.programmes.fields import ProgrammeError, confidence, is_unknown, items, mapping
from povmis.core.schema import StandardError, labels, text

LEVELS = ("output", "outcome", "impact")
SOURCES = ("registry", "reported")
# What one output delivered to households is: a household supported (a house) or a member (a trainee).
DELIVERY_COUNTS = ("households", "members")
DISAGGREGATIONS = ("sex", "ethnic_minority", "poor_near_poor", "poor_district")
# An indicator that belongs to the whole programme rather than to one project.
WHOLE_PROGRAMME = "programme"


@dataclass(frozen=True)
class ProgrammeIndicator:
    code: str
    project: str
    name: dict[str, str]
    unit: str
    level: str
    # registry: computed from the households (never typed in); reported: observations entered or imported.
    source: str
    baseline: float | None
    targets: dict[int, float] | None
    disaggregations: tuple[str, ...]
    legal_reference: str
    confidence: str
    # Where the output is a household's support: the policy (a folder under policies/) whose deliveries
    # are the output, and whether one output is a household (a house) or a member (a trainee).
    delivered_by: str | None = None
    counts: str = "records"


@dataclass(frozen=True)
class Framework:
    programme: str
    legal_reference: str
    indicators: tuple[ProgrammeIndicator, ...]

    def indicator(self, code: str) -> ProgrammeIndicator:
        found = [indicator for indicator in self.indicators if indicator.code == code]
        if not found:
            raise ProgrammeError(f"{self.programme}: no indicator {code!r}")
        return found[0]


def load_indicators(name_or_path: str | Path, programme: Programme | None = None) -> Framework:
    """Load the framework beside a programme; project codes are checked against that programme."""
    path, document, _ = read_yaml(name_or_path, "indicators.yaml")
    try:
        document = mapping(document, "top level")
        owner = programme or load_programme(text(document, "programme", "programme"))
        indicators = tuple(
            _indicator(raw, f"indicators[{i}]", owner)
            for i, raw in enumerate(items(document.get("indicators"), "indicators"))
        )
        codes = [indicator.code for indicator in indicators]
        if len(codes) != len(set(codes)):
            raise ProgrammeError("indicators: codes must be unique")
        return Framework(owner.id, text(document, "legal_reference", "legal_reference"), indicators)
    except StandardError as error:
        raise ProgrammeError(f"{path}: {error}") from error


def _indicator(raw: Any, key: str, programme: Programme) -> ProgrammeIndicator:
    raw = mapping(raw, key)
    project = str(raw.get("project", ""))
    if project != WHOLE_PROGRAMME and project not in programme.project_ids:
        raise ProgrammeError(f"{key}.project: {project!r} is not a project of {programme.id} (or say 'programme')")
    level, source = raw.get("level"), raw.get("source")
    if level not in LEVELS:
        raise ProgrammeError(f"{key}.level: must be one of {', '.join(LEVELS)}")
    if source not in SOURCES:
        raise ProgrammeError(f"{key}.source: must be one of {', '.join(SOURCES)}")
    wanted = tuple(str(d) for d in items(raw.get("disaggregations"), f"{key}.disaggregations"))
    stray = sorted(set(wanted) - set(DISAGGREGATIONS))
    if stray:
        raise ProgrammeError(f"{key}.disaggregations: unknown {stray} (known: {', '.join(DISAGGREGATIONS)})")
    return ProgrammeIndicator(
        code=text(raw, "code", key),
        project=project,
        name=labels(raw, "name", key),
        unit=text(raw, "unit", key),
        level=str(level),
        source=str(source),
        baseline=_number(raw.get("baseline"), f"{key}.baseline"),
        targets=_targets(raw.get("targets"), f"{key}.targets"),
        disaggregations=wanted,
        legal_reference=text(raw, "legal_reference", key),
        confidence=confidence(raw, key),
        **_deliveries(raw.get("deliveries"), f"{key}.deliveries"),
    )


def _deliveries(value: Any, key: str) -> dict[str, str]:
    if value is None:
        return {}
    raw = mapping(value, key)
    counts = raw.get("counts")
    if counts not in DELIVERY_COUNTS:
        raise ProgrammeError(f"{key}.counts: must be one of {', '.join(DELIVERY_COUNTS)}")
    return {"delivered_by": text(raw, "policy", key), "counts": str(counts)}


def _number(value: Any, key: str) -> float | None:
    if is_unknown(value):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProgrammeError(f"{key}: expected a number (or the word unknown)")
    return float(value)


def _targets(value: Any, key: str) -> dict[int, float] | None:
    if is_unknown(value):
        return None
    targets = mapping(value, key)
    parsed: dict[int, float] = {}
    for year, target in targets.items():
        if not isinstance(year, int):
            raise ProgrammeError(f"{key}.{year}: expected a year (e.g. 2025)")
        parsed[year] = _number(target, f"{key}.{year}") or 0.0
    return parsed
