"""The household registry and the annual review: units, households, cycles, imports, audit."""
