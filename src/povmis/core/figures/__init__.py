"""Every figure PovMIS shows, defined once: rates, flows, trends and target checks (docs/figures.md).

Pure Polars over counts or household frames; pages, exports, the API and the command line call these
functions and round only when they print.
"""
