"""Support policies as dated data, each household's entitlements, and the reconciliation of deliveries."""
