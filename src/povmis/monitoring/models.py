"""Counts behind the dashboard, written once per classification run, and the map's boundaries.

A province is half a million households a year: counting them on every page view would cost seconds.
A classification run's results do not change, so their counts are written once, per unit at every
level (province, district, commune), and a page reads a few hundred rows. ``unit_path`` is the unit's
path, so the same prefix filter that scopes households scopes these counts.
"""

from __future__ import annotations

from django.db import models


class Summary(models.Model):
    """The counts of this run have been written (a run is counted once, whoever asks first)."""

    run = models.OneToOneField("registry.ClassificationRun", on_delete=models.CASCADE, related_name="+")
    built_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"summary of run {self.run_id}"


class UnitFigure(models.Model):
    """Fields shared by the count tables: which run, which unit (its whole area), how many households."""

    run = models.ForeignKey("registry.ClassificationRun", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    unit = models.ForeignKey("units.AdminUnit", on_delete=models.CASCADE, related_name="+")
    unit_path = models.CharField(max_length=200)
    # Codes in the path: 1 for a province, 2 for a district, 3 for a commune (before July 2025).
    depth = models.PositiveSmallIntegerField()
    household_class = models.CharField(max_length=20, blank=True)
    households = models.PositiveIntegerField()

    class Meta:
        abstract = True


class UnitCount(UnitFigure):
    """Households by ethnic group and class (None: the survey did not say whether ethnic minority)."""

    ethnic_minority = models.BooleanField(null=True)

    class Meta:
        indexes = (models.Index(fields=["run", "unit_path"], name="monitoring_count_run_path"),)

    def __str__(self) -> str:
        return f"{self.unit_path} {self.year} {self.household_class}: {self.households}"


class UnitTransition(UnitFigure):
    """Households by how they moved since the previous review (core.transitions' labels)."""

    transition = models.CharField(max_length=40, blank=True)

    class Meta:
        indexes = (models.Index(fields=["run", "unit_path"], name="monitoring_move_run_path"),)

    def __str__(self) -> str:
        return f"{self.unit_path} {self.year} {self.transition}: {self.households}"


class UnitDeprivation(UnitFigure):
    """Households by class and exact set of deprivations (a JSON list, as stored on each result)."""

    deprived = models.TextField()

    class Meta:
        indexes = (models.Index(fields=["run", "unit_path"], name="monitoring_depr_run_path"),)

    def __str__(self) -> str:
        return f"{self.unit_path} {self.year} {self.deprived}: {self.households}"


class UnitFlow(UnitFigure):
    """One flow of the poor or near-poor stock since the previous review (core.figures.flows' names).

    ``household_class`` is the stock (poor, near_poor) and ``flow`` one of start, escaped, moved_out,
    ..., end, so that the stock-flow identity can be checked on any unit's rows.
    """

    flow = models.CharField(max_length=20)

    class Meta:
        indexes = (models.Index(fields=["run", "unit_path"], name="monitoring_flow_run_path"),)

    def __str__(self) -> str:
        return f"{self.unit_path} {self.year} {self.household_class} {self.flow}: {self.households}"


class Boundary(models.Model):
    """One unit's outline for the maps: a GeoJSON geometry, kept as text and sent to the page as is."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=10)
    geometry = models.TextField()

    class Meta:
        ordering = ("code",)

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
