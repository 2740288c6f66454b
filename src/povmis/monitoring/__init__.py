"""Monitoring: poverty rates by year and unit, targets, deprivations, transitions and maps, each drilling down."""
