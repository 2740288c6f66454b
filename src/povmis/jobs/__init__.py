"""Long work off the request: imports, classifications and exports run as jobs in a queue (docs/jobs.md)."""
