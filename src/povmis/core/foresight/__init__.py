"""Looking ahead from the registry's own history: what a household's past says of its next review."""
