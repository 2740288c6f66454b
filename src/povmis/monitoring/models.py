"""Counts behind the dashboard, written once per classification run; the fall-back risk scores; saved what-ifs.

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


class RiskScoring(models.Model):
    """One computation of the fall-back risk: the round scored, the rounds the model learnt from, its backtest.

    Written by ``povmis risk score`` or the job a stored classification queues, never by a page view;
    the pages show the latest scoring of the latest classified round.
    """

    year = models.PositiveIntegerField()  # the round whose not-poor households were scored
    trained_from = models.PositiveIntegerField()  # the first and last rounds t whose t -> t+1 it learnt
    trained_to = models.PositiveIntegerField()
    # The honest backtest on the last known transition (a model trained on the rounds before it); null
    # when the registry has too few rounds for one.
    backtest_year = models.PositiveIntegerField(null=True, blank=True)
    auc = models.FloatField(null=True, blank=True)
    baseline_auc = models.FloatField(null=True, blank=True)
    households = models.PositiveIntegerField()
    high_risk_from = models.FloatField()  # the lowest risk of the province's top decile
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-pk",)

    def __str__(self) -> str:
        return f"risk of {self.year} (trained {self.trained_from}-{self.trained_to})"


class HouseholdRisk(models.Model):
    """One household's risk of being poor at the next round, and the (up to three) factors that raise it most.

    A factor is a feature's name (core.foresight.features) with the household's own value, rendered in
    the reader's language on display (monitoring/risk_reasons.py); ``lacks`` holds the indicators the
    household is deprived in (comma-separated ids of the round's standard), for "still lacks clean water".
    """

    scoring = models.ForeignKey(RiskScoring, on_delete=models.CASCADE, related_name="households_scored")
    household = models.ForeignKey("registry.Household", on_delete=models.CASCADE, related_name="+")
    unit_path = models.CharField(max_length=200)
    household_class = models.CharField(max_length=20)
    risk = models.FloatField()
    high = models.BooleanField()  # in the top decile of the whole scoring
    factor_1 = models.CharField(max_length=40, blank=True)
    value_1 = models.FloatField(null=True, blank=True)
    factor_2 = models.CharField(max_length=40, blank=True)
    value_2 = models.FloatField(null=True, blank=True)
    factor_3 = models.CharField(max_length=40, blank=True)
    value_3 = models.FloatField(null=True, blank=True)
    lacks = models.CharField(max_length=400, blank=True)

    class Meta:
        indexes = (models.Index(fields=["scoring", "unit_path"], name="monitoring_risk_path"),)

    def __str__(self) -> str:
        return f"{self.household_id}: {self.risk:.3f}"


class SavedScenario(models.Model):
    """A what-if variant kept under a name: the what-if page's query, re-opened as it was saved.

    ``area`` is the saver's area when saving (a unit path, "" for everywhere): the scenario is shown
    to every user whose own area covers it, and deleted only by its owner. ``query`` always names a
    unit, so whoever re-opens it compares the same households, never a wider area.
    """

    name = models.CharField(max_length=120)
    owner = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="+")
    area = models.CharField(max_length=200)
    year = models.PositiveIntegerField()
    standard = models.CharField(max_length=50, blank=True)
    query = models.TextField()
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-saved_at", "-pk")

    def __str__(self) -> str:
        return self.name
