"""Programmes as data (their projects, indicators and expected disbursement path) and the figures of
their money: allocation, disbursement and carry-over, computed with Polars over plan lines and payments."""
