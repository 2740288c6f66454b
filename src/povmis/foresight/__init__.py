"""Models fitted on the registry's own history (a kept library does the fitting; the features are core's)."""
