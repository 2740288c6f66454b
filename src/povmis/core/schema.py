"""Small checks used while reading a standard file; each error names the key and what is wrong."""

from __future__ import annotations

from typing import Any

LANGUAGES = ("vi", "en")


class StandardError(ValueError):
    """A standard file that cannot be used; the message names the file, the key and the fix."""


def expect(condition: bool, key: str, message: str) -> None:
    if not condition:
        raise StandardError(f"{key}: {message}")


def text(raw: Any, name: str, key: str) -> str:
    value = raw.get(name) if isinstance(raw, dict) else None
    expect(
        isinstance(value, str) and value.strip() != "",
        f"{key}.{name}" if key != name else key,
        "is required (a non-empty text)",
    )
    return str(value)


def optional_text(raw: dict[str, Any], name: str) -> str:
    value = raw.get(name)
    return str(value) if value is not None else ""


def labels(raw: Any, name: str, key: str) -> dict[str, str]:
    """A text in every language users work in (Vietnamese first, English)."""
    value = raw.get(name) if isinstance(raw, dict) else None
    where = f"{key}.{name}" if key != name else key
    if not isinstance(value, dict):
        raise StandardError(f"{where}: expected a mapping with {', '.join(LANGUAGES)}")
    for language in LANGUAGES:
        expect(
            isinstance(value.get(language), str) and bool(value[language]),
            f"{where}.{language}",
            "is required (a non-empty text)",
        )
    for language, label in value.items():
        # A comma inside an unquoted {vi: ..., en: ...} splits the text into a stray key: say so.
        expect(isinstance(label, str), f"{where}.{language}", "must be a text; quote texts that contain commas")
    return {str(lang): str(label) for lang, label in value.items()}
