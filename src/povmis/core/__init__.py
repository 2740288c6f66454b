"""The pure core: poverty standards, classification and measures. Standard library and Polars only."""
