"""Support: deliveries recorded against the registry's households, and their reconciliation."""
