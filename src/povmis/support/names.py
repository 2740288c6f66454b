"""Policies' names in the reader's language (Vietnamese, English or Indonesian, as the policy files give them)."""

from __future__ import annotations

from django.utils.translation import get_language

from povmis.support.entitlements import review_policies


def language() -> str:
    code = (get_language() or "vi")[:2]
    return code if code in {"vi", "en", "id"} else "en"


def policy_names() -> dict[str, str]:
    lang = language()
    return {policy.id: policy.name.get(lang, policy.name["en"]) for policy in review_policies()}
