"""`povmis load_boundaries FILE`: the maps' district and commune outlines from a GeoJSON file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from povmis.units.boundaries import BoundaryFileError, load_boundaries


class Command(BaseCommand):
    help = "Load unit outlines for the monitoring maps from a GeoJSON file (properties: code, name, level)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = load_boundaries(options["file"])
        except BoundaryFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{count} outlines loaded")
