"""The `povmis` command: a thin shell over the core and the apps' services."""

from __future__ import annotations

import click

from povmis.commands.classify import classify
from povmis.commands.measure import measure
from povmis.commands.standard import standard


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="povmis")
def main() -> None:
    """PovMIS: poverty standards, household classification, the annual review and monitoring."""


main.add_command(classify)
main.add_command(standard)
main.add_command(measure)

# Further command groups register here, one line each.
