"""Filters that turn the registry's stored codes into the names shown in the user's language."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

from povmis.registry import labels

register = template.Library()


@register.filter
def number(value: Decimal | float | str | None, places: int = 0) -> str:
    """A count or an amount in the page's locale, thousands grouped: 1.234.567 in Vietnamese, 1,234,567 in English."""
    if value is None or value == "":
        return "–"
    return number_format(value, decimal_pos=places or None, use_l10n=True, force_grouping=True)


@register.filter
def stage_label(code: str | None) -> str:
    return labels.label(labels.STAGES, code)


@register.filter
def class_label(code: str | None) -> str:
    return labels.label(labels.CLASSES, code)


@register.filter
def change_kind_label(code: str | None) -> str:
    return labels.label(labels.CHANGE_KINDS, code)


@register.filter
def change_status_label(code: str | None) -> str:
    return labels.label(labels.CHANGE_STATUSES, code)


@register.filter
def audit_source_label(code: str | None) -> str:
    return labels.label(labels.AUDIT_SOURCES, code)


@register.filter
def import_status_label(code: str | None) -> str:
    return labels.label(labels.IMPORT_STATUSES, code)


@register.filter
def transition_label(code: str | None) -> str:
    return labels.label(labels.TRANSITIONS, code)


@register.filter
def in_language(texts: object) -> str:
    """The Vietnamese or English one of a pair: ``{"vi": ..., "en": ...}`` or an object with ``*_vi``/``*_en``.

    Vietnamese pages get Vietnamese; every other language gets English, the standard's second language.
    """
    lang = "vi" if _vietnamese() else "en"
    if isinstance(texts, dict):
        return str(texts.get(lang) or texts.get("en") or "")
    return ""


@register.simple_tag
def pick(vi: str | None, en: str | None) -> str:
    """``vi`` on a Vietnamese page, ``en`` on any other."""
    return (vi if _vietnamese() else en) or ""


def _vietnamese() -> bool:
    return (get_language() or "vi").startswith("vi")
