"""The registry's API routes: units and reviews, households, corrections, imports and applications."""
