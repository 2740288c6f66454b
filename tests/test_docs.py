"""Documentation that must not drift from the code: the survey layout and the commands."""

from __future__ import annotations

from pathlib import Path

import click

from povmis.cli import main
from povmis.core.documentation import questionnaire_markdown
from povmis.core.standard import load_standard

ROOT = Path(__file__).resolve().parents[1]


def test_the_committed_survey_layout_is_the_one_the_standard_generates() -> None:
    committed = (ROOT / "docs" / "questionnaire.md").read_text(encoding="utf-8")
    assert committed == questionnaire_markdown(load_standard("vn-2022-2025")), (
        "regenerate with: povmis standard questionnaire vn-2022-2025 -o docs/questionnaire.md"
    )


def _commands(group: click.Group, prefix: str) -> list[str]:
    names = []
    for name, command in group.commands.items():
        if command.hidden:
            continue
        full = f"{prefix} {name}"
        names.append(full)
        if isinstance(command, click.Group):
            names.extend(_commands(command, full))
    return names


def test_every_command_is_documented_in_the_readme_or_docs() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8") + "".join(
        path.read_text(encoding="utf-8") for path in sorted((ROOT / "docs").glob("*.md"))
    )
    assert [name for name in _commands(main, "povmis") if name not in text] == []
