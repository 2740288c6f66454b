"""A support policy, loaded from its YAML file and checked before any entitlement is computed with it.

A policy is data: who is eligible (conditions, the same language as a standard's indicators), from when
to when, what they get (a share of a premium, an amount or cap in integer VND, an interest ratio), how
often, and which deprivations it addresses. A change in the law is an edit of ``policies/<id>/policy.yaml``
or a new dated rule in it, never new code.

>>> housing = load_policy("housing")
>>> housing.level, housing.rule("build").benefit.amount_vnd
('household', 40000000)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from povmis.core.conditions import ConditionError, compile_condition, condition_columns
from povmis.core.schema import StandardError, expect, labels, text

LEVELS = ("household", "member")
CONFIDENCE = ("C", "S", "R", "U")
BENEFIT_KEYS = ("share", "amount_vnd", "interest_ratio", "per", "note")


class PolicyError(ValueError):
    """A policy file that cannot be used; the message names the file, the key and what is wrong."""


@dataclass(frozen=True)
class Benefit:
    share: float | None  # a fraction of a premium, 0 to 1 (a ratio, not money)
    amount_vnd: int | None  # an amount or a cap, integer VND
    interest_ratio: float | None  # of the poor households' preferential rate
    per: str


@dataclass(frozen=True)
class Rule:
    """One way into a policy, in force over a period. The first rule that applies gives the benefit."""

    id: str
    label: dict[str, str]
    legal_reference: str
    confidence: str
    effective_from: dt.date
    effective_to: dt.date | None
    eligible: dict[str, Any]
    benefit: Benefit
    layer: str = "national"

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True)
class Limit:
    """How many deliveries of the purpose a subject may get, within the reconciled period or, when the
    limit has its own period (a programme's years, or from a decision's date on), within that one."""

    times: int
    per: str  # "person" or "household": whom the count is kept for
    period_from: dt.date | None = None  # None: the limit counts within the reconciled period only
    period_to: dt.date | None = None  # None: open-ended ("once per person")
    legal_reference: str = ""

    def counts_before(self, start: dt.date) -> dt.date | None:
        """From when deliveries before a period starting on ``start`` count towards the limit (None: none do)."""
        if self.period_from is None or self.period_from >= start:
            return None
        if self.period_to is not None and self.period_to < start:
            return None
        return self.period_from


@dataclass(frozen=True)
class Policy:
    id: str
    name: dict[str, str]
    legal_reference: str
    confidence: str
    level: str
    same_purpose: str
    addresses: tuple[str, ...]
    limit: Limit
    rules: tuple[Rule, ...]
    content_hash: str
    path: Path = field(compare=False)
    layers: tuple[str, ...] = ()

    def rule(self, rule_id: str) -> Rule:
        return next(rule for rule in self.rules if rule.id == rule_id)

    def columns(self) -> set[str]:
        """The household and member columns this policy's rules read (besides the date ``on``)."""
        return set().union(*(condition_columns(rule.eligible) for rule in self.rules)) - {"on"}


def policies_dir() -> Path:
    """Where policy files live: $POVMIS_POLICIES_DIR, else the project's own ``policies/``."""
    configured = os.environ.get("POVMIS_POLICIES_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parents[4] / "policies"


def available_policies(directory: Path | None = None) -> list[str]:
    return sorted(path.parent.name for path in (directory or policies_dir()).glob("*/policy.yaml"))


def load_policies(directory: Path | None = None, province: str | None = None) -> tuple[Policy, ...]:
    """Every policy of a directory, each with the province's top-ups layered over it."""
    root = directory or policies_dir()
    names = available_policies(root)
    if not names:
        raise PolicyError(f"{root}: no policies (expected <id>/policy.yaml files)")
    if province and not (root / "top-ups" / province).is_dir():
        known = ", ".join(sorted(p.name for p in (root / "top-ups").glob("*") if p.is_dir())) or "none"
        raise PolicyError(f"{root / 'top-ups' / province}: no top-ups for province '{province}' (known: {known})")
    return tuple(load_policy(name, root, province) for name in names)


def load_policy(name: str, directory: Path | None = None, province: str | None = None) -> Policy:
    root = directory or policies_dir()
    path = root / name / "policy.yaml"
    if not path.is_file():
        raise PolicyError(f"{name}: no such policy (known: {', '.join(available_policies(root)) or 'none'})")
    raw = path.read_bytes()
    digest = hashlib.sha256(raw)
    policy = _parse_file(path, raw, lambda document: _parse_policy(document, path))
    layer_path = root / "top-ups" / province / f"{name}.yaml" if province else None
    if layer_path is None or not layer_path.is_file():
        return _with_hash(policy, digest.hexdigest())
    layer_raw = layer_path.read_bytes()
    digest.update(layer_raw)
    top_up = _parse_file(layer_path, layer_raw, lambda document: _parse_layer(document, policy, str(province)))
    return _with_hash(top_up, digest.hexdigest())


def _parse_file(path: Path, raw: bytes, parse: Any) -> Policy:
    try:
        document = yaml.safe_load(raw)
    except yaml.YAMLError as error:
        raise PolicyError(f"{path}: not valid YAML: {error}") from error
    try:
        parsed: Policy = parse(document)
    except (StandardError, ConditionError) as error:
        raise PolicyError(f"{path}: {error}") from error
    return parsed


def _with_hash(policy: Policy, content_hash: str) -> Policy:
    return Policy(**{**policy.__dict__, "content_hash": content_hash})


def _parse_policy(document: Any, path: Path) -> Policy:
    expect(isinstance(document, dict), "top level", "expected a mapping of keys")
    level = document.get("level")
    expect(level in LEVELS, "level", f"must be one of {', '.join(LEVELS)}")
    policy_id = text(document, "id", "id")
    expect(policy_id == path.parent.name, "id", f"must be the folder's name '{path.parent.name}'")
    name = labels(document, "name", "name")
    expect(bool(name.get("id")), "name.id", "is required (the Indonesian name, a non-empty text)")
    addresses = document.get("addresses", [])
    expect(isinstance(addresses, list), "addresses", "expected a list of indicator ids (may be empty)")
    rules = document.get("rules")
    expect(isinstance(rules, list) and bool(rules), "rules", "at least one rule is required")
    parsed = tuple(_rule(raw, f"rules[{i}]", "national") for i, raw in enumerate(rules))
    ids = [rule.id for rule in parsed]
    expect(len(ids) == len(set(ids)), "rules", "rule ids must be unique")
    return Policy(
        id=policy_id,
        name=name,
        legal_reference=text(document, "legal_reference", "legal_reference"),
        confidence=_confidence(document, "confidence"),
        level=str(level),
        same_purpose=text(document, "same_purpose", "same_purpose"),
        addresses=tuple(str(a) for a in addresses),
        limit=_limit(document.get("limit"), str(level)),
        rules=parsed,
        content_hash="",
        path=path,
    )


def _parse_layer(document: Any, policy: Policy, province: str) -> Policy:
    """A province's top-up: its rules come first, so they win where they apply; the national rules stay."""
    expect(isinstance(document, dict), "top level", "expected a mapping of keys")
    expect(document.get("extends") == policy.id, "extends", f"must name the policy it tops up ('{policy.id}')")
    text(document, "legal_reference", "legal_reference")
    rules = document.get("rules")
    expect(isinstance(rules, list) and bool(rules), "rules", "at least one rule is required")
    added = tuple(_rule(raw, f"rules[{i}]", province) for i, raw in enumerate(rules))
    clash = {rule.id for rule in added} & {rule.id for rule in policy.rules}
    expect(not clash, "rules", f"ids {sorted(clash)} are already national rules; give the top-up its own ids")
    return Policy(**{**policy.__dict__, "rules": added + policy.rules, "layers": (*policy.layers, province)})


def _rule(raw: Any, key: str, layer: str) -> Rule:
    expect(isinstance(raw, dict), key, "expected a mapping")
    effective = raw.get("effective")
    expect(isinstance(effective, dict) and "from" in effective, f"{key}.effective.from", "is required (a date)")
    eligible = raw.get("eligible")
    expect(isinstance(eligible, dict), f"{key}.eligible", "expected a condition mapping ({} for everyone)")
    compile_condition(eligible, f"{key}.eligible")
    start = _date(effective["from"], f"{key}.effective.from")
    end = _date(effective["to"], f"{key}.effective.to") if effective.get("to") else None
    expect(end is None or start <= end, f"{key}.effective", "'to' must not be before 'from'")
    return Rule(
        id=text(raw, "id", key),
        label=labels(raw, "label", key),
        legal_reference=text(raw, "legal_reference", key),
        confidence=_confidence(raw, f"{key}.confidence"),
        effective_from=start,
        effective_to=end,
        eligible=dict(eligible),
        benefit=_benefit(raw.get("benefit"), f"{key}.benefit"),
        layer=layer,
    )


def _benefit(raw: Any, key: str) -> Benefit:
    expect(isinstance(raw, dict), key, "expected a mapping with share, amount_vnd or interest_ratio")
    unknown = set(raw) - set(BENEFIT_KEYS)
    expect(not unknown, key, f"unknown keys {sorted(unknown)}; use {', '.join(BENEFIT_KEYS)}")
    share, amount, ratio = raw.get("share"), raw.get("amount_vnd"), raw.get("interest_ratio")
    if share is not None:
        expect(
            isinstance(share, int | float) and 0 < share <= 1, f"{key}.share", "must be a fraction above 0, at most 1"
        )
    if amount is not None:
        expect(
            isinstance(amount, int) and not isinstance(amount, bool) and amount > 0,
            f"{key}.amount_vnd",
            "must be a positive whole number of VND (money is never a fraction)",
        )
    if ratio is not None:
        expect(isinstance(ratio, int | float) and ratio > 0, f"{key}.interest_ratio", "must be a positive ratio")
    per = raw.get("per", "household")
    expect(per in ("household", "person", "course"), f"{key}.per", "must be household, person or course")
    return Benefit(
        share=float(share) if share is not None else None,
        amount_vnd=int(amount) if amount is not None else None,
        interest_ratio=float(ratio) if ratio is not None else None,
        per=str(per),
    )


def _limit(raw: Any, level: str) -> Limit:
    subject = "person" if level == "member" else "household"
    if raw is None:
        return Limit(times=1, per=subject)
    expect(isinstance(raw, dict), "limit", "expected a mapping {times: N}")
    times = raw.get("times", 1)
    expect(isinstance(times, int) and times >= 1, "limit.times", "must be a whole number, at least 1")
    period = raw.get("period")
    if period is None:
        return Limit(times=int(times), per=subject)
    expect(isinstance(period, dict) and "from" in period, "limit.period.from", "is required (a date)")
    start = _date(period["from"], "limit.period.from")
    end = _date(period["to"], "limit.period.to") if period.get("to") else None
    expect(end is None or start <= end, "limit.period", "'to' must not be before 'from'")
    source = text(raw, "legal_reference", "limit")
    return Limit(times=int(times), per=subject, period_from=start, period_to=end, legal_reference=source)


def _date(value: Any, key: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise StandardError(f"{key}: expected a date YYYY-MM-DD, got {value!r}") from error


def _confidence(raw: dict[str, Any], key: str) -> str:
    value = raw.get("confidence")
    expect(value in CONFIDENCE, key, f"must be one of {', '.join(CONFIDENCE)}")
    return str(value)
